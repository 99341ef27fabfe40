"""A snapshot of the metrics screen showing a metric tree: an outcome, its two leading
indicators hung under it with a tree glyph and charted below it, and an unlinked metric."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric, MetricKind, Reading
from opstui.screens import clock
from opstui.screens.metrics import MetricsScreen

SnapCompare = Callable[..., bool]
TODAY = date(2026, 4, 15)


def tree_file(path: Path) -> tuple[Store, str]:
    store = Store.open(path)
    initiative = store.add_initiative(Initiative(title="Sales adopt the feature"))

    def metric(name: str, kind: MetricKind, unit: str, **more: Any) -> Metric:
        return store.add_metric(
            Metric(initiative_id=initiative.id, name=name, kind=kind, unit=unit, **more)
        )

    outcome = metric(
        "Deals that include the feature",
        MetricKind.OUTCOME,
        "%",
        baseline_value=10,
        baseline_on=date(2026, 1, 5),
        target_value=40,
        target_on=date(2026, 9, 30),
        primary=True,
    )
    metric("Interviews per PM", MetricKind.OUTCOME, "interviews")
    calls = metric("Mentions in BDR calls", MetricKind.LEADING, "calls", predicts_id=outcome.id)
    demo = metric("Reps able to demo", MetricKind.LEADING, "%", predicts_id=outcome.id)
    weeks = [date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2), date(2026, 4, 6)]
    values = {outcome.id: (10, 12, 17, 21), calls.id: (3, 9, 14, 22), demo.id: (20, 35, 50, 70)}
    store.add_readings(
        Reading(metric_id=metric_id, taken_on=day, value=value)
        for metric_id, series in values.items()
        for day, value in zip(weeks, series, strict=True)
    )
    return store, initiative.id


def test_metrics_screen_shows_the_tree(
    db_path: Path, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    store, initiative_id = tree_file(db_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.animation_level = "none"
        await pilot.pause()
        await pilot.app.push_screen(MetricsScreen(initiative_id))
        await pilot.pause(0.2)

    try:
        assert snap_compare(make_app(store), run_before=run_before, terminal_size=(120, 40))
    finally:
        store.close()
