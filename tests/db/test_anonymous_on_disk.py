"""An anonymous vote is anonymous in the file: its bytes say who voted, never what.

The strongest check there is: the same people cast the same values, but paired
differently (and in a different order); once the vote is closed, the database file is
the same to the byte and its write-ahead log is empty — so nothing in either could
join a voter to a value. Read while the app still has the file open, as after a crash.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import Session, SessionKind, SessionState
from opstui.domain.voting import Ballot, Outcome, Proposal, VoteMethod

FIXTURES = Path(__file__).parent / "fixtures"
WHEN = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
PEOPLE = ("ana", "ben", "chi")


def _vote(path: Path, pairs: list[tuple[str, str]]) -> tuple[bytes, bytes, list[str]]:
    """Cast ``pairs`` (person, value) in that order on an anonymous vote, close it, and
    return the file's bytes and its log's, read while the store is still open, and the
    ids the ballots had when cast."""
    store = Store.open(path)
    # Both files as one site at one frozen time, so that only the votes can differ: the
    # edit stamps (schema 5) take their time from SQLite's strftime(), here fixed.
    store.set_meta("site_id", "one-site")
    store.conn.create_function("strftime", 2, lambda _format, _when: "2026-03-02T14:00:00Z")
    try:
        initiative = store.add_initiative(
            Initiative(id="i", title="Votes", created_at=WHEN, updated_at=WHEN)
        )
        for key in PEOPLE:
            store.add_person(Person(id=f"person-{key}", name=key.title(), group=Group.PRODUCT))
        session = store.add_session(
            Session(
                id="s",
                initiative_id=initiative.id,
                playbook_key="validation",
                kind=SessionKind.VALIDATION,
                title="Validation",
                participant_ids=[f"person-{key}" for key in PEOPLE],
                state=SessionState.LIVE,
                started_at=WHEN,
            )
        )
        proposal = store.add_proposal(
            Proposal(
                id="p",
                session_id=session.id,
                title="Happy?",
                method=VoteMethod.YES_NO,
                anonymous=True,
                created_at=WHEN,
            )
        )
        cast_ids = []
        for n, (key, value) in enumerate(pairs):
            ballot = Ballot(
                id=f"cast-{n}-by-{key}",
                proposal_id=proposal.id,
                person_id=f"person-{key}",
                method=VoteMethod.YES_NO,
                value=value,
            )
            store.cast_ballot(ballot)
            cast_ids.append(ballot.id)
        store.close_proposal(proposal, Outcome.PASSED, at=WHEN)
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes(), wal.read_bytes() if wal.exists() else b"", cast_ids
    finally:
        store.close()


def test_once_closed_the_file_cannot_say_who_voted_what(tmp_path: Path) -> None:
    first, first_log, cast_ids = _vote(
        tmp_path / "a.db", [("ana", "no"), ("ben", "yes"), ("chi", "yes")]
    )
    second, second_log, _ = _vote(
        tmp_path / "b.db", [("chi", "no"), ("ana", "yes"), ("ben", "yes")]
    )
    assert first_log == b"" and second_log == b""
    assert first == second
    # Not even the ids the ballots had while the vote was open are left in the file.
    for ballot_id in cast_ids:
        assert ballot_id.encode() not in first
    # Who voted is still known, and what was voted.
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT count(*) FROM ballot_receipts").fetchone()[0] == 3
    assert sorted(conn.execute("SELECT person_id, value FROM ballots").fetchall()) == [
        (None, "no"),
        (None, "yes"),
        (None, "yes"),
    ]
    conn.close()


def test_an_older_file_is_sealed_when_upgraded(tmp_path: Path) -> None:
    """A version 2 file kept names on an open anonymous vote's ballots: the upgrade moves
    them to receipts, rewrites the ballots, and leaves no log behind."""
    path = tmp_path / "v2.db"
    shutil.copy(FIXTURES / "v2.db", path)
    conn = sqlite3.connect(path)
    proposal_id, session_id = conn.execute(
        "SELECT p.id, p.session_id FROM proposals p "
        "WHERE (SELECT count(*) FROM ballots b WHERE b.proposal_id = p.id "
        "AND b.person_id IS NOT NULL) >= 3 LIMIT 1"
    ).fetchone()
    named = conn.execute(
        "SELECT round, person_id FROM ballots WHERE proposal_id = ?", (proposal_id,)
    ).fetchall()
    conn.execute("UPDATE proposals SET anonymous = 1 WHERE id = ?", (proposal_id,))
    conn.commit()
    conn.close()

    store = Store.open(path)
    try:
        assert store.backup is not None
        assert all(b.person_id is None for b in store.list_ballots(proposal_id))
        receipts = store.list_session_receipts(session_id)
        assert sorted((r.round, r.person_id) for r in receipts) == sorted(named)
        assert path.with_name(path.name + "-wal").stat().st_size == 0
    finally:
        store.close()
