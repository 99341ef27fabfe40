"""Exporting from the app: during a live session and from the dashboard, asking where,
refusing to overwrite without confirmation, copying the Markdown, saying where it went."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
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
        await until_told(app, pilot, str(target))
        assert exports_noted(store) == []  # exporting only reads


async def until_told(app: OpstuiApp, pilot: Pilot[None], part: str) -> str:
    """The notice that names ``part``, once the copy (in a thread) has been tried."""
    for _ in range(200):
        said = [m for m in messages(app) if part in m]
        if said:
            return said[-1]
        await pilot.pause(0.02)
    raise AssertionError(f"never told about {part}: {messages(app)}")


def fake_xclip(folder: Path, body: str = "") -> Path:
    """An ``xclip`` that keeps what it is given next to itself."""
    folder.mkdir(exist_ok=True)
    tool = folder / "xclip"
    tool.write_text(f'#!/bin/sh\ncat > "{folder}/copied.md"\n{body}\n', encoding="utf-8")
    tool.chmod(0o755)
    return folder / "copied.md"


async def export_notes(store: Store, target: Path) -> str:
    """Export the live session's notes to ``target`` with F6; the notice it ends with."""
    live_session(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_live_session(app, pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        told = await until_told(app, pilot, f"Wrote {target}")
        assert app.clipboard == target.read_text(encoding="utf-8")  # the terminal was sent it
        return told


async def test_the_notice_names_the_clipboard_tool_that_copied(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied = fake_xclip(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    told = await export_notes(store, tmp_path / "notes.md")
    assert told.endswith("\nCopied with xclip.")
    assert copied.read_text(encoding="utf-8") == (tmp_path / "notes.md").read_text("utf-8")


async def test_without_a_clipboard_tool_the_notice_says_only_the_terminal_was_asked(
    store: Store, tmp_path: Path
) -> None:
    told = await export_notes(store, tmp_path / "notes.md")  # no display: no tool
    assert "The Markdown is on the clipboard" not in told
    assert told.endswith(
        "\nSent to the terminal's clipboard (OSC 52); "
        "if your terminal doesn't allow that, nothing was copied."
    )


async def test_a_clipboard_tool_that_fails_is_named_with_its_reason(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_xclip(tmp_path / "bin", "echo 'Error: Can'\\''t open display: :0' >&2; exit 1")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    told = await export_notes(store, tmp_path / "notes.md")
    assert "xclip could not copy it (exit status 1: Error: Can't open display: :0)" in told
    assert told.endswith("if your terminal doesn't allow that, nothing was copied.")


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
        told = await until_told(app, pilot, "report.json")
        assert "OSC 52" in told  # no clipboard tool in the tests' environment
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
