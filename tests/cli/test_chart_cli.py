"""`opstui chart` and `opstui import readings`: the same chart offline, all-or-nothing imports."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.charting import TERMINAL_PALETTE, Palette, render_metric
from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.chart_series import legend_swatch, metric_chart, series_marker
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Cohort, Metric, Reading

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def primary_metric(path: Path) -> tuple[Metric, list[Reading]]:
    with Store.open(path, read_only=True) as store:
        metric = next(m for m in store.list_metrics() if m.primary and "per PM" in m.name)
        return metric, store.list_readings(metric.id)


@pytest.fixture
def small_db(tmp_path: Path) -> tuple[Path, Metric]:
    path = tmp_path / "small.db"
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        metric = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="Days to an interview",
                unit="days",
                baseline_value=12,
                baseline_on=date(2026, 1, 1),
                target_value=5,
                target_on=date(2026, 6, 30),
                direction="lower",
            )
        )
        store.add_reading(Reading(metric_id=metric.id, taken_on=date(2026, 1, 1), value=12))
    return path, metric


def stored_readings(path: Path, metric_id: str) -> list[Reading]:
    with Store.open(path, read_only=True) as store:
        return store.list_readings(metric_id)


# -- opstui chart ---------------------------------------------------------------------------


def test_chart_of_a_demo_metric(demo_file: Path) -> None:
    metric, readings = primary_metric(demo_file)
    code, out, err = run(
        "chart",
        metric.id[:8],
        "--width",
        "90",
        "--height",
        "22",
        "--no-color",
        "--db",
        str(demo_file),
    )
    assert code == 0, err
    assert not ANSI.search(out)
    lines = out.splitlines()
    assert metric.name in lines[0]
    chart_lines = lines[:22]
    assert max(len(line) for line in chart_lines) <= 90
    for label in ("Baseline 0.8", "Target 4", "All", "Adopters", "Pilot", "Non-adopters"):
        assert label in out
    # The x axis is labelled with dates from the baseline to the latest reading.
    assert metric.baseline_on is not None
    assert metric.baseline_on.strftime("%d %b") in out
    # Below the chart, each measured cohort's progress against the baseline.
    assert re.search(r"^Adopters: \d.* of the way from 0.8 to 4", out, re.MULTILINE)
    assert re.search(r"^All: ", out, re.MULTILINE)
    assert len(readings) > 10


def test_the_chart_is_the_one_the_app_draws(demo_file: Path) -> None:
    metric, readings = primary_metric(demo_file)
    code, out, _ = run(
        "chart", metric.id, "--width", "80", "--height", "20", "--no-color", "--db", str(demo_file)
    )
    drawn = render_metric(metric_chart(metric, readings), width=80, height=20, colour=False)
    assert code == 0
    assert out.startswith(drawn)


def test_colour_on_request(demo_file: Path) -> None:
    metric, _ = primary_metric(demo_file)
    code, out, _ = run("chart", metric.id[:8], "--color", "--db", str(demo_file))
    assert code == 0
    assert ANSI.search(out)


@pytest.mark.parametrize("colour", [False, True])
def test_the_chart_tells_series_apart_by_their_marks(colour: bool) -> None:
    # With colour too: a 16-colour terminal turns two cohorts' colours into one.
    metric = Metric(initiative_id="i", name="Score", baseline_value=1, target_value=5)
    readings = [
        Reading(metric_id=metric.id, taken_on=date(2026, 1, day), value=day / 10 + lift, cohort=c)
        for day in (1, 15, 28)
        for c, lift in ((Cohort.ALL, 0), (Cohort.ADOPTERS, 1.5))
    ]
    drawn = render_metric(metric_chart(metric, readings), width=60, height=16, colour=colour)
    text = ANSI.sub("", drawn)
    for key, name in (("all", "All"), ("adopters", "Adopters")):
        assert f"{legend_swatch(key)} {name}" in text
        assert series_marker(key) * 3 in text.split("Adopters", 1)[1]  # the line itself
    assert f"{legend_swatch('baseline')} Baseline 1" in text
    assert f"{legend_swatch('target')} Target 5" in text
    assert Palette(plain=True).colour("all") is None
    assert TERMINAL_PALETTE.colour("adopters") == "green+"


def test_a_metric_without_readings_says_so(small_db: tuple[Path, Metric], tmp_path: Path) -> None:
    path, metric = small_db
    with Store.open(path) as store:
        bare = store.add_metric(metric.model_copy(update={"id": "f" * 36, "name": "Untouched"}))
    code, out, _ = run("chart", bare.id[:6], "--db", str(path))
    assert code == 0
    assert "Untouched (days): no readings yet, so there is nothing to chart." in out
    assert f"opstui import readings {bare.id[:8]}" in out


def test_a_single_reading_is_charted_with_a_plain_note(small_db: tuple[Path, Metric]) -> None:
    path, metric = small_db
    code, out, _ = run("chart", metric.id[:8], "--no-color", "--db", str(path))
    assert code == 0
    assert "Only one reading so far (12 days on 2026-01-01)" in out


def test_unknown_and_ambiguous_metric_ids_are_one_line_errors(
    small_db: tuple[Path, Metric],
) -> None:
    path, metric = small_db
    with Store.open(path) as store:
        for suffix in "12":
            store.add_metric(metric.model_copy(update={"id": f"abc{suffix}" + "0" * 32}))
    code, _, err = run("chart", "zzz", "--db", str(path))
    assert code == 2 and err.startswith("opstui: no metric has an id starting with 'zzz'")
    assert len(err.strip().splitlines()) == 1
    code, _, err = run("chart", "abc", "--db", str(path))
    assert code == 2 and "matches several metrics" in err


def test_chart_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code, _, err = run("chart", "abc", "--db", str(missing))
    assert code == 2 and "no database" in err
    assert not missing.exists()


def test_chart_does_not_load_textual(demo_file: Path) -> None:
    metric, _ = primary_metric(demo_file)
    script = (
        "import sys\n"
        "from opstui.cli import main\n"
        "try:\n"
        f"    main(['chart', {metric.id[:8]!r}, '--no-color', '--db', {str(demo_file)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "print('plotext' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("True")


# -- opstui import readings ------------------------------------------------------------------


def test_importing_a_good_file_adds_every_reading(
    small_db: tuple[Path, Metric], tmp_path: Path
) -> None:
    path, metric = small_db
    csv = tmp_path / "good.csv"
    csv.write_text(
        "date,value,cohort,note\n2026-02-01,10,all,\n2026-02-01,8,adopters,quick\n"
        "2026-03-01,9.5,,\n",
        encoding="utf-8",
    )
    code, out, err = run("import", "readings", metric.id[:8], str(csv), "--db", str(path))
    assert code == 0, err
    assert out.strip() == "Added 3 readings to Days to an interview."
    stored = stored_readings(path, metric.id)
    assert [(r.taken_on, r.value, r.cohort, r.note) for r in stored] == [
        (date(2026, 1, 1), 12.0, Cohort.ALL, ""),
        (date(2026, 2, 1), 10.0, Cohort.ALL, ""),
        (date(2026, 2, 1), 8.0, Cohort.ADOPTERS, "quick"),
        (date(2026, 3, 1), 9.5, Cohort.ALL, ""),
    ]


def test_a_file_with_bad_rows_writes_nothing_and_names_every_bad_row(
    small_db: tuple[Path, Metric], tmp_path: Path
) -> None:
    path, metric = small_db
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "date,value,cohort\n"
        "2026-02-01,10,all\n"
        "2026-02-30,9,all\n"
        "2026-03-01,nine,all\n"
        "2026-04-01,8,everybody-else\n"
        "2026-01-01,12,all\n",
        encoding="utf-8",
    )
    before = stored_readings(path, metric.id)
    code, out, err = run("import", "readings", metric.id[:8], str(csv), "--db", str(path))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[:4] == [
        f"{csv}:3: date '2026-02-30' is not a date like 2026-03-31",
        f"{csv}:4: value 'nine' is not a number",
        f"{csv}:5: cohort 'everybody-else' is not one of all, adopters, pilot, non-adopters",
        f"{csv}:6: a reading for all on 2026-01-01 is already stored (value 12)",
    ]
    assert lines[-1] == f"opstui: nothing imported: 4 bad rows in {csv}"
    assert stored_readings(path, metric.id) == before  # the good row 2 was not written either


def test_importing_the_same_file_twice_is_refused_the_second_time(
    small_db: tuple[Path, Metric], tmp_path: Path
) -> None:
    path, metric = small_db
    csv = tmp_path / "again.csv"
    csv.write_text("date,value\n2026-02-01,10\n", encoding="utf-8")
    assert run("import", "readings", metric.id, str(csv), "--db", str(path))[0] == 0
    code, _, err = run("import", "readings", metric.id, str(csv), "--db", str(path))
    assert code == 2 and "already stored" in err
    assert len(stored_readings(path, metric.id)) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no file at"),
        (b"\xff\xfe\x00d\x00a", "is not UTF-8 text"),
        (b"", "the file is empty"),
    ],
)
def test_unreadable_files_are_one_line_errors(
    small_db: tuple[Path, Metric], tmp_path: Path, content: bytes | None, message: str
) -> None:
    path, metric = small_db
    csv = tmp_path / "file.csv"
    if content is not None:
        csv.write_bytes(content)
    code, _, err = run("import", "readings", metric.id[:8], str(csv), "--db", str(path))
    assert code == 2
    assert message in err
    assert len(stored_readings(path, metric.id)) == 1


def test_import_into_an_unknown_metric(small_db: tuple[Path, Metric], tmp_path: Path) -> None:
    path, _ = small_db
    csv = tmp_path / "good.csv"
    csv.write_text("date,value\n2026-02-01,10\n", encoding="utf-8")
    code, _, err = run("import", "readings", "nothing", str(csv), "--db", str(path))
    assert code == 2 and "no metric has an id starting with 'nothing'" in err
