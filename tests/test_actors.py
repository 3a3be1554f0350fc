"""Tests of the reference actor dictionary (data/reference) and its loader."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from summitdata.link.actors import ActorIndex, normalize

REF = Path(__file__).resolve().parents[1] / "data" / "reference"
ISO3 = re.compile(r"^[A-Z]{3}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
QID = re.compile(r"^Q\d+$")

REQUIRED = (
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
    "EUU",
    "PRK",
    "SGP",
    "UKR",
)
# Countries whose head of state is ceremonial and deliberately not listed (monarchs/governors-general).
NO_HEAD_OF_STATE = {"AUS", "CAN", "GBR", "JPN"}

# Same office held by two people at once: acting holders while the elected one was suspended or on leave.
ALLOWED_OVERLAPS = {
    ("President of Brazil", "dilma-rousseff", "michel-temer"),
    ("President of South Korea", "roh-moo-hyun", "goh-kun"),
    ("President of South Korea", "park-geun-hye", "hwang-kyo-ahn"),
    ("President of South Korea", "yoon-suk-yeol", "han-duck-soo"),
    ("President of South Korea", "yoon-suk-yeol", "choi-sang-mok"),
    ("Secretary of Foreign Affairs of Mexico", "juan-ramon-de-la-fuente", "roberto-velasco"),
    # acting holders while the holder was ill, suspended or on leave, and disputed or rival claims
    ("President of Bangladesh", "zillur-rahman", "abdul-hamid"),
    ("President of Côte d'Ivoire", "laurent-gbagbo", "alassane-ouattara"),  # both claimed it, Dec 2010-Apr 2011
    ("President of Cuba", "fidel-castro", "raul-castro"),
    ("President of Israel", "moshe-katsav", "dalia-itzik"),
    ("Prime Minister of Israel", "ariel-sharon", "ehud-olmert"),
    ("President of Nigeria", "umaru-musa-yar-adua", "goodluck-jonathan"),
    ("President of El Salvador", "nayib-bukele", "claudia-rodriguez-de-guevara"),
    ("Prime Minister of Thailand", "prayut-chan-o-cha", "prawit-wongsuwan"),
    ("Prime Minister of Thailand", "paetongtarn-shinawatra", "phumtham-wechayachai"),
    ("President of Venezuela", "nicolas-maduro", "juan-guaido"),  # Guaidó's interim claim, 2019-2023
}


def _rows(name: str) -> list[dict[str, str]]:
    with (REF / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _d(value: str) -> date:
    return date.fromisoformat(value)


@pytest.fixture(scope="module")
def index() -> ActorIndex:
    return ActorIndex.load(REF)


# --------------------------------------------------------------------------- date-aware roles
def test_kishida_role_depends_on_date(index: ActorIndex) -> None:
    assert index.role_on("fumio-kishida", date(2024, 9, 6)) == ("prime minister", "Prime Minister of Japan")
    assert index.role_on("fumio-kishida", date(2008, 1, 1)) == (None, None)
    assert index.role_on("fumio-kishida", date(2025, 1, 1)) == (None, None)
    assert index.role_on("fumio-kishida", date(2015, 6, 1))[0] == "foreign minister"


def test_resolution_out_of_office_keeps_country(index: ActorIndex) -> None:
    res = index.resolve("Kishida", date(2025, 1, 1))
    assert res is not None
    assert (res.actor_id, res.role, res.office, res.country) == ("fumio-kishida", None, None, "JPN")


def test_handover_day_belongs_to_incoming_holder(index: ActorIndex) -> None:
    assert index.role_on("shigeru-ishiba", date(2025, 10, 20))[0] == "prime minister"
    assert index.role_on("shigeru-ishiba", date(2025, 10, 21)) == (None, None)
    assert index.role_on("sanae-takaichi", date(2025, 10, 21))[0] == "prime minister"
    assert index.role_on("donald-trump", date(2025, 1, 20))[0] == "president"
    assert index.role_on("joe-biden", date(2025, 1, 20)) == (None, None)


@pytest.mark.parametrize(
    ("actor_id", "day", "role"),
    [
        ("lee-jae-myung", date(2025, 6, 4), "president"),
        ("yoon-suk-yeol", date(2025, 4, 3), "president"),
        ("choi-sang-mok", date(2025, 1, 10), "acting president"),
        ("lee-ju-ho", date(2025, 5, 20), "acting president"),
        ("friedrich-merz", date(2025, 5, 6), "chancellor"),
        ("mark-carney", date(2025, 3, 14), "prime minister"),
        ("keir-starmer", date(2024, 7, 5), "prime minister"),
        ("marco-rubio", date(2025, 2, 1), "secretary of state"),
        ("choe-son-hui", date(2024, 1, 1), "foreign minister"),
        ("kim-jong-un", date(2012, 1, 1), "leader"),
        ("mohammed-bin-salman", date(2020, 1, 1), "crown prince"),
        ("mohammed-bin-salman", date(2023, 1, 1), "prime minister"),
    ],
)
def test_roles_on_dates(index: ActorIndex, actor_id: str, day: date, role: str) -> None:
    assert index.role_on(actor_id, day)[0] == role


def test_resolve_with_title_and_country_adjective(index: ActorIndex) -> None:
    res = index.resolve("Japanese Prime Minister Fumio Kishida", date(2023, 5, 19))
    assert res is not None
    assert res.actor_id == "fumio-kishida"
    assert (res.role, res.office, res.country) == ("prime minister", "Prime Minister of Japan", "JPN")


# --------------------------------------------------------------------------- surname ambiguity
@pytest.mark.parametrize(
    ("mention", "day", "actor_id"),
    [
        ("President Moon", date(2019, 2, 27), "moon-jae-in"),
        ("Kim", date(2018, 6, 12), "kim-jong-un"),
        ("Kim", date(2005, 1, 1), "kim-jong-il"),
        ("North Korean leader Kim", date(2019, 2, 27), "kim-jong-un"),
        ("Prime Minister Kim", date(2011, 5, 1), "kim-hwang-sik"),
        ("Foreign Minister Kim", date(2011, 5, 1), "kim-sung-hwan"),
        ("President Lee", date(2009, 1, 1), "lee-myung-bak"),
        ("Prime Minister Lee", date(2009, 1, 1), "lee-hsien-loong"),
        ("Lee", date(2025, 7, 1), "lee-jae-myung"),
        ("Lee", date(2020, 6, 1), "lee-hsien-loong"),
        ("Yoon", date(2023, 1, 1), "yoon-suk-yeol"),
        ("Yoon", date(2003, 6, 1), "yoon-young-kwan"),
        ("Clinton", date(2000, 1, 1), "bill-clinton"),
        ("Clinton", date(2010, 1, 1), "hillary-clinton"),
        ("Clinton", date(2005, 1, 1), "bill-clinton"),
        ("Li", date(2015, 1, 1), "li-keqiang"),
        ("Li", date(2024, 1, 1), "li-qiang"),
        ("Han", date(2007, 6, 1), "han-duck-soo"),
        ("former President Park", date(2020, 1, 1), "park-geun-hye"),
        ("Kirchner", date(2005, 1, 1), "nestor-kirchner"),
        ("Kirchner", date(2010, 1, 1), "cristina-fernandez-de-kirchner"),
    ],
)
def test_surname_resolved_by_date(index: ActorIndex, mention: str, day: date, actor_id: str) -> None:
    res = index.resolve(mention, day)
    assert res is not None and res.actor_id == actor_id


def test_not_in_office_gives_no_role(index: ActorIndex) -> None:
    res = index.resolve("President Moon", date(2023, 1, 1))
    assert res is not None
    assert (res.actor_id, res.role, res.country) == ("moon-jae-in", None, "KOR")


# --------------------------------------------------------------------------- alias variants
@pytest.mark.parametrize(
    "mention",
    [
        "Yoon Suk Yeol",
        "Yoon Suk-yeol",
        "Yoon Seok-youl",
        "yoon suk yeol",
        "YOON SUK-YEOL",
        "President Yoon's",
        "South Korean President Yoon Suk Yeol",
        "Yoon\u2019s",
    ],
)
def test_yoon_variants(index: ActorIndex, mention: str) -> None:
    res = index.resolve(mention, date(2023, 4, 26))
    assert res is not None
    assert (res.actor_id, res.role, res.country) == ("yoon-suk-yeol", "president", "KOR")


@pytest.mark.parametrize("mention", ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un's", "kim jong un"])
def test_kim_jong_un_variants(index: ActorIndex, mention: str) -> None:
    res = index.resolve(mention, date(2023, 9, 13))
    assert res is not None and res.actor_id == "kim-jong-un" and res.qid == "Q56226"


@pytest.mark.parametrize(
    ("mention", "actor_id"),
    [
        ("Choe Son Hui", "choe-son-hui"),
        ("Choi Son-hui", "choe-son-hui"),
        ("Lee Jae Myung", "lee-jae-myung"),
        ("Erdoğan", "recep-tayyip-erdogan"),
        ("Erdogan", "recep-tayyip-erdogan"),
        ("Zelenskyy", "volodymyr-zelensky"),
        ("Lula", "luiz-inacio-lula-da-silva"),
        ("Jokowi", "joko-widodo"),
        ("AMLO", "andres-manuel-lopez-obrador"),
        ("Kishida Fumio", "fumio-kishida"),
        ("MBS", "mohammed-bin-salman"),
        ("von der Leyen", "ursula-von-der-leyen"),
    ],
)
def test_other_variants(index: ActorIndex, mention: str, actor_id: str) -> None:
    res = index.resolve(mention, date(2023, 6, 1))
    assert res is not None and res.actor_id == actor_id


def test_unknown_mentions(index: ActorIndex) -> None:
    assert index.resolve("Seoul", date(2023, 1, 1)) is None
    assert index.resolve("", date(2023, 1, 1)) is None
    assert index.resolve("Some Unknown Person", None) is None


def test_resolve_without_date_uses_the_dictionary_date(index: ActorIndex) -> None:
    res = index.resolve("Kim Jong Un", None)
    assert res is not None and res.role == "leader"
    assert index.resolve("Kishida", None).role is None  # out of office by the dictionary's newest date
    assert index.as_of >= date(2025, 10, 21)


def test_alias_patterns(index: ActorIndex) -> None:
    patterns = index.alias_patterns()
    assert ("Kishida", "fumio-kishida") in patterns
    assert ("Kim", "kim-jong-un") in patterns and ("Kim", "kim-jong-il") in patterns
    assert ("Yoon Suk-yeol", "yoon-suk-yeol") in patterns
    assert ("May", "theresa-may") not in patterns  # month name, too risky for a phrase matcher
    assert all(surface.strip() for surface, _ in patterns)


def test_normalize() -> None:
    assert normalize("Kim Jong-Un\u2019s") == "kim jong un"
    assert normalize("Édouard  Philippe") == "edouard philippe"
    assert normalize("George W. Bush") == "george w bush"


# --------------------------------------------------------------------------- places and countries
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Seoul", ("KOR", True)),
        ("Pyongyang", ("PRK", True)),
        ("the Kremlin", ("RUS", True)),
        ("Kremlin", ("RUS", True)),
        ("the White House", ("USA", True)),
        ("Downing Street", ("GBR", True)),
        ("the Élysée", ("FRA", True)),
        ("the Elysee", ("FRA", True)),
        ("Zhongnanhai", ("CHN", True)),
        ("the Blue House", ("KOR", True)),
        ("Kyiv", ("UKR", True)),
        ("Kiev", ("UKR", True)),
        ("New Delhi", ("IND", True)),
        ("Singapore", ("SGP", True)),
        ("Washington", ("USA", True)),
        ("Camp David", ("USA", False)),
        ("Woodside", ("USA", False)),
        ("Filoli estate", ("USA", False)),
        ("Hiroshima", ("JPN", False)),
        ("Vostochny Cosmodrome", ("RUS", False)),
        ("Sentosa", ("SGP", False)),
        ("Amur region", ("RUS", False)),
    ],
)
def test_places(index: ActorIndex, name: str, expected: tuple[str, bool]) -> None:
    assert index.place(name) == expected


def test_unknown_place(index: ActorIndex) -> None:
    assert index.place("Atlantis") is None


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("South Korea", "KOR"),
        ("South Korean", "KOR"),
        ("Republic of Korea", "KOR"),
        ("ROK", "KOR"),
        ("North Korean", "PRK"),
        ("DPRK", "PRK"),
        ("Japanese", "JPN"),
        ("Japan", "JPN"),
        ("Chinese", "CHN"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("British", "GBR"),
        ("Türkiye", "TUR"),
        ("the Netherlands", "NLD"),
        ("EU", "EUU"),
        ("the European Commission", "EUU"),
        ("U.N.", "UN"),
        ("NATO", "NATO"),
        ("the Asian Development Bank", "ADB"),
        ("African Union", "AU"),
        ("Ivory Coast", "CIV"),
        ("Korean", None),
        ("Koreans", None),
        ("Korea", None),
        ("Congo", None),
        ("us", None),
        ("Narnia", None),
    ],
)
def test_country(index: ActorIndex, name: str, iso3: str | None) -> None:
    assert index.country(name) == iso3


# --------------------------------------------------------------------------- CSV consistency
def test_actor_rows_are_well_formed() -> None:
    actors = _rows("actors.csv")
    ids = [a["actor_id"] for a in actors]
    assert len(ids) == len(set(ids))
    for a in actors:
        assert SLUG.match(a["actor_id"]), a
        assert a["name"].strip() and a["source"].strip(), a
        assert ISO3.match(a["country"]), a
        assert a["qid"] == "" or QID.match(a["qid"]), a
    qids = [a["qid"] for a in actors if a["qid"]]
    assert len(qids) == len(set(qids))


def test_every_reference_points_to_an_actor() -> None:
    ids = {a["actor_id"] for a in _rows("actors.csv")}
    tenure_ids = {t["actor_id"] for t in _rows("tenures.csv")}
    alias_ids = {a["actor_id"] for a in _rows("aliases.csv")}
    assert tenure_ids <= ids
    assert alias_ids <= ids
    assert ids <= tenure_ids  # no actor without a tenure
    assert all(a["alias"].strip() for a in _rows("aliases.csv"))


def test_tenure_dates_and_codes() -> None:
    for t in _rows("tenures.csv"):
        assert ISO3.match(t["country"]), t
        assert t["office"].strip() and t["role"] == t["role"].lower() and t["source"].strip(), t
        start = _d(t["start"])
        if t["end"]:
            assert start < _d(t["end"]), t
        assert start <= date(2026, 12, 31), t


def test_no_unexpected_overlaps() -> None:
    by_office: dict[tuple[str, str], list[dict[str, str]]] = {}
    for t in _rows("tenures.csv"):
        by_office.setdefault((t["country"], t["office"]), []).append(t)
    found = set()
    for (_, office), items in by_office.items():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                a_end = _d(a["end"]) if a["end"] else date.max
                b_end = _d(b["end"]) if b["end"] else date.max
                if _d(a["start"]) < b_end and _d(b["start"]) < a_end:
                    first, second = sorted((a, b), key=lambda t: t["start"])
                    found.add((office, first["actor_id"], second["actor_id"]))
    assert found <= ALLOWED_OVERLAPS, found - ALLOWED_OVERLAPS


def test_codes_exist_in_countries_csv() -> None:
    known = {c["iso3"] for c in _rows("countries.csv")}
    assert all(ISO3.match(code) for code in known)
    assert len(known) >= 190
    used = {a["country"] for a in _rows("actors.csv")} | {t["country"] for t in _rows("tenures.csv")}
    used |= {p["country"] for p in _rows("places.csv")}
    assert used <= known, used - known


def test_organisation_codes_are_distinct_from_country_codes() -> None:
    import pycountry

    codes = [o["code"] for o in _rows("organisations.csv")]
    countries = {c["iso3"] for c in _rows("countries.csv")} | {c.alpha_3 for c in pycountry.countries}
    assert len(codes) == len(set(codes)) and all(o["name"] for o in _rows("organisations.csv"))
    assert not set(codes) & countries


def test_places_rows() -> None:
    for p in _rows("places.csv"):
        assert ISO3.match(p["country"]), p
        assert p["kind"] in {"capital", "city", "venue", "seat", "region"}, p
        assert p["metonym"] in {"true", "false"}, p


def test_ambiguous_forms_are_not_plain_demonyms() -> None:
    for c in _rows("countries.csv"):
        demonyms = {d for d in c["demonyms"].split("|") if d}
        ambiguous = {d for d in c["ambiguous"].split("|") if d}
        assert not demonyms & ambiguous, c


@pytest.mark.parametrize("day", [date(2000, 6, 1), date(2008, 6, 1), date(2016, 6, 1), date(2025, 12, 1)])
def test_coverage_of_required_countries(day: date) -> None:
    heads: dict[str, set[str]] = {}
    for t in _rows("tenures.csv"):
        end = _d(t["end"]) if t["end"] else date.max
        if _d(t["start"]) <= day < end:
            heads.setdefault(t["country"], set()).add(t["role"])
    for code in REQUIRED:
        if code == "EUU" and day < date(2009, 12, 1):
            assert "commission president" in heads.get(code, set()), (code, day)
            continue
        roles = heads.get(code, set())
        assert roles, (code, day)
        head_roles = {
            "president",
            "leader",
            "king",
            "chancellor",
            "prime minister",
            "premier",
            "council president",
            "commission president",
            "general secretary",
        }
        assert roles & head_roles, (code, day, roles)
        if code not in NO_HEAD_OF_STATE:
            assert roles & {"president", "leader", "king", "council president"}, (code, day, roles)
