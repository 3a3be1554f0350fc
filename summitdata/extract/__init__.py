"""Extraction of quotes and PLOVER events from cleaned articles.

`batch` runs the extractors over batches of articles (it imports them only when a process extracts);
`quotes` and `events` are the extractors; `lexicon` reads their word lists and tables from `data/lexicons/`.
This module only names the folders the extractors read, so importing it costs nothing.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR.parent.parent / "data"
REFERENCE_DIR = DATA_DIR / "reference"  # the actor index (people, tenures, aliases, places, countries)
LEXICON_DIR = DATA_DIR / "lexicons"  # the rules' word lists and tables
MODEL_DIR = DATA_DIR / "models"  # trained models the extractors load, when there are any
