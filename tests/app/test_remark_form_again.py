"""The form for new remarks is kept and opened again for each one: every time, it starts
as empty as a new form, on the current agenda item, and goes when the session's screen
goes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.session import FeedbackKind, Sentiment
from opstui.screens.modals.feedback_form import FeedbackForm
from opstui.widgets.key_picker import KeyPicker
from tests.app.test_live_session import (
    SIZE,
    Keys,
    build_world,
    open_live,
    start_validation,
    top,
)


async def test_a_form_opened_again_starts_empty_on_the_current_item(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            keys = Keys(pilot)
            # A remark half-typed, then cancelled: kind picked by hand, tags, words.
            await keys.press("f", "3", "2", "c")
            await keys.type("half a thought")
            await keys.press("tab")
            await keys.type("draft")
            first = top(app)
            assert isinstance(first, FeedbackForm)
            await keys.press("escape")
            assert app.screen is screen
            await keys.press("n")  # the agenda moves on

            await keys.press("f")
            form = top(app)
            assert form is first  # the same form, opened again
            assert isinstance(form, FeedbackForm)
            assert form.focused is form.query_one("#feedback-who")
            assert form.query_one("#feedback-text", Input).value == ""
            assert form.query_one("#feedback-tags", Input).value == ""
            assert form.query_one("#feedback-who", KeyPicker).value is None
            assert form.query_one("#feedback-sentiment", KeyPicker).value is Sentiment.NEUTRAL
            assert form.query_one("#feedback-kind", KeyPicker).value is FeedbackKind.OBSERVATION
            assert str(form.query_one("#label-who", Label).content) == "Who said it"
            # The kind follows the sentiment again: it was only picked by hand last time.
            await keys.press("1", "5")
            await keys.type("Love it")
            await keys.press("enter")
            assert app.screen is screen

            await keys.press("f", "2", "1")
            await keys.type("Too slow")
            await keys.press("enter")
            assert app.screen is screen
            assert app.is_screen_installed(form)

            await app.pop_screen()  # the session's screen goes: the form with it
            await pilot.pause()
            assert not app.is_screen_installed(form)
            assert not form.is_attached

        items = store.list_agenda(session.id)
        first_remark, second = store.list_feedback(session_id=session.id)
        assert (first_remark.text, first_remark.person_id) == ("Love it", world.people[0].id)
        assert first_remark.kind is FeedbackKind.PRAISE and first_remark.tags == []
        assert first_remark.agenda_item_id == items[1].id
        assert (second.text, second.person_id) == ("Too slow", world.people[1].id)
        assert second.kind is FeedbackKind.CONCERN and second.sentiment is Sentiment.VERY_NEGATIVE
