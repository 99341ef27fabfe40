"""The user's settings in the app: the theme and the export folder are read at start and
written when changed, to `settings.json` in the user config folder."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Select

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.screens.modals.export_dialog import ExportDialog
from opstui.settings import Settings, save_settings, settings_path


def saved() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(settings_path().read_text(encoding="utf-8"))
    return loaded


async def test_a_theme_picked_is_saved_and_opens_the_next_start(store: Store) -> None:
    assert not settings_path().exists()
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        default = app.theme
        assert default != "textual-light"
        app.theme = "textual-light"  # what the palette's "Change theme" does
        await pilot.pause()
        await pilot.pause()
    assert saved()["theme"] == "textual-light"

    again = make_app(store)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_an_unknown_theme_in_the_file_starts_with_the_default(store: Store) -> None:
    save_settings(Settings(theme="no-such-theme"))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == make_app(store).theme
        assert app.theme in app.available_themes


async def test_the_export_folder_used_is_offered_next_time(store: Store, tmp_path: Path) -> None:
    store.add_initiative(Initiative(title="Quick interviews"))
    chosen = tmp_path / "shared reports"
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path", Input)
        assert Path(field.value).parent == Path.home() / "opstui-exports"
        field.value = str(chosen / "report.md")
        await pilot.press("enter")
        await pilot.pause()
        assert (chosen / "report.md").exists()
    assert saved()["export_folder"] == str(chosen)

    again = make_app(store)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        dialog = again.screen
        assert isinstance(dialog, ExportDialog)
        offered = Path(dialog.query_one("#export-path", Input).value)
        assert offered.parent == chosen
        # A bare file name goes into that folder too.
        dialog.query_one("#export-path", Input).value = "second.md"
        await pilot.press("enter")
        await pilot.pause()
        assert (chosen / "second.md").exists()


async def test_csv_for_excel_from_the_app_starts_with_a_byte_order_mark(
    store: Store, tmp_path: Path
) -> None:
    store.add_initiative(Initiative(title="Quick interviews"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-format", Select).value = "excel"
        await pilot.pause()
        field = dialog.query_one("#export-path", Input)
        assert field.value.endswith(".csv")
        field.value = str(tmp_path / "for-excel.csv")
        await pilot.press("enter")
        await pilot.pause()
    data = (tmp_path / "for-excel.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert data.decode("utf-8-sig").startswith("record,")
