"""`opstui chart` and `opstui import readings` on metrics measured from events and checks:
the chart draws the readings worked out from them, and importing readings is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metric_events import MetricEvent
from opstui.domain.metrics import Measure, Metric, Period


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def demo_metric(path: Path, name: str) -> Metric:
    with Store.open(path, read_only=True) as store:
        return next(m for m in store.list_metrics() if m.name == name)


def test_chart_of_the_demos_events_metric_draws_its_derived_readings(demo_file: Path) -> None:
    metric = demo_metric(demo_file, "Size of date changes close to GA")
    assert metric.measure is Measure.EVENTS
    before = demo_file.read_bytes()
    code, out, err = run("chart", metric.id[:8], "--no-color", "--db", str(demo_file))
    assert code == 0, err
    assert metric.name in out.splitlines()[0]
    # The latest readings worked out from the events, for everyone and for the pilot.
    assert "All: 9 days on 2026-11-01" in out
    assert "Pilot: 3 days on 2026-11-01" in out
    assert demo_file.read_bytes() == before  # a command that reads never writes


def test_chart_of_the_demos_capability_metric(demo_file: Path) -> None:
    metric = demo_metric(demo_file, "Reps able to demo the newest features")
    code, out, err = run("chart", metric.id[:8], "--no-color", "--db", str(demo_file))
    assert code == 0, err
    assert "All: 75" in out and "2026-11-01" in out


def test_an_events_metric_without_events_says_how_to_log_them(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Releases"))
        metric = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="Late changes",
                measure=Measure.EVENTS,
                period=Period.WEEK,
            )
        )
    code, out, _ = run("chart", metric.id[:8], "--db", str(path))
    assert code == 0
    assert "Log its events in the app" in out and "import readings" not in out
    with Store.open(path) as store:
        store.add_event(MetricEvent(metric_id=metric.id, happened_on=date(2026, 3, 4)))
    code, out, _ = run("chart", metric.id[:8], "--no-color", "--db", str(path))
    assert code == 0 and "All: 1 on 2026-03-02" in out  # the week's Monday


def test_importing_readings_for_a_derived_metric_is_refused(
    demo_file: Path, tmp_path: Path
) -> None:
    metric = demo_metric(demo_file, "Size of date changes close to GA")
    csv = tmp_path / "r.csv"
    csv.write_text("date,value\n2026-10-01,4\n")
    code, _, err = run("import", "readings", metric.id[:8], str(csv), "--db", str(demo_file))
    assert code != 0
    assert "measured from events" in err and "cannot be imported" in err
    assert err.count("\n") == 1  # one line, no traceback
    with Store.open(demo_file, read_only=True) as store:
        assert store.list_entered_readings(metric.id) == []
