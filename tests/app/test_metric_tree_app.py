"""The metric tree in the app: "Predicts" chosen in the metric form, the tree in the table,
an outcome charted with its leading indicators."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric, MetricKind, Reading
from opstui.screens import clock
from opstui.screens.metrics import MetricsScreen
from opstui.screens.modals.metric_form import MetricForm
from opstui.widgets.charts import RelatedChartsPlot

TODAY = date(2026, 4, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def sales(db_path: Path) -> Iterator[tuple[Store, Initiative, Metric, Metric]]:
    """An outcome, and a leading indicator that predicts nothing yet."""
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Sales adopt the feature"))
        outcome = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="Deals that include the feature",
                unit="%",
                baseline_value=10,
                target_value=40,
                primary=True,
            )
        )
        lead = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="Mentions in BDR calls",
                kind=MetricKind.LEADING,
                unit="calls",
            )
        )
        store.add_readings(
            [
                Reading(metric_id=m.id, taken_on=date(2026, 3, day), value=day * k)
                for m, k in ((outcome, 2), (lead, 1))
                for day in (1, 15, 29)
            ]
        )
        yield store, initiative, outcome, lead


async def open_metrics(app: OpstuiApp, pilot: Pilot[None], initiative_id: str) -> MetricsScreen:
    await pilot.pause()
    screen = MetricsScreen(initiative_id)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def wait_for_form(app: OpstuiApp, pilot: Pilot[None]) -> MetricForm:
    for _ in range(50):
        if isinstance(app.screen, MetricForm):
            return app.screen
        await pilot.pause()
    raise AssertionError("the metric form did not open")


async def wait_until_gone(app: OpstuiApp, pilot: Pilot[None]) -> None:
    for _ in range(50):
        if not isinstance(app.screen, MetricForm):
            return
        await pilot.pause()
    raise AssertionError("the metric form stayed open")


# The leading indicator is the second row; its form: name, kind, then Predicts, whose
# list opens with Enter on "Nothing (yet)" and the outcome below it.
EDIT_KEYS = ("down", "e", "tab", "tab", "enter", "down", "enter", "ctrl+s")


@pytest.mark.parametrize("burst", [False, True], ids=["one-at-a-time", "burst"])
async def test_choosing_predicts_links_the_indicator_to_its_outcome(
    sales: tuple[Store, Initiative, Metric, Metric], burst: bool
) -> None:
    store, initiative, outcome, lead = sales
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metrics(app, pilot, initiative.id)
        if burst:
            await pilot.press(*EDIT_KEYS)
        else:
            for key in EDIT_KEYS:
                await pilot.press(key)
                await pilot.pause()
        await wait_until_gone(app, pilot)
        await pilot.pause()
        assert store.get_metric(lead.id).predicts_id == outcome.id
        # The table hangs the indicator under its outcome.
        table = screen.query_one("#metrics-table", DataTable)
        assert str(table.get_cell(lead.id, "name")).startswith("└─ Mentions")
        # The indicator's chart names the outcome it predicts, below its own.
        related = screen.query_one("#related-chart", RelatedChartsPlot)
        assert related.display and related.heading == f"Predicts {outcome.name}"
        assert [c.title for c in related.charts] == ["Deals that include the feature (%)"]
        await pilot.press("up")
        await pilot.pause()
        assert related.heading == f"Leading indicators of {outcome.name}"
        assert [c.title for c in related.charts] == ["Mentions in BDR calls (calls)"]


async def test_a_new_leading_indicator_can_predict_at_once(
    sales: tuple[Store, Initiative, Metric, Metric],
) -> None:
    store, initiative, outcome, _ = sales
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_metrics(app, pilot, initiative.id)
        await pilot.press("n", *"Reps able to demo")
        form = await wait_for_form(app, pilot)
        field = form.query_one("#metric-predicts-field")
        assert not field.display  # an outcome predicts nothing
        # Kind: outcome, leading, ... ; choosing "leading" offers Predicts.
        await pilot.press("tab", "enter", "down", "enter", "tab", "enter", "down", "enter")
        await pilot.pause()
        assert field.display
        assert form.query_one("#metric-predicts", Select).value == outcome.id
        await pilot.press("ctrl+s")
        await wait_until_gone(app, pilot)
    [made] = [m for m in store.list_metrics(initiative.id) if m.name == "Reps able to demo"]
    assert made.kind is MetricKind.LEADING and made.predicts_id == outcome.id


async def test_an_outcome_with_indicators_cannot_become_a_leading_indicator(
    sales: tuple[Store, Initiative, Metric, Metric],
) -> None:
    store, initiative, outcome, lead = sales
    store.update_metric(lead.model_copy(update={"predicts_id": outcome.id}))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_metrics(app, pilot, initiative.id)
        # The outcome is the first row: make it a leading indicator.
        await pilot.press("e", "tab", "enter", "down", "enter", "ctrl+s")
        form = await wait_for_form(app, pilot)
        await pilot.pause()
        error = str(form.query_one(".form-error", Static).render())
        assert "“Mentions in BDR calls” predicts “Deals that include the feature”" in error
        assert isinstance(app.screen, MetricForm)
        await pilot.press("escape")
    assert store.get_metric(outcome.id).kind is MetricKind.OUTCOME


async def test_changing_an_indicator_s_kind_drops_its_link(
    sales: tuple[Store, Initiative, Metric, Metric],
) -> None:
    store, initiative, outcome, lead = sales
    store.update_metric(lead.model_copy(update={"predicts_id": outcome.id}))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_metrics(app, pilot, initiative.id)
        # Leading -> sentiment (two down from leading): it no longer predicts anything.
        await pilot.press("down", "e", "tab", "enter", "down", "enter", "ctrl+s")
        await wait_until_gone(app, pilot)
    changed = store.get_metric(lead.id)
    assert changed.kind is MetricKind.SENTIMENT and changed.predicts_id is None
