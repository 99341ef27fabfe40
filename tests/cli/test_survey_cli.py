"""`opstui import survey`: a survey's answers as a baseline or a reading, its comments as
remarks tagged survey; all of it or nothing, bad rows by line, hostile text kept as text."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.store import Store, load_facts
from opstui.domain.checklist import evaluate
from opstui.domain.initiative import Initiative, Person
from opstui.domain.metrics import Measure, Metric, MetricKind
from opstui.domain.session import FeedbackKind, SessionKind, SessionState
from opstui.domain.values import Sentiment
from opstui.services import survey_import

OPSTUI = Path(sys.executable).with_name("opstui")
GOLDEN = Path(__file__).parent / "golden"
SURVEY_DAY = "2026-02-03"

GOOD = (
    "Respondent,Team,Q3 Reaching customers is easy,What gets in the way?,Anything else?\n"
    'Ana Souza,Product,2,"Finding someone with time, then a slot",\n'
    "Bo Lind,Engineering,4,,Keep the calendar\n"
    ",Design,1,No idea whom to ask,\n"
    "Di Park,Product,5,Works fine,\n"
    ",,,,\n"
)
BAD = (
    "Respondent,Team,Q3 Reaching customers is easy,What gets in the way?\n"
    "Ana Souza,Product,2,fine\n"
    "Bo Lind,Engineering,four,\n"
    "Cy,Design,9,too high\n"
    "Di Park,Product,4,a,b\n"
    "Ed,Product,3.5,half a point\n"
)


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Metric]:
    """An initiative with a sentiment metric without a baseline, and two people."""
    path = tmp_path / "survey.db"
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        metric = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="PMs who say reaching customers is easy",
                kind=MetricKind.SENTIMENT,
                unit="% of PMs",
                target_value=70,
            )
        )
        store.add_person(Person(name="Ana Souza", role="PM"))
        store.add_person(Person(name="Bo Lind", role="Engineer"))
    return path, metric


def write(tmp_path: Path, text: str, name: str = "research.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", "survey", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def survey_args(path: Path, db: Path, metric: Metric, *more: str) -> list[str]:
    return [
        str(path),
        "--db", str(db),
        "--metric", metric.id[:8],
        "--column", "q3 reaching customers is easy",
        "--aggregate", "top2",
        "--comments", "What gets in the way?",
        "--comments", "anything else?",
        "--group-column", "Team",
        "--on", SURVEY_DAY,
        *more,
    ]  # fmt: skip


def dump(path: Path) -> str:
    with Store.open(path, read_only=True) as store:
        return "\n".join(store.conn.iterdump())


def test_a_survey_gives_the_baseline_and_remarks_tagged_survey(
    world: tuple[Path, Metric], tmp_path: Path
) -> None:
    db, metric = world
    code, out, err = run(*survey_args(write(tmp_path, GOOD), db, metric))
    assert code == 0, err
    assert out.splitlines() == [
        "Imported: 4 respondents; percent of “Q3 Reaching customers is easy” answers at 4 "
        "or 5 (scale 1-5): 50%",
        "Imported: 50% becomes the baseline of PMs who say reaching customers is easy "
        "on 2026-02-03 (it has none yet)",
        "Imported: 4 comments become remarks tagged survey (0 named, 4 anonymous) in the "
        "ended discovery session “Survey: research.csv”",
    ]
    with Store.open(db, read_only=True) as store:
        stored = store.get_metric(metric.id)
        assert (stored.baseline_value, stored.baseline_on) == (50, date(2026, 2, 3))
        assert store.list_readings(metric.id) == []
        [session] = store.list_sessions(metric.initiative_id)
        assert (session.kind, session.state, session.title) == (
            SessionKind.DISCOVERY,
            SessionState.ENDED,
            "Survey: research.csv",
        )
        assert session.held_at is not None and session.held_at.date() == date(2026, 2, 3)
        remarks = store.list_feedback(session_id=session.id)
        assert len(remarks) == 4 and all(r.person_id is None for r in remarks)
        assert {r.kind for r in remarks} == {FeedbackKind.OBSERVATION}
        [survey] = store.list_surveys(metric.initiative_id)
        assert (survey.respondents, survey.comments, survey.reading_id) == (4, 4, None)
        assert (survey.value_column, survey.aggregate, survey.file_name) == (
            "Q3 Reaching customers is easy",
            "top2 (scale 1-5)",
            "research.csv",
        )
        assert survey.session_id == session.id and survey.metric_id == metric.id
        facts = load_facts(store, metric.initiative_id)
    [item] = [s for s in evaluate(facts) if s.item.key == "survey-baseline"]
    assert item.done and item.auto and "research.csv" in item.note


def test_remarks_keep_each_comment_column_and_the_answer_s_sentiment(
    world: tuple[Path, Metric], tmp_path: Path
) -> None:
    db, metric = world
    assert run(*survey_args(write(tmp_path, GOOD), db, metric))[0] == 0
    with Store.open(db, read_only=True) as store:
        remarks = store.list_feedback(initiative_id=metric.initiative_id)
    assert [(r.text, r.sentiment, r.tags) for r in remarks] == [
        ("Finding someone with time, then a slot", Sentiment.NEGATIVE, ["survey", "group:Product"]),
        ("Keep the calendar", Sentiment.POSITIVE, ["survey", "group:Engineering"]),
        ("No idea whom to ask", Sentiment.VERY_NEGATIVE, ["survey", "group:Design"]),
        ("Works fine", Sentiment.VERY_POSITIVE, ["survey", "group:Product"]),
    ]


def test_with_a_baseline_the_survey_is_a_reading(
    world: tuple[Path, Metric], tmp_path: Path
) -> None:
    db, metric = world
    path = write(tmp_path, GOOD)
    assert run(*survey_args(path, db, metric))[0] == 0
    code, out, err = run(*survey_args(path, db, metric, "--on", "2026-05-04"))
    assert code == 0, err
    assert (
        "becomes a reading of PMs who say reaching customers is easy for all on 2026-05-04" in out
    )
    with Store.open(db, read_only=True) as store:
        [reading] = store.list_readings(metric.id)
        assert (reading.value, reading.taken_on) == (50, date(2026, 5, 4))
        assert reading.note.startswith("From the survey research.csv: percent of")
        surveys = store.list_surveys(metric.initiative_id)
        assert [s.reading_id for s in surveys] == [None, reading.id]
    # The same day again would double the chart: refused, nothing written.
    before = dump(db)
    code, _, err = run(*survey_args(path, db, metric, "--on", "2026-05-04"))
    assert code == 2 and "already has a reading for all on 2026-05-04" in err
    assert dump(db) == before


def test_bad_rows_are_listed_by_line_and_nothing_is_written(
    world: tuple[Path, Metric], tmp_path: Path
) -> None:
    db, metric = world
    path = write(tmp_path, BAD, "bad.csv")
    before = dump(db)
    code, out, err = run(*survey_args(path, db, metric)[:-6], "--on", SURVEY_DAY)
    assert code == 2 and out == ""
    assert dump(db) == before
    golden = GOLDEN / "survey-bad-rows.txt"
    shown = err.replace(str(path), "bad.csv")
    if os.environ.get("OPSTUI_UPDATE_GOLDEN"):
        golden.write_text(shown, encoding="utf-8")
    assert shown == golden.read_text(encoding="utf-8")


def test_a_failed_write_leaves_nothing_behind(
    world: tuple[Path, Metric], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The survey row is written last: when it fails, the session, remarks and baseline
    written before it in the same transaction are gone too."""
    from opstui.db.errors import DatabaseFailure

    db, metric = world
    before = dump(db)

    import opstui.db.records as records

    original = records.Records._insert

    def failing(self: records.Records, model: object) -> None:
        if type(model).__name__ == "Survey":
            raise DatabaseFailure("the disk is full")
        original(self, model)  # type: ignore[arg-type]

    monkeypatch.setattr(records.Records, "_insert", failing)
    code, _, err = run(*survey_args(write(tmp_path, GOOD), db, metric))
    assert code == 2 and "nothing imported: the disk is full" in err
    monkeypatch.undo()
    assert dump(db) == before


def test_names_are_matched_to_people_and_never_made_up(
    world: tuple[Path, Metric], tmp_path: Path
) -> None:
    db, metric = world
    path = write(tmp_path, GOOD)
    code, out, err = run(*survey_args(path, db, metric, "--name-column", "respondent"))
    assert code == 2
    # "Di Park" is nobody: a bad row, nothing written, nobody created.
    assert err.splitlines()[0] == (
        f"{path}:5: the name 'Di Park' is nobody among the people; add them first, "
        "correct the name, or leave the name column out"
    )
    with Store.open(db) as store:
        assert len(store.list_people()) == 2
        store.add_person(Person(name="di  PARK"))
    code, out, err = run(*survey_args(path, db, metric, "--name-column", "respondent"))
    assert code == 0, err
    assert "(3 named, 1 anonymous)" in out
    with Store.open(db, read_only=True) as store:
        people = {p.id: p.name for p in store.list_people()}
        remarks = store.list_feedback(initiative_id=metric.initiative_id)
    assert [people.get(r.person_id or "") for r in remarks] == [
        "Ana Souza",
        "Bo Lind",
        None,
        "di  PARK",
    ]


def test_hostile_text_is_stored_cleaned_and_printed_literally(
    world: tuple[Path, Metric], tmp_path: Path
) -> None:
    db, metric = world
    evil = "\x1b]52;c;cHduZWQ=\x07pwned \x1b[2J\x9b31m [bold red]loud[/] \x85end"
    text = f'Q3,Why\n4,"{evil}"\n'
    path = tmp_path / "evil.csv"
    path.write_bytes(text.encode("utf-8"))
    args = [str(path), "--db", str(db), "--metric", metric.id[:8], "--column", "Q3",
            "--comments", "why", "--on", SURVEY_DAY]  # fmt: skip
    code, _, err = run(*args)
    assert code == 0, err
    with Store.open(db, read_only=True) as store:
        [remark] = store.list_feedback(initiative_id=metric.initiative_id)
    # Control characters dropped (NEL kept as the line break it means); markup is text.
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in remark.text)
    assert "[bold red]loud[/]" in remark.text and "pwned" in remark.text
    # A hostile column name in an error is printed as text, never as control.
    header = "Q3\x1b]52;c;eA==\x07,[red]Why[/]\n4,x\n"
    (tmp_path / "evil2.csv").write_bytes(header.encode("utf-8"))
    code, _, err = run(str(tmp_path / "evil2.csv"), "--db", str(db), "--metric",
                         metric.id[:8], "--column", "Q9")  # fmt: skip
    assert code == 2 and "\x1b" not in err and "\x07" not in err
    assert "'[red]Why[/]'" in err


def test_files_that_are_not_regular_files_are_refused(
    world: tuple[Path, Metric], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, metric = world
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    link = tmp_path / "link.csv"
    link.symlink_to(fifo)
    big = write(tmp_path, GOOD * 50, "big.csv")
    monkeypatch.setattr(survey_import, "MAX_BYTES", 1024)
    for path, said in (
        (fifo, "is a FIFO, not a regular file"),
        (link, "is a link to a FIFO, not a regular file"),
        (tmp_path / "missing.csv", "is not there"),
        (big, "is larger than 1 KiB"),
    ):
        code, _, err = run(str(path), "--db", str(db), "--metric", metric.id[:8], "--column", "Q3")
        assert code == 2, path
        [line] = err.splitlines()
        assert line == f"opstui: {path} {said}"
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = run(str(folder), "--db", str(db), "--metric", metric.id[:8], "--column", "Q3")
    assert code == 2 and "folder" in err


@pytest.mark.parametrize(
    ("more", "said"),
    [
        (["--aggregate", "median"], "aggregate 'median' is not mean, top2 or share=VALUE"),
        (["--scale", "5"], "scale '5' is not like 1-5 or 0-10"),
        (["--on", "03/02/2026"], "date '03/02/2026' is not a date like 2026-03-31"),
    ],
)
def test_options_are_checked_in_one_line(
    world: tuple[Path, Metric], tmp_path: Path, more: list[str], said: str
) -> None:
    db, metric = world
    path = write(tmp_path, GOOD)
    code, _, err = run(str(path), "--db", str(db), "--metric", metric.id[:8], "--column", "Q3",
                       *more)  # fmt: skip
    assert code == 2 and said in err


def test_read_only_refuses_but_a_dry_run_reads(world: tuple[Path, Metric], tmp_path: Path) -> None:
    db, metric = world
    path = write(tmp_path, GOOD)
    result = CliRunner().invoke(
        cli, ["--read-only", "import", "survey", *survey_args(path, db, metric)]
    )
    assert result.exit_code == 2 and "cannot run with --read-only" in result.stderr
    result = CliRunner().invoke(
        cli, ["--read-only", "import", "survey", *survey_args(path, db, metric, "--dry-run")]
    )
    assert result.exit_code == 0, result.stderr


def test_the_real_command_with_dry_run_writes_nothing(
    world: tuple[Path, Metric], tmp_path: Path
) -> None:
    db, metric = world
    path = write(tmp_path, GOOD.replace(",", ";"))
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = subprocess.run(
        [str(OPSTUI), "import", "survey", *survey_args(path, db, metric, "--dry-run")],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Would write: 4 respondents; percent of “Q3 Reaching customers is easy” answers at 4 "
        "or 5 (scale 1-5): 50%",
        "Would write: 50% becomes the baseline of PMs who say reaching customers is "
        "easy on 2026-02-03 (it has none yet)",
        "Would write: 4 comments become remarks tagged survey (0 named, 4 anonymous) in the "
        "ended discovery session “Survey: research.csv”",
        "Nothing written (--dry-run).",
    ]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    with Store.open(db, read_only=True) as store:
        assert store.list_surveys() == [] and store.get_metric(metric.id).baseline_value is None


def test_a_metric_measured_from_events_takes_a_baseline_but_no_reading(
    world: tuple[Path, Metric], tmp_path: Path
) -> None:
    db, metric = world
    with Store.open(db) as store:
        store.update_metric(metric.model_copy(update={"measure": Measure.EVENTS}))
    path = write(tmp_path, GOOD)
    # With no baseline yet, the survey gives it one: a baseline is not a reading.
    assert run(*survey_args(path, db, metric))[0] == 0
    before = dump(db)
    code, _, err = run(*survey_args(path, db, metric, "--on", "2026-05-04"))
    assert code == 2 and "is measured from events" in err
    assert dump(db) == before
