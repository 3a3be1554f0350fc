"""One Great Expectations suite per warehouse table, as code.

Each `TableSuite` is the SQL of the frame it validates (the table's own columns, minus article
text, plus derived columns that DuckDB computes: reference lookups, offsets, shares) and a short
list of ordinary GX expectations on that frame. Cross-table rules are therefore real
expectations on derived boolean columns (``article_exists``, ``quote_at_offsets`` ...): a derived
boolean is NULL when the rule does not apply (no speaker, so no speaker lookup; no article, so no
offset check), and GX column-map expectations skip NULLs, so one defect fails one expectation.

Severity: correctness rules are ``critical`` (reported as ERROR); those wrapped in `row` judge single
rows and quarantine them, the others block publication (see `summitdata.quality.policy`);
distribution rules that catch a silent regression are ``warning`` (WARN). Two values come in as
suite parameters at run time: ``today`` (upper bound of every date) and ``min_row_count``
(the previous published version's row count less `MAX_ROW_DROP_PERCENT`, 0 on a first run) and
``min_row_count_blocking`` (the same, less `policy.MAX_ROW_COLLAPSE_PERCENT`: a collapse blocks).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import great_expectations.expectations as gxe
from great_expectations.expectations.metadata_types import FailureSeverity
from great_expectations.expectations.row_conditions import Column, ComparisonCondition, Operator

from summitdata.link.actors import organisation_codes
from summitdata.quality.policy import MAX_ROW_COLLAPSE_PERCENT, ROW_RULE

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

ERROR = FailureSeverity.CRITICAL
WARN = FailureSeverity.WARNING

EARLIEST_DATE = dt.datetime(1945, 1, 1)  # no summit coverage before the post-war order
TODAY = {"$PARAMETER": "today"}
MIN_ROW_COUNT = {"$PARAMETER": "min_row_count"}
MIN_ROW_COUNT_BLOCKING = {"$PARAMETER": "min_row_count_blocking"}

# Distribution thresholds (WARN): a breach means "look at this run", not "do not publish".
MAX_ROW_DROP_PERCENT = 20  # fewer rows than the previous published version by more than this
MIN_PUBLISHED_SHARE = 0.8  # articles with a publication date (sample corpus: 1.0)
MIN_RESOLVED_SPEAKER_SHARE = 0.6  # quotes whose speaker resolved to an actor (sample gold: 0.87)
MAX_REJECTED_SHARE = 0.5  # stored pages that became rejects (sample corpus: 0.05)
ARTICLES_PER_SUMMIT = (1.5, 500.0)  # mean linked articles per summit (sample gold: 8.4)

PLOVER_EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
CONSULT_MODES = ("visit", "third-party", "multilateral", "phone")
QUOTE_KINDS = ("direct", "partial", "mixed", "indirect")
DATE_SOURCES = ("explicit", "relative", "publication")
SUMMIT_TYPES = ("bilateral", "trilateral", "multilateral")
SUMMIT_RELATIONS = ("covers", "recalls", "previews")
REJECT_REASONS = ("empty", "other_language", "not_article", "extraction_error", "same_url")


def actor_codes(reference_dir: Path = REFERENCE_DIR) -> list[str]:
    """Valid actor codes: the iso3 column of countries.csv (incl. the non-ISO EUU and XKX) and the code column of
    organisations.csv (UN, NATO, AU, ...)."""
    with open(reference_dir / "countries.csv", newline="", encoding="utf-8") as handle:
        countries = [row["iso3"] for row in csv.DictReader(handle)]
    return sorted([*countries, *organisation_codes(reference_dir)])


@dataclass(frozen=True)
class TableSuite:
    """The suite of one table: the SQL of the frame it validates and the expectations on it."""

    table: str
    sql: str  # over the warehouse tables plus `ref_codes(code)`, the valid actor codes
    expectations: list[gxe.Expectation]


# --- expectation helpers: one line per rule in the suites below ----------------------------------


def not_null(column: str, description: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToNotBeNull(column=column, description=description, severity=ERROR)


def unique(column: str, description: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeUnique(column=column, description=description, severity=ERROR)


def unique_together(columns: list[str], description: str) -> gxe.Expectation:
    return gxe.ExpectCompoundColumnsToBeUnique(column_list=columns, description=description, severity=ERROR)


def in_set(column: str, values: tuple[str, ...] | list[str], description: str) -> gxe.Expectation:
    """Non-null values are in the set (NULLs are left to `not_null`)."""
    return gxe.ExpectColumnValuesToBeInSet(
        column=column, value_set=list(values), description=description, severity=ERROR
    )


def holds(column: str, description: str) -> gxe.Expectation:
    """A derived boolean rule column is true wherever it applies (NULL = does not apply)."""
    return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True], description=description, severity=ERROR)


def matches(column: str, regex: str, description: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToMatchRegex(column=column, regex=regex, description=description, severity=ERROR)


def not_blank(column: str, description: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToNotMatchRegex(
        column=column, regex=r"^\s*$", description=description, severity=ERROR
    )


def between(column: str, low: float | None, high: float | None, description: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=low, max_value=high, description=description, severity=ERROR
    )


def plausible_date(column: str, description: str, only_if_not: str | None = None) -> gxe.Expectation:
    """Dates lie between 1945-01-01 and today, except in rows where the flag `only_if_not` is set."""
    condition = (
        ComparisonCondition(column=Column(only_if_not), operator=Operator.EQUAL, parameter=False)
        if only_if_not
        else None
    )
    return gxe.ExpectColumnValuesToBeBetween(
        column=column,
        min_value=EARLIEST_DATE,
        max_value=TODAY,
        row_condition=condition,
        description=description,
        severity=ERROR,
    )


def mean_between(column: str, low: float | None, high: float | None, description: str) -> gxe.Expectation:
    """A distribution check (WARN): the column mean, e.g. a share of 0/1 flags, stays in range."""
    bounds = " and ".join(f"{op} {v:g}" for op, v in ((">=", low), ("<=", high)) if v is not None)
    return gxe.ExpectColumnMeanToBeBetween(
        column=column, min_value=low, max_value=high, description=f"WARN: {description} {bounds}.", severity=WARN
    )


def no_sharp_drop(table: str) -> gxe.Expectation:
    return gxe.ExpectTableRowCountToBeBetween(
        min_value=MIN_ROW_COUNT,
        description=f"WARN: {table} has at most {MAX_ROW_DROP_PERCENT}% fewer rows than the last published version.",
        severity=WARN,
    )


def row(expectation: gxe.Expectation) -> gxe.Expectation:
    """Mark a rule that judges single rows: its offending rows are quarantined (see `policy`)."""
    expectation.meta = dict(ROW_RULE)
    return expectation


def no_collapse(table: str) -> gxe.Expectation:
    """A systemic failure (ERROR, blocks): the table lost more than `MAX_ROW_COLLAPSE_PERCENT` of its rows."""
    return gxe.ExpectTableRowCountToBeBetween(
        min_value=MIN_ROW_COUNT_BLOCKING,
        description=f"{table} has at most {MAX_ROW_COLLAPSE_PERCENT}% fewer rows than the last published version.",
        severity=ERROR,
    )


# --- derived frames: table columns plus DuckDB-computed rule columns -------------------------------

_ARTICLE_TEXT = """art AS (SELECT article_id, text, length(text) AS n_chars
                 FROM (SELECT article_id, any_value(text) AS text FROM articles GROUP BY article_id))"""
_CODES = "iso AS (SELECT list(code) AS codes FROM ref_codes)"
_ACTOR_IDS = "act AS (SELECT coalesce(list(actor_id), []::VARCHAR[]) AS ids FROM actors)"


def _all_in(list_column: str, reference: str) -> str:
    """SQL: every element of a list column is non-null and in a reference list."""
    return f"len(list_filter({list_column}, x -> x IS NULL OR NOT list_contains({reference}, x))) = 0"


def _span_checks(alias: str, text_column: str, rule: str) -> str:
    """SQL: article_exists, offsets_within_text and `rule` (the text is at its offsets) of a span row."""
    inside = f"{alias}.start_char >= 0 AND {alias}.start_char <= {alias}.end_char AND {alias}.end_char <= art.n_chars"
    return f"""
        art.article_id IS NOT NULL AS article_exists,
        CASE WHEN art.article_id IS NOT NULL THEN {inside} END AS offsets_within_text,
        CASE WHEN art.article_id IS NOT NULL AND {inside}
             THEN substr(art.text, {alias}.start_char + 1, {alias}.end_char - {alias}.start_char)
                  = {alias}.{text_column}
        END AS {rule}"""


# Frames hold only the columns that the expectations or the sample rows need: long text stays in
# DuckDB (a blank text is a derived boolean too), which keeps pandas conversion and GX fast.
RAW_PAGES_SQL = """
SELECT p.source, p.location, p.sha256, p.n_bytes,
       EXISTS (SELECT 1 FROM articles a WHERE a.source = p.source AND a.location = p.location)
       OR EXISTS (SELECT 1 FROM article_rejects r WHERE r.source = p.source AND r.location = p.location)
           AS accounted_for,
       CAST(EXISTS (SELECT 1 FROM article_rejects r WHERE r.source = p.source AND r.location = p.location) AS INTEGER)
           AS is_rejected
FROM raw_pages p"""

ARTICLES_SQL = r"""
SELECT a.article_id, a.url, a.source, a.location, a.language, a.published, a.dup_group_id,
       regexp_matches(a.text, '\S') AS has_text,
       CAST(a.published IS NOT NULL AS INTEGER) AS has_published,
       EXISTS (SELECT 1 FROM raw_pages p WHERE p.source = a.source AND p.location = a.location AND p.sha256 = a.sha256)
           AS traces_to_page,
       CASE WHEN a.dup_group_id IS NOT NULL
            THEN EXISTS (SELECT 1 FROM articles g WHERE g.article_id = a.dup_group_id) END AS dup_group_exists
FROM articles a"""

ARTICLE_REJECTS_SQL = """
SELECT r.source, r.location, r.reason,
       EXISTS (SELECT 1 FROM raw_pages p WHERE p.source = r.source AND p.location = r.location AND p.sha256 = r.sha256)
           AS traces_to_page,
       NOT EXISTS (SELECT 1 FROM articles a WHERE a.source = r.source AND a.location = r.location) AS not_an_article
FROM article_rejects r"""

QUOTES_SQL = rf"""
WITH {_ARTICLE_TEXT}
SELECT q.quote_id, q.article_id, q.kind, q.speaker_id, q.speaker_country, q.start_char, q.end_char, q.confidence,
       regexp_matches(q.quote_text, '\S') AS has_quote_text, {_span_checks("q", "quote_text", "quote_at_offsets")},
       CASE WHEN q.speaker_id IS NOT NULL THEN q.speaker_id IN (SELECT actor_id FROM actors) END AS speaker_known,
       CAST(q.speaker_id IS NOT NULL AS INTEGER) AS speaker_resolved
FROM quotes q LEFT JOIN art ON art.article_id = q.article_id"""

EVENTS_SQL = rf"""
WITH {_ARTICLE_TEXT}, {_CODES}, {_ACTOR_IDS}
SELECT e.event_id, e.article_id, e.event_type, e.mode, e.date_source, e.event_date, e.is_future,
       CAST(e.actors AS VARCHAR) AS actors, CAST(e.actor_ids AS VARCHAR) AS actor_ids, e.recipient,
       e.location_country, e.start_char, e.end_char, e.confidence, e.summit_id,
       regexp_matches(e.evidence, '\S') AS has_evidence, {_span_checks("e", "evidence", "evidence_at_offsets")},
       {_all_in("e.actors", "iso.codes")} AS actors_are_coded,
       e.actors = list_sort(e.actors) AS actors_sorted,
       (len(e.actors) > 0) <> regexp_matches(coalesce(e.actor_text, ''), '\S') AS one_kind_of_actor,
       {_all_in("e.actor_ids", "act.ids")} AS actor_ids_known,
       CASE WHEN e.summit_id IS NOT NULL THEN e.summit_id IN (SELECT summit_id FROM summits) END AS summit_exists
FROM events e LEFT JOIN art ON art.article_id = e.article_id CROSS JOIN iso CROSS JOIN act"""

SUMMITS_SQL = f"""
WITH {_CODES}, {_ACTOR_IDS},
     links AS (SELECT summit_id, count(*) AS n FROM summit_articles GROUP BY summit_id)
SELECT s.summit_id, s.summit_type, s.start_date, s.end_date, s.first_reported, s.last_reported, s.location_country,
       CAST(s.participants AS VARCHAR) AS participants, CAST(s.participant_ids AS VARCHAR) AS participant_ids,
       {_all_in("s.participants", "iso.codes")} AS participants_are_coded,
       s.participants = list_sort(s.participants) AS participants_sorted,
       {_all_in("s.participant_ids", "act.ids")} AS participant_ids_known,
       s.start_date <= s.end_date AS dates_ordered,
       coalesce(links.n, 0) AS n_linked_articles
FROM summits s LEFT JOIN links ON links.summit_id = s.summit_id CROSS JOIN iso CROSS JOIN act"""

SUMMIT_ARTICLES_SQL = """
SELECT sa.summit_id, sa.article_id, sa.relation,
       sa.summit_id IN (SELECT summit_id FROM summits) AS summit_exists,
       sa.article_id IN (SELECT article_id FROM articles) AS article_exists
FROM summit_articles sa"""

ACTORS_SQL = "SELECT actor_id, name, country, qid FROM actors"


def build_suites(codes: list[str]) -> list[TableSuite]:
    """Fresh suites of every table (GX expectation objects belong to the suite they are added to)."""
    hex16 = r"^[0-9a-f]{16}$"
    return [
        TableSuite("raw_pages", RAW_PAGES_SQL, [
            not_null("source", "Every page has a source (key part)."),
            not_null("location", "Every page has a location (key part)."),
            unique_together(["source", "location"], "One row per (source, location)."),
            matches("sha256", r"^[0-9a-f]{64}$", "The content address is a sha256 hex digest."),
            between("n_bytes", 0, None, "Byte counts are not negative."),
            holds("accounted_for", "Every stored page is an article or a reject: nothing is dropped silently."),
            mean_between("is_rejected", None, MAX_REJECTED_SHARE, "Share of stored pages that became rejects"),
            no_sharp_drop("raw_pages"),
            no_collapse("raw_pages"),
        ]),
        TableSuite("articles", ARTICLES_SQL, [
            not_null("article_id", "Every article has an id."),
            unique("article_id", "One row per article id."),
            matches("article_id", hex16, "Article ids are 16 hex digits."),
            row(in_set("language", ["en"], "Articles are in English.")),
            row(holds("has_text", "Every article has text.")),
            holds("traces_to_page", "Every article points at a stored raw page with the same content hash."),
            not_null("dup_group_id", "Every article has a duplicate group."),
            row(holds("dup_group_exists", "Every duplicate group id is the id of an article.")),
            row(plausible_date("published", "Publication dates lie between 1945-01-01 and today.")),
            mean_between("has_published", MIN_PUBLISHED_SHARE, None, "Share of articles with a publication date"),
            no_sharp_drop("articles"),
            no_collapse("articles"),
        ]),
        TableSuite("article_rejects", ARTICLE_REJECTS_SQL, [
            not_null("source", "Every reject has a source (key part)."),
            not_null("location", "Every reject has a location (key part)."),
            unique_together(["source", "location"], "One row per (source, location)."),
            in_set("reason", REJECT_REASONS, "Reject reasons come from the documented list."),
            holds("traces_to_page", "Every reject points at a stored raw page with the same content hash."),
            holds("not_an_article", "A page is an article or a reject, never both."),
            no_sharp_drop("article_rejects"),
            no_collapse("article_rejects"),
        ]),
        TableSuite("quotes", QUOTES_SQL, [
            not_null("quote_id", "Every quote has an id."),
            unique("quote_id", "One row per quote id."),
            not_null("article_id", "Every quote names its article."),
            row(holds("article_exists", "Every quote's article exists.")),
            row(in_set("kind", QUOTE_KINDS, "Quote kind is direct, partial, mixed or indirect.")),
            row(holds("has_quote_text", "Quote text is not empty.")),
            row(holds("offsets_within_text", "0 <= start_char <= end_char <= length of the article text.")),
            row(holds("quote_at_offsets", "The quote text is the article text at its offsets.")),
            row(in_set("speaker_country", codes, "Speaker countries are valid country or organisation codes.")),
            row(holds("speaker_known", "Every speaker_id is in the actor dictionary.")),
            row(between("confidence", 0, 1, "Confidence lies in [0, 1].")),
            mean_between("speaker_resolved", MIN_RESOLVED_SPEAKER_SHARE, None, "Share of quotes with resolved speaker"),
            no_sharp_drop("quotes"),
            no_collapse("quotes"),
        ]),
        TableSuite("events", EVENTS_SQL, [
            not_null("event_id", "Every event has an id."),
            unique("event_id", "One row per event id."),
            not_null("article_id", "Every event names its article."),
            row(holds("article_exists", "Every event's article exists.")),
            row(in_set("event_type", PLOVER_EVENT_TYPES, "Event types are PLOVER's 16.")),
            row(in_set("mode", CONSULT_MODES, "Modes are visit, third-party, multilateral or phone.")),
            row(in_set("date_source", DATE_SOURCES, "Date sources are explicit, relative or publication.")),
            row(holds("actors_are_coded", "Every actor is a valid country or organisation code.")),
            row(holds("actors_sorted", "Actor lists are sorted.")),
            row(holds("one_kind_of_actor", "Every event has coded actors or an actor as written, never both.")),
            row(holds("actor_ids_known", "Every actor id is in the actor dictionary.")),
            row(in_set("recipient", codes, "Recipients are valid country or organisation codes.")),
            row(in_set("location_country", codes, "Location countries are valid country codes.")),
            row(plausible_date(
                "event_date", "Event dates lie between 1945-01-01 and today (unless announced as future).", "is_future"
            )),
            row(holds("has_evidence", "Evidence is not empty.")),
            row(holds("offsets_within_text", "0 <= start_char <= end_char <= length of the article text.")),
            row(holds("evidence_at_offsets", "The evidence is the article text at its offsets.")),
            row(between("confidence", 0, 1, "Confidence lies in [0, 1].")),
            row(holds("summit_exists", "Every event's summit_id is a summit.")),
            no_sharp_drop("events"),
            no_collapse("events"),
        ]),
        TableSuite("summits", SUMMITS_SQL, [
            not_null("summit_id", "Every summit has an id."),
            unique("summit_id", "One row per summit id."),
            row(in_set("summit_type", SUMMIT_TYPES, "Summit type is bilateral, trilateral or multilateral.")),
            row(holds("participants_are_coded", "Every participant is a valid country or organisation code.")),
            row(holds("participants_sorted", "Participant lists are sorted.")),
            row(holds("participant_ids_known", "Every participant id is in the actor dictionary.")),
            row(in_set("location_country", codes, "Location countries are valid country codes.")),
            row(plausible_date("start_date", "Start dates lie between 1945-01-01 and today.")),
            row(plausible_date("end_date", "End dates lie between 1945-01-01 and today.")),
            row(plausible_date("first_reported", "First reports lie between 1945-01-01 and today.")),
            row(plausible_date("last_reported", "Last reports lie between 1945-01-01 and today.")),
            row(holds("dates_ordered", "A summit does not end before it starts.")),
            between("n_linked_articles", 1, None, "Every summit is covered or recalled by an article."),
            mean_between("n_linked_articles", *ARTICLES_PER_SUMMIT, "Mean articles per summit"),
            no_sharp_drop("summits"),
            no_collapse("summits"),
        ]),
        TableSuite("summit_articles", SUMMIT_ARTICLES_SQL, [
            not_null("summit_id", "Every link names a summit."),
            not_null("article_id", "Every link names an article."),
            unique_together(["summit_id", "article_id"], "One row per (summit, article)."),
            row(in_set("relation", SUMMIT_RELATIONS, "Relation is covers, recalls or previews.")),
            row(holds("summit_exists", "Every link's summit exists.")),
            row(holds("article_exists", "Every link's article exists.")),
            no_sharp_drop("summit_articles"),
            no_collapse("summit_articles"),
        ]),
        TableSuite("actors", ACTORS_SQL, [
            not_null("actor_id", "Every actor has an id."),
            unique("actor_id", "One row per actor id."),
            not_blank("name", "Every actor has a name."),
            in_set("country", codes, "Actor countries are valid country or organisation codes."),
            matches("qid", r"^Q[1-9][0-9]*$", "Wikidata ids look like Q123."),
            no_sharp_drop("actors"),
            no_collapse("actors"),
        ]),
    ]  # fmt: skip
