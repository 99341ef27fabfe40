"""``printable``, the one rule keeping control characters off the terminal, and the
domain's text fields, which store what people type or paste without them."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from opstui.domain.initiative import AffectedGroup, Initiative, Person, PilotCohort
from opstui.domain.metrics import Metric, Reading
from opstui.domain.session import ActionItem, Decision, Feedback, FillIn, Session, SessionKind
from opstui.domain.text import printable
from opstui.domain.voting import Proposal

HOSTILE = "\x1b]0;PWNED\x07 \x1b]52;c;aGk=\x07 \x9b31m \u202e"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def unsafe(text: str) -> list[str]:
    """Characters a terminal could act on: controls (but tab, newline, and CR before a
    newline) and the bidi embeddings, overrides and isolates."""
    return [
        c
        for i, c in enumerate(text)
        if (unicodedata.category(c) == "Cc" and c not in "\n\t" and text[i : i + 2] != "\r\n")
        or c in BIDI
    ]


# -- showing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x9b31m red", "\ufffd31m red"),  # U+009B, a CSI in one character
        ("\x85next", "\ufffdnext"),
        ("abc\u202eevil\u202c", "abc\ufffdevil\ufffd"),
        ("\u2066isolated\u2069", "\ufffdisolated\ufffd"),
        ("two\r\nlines\tand\ncolumns", "two\r\nlines\tand\ncolumns"),
    ],
)
def test_printable_shows_control_characters_as_symbols(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (HOSTILE, "]0;PWNED ]52;c;aGk= 31m "),
        ("a\x00b\x07c\x7fd\x9be\u202ef", "abcdef"),
        # A Windows paste's CRLF is stored as one newline: no CR is kept.
        ("first\r\nsecond\tcolumn\nthird", "first\nsecond\tcolumn\nthird"),
        ("old\rmac\x85nel\u2028sep", "old\nmac\nnel\nsep"),
    ],
)
def test_printable_can_drop_them_keeping_lines(text: str, kept: str) -> None:
    assert printable(text, drop=True) == kept


def test_printable_on_one_line_makes_breaks_and_tabs_spaces() -> None:
    assert printable("a\r\nb\nc\td\re\x85f", lines=False, drop=True) == "a b c d e f"
    assert printable("a\nb\x1b", lines=False) == "a b\u241b"


@given(st.text(), st.booleans(), st.booleans())
def test_printable_never_leaves_a_terminal_control(text: str, lines: bool, drop: bool) -> None:
    shown = printable(text, lines=lines, drop=drop)
    assert not unsafe(shown)
    if not lines:
        assert "\n" not in shown and "\t" not in shown
    if not drop:
        assert len(shown) == len(printable(text, lines=lines))


# -- storing --------------------------------------------------------------------------


def test_typed_or_pasted_text_is_stored_without_control_characters() -> None:
    remark = Feedback(session_id="s", text=f"said {HOSTILE}\nsecond line\tcolumn", tags=[HOSTILE])
    assert remark.text == "said ]0;PWNED ]52;c;aGk= 31m \nsecond line\tcolumn"
    assert remark.tags == ["]0;PWNED ]52;c;aGk= 31m"]


MULTI_LINE_FIELDS: list[tuple[type[Any], dict[str, Any], str]] = [
    (Feedback, {"session_id": "s"}, "text"),
    (Decision, {"initiative_id": "i"}, "statement"),
    (ActionItem, {"initiative_id": "i"}, "text"),
    (Initiative, {"title": "t"}, "problem"),
    (Initiative, {"title": "t"}, "lessons_learned"),
    (
        Session,
        {"initiative_id": "i", "playbook_key": "k", "kind": SessionKind.PILOT, "title": "t"},
        "notes",
    ),
    (Reading, {"metric_id": "m", "taken_on": "2026-01-01", "value": 1}, "note"),
    (AffectedGroup, {"initiative_id": "i", "group": "product"}, "note"),
    (PilotCohort, {"initiative_id": "i", "name": "n"}, "note"),
    (Proposal, {"session_id": "s", "title": "t"}, "description"),
]


@pytest.mark.parametrize(("model", "others", "field"), MULTI_LINE_FIELDS)
def test_multi_line_fields_drop_controls_and_keep_lines(
    model: type[Any], others: dict[str, Any], field: str
) -> None:
    stored = model.model_validate({**others, field: f"one {HOSTILE}\ntwo\tthree"})
    assert getattr(stored, field) == "one ]0;PWNED ]52;c;aGk= 31m \ntwo\tthree"


ONE_LINE_FIELDS: list[tuple[type[Any], dict[str, Any], str]] = [
    (Initiative, {}, "title"),
    (Person, {}, "name"),
    (Person, {"name": "n"}, "role"),
    (Metric, {"initiative_id": "i"}, "name"),
    (Metric, {"initiative_id": "i", "name": "n"}, "unit"),
    (FillIn, {"session_id": "s", "template_key": "k"}, "title"),
    (Session, {"initiative_id": "i", "playbook_key": "k", "kind": SessionKind.PILOT}, "title"),
]


@pytest.mark.parametrize(("model", "others", "field"), ONE_LINE_FIELDS)
def test_one_line_fields_drop_controls_and_breaks(
    model: type[Any], others: dict[str, Any], field: str
) -> None:
    stored = model.model_validate({**others, field: f"one {HOSTILE}\ntwo"})
    assert getattr(stored, field) == "one ]0;PWNED ]52;c;aGk= 31m  two"


def test_fill_in_text_values_drop_controls_and_keep_numbers() -> None:
    fill = FillIn(
        session_id="s",
        template_key="k",
        title="t",
        values={"said": f"a {HOSTILE}\nb", "score": 4, "ratio": 0.5, "empty": None},
    )
    assert fill.values == {
        "said": "a ]0;PWNED ]52;c;aGk= 31m \nb",
        "score": 4,
        "ratio": 0.5,
        "empty": None,
    }


def test_a_title_of_nothing_but_control_characters_is_refused() -> None:
    with pytest.raises(ValidationError):
        Initiative(title=" \x1b\x07\u202e ")
    with pytest.raises(ValidationError):
        Feedback(session_id="s", text="\x1b\x9b")
