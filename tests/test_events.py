"""PLOVER event extraction: dates, modality, modes, actors and one CONSULT per meeting.

A text with its expected events is a case in `tests/cases/events.yaml`; the tests here need more (several
events, dates relative to each other, two readings of one text). The short texts are written for these
tests; the seed article is read from the shared folder.
"""

from __future__ import annotations

from datetime import date

import pytest

from summitdata.clean.clean import clean_page
from summitdata.extract.events import Event
from tests.conftest import OnText, seed_article


@pytest.fixture(scope="module")
def extractor() -> OnText:
    return OnText("events")


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [e for e in events if e.event_type == event_type]


def only(events: list[Event], event_type: str) -> Event:
    found = of_type(events, event_type)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------------------- dates


def test_explicit_month_and_year(extractor: OnText) -> None:
    text = "Narendra Modi hosted Fumio Kishida in New Delhi in March 2023 for talks on an Indo-Pacific plan."
    consult = only(extractor.extract(text, date(2024, 6, 1)), "CONSULT")
    assert (consult.event_date, consult.date_precision, consult.date_source) == (date(2023, 3, 1), "month", "explicit")
    assert consult.is_historical
    assert set(consult.actor_ids) == {"narendra-modi", "fumio-kishida"}


# ---------------------------------------------------------------------------- history and one CONSULT per meeting


def test_current_and_recalled_meetings_are_kept_apart(extractor: OnText) -> None:
    text = (
        "NEW DELHI (Test Wire) — Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida here on Monday "
        "for their annual summit.\n"
        "The two leaders discussed a high-speed rail project during the talks.\n"
        "They last met in Hiroshima in May 2023, when Modi attended a gathering of world leaders."
    )
    consults = of_type(extractor.extract(text, date(2024, 1, 16)), "CONSULT")
    current = [e for e in consults if not e.is_historical]
    past = [e for e in consults if e.is_historical]
    assert len(current) == 1, consults  # the lead and "the talks" are one meeting
    assert current[0].event_date == date(2024, 1, 15)
    assert current[0].location_country == "IND"
    assert (current[0].actors, current[0].recipient) == (("JPN",), "IND")
    assert len(past) == 1
    assert (past[0].event_date, past[0].location_name) == (date(2023, 5, 1), "Hiroshima")
    assert set(past[0].participants) == {"IND", "JPN"}


# ---------------------------------------------------------------------------- modes and actors


def test_multilateral_summit_is_one_event_with_every_participant(extractor: OnText) -> None:
    text = (
        "The leaders of Japan, South Korea and China held a trilateral summit in Seoul on Monday, their first "
        "such meeting in four years. Premier Li Qiang, President Yoon Suk Yeol and Prime Minister Fumio Kishida "
        "met for two hours."
    )
    consult = only(extractor.extract(text, date(2024, 5, 27)), "CONSULT")
    assert (consult.mode, consult.actors, consult.recipient) == ("multilateral", ("CHN", "JPN", "KOR"), None)
    assert {"li-qiang", "yoon-suk-yeol", "fumio-kishida"} <= set(consult.actor_ids)
    assert consult.cooperation_score == 4.0


def test_group_summit_expands_to_its_members(extractor: OnText) -> None:
    text = "Group of Seven leaders opened a three-day summit in Hiroshima on Friday."
    consult = only(extractor.extract(text, date(2023, 5, 19)), "CONSULT")
    assert consult.actors == ("CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA")
    assert (consult.event_date, consult.end_date) == (date(2023, 5, 19), date(2023, 5, 21))


def test_phone_call(extractor: OnText) -> None:
    text = "Emmanuel Macron spoke by phone with Volodymyr Zelensky on Tuesday."
    consult = only(extractor.extract(text, date(2024, 2, 7)), "CONSULT")
    assert (consult.mode, consult.cooperation_score) == ("phone", 1.5)
    assert set(consult.participants) == {"FRA", "UKR"}


# ---------------------------------------------------------------------------- modality


@pytest.mark.parametrize(
    "text",
    [
        "Putin and Erdogan did not agree on a new grain deal during their talks in Sochi on Monday.",
        "No agreement was reached when Putin and Erdogan met in Sochi on Monday.",
    ],
)
def test_negated_agreements(extractor: OnText, text: str) -> None:
    events = extractor.extract(text, date(2023, 9, 5))
    agree = only(events, "AGREE")
    assert agree.is_negated
    assert agree.cooperation_score == 0.0
    assert set(agree.actors) == {"RUS", "TUR"}
    consult = only(events, "CONSULT")  # the meeting itself did happen
    assert not consult.is_negated


def test_planned_visit_is_agree_not_consult(extractor: OnText) -> None:
    text = "Chancellor Olaf Scholz will visit Paris next month for talks with President Emmanuel Macron."
    events = extractor.extract(text, date(2024, 4, 2))
    assert not of_type(events, "CONSULT")
    agree = only(events, "AGREE")
    assert agree.is_future
    assert agree.actors == ("DEU",)
    assert agree.topic == "visit"


def test_invitation_is_agree(extractor: OnText) -> None:
    text = "President Emmanuel Macron invited Prime Minister Narendra Modi to Paris for the national day parade."
    events = extractor.extract(text, date(2023, 5, 2))
    assert not of_type(events, "CONSULT")
    agree = only(events, "AGREE")
    assert (agree.actors, agree.recipient) == (("FRA",), "IND")


def test_signed_memorandum_and_joint_statement_are_support(extractor: OnText) -> None:
    text = (
        "Japan and India signed a memorandum of understanding on semiconductors on Tuesday. "
        "In a joint statement, the two governments pledged to secure supply chains for critical minerals."
    )
    events = extractor.extract(text, date(2023, 7, 25))
    supports = of_type(events, "SUPPORT")
    assert len(supports) == 2
    assert all(set(e.actors) == {"IND", "JPN"} for e in supports)
    assert all(e.cooperation_score == 5.0 for e in supports)
    agree = only(events, "AGREE")
    assert agree.topic == "supply chains"


def test_promise_to_cooperate_is_agree_with_a_topic(extractor: OnText) -> None:
    text = "Scholz and Macron agreed on Friday to coordinate the evacuation of their citizens from Sudan."
    agree = only(extractor.extract(text, date(2023, 4, 21)), "AGREE")
    assert agree.topic == "evacuation of citizens"
    assert "human_security" in agree.contexts


# ---------------------------------------------------------------------------- metonymy and non-events


def test_former_leader_is_not_coded_as_in_office(extractor: OnText) -> None:
    text = "Boris Johnson met Joe Biden in Washington on Tuesday."
    consult = only(extractor.extract(text, date(2021, 9, 21)), "CONSULT")
    assert "boris-johnson" in consult.actor_ids
    assert extractor.extract(text, date(2024, 9, 17)) == []  # no longer prime minister: not a state meeting


def test_evidence_offsets_point_into_the_text(extractor: OnText) -> None:
    text = "A first paragraph without any event.\nKishida met Yoon in Seoul on Friday for talks."
    consult = only(extractor.extract(text, date(2024, 9, 6)), "CONSULT")
    assert text[consult.start_char : consult.end_char] == consult.evidence
    assert consult.evidence.startswith("Kishida met Yoon")


# ---------------------------------------------------------------------------- the seed article


@pytest.fixture(scope="module")
def seed_events(extractor: OnText) -> list[Event]:
    page = seed_article("event coding on a real news article")
    result = clean_page(page)
    return extractor.extract(result.text, date(2024, 9, 6))


def test_seed_current_summit(seed_events: list[Event]) -> None:
    current = [e for e in seed_events if e.event_type == "CONSULT" and not e.is_historical]
    assert len(current) == 1
    summit = current[0]
    assert summit.event_date == date(2024, 9, 6)
    assert set(summit.participants) == {"JPN", "KOR"}
    assert (summit.location_name, summit.location_country) == ("Seoul", "KOR")
    assert {"fumio-kishida", "yoon-suk-yeol"} <= set(summit.actor_ids)


def test_seed_recalled_meetings(seed_events: list[Event]) -> None:
    past = [e for e in seed_events if e.event_type == "CONSULT" and e.is_historical]
    found = {(tuple(e.participants), e.event_date, e.recipient) for e in past}
    assert (("JPN", "KOR"), date(2023, 3, 1), "JPN") in found  # Yoon in Tokyo, March 2023
    assert (("JPN", "KOR"), date(2023, 5, 1), "KOR") in found  # Kishida in South Korea, May 2023
    assert (("JPN", "KOR", "USA"), date(2023, 8, 1), None) in found  # the trilateral near Washington
    tokyo = next(e for e in past if e.recipient == "JPN")
    assert (tokyo.actors, tokyo.location_name, tokyo.mode) == (("KOR",), "Tokyo", "visit")
    assert len(past) == 3


def test_seed_commitments_and_promo_line(seed_events: list[Event]) -> None:
    topics = {e.topic for e in seed_events if e.event_type in ("AGREE", "SUPPORT")}
    assert {"immigration procedures", "evacuation of citizens", "missile-warning data"} <= topics
    concede = [e for e in seed_events if e.topic == "trade restrictions"]
    assert concede and set(concede[0].actors) == {"JPN", "KOR"}  # "Seoul and Tokyo both removed ..."
    for e in seed_events:
        assert "Aliyev" not in e.evidence and "Meloni" not in e.evidence
        assert not ({"AZE", "ITA"} & set(e.participants))


# ---------------------------------------------------------------------------- the parse-based coder (events/parsed.py)


def test_parse_deputy_minister_visit(extractor: OnText) -> None:
    text = "Vietnamese Deputy Foreign Minister Tran Van Hoa visited Laos on Tuesday."
    visit = only(extractor.extract(text, date(2024, 3, 8)), "CONSULT")
    assert (visit.actors, visit.recipient, visit.mode) == (("VNM",), "LAO", "visit")
    assert (visit.event_date, visit.date_source) == (date(2024, 3, 5), "relative")
    assert not visit.leader_level  # parse-coded events never found a summit


def test_parse_pledge_of_aid_is_agree_not_aid(extractor: OnText) -> None:
    events = extractor.extract("Senior Polish officials vowed to deliver emergency aid to Moldova.", date(2024, 3, 8))
    assert only(events, "AGREE").actors == ("POL",)
    assert not of_type(events, "AID")  # promised aid is not aid delivered


def test_parse_aid_sent(extractor: OnText) -> None:
    aid = only(extractor.extract("Portuguese officials sent medical supplies to Angola on Monday.", date(2024, 3, 8)),
               "AID")
    assert (aid.actors, aid.recipient, aid.is_future, aid.leader_level) == (("PRT",), "AGO", False, False)


def test_parse_government_will_back_resolution(extractor: OnText) -> None:
    text = "The Norwegian government said it would back the UN resolution on Sudan."
    events = extractor.extract(text, date(2024, 3, 8))
    agree = only(events, "AGREE")  # future support is an intention (the manual's AGREE)
    assert (agree.actors, agree.is_future, agree.date_source) == (("NOR",), True, "publication")
    assert not of_type(events, "SUPPORT")


def test_parse_neighbours_resume_negotiations(extractor: OnText) -> None:
    consult = only(extractor.extract("Ethiopia and Eritrea resumed negotiations on Monday.", date(2024, 3, 8)),
                   "CONSULT")
    assert (consult.actors, consult.recipient) == (("ERI", "ETH"), None)
    assert (consult.event_date, consult.is_negated, consult.leader_level) == (date(2024, 3, 4), False, False)


def test_parse_passive_sanction_agent_acts(extractor: OnText) -> None:
    text = "Sanctions were imposed on Belarus by Canada on Friday."
    sanction = only(extractor.extract(text, date(2024, 3, 8)), "SANCTION")
    assert (sanction.actors, sanction.recipient) == (("CAN",), "BLR")


def test_parse_passive_expulsion_subject_is_recipient(extractor: OnText) -> None:
    text = "Two Bolivian diplomats were expelled by the Chilean government on Monday."
    sanction = only(extractor.extract(text, date(2024, 3, 8)), "SANCTION")
    assert (sanction.actors, sanction.recipient) == (("CHL",), "BOL")


def test_parse_negated_meeting(extractor: OnText) -> None:
    text = "Chilean and Peruvian diplomats did not confer in Lima on Monday."
    consult = only(extractor.extract(text, date(2024, 3, 8)), "CONSULT")
    assert consult.is_negated and consult.cooperation_score == 0.0
    assert set(consult.participants) == {"CHL", "PER"}


def test_parse_future_visit_is_agree(extractor: OnText) -> None:
    events = extractor.extract("The Kenyan trade minister will visit Uganda next week.", date(2024, 3, 8))
    agree = only(events, "AGREE")
    assert (agree.actors, agree.recipient, agree.is_future, agree.topic) == (("KEN",), "UGA", True, "visit")
    assert not of_type(events, "CONSULT")


def test_parse_relief_plane_is_aid(extractor: OnText) -> None:
    aid = only(extractor.extract("A Qatari relief plane landed in Kabul on Sunday.", date(2024, 3, 8)), "AID")
    assert (aid.actors, aid.recipient) == (("QAT",), "AFG")


def test_an_official_unknown_to_the_index_acts_for_the_outlets_country(extractor: OnText) -> None:
    text = ("Deputy Foreign Minister Nguyen Thanh Son met with Chinese Foreign Minister Wang Yi in Beijing on Friday.\n"
            "On Saturday, Son met with officials of the Chinese Communist Party.")
    day = date(2010, 5, 8)
    events = extractor.extract(text, day, "https://vovworld.vn/en-US/news/deputy-minister-visits-china-1.vov")
    assert [(e.event_type, e.actors, e.recipient) for e in events] == [
        ("CONSULT", ("VNM",), "CHN"), ("CONSULT", ("CHN", "VNM"), None)]
    assert extractor.extract(text, day, "https://www.example.com/a") == []  # a generic domain: no nationality


def test_an_official_whose_title_names_a_country_acts_for_it(extractor: OnText) -> None:
    text = "First Deputy Foreign Minister of Russia Vladimir Titov met with Vietnamese officials in Hanoi on Friday."
    [event] = extractor.extract(text, date(2020, 3, 6), "https://www.example.com/a")
    assert (event.event_type, event.actors, event.recipient) == ("CONSULT", ("RUS",), "VNM")


def test_named_ministers_meeting_is_no_summit_whatever_summit_is_mentioned_beside_it(extractor: OnText) -> None:
    one = ("U.S. Secretary of State Mike Pompeo met North Korean official Kim Yong Chol on Friday to fill in details"
           " of the commitment to denuclearization agreed during a historic summit between their country heads.")
    two = ("Secretary of State Antony Blinken met with Russian Foreign Minister Sergei Lavrov in Geneva on Friday.\n"
           "President Joe Biden and Russian President Vladimir Putin held a summit in Geneva in June.")
    consults = [e for text, day in ((one, date(2018, 7, 6)), (two, date(2022, 1, 21)))
                for e in extractor.extract(text, day) if e.event_type == "CONSULT" and not e.is_historical]
    assert consults and not any(e.leader_level for e in consults)


@pytest.mark.parametrize("sentence", [
    "President Joe Biden will fly to Japan for the Quad Leaders' Summit with Prime Minister Narendra Modi.",
    "The forthcoming summit between Joe Biden and Narendra Modi will focus on trade.",
])
def test_a_summit_one_will_travel_to_or_a_forthcoming_one_has_not_happened(extractor: OnText, sentence: str) -> None:
    events = extractor.extract(sentence, date(2022, 5, 19))
    assert events and all(e.is_future for e in events)


@pytest.mark.parametrize("opening", ["RIYADH: ", "RIYADH — ", "RIYADH—", "Riyadh (Reuters) - ", "(Reuters) -- ",
                                     "Riyadh: ", "New Delhi: "])  # a known city before a colon
def test_a_dateline_after_a_headline_is_left_out_of_the_first_sentence(extractor: OnText, opening: str) -> None:
    text = ("Saudi Arabia expels envoy\nAP News\nPosted: Aug 6, 2018 7:09 PM\n"  # a headline, outlet and date lines
            f"{opening}Saudi Arabia said on Monday it was expelling the Canadian ambassador.")
    events = extractor.extract(text, date(2018, 8, 6))
    body = [e for e in events if e.start_char > len("Saudi Arabia expels envoy")]
    assert body and all(e.evidence.startswith("Saudi Arabia said") for e in body)


def test_a_meeting_whose_date_or_place_is_announced_is_still_to_come(extractor: OnText) -> None:
    published = date(2019, 2, 9)
    for text in ("President Trump announced Vietnam as the location of his meeting with Kim Jong Un on February 5.",
                 "Washington and Moscow announced the time and place of the summit between Trump and Putin on "
                 "Wednesday."):
        [event] = [e for e in extractor.extract(text, published) if e.event_type in ("CONSULT", "AGREE")]
        assert (event.event_type, event.is_future, event.leader_level) == ("AGREE", True, True)
        assert (event.event_date, event.date_source) == (published, "publication")  # not the announcement's day


@pytest.mark.parametrize("when", ["on April 27 last year", "on April 27-28 last year", "on April 27th of last year"])
def test_a_month_and_day_of_last_year_is_that_day(extractor: OnText, when: str) -> None:
    consult = only(extractor.extract(f"Narendra Modi met Xi Jinping in Wuhan {when}.", date(2019, 10, 9)), "CONSULT")
    assert (consult.event_date, consult.date_precision, consult.is_historical) == (date(2018, 4, 27), "day", True)


@pytest.mark.parametrize(("text", "leaders"), [
    ("Subrahmanyam Jaishankar met Antony Blinken on the sidelines of the Quad meeting in Tokyo on Tuesday.", False),
    ("The Quad leaders met in Tokyo on Tuesday.", True),
])
def test_a_group_named_beside_a_meeting_makes_it_leader_level_only_as_its_leaders_or_summit(
        extractor: OnText, text: str, leaders: bool) -> None:
    consult = only(extractor.extract(text, date(2022, 3, 3)), "CONSULT")
    assert consult.leader_level is leaders


@pytest.mark.parametrize("verb", ["cut short", "broke off", "walked out of", "ended"])
def test_who_ends_a_summit_held_abroad_took_part_in_it_and_the_venue_is_no_party(extractor: OnText, verb: str) -> None:
    consult = only(extractor.extract(f"Trump and Kim Jong Un {verb} their Hanoi summit on Thursday.",
                                     date(2019, 2, 28)), "CONSULT")
    assert (set(consult.actors), consult.recipient, consult.location_country) == ({"PRK", "USA"}, None, "VNM")


def test_a_verb_with_its_own_subject_parsed_as_an_attribute_codes_as_a_clause() -> None:
    import spacy
    from spacy.tokens import Doc

    from summitdata.extract.events.parsed import ParseRules

    vocab = spacy.blank("en").vocab
    # "The Bank disbursed aid" as the parser sometimes gets it: "disbursed" an attribute of "aid", with a subject
    doc = Doc(vocab, words=["The", "Bank", "disbursed", "aid"], heads=[1, 2, 3, 3],
              deps=["det", "nsubj", "amod", "ROOT"], pos=["DET", "PROPN", "VERB", "NOUN"])
    assert ParseRules._code_token(doc[2])[:2] == ("AID", None)
    attribute = Doc(vocab, words=["the", "disbursed", "aid"], heads=[2, 2, 2], deps=["det", "amod", "ROOT"],
                    pos=["DET", "VERB", "NOUN"])
    assert ParseRules._code_token(attribute[1]) is None  # "the disbursed aid": an attribute, no object
