"""PLOVER events measured on real text: the event dev set's loader and sentence-level scores of the coder.

The dev set (`data/dev/events/`) labels every story sentence of each page with its events (`load_dev_set`);
`summitdata.evaluate.dev_sets.predict(pages, "events")` runs the event coder on the texts in-process, and `evaluate`
compares the two sentence by sentence:

- each predicted event belongs to the gold sentence whose ``[start, end)`` holds its ``start_char`` (the start
  of the coder's sentence; a CONSULT merged across sentences keeps the one of the mention it was folded into).
  An event in no gold sentence (a headline, a caption, a dateline) is counted as *outside* and not scored;
- a gold event is *found* when its sentence has a predicted event of its type; a predicted event is *right*
  when its type is one of its sentence's gold types. Recall is given over the cooperation types and per
  type, precision over all predicted events in gold sentences;
- two false-alarm rates: sentences whose gold events are all of conflict types and that get a predicted
  cooperation event, and sentences with no gold event that get any predicted event;
- each found gold event is paired with the predicted event of its type in its sentence that agrees best on
  actors, and the pairs' actors, recipients and flags are compared. Gold actors become the coder's codes
  (`gold_codes`). The coder's ``is_future`` also marks the hypothetical, so it is compared with gold
  ``future or hypothetical``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from summitdata.evaluate.dev_sets import Page, check_first_words, load_pages
from summitdata.evaluate.quotes import short_repr
from summitdata.extract import REFERENCE_DIR
from summitdata.link.actors import organisation_codes

__all__ = ["CONFLICT", "COOPERATION", "EventReport", "evaluate", "gold_codes", "load_dev_set", "uncoded"]

COOPERATION = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT")
CONFLICT = ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
FLAGS = (("future", "is_future"), ("historical", "is_historical"), ("negated", "is_negated"))
# gold codes the coder spells otherwise: Kosovo (the manual's KOS), the EU (a country row of the actor index)
CODER_CODES = {"KOS": "XKX", "EU": "EUU"}


def load_dev_set(gold_path: str | Path, texts: str | Path, split: str = "all") -> list[Page]:
    """Pages of the event gold (one line per sentence: ``sent_id``, ``page_id``, ``start``, ``end``,
    ``first_words``, ``events``) with their texts and dates (`summitdata.evaluate.dev_sets.load_pages`); a page's gold
    is its sentences in text order. ValueError when a sentence does not start with its ``first_words``."""

    def gold(page_id: str, text: str, rows: list[dict]) -> list[dict]:
        for row in rows:
            if not {"sent_id", "start", "end", "first_words", "events"} <= row.keys():
                raise ValueError(f"{gold_path}: the lines of {page_id} are not sentences with events (an event gold "
                                 "has sent_id, start, end, first_words and events)")
            check_first_words(page_id, text, row["start"], row["first_words"])
        return sorted(rows, key=lambda row: row["start"])

    return load_pages(gold_path, texts, split, gold)


def gold_codes(entities: list[dict]) -> set[str]:
    """The codes the coder would give these gold actors (or recipients): the ``country``, else the ``org``
    (upper-cased, as `data/reference/organisations.csv` spells them: IsDB -> ISDB). Kosovo and the EU are spelt
    the coder's way (`CODER_CODES`); a group the coder expands into its member states (G7, G20, Quad:
    `data/lexicons/actor_groups.yaml`) becomes those states. An organisation the coder has no code for keeps
    the gold's, so it never matches (`uncoded`)."""
    groups = _groups()
    codes: set[str] = set()
    for entity in entities:
        code = entity.get("country") or entity.get("org") or ""
        if not entity.get("country") and code in groups:
            codes.update(groups[code])
        elif code:
            codes.add(CODER_CODES.get(code, code.upper()))
    return codes


def uncoded(entities: list[dict]) -> bool:
    """Whether these gold actors include an organisation the coder has no code for (one not in
    `data/reference/organisations.csv`, nor a group of states)."""
    known = organisation_codes(REFERENCE_DIR) | set(CODER_CODES) | set(_groups())
    return any(not e.get("country") and e.get("org") and e["org"].upper() not in known for e in entities)


@cache
def _groups() -> dict[str, list[str]]:
    from summitdata.extract.lexicon import lexicon

    return {name: group["members"] for name, group in lexicon("actor_groups")["groups"].items()}


@dataclass
class EventReport:
    """Counts of one evaluation, with the per-sentence error listing."""

    pages: int = 0
    sentences: int = 0
    gold: Counter = field(default_factory=Counter)  # gold events per type
    found: Counter = field(default_factory=Counter)  # gold events whose sentence has a predicted event of the type
    predicted: Counter = field(default_factory=Counter)  # predicted events in gold sentences per type
    right: Counter = field(default_factory=Counter)  # predicted events whose type is among the sentence's gold types
    outside: int = 0  # predicted events in no gold sentence
    conflict_only: list[int] = field(default_factory=lambda: [0, 0])  # [given a cooperation type, sentences]
    no_event: list[int] = field(default_factory=lambda: [0, 0])  # [given any event, sentences]
    actors: Counter = field(default_factory=Counter)  # pairs: scored, exact, superset, overlap, implied, uncoded
    recipient: Counter = field(default_factory=Counter)  # pairs: none, none_right, named, named_right
    flags: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name, _ in FLAGS})
    failed: dict[str, str] = field(default_factory=dict)
    failed_sentences: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)  # sentence id (or page id) -> lines

    @property
    def pairs(self) -> int:
        return sum(self.found.values())

    def recall(self, types: tuple[str, ...]) -> tuple[int, int]:
        return sum(self.found[t] for t in types), sum(self.gold[t] for t in types)

    def precision(self, types: tuple[str, ...] = COOPERATION + CONFLICT) -> tuple[int, int]:
        return sum(self.right[t] for t in types), sum(self.predicted[t] for t in types)

    def summary(self) -> str:
        coop, conf = self.recall(COOPERATION), self.recall(CONFLICT)
        lines = [
            f"pages {self.pages}, sentences {self.sentences} ({self.sentences - self.no_event[1]} with events); "
            f"gold events {sum(self.gold.values())} (cooperation {coop[1]}, conflict {conf[1]}); predicted "
            f"{sum(self.predicted.values())} in gold sentences, {self.outside} outside them",
        ]
        if self.failed:
            lines.append(f"event coder failed on {len(self.failed)} pages: {', '.join(sorted(self.failed))} "
                         f"(their {self.failed_sentences} sentences count as having no predicted event)")
        lines += [
            f"cooperation-type recall {_rate(*coop)}: "
            + ", ".join(f"{t} {self.found[t]}/{self.gold[t]}" for t in COOPERATION if self.gold[t]),
            f"conflict-type recall    {_rate(*conf)}: "
            + ", ".join(f"{t} {self.found[t]}/{self.gold[t]}" for t in CONFLICT if self.gold[t]),
            f"type precision {_rate(*self.precision())}; cooperation types {_rate(*self.precision(COOPERATION))}, "
            f"conflict types {_rate(*self.precision(CONFLICT))}",
            f"conflict-only sentences given a cooperation type {_rate(*self.conflict_only)}",
            f"no-event sentences given an event {_rate(*self.no_event)}",
            f"{'type':<10} {'gold':>5} {'found':>5} {'pred':>5} {'right':>5}",
        ]
        lines += [f"{t:<10} {self.gold[t]:>5} {self.found[t]:>5} {self.predicted[t]:>5} {self.right[t]:>5}"
                  for t in COOPERATION + CONFLICT if self.gold[t] or self.predicted[t]]
        a, r = self.actors, self.recipient
        lines += [
            f"found pairs (a gold event, the predicted event of its type in its sentence) {self.pairs}",
            f"  actors, over the {a['scored']} pairs with a named gold actor ({a['implied']} implied ones not scored; "
            f"{a['uncoded']} have an organisation the coder has no code for)",
            f"    exact {_rate(a['exact'], a['scored'])}, predicted include gold {_rate(a['superset'], a['scored'])}, "
            f"overlap >= 1 {_rate(a['overlap'], a['scored'])}",
            f"  recipient {_rate(r['none_right'] + r['named_right'], self.pairs)}: gold none, predicted none "
            f"{r['none_right']}/{r['none']}; gold named, predicted one of them {r['named_right']}/{r['named']}",
        ]
        for name, counts in self.flags.items():
            lines.append(f"  {name:<10} agree {_rate(counts['agree'], self.pairs)}; gold {counts['gold']}, "
                         f"predicted {counts['coder']}, both {counts['both']}")
        return "\n".join(lines)

    def error_listing(self) -> str:
        """Every sentence whose gold and predicted types differ or whose found pairs disagree, the events
        outside gold sentences per page, and the pages the coder failed on."""
        blocks = [f"{key}\n" + "\n".join(f"  {line}" for line in lines) for key, lines in self.errors.items()]
        blocks += [f"{page}\n  event coder failed: {error}" for page, error in sorted(self.failed.items())]
        return "\n\n".join(blocks)

    # ------------------------------------------------------------------ one sentence
    def add_sentence(self, sentence: dict, predicted: list[dict]) -> None:
        gold = sentence["events"]
        gold_types, predicted_types = {g["type"] for g in gold}, {e["event_type"] for e in predicted}
        self.sentences += 1
        self.gold.update(g["type"] for g in gold)
        self.predicted.update(e["event_type"] for e in predicted)
        self.right.update(e["event_type"] for e in predicted if e["event_type"] in gold_types)
        if not gold:
            self.no_event[0] += bool(predicted)
            self.no_event[1] += 1
        elif gold_types <= set(CONFLICT):
            self.conflict_only[0] += bool(predicted_types & set(COOPERATION))
            self.conflict_only[1] += 1
        problems = [f"missed {t}" for t in sorted(gold_types - predicted_types)]
        problems += [f"spurious {t}" for t in sorted(predicted_types - gold_types)]
        for g in gold:
            candidates = [e for e in predicted if e["event_type"] == g["type"]]
            if candidates:
                self.found[g["type"]] += 1
                problems += self._pair(g, max(candidates, key=lambda e: _agreement(g, e)))
        if problems:
            self.errors[sentence["sent_id"]] = [
                repr(sentence["first_words"]) + (" (truncated)" if sentence.get("truncated") else ""),
                "gold:  " + ("; ".join(_gold_event(g) for g in gold) or "none"),
                "coder: " + ("; ".join(_predicted_event(e) for e in predicted) or "none"),
                *(f"evidence {short_repr(ev)}" for ev in dict.fromkeys(e["evidence"] for e in predicted)),
                ", ".join(problems),
            ]

    def _pair(self, g: dict, e: dict) -> list[str]:
        """Count one found pair's agreement; the disagreements, worded for the error listing."""
        problems = []
        actors, coder = gold_codes(g["actors"]), set(e["actors"])
        self.actors["uncoded"] += uncoded(g["actors"])
        if not actors:
            self.actors["implied"] += 1
        else:
            self.actors["scored"] += 1
            self.actors["exact"] += coder == actors
            self.actors["superset"] += coder >= actors
            self.actors["overlap"] += bool(coder & actors)
            if coder != actors:
                problems.append(f"{g['type']} actors {_codes(coder)} != gold {_codes(actors)}")
        recipients, recipient = gold_codes(g["recipients"]), e.get("recipient")
        kind = "named" if recipients else "none"
        self.recipient[kind] += 1
        if _recipient_right(recipients, recipient):
            self.recipient[f"{kind}_right"] += 1
        else:
            problems.append(f"{g['type']} recipient {recipient or '-'} != gold {_codes(recipients)}")
        for name, attribute in FLAGS:
            want = bool(g[name] or (name == "future" and g.get("hypothetical")))
            got = bool(e.get(attribute))
            counts = self.flags[name]
            counts.update(agree=want == got, gold=want, coder=got, both=want and got)
            if want != got:
                problems.append(f"{g['type']} {name} {got} != gold {want}")
        return problems


def _agreement(g: dict, e: dict) -> tuple[bool, int, bool]:
    """How well a predicted event fits a gold one of its type: same actors, shared actors, right recipient."""
    actors, coder, recipients = gold_codes(g["actors"]), set(e["actors"]), gold_codes(g["recipients"])
    return coder == actors, len(coder & actors), _recipient_right(recipients, e.get("recipient"))


def _recipient_right(recipients: set[str], recipient: str | None) -> bool:
    """The predicted recipient is one of the gold recipients, or both sides have none."""
    return recipient in recipients if recipients else recipient is None


def _rate(hit: int, total: int) -> str:
    return f"{hit / total if total else 0:.3f} ({hit}/{total})"


def _codes(codes: set[str] | tuple[str, ...]) -> str:
    return ",".join(sorted(codes)) or "-"


def _flags(future: bool, historical: bool, negated: bool) -> str:
    names = [n for n, on in (("future", future), ("historical", historical), ("negated", negated)) if on]
    return f" {{{','.join(names)}}}" if names else ""


def _gold_event(g: dict) -> str:
    mode = f"/{g['mode']}" if g.get("mode") else ""
    flags = _flags(g["future"] or g.get("hypothetical", False), g["historical"], g["negated"])
    return (f"{g['type']}{mode} {_codes(gold_codes(g['actors']))} -> {_codes(gold_codes(g['recipients']))}"
            f"{flags} {g.get('trigger')!r}" + (f" [{g['note']}]" if g.get("note") else ""))


def _predicted_event(e: dict) -> str:
    mode = f"/{e['mode']}" if e.get("mode") else ""
    flags = _flags(e.get("is_future", False), e.get("is_historical", False), e.get("is_negated", False))
    actors = _codes(e["actors"]) if e["actors"] or not e.get("actor_text") else repr(e["actor_text"])
    return f"{e['event_type']}{mode} {actors} -> {e.get('recipient') or '-'}{flags}"


def evaluate(pages: list[Page], predicted: dict[str, list[dict]], failed: dict[str, str] | None = None) -> EventReport:
    """Score predicted events (dicts of `summitdata.store.records.Event`) per page against the pages' gold sentences."""
    report = EventReport(pages=len(pages), failed=dict(failed or {}))
    for page in pages:
        sentences = page.gold
        starts = [s["start"] for s in sentences]
        inside: list[list[dict]] = [[] for _ in sentences]
        outside = []
        for event in sorted(predicted.get(page.page_id, []), key=lambda e: e["start_char"]):
            i = bisect_right(starts, event["start_char"]) - 1
            if i >= 0 and event["start_char"] < sentences[i]["end"]:
                inside[i].append(event)
            else:
                outside.append(event)
        for sentence, events in zip(sentences, inside, strict=True):
            report.add_sentence(sentence, events)
        if page.page_id in report.failed:
            report.failed_sentences += len(sentences)
        report.outside += len(outside)
        if outside:
            report.errors[f"{page.page_id} outside gold sentences"] = [
                f"{_predicted_event(e)} at {e['start_char']}: {short_repr(e['evidence'])}" for e in outside
            ]
    return report
