""" "Copy as" in the export dialog (F6/F7): Markdown, HTML (offered to the clipboard tool as
text/html) or Slack, chosen with keys one at a time or typed ahead in one burst."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.export import from_markdown
from opstui.screens.modals.export_dialog import ExportDialog
from tests.app.test_export_app import live_session, resume_live_session, until_told

CHOICES = {"md": 0, "html": 1, "slack": 2}


def fake_xclip(folder: Path) -> Path:
    """An ``xclip`` that keeps its arguments and what it is given next to itself."""
    folder.mkdir(exist_ok=True)
    tool = folder / "xclip"
    tool.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder}/args"\ncat > "{folder}/copied"\n',
        encoding="utf-8",
    )
    tool.chmod(0o755)
    return folder


@pytest.fixture
def clipboard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = fake_xclip(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    return folder


async def open_dialog(app: OpstuiApp, pilot: Pilot[None], target: Path) -> ExportDialog:
    await resume_live_session(app, pilot)
    await pilot.press("f6")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    dialog.query_one("#export-path", Input).value = str(target)
    assert dialog.focused is dialog.query_one("#export-path", Input)
    return dialog


def check_copied(app: OpstuiApp, clipboard: Path, target: Path, copy_as: str, told: str) -> None:
    markdown = target.read_text(encoding="utf-8")  # the file is Markdown whatever is copied
    assert markdown.startswith("# Validation \\| round one\n")
    expected = from_markdown(markdown, copy_as)
    assert (clipboard / "copied").read_text(encoding="utf-8") == expected
    assert app.clipboard == expected  # the terminal was sent the same (OSC 52)
    arguments = (clipboard / "args").read_text(encoding="utf-8").split()
    if copy_as == "html":
        assert expected.startswith("<!DOCTYPE html>")
        assert arguments == ["-selection", "clipboard", "-t", "text/html"]
        assert told.endswith("\nCopied as HTML with xclip.")
    else:
        assert arguments == ["-selection", "clipboard"]
        assert told.endswith("\nCopied with xclip.")
    if copy_as == "slack":
        assert expected.startswith("*Validation | round one*\n")


@pytest.mark.parametrize("copy_as", list(CHOICES))
async def test_copy_as_chosen_one_key_at_a_time(
    store: Store, tmp_path: Path, clipboard: Path, copy_as: str
) -> None:
    live_session(store)
    target = tmp_path / "notes.md"
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(app, pilot, target)
        for key in ["tab", "tab", "enter", *["down"] * CHOICES[copy_as], "enter"]:
            await pilot.press(key)
            await pilot.pause()
        assert dialog.query_one("#export-copy", Select).value == copy_as
        await pilot.press("ctrl+s")
        told = await until_told(app, pilot, f"Wrote {target}")
        check_copied(app, clipboard, target, copy_as, told)


@pytest.mark.parametrize("copy_as", ["html", "slack"])
async def test_copy_as_typed_ahead_in_one_burst(
    store: Store, tmp_path: Path, clipboard: Path, copy_as: str
) -> None:
    live_session(store)
    target = tmp_path / "notes.md"
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(app, pilot, target)
        await pilot.press("tab", "tab", "enter", *["down"] * CHOICES[copy_as], "enter", "ctrl+s")
        told = await until_told(app, pilot, f"Wrote {target}")
        check_copied(app, clipboard, target, copy_as, told)


async def test_an_html_file_with_markdown_copied(
    store: Store, tmp_path: Path, clipboard: Path
) -> None:
    live_session(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(app, pilot, tmp_path / "notes.md")
        await pilot.press("tab", "enter", *["down"] * 4, "enter")  # Format: HTML page
        await pilot.pause()
        field = dialog.query_one("#export-path", Input)
        assert field.value == str(tmp_path / "notes.html")
        await pilot.press("ctrl+s")
        await until_told(app, pilot, "notes.html")
        page = (tmp_path / "notes.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "Validation | round one" in page
        assert (clipboard / "copied").read_text(encoding="utf-8").startswith("# Validation")
