"""The extraction rules' word lists and tables: the YAML files of `data/lexicons/`, read once per process."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from summitdata.extract import LEXICON_DIR


@cache
def lexicon(name: str) -> dict[str, Any]:
    """The mapping in `data/lexicons/<name>.yaml`."""
    with (LEXICON_DIR / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
