"""SQLite's errors leave the store as StoreErrors that say what went wrong.

The screens and the command line catch ``StoreError`` alone: a locked, damaged or closed
file, or a row the schema refuses, must never reach them as a ``sqlite3`` error.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from opstui.db import connection
from opstui.db.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseFailure,
    RecordRefused,
    StorageFailure,
    StoreError,
    UnreadableRecord,
    database_errors,
    describe_error,
    translate,
)
from opstui.db.mapping import from_row, to_row
from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import Feedback, Session, SessionKind


def _session(store: Store) -> Session:
    initiative = store.add_initiative(Initiative(title="Quick interviews"))
    return store.add_session(
        Session(
            initiative_id=initiative.id,
            playbook_key="validation",
            kind=SessionKind.VALIDATION,
            title="Validate",
        )
    )


def test_a_write_blocked_by_another_writer_raises_database_busy(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A writer waits 50 ms for the lock, not the usual ten seconds (``begin_write``).
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    with Store.open(db_path) as store:
        blocker = sqlite3.connect(db_path, isolation_level=None)
        try:
            blocker.execute("BEGIN IMMEDIATE")
            with pytest.raises(DatabaseBusy) as raised:
                store.add_person(Person(name="Ana Ruiz", group=Group.PRODUCT))
            blocker.execute("ROLLBACK")
        finally:
            blocker.close()
        assert str(raised.value) == (
            "another program kept the database busy for too long (database is locked)"
        )
        assert isinstance(raised.value.__cause__, sqlite3.OperationalError)
        assert not store.conn.in_transaction
        # Once the other writer is done, the same store writes again.
        store.add_person(Person(name="Ana Ruiz", group=Group.PRODUCT))
        assert [p.name for p in store.list_people()] == ["Ana Ruiz"]


def _scramble_table(path: Path, table: str) -> None:
    """Overwrite the page holding a small table, as a failing disk might."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = bytes([0x5A]) * page_size
    path.write_bytes(bytes(data))


def test_reading_a_damaged_table_raises_database_damaged(db_path: Path) -> None:
    with Store.open(db_path) as store:
        session = _session(store)
        store.add_feedback(Feedback(session_id=session.id, text="Scheduling takes weeks"))
    _scramble_table(db_path, "feedback")
    with Store.open(db_path) as store:  # the header and the schema are intact: it opens
        with pytest.raises(DatabaseDamaged) as raised:
            store.list_feedback(session_id=session.id)
        assert isinstance(raised.value.__cause__, sqlite3.DatabaseError)
        assert describe_error(raised.value).startswith("the database file is damaged (")
        with pytest.raises(DatabaseDamaged):
            store.add_feedback(Feedback(session_id=session.id, text="And again"))
        # What is not damaged still reads.
        assert store.get_session(session.id).title == "Validate"


def test_a_row_the_schema_refuses_raises_record_refused(store: Store) -> None:
    with pytest.raises(RecordRefused, match="FOREIGN KEY constraint failed"):
        store.add_feedback(Feedback(session_id="no-such-session", text="Orphan"))
    assert store.list_feedback() == []


def test_a_stored_value_the_models_refuse_is_an_unreadable_record(db_path: Path) -> None:
    with Store.open(db_path) as store:
        session = _session(store)
    # Edited by hand: the schema takes any text as a time, the model does not.
    edit = sqlite3.connect(db_path)
    with edit:
        edit.execute("UPDATE sessions SET started_at = 'last tuesday'")
    edit.close()
    with Store.open(db_path) as store:
        with pytest.raises(UnreadableRecord) as raised:
            store.get_session(session.id)
        assert isinstance(raised.value, database_errors())
        assert describe_error(raised.value).startswith(
            "a session in the database could not be read (started_at: "
        )
        # The rest of the file still reads.
        assert store.list_initiatives()[0].title == "Quick interviews"


def test_a_json_column_that_is_not_json_is_an_unreadable_record(store: Store) -> None:
    feedback = Feedback(session_id=_session(store).id, text="Scheduling")
    row = to_row(feedback)  # as it is stored
    assert from_row(Feedback, {**row, "tags": '["a"]'}).tags == ["a"]
    with pytest.raises(UnreadableRecord, match=r"a feedback .* \(tags: not valid JSON\)"):
        from_row(Feedback, {**row, "tags": "{not json"})


def test_a_closed_store_raises_a_store_error(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    with pytest.raises(DatabaseFailure):
        store.list_people()
    with pytest.raises(DatabaseFailure):
        store.add_person(Person(name="Ana Ruiz", group=Group.PRODUCT))


@pytest.mark.parametrize(
    ("error", "failure", "said"),
    [
        (
            sqlite3.OperationalError("disk I/O error"),
            StorageFailure,
            "the disk could not be read or written (disk I/O error)",
        ),
        (
            sqlite3.OperationalError("database or disk is full"),
            StorageFailure,
            "the disk is full (database or disk is full)",
        ),
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            StorageFailure,
            "the database file or its folder cannot be written "
            "(attempt to write a readonly database)",
        ),
        (
            sqlite3.OperationalError("database is locked"),
            DatabaseBusy,
            "another program kept the database busy for too long (database is locked)",
        ),
        (
            sqlite3.DatabaseError("database disk image is malformed"),
            DatabaseDamaged,
            "the database file is damaged (database disk image is malformed)",
        ),
        (
            sqlite3.OperationalError("vtable constructor failed: feedback_fts"),
            DatabaseDamaged,
            "the database file is damaged (its search index) "
            "(vtable constructor failed: feedback_fts)",
        ),
        (
            sqlite3.IntegrityError("CHECK constraint failed: step BETWEEN 1 AND 6"),
            RecordRefused,
            "the database refused what was being saved "
            "(CHECK constraint failed: step BETWEEN 1 AND 6)",
        ),
        (
            sqlite3.IntegrityError("NOT NULL on the moon"),
            RecordRefused,
            "database error: NOT NULL on the moon",
        ),
        (
            sqlite3.OperationalError("no such table: gone"),
            DatabaseFailure,
            "database error: no such table: gone",
        ),
    ],
)
def test_each_sqlite_error_becomes_the_failure_it_is(
    error: sqlite3.Error, failure: type[DatabaseFailure], said: str
) -> None:
    translated = translate(error)
    assert type(translated) is failure
    assert isinstance(translated, StoreError)
    assert str(translated) == said
    # Described the same, whether it reaches the user translated or not.
    assert describe_error(error) == describe_error(translated) == said


def test_the_result_code_names_the_failure_when_the_words_do_not() -> None:
    """An error SQLite raised carries its result code: a trigger's refusal is a refused
    row, whatever its message says."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x INTEGER)")
    conn.execute(
        "CREATE TRIGGER t_no BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'not today'); END"
    )
    with pytest.raises(sqlite3.Error) as raised:
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    translated = translate(raised.value)
    assert type(translated) is RecordRefused
    assert str(translated) == "database error: not today"
