"""Exporting an initiative's results from the workspace: F8 or the palette, a dialog for
whom and in what format, the file written through the export service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from textual.screen import Screen
from textual.widgets import Input, Select

from opstui.app import make_app
from opstui.db.store import Store
from opstui.screens.help import HelpScreen
from opstui.screens.modals.results_export import ResultsExportDialog
from opstui.screens.workspace import WorkspaceScreen
from tests.app.test_export_app import until_told
from tests.app.test_workspace import open_workspace
from tests.unit.results_world import ANONYMOUS_TEXT, build_results_world


async def test_f8_writes_one_group_s_results_and_remembers_the_folder(
    store: Store, tmp_path: Path
) -> None:
    world = build_results_world(store)
    before = store.get_initiative(world.initiative_id)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_workspace(app, pilot, world.initiative_id)
        await pilot.press("f8")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ResultsExportDialog)
        path = dialog.query_one("#export-path", Input)
        assert Path(path.value).name.endswith("-quick-interviews-results.md")
        # Choosing a group renames the suggested file; choosing JSON changes its suffix.
        dialog.query_one("#results-group", Select).value = "engineering"
        await pilot.pause()
        assert Path(path.value).name.endswith("-quick-interviews-results-engineering.md")
        dialog.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        assert path.value.endswith("-results-engineering.json")
        target = tmp_path / "out" / "eng.json"
        path.value = str(target)
        path.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        await until_told(app, pilot, f"Wrote {target}")
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["group"] == "engineering"
        assert [r["speaker"] for r in data["heard"]] == ["Ben Okafor", "Ben Okafor"]
        assert ANONYMOUS_TEXT not in target.read_text(encoding="utf-8")
        assert app.settings.export_folder == str(target.parent)
        assert app.clipboard.startswith("# Results: Quick interviews\n")
    assert store.get_initiative(world.initiative_id) == before  # exporting only reads


async def test_f8_then_enter_writes_the_results_for_everyone(store: Store, tmp_path: Path) -> None:
    world = build_results_world(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_workspace(app, pilot, world.initiative_id)
        await pilot.press("f8")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ResultsExportDialog)
        target = tmp_path / "everyone.md"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await until_told(app, pilot, f"Wrote {target}")
        assert ANONYMOUS_TEXT in target.read_text(encoding="utf-8")


async def test_export_results_is_in_f1_and_the_palette(store: Store) -> None:
    world = build_results_world(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, world.initiative_id)
        titles = [c.title for c in app.get_system_commands(cast("Screen[object]", screen))]
        assert "Export results" in titles
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Export results" in [k.description for k in app.screen.keys]
