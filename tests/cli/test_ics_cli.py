"""`opstui export session ID --format ics`: the calendar on standard output or in a
private file, the overwrite rule, the note when there is nothing to put in it."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import ActionItem, Session, SessionKind, SessionState
from tests.demo_cache import build_demo

WITH_NEXT = "Pilot check-in: Payments and Mobile, first month"
LAST = "Discovery: product managers"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("opstui: ") and "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ics-cli") / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
    return path


def session_id(db: Path, title: str) -> str:
    with Store.open(db, read_only=True) as store:
        (found,) = [s.id for s in store.list_sessions() if s.title == title]
        return found


def test_the_calendar_on_standard_output_is_the_file_written(demo: Path, tmp_path: Path) -> None:
    chosen = session_id(demo, WITH_NEXT)[:8]
    before = demo.read_bytes()
    shown = run("export", "session", chosen, "--format", "ics", "--db", str(demo))
    assert shown.exit_code == 0 and shown.stderr == ""
    assert shown.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    events = Calendar.from_ical(shown.stdout_bytes).events
    assert events[0].summary == "Pilot check-in: Payments and Mobile, second month"
    target = tmp_path / "next.ics"
    wrote = run(
        "export", "session", chosen, "--format", "ics", "-o", str(target), "--db", str(demo)
    )
    assert wrote.exit_code == 0 and wrote.stdout == "" and f"Wrote {target}" in wrote.stderr
    assert target.read_bytes() == shown.stdout_bytes
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    again = run(
        "export", "session", chosen, "--format", "ics", "-o", str(target), "--db", str(demo)
    )
    assert "already exists; add --force" in one_line_error(again)
    forced = run(
        "export", "session", chosen, "--format", "ics", "-o", str(target), "--force",
        "--db", str(demo),
    )  # fmt: skip
    assert forced.exit_code == 0 and target.read_bytes() == shown.stdout_bytes
    assert demo.read_bytes() == before  # exporting only reads


def test_nothing_to_put_in_the_calendar_gives_an_empty_one_and_says_so(demo: Path) -> None:
    result = run("export", "session", session_id(demo, LAST), "--format", "ics", "--db", str(demo))
    assert result.exit_code == 0
    assert Calendar.from_ical(result.stdout_bytes).events == []
    assert result.stderr.startswith("opstui: the calendar holds no events")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["initiative"], "--format ics goes with `export session ID`"),
        (["results"], "--format ics goes with `export session ID`"),
        (["map"], "a process map is written as --format md or mermaid, not ics"),
        (["session", "--excel"], "--excel goes with --format csv, not --format ics"),
    ],
)
def test_ics_is_refused_where_it_does_not_go(demo: Path, args: list[str], said: str) -> None:
    what, *rest = args
    record = session_id(demo, WITH_NEXT)
    if what != "session":
        with Store.open(demo, read_only=True) as store:
            record = store.get_session(record).initiative_id
    result = run("export", what, record, "--format", "ics", *rest, "--db", str(demo))
    assert said in one_line_error(result)


def test_hostile_action_text_reaches_the_calendar_escaped_and_clean(tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    text = "Ship it, then; relax \\ ok\x1b]52;c;aGk=\x07 \x9b2J 締め切り🙂" * 3
    with Store.open(db) as store:
        initiative = store.add_initiative(Initiative(title="Hostile; titles, too"))
        held = Session(
            initiative_id=initiative.id,
            playbook_key="pilot",
            kind=SessionKind.PILOT,
            title="Check-in",
            state=SessionState.ENDED,
            started_at=datetime(2026, 3, 2, 14, tzinfo=UTC),
            ended_at=datetime(2026, 3, 2, 15, tzinfo=UTC),
        )
        store.add_session(held, [])
        store.add_action(
            ActionItem(
                initiative_id=initiative.id, session_id=held.id, text=text, due_on=date(2026, 4, 1)
            )
        )
    result = run("export", "session", held.id, "--format", "ics", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    for control in (b"\x1b", b"\x07", "\x9b".encode()):
        assert control not in result.stdout_bytes
    (event,) = Calendar.from_ical(result.stdout_bytes).events
    assert event.summary == "Due: " + "Ship it, then; relax \\ ok]52;c;aGk= 2J 締め切り🙂" * 3
    assert event.start == date(2026, 4, 1)
    assert "Initiative: Hostile; titles, too" in (event.description or "")
