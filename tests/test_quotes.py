"""Quote extraction: one test per pattern on small texts of our own, plus the seed article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from summitdata.clean.clean import clean_page
from summitdata.extract.quotes import Quote
from tests.conftest import OnText, seed_article

REPO = Path(__file__).resolve().parents[1]
DAY = date(2024, 9, 6)


@pytest.fixture(scope="module")
def extractor() -> OnText:
    return OnText("quotes")


def extract(extractor: OnText, *paragraphs: str, on: date | None = DAY) -> tuple[str, list[Quote]]:
    text = "\n".join(paragraphs)
    quotes = extractor.extract(text, on)
    for q in quotes:
        assert text[q.start_char : q.end_char] == q.quote_text
    return text, quotes


def only(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.quote_text]
    assert len(hits) == 1, [q.quote_text for q in quotes]
    return hits[0]


# ------------------------------------------------------------------ speaker after the quote
def test_speaker_after_quote_with_told_reporters(extractor):
    _, quotes = extract(extractor, "“The talks were frank and useful,” Kishida told reporters in Seoul.")
    q = only(quotes, "frank")
    assert q.quote_text == "The talks were frank and useful,"
    assert (q.kind, q.speaker_name, q.speaker_raw, q.cue) == ("direct", "Fumio Kishida", "Kishida", "told reporters")
    assert q.speaker_role == "prime minister" and q.speaker_country == "JPN" and q.speaker_id == "fumio-kishida"


def test_inverted_speaker_after_quote(extractor):
    _, quotes = extract(extractor, '"We have no time to lose," said Yoon after the meeting.')
    q = only(quotes, "no time")
    assert (q.kind, q.speaker_name, q.cue) == ("direct", "Yoon Suk Yeol", "said")


def test_role_speaker_after_quote_in_statement(extractor):
    _, quotes = extract(extractor, "“Our position has not changed,” the minister said in a statement on Monday.")
    q = only(quotes, "position")
    assert (q.kind, q.speaker_raw, q.speaker_name) == ("direct", "the minister", None)


# ------------------------------------------------------------------ speaker before the quote
def test_speaker_before_with_colon(extractor):
    _, quotes = extract(extractor, "At the news conference, Yoon said: “The door to dialogue remains open.”")
    q = only(quotes, "door")
    assert (q.kind, q.speaker_name, q.cue) == ("direct", "Yoon Suk Yeol", "said")


def test_speaker_before_without_colon(extractor):
    _, quotes = extract(extractor, 'Kishida said "we owe this to the next generation" before leaving the room.')
    q = only(quotes, "next generation")
    assert q.speaker_name == "Fumio Kishida"


def test_colon_after_a_non_speech_verb_takes_the_subject(extractor):
    text = "Marta Silva, a trade negotiator, was blunt. Silva agreed: “Nobody wants a tariff war.”"
    _, quotes = extract(extractor, text)
    q = only(quotes, "tariff war")
    assert (q.kind, q.speaker_name, q.cue) == ("direct", "Marta Silva", ":")


def test_according_to(extractor):
    _, quotes = extract(
        extractor,
        "“Both sides showed flexibility,” according to a diplomat familiar with the talks.",
        "According to the foreign ministry, “the visit went smoothly.”",
    )
    first, second = only(quotes, "flexibility"), only(quotes, "smoothly")
    assert (first.cue, first.speaker_raw) == ("according to", "a diplomat familiar with the talks")
    assert (second.cue, second.speaker_raw, second.kind) == ("according to", "the foreign ministry", "direct")


# ------------------------------------------------------------------ indirect speech
def test_indirect_with_that(extractor):
    _, quotes = extract(extractor, "Yoon said that the two governments would set up a hotline by the end of the year.")
    q = only(quotes, "hotline")
    assert q.quote_text == "the two governments would set up a hotline by the end of the year"
    assert (q.kind, q.speaker_name, q.cue) == ("indirect", "Yoon Suk Yeol", "said")


def test_indirect_told_reporters_without_that(extractor):
    _, quotes = extract(extractor, "Kishida told reporters the two sides would meet again in the spring.")
    q = only(quotes, "meet again")
    assert q.quote_text == "the two sides would meet again in the spring"
    assert (q.kind, q.speaker_name, q.cue) == ("indirect", "Fumio Kishida", "told reporters")


@pytest.mark.parametrize("verb", ["noted", "added", "stressed", "warned", "insisted"])
def test_indirect_with_other_verbs(extractor, verb):
    _, quotes = extract(extractor, f"Kishida {verb} that the agreement would not be reopened, officials said.")
    q = only(quotes, "agreement")
    assert q.quote_text == "the agreement would not be reopened"
    assert (q.kind, q.cue, q.speaker_name) == ("indirect", verb, "Fumio Kishida")


def test_indirect_trims_trailing_according_to(extractor):
    _, quotes = extract(extractor, "Yoon told Kishida that exchanges should expand, according to his office.")
    assert only(quotes, "exchanges").quote_text == "exchanges should expand"


@pytest.mark.parametrize("sentence", [
    "The foundation will pay the victims, rather than insisting that the companies themselves pay.",
    "Kishida left the meeting without saying that the companies would pay.",
    "Instead of claiming that the companies would pay, Kishida praised the foundation.",
])
def test_speech_that_did_not_happen_is_not_reported(extractor, sentence):
    _, quotes = extract(extractor, sentence)
    assert [q for q in quotes if "companies" in q.quote_text] == []


def test_a_sentence_adverb_instead_does_not_cancel_the_speech(extractor):
    _, quotes = extract(extractor, "Instead, Kishida stressed that the companies would pay.")
    assert only(quotes, "companies").cue == "stressed"


def test_indirect_is_not_drawn_from_a_verb_without_that(extractor):
    _, quotes = extract(extractor, "Kishida announced a new aid package for the region on Friday.")
    assert quotes == []


# ------------------------------------------------------------------ continuation
def test_continuation_in_same_paragraph(extractor):
    _, quotes = extract(extractor, "“We are neighbours,” Yoon told reporters. “Neighbours have to talk to each other.”")
    q = only(quotes, "have to talk")
    assert (q.kind, q.speaker_name, q.cue) == ("direct", "Yoon Suk Yeol", "continuation")


def test_continuation_across_paragraph_break(extractor):
    _, quotes = extract(
        extractor,
        "“There will be difficult days ahead,” Kishida said on Friday.",
        "“But the direction we have chosen is the right one.”",
    )
    q = only(quotes, "direction")
    assert (q.speaker_name, q.paragraph) == ("Fumio Kishida", 1)


def test_quote_far_from_any_attribution_is_dropped(extractor):
    _, quotes = extract(
        extractor,
        "“Trade will recover,” Kishida said.",
        "Exports fell for a third month.",
        "Economists expect a rebound next year.",
        "Factories cut shifts in the north.",
        "“Nobody saw this coming.”",
    )
    assert [q.quote_text for q in quotes] == ["Trade will recover,"]


def test_unclosed_quote_continues_into_next_paragraph(extractor):
    _, quotes = extract(
        extractor,
        "“We started from very different positions. It took a long time to find common ground.",
        "“In the end both sides gave something,” the negotiator said.",
    )
    first = only(quotes, "different positions")
    assert first.quote_text.endswith("common ground.")
    assert first.speaker_raw == "the negotiator"


# ------------------------------------------------------------------ pronouns
def test_pronoun_resolves_to_most_recent_named_person(extractor):
    _, quotes = extract(
        extractor,
        "Prime Minister Fumio Kishida arrived in the capital on Friday.",
        "“Cooperation is no longer optional,” he said.",
    )
    q = only(quotes, "optional")
    assert (q.speaker_raw, q.speaker_name) == ("he", "Fumio Kishida")


def test_pronoun_prefers_compatible_gender(extractor):
    _, quotes = extract(
        extractor,
        "Kishida met Lena Holm, a spokeswoman for the delegation, after the talks.",
        "Holm said the meeting ran long. “We covered every item on the list,” she said.",
    )
    q = only(quotes, "every item")
    assert q.speaker_name == "Lena Holm"


def test_pronoun_inside_sentence_refers_to_subject(extractor):
    text = "Kishida praised the deal, which he described as “a turning point” for both nations."
    _, quotes = extract(extractor, text)
    q = only(quotes, "turning point")
    assert (q.kind, q.speaker_name) == ("partial", "Fumio Kishida")


# ------------------------------------------------------------------ titles and appositions
def test_apposition_gives_name_and_role(extractor):
    text = (
        "“Neither capital can afford to lose momentum,” Anna Berg, director of Asia studies at the "
        "Lindqvist Institute, told the newspaper."
    )
    _, quotes = extract(extractor, text)
    q = only(quotes, "momentum")
    assert q.speaker_name == "Anna Berg"
    assert q.speaker_role == "director of Asia studies at the Lindqvist Institute"
    assert q.speaker_raw.startswith("Anna Berg, director")
    assert q.speaker_country is None and q.speaker_id is None


def test_surname_refers_back_to_full_name(extractor):
    _, quotes = extract(
        extractor,
        "“Neither capital can afford to lose momentum,” Anna Berg, an analyst, told the newspaper.",
        "“The next leader will inherit a much better relationship,” Berg said.",
    )
    q = only(quotes, "next leader")
    assert (q.speaker_raw, q.speaker_name, q.speaker_role) == ("Berg", "Anna Berg", "analyst")


def test_title_with_demonym_gives_country(extractor):
    _, quotes = extract(extractor, "Norwegian Trade Minister Ola Dahl said the tariffs would be lifted within weeks.")
    q = only(quotes, "tariffs")
    assert (q.speaker_name, q.speaker_country) == ("Ola Dahl", "NOR")


def test_role_is_date_aware(extractor):
    text = "Kishida said the summit had been a success for both countries."
    _, then = extract(extractor, text, on=date(2015, 6, 1))
    _, now = extract(extractor, text, on=DAY)
    assert only(then, "summit").speaker_role == "foreign minister"
    assert only(now, "summit").speaker_role == "prime minister"


def test_reverse_apposition(extractor):
    _, quotes = extract(extractor, "South Korea’s president, Yoon Suk Yeol, said the alliance had never been stronger.")
    assert only(quotes, "alliance").speaker_name == "Yoon Suk Yeol"


# ------------------------------------------------------------------ role-only speakers
@pytest.mark.parametrize(
    ("sentence", "raw"),
    [
        ("“It was planned long ago,” a senior administration official said.", "a senior administration official"),
        ("“Both leaders took real risks,” the prize’s judges said.", "the prize’s judges"),
        ("Analysts said the thaw was likely to outlast both governments.", "Analysts"),
    ],
)
def test_role_only_speakers_are_kept_as_written(extractor, sentence, raw):
    _, quotes = extract(extractor, sentence)
    assert len(quotes) == 1
    assert (quotes[0].speaker_raw, quotes[0].speaker_name) == (raw, None)


def test_role_phrase_naming_someone_else_is_not_that_person(extractor):
    _, quotes = extract(extractor, "A spokesman for Kishida later said the remarks had been misunderstood.")
    q = only(quotes, "remarks")
    assert (q.speaker_raw, q.speaker_name) == ("A spokesman for Kishida", None)


# ------------------------------------------------------------------ partial quotes
def test_partial_quote_takes_the_sentence_subject(extractor):
    text = "Yoon, who took office in 2022, called for a “forward-looking” partnership with Tokyo."
    _, quotes = extract(extractor, text)
    q = only(quotes, "forward-looking")
    assert (q.kind, q.speaker_name, q.cue) == ("partial", "Yoon Suk Yeol", "called")


def test_quoted_words_inside_indirect_speech_make_a_mixed_quote(extractor):
    text, quotes = extract(extractor, "He expressed hope that ties could reach “a higher stage” within two years.")
    [quote] = quotes
    assert (quote.kind, quote.quote_text) == ("mixed", "ties could reach “a higher stage” within two years")
    assert [text[s:e] for s, e in quote.fragments] == ["a higher stage"]


def test_partial_with_coordinated_indirect_clause(extractor):
    _, quotes = extract(
        extractor,
        "“We have come a long way,” Yoon said.",
        "He noted that trade had doubled and expressed hope that ties could reach “a higher stage” soon.",
    )
    assert only(quotes, "trade had doubled").kind == "indirect"
    assert only(quotes, "higher stage").speaker_name == "Yoon Suk Yeol"


# ------------------------------------------------------------------ quote marks
def test_multi_sentence_quote_is_one_quote(extractor):
    _, quotes = extract(extractor, '"We listened. We argued. In the end we agreed," Kishida said.')
    assert [q.quote_text for q in quotes] == ["We listened. We argued. In the end we agreed,"]


def test_straight_and_curly_marks(extractor):
    _, quotes = extract(
        extractor,
        '"Straight marks work," Yoon said.',
        "“So do curly ones,” Kishida said.",
    )
    assert [q.speaker_name for q in quotes] == ["Yoon Suk Yeol", "Fumio Kishida"]


def test_split_quote_gives_two_quotes_with_one_speaker(extractor):
    _, quotes = extract(extractor, "“The first part,” he said, “comes before the second.”", on=None)
    assert [q.quote_text for q in quotes] == ["The first part,", "comes before the second."]
    assert {q.speaker_raw for q in quotes} == {"he"}


@pytest.mark.parametrize(
    "text",
    [
        "He said “this never closes. And it keeps going",
        'Stray mark " in the middle of nothing.',
        "Closing first” then opening “ at the end",
        "“",
        '""',
        "”” ““ ” “",
    ],
)
def test_unbalanced_marks_do_not_crash(extractor, text):
    _, quotes = extract(extractor, text)
    assert all(q.quote_text.strip() for q in quotes)


# ------------------------------------------------------------------ not quotes
def test_titles_and_scare_quotes_are_not_quotes(extractor):
    _, quotes = extract(
        extractor,
        "The two leaders received the “Golden Bridge” prize in Oslo last year.",
        "The so-called “peace dividend” never arrived, and the “Spirit of Geneva” document was shelved.",
    )
    assert quotes == []


def test_quoted_headline_line_is_not_a_quote(extractor):
    _, quotes = extract(
        extractor,
        "Leaders of the two countries met in the capital on Friday.",
        "“Prime Minister Meets Finance Chiefs Ahead Of Budget Vote”",
        "The talks lasted three hours.",
    )
    assert quotes == []


def test_empty_text(extractor):
    assert extractor.extract("", DAY) == []
    assert extractor.extract("\n\n", None) == []


def test_paragraph_and_sentence_indices(extractor):
    text, quotes = extract(
        extractor,
        "The summit opened in the morning. Delegations arrived early.",
        "“We are ready,” Yoon said. Kishida said the agenda was full.",
    )
    direct, indirect = only(quotes, "ready"), only(quotes, "agenda")
    assert (direct.paragraph, direct.sentence) == (1, 2)
    assert (indirect.paragraph, indirect.sentence) == (1, 3)
    assert text[indirect.start_char : indirect.end_char] == "the agenda was full"


# ------------------------------------------------------------------ the seed article
def test_seed_article(extractor):
    cleaned = clean_page(seed_article("quote extraction on a real news article"))
    quotes = extractor.extract(cleaned.text, DAY)
    by_text = {q.quote_text: q for q in quotes}

    def speaker(fragment: str) -> str | None:
        q = only(quotes, fragment)
        return q.speaker_name or q.speaker_raw

    assert speaker("Over the past two years") == "Fumio Kishida"
    assert speaker("It is crucial for both nations") == "Fumio Kishida"
    assert speaker("It is crucial to maintain") == "Yoon Suk Yeol"
    assert speaker("next year will mark the 60th anniversary") == "Yoon Suk Yeol"
    assert speaker("The importance of Japan-South Korea relations") == "Fumio Kishida"
    assert speaker("I myself, in whatever role") == "Fumio Kishida"
    assert speaker("While Prime Minister Kishida deserves credit") == "Rob York"
    assert speaker("The current government in Seoul") == "Rob York"
    assert speaker("Both leaders chose a more hopeful future") == "the award’s organizers"
    assert speaker("the cooperation between the two East Asian democracies") == "Analysts"
    york = only(quotes, "While Prime Minister Kishida deserves credit")
    assert york.speaker_role == "director for regional affairs at the Hawaii-based Pacific Forum think tank"
    assert york.cue == "told Nikkei Asia"
    for fragment, name in (("a new level", "Yoon Suk Yeol"), ("future-oriented", "Yoon Suk Yeol")):
        [holder] = [q for q in quotes if q.quote_text == fragment
                    or any(cleaned.text[s:e] == fragment for s, e in q.fragments)]
        assert holder.kind in {"partial", "mixed"} and holder.speaker_name == name
    assert by_text["operationalize"].kind == "partial"
    assert not any("Aliyev" in q.quote_text or "Meloni" in q.quote_text for q in quotes)
    assert all(cleaned.text[q.start_char : q.end_char] == q.quote_text for q in quotes)


def test_a_plural_title_and_a_sentence_adverb_are_not_part_of_the_speaker(extractor):
    text = ("Presidents Donald Trump and Vladimir Putin met in Helsinki on Monday.\n"
            "Trump also, however, said the talks had gone well for both countries.")
    _, quotes = extract(extractor, text)
    assert [(q.speaker_raw, q.speaker_name) for q in quotes] == [("Trump", "Donald Trump")]


def test_a_known_leader_introduced_in_full_keeps_his_identity_under_his_surname(extractor):
    text = ("Visiting Ukrainian leader Volodymyr Zelenskyy toured the museum on Sunday.\n"
            "Zelenskyy said the world must not forget what happened in the city.")
    _, quotes = extract(extractor, text, on=date(2023, 5, 21))
    assert [(q.speaker_id, q.speaker_country) for q in quotes] == [("volodymyr-zelensky", "UKR")]


def test_a_nickname_in_quote_marks_is_part_of_the_name_and_an_office_once_held_names_the_person(extractor):
    text = ('President Joko "Jokowi" Widodo chaired the meeting.\n'
            'President Jokowi said the bloc must stay united in the face of the crisis.')
    quotes = extractor.extract(text, None)  # undated: no office is held "that day"
    assert [(q.kind, q.speaker_id, q.speaker_country) for q in quotes] == [("indirect", "joko-widodo", "IDN")]
    assert all("Jokowi" not in q.quote_text for q in quotes)


@pytest.mark.parametrize(("sentence", "content"), [
    ("Widodo urged the junta to end the violence against civilians.",
     "the junta to end the violence against civilians"),
    ("Widodo stressed the importance of unity so that the bloc is not divided.",
     "the importance of unity so that the bloc is not divided"),
    ("Widodo believes that none of the leaders wants a split.", "none of the leaders wants a split"),
])
def test_directives_stated_positions_and_beliefs_are_reported_speech(extractor, sentence: str, content: str):
    [q] = extractor.extract(sentence, date(2023, 5, 11))
    assert (q.kind, q.quote_text, q.speaker_id) == ("indirect", content, "joko-widodo")


def test_an_inverted_emphasis_verb_does_not_make_its_speaker_the_content(extractor):
    text = "Everything can be discussed with respect, stressed the head of state of the island nation."
    assert not [q for q in extractor.extract(text, date(2015, 4, 11)) if q.quote_text.startswith("the head")]


def test_a_commissive_verb_reports_its_infinitive(extractor):
    [q] = extractor.extract("Widodo promised to triple the size of the aid program next year.", date(2023, 5, 11))
    assert (q.kind, q.quote_text, q.speaker_id) == ("indirect", "to triple the size of the aid program next year",
                                                    "joko-widodo")


def test_naming_verbs_report_a_small_clause_but_not_a_particle_verb(extractor):
    [q] = extractor.extract("Xi called Putin a good friend of the Chinese people.", date(2023, 3, 21))
    assert (q.kind, q.quote_text, q.speaker_id) == ("indirect", "Putin a good friend of the Chinese people",
                                                    "xi-jinping")
    called_off = "Trump called off the meeting scheduled for June 12 in Singapore."
    assert extractor.extract(called_off, date(2018, 5, 24)) == []


def test_a_reporting_verb_inside_a_quotation_reports_nothing_of_its_own(extractor):
    text = 'Cruz called Trump a "narcissist at a level I don\'t think this country has ever seen."'
    assert [q.kind for q in extractor.extract(text, date(2016, 5, 3))] == ["partial"]


def test_quoted_as_saying_gives_the_person_quoted_not_the_outlet(extractor):
    text = ("Turkish President Tayyip Erdogan met Vladimir Putin in Sochi.\n"
            "Broadcaster NTV quoted him as saying Turkey was open to any realistic and fair step on the issue.\n"
            "Putin was quoted as saying the talks had been useful and substantive for both sides.")
    quotes = extractor.extract(text, date(2021, 9, 29))
    assert [(q.speaker_raw, q.speaker_id) for q in quotes] == [("him", "recep-tayyip-erdogan"),
                                                               ("Putin", "vladimir-putin")]


@pytest.mark.parametrize(("sentence", "source", "content"), [
    ("Clinton leads Trump by 46 percent to 42 percent, according to the poll.", "the poll",
     "Clinton leads Trump by 46 percent to 42 percent"),
    ("According to federal statistics, about 9.9 million single mothers live in the United States.",
     "federal statistics", "about 9.9 million single mothers live in the United States"),
])
def test_according_to_names_a_source_whatever_it_is(extractor, sentence, source, content):
    _, quotes = extract(extractor, sentence)
    q = only(quotes, content.split()[1])
    assert (q.speaker_raw, q.quote_text, q.kind, q.cue) == (source, content, "indirect", "according to")


@pytest.mark.parametrize(("sentence", "content"), [
    ("The summit, Kishida said, was a success.", "The summit, Kishida said, was a success"),
    ("Back in Tokyo, he said, he decided to call it off.", "Back in Tokyo, he said, he decided to call it off"),
    ("Unlike Seoul, Tokyo has few options left, officials say.", "Unlike Seoul, Tokyo has few options left"),
])
def test_a_parenthetical_speaker_reports_the_sentence_around_it(extractor, sentence, content):
    _, quotes = extract(extractor, sentence)
    assert [q.quote_text for q in quotes if q.kind == "indirect"] == [content]


def test_a_parenthetical_report_stops_before_a_clause_of_its_own(extractor):
    _, quotes = extract(extractor, "In general, he said, the talks went well and he called them “useful.”")
    assert "the talks went well" in only(quotes, "talks went").quote_text
    assert "called" not in only(quotes, "talks went").quote_text
