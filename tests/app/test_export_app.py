"""Exporting from the app: during a live session and from the dashboard, asking where,
refusing to overwrite without confirmation, copying the Markdown, saying where it went."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select, Static

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import (
    AgendaItem,
    Feedback,
    FeedbackKind,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.export_dialog import ExportDialog
from opstui.screens.modals.resume_session import ResumeSession

START = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)


def live_session(store: Store) -> Session:
    """A session under way, with a remark typed by someone who likes Markdown."""
    initiative = store.add_initiative(Initiative(title="Quick interviews"))
    ana = store.add_person(Person(name="Ana Alvarez", role="PM", group=Group.PRODUCT))
    session = Session(
        initiative_id=initiative.id,
        playbook_key="validation",
        kind=SessionKind.VALIDATION,
        title="Validation | round one",
        facilitator_id=ana.id,
        participant_ids=[ana.id],
        state=SessionState.LIVE,
        started_at=START,
    )
    store.add_session(
        session,
        [AgendaItem(session_id=session.id, position=0, title="Confirm the picture")],
    )
    store.add_feedback(
        Feedback(
            session_id=session.id,
            person_id=ana.id,
            sentiment=Sentiment.POSITIVE,
            kind=FeedbackKind.PRAISE,
            text="# Love it | *really*",
        )
    )
    return session


async def resume_live_session(app: OpstuiApp, pilot: Pilot[None]) -> LiveSessionScreen:
    """Take the app's offer to resume the session left live, as a facilitator would."""
    await pilot.pause()
    assert isinstance(app.screen, ResumeSession)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, LiveSessionScreen)
    return app.screen


def messages(app: OpstuiApp) -> list[str]:
    return [n.message for n in app._notifications]


def exports_noted(store: Store) -> list[tuple[str, str]]:
    rows = store.conn.execute("SELECT what, target FROM exports ORDER BY rowid")
    return [(r[0], r[1]) for r in rows]


async def test_export_session_notes_during_a_live_session(store: Store, tmp_path: Path) -> None:
    session = live_session(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await resume_live_session(app, pilot)
        assert live.context_session_id == session.id
        await pilot.press("f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path", Input)
        # The default: a visible folder in the user's home, named by date and title.
        expected = Path.home() / "opstui-exports" / "2026-03-12-validation-round-one.md"
        assert field.value == str(expected)
        target = tmp_path / "notes.md"
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveSessionScreen)  # back where the facilitator was

        written = target.read_text(encoding="utf-8")
        assert written.startswith("# Validation \\| round one\n")
        assert "- Ana Alvarez (positive, 4/5): \\# Love it \\| \\*really\\*" in written
        assert app.clipboard == written
        assert any(str(target) in m and "clipboard" in m for m in messages(app))
        assert exports_noted(store) == []  # exporting only reads


async def test_overwriting_needs_confirmation(store: Store, tmp_path: Path) -> None:
    session = live_session(store)
    target = tmp_path / "existing.md"
    target.write_text("my own notes\n", encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        live = await resume_live_session(app, pilot)
        assert live.context_session_id == session.id
        await pilot.press("f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        # Refused: still asking, with a message saying why, and the file untouched.
        assert app.screen is dialog
        error = str(dialog.query_one(".form-error", Static).render())
        assert "exists already" in error
        assert str(dialog.query_one("#form-save", Button).label) == "Replace"
        assert target.read_text(encoding="utf-8") == "my own notes\n"
        assert exports_noted(store) == []
        await pilot.press("enter")  # asked again: replace
        await pilot.pause()
        assert app.screen is not dialog
        assert target.read_text(encoding="utf-8").startswith("# Validation")


async def test_export_initiative_report_from_the_dashboard_as_json(
    store: Store, tmp_path: Path
) -> None:
    live_session(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeSession)
        await pilot.press("escape")  # not now: stay on the dashboard
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path", Input)
        assert field.value.endswith("quick-interviews-report.md")
        dialog.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        assert field.value.endswith("quick-interviews-report.json")
        field.value = str(tmp_path / "report.json")
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "report.json").read_text(encoding="utf-8").startswith("{\n")
        # The clipboard gets the Markdown, for pasting into a chat.
        assert app.clipboard.startswith("# Quick interviews\n")
        assert exports_noted(store) == []


async def test_no_session_in_view_says_so(store: Store) -> None:
    store.add_initiative(Initiative(title="Quick interviews"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        assert any("No session in view" in m for m in messages(app))


async def test_export_commands_are_in_the_palette(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export session notes" in titles and "Export initiative report" in titles


async def test_a_read_only_database_still_exports(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as writable:
        session = live_session(writable)
    before = db_path.read_bytes()
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.push_screen(LiveSessionScreen(session.id))
            await pilot.pause()
            await pilot.press("f6")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            app.screen.query_one("#export-path", Input).value = str(tmp_path / "ro.md")
            await pilot.press("enter")
            await pilot.pause()
            assert (tmp_path / "ro.md").exists()
            assert exports_noted(store) == []
    assert db_path.read_bytes() == before


async def test_anonymized_export_from_the_app(store: Store, tmp_path: Path) -> None:
    live_session(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_live_session(app, pilot)
        await pilot.press("f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-anonymize", Checkbox).value = True
        dialog.query_one("#export-path", Input).value = str(tmp_path / "anon.md")
        await pilot.press("enter")
        await pilot.pause()
        written = (tmp_path / "anon.md").read_text(encoding="utf-8")
        assert "Ana Alvarez" not in written and "Ana Alvarez" not in app.clipboard
        assert "- PM (Product) (positive, 4/5):" in written
