"""A long import in the app: a progress bar while a worker writes, and Escape cancels it.

Asserted on the file afterwards: a cancelled import keeps none of its readings, and a
finished one keeps them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import ProgressBar, Static

from opstui.app import OpstuiApp, make_app
from opstui.db import bulk_readings
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric, Reading
from opstui.screens.metrics import MetricsScreen
from opstui.screens.modals.job_progress import JobProgress

#: Rows of the file: enough that an import is still writing when Escape is pressed.
ROWS = 20_000


@pytest.fixture
def slow_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 500 rows with a pause after each: the import lasts long enough to watch."""
    monkeypatch.setattr(bulk_readings, "FIRST_BATCH", 500)
    monkeypatch.setattr(bulk_readings, "LARGEST_BATCH", 500)
    monkeypatch.setattr(bulk_readings, "PAUSE_SECONDS", 0.05)


@pytest.fixture
def rows() -> int:
    return ROWS


@pytest.fixture
def world(
    db_path: Path, tmp_path: Path, rows: int
) -> Iterator[tuple[Store, Initiative, Metric, Path]]:
    csv = tmp_path / "readings.csv"
    lines = ["date,value,cohort"]
    lines += [f"{date(1990, 1, 1) + timedelta(days=n)},{n % 50},all" for n in range(rows)]
    csv.write_text("\n".join(lines) + "\n", "utf-8")
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        metric = store.add_metric(Metric(initiative_id=initiative.id, name="Interviews"))
        store.add_reading(Reading(metric_id=metric.id, taken_on=date(2090, 1, 1), value=3))
        yield store, initiative, metric, csv


async def until(pilot: Pilot[None], done: Callable[[], object], rounds: int = 1500) -> None:
    """Let the app work until ``done()`` holds: a state, not a fixed wait."""
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.02)
    errors = [str(w.render()) for w in pilot.app.screen.query(".form-error")]
    raise AssertionError(f"the app never got there: {pilot.app.screen_stack} {errors}")


def importing(app: OpstuiApp) -> JobProgress[int] | None:
    """The import's progress dialog, once it is on top and has written rows."""
    screen = app.screen
    if not isinstance(screen, JobProgress) or not screen.title_text.startswith("Importing"):
        return None
    bar = screen.query_one("#job-bar", ProgressBar)
    return screen if bar.total and bar.progress > 0 else None


def records(store: Store) -> list[str]:
    return [k for (k,) in store.database.fetch("SELECT key FROM meta WHERE key LIKE 'import:%'")]


async def start_import(
    app: OpstuiApp, pilot: Pilot[None], initiative: Initiative, csv: Path
) -> None:
    await pilot.pause()
    await app.push_screen(MetricsScreen(initiative.id))
    await pilot.pause()
    await pilot.press("i")
    await pilot.press(*str(csv), "enter")


async def test_escape_cancels_an_import_and_keeps_none_of_it(
    world: tuple[Store, Initiative, Metric, Path], slow_batches: None
) -> None:
    store, initiative, metric, csv = world
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_import(app, pilot, initiative, csv)
        await until(pilot, lambda: importing(app) is not None)
        dialog = importing(app)
        assert dialog is not None
        phase = str(dialog.query_one("#job-phase", Static).render())
        assert phase.startswith("Writing: ") and f"of {ROWS:,}" in phase
        written = len(store.list_entered_readings(metric.id))
        assert 1 < written < ROWS + 1  # some batches are in the file meanwhile
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MetricsScreen) and not app.workers)
        assert [r.value for r in store.list_entered_readings(metric.id)] == [3]
        assert records(store) == []
        said = [n.message for n in app._notifications]
        assert any("Import cancelled" in message for message in said)


@pytest.mark.parametrize("rows", [2_600])  # six batches: no need to wait for forty
async def test_an_import_left_to_run_keeps_every_reading(
    world: tuple[Store, Initiative, Metric, Path], slow_batches: None, rows: int
) -> None:
    store, initiative, metric, csv = world
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_import(app, pilot, initiative, csv)
        await until(pilot, lambda: importing(app) is not None)
        await until(pilot, lambda: isinstance(app.screen, MetricsScreen) and not app.workers)
        assert len(store.list_entered_readings(metric.id)) == rows + 1
        assert records(store) == []
