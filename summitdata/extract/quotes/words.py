"""The quote extractor's vocabulary: cue verbs and speaker words from `data/lexicons/`, and the trie
alternations that turn a word list into a fast regular expression."""

from __future__ import annotations

from summitdata.extract.lexicon import lexicon, trie_regex

_CUES = lexicon("quote_cues")
_SPEAKERS = lexicon("speaker_words")
_DATES = lexicon("date_words")

# ------------------------------------------------------------------ cue verbs
SAY: list[str] = _CUES["say"]
THAT_VERBS: list[str] = _CUES["that_verbs"]
DIRECT_ONLY: list[str] = _CUES["direct_only"]
PARTIAL_ONLY: list[str] = _CUES["partial_only"]
INVERTED: list[str] = _CUES["inverted"]
TELLING = set(_CUES["telling"])
NOUN_PRONE = set(_CUES["noun_prone"])  # cue words that are often nouns

CUE_WORDS = SAY + THAT_VERBS + DIRECT_ONLY  # verbs that attribute a direct quote
PARTIAL_CUES = CUE_WORDS + PARTIAL_ONLY  # verbs whose subject speaks a partial quote
INDIRECT_CUES = set(SAY + THAT_VERBS) - set(_CUES["not_indirect"])  # verbs that report a clause
CUE_SINGLE = {w for w in PARTIAL_CUES if " " not in w}

# ------------------------------------------------------------------ speaker words
PRONOUNS: dict[str, str | None] = _SPEAKERS["pronouns"]
DETERMINERS = set(_SPEAKERS["determiners"])
SENTENCE_ADVERBS: list[str] = _SPEAKERS["sentence_adverbs"]
CLAUSE_START = DETERMINERS | set(_SPEAKERS["clause_start"])
STOP_IN_NP = set(_SPEAKERS["stop_in_np"])
INTRO_WORDS = set(_SPEAKERS["intro_words"])
TITLE_WORDS = set(_SPEAKERS["title_words"])
ROLE_NOUNS = set(_SPEAKERS["role_nouns"])
PERSON_ROLES = ROLE_NOUNS - set(_SPEAKERS["body_nouns"])
ORG_WORDS = set(_SPEAKERS["org_words"])
DOCUMENT_NOUNS = set(_SPEAKERS["document_nouns"])
GENDER_WORDS = {word: gender for gender, words in _SPEAKERS["gender_words"].items() for word in words}
NAME_PARTICLES = set(_SPEAKERS["name_particles"])
TIME_WORDS = {w.lower() for w in _DATES["weekdays"] + _DATES["months"]} | set(_DATES["deictic_days"])
COMMON_WORDS = (  # words capitalised only at a sentence start
    INTRO_WORDS | DETERMINERS | CLAUSE_START | set(PRONOUNS) | set(_SPEAKERS["common_words"])
)
SMALL_WORDS = set(_SPEAKERS["small_words"])
GAP_OK = TIME_WORDS | set(_SPEAKERS["gap_ok"])  # words that may sit between a verb and its "that"
NOT_CLAUSE_END = set(_SPEAKERS["not_clause_end"])
PERSON_TITLES = set(_SPEAKERS["person_titles"])  # a title that makes a lone surname a person
HONORIFICS = set(_SPEAKERS["honorifics"])
SECTION_LABELS = set(_SPEAKERS["section_labels"])  # "WATCH:", "UPDATE:": no transcript speaker


def any_of(words: set[str]) -> str:
    return rf"{trie_regex(sorted(words))}\b"
