"""The text layer both coders read: sentences, quotation marks, the masked copy, and which sentences are parsed."""

from __future__ import annotations

from datetime import date

import pytest

from summitdata.extract.batch import extraction
from summitdata.extract.marks import MASK, dateline_at
from summitdata.extract.text import parse_articles

DAY = date(2024, 9, 6)
TEXT = (
    "SEOUL (Wire) — Yoon met Kishida in Seoul on Friday.\n"
    "The weather was mild. “We will keep talking,” Kishida told reporters.\n"
    "Markets closed higher."
)


@pytest.fixture(scope="module")
def work():
    return extraction()


def test_one_layer_holds_sentences_marks_and_the_masked_text(work) -> None:
    article = work.reader.read(TEXT, DAY)
    sentences = [TEXT[s:e] for s, e in article.sentences()]
    assert sentences == [
        "SEOUL (Wire) — Yoon met Kishida in Seoul on Friday.",
        "The weather was mild.",
        "“We will keep talking,” Kishida told reporters.",
        "Markets closed higher.",
    ]
    [mark] = article.marks
    assert TEXT[mark.start:mark.end] == "We will keep talking,"
    assert article.masked[mark.open:mark.close + 1] == MASK * (mark.close + 1 - mark.open)
    assert article.masked.startswith(" " * len("SEOUL (Wire) — "))  # the dateline is blanked
    assert [TEXT[s:e] for s, e in article.paragraphs][2] == "Markets closed higher."


def test_only_sentences_with_a_cue_or_a_trigger_are_parsed(work) -> None:
    article = work.reader.read(TEXT, DAY)
    parsed, total = parse_articles([article], work.parser, work.needs_parse)
    assert (parsed, total) == (2, 4)
    assert sorted(TEXT[s:s + 12] for s in article.parses) == ["SEOUL (Wire)", "“We will kee"]
    told = article.parsed_token(TEXT.index("told"))
    assert told is not None and told.text == "told" and told.pos_ == "VERB"
    assert {c.text for c in told.children if c.dep_ == "nsubj"} == {"Kishida"}
    met = article.parsed_token(TEXT.index("met"))
    assert met is not None and met.text == "met"
    assert article.parsed_token(TEXT.index("weather")) is None  # its sentence was not parsed


def test_a_quotation_with_an_event_word_is_parsed_and_one_without_is_not(work) -> None:
    text = "“We will visit Hanoi next month.”\n“The weather was mild.”"
    article = work.reader.read(text, DAY)
    assert parse_articles([article], work.parser, work.needs_parse) == (1, 2)
    assert article.parsed_token(text.index("visit")) is not None


def test_a_middle_initial_ends_no_sentence(work) -> None:
    text = "He met George W. Bush in Texas. The U.S. said John D. Podesta would go."
    article = work.reader.read(text, DAY)
    assert [text[s:e] for s, e in article.sentences()] == [
        "He met George W. Bush in Texas.", "The U.S. said John D. Podesta would go."]


def test_an_archive_s_two_apostrophes_open_the_next_sentence(work) -> None:
    text = "Do not wait. ''You need not save it all,'' he said. ''Start now.''"
    article = work.reader.read(text, DAY)
    assert [text[s:e] for s, e in article.sentences()] == [
        "Do not wait.", "''You need not save it all,'' he said.", "''Start now.''"]


def test_many_articles_are_parsed_in_one_pass_and_keep_their_own_parses(work) -> None:
    articles = [work.reader.read(f"{name} said the talks went well.", DAY) for name in ("Yoon", "Kishida", "Xi")]
    assert parse_articles(articles, work.parser, work.needs_parse) == (3, 3)
    assert [a.parsed_token(0).text for a in articles] == ["Yoon", "Kishida", "Xi"]


def test_an_article_that_fails_is_recorded_and_the_others_go_on(work) -> None:
    layers = work.articles([("Yoon said the talks went well.", DAY, None), (None, DAY, None),
                            ("Xi visited Hanoi.", DAY, None)])
    assert isinstance(layers[1], Exception)
    assert [work.quotes.extract(layers[0])[0].speaker_raw, len(work.events.extract(layers[2]))] == ["Yoon", 1]


def test_spaces_at_paragraph_edges_do_not_break_either_coder(work) -> None:
    text = "Talks went on into the night. \n\n Yoon visited Tokyo on Friday, officials said. \n"
    [article] = work.articles([(text, DAY, None)])
    assert not isinstance(article, Exception)
    assert [e.event_type for e in work.events.extract(article)] == ["CONSULT"]
    assert [q.speaker_raw for q in work.quotes.extract(article)] == ["officials"]


@pytest.mark.parametrize(("url", "home"), [
    ("https://vovworld.vn/en-US/news/deputy-minister-visits-china-86764.vov", "VNM"),
    ("https://www.bbc.co.uk/news/world-asia-1", "GBR"),
    ("aa.com.tr", "TUR"),
    ("https://www.reuters.com/world/", None),
    ("https://news.example.co/a", None),  # a country code sold as a generic name
    (None, None),
])
def test_an_articles_home_country_is_its_hosts_country_code(url: str | None, home: str | None) -> None:
    [article] = extraction().articles([("Yoon said the talks went well.", DAY, url)])
    assert article.home == home


@pytest.mark.parametrize(("paragraph", "dateline"), [
    ("SEOUL (Reuters) - Talks resumed.", "SEOUL (Reuters) - "),
    ("NAQURA, Lebanon: Talks resumed.", "NAQURA, Lebanon: "),
    ("LONDON—Thousands marched.", "LONDON—"),
    ("(Bloomberg) -- Peace talks resumed.", "(Bloomberg) -- "),
    ("MOSCOW/MINSK (Sputnik, June 11) Russian ministers spoke.", "MOSCOW/MINSK (Sputnik, June 11) "),
    ("U.S.-China talks resumed.", None),  # a hyphen joins words
    ("Read more: talks resumed.", None),
    ("Donald Trump demo: crowds chant outside the embassy.", None),
    ("SEOUL", None),  # nothing after it
    ("   NAQURA, Lebanon: Talks resumed.", "   NAQURA, Lebanon: "),  # a paragraph indented with spaces
])
def test_datelines(paragraph: str, dateline: str | None) -> None:
    found = dateline_at(paragraph, 0, len(paragraph))
    assert (found.group() if found else None) == dateline
