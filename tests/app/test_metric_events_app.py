"""The metrics screen on metrics measured from events and checks: r logs an event or checks
people, one key per person; the table lists them with the readings worked out from them,
and typing readings in for such a metric is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative, Person
from opstui.domain.metric_events import CapabilityCheck, MetricEvent
from opstui.domain.metrics import Measure, Metric, Period
from opstui.screens import clock
from opstui.screens.help import HelpScreen
from opstui.screens.metrics import MetricsScreen
from opstui.screens.modals.check_people import CheckPeople
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.event_form import EventForm
from opstui.screens.modals.metric_form import MetricForm
from opstui.widgets.charts import MetricChartPlot

TODAY = date(2026, 4, 15)
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


class World:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.initiative = store.add_initiative(Initiative(title="Predictable releases"))
        self.changes = store.add_metric(
            Metric(
                initiative_id=self.initiative.id,
                name="Date changes close to GA",
                measure=Measure.EVENTS,
                window_days=30,
                beyond_weight=0.5,
                period=Period.MONTH,
            )
        )
        self.demoing = store.add_metric(
            Metric(
                initiative_id=self.initiative.id,
                name="Reps able to demo",
                measure=Measure.CAPABILITY,
                period=Period.MONTH,
                unit="%",
            )
        )
        self.people = [
            store.add_person(Person(name=name, role="Account Executive"))
            for name in ("Ana", "Ben", "Cy", "Dee")
        ]


@pytest.fixture
def world(db_path: Path) -> Iterator[World]:
    with Store.open(db_path) as store:
        yield World(store)


async def until(pilot: Pilot[None], done: Callable[[], object], rounds: int = 400) -> None:
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


async def open_on(
    app: OpstuiApp, pilot: Pilot[None], world: World, metric: Metric
) -> MetricsScreen:
    await pilot.pause()
    screen = MetricsScreen(world.initiative.id, metric_id=metric.id)
    await app.push_screen(screen)
    await until(pilot, lambda: app.screen is screen and screen.metric_id == metric.id)
    await pilot.pause()
    return screen


def burst(app: OpstuiApp, *keys: str) -> None:
    """Every key posted at once, as a fast typist or a paste sends them."""
    names = {"\r": "enter", "-": "minus"}
    for key in keys:
        if key in ("ctrl+s", "escape", "down", "tab"):
            app.post_message(events.Key(key, None))
        else:
            app.post_message(events.Key(names.get(key, key), key))


def table_keys(screen: MetricsScreen) -> list[str]:
    table = screen.query_one("#readings-table", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def test_r_logs_an_event_weighted_by_days_before_the_milestone(world: World) -> None:
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.changes)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, EventForm))
        await pilot.press(*"45", "tab", "backspace", "4", "ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        [event] = world.store.list_events(world.changes.id)
        assert (event.happened_on, event.days_before, event.magnitude) == (TODAY, 45, 4.0)
        [reading] = world.store.list_readings(world.changes.id)
        assert (reading.taken_on, reading.value) == (date(2026, 4, 1), 2.0)  # 4 x 0.5
        await until(pilot, lambda: event.id in table_keys(screen))
        assert table_keys(screen) == [event.id, "derived-heading", reading.id]
        chart = screen.query_one("#metric-chart", MetricChartPlot).chart
        assert chart is not None and chart.series[0].points[0].value == 2.0
        title = str(screen.query_one("#readings-title", Static).render())
        assert "1 event → 1 reading" in title


async def test_events_typed_ahead_in_a_burst_all_land(world: World) -> None:
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.changes)
        for days in ("3", "12", "40", ""):
            burst(app, "r", *days, "\r")
        await until(pilot, lambda: len(world.store.list_events(world.changes.id)) == 4)
        await until(pilot, lambda: app.screen is screen)
        logged = sorted((e.days_before or -1) for e in world.store.list_events(world.changes.id))
        assert logged == [-1, 3, 12, 40]
        [reading] = world.store.list_readings(world.changes.id)
        assert reading.value == 3.5  # three count fully, the one 40 days out half


async def test_a_bad_event_keeps_the_form_open_and_writes_nothing(world: World) -> None:
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.changes)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, EventForm))
        form = app.screen
        form.query_one("#event-date", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Date" in str(form.query_one(".form-error", Static).render())
        assert world.store.list_events(world.changes.id) == []
        # Markup and terminal control in a note are kept as text, never run.
        form.query_one("#event-date", Input).value = "2026-03-02"
        form.query_one("#event-note", Input).value = "[bold red]x[/] \x1b]52;c;aGk=\x07"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        [event] = world.store.list_events(world.changes.id)
        assert event.note.startswith("[bold red]x[/]") and "\x1b" not in event.note
        await until(pilot, lambda: event.id in table_keys(screen))


async def test_checking_people_one_key_each(world: World) -> None:
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.demoing)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, CheckPeople))
        # Ana can, Ben cannot, Cy left out, Dee can.
        await pilot.press("y", "n", "down", "y", "ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        checks = world.store.list_checks(world.demoing.id)
        by_name = {p.id: p.name for p in world.people}
        assert sorted((by_name[c.person_id], c.capable) for c in checks) == [
            ("Ana", True),
            ("Ben", False),
            ("Dee", True),
        ]
        assert all(c.checked_on == TODAY for c in checks)
        [reading] = world.store.list_readings(world.demoing.id)
        assert reading.value == pytest.approx(200 / 3)
        await until(pilot, lambda: len(table_keys(screen)) == 5)  # 3 checks, heading, reading


async def test_checks_typed_ahead_in_a_burst_all_land(world: World) -> None:
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.demoing)
        burst(app, "r", "y", "y", "n", "y", "ctrl+s")
        await until(pilot, lambda: len(world.store.list_checks(world.demoing.id)) == 4)
        await until(pilot, lambda: app.screen is screen)
        # A re-check a month later overrides Cy's "no".
        world.store.add_check(
            CapabilityCheck(
                metric_id=world.demoing.id,
                person_id=world.people[2].id,
                capable=True,
                checked_on=date(2026, 5, 4),
            )
        )
        values = [r.value for r in world.store.list_readings(world.demoing.id)]
        assert values == [75.0, 100.0]


async def test_readings_are_refused_for_a_derived_metric_and_r_means_its_own_add(
    world: World,
) -> None:
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.changes)
        assert screen.check_action("add_reading", ()) is False
        assert screen.check_action("log_event", ()) is True
        assert screen.check_action("check_people", ()) is False
        await pilot.press("i")  # import readings
        await pilot.pause()
        assert app.screen is screen
        notices = [str(n.message) for n in app._notifications]
        assert any("measured from events" in n for n in notices)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        names = {key.description for key in help_screen.keys}
        assert "Log event" in names and "Check people" not in names
        assert "Add reading" not in names


async def test_x_deletes_an_event_and_t_edits_it(world: World) -> None:
    first = world.store.add_event(
        MetricEvent(metric_id=world.changes.id, happened_on=date(2026, 3, 2), days_before=3)
    )
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.changes)
        table = screen.query_one("#readings-table", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, EventForm))
        await pilot.press("tab", "backspace", "5", "ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        assert world.store.list_events(world.changes.id)[0].magnitude == 5.0
        table.move_cursor(row=2)  # a reading: worked out, not deletable
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen
        table.move_cursor(row=0)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: app.screen is screen)
        assert world.store.list_events(world.changes.id) == []
        assert first.id not in table_keys(screen)


async def test_the_metric_form_shows_the_rule_only_for_events(world: World) -> None:
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.changes)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MetricForm))
        form = app.screen
        await pilot.press(*"Partners bidding")
        rule = form.query_one("#metric-rule")
        assert not rule.display
        form.query_one("#metric-measure", Select).value = Measure.EVENTS
        await until(pilot, lambda: rule.display)
        assert form.query_one("#metric-window-box").display
        form.query_one("#metric-window", Input).value = "14"
        form.query_one("#metric-beyond", Input).value = "0.2"
        form.query_one("#metric-period", Select).value = Period.QUARTER
        form.query_one("#metric-measure", Select).value = Measure.CAPABILITY
        await until(pilot, lambda: not form.query_one("#metric-window-box").display)
        assert rule.display
        form.query_one("#metric-measure", Select).value = Measure.EVENTS
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        made = next(m for m in world.store.list_metrics() if m.name == "Partners bidding")
        assert (made.measure, made.window_days, made.beyond_weight, made.period) == (
            Measure.EVENTS,
            14,
            0.2,
            Period.QUARTER,
        )


async def test_changing_the_measure_of_a_metric_with_events_is_refused(world: World) -> None:
    world.store.add_event(MetricEvent(metric_id=world.changes.id, happened_on=date(2026, 3, 2)))
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on(app, pilot, world, world.changes)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, MetricForm))
        app.screen.query_one("#metric-measure", Select).value = Measure.READINGS
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        assert world.store.get_metric(world.changes.id).measure is Measure.EVENTS
        notices = [str(n.message) for n in app._notifications]
        assert any("1 event logged" in n for n in notices)


async def test_review_refuses_logging_and_checking(world: World, db_path: Path) -> None:
    world.store.close()
    with Store.open(db_path, read_only=True) as review:
        app = make_app(review)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            metrics = MetricsScreen(world.initiative.id, metric_id=world.demoing.id)
            await app.push_screen(metrics)
            await until(pilot, lambda: app.screen is metrics)
            await pilot.press("r")
            await pilot.pause()
            assert app.screen is metrics
            assert review.list_checks(world.demoing.id) == []
            notices = [str(n.message) for n in app._notifications]
            assert any("review" in n.lower() or "read-only" in n.lower() for n in notices)


@pytest.mark.parametrize(
    ("window", "beyond", "said"),
    [("-3", "", "Counts fully within"), ("30", "2", "Beyond"), ("30", "nan", "Beyond")],
)
async def test_a_bad_rule_is_refused_naming_its_field(
    world: World, window: str, beyond: str, said: str
) -> None:
    app = make_app(world.store)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(app, pilot, world, world.changes)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MetricForm))
        form = app.screen
        await pilot.press(*"Bids")
        form.query_one("#metric-measure", Select).value = Measure.EVENTS
        form.query_one("#metric-window", Input).value = window
        form.query_one("#metric-beyond", Input).value = beyond
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert said in str(form.query_one(".form-error", Static).render())
        assert not [m for m in world.store.list_metrics() if m.name == "Bids"]
