"""Collective speakers: the leaders of a body that meets and speaks as one (SCO, ASEAN, the G7, the EU).

"The leaders of the Group of Seven", "the SCO member states" and, in an article whose opening names the body,
"the leaders", "they" or "the declaration" speak for the body's leaders together; the speaker is named
"<body> leaders" (the body's code as news writes it, "EU" for the coder's EUU, or its group name for the G7, G20
and Quad).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from summitdata.extract.lexicon import lexicon, trie_regex
from summitdata.link.actors import ActorIndex

_WORDS = lexicon("speaker_words")
_GROUPS = lexicon("actor_groups")["groups"]
COLLECTIVE = re.compile(rf"^(?:the\s+)?(?:\w+\s+)?{trie_regex(sorted(_WORDS['collective_nouns']))}\b", re.IGNORECASE)
BODY_DOCUMENT = re.compile(rf"^(?:the|their|its)\s+(?:\w+\s+)?{trie_regex(sorted(_WORDS['body_documents']))}$",
                           re.IGNORECASE)
LEDE_SENTENCES = 3  # a body named this early is what the article is about


class Bodies:
    """Finds the bodies named in a text and names a collective speaker after one."""

    def __init__(self, actors: ActorIndex) -> None:
        forms = dict(actors.bodies())
        forms |= {form: key for key, group in _GROUPS.items() for form in [key, *group["names"]]}
        self.codes = {form.lower(): code for form, code in forms.items()}
        surfaces: dict[str, list[str]] = {}
        for form, code in forms.items():
            surfaces.setdefault(code, []).append(form)
        # a body's name in "<name> leaders": its code when news writes it ("ASEAN"), else its shortest one-word
        # form ("EU" for the coder's EUU)
        self.names = {code: code if code in found else min((f for f in found if " " not in f), key=len, default=code)
                      for code, found in surfaces.items()}
        self.acronyms = {form.lower() for form in forms if form.isupper()}  # named only as written: "AU", not "au"
        self.pattern = re.compile(rf"(?<![\w-])(?:{trie_regex(sorted(self.codes))})(?![\w-])", re.IGNORECASE)

    def named(self, text: str) -> list[tuple[int, str]]:
        """``(position, code)`` of each body named in the text."""
        return [(m.start(), self.codes[m.group(0).lower()]) for m in self.pattern.finditer(text)
                if m.group(0).isupper() or m.group(0).lower() not in self.acronyms]

    def speaker(self, phrase: str, position: int, named: list[tuple[int, str]], lede_end: int) -> str | None:
        """The body whose leaders a speaker phrase stands for, as "<code> leaders"; None when it names none.
        A collective phrase naming a body is that body's leaders; a bare one ("the leaders", "they", "the
        declaration") is the first body the article's opening names (what the article is about)."""
        collective = COLLECTIVE.match(phrase)
        inside = self.named(phrase)
        if inside:
            return f"{self.names[inside[0][1]]} leaders" if collective else None
        bare = (collective and collective.end() == len(phrase)) or BODY_DOCUMENT.match(phrase)
        if not bare and phrase.lower() != "they":
            return None
        lede = named[: bisect_left(named, (min(position, lede_end), ""))]
        return f"{self.names[lede[0][1]]} leaders" if lede else None

    def code(self, name: str) -> str | None:
        """The body a whole name stands for ("ASEAN", "SCO leaders", "the Group of Seven"), else None."""
        name = re.sub(r"^the\s+|\s+leaders$", "", name.strip(), flags=re.IGNORECASE)
        found = self.named(name)
        return found[0][1] if len(found) == 1 and self.pattern.fullmatch(name) else None
