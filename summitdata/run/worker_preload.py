"""Imported once by the worker server (`summitdata.store.stages`), before it forks any worker.

Besides the modules of every stage, it builds both extractors (the spaCy pipelines and the actor
index, about 1 s and 11 MB) and loads GeoNames' cities (about 1 s and 110 MB, shared by the workers
rather than loaded by each): the workers of every stage then start ready. Workers build tables
from plain rows only, so pyarrow is kept from importing pandas (0.5-0.9 s and about 60 MB).
"""

import os

from summitdata.run.processes import WORKER_SERVER_PARENT, die_with_parent

# the server ends with the run, even a killed one, also when the run ends during the imports below; its
# workers then end with it
die_with_parent(int(os.environ.get(WORKER_SERVER_PARENT, "0")))

from summitdata.clean import clean  # noqa: E402, F401
from summitdata.extract import batch  # noqa: E402
from summitdata.extract.events import gazetteer  # noqa: E402
from summitdata.steps import clean as clean_step  # noqa: E402, F401
from summitdata.steps import extract, publish, summits  # noqa: E402, F401
from summitdata.store.parquet_io import arrow_without_pandas  # noqa: E402

arrow_without_pandas()

batch.extraction()
gazetteer.city_country("")
