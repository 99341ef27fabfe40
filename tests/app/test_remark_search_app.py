"""The Feedback tab's search runs off the UI thread: keys typed while a search runs are
taken at once, and what the table shows in the end is the answer to the last query."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from textual.widgets import Input

from opstui.app import make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.screens import clock
from opstui.screens.workspace.feedback import FeedbackTab
from opstui.widgets.row_table import RowTable
from tests.app.test_workspace import RELEASES, initiative_id, open_workspace, show_tab
from tests.demo_cache import build_demo


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


async def test_keys_stay_responsive_and_the_last_query_wins(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_demo(store)
    wanted = initiative_id(store, RELEASES)
    searched: list[str] = []
    first_may_finish = threading.Event()
    answering = Store.feedback_matching

    def slow_first(self: Store, query: str, initiative: str) -> set[str]:
        searched.append(query)
        if len(searched) == 1:  # the first search holds its worker until told
            assert first_may_finish.wait(10)
        return answering(self, query, initiative)

    monkeypatch.setattr(Store, "feedback_matching", slow_first)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        await show_tab(pilot, screen, "4", "feedback")
        field = screen.query_one("#feedback-search", Input)
        table = screen.query_one("#feedback", RowTable)
        everything = set(table.row_keys)
        await pilot.press("slash", "s")
        # Typed back to back while the first search is held: the field takes every key.
        await pilot.press(*"ecurity", "space", *"que")
        assert field.value == "security que"
        assert set(table.row_keys) == everything  # nothing shown from the held search
        first_may_finish.set()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        final = answering(store, "security que", wanted)
        assert final and final != everything
        assert set(table.row_keys) == final
        # The held search ran, but its answer (for "s") was dropped; the queries typed
        # meanwhile were mostly not searched at all (a newer one cancelled them).
        assert searched[0] == "s"
        assert "security que" in searched


async def test_an_answer_to_an_older_query_is_dropped(store: Store) -> None:
    build_demo(store)
    wanted = initiative_id(store, RELEASES)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        await show_tab(pilot, screen, "4", "feedback")
        await pilot.press("slash", *"security")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        tab = screen.query_one(FeedbackTab)
        table = screen.query_one("#feedback", RowTable)
        shown = set(table.row_keys)
        assert shown == store.feedback_matching("security", wanted)
        tab.post_message(FeedbackTab.RemarksFound("sec", set()))  # late, for an old query
        await pilot.pause()
        assert set(table.row_keys) == shown
        tab.post_message(FeedbackTab.RemarksFound("security", set()))
        await pilot.pause()
        assert set(table.row_keys) == set()
