"""The one rule of a search: the words of a query, where they match, a marked snippet."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from opstui.db.search import fts_query
from opstui.domain.search import (
    MAX_WORDS,
    holds_every_word,
    matches,
    query_words,
    score,
    snippet,
)


def test_query_words_keep_letters_and_digits_only() -> None:
    assert query_words('say "hi" OR NEAR(x*) col:v ^a') == [
        "say", "hi", "OR", "NEAR", "x", "col", "v", "a",
    ]  # fmt: skip
    assert query_words("!!! \x1b[ ") == []
    assert len(query_words("w " * 1000)) == MAX_WORDS
    assert fts_query("a b") == '"a"* "b"*'  # the index's query is built from the same words


def test_matches_are_word_starts_without_case_or_accent() -> None:
    assert matches("École d'été, ecole", ["ecole"]) == [(0, 5), (13, 18)]
    assert matches("prescheduled scheduling", ["sched"]) == [(13, 18)]
    assert holds_every_word("Café au lait", ["cafe", "LA"])
    assert not holds_every_word("Café au lait", ["afe"])


def test_snippet_cuts_around_the_first_match_and_marks_it() -> None:
    text = "word " * 50 + "needle in the middle " + "word " * 50
    cut = snippet(text, ["needle"], length=40)
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert "[needle]" in cut.bracketed()
    assert len(cut.text) <= 42


def test_snippet_is_one_safe_line() -> None:
    cut = snippet("first\nsecond \x1b]52;c;aGk=\x07 [bold]x[/]", ["second"])
    assert "\n" not in cut.text and "\x1b" not in cut.text and "\x07" not in cut.text
    assert cut.bracketed().startswith("first [second]")


def test_score_prefers_more_and_denser_and_whole_words() -> None:
    assert score("calendar calendar", ["calendar"]) > score("calendar", ["calendar"])
    assert score("calendar", ["calendar"]) > score("calendar " + "x " * 40, ["calendar"])
    assert score("calendar", ["cal"]) < score("cal", ["cal"])


@given(st.text(max_size=200), st.text(max_size=50))
def test_any_text_gives_spans_inside_the_snippet(text: str, typed: str) -> None:
    cut = snippet(text, query_words(typed))
    for start, end in cut.spans:
        assert 0 <= start < end <= len(cut.text)
