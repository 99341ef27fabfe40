"""A cancelled session is marked "cancelled" where sessions are listed: the command line
and the exports."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import Feedback, Session, SessionKind, SessionState
from opstui.services.session_changes import cancel_session

STARTED = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


@pytest.fixture
def cancelled_file(db_path: Path) -> tuple[Path, str, str]:
    """A file with one initiative and its session started by mistake, then cancelled."""
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        session = store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Started by mistake",
                state=SessionState.LIVE,
                started_at=STARTED,
            )
        )
        store.add_feedback(Feedback(session_id=session.id, text="Said before we noticed"))
        cancel_session(store, session.id, STARTED)
    return db_path, initiative.id, session.id


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_list_sessions_marks_it_cancelled(cancelled_file: tuple[Path, str, str]) -> None:
    path, _, _ = cancelled_file
    rows = json.loads(run("list", "sessions", "--json", "--db", str(path)))
    assert [(r["title"], r["state"]) for r in rows] == [("Started by mistake", "cancelled")]
    assert rows[0]["cancelled_at"] is not None
    assert "cancelled" in run("list", "sessions", "--db", str(path))


def test_exports_mark_it_cancelled(cancelled_file: tuple[Path, str, str]) -> None:
    path, initiative_id, session_id = cancelled_file
    notes = run("export", "session", session_id, "--db", str(path))
    assert "**State:** cancelled" in notes
    report = run("export", "initiative", initiative_id, "--db", str(path))
    assert "| cancelled |" in report
