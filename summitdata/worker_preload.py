"""Imported once by the worker server (`summitdata.stages`), before it forks any worker.

Besides the modules of every stage, it builds both extractors (the spaCy pipelines and the actor
index, about 1 s and 11 MB), and imports pandas, which pyarrow imports on its first `pa.array`
(about 0.5 s in each worker otherwise): the workers of every stage then start ready.
"""

import pandas  # noqa: F401

from summitdata import clean, nlp, steps  # noqa: F401

nlp.event_extractor()
nlp.quote_extractor()
