"""`opstui chart --sentiment/--vote/--adoption`: the metrics screen's other charts in the
terminal, drawn from the same series, plain without a terminal, safe with any names."""

from __future__ import annotations

import json
import os
import re
import select
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.chart_series import adoption_chart, sentiment_by_session, vote_bars
from opstui.domain.initiative import CohortScope, Initiative, PilotCohort
from opstui.domain.session import Session, SessionKind
from opstui.domain.voting import Proposal, VoteMethod
from tests.cli.test_control_chars_cli import HOSTILE, assert_safe, spoil

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SIZE = ("--width", "80", "--height", "16")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def initiative_id(path: Path, words: str) -> str:
    with Store.open(path, read_only=True) as store:
        return next(i.id for i in store.list_initiatives() if words in i.title)


def dot_vote(path: Path) -> Proposal:
    with Store.open(path, read_only=True) as store:
        return next(p for p in store.list_proposals() if p.method is VoteMethod.DOT)


def chart_lines(out: str, width: int = 80) -> None:
    """Every line fits the width asked for (the legend and sentences may wrap)."""
    framed = [line for line in out.splitlines() if "│" in line or "┤" in line]
    assert framed, out
    assert all(len(line) <= width for line in framed), max(framed, key=len)


# -- on the demo -------------------------------------------------------------------------


def test_sentiment_across_sessions_of_the_demo(demo_file: Path) -> None:
    ini = initiative_id(demo_file, "interviews")
    result = run("chart", "--sentiment", ini[:8], *SIZE, "--db", str(demo_file))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not ANSI.search(out)  # not a terminal: no colour without being asked
    chart_lines(out)
    assert "Average sentiment per session" in out
    assert "by sentiment" in out
    # The bars' legend names each level by its mark, not by colour.
    assert "Bars: ██ very neg.  ▓▓ negative  ▒▒ neutral  ░░ positive  ▚▚ very pos." in out
    with Store.open(demo_file, read_only=True) as store:
        by_session = sentiment_by_session(
            store.list_sessions(ini), store.list_feedback(initiative_id=ini)
        )
    # One sentence per session that heard feedback, as the app counts them.
    for entry in by_session:
        assert f"{entry.label} {entry.title}: {entry.total} remark" in out


def test_a_vote_of_the_demo(demo_file: Path) -> None:
    proposal = dot_vote(demo_file)
    result = run("chart", "--vote", proposal.id[:8], *SIZE, "--db", str(demo_file))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not ANSI.search(out)
    chart_lines(out)
    assert out.startswith(f"Vote: {proposal.title} — dot, round {proposal.round}, in ")
    with Store.open(demo_file, read_only=True) as store:
        bars = vote_bars(proposal, store.list_ballots(proposal.id))
    for label, count in zip(bars.labels, bars.counts, strict=True):
        assert f"\n{label}: {count}\n" in out
    assert f"In all: {bars.summary}" in out
    assert "██" in out  # the bars themselves


def test_adoption_by_cohort_of_the_demo(demo_file: Path) -> None:
    ini = initiative_id(demo_file, "interviews")
    result = run("chart", "--adoption", ini[:8], *SIZE, "--db", str(demo_file))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not ANSI.search(out)
    chart_lines(out)
    with Store.open(demo_file, read_only=True) as store:
        cohorts = store.list_cohorts(ini)
    drawn = adoption_chart(cohorts, date.today())
    assert f"{len(drawn.cohorts)} started cohorts" in out
    for cohort in cohorts:
        assert f"{cohort.name}: {cohort.size} people ({cohort.scope.value}), " in out


def on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What the program writes to a terminal (a pseudo-terminal), read as it comes."""
    main, child = os.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "opstui", *args],
        stdin=subprocess.DEVNULL, stdout=child, stderr=child, env=env,
    ) as process:  # fmt: skip
        os.close(child)
        chunks = []
        while True:
            ready, _, _ = select.select([main], [], [], 60)
            assert ready, "no output within a minute"
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child's side closed: all read
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 0
    os.close(main)
    return b"".join(chunks).decode()


@pytest.mark.parametrize("option", ["--sentiment", "--vote", "--adoption"])
def test_colour_on_a_terminal_unless_no_color(demo_file: Path, option: str) -> None:
    record = dot_vote(demo_file).id if option == "--vote" else initiative_id(demo_file, "inter")
    args = ["chart", option, record[:8], *SIZE, "--db", str(demo_file)]
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert ANSI.search(on_a_terminal(args, env))
    plain = on_a_terminal(args, {**env, "NO_COLOR": "1"})
    assert "\x1b" not in plain
    # The marks still tell the series apart.
    assert any(mark in plain for mark in "▓•█⢸")


# -- nothing to chart ----------------------------------------------------------------------


@pytest.fixture
def bare_db(tmp_path: Path) -> tuple[Path, str, str]:
    """An initiative with one planned cohort, one session with no feedback, an open vote."""
    path = tmp_path / "bare.db"
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Nothing yet"))
        store.add_cohort(
            PilotCohort(initiative_id=initiative.id, name="Later", scope=CohortScope.TEAMS, size=5)
        )
        session = store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Quiet one",
            )
        )
        proposal = store.add_proposal(
            Proposal(session_id=session.id, title="Go ahead?", method=VoteMethod.CONSENT)
        )
    return path, initiative.id, proposal.id


def test_no_feedback_no_cohort_no_ballot_each_say_so(bare_db: tuple[Path, str, str]) -> None:
    path, ini, proposal = bare_db
    sentiment = run("chart", "--sentiment", ini[:8], "--db", str(path))
    assert sentiment.exit_code == 0
    assert sentiment.stdout.splitlines() == [
        "Sentiment across the sessions of Nothing yet",
        "No feedback captured in this initiative's sessions yet, so no sentiment to chart.",
    ]
    adoption = run("chart", "--adoption", ini[:8], "--db", str(path))
    assert adoption.exit_code == 0
    assert adoption.stdout.splitlines() == [
        "Adoption of Nothing yet: people in started pilot cohorts",
        "No pilot cohort has started yet (1 planned), so there is no adoption to chart.",
        "Later: 5 people (teams), not started, planned",
    ]
    vote = run("chart", "--vote", proposal[:8], "--db", str(path))
    assert vote.exit_code == 0
    assert vote.stdout.splitlines()[1] == "Go ahead?: 0 vote(s) cast, hidden until revealed."


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["abc", "--sentiment", "abc"],
        ["--vote", "abc", "--adoption", "abc"],
    ],
    ids=["nothing", "metric-and-sentiment", "two-options"],
)
def test_one_chart_at_a_time(bare_db: tuple[Path, str, str], args: list[str]) -> None:
    path, _, _ = bare_db
    result = CliRunner().invoke(cli, ["chart", *args, "--db", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "chart one thing" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("option", ["--sentiment", "--adoption", "--vote"])
def test_an_unknown_id_is_a_one_line_error(bare_db: tuple[Path, str, str], option: str) -> None:
    path, _, _ = bare_db
    result = CliRunner().invoke(cli, ["chart", option, "zzzz", "--db", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("opstui: no ") and result.stderr.count("\n") == 1


# -- hostile names ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with hostile text in every name, the dot vote's options included."""
    from tests.demo_cache import build_demo

    path = tmp_path_factory.mktemp("hostile-charts") / "received.db"
    with Store.open(path) as store:
        build_demo(store)
    spoil(path)
    conn = sqlite3.connect(path)
    with conn:
        for proposal_id, options in conn.execute(
            "SELECT id, options FROM proposals WHERE method = 'dot'"
        ).fetchall():
            renamed = {o: HOSTILE + " [bold red]x[/] " + o for o in json.loads(options)}
            conn.execute(
                "UPDATE proposals SET options = ? WHERE id = ?",
                (json.dumps(list(renamed.values())), proposal_id),
            )
            for ballot_id, dots in conn.execute(
                "SELECT id, dots FROM ballots WHERE proposal_id = ?", (proposal_id,)
            ).fetchall():
                moved = {renamed.get(k, k): v for k, v in json.loads(dots).items()}
                conn.execute(
                    "UPDATE ballots SET dots = ? WHERE id = ?", (json.dumps(moved), ballot_id)
                )
    conn.close()
    return path


@pytest.mark.parametrize("option", ["--sentiment", "--vote", "--adoption"])
@pytest.mark.parametrize("colour", ["--no-color", "--color"])
def test_hostile_names_write_no_control_sequence(
    hostile_db: Path, option: str, colour: str
) -> None:
    conn = sqlite3.connect(hostile_db)
    (ini,) = conn.execute(
        "SELECT initiative_id FROM pilot_cohorts GROUP BY initiative_id "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    (dot,) = conn.execute("SELECT id FROM proposals WHERE method = 'dot' LIMIT 1").fetchone()
    conn.close()
    record = dot if option == "--vote" else ini
    result = run("chart", option, record[:8], *SIZE, colour, "--db", str(hostile_db))
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes
    # With colour, only the chart's own colour codes; the names are shown, not run.
    assert_safe(ANSI.sub("", result.stdout).encode() if colour == "--color" else out)
    assert b"PWNED" in out
    if option == "--vote":
        assert b"[bold red]x[/]" in out  # markup is text, never styling
