"""The survey dialog on the metrics screen: the file's columns offered after reading its
header, a preview of what would be written, the import written whole; or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Select, SelectionList, Static

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric, MetricKind
from opstui.screens import clock
from opstui.screens.metrics import MetricsScreen
from opstui.screens.modals.import_survey import ImportSurvey
from opstui.screens.modals.job_progress import JobProgress

TODAY = date(2026, 4, 15)
SURVEY = (
    "Respondent,Team,Q3 Reaching customers is easy,What gets in the way?\n"
    'Ana,Product,2,"Finding someone with time"\n'
    "Bo,Engineering,4,\n"
    ',Design,1,"No idea whom to ask \x1b[31m[bold]x[/]"\n'
    "Di,Product,5,Works fine\n"
)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def world(db_path: Path, tmp_path: Path) -> Iterator[tuple[Store, Metric, Path]]:
    survey = tmp_path / "research.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        metric = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="PMs who say reaching customers is easy",
                kind=MetricKind.SENTIMENT,
                unit="%",
            )
        )
        yield store, metric, survey


async def open_dialog(app: OpstuiApp, pilot: Pilot[None], metric: Metric) -> ImportSurvey:
    await pilot.pause()
    await app.push_screen(MetricsScreen(metric.initiative_id))
    await pilot.pause()
    await pilot.press("u")
    for _ in range(50):
        if isinstance(app.screen, ImportSurvey):
            return app.screen
        await pilot.pause()
    raise AssertionError("the survey dialog did not open")


async def settle(pilot: Pilot[None], dialog: ImportSurvey) -> None:
    for _ in range(50):
        if dialog.columns:
            return
        await pilot.pause()
    raise AssertionError("the columns were never read")


@pytest.mark.parametrize("burst", [False, True], ids=["one-at-a-time", "burst"])
async def test_a_survey_imported_in_the_app(world: tuple[Store, Metric, Path], burst: bool) -> None:
    store, metric, survey = world
    app = make_app(store)
    dialog: ImportSurvey
    async with app.run_test(size=(120, 50)) as pilot:
        # The path, Enter to read the columns; then the answers column (the third), the
        # aggregate (top2, the second), the scale left empty, and the comment column.
        keys = [*str(survey), "enter"]
        if burst:
            # "u" and the path in one burst: nothing typed ahead is lost to the screen.
            await pilot.pause()
            await app.push_screen(MetricsScreen(metric.initiative_id))
            await pilot.pause()
            await pilot.press("u", *keys)
            top = app.screen
            assert isinstance(top, ImportSurvey)
            dialog = top
        else:
            dialog = await open_dialog(app, pilot, metric)
            for key in keys:
                await pilot.press(key)
        await settle(pilot, dialog)
        assert dialog.columns == [
            "Respondent",
            "Team",
            "Q3 Reaching customers is easy",
            "What gets in the way?",
        ]
        choose = ["enter", "down", "down", "down", "enter", "tab", "enter", "down", "enter"]
        choose += ["tab", "tab", "down", "down", "down", "down", "space"]
        if burst:
            await pilot.press(*choose)
        else:
            for key in choose:
                await pilot.press(key)
                await pilot.pause()
        await pilot.pause()
        assert dialog.query_one("#survey-value", Select).value == "Q3 Reaching customers is easy"
        assert dialog.query_one("#survey-comments", SelectionList).selected == [
            "What gets in the way?"
        ]
        preview = str(dialog.query_one("#survey-preview", Static).render())
        assert "50% becomes the baseline of PMs who say reaching customers is easy" in preview
        assert "3 comments become remarks tagged survey" in preview
        await pilot.press("ctrl+s")
        for _ in range(500):  # the dialog, then the write's progress in a worker
            if not isinstance(app.screen, ImportSurvey | JobProgress) and not app.workers:
                break
            await pilot.pause(0.02)
        assert not isinstance(app.screen, ImportSurvey | JobProgress)
    stored = store.get_metric(metric.id)
    assert (stored.baseline_value, stored.baseline_on) == (50, TODAY)
    remarks = store.list_feedback(initiative_id=metric.initiative_id)
    assert [r.tags for r in remarks] == [["survey"]] * 3
    assert not any("\x1b" in r.text for r in remarks)
    assert "[bold]x[/]" in remarks[1].text
    [imported] = store.list_surveys(metric.initiative_id)
    assert (imported.respondents, imported.comments) == (4, 3)


async def test_a_bad_file_shows_its_rows_and_writes_nothing(
    world: tuple[Store, Metric, Path],
) -> None:
    store, metric, survey = world
    survey.write_text(SURVEY.replace(",4,", ",four,").replace(",5,", ",9,"), encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        dialog = await open_dialog(app, pilot, metric)
        await pilot.press(*str(survey), "enter")
        await settle(pilot, dialog)
        await pilot.press("enter", "down", "down", "down", "enter", "ctrl+s")
        await pilot.pause()
        preview = str(dialog.query_one("#survey-preview", Static).render())
        assert "line 3: answer 'four' is not a number" in preview
        error = str(dialog.query_one(".form-error", Static).render())
        assert error.startswith("Nothing imported: 1 problem(s) in research.csv")
        assert isinstance(app.screen, ImportSurvey)
        await pilot.press("escape")
    assert store.list_surveys() == [] and store.get_metric(metric.id).baseline_value is None
    assert store.list_feedback(initiative_id=metric.initiative_id) == []


async def test_a_path_that_is_not_a_file_is_said_in_the_dialog(
    world: tuple[Store, Metric, Path], tmp_path: Path
) -> None:
    store, metric, _ = world
    app = make_app(store)
    async with app.run_test(size=(120, 50)) as pilot:
        dialog = await open_dialog(app, pilot, metric)
        await pilot.press(*str(tmp_path), "enter")
        await pilot.pause()
        error = str(dialog.query_one(".form-error", Static).render())
        assert "is a folder, not a regular file" in error and not dialog.columns
