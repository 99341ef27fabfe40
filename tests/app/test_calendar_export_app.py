"""The session calendar from the app: F6 offers "Calendar (.ics)" for a session (not for
an initiative's report), names the file .ics, writes what the command line writes, and
says when there was nothing to put in it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import ActionItem, AgendaItem, Session, SessionKind, SessionState
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.export_dialog import ExportDialog
from opstui.screens.modals.resume_session import ResumeSession

START = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)
NEXT = datetime(2026, 3, 19, 14, 0, tzinfo=UTC)


def live_session(store: Store, *, with_plans: bool) -> Session:
    """A session under way; with a later one planned and an action due, when asked."""
    initiative = store.add_initiative(Initiative(title="Quick interviews"))

    def session(title: str, **fields: object) -> Session:
        values: dict[str, object] = {
            "initiative_id": initiative.id,
            "playbook_key": "pilot",
            "kind": SessionKind.PILOT,
            "title": title,
        }
        return Session.model_validate(values | fields)

    live = session("Pilot check-in, week one", state=SessionState.LIVE, started_at=START)
    store.add_session(live, [AgendaItem(session_id=live.id, position=0, title="Warm up")])
    if with_plans:
        later = session("Pilot check-in, week two", planned_at=NEXT)
        store.add_session(
            later,
            [AgendaItem(session_id=later.id, position=0, title="Review", planned_minutes=40)],
        )
        store.add_action(
            ActionItem(
                initiative_id=initiative.id,
                session_id=live.id,
                text="Send the invite, with notes; today",
                due_on=date(2026, 3, 13),
            )
        )
    return live


async def open_session_export(app: OpstuiApp, pilot: Pilot[None]) -> ExportDialog:
    await pilot.pause()
    assert isinstance(app.screen, ResumeSession)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, LiveSessionScreen)
    await pilot.press("f6")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_the_session_calendar_is_written_from_the_export_dialog(
    store: Store, tmp_path: Path
) -> None:
    live_session(store, with_plans=True)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_session_export(app, pilot)
        field = dialog.query_one("#export-path", Input)
        assert field.value.endswith("pilot-check-in-week-one.md")
        dialog.query_one("#export-format", Select).value = "ics"
        await pilot.pause()
        assert field.value.endswith("pilot-check-in-week-one.ics")
        target = tmp_path / "week-one.ics"
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveSessionScreen)
    written = target.read_bytes()
    assert written.startswith(b"BEGIN:VCALENDAR\r\n")
    session_event, action_event = Calendar.from_ical(written).events
    assert session_event.summary == "Pilot check-in, week two"
    assert (session_event.start, session_event.end) == (NEXT, NEXT.replace(minute=40))
    assert action_event.summary == "Due: Send the invite, with notes; today"
    assert action_event.start == date(2026, 3, 13)


async def test_an_empty_calendar_is_written_and_the_user_told_why(
    store: Store, tmp_path: Path
) -> None:
    live_session(store, with_plans=False)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_session_export(app, pilot)
        dialog.query_one("#export-format", Select).value = "ics"
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = str(tmp_path / "empty.ics")
        await pilot.press("enter")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(m.startswith("The calendar holds no events") for m in said), said
    assert Calendar.from_ical((tmp_path / "empty.ics").read_bytes()).events == []


async def test_an_initiative_report_offers_no_calendar(store: Store) -> None:
    live_session(store, with_plans=True)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # not now: stay on the dashboard
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        choice = dialog.query_one("#export-format", Select)
        choice.value = "json"
        with pytest.raises(InvalidSelectValueError):
            choice.value = "ics"


async def test_the_calendar_is_chosen_with_the_keyboard_in_one_burst(
    store: Store, tmp_path: Path
) -> None:
    live_session(store, with_plans=True)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_session_export(app, pilot)
        field = dialog.query_one("#export-path", Input)
        field.value = str(tmp_path / "keys.md")
        # To the format, open it, down past Markdown, JSON, CSV, CSV for Excel, HTML and
        # Slack, take it, back to the file name, export: typed ahead, all at once.
        await pilot.press("tab", "enter", *["down"] * 6, "enter")
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveSessionScreen)
    assert Calendar.from_ical((tmp_path / "keys.ics").read_bytes()).events
