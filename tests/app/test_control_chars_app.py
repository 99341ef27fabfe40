"""Stored text put back into an Input or a TextArea carries no control character.

Input and TextArea show their value raw: a remark, a note or a fill-in value holding
an OSC 52 sequence (written by a received file, or before text was cleaned on input)
would write the facilitator's clipboard the moment its form opened. The rows here are
spoiled with raw SQL, as a hostile file would hold them.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.session import Feedback, FillIn
from opstui.screens.modals.choose import ChooseModal
from opstui.screens.modals.feedback_form import FeedbackForm
from opstui.screens.modals.fill_in_form import FillInForm
from tests.app.test_live_session import SIZE, build_world, open_live, start_validation, top

HOSTILE = "\x1b]0;PWNED\x07 \x1b]52;c;aGk=\x07 \x9b31m \u202e"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def controls(text: str) -> list[str]:
    """What a terminal would act on: controls but newline and tab, and bidi overrides."""
    return [c for c in text if (unicodedata.category(c) == "Cc" and c not in "\n\t") or c in BIDI]


def field_values(screen: object) -> dict[str, str]:
    """Every Input's and TextArea's text on a screen, by id."""
    assert hasattr(screen, "query")
    values = {str(w.id): w.value for w in screen.query(Input)}
    values.update({str(w.id): w.text for w in screen.query(TextArea)})
    return values


def spoil(db_path: Path, sql: str, *params: object) -> None:
    """Write a row as a received file would hold it, past the models."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(sql, params)
    conn.close()


async def test_the_feedback_form_edits_a_stored_remark_without_its_controls(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        remark = store.add_feedback(
            Feedback(session_id=session.id, person_id=world.people[0].id, text="Slots help")
        )
        spoil(
            db_path,
            "UPDATE feedback SET text = ?, tags = ? WHERE id = ?",
            f"Slots {HOSTILE} help",
            json.dumps([f"cal{HOSTILE}endar"]),
            remark.id,
        )
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            screen.captures.focus()
            await pilot.press("enter")
            await pilot.pause()
            form = top(app)
            assert isinstance(form, FeedbackForm)
            values = field_values(form)
            assert "PWNED" in values["feedback-text"] and "cal" in values["feedback-tags"]
            assert not [c for v in values.values() for c in controls(v)], values
            await pilot.press("enter")
            await pilot.pause()
        [saved] = store.list_feedback(session_id=session.id)
        assert not controls(saved.text) and "PWNED" in saved.text


async def test_the_notes_pad_shows_stored_notes_without_their_controls(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world, presenter_safe=False)
        spoil(
            db_path,
            "UPDATE sessions SET notes = ? WHERE id = ?",
            f"Ana seems unsure\n{HOSTILE}\tdates",
            session.id,
        )
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            text = screen.notes.text
            assert text.startswith("Ana seems unsure\n") and "PWNED" in text and "\t" in text
            assert not controls(text), text


async def test_the_fill_in_amend_form_shows_stored_values_without_their_controls(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        fill_in = store.add_fill_in(
            FillIn(
                session_id=session.id,
                template_key="problem-statement",
                title="Problem statement",
                values={"problem": "Scheduling takes days", "affected": "PMs and design"},
            )
        )
        spoil(
            db_path,
            "UPDATE fill_in_values SET value = ? WHERE fill_in_id = ?",
            json.dumps(f"said {HOSTILE}\nagain"),
            fill_in.id,
        )
        spoil(
            db_path, "UPDATE fill_ins SET title = ? WHERE id = ?", f"Problem {HOSTILE}", fill_in.id
        )
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(top(app), ChooseModal)
            await pilot.press("down", "enter")  # "Amend: Problem statement"
            await pilot.pause()
            form = top(app)
            assert isinstance(form, FillInForm)
            values = field_values(form)
            assert "PWNED" in values["field-problem"] and "PWNED" in values["field-affected"]
            assert not [c for v in values.values() for c in controls(v)], values


async def test_a_paste_into_a_field_loses_its_controls(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("f", "1", "4")  # who and sentiment: on to the words
            await pilot.pause()
            form = top(app)
            assert isinstance(form, FeedbackForm)
            field = form.query_one("#feedback-text", Input)
            assert field.has_focus
            app.post_message(events.Paste(f"pasted {HOSTILE} text"))
            await pilot.pause()
            assert "pasted" in field.value and not controls(field.value), field.value
            await pilot.press("enter")
            await pilot.pause()
        [saved] = store.list_feedback(session_id=session.id)
        assert saved.text.startswith("pasted") and not controls(saved.text)
