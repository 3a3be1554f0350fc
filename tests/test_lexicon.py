"""Word forms and lemmas of the extraction lexicons: what chooses the sentences to parse and names a parsed
word's lemma."""

from __future__ import annotations

import pytest

from summitdata.extract.lexicon import forms, forms_pattern, inflections, lemma_table, lexicon

CASES = [  # lemma, forms it must have, forms it must not have
    ("visit", {"visits", "visited", "visiting"}, {"visitd"}),
    ("agree", {"agrees", "agreed", "agreeing"}, {"agreeed"}),
    ("deny", {"denies", "denied", "denying"}, {"denys"}),
    ("press", {"presses", "pressed"}, {"presss"}),
    ("plan", {"plans", "planned", "planning"}, set()),
    ("ban", {"bans", "banned"}, {"band"}),  # "band" is a word of its own
    ("tie", {"ties", "tied", "tying"}, set()),
    ("be", {"being"}, {"bed", "bing"}),
]


@pytest.mark.parametrize(("lemma", "wanted", "unwanted"), CASES)
def test_inflections_follow_spelling_rules(lemma: str, wanted: set[str], unwanted: set[str]) -> None:
    made = inflections(lemma)
    assert wanted <= made
    assert not unwanted & made


def test_forms_add_the_irregular_forms_of_the_lexicon_file() -> None:
    irregular = lexicon("irregular_forms")
    assert irregular["met"] == "meet" and irregular["said"] == "say"
    assert {"met", "meets", "meeting"} <= forms({"meet"})
    assert {"said", "says"} <= forms({"say"})
    assert "met" not in forms({"say"})


@pytest.mark.parametrize(("form", "lemma"), [("met", "meet"), ("meets", "meet"), ("told", "tell"), ("said", "say"),
                                             ("talks", "talk"), ("troops", "troop"), ("meeting", "meeting")])
def test_lemma_table_maps_forms_to_the_shortest_lemma(form: str, lemma: str) -> None:
    table = lemma_table({"meet", "tell", "say", "talk", "talks", "troop", "troops"}) | lemma_table({"meeting"})
    assert table[form] == lemma
    assert "weather" not in table


def test_forms_pattern_finds_whole_words_in_any_case() -> None:
    pattern = forms_pattern(forms({"visit"}))
    assert pattern.search("Moon VISITED Tokyo")
    assert not pattern.search("the visitors left")
