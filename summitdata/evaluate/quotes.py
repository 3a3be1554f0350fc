"""Scoring quote extraction against gold quotes (our sample gold JSON, or brat standoff annotation).

Predicted and gold quotes are matched per article by token overlap: a pair matches at threshold
``t`` when the tokens they share cover at least ``t`` of the gold quote's tokens; pairs are taken
greedily, best overlap first, one-to-one. Precision, recall and F1 are reported at 30% and 80%;
speaker accuracy is measured over the quotes matched at 30% (predicted ``speaker_name``, or
``speaker_raw`` when unresolved, against the gold speaker after normalisation).

``summits eval quotes --gold FILE`` scores the quotes of a run with these functions; brat content spans
get a kind (direct, mixed or indirect) from their quotation marks (`quote_kind`). Loading the dev sets
and running the extractor in-process is `summitdata.evaluate.attribution`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from summitdata.extract.marks import find_marks, paragraph_spans
from summitdata.extract.quotes.bodies import Bodies
from summitdata.link.actors import ActorIndex

__all__ = ["QuoteScores", "brat_attributions", "load_brat", "load_gold_json", "quote_kind", "score", "speaker_key"]

THRESHOLDS = (0.3, 0.8)
GOVERNMENT = re.compile(r"^the\s+|\s+(?:government|administration)$", re.I)
TITLES = re.compile(
    r"^(?:(?:u\.?s\.?|us|chinese|japanese|south korean|north korean|russian|ukrainian|british|former|then)\s+)*"
    r"(?:president|prime minister|premier|chancellor|foreign minister|secretary of state|secretary|minister"
    r"|leader|king|queen|mr|mrs|ms|dr|sen|senator|gov|governor|general|gen)\.?\s+"
)


@dataclass
class QuoteScores:
    """Counts and rates for one evaluation run, with per-page error listings."""

    n_gold: int = 0
    n_predicted: int = 0
    matched: dict[float, int] = field(default_factory=dict)
    speaker_correct: int = 0
    speaker_total: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)
    gold_kinds: Counter = field(default_factory=Counter)  # gold quotes per kind
    matched_kinds: Counter = field(default_factory=Counter)  # gold quotes matched at 30%, per kind
    predicted_kinds: Counter = field(default_factory=Counter)

    def precision(self, threshold: float = 0.3) -> float:
        return self.matched.get(threshold, 0) / self.n_predicted if self.n_predicted else 0.0

    def recall(self, threshold: float = 0.3) -> float:
        return self.matched.get(threshold, 0) / self.n_gold if self.n_gold else 0.0

    def f1(self, threshold: float = 0.3) -> float:
        p, r = self.precision(threshold), self.recall(threshold)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0

    def summary(self) -> str:
        lines = [f"gold {self.n_gold}, predicted {self.n_predicted}"]
        for t in THRESHOLDS:
            lines.append(f"overlap >= {t:.0%}: P {self.precision(t):.3f}  R {self.recall(t):.3f}  F1 {self.f1(t):.3f}")
        lines.append(f"speaker accuracy {self.speaker_accuracy:.3f} ({self.speaker_correct}/{self.speaker_total})")
        return "\n".join(lines)


# ------------------------------------------------------------------ matching
def tokens(text: str) -> list[str]:
    """Casefolded word tokens, apostrophes and accents normalised."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).casefold()
    return re.findall(r"\w+", "".join(c for c in text if not unicodedata.combining(c)))


def overlap(predicted: str, gold: str) -> float:
    """Share of the gold quote's tokens that the predicted quote also has (as multisets)."""
    gold_tokens = Counter(tokens(gold))
    if not gold_tokens:
        return 0.0
    shared = gold_tokens & Counter(tokens(predicted))
    return sum(shared.values()) / sum(gold_tokens.values())


def match(predicted: list[str], gold: list[str], threshold: float) -> list[tuple[int, int]]:
    """One-to-one greedy matching, best overlap first and, between equal overlaps, the pair whose gold covers more
    of the prediction (a clause covering a one-word gold and its own gold equally goes to its own):
    (predicted index, gold index) pairs."""
    pairs = sorted(
        ((overlap(p, g), overlap(g, p), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
        key=lambda x: (-x[0], -x[1], x[2], x[3]),
    )
    used_p, used_g, out = set(), set(), []
    for value, _, i, j in pairs:
        if value < threshold:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def speaker_key(name: str | None, actors: ActorIndex | None = None) -> str:
    """Comparable form of a speaker: casefolded, accents, hyphens, titles and articles stripped; with an
    actor index, a name that is one of an actor's aliases becomes that actor's id ("Zelensky" = "Zelenskyy")."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name.replace("’", "'")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = TITLES.sub("", " ".join(re.sub(r"[-‐]", " ", text).split()))
    if actors is not None:
        resolution = actors.resolve(name, None)
        if resolution is not None and text in _alias_keys(actors).get(resolution.actor_id, set()):
            return resolution.actor_id
    return re.sub(r"^(?:the|a|an) ", "", text)


def same_speaker(predicted: dict, gold: dict, actors: ActorIndex | None = None) -> bool:
    """Whether a predicted quote names the gold speaker. A gold speaker that is a mention as written
    (``"mention": True``, PolNeAR's Source spans: "he", "Caddell", "David Kamin, an outside adviser to the
    campaign,") also matches the predicted mention itself, or a resolved name (else the predicted mention's
    head) whose words are all in the mention's head (before any comma or parenthesis) and end it ("Pat
    Caddell" for "Caddell", "Claire McCaskill" for "Democratic Sen. Claire McCaskill (D-Mo.)"); the mention
    is read as written, not through the actor index (a bare "Johnson" is not Boris Johnson)."""
    want = speaker_key(gold.get("speaker"), actors)
    got = speaker_key(_speaker(predicted), actors)
    if got == want or _same_first_and_last(got, want) or _same_government(predicted, gold, actors):
        return True
    if actors is not None and _same_body(_speaker(predicted), gold.get("speaker"), actors):
        return True
    if not gold.get("mention") or not want:
        return False
    head = _mention_head(gold.get("speaker"))
    raw = speaker_key(predicted.get("speaker_raw"))
    if want == raw or head == raw:
        return True
    words = head.split()  # the resolved name, else the predicted mention's own head ("Rhodes, an aide,")
    named = (speaker_key(predicted.get("speaker_name")) or _mention_head(predicted.get("speaker_raw"))).split()
    return bool(words and named) and words[-1] == named[-1] and (len(words) == 1 or set(named) <= set(words))


def _mention_head(mention: str | None) -> str:
    """A mention's comparable head: before any comma, without parentheses ("Claire McCaskill (D-Mo.), a ...")."""
    return speaker_key(re.sub(r"\s*\([^)]*\)", "", mention or "").split(",")[0])


def _same_first_and_last(got: str, want: str) -> bool:
    """Two full names that differ only in middle names ("Sarah Sanders", "Sarah Huckabee Sanders")."""
    a, b = got.split(), want.split()
    return len(a) > 1 and len(b) > 1 and (a[0], a[-1]) == (b[0], b[-1])


def _same_body(got: str | None, want: str | None, actors: ActorIndex) -> bool:
    """A body and its leaders speaking together ("ASEAN leaders" for "ASEAN", "G7 leaders" for "the G7")."""
    bodies = _bodies(actors)
    code = bodies.code(got or "")
    return code is not None and code == bodies.code(want or "")


@lru_cache(maxsize=4)
def _bodies(actors: ActorIndex) -> Bodies:
    return Bodies(actors)


def _same_government(predicted: dict, gold: dict, actors: ActorIndex | None) -> bool:
    """A government named by its country, capital or seat ("Pyongyang", "the U.S.") for a gold government
    ("North Korean government", "White House"): a predicted speaker that is no person, with the country of the
    gold speaker or of the seat of government it names."""
    if actors is None or predicted.get("speaker_name") or not predicted.get("speaker_country"):
        return False
    body = GOVERNMENT.sub("", gold.get("speaker") or "").strip()
    seat = actors.place(body) if body else None
    country = actors.country(body) if body else None
    return (country or (seat[0] if seat and seat[1] else None)) == predicted["speaker_country"]


@lru_cache(maxsize=4)
def _alias_keys(actors: ActorIndex) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for alias, actor_id in actors.alias_patterns():
        keys.setdefault(actor_id, set()).add(speaker_key(alias))
    return keys


def _text(quote: dict) -> str:
    return quote.get("quote_text") or quote.get("text") or ""


def _speaker(quote: dict) -> str | None:
    return quote.get("speaker_name") or quote.get("speaker_raw") or quote.get("speaker")


def score(
    predicted: dict[str, list[dict]], gold: dict[str, list[dict]], actors: ActorIndex | None = None
) -> QuoteScores:
    """Score predicted quotes (dicts with quote_text and speaker_name/speaker_raw) against gold
    quotes (dicts with text and speaker), page by page; pages missing on one side count as empty."""
    scores = QuoteScores(matched=dict.fromkeys(THRESHOLDS, 0))
    for page in sorted(set(predicted) | set(gold)):
        pred, ref = predicted.get(page, []), gold.get(page, [])
        scores.n_predicted += len(pred)
        scores.n_gold += len(ref)
        scores.gold_kinds.update(q.get("kind") for q in ref)
        scores.predicted_kinds.update(q.get("kind") for q in pred)
        pred_texts, ref_texts = [_text(q) for q in pred], [_text(q) for q in ref]
        for t in THRESHOLDS:
            scores.matched[t] += len(match(pred_texts, ref_texts, t))
        pairs = match(pred_texts, ref_texts, THRESHOLDS[0])
        scores.matched_kinds.update(ref[j].get("kind") for _, j in pairs)
        errors = []
        for i, j in pairs:
            got, want = _speaker(pred[i]), ref[j].get("speaker")
            scores.speaker_total += 1
            if same_speaker(pred[i], ref[j], actors):
                scores.speaker_correct += 1
            else:
                errors.append(
                    f"speaker ({ref[j].get('kind')}, predicted {pred[i].get('kind')}): {got!r} != gold {want!r}"
                    f" for {short_repr(ref_texts[j])}"
                )
        matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
        errors += [
            f"missed ({ref[j].get('kind')}, {ref[j].get('speaker')}): {short_repr(ref_texts[j])}"
            + _nearest("nearest prediction", pred, [overlap(p, ref_texts[j]) for p in pred_texts], "of gold words")
            for j in range(len(ref))
            if j not in matched_g
        ]
        errors += [
            f"spurious ({pred[i].get('kind')}, {_speaker(pred[i])}): {short_repr(pred_texts[i])}"
            + _nearest("nearest gold", ref, [overlap(g, pred_texts[i]) for g in ref_texts], "of its words")
            for i in range(len(pred))
            if i not in matched_p
        ]
        if errors:
            scores.errors[page] = errors
    return scores


def _nearest(label: str, quotes: list[dict], overlaps: list[float], what: str) -> str:
    """`` [nearest gold: mixed, 40% of its words]``: the other side's quote with most words in common, if any."""
    best = max(range(len(quotes)), key=lambda k: overlaps[k], default=None)
    if best is None or overlaps[best] == 0:
        return ""
    return f" [{label}: {quotes[best].get('kind')}, {overlaps[best]:.0%} {what}]"


def short_repr(text: str, width: int = 90) -> str:
    return repr(text if len(text) <= width else text[: width - 3] + "...")


# ------------------------------------------------------------------ gold loaders
def load_gold_json(path: str | Path) -> dict[str, list[dict]]:
    """Gold quotes per page from a sample gold file (``{"pages": {page: {"quotes": [...]}}}``)."""
    pages = json.loads(Path(path).read_text(encoding="utf-8"))["pages"]
    return {page: list(entry.get("quotes") or []) for page, entry in pages.items()}


def load_brat(folder: str | Path) -> tuple[dict[str, str], dict[str, list[dict]]]:
    """Texts and gold quotes from brat standoff files (``doc.txt`` + ``doc.ann``) in ``folder``."""
    texts: dict[str, str] = {}
    gold: dict[str, list[dict]] = {}
    for ann in sorted(Path(folder).glob("*.ann")):
        texts[ann.stem] = text = read_text(ann.with_suffix(".txt"))
        gold[ann.stem] = brat_attributions(text, read_text(ann))
    return texts, gold


def read_text(path: Path) -> str:
    """A UTF-8 file exactly as written (no newline translation: standoff offsets count every character)."""
    return path.read_bytes().decode("utf-8")


def brat_attributions(text: str, ann: str) -> list[dict]:
    """The attributions of one brat standoff annotation (``ann``) of ``text``, in text order.

    ``T`` lines carry Source, Cue and Content spans (discontinuous spans joined by ';'); ``E``
    lines tie them into one attribution (``Attribution:Tn Cue:Tn Source:Tn Content:Tn``). The kind
    is inferred from the content's quotation marks (`quote_kind`).
    """
    spans, events = _parse_ann(ann)
    quotes = []
    for args in events:
        content = spans.get(args.get("Content", ""))
        if content is None:
            continue
        source, cue = spans.get(args.get("Source", "")), spans.get(args.get("Cue", ""))
        quotes.append(
            {
                "text": _span_text(text, content[1]),
                "speaker": _span_text(text, source[1]) if source else None,
                "mention": True,  # the Source span as written, not a resolved name
                "cue": _span_text(text, cue[1]) if cue else None,
                "start": content[1][0][0],
                "end": content[1][-1][1],
                "kind": quote_kind(text, content[1]),
            }
        )
    return sorted(quotes, key=lambda q: q["start"])


def _parse_ann(data: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]], list[dict[str, str]]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in data.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            ranges = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[fields[0]] = (label, [(a, b) for a, b in ranges])
        elif line.startswith("E") and len(fields) >= 2:
            args = {}
            for arg in fields[1].split():
                role, _, ref = arg.partition(":")
                args[re.sub(r"\d+$", "", role)] = ref
            events.append(args)
    return spans, events


def _span_text(text: str, ranges: list[tuple[int, int]]) -> str:
    return " ".join(text[a:b] for a, b in ranges)


# ------------------------------------------------------------------ kinds from quotation marks
def quote_kind(text: str, ranges: list[tuple[int, int]]) -> str:
    """``direct`` when every word character of the span is inside a quotation, ``mixed`` when some are and
    some are not, ``indirect`` when none is. Quotations are those the extractors see (`summitdata.extract.marks`:
    double marks, straight or curly, paired per paragraph); single marks do not count, as the closing one is
    also the apostrophe. A short quoted fragment inside an unquoted clause (a partial quote) gives ``mixed``.
    """
    words = Counter()  # word characters inside (True) and outside (False) the quotations
    for a, b in ranges:
        marks = [m for begin, end in paragraph_spans(text) if begin <= b and a <= end
                 for m in find_marks(text, begin, end)]
        for i in range(a, b):
            if text[i].isalnum():
                words[any(m.start <= i < m.end for m in marks)] += 1
    if not words[True]:
        return "indirect"
    return "mixed" if words[False] else "direct"
