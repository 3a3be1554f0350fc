"""Imported once by the worker server (`summitdata.stages`), before it forks any worker.

Besides the modules of every stage, it builds both extractors (the spaCy pipelines and the actor
index, about 1 s and 11 MB) and loads GeoNames' cities (about 1 s and 110 MB, shared by the workers
rather than loaded by each): the workers of every stage then start ready. Workers build tables
from plain rows only, so pyarrow is kept from importing pandas (0.5-0.9 s and about 60 MB).
"""

from summitdata import clean, steps  # noqa: F401
from summitdata.extract import batch
from summitdata.extract.events import gazetteer
from summitdata.parquet_io import arrow_without_pandas
from summitdata.processes import die_with_parent

die_with_parent()  # the server ends with the run, even a killed one; its workers then end with it
arrow_without_pandas()

batch.extraction()
gazetteer.city_country("")
