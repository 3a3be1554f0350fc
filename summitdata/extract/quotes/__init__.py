"""Quote extraction: direct, partial and indirect quotes in article text, with their speakers.

Modules: `words` (the vocabulary from `data/lexicons/`), `marks` (quotation marks and masking), `sentences`
(the spaCy pipeline and sentence segments), `cues` (cue verbs and attribution patterns), `phrases` (speaker noun
phrases), `speakers` (resolution of speakers to people) and `extractor` (`QuoteExtractor`).
"""

from summitdata.extract.quotes.extractor import QuoteExtractor
from summitdata.store.records import Quote

__all__ = ["Quote", "QuoteExtractor"]
