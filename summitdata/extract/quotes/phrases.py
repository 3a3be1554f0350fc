"""Noun phrases before and after cue verbs: which phrase can be a speaker, its apposition, title and role.

The word sets come from `data/lexicons/speaker_words.yaml` (through `words`); the patterns are grammar.
"""

from __future__ import annotations

import re

from summitdata.extract.marks import MASK
from summitdata.extract.quotes.words import (
    COMMON_WORDS,
    CUE_SINGLE,
    DETERMINERS,
    DOCUMENT_NOUNS,
    GENDER_WORDS,
    HONORIFICS,
    INTRO_WORDS,
    NAME_PARTICLES,
    PERSON_ROLES,
    PRONOUNS,
    ROLE_NOUNS,
    SENTENCE_ADVERBS,
    SMALL_WORDS,
    STOP_IN_NP,
    TIME_WORDS,
    TITLE_WORDS,
    any_of,
)

RELATIVE_LEAD = re.compile(
    r"^(?:and|but|then|so|also|which|who|as|while|where|when|whom|that|including|especially|notably|even)\s+", re.I
)
RELATIVE_TAIL = re.compile(r"\s+(?:who|which|that|whom)$")
TRAILING_ADVERBS = re.compile(rf"(?:,?\s+(?:{'|'.join(SENTENCE_ADVERBS)}))+,?$")
TIME_TAIL = re.compile(
    r"(?:\s+(?:on|last|this|next|earlier|late|early)\s+[A-Za-z]+|\s+(?:today|yesterday|again|also|later|then|earlier"
    r"|previously|once|further|always|never|often|still|already|just|even|now|[a-z]+ly|has|have|had|was|is|would"
    r"|will|did|does))+\s*$"
)  # adverbs and auxiliaries between a subject and its verb
ADJUNCT = re.compile(r"\s+(?:in|on|at|during|after|before|when|as|while|last|this|earlier|yesterday|today|who)\s")
TRAILING_ADJUNCT = re.compile(r",\s+(?:in|on|at|during|after|before|according|adding|citing|who|which)\b")
MAIN_SUBJECT = re.compile(
    r"(?P<pro>[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)\b"
    r"|(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[a-z][\w-]*\s+){0,2}"
    r"(?P<name>(?:[A-Z][\w'’.-]*\s+(?:[“\"‘'][A-Z][\w.'’-]*[”\"’']\s+)?){0,4}[A-Z][\w'’.-]*)"
    r"|(?:(?:[Tt]he|[Aa]n?|[Ss]ome|[Mm]any|[Ss]everal|[Tt]wo|[Tt]hree|[Oo]ther)\s+)?(?:[\w'’-]+\s+){0,3}"
    rf"{any_of(ROLE_NOUNS)}"
)  # the leading noun phrase of a clause: a pronoun, a name (after a few lowercase words) or a role
ARTICLE_PREFIX = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|ud|ul)-[A-Z]")  # Arabic names: "el-Sisi"
NICKNAME_IN_NAME = re.compile(r"\s[“\"‘'][A-Z][\w.'’-]*[”\"’'](?=\s)")  # 'Joko “Jokowi” Widodo'
ROLE_BRIDGE = re.compile(
    rf"(?:\s+(?:[a-z]+(?:man|woman|person|er|or|ist|ant|ent|ary|ian)|{any_of(PERSON_ROLES)})){{1,3}}"
    r"\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
)  # lowercase role words between a capitalised qualifier and a name ("White House spokeswoman Ann Lee")
ROLE_TAIL = re.compile(
    rf"(?:\s+{any_of(PERSON_ROLES)})+(?:\s+(?:to|of|for|at|in)\s+(?:the\s+)?[A-Z][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*)*)?(?=[\s,]|$)"
)  # a role after a possessive or demonym ("China's ambassador to Britain")
PERSON_NOUN = re.compile(r"[a-z-]+(?:er|or|ist|man|woman|men|women|person|people|ian|ant|ee|ess|ary)s?")
PARTICIPLE = re.compile(r"[A-Z][a-z]{2,}ing")  # "Hosting Cook at ..." opening a sentence


def has_words(text: str) -> bool:
    return re.search(r"[^\W_]", text.replace(MASK, "")) is not None


def name_like(token: str) -> bool:
    """Whether a word can start a name: capitalised, or an article prefix before a capital ("el-Sisi", "al-Assad")."""
    return token[:1].isupper() or ARTICLE_PREFIX.match(token) is not None


def title_like(content: str) -> bool:
    """A quoted name or title: every significant word capitalised (one or two words if punctuated)."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", content)
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
    if not significant:
        return False
    capitalised = all(w[0].isupper() for w in significant)
    if content.rstrip().endswith((".", "!", "?", ",")):
        return capitalised and len(significant) <= 2
    return capitalised


def comma_chunks(pre: str) -> list[tuple[int, str]]:
    chunks, pos = [], 0
    for part in pre.split(","):
        if part.strip():
            chunks.append((pos, part))
        pos += len(part) + 1
    return chunks


def _is_intro(chunk: str) -> bool:
    words = chunk.split()
    if not words or MASK in chunk:
        return True
    first = words[0].lower()
    if first in INTRO_WORDS or first in TIME_WORDS:
        return True
    second = words[1] if len(words) > 1 else ""
    participle = re.fullmatch(r"[A-Z][a-z]+(?:ing|ed)", words[0]) is not None  # "Asked about ...,"
    return participle and second[:1].islower() and second not in NAME_PARTICLES


def main_chunk(chunks: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The first comma-separated chunk that is not an intro phrase ('In Seoul,', 'Asked about X,')."""
    for i, (begin, chunk) in enumerate(chunks):
        if i < len(chunks) - 1 and _is_intro(chunk):
            continue
        if MASK in chunk:
            return None
        return begin + len(chunk) - len(chunk.lstrip()), chunk.strip()
    return None


def clean_np(np: str) -> str:
    np = RELATIVE_LEAD.sub("", np[np.rfind(MASK) + 1 :].strip(" ,;—–-"))  # only what follows a quotation
    np = re.sub(r"(?<=[a-z]{4})\.$", "", np)  # a sentence's full stop, not "Jr." or "U.S."
    np = TRAILING_ADVERBS.sub("", np)  # "Trump also, however, expressed optimism"
    return RELATIVE_TAIL.sub("", TIME_TAIL.sub("", np)).strip(" ,")


def plausible_np(np: str) -> bool:
    """Whether a phrase can be a speaker: short, starts like a noun phrase, no clause words."""
    words = np.split()
    if not words or len(words) > 12:
        return False
    first = words[0].lower()
    if first in {"it", "this", "that", "there", "what"} or (first in INTRO_WORDS and first not in DETERMINERS):
        return False
    if not (first in PRONOUNS or first in DETERMINERS or first in ROLE_NOUNS or name_like(words[0])):
        return False
    if words[-1].lower() in {"by", "to", "of", "for", "with", "at", "in", "on", "from", "about", "and", "or"}:
        return False
    return not any(w.lower() in STOP_IN_NP or w.lower() in CUE_SINGLE for w in words)


DOCUMENT_SOURCE = re.compile(  # "his statement on June 5", "the remarks made by X", "Putin's speech"
    rf"(?:(?P<pronoun>his|her)\s+|(?P<owner>(?:[A-Z][\w.'’-]*\s+){{0,3}}[A-Z][\w.'’-]*)['’]s?\s+"
    rf"|(?:the|a|an)\s+)?(?:[\w-]+\s+){{0,2}}?{any_of(DOCUMENT_NOUNS)}"
    r"(?:\s+for\s+[\w-]+(?:\s+[\w-]+)?)?(?:\s+that\s+(?:was|were|had\s+been|has\s+been))?"  # "for Thursday that was"
    r"(?:\s+(?:(?:made|issued|released|given|delivered|posted|published)\s+)?(?:by|from|of)\s+(?P<by>[^,]+?))?"
    r"(?:\s+(?:on|in|at|after|following|during|last|this|earlier)\b.*)?",
    re.I,
)


def document_source(np: str) -> tuple[str, int] | None:
    """The person a document stands for as a source ("his statement": "his"; "the remarks made by Cyril
    Ramaphosa following the meeting": "Cyril Ramaphosa") and where that name starts in `np`."""
    m = DOCUMENT_SOURCE.fullmatch(np)
    if m is None:
        return None
    if m.group("pronoun"):
        return {"his": "he", "her": "she"}[m.group("pronoun").lower()], m.start("pronoun")
    for group in ("owner", "by"):
        if m.group(group):
            return m.group(group), m.start(group)
    return None


def split_apposition(np: str) -> tuple[str, str | None]:
    head, _, rest = np.partition(",")
    return head.strip(), (rest.strip(" ,") or None)


def apposition_role(appos: str | None) -> str | None:
    """The role an apposition states ('director of X'), None for clauses ('who ...', 'in turn')."""
    if not appos:
        return None
    first = appos.split()[0].lower()
    if first in INTRO_WORDS or first in {"who", "which", "whose", "whom", "turn"} or first.endswith("ing"):
        return None
    if first[:1].isdigit() or first in {"too", "meanwhile", "however", "though"}:
        return None  # "Maria Lopez, 54," / "Brown, however,"
    return re.sub(r"^(?:the|a|an)\s+", "", appos, flags=re.I)


def inverted_np(np: str) -> str:
    """The speaker after an inverted cue (``said Rob York, director of ...``) without trailing adjuncts."""
    head, _, rest = np.partition(",")
    head = ADJUNCT.split(head)[0]
    rest = TRAILING_ADJUNCT.split(rest.strip())[0]  # "..., a market analyst at Oanda, in a note"
    return f"{head}, {rest}".strip(" ,") if apposition_role(rest) else head.strip(" ,")


def is_title_token(token: str) -> bool:
    """A capitalised word before a name that is not part of it: title, acronym, possessive, common word."""
    word = token.lower().strip(".")
    return (
        word in TITLE_WORDS
        or (word.endswith("s") and word[:-1] in TITLE_WORDS)  # "Presidents Donald Trump and Vladimir Putin"
        or word in COMMON_WORDS
        or re.search(r"['’]s$", word) is not None  # "NASA's Steve Clarke"
        or (len(token) > 1 and token.isupper())  # "CEO Marc Benioff"
        or PARTICIPLE.fullmatch(token) is not None  # "Hosting Cook at ..."
    )


def title_role(words: list[str]) -> str | None:
    words = [w for w in words if w.lower() not in DETERMINERS and w.lower().strip(".") not in HONORIFICS]
    if not any(w.lower().strip(".") in TITLE_WORDS - {"the"} or w.lower() in PERSON_ROLES for w in words):
        return None
    return " ".join(words) or None


def gender_of(phrase: str | None) -> str | None:
    for word in re.findall(r"[a-z]+", (phrase or "").lower()):
        if word in GENDER_WORDS:
            return GENDER_WORDS[word]
    return None


def role_like(np: str) -> bool:
    """Whether a phrase names people or a body by its role ('officials', "Ford's father", 'the ministry')."""
    words = [re.sub(r"['’]s$", "", w.lower().strip(",.")) for w in np.split()]
    singular = {re.sub(r"s$", "", w) for w in words}
    return bool(words) and (bool((set(words) | singular) & ROLE_NOUNS) or PERSON_NOUN.fullmatch(words[-1]) is not None)


def personal(raw: str) -> bool:
    words = [re.sub(r"['’]s$", "", w.lower()) for w in raw.split()]
    return bool(words) and (words[0] in PRONOUNS or any(w in PERSON_ROLES or w[:-1] in PERSON_ROLES for w in words))
