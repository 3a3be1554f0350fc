"""Speakers: the people an article names, and the resolution of a speaker phrase to a person, role or body.

Speakers are resolved with the actor index (date-aware roles), with full names seen earlier in the article (for
surnames), with the most recent compatible subject or speaker (for he/she), or kept as written (role-only
speakers such as "analysts").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from summitdata.extract.quotes.bodies import LEDE_SENTENCES, Bodies
from summitdata.extract.quotes.cues import Cue, find_cues
from summitdata.extract.quotes.phrases import (
    MAIN_SUBJECT,
    NICKNAME_IN_NAME,
    RELATIVE_LEAD,
    ROLE_BRIDGE,
    ROLE_TAIL,
    TIME_TAIL,
    apposition_role,
    clean_np,
    comma_chunks,
    document_source,
    gender_of,
    is_title_token,
    main_chunk,
    name_like,
    plausible_np,
    role_like,
    split_apposition,
    title_role,
)
from summitdata.extract.quotes.sentences import Segment
from summitdata.extract.quotes.words import (
    COMMON_WORDS,
    DETERMINERS,
    NAME_PARTICLES,
    ORG_WORDS,
    PERSON_TITLES,
    PRONOUNS,
    ROLE_NOUNS,
    TIME_WORDS,
    TITLE_WORDS,
)
from summitdata.extract.text import ArticleText
from summitdata.link.actors import ActorIndex, Resolution
from summitdata.link.actors import normalize as _normalize

normalize = lru_cache(maxsize=1 << 16)(_normalize)  # the actor index's name normalisation, cached


@dataclass(frozen=True)
class Speaker:
    raw: str
    name: str | None = None
    actor_id: str | None = None
    qid: str | None = None
    role: str | None = None
    country: str | None = None
    gender: str | None = None



def from_resolution(raw: str, res: Resolution, role: str | None = None, gender: str | None = None) -> Speaker:
    return Speaker(raw, res.name, res.actor_id, res.qid, res.role or role, res.country, gender)


def speaker_confidence(speaker: Speaker | None, base: float) -> float:
    if speaker is None:
        return round(base * 0.6, 2)
    if speaker.name is None and speaker.raw.lower() in PRONOUNS:
        return round(base * 0.8, 2)
    return base


QUOTED_AS = re.compile(r"\b(?:(?:was|were|is|are|has been|have been)\s+)?quoted(?:\s+(?P<np>[^,;]{1,80}?))?\s+as\s*$")

OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}
HEAD_OF_SEAT = re.compile(r"(?:the\s+)?(?:head|chief|occupant|master)\s+of\s+(?P<seat>(?:the\s+)?[A-Z][\w'’. -]+)",
                          re.IGNORECASE)


class Article:
    """Per-article state: the text layer, the quote sentences, and the people met so far."""

    def __init__(self, layer: ArticleText, segments: list[Segment]) -> None:
        self.layer = layer
        self.text = layer.text
        self.masked = layer.masked
        self.published = layer.published
        self.segments = segments
        self.segment_starts = [s.start for s in segments]
        self.people: list[tuple[int, frozenset[str], Speaker]] = []  # (position, name parts, person)
        self.mentions: list[tuple[int, Speaker]] = []  # the known people the article names, in order
        self.speakers: list[tuple[int, Speaker]] = []  # named speakers of the quotes found so far
        self.subjects: dict[int, Speaker | None] = {}  # sentence index -> named subject (computed lazily)
        self.genders: dict[str, str] = {}  # name -> gender implied by an earlier he/she
        self.cues = find_cues(self.masked)
        self.cue_starts = [c.start for c in self.cues]
        self.resolutions: dict[str, Resolution | None] = {}
        self.introduced: dict[tuple[str, int], Speaker | None] = {}
        self.bodies: list[tuple[int, str]] | None = None  # the bodies the article names (computed lazily)
        self.labelled_paragraphs: int | None = None  # paragraphs opening with a transcript label (computed lazily)
        starts = layer.sentence_starts
        self.lede_end = starts[LEDE_SENTENCES] if len(starts) > LEDE_SENTENCES else len(self.text)

    def cues_in(self, start: int, end: int) -> list[Cue]:
        """The cue verbs within ``masked[start:end]``, with offsets relative to ``start``."""
        found = self.cues[bisect_left(self.cue_starts, start) : bisect_left(self.cue_starts, end)]
        return [Cue(c.start - start, c.end - start, c.word) for c in found if c.end <= end]

    def note(self, person: Speaker | None, position: int) -> None:
        """A person was named in full at ``position`` (surnames later refer back to them)."""
        parts = normalize(person.name or "").split() if person is not None else []
        if len(parts) > 1:
            self.people.append((position, frozenset(parts) - NAME_PARTICLES, person))

    def add_speaker(self, speaker: Speaker | None, position: int) -> None:
        if speaker is not None and speaker.name is not None:
            self.note(speaker, position)
            self.speakers.append((position, speaker))

    def earlier_person(self, token: str, position: int) -> Speaker | None:
        """The person last named in full before ``position`` with ``token`` as one of its names (first, middle
        or last: "Lula" of "Luiz Inácio Lula da Silva")."""
        key = normalize(token)
        for pos, parts, person in reversed(self.people):
            if pos < position and key in parts:
                return person
        return None


class Speakers:
    """Resolves speaker phrases in one article's sentences against the actor index."""

    ANTECEDENT_SENTENCES = 8  # how far back he/she may look

    def __init__(self, actors: ActorIndex, aliases: dict[str, set[str]]) -> None:
        self.actors = actors
        self.aliases = aliases  # actor id -> normalised alias surfaces
        self._country = lru_cache(maxsize=1 << 16)(actors.country)
        self._place = lru_cache(maxsize=1 << 16)(actors.place)
        self._bodies = Bodies(actors)

    def resolve(self, art: Article, mention: str) -> Resolution | None:
        if mention not in art.resolutions:
            art.resolutions[mention] = self.actors.resolve(mention, art.published)
        return art.resolutions[mention]

    def subject(self, art: Article, seg_start: int, verb_start: int) -> Speaker | None:
        """The speaker of a cue verb: the noun phrase before it, past intro phrases and appositions."""
        pre = TIME_TAIL.sub("", art.masked[seg_start:verb_start].rstrip())
        chunks = comma_chunks(pre)
        if not chunks:
            return None
        if pre.endswith(","):  # "Rob York, director of ..., told"
            main = main_chunk(chunks)
            if main is None:
                return None
            begin, chunk = main
            if not plausible_np(clean_np(chunk)):
                return None
            appos = pre[begin + len(chunk) :].strip(" ,")
            return self.speaker(art, f"{chunk}, {appos}" if appos else chunk, seg_start + begin)
        begin, chunk = chunks[-1]
        np = clean_np(chunk)
        if not np or re.search(r"(?:^|\s)(?:and|but)$", chunk.strip()):
            return self.main_subject(art, seg_start, verb_start)  # "... and called for"
        if not plausible_np(np):
            np = re.split(r"\s(?:and|but|while|whereas|as|after|when)\s", np)[-1]
        if plausible_np(np):
            return self.speaker(art, np, seg_start + begin + max(chunk.find(np), 0))
        end = re.search(r"(?:\b(?:he|she|they|we|I)|(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)$", np)
        return self.speaker(art, end.group(0), seg_start + begin) if end else None

    def _main_np(self, art: Article, seg_start: int, until: int) -> tuple[str, int] | None:
        """The leading noun phrase of the sentence's main clause (after intro phrases) and its position."""
        main = main_chunk(comma_chunks(art.masked[seg_start:until]))
        if main is None:
            return None
        begin, chunk = main
        chunk = RELATIVE_LEAD.sub("", chunk)
        m = MAIN_SUBJECT.match(chunk)
        if m is None:
            return None
        np = (m.group("name") or m.group(0)).strip()
        bridge = ROLE_BRIDGE.match(chunk, m.end("name")) if m.group("name") else None
        role = ROLE_TAIL.match(chunk, m.end("name")) if m.group("name") and not bridge else None
        if bridge or role:
            np = chunk[m.start("name") : (bridge or role).end()]
        return np, seg_start + begin + max(chunk.find(np), 0)

    def main_subject(self, art: Article, seg_start: int, until: int) -> Speaker | None:
        """The sentence's subject when it can speak: a person, a pronoun, a role or body, a country."""
        main = self._main_np(art, seg_start, until)
        subject = self.speaker(art, *main) if main else None
        if subject is None or subject.name or subject.country or role_like(subject.raw):
            return subject
        raw = subject.raw
        surname = " " not in raw and re.search(rf"\b{re.escape(raw.lower())}\b", art.text) is None  # "Liu", not "Hours"
        return subject if raw.lower() in PRONOUNS or surname else None

    def quoted_as(self, art: Article, seg_start: int, cue_start: int) -> Speaker | None:
        """Who speaks in "NTV quoted him as saying" (him, not NTV) and "Putin was quoted as saying" (Putin)."""
        quoted = QUOTED_AS.search(art.masked, seg_start, cue_start)
        if quoted is None:
            return None
        if quoted.group("np"):
            np = quoted.group("np")
            found = self.speaker(art, OBJECT_PRONOUNS.get(np.lower(), np), quoted.start("np"))
            return replace(found, raw=np) if found is not None else None
        return self.subject(art, seg_start, quoted.start())

    def participle_subject(self, art: Article, seg_start: int, cue_start: int) -> Speaker | None:
        """Who speaks in '..., warning that ...': the subject of the sentence's first finite cue, else its subject."""
        for cue in art.cues_in(seg_start, cue_start):
            if not cue.word.endswith("ing"):
                return self.subject(art, seg_start, seg_start + cue.start)
        return self.main_subject(art, seg_start, cue_start)

    def _segment_subject(self, art: Article, seg: Segment) -> Speaker | None:
        """The named person a sentence is about (its main subject), if any; pronouns are skipped."""
        if seg.index not in art.subjects:
            art.subjects[seg.index] = None  # while it is resolved, the sentence's own subject is not an antecedent
            main = self._main_np(art, seg.start, seg.end)
            person = None
            if main is not None and main[0].lower() not in PRONOUNS:
                person = self.speaker(art, *main)
            art.subjects[seg.index] = person if person is not None and person.name else None
        return art.subjects[seg.index]

    def _antecedent(self, art: Article, pronoun: str, position: int) -> Speaker | None:
        """The person he/she refers to: the latest compatible subject or quote speaker before it."""
        if pronoun.lower() not in {"he", "she"}:
            return None
        gender = PRONOUNS[pronoun.lower()]
        for person in self._recent(art, position):
            known = person.gender or art.genders.get(person.name or "")
            if known in (None, gender):
                art.genders.setdefault(person.name or "", gender)
                return person
        return None

    def _recent(self, art: Article, position: int) -> Iterator[Speaker]:
        """The quote speakers and named sentence subjects before ``position``, latest first, within
        ``ANTECEDENT_SENTENCES`` sentences."""
        current = bisect_right(art.segment_starts, position) - 1
        for index in range(current, max(current - self.ANTECEDENT_SENTENCES, -1), -1):
            seg = art.segments[index]
            candidates = [(p, s) for p, s in art.speakers if seg.start <= p < min(seg.end, position)]
            subject = self._segment_subject(art, seg) if seg.start < position else None
            if subject is not None:
                candidates.append((seg.start, subject))
            yield from (person for _, person in sorted(candidates, key=lambda c: -c[0]))

    # .............................................................. speaker resolution
    def speaker(self, art: Article, np: str, position: int) -> Speaker | None:
        """Resolve a speaker noun phrase as written (None when it cannot be a speaker)."""
        np = clean_np(np)
        if not np:
            return None
        head, appos = split_apposition(np)
        if head.lower() in COMMON_WORDS - set(PRONOUNS):
            return None
        body = self._body(art, head, position)
        if body is not None:
            return Speaker(np, name=body)
        source = document_source(head)  # "his statement on June 5": he
        if source is not None:
            found = self.speaker(art, source[0], position + source[1])
            if found is not None and (found.name or found.country):
                return replace(found, raw=np)
        if head.lower() in ("the former", "the latter"):  # the first or second of the last two people named
            named = [person for at, person in art.mentions if at < position and person.name]
            pair = list(dict.fromkeys(person.name for person in reversed(named)))[:2]
            if len(pair) == 2:
                wanted = pair[0] if head.lower() == "the latter" else pair[1]
                return replace(next(person for person in named if person.name == wanted), raw=np)
        if head.lower() in PRONOUNS:
            person = self._antecedent(art, head, position)
            return replace(person, raw=head) if person is not None else Speaker(head)
        if not re.search(r"\s(?:and|&)\s", head):  # "Kishida and Yoon" stays a group
            named = self._named(art, head, position, apposition_role(appos))
            if named is None and appos:
                named = self._named(art, appos, position, head)  # "Japan's prime minister, Fumio Kishida"
            if named is not None:
                return replace(named, raw=np)
            holder = self._office_holder(art, head, position) or self._role_antecedent(art, head, position)
            if holder is not None:
                return replace(holder, raw=np)
        if not (role_like(head) or name_like(head) or self._country_in(head)):
            return None
        return Speaker(np, country=self._country_in(np), gender=gender_of(np))

    def _body(self, art: Article, head: str, position: int) -> str | None:
        """The body whose leaders speak in ``head`` ("the SCO member states", "the leaders"), see `Bodies`."""
        if art.bodies is None:
            art.bodies = self._bodies.named(art.text)
        return self._bodies.speaker(head, position, art.bodies, art.lede_end)

    def _named(self, art: Article, head: str, position: int, role: str | None) -> Speaker | None:
        """The person named in ``head`` (titles and demonyms stripped); None for role-only phrases."""
        head = NICKNAME_IN_NAME.sub("", head)
        parts = re.split(r"\s+(?:of|for|at|from|with|to|on|in)\s+", head)
        title = parts[0].split()  # "Spokesman", "Deputy Head": a title alone before the preposition
        tail = parts[-1].split()[-2:] if len(parts) > 1 and 0 < len(title) <= 3 and all(
            t.lower() == "the" or (t[0].isupper() and t.lower().strip(".") in TITLE_WORDS) for t in title) else []
        if (len(tail) == 2 and all(name_like(t) and not is_title_token(t) for t in tail)
                and not (self._country(" ".join(tail)) or self._place(" ".join(tail)))
                and self._named(art, parts[0], position, role) is None):
            named = self._named(art, " ".join(tail), position, role or head.rsplit(" ", 2)[0])
            if named is not None:  # "Spokesman for the Russian Foreign Ministry Alexander Yakovenko"
                return named
        tokens = parts[0].split()
        run: list[str] = []
        for token in reversed(tokens):
            if not (name_like(token) or (run and token.lower() in NAME_PARTICLES)) or (
                    run and re.search(r"['’]s$", token)):
                break  # a possessor is no part of the name after it ("Kenya's Ruto")
            run.insert(0, token)
        if not run:
            return None
        run[-1] = re.sub(r"['’]s?$", "", run[-1])
        joined = " ".join(run)
        if self._country(joined) or self._place(joined):
            return None
        titles, name, country = self._strip_titles(run)
        cut = max((i + 1 for i, token in enumerate(name[:-1]) if is_title_token(token)), default=0)
        cut = max(cut, len(name) - 3)  # "InfoNation President Dan McDowell": a name follows the last title
        titles, name = titles + name[:cut], name[cut:]
        if not name or not self._looks_like_person(name):
            return None
        pre_words = tokens[: len(tokens) - len(run)]
        gender = gender_of(" ".join([*pre_words, *titles, role or ""]))
        written_role = role or title_role(pre_words + titles)
        if len(name) == 1:
            earlier = art.earlier_person(name[0], position) or self._introduced(art, name[0], position)
            if earlier is not None:
                return replace(earlier, gender=earlier.gender or gender)
        res = self.resolve(art, " ".join(titles + name))
        known = res is not None and normalize(" ".join(name)) in self.aliases.get(res.actor_id, set())
        if known and (len(name) > 1 or res.role is not None or (  # a bare surname must hold office that day,
                self.actors.alias_count(name[0]) == 1 and self.actors.held(res.actor_id, " ".join(titles)))):
            return from_resolution(head, res, written_role, gender)  # or name one actor by an office once held
        if len(name) == 1 and not {t.lower().strip(".") for t in titles} & PERSON_TITLES:
            return None  # a lone unknown capitalised word is more often an organisation than a person
        country = country or self._country_in(" ".join(pre_words)) or self._country_in(role)
        return Speaker(head, " ".join(name), role=written_role, country=country, gender=gender)

    def _office_holder(self, art: Article, head: str, position: int) -> Speaker | None:
        """The person an office stands for: "the Chinese president", "Japan's prime minister", "the president".

        With a country, the latest person of that country named before ``position`` who held that kind of
        office on the article's date, else the office's holder in the actor index on that date; without one,
        the latest holder of that kind of office among the recent speakers and subjects, else the only such
        person the article has named so far. Plural, former and deputy offices stand for nobody. "The head of"
        a seat of government ("the White House", "the Kremlin") is its country's president, else prime minister.
        """
        seat = HEAD_OF_SEAT.fullmatch(head)
        place = self._place(seat.group("seat")) if seat else None
        if place is not None and place[1]:  # "the head of the White House": its country's president, else premier
            country = place[0]
            title = "president" if self.actors.office_holder(country, "president", art.published) else "prime minister"
            words, category = title.split(), self.actors.office_category(title)
        else:
            title, words = head, [w.lower().strip(",.") for w in head.split()]
            category = self.actors.office_category(head)
            if category is None or not words or words[-1].endswith("s") or words[0] in {"former", "ex", "then"}:
                return None
            country = self._country_in(head)
        people = [(p, s) for p, s in art.speakers if p < position]
        people += [(p, s) for p, _, s in art.people if p < position]
        holders = [person for _, person in sorted(people, key=lambda c: -c[0])
                   if person.actor_id and self.actors.office_category(person.role or "") == category
                   and (country is None or person.country == country)]
        if country is None:  # the holder of that office last in focus, else the only one named so far
            recent = next((person for person in self._recent(art, position) if person.actor_id
                           and self.actors.office_category(person.role or "") == category), None)
            return recent or (holders[0] if len({h.actor_id for h in holders}) == 1 else None)
        if holders:
            return holders[0]
        res = self.actors.office_holder(country, title, art.published)
        if res is None and category == "hos" and "leader" in words:  # "Japan's leader": the head of government
            res = self.actors.office_holder(country, "prime minister", art.published)
        return from_resolution(head, res) if res is not None else None

    def _role_antecedent(self, art: Article, head: str, position: int) -> Speaker | None:
        """The named person a definite role stands for: "the foreign secretary" after "Foreign Secretary Vinay
        Kwatra said", "the spokeswoman" after "Mao Ning, a foreign ministry spokeswoman", "the incoming
        chairperson" after "incoming AU chairperson, Azali Assoumani"; the latest such person among the recent
        speakers and subjects."""
        words = head.lower().split()
        if len(words) < 2 or words[0] != "the" or not role_like(head) or words[-1].endswith("s"):
            return None
        role = " ".join(words[1:])
        titled = re.compile(rf"\b{re.escape(words[-1])}\W{{0,3}}$")  # "... chairperson, Azali Assoumani"
        named_after = {person.name for at, person in art.mentions
                       if at < position and titled.search(art.text[max(0, at - 40) : at].lower())}
        return next((person for person in self._recent(art, position) if person.name and (
            (person.role and re.search(rf"\b{re.escape(role)}$", person.role.lower()))
            or person.name in named_after)), None)

    def _introduced(self, art: Article, surname: str, position: int) -> Speaker | None:
        """A person outside the index named in full earlier ('Patrick Carlineo' for a later 'Carlineo')."""
        key = (surname, bisect_right(art.segment_starts, position))
        if key not in art.introduced:
            art.introduced[key] = self._find_introduction(art, surname, position)
        return art.introduced[key]

    def _find_introduction(self, art: Article, surname: str, position: int) -> Speaker | None:
        full_name = re.compile(rf"(?:[A-Z][\w'’-]*(?<!['’]s) ){{1,3}}{re.escape(surname)}\b")  # no possessor
        for m in full_name.finditer(art.masked, 0, position):  # the first full mention introduces the person
            _, name, _ = self._strip_titles(m.group(0).split())
            if len(name) > 1 and self._looks_like_person(name):
                full = " ".join(name)
                res = self.resolve(art, full)  # a known leader named in full ("Volodymyr Zelenskyy")
                known = res is not None and normalize(full) in self.aliases.get(res.actor_id, set())
                person = from_resolution(full, res) if known else Speaker(full, full)
                art.note(person, m.start())
                return person
        return None

    def _strip_titles(self, run: list[str]) -> tuple[list[str], list[str], str | None]:
        """Split ``South Korean Foreign Minister Park Jin`` into titles, name and the titles' country."""
        titles: list[str] = []
        country = None
        i = 0
        while i < len(run) - 1:
            for size in range(min(3, len(run) - 1 - i), 0, -1):
                code = self._country(re.sub(r"['’]s$", "", " ".join(run[i : i + size])))
                if code is not None:
                    country = country or code
                    titles += run[i : i + size]
                    i += size
                    break
            else:
                if not is_title_token(run[i]):
                    break
                titles.append(run[i])
                i += 1
        return titles, run[i:], country

    def _looks_like_person(self, name: list[str]) -> bool:
        lowered = [w.lower().strip(".") for w in name]
        if any(w in ORG_WORDS or w in TIME_WORDS for w in lowered):
            return False
        if len(name) == 1 and name[0].isupper() and len(name[0]) > 1:
            return False  # an acronym
        if lowered[0] in DETERMINERS or lowered[0] in ROLE_NOUNS or lowered[0] in TITLE_WORDS:
            return False
        joined = " ".join(name)
        return self._country(joined) is None and self._place(joined) is None

    def _country_in(self, phrase: str | None) -> str | None:
        """Country named in a phrase: name, demonym, or seat of government ('the White House')."""
        if not phrase:
            return None
        words = [re.sub(r"['’]s$", "", w.strip(",.")) for w in re.split(r"[\s-]+", phrase)]
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                chunk = " ".join(words[i : i + size])
                if not chunk[:1].isupper():
                    continue
                code = self._country(chunk)
                place = self._place(chunk) if code is None else None
                code = code or (place[0] if place and place[1] else None)
                if code is not None:
                    return code
        return None
