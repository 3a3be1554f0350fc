"""`python -m summitdata.quality FOLDER`: the process of a `summitdata.quality.Validator`.

Great Expectations imports `scipy.stats` for three distribution expectations that no suite here
uses (`summitdata.quality.suites`); importing it costs 1.5 s and 55 MB of the checks' process. The
module is registered to load on first use instead. GX also imports SQLAlchemy where it is installed
(Dagster installs it), for SQL data sources; these suites validate pandas frames, and GX runs
without it, so it is not imported here (0.5 s and 20 MB). Then `summitdata.quality.validate` serves
the request. Once it has, the process ends at once: Python's own shutdown would free every object of
GX and pandas one by one first, which the caller would wait for.
"""

import importlib.util
import os
import sys


def defer_import(name: str) -> None:
    """Register submodule `name` so that it loads when one of its attributes is first used."""
    parent, _, child = name.rpartition(".")
    package = importlib.import_module(parent)
    spec = importlib.util.find_spec(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    setattr(package, child, module)  # `from scipy import stats` then takes it as it is


if __name__ == "__main__":
    from summitdata.run.processes import die_with_parent

    die_with_parent()  # a killed run leaves no checks' process writing Data Docs beside the next run
    defer_import("scipy.stats")
    sys.modules["sqlalchemy"] = None  # an `import sqlalchemy` now raises ImportError, which GX expects
    from summitdata.quality.validate import main

    main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # the Data Docs are written: skip freeing GX's objects one by one (about 1 s)
