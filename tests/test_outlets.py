"""The outlets reference table (data/outlets.csv) and the warehouse's views of whose voices outlets carry."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from summitdata.publish.warehouse import OUTLETS_CSV, SQL_DIR, reader_sql
from tests.conftest import SAMPLE

COUNTRIES = SAMPLE.parent / "reference" / "countries.csv"


def _rows() -> list[dict]:
    lines = [line for line in OUTLETS_CSV.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_outlets_file_says_where_it_comes_from_and_each_row_is_valid() -> None:
    text = OUTLETS_CSV.read_text(encoding="utf-8")
    assert text.startswith("# ") and "Sources" in text.split("\nhost,")[0]
    rows = _rows()
    hosts = [r["host"] for r in rows]
    assert len(hosts) == len(set(hosts))
    assert all(h == h.lower() and not h.startswith("www.") and "/" not in h for h in hosts)
    codes = {r["iso3"] for r in csv.DictReader(COUNTRIES.open(encoding="utf-8"))}
    assert all(r["country"] in codes for r in rows if r["country"]), "home countries are ISO alpha-3 codes"
    assert all(r["name"].strip() and r["source"].strip() for r in rows)


def test_every_sample_outlet_is_in_the_table() -> None:
    """The sample's outlets are the hosts of the canonical URLs of data/sample/gold.json's pages."""
    import json

    gold = json.loads((SAMPLE / "gold.json").read_text())
    hosts = {p["url"].split("/")[2].removeprefix("www.") for p in gold["pages"].values() if p.get("url")}
    assert hosts and hosts <= {r["host"] for r in _rows()}


def test_the_warehouse_reads_the_file_as_python_does(tmp_path: Path) -> None:
    """The `#` header is skipped and quoted fields keep their commas and quotes."""
    with duckdb.connect() as con:
        con.execute(f"CREATE TEMP VIEW stage_outlets AS SELECT * FROM {reader_sql([OUTLETS_CSV])}")
        con.execute((SQL_DIR / "schema" / "120_outlets.sql").read_text())
        con.execute((SQL_DIR / "load" / "080_outlets.sql").read_text())
        loaded = con.execute("SELECT host, name, coalesce(country, ''), source FROM outlets ORDER BY host").fetchall()
    assert loaded == sorted((r["host"], r["name"], r["country"], r["source"]) for r in _rows())


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_report import build_warehouse

    return build_warehouse(tmp_path_factory.mktemp("voices") / "w.duckdb")


def test_voices_by_outlet_shares_follow_the_quotes(warehouse: Path) -> None:
    from test_report import ROWS

    outlet_of = {a["article_id"]: a["outlet"] for a in ROWS["articles"]}
    country_of = {o["host"]: o["country"] for o in ROWS["outlets"]}
    counted = Counter((outlet_of[q["article_id"]], q["speaker_country"] or "(unknown)") for q in ROWS["quotes"])
    per_outlet = Counter(outlet_of[q["article_id"]] for q in ROWS["quotes"])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT outlet, outlet_country, speaker_country, n_quotes, share FROM voices_by_outlet"
                           ).fetchall()
    assert {(o, s): n for o, _, s, n, _ in rows} == counted
    for outlet, home, speaker_country, n, share in rows:
        assert home == country_of.get(outlet)  # gamma.example is not in the table: no home country
        assert share == pytest.approx(n / per_outlet[outlet], abs=1e-4), (outlet, speaker_country)


def test_a_subdomain_matches_its_outlet_and_the_longest_host_wins() -> None:
    with duckdb.connect() as con:
        con.execute((SQL_DIR / "schema" / "120_outlets.sql").read_text())
        con.execute("CREATE TABLE articles (article_id VARCHAR, outlet VARCHAR, published DATE)")
        con.execute("CREATE TABLE quotes (quote_id VARCHAR, article_id VARCHAR, speaker_name VARCHAR, "
                    "speaker_raw VARCHAR, speaker_country VARCHAR, quote_group_id VARCHAR)")
        con.execute("INSERT INTO outlets VALUES ('herald.example', 'Herald', 'KOR', 't'), "
                    "('world.herald.example', 'Herald World', 'USA', 't')")
        for article_id, outlet in (("m", "m.herald.example"), ("w", "world.herald.example"), ("x", "other.example")):
            con.execute(f"INSERT INTO articles (article_id, outlet) VALUES ('{article_id}', '{outlet}')")
            con.execute(f"INSERT INTO quotes (quote_id, article_id) VALUES ('q{article_id}', '{article_id}')")
        con.execute((SQL_DIR / "views" / "070_voices.sql").read_text())
        rows = con.execute("SELECT quote_id, outlet_name, outlet_country FROM outlet_quotes ORDER BY 1").fetchall()
    assert rows == [("qm", "Herald", "KOR"), ("qw", "Herald World", "USA"), ("qx", None, None)]
