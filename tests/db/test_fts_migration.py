"""Schema version 2: the search indexes as sqlite-utils and Datasette recognise them.

Version 1 declared ``content='feedback'`` in single quotes, which neither
``Table.detect_fts()`` nor Datasette matches, and named the fill-ins' index
``fill_in_fts``. Opening a version-1 file rebuilds both indexes the way
``enable_fts(create_triggers=True)`` lays them out, keeping every remark findable.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from opstui.db import schema
from opstui.db.store import Store
from opstui.domain.session import Feedback

INITIATIVE, SESSION, FILL_IN = "i-1", "s-1", "f-1"


def _version1_file(path: Path) -> None:
    """A file as opstui wrote it with schema version 1, holding a few captures."""
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, path, schema.MIGRATIONS[:1])
    assert schema.user_version(conn) == 1
    statements = [
        (
            "INSERT INTO initiatives (id, title, step, status, created_at, updated_at) "
            "VALUES (?, 'Quick interviews', 3, 'active', '2026-01-05', '2026-01-05')",
            (INITIATIVE,),
        ),
        (
            "INSERT INTO sessions (id, initiative_id, playbook_key, kind, title, state) "
            "VALUES (?, ?, 'validation', 'validation', 'Validate', 'ended')",
            (SESSION, INITIATIVE),
        ),
        (
            "INSERT INTO feedback (id, session_id, sentiment, kind, text, tags, created_at) "
            "VALUES ('fb-1', ?, 2, 'concern', 'Scheduling takes weeks', '[\"calendar\"]', "
            "'2026-01-05T10:00:00+00:00')",
            (SESSION,),
        ),
        (
            "INSERT INTO feedback (id, session_id, sentiment, kind, text, created_at) "
            "VALUES ('fb-2', ?, 4, 'praise', 'The panel answers quickly', "
            "'2026-01-05T10:05:00+00:00')",
            (SESSION,),
        ),
        (
            "INSERT INTO fill_ins (id, session_id, template_key, title, created_at, updated_at) "
            "VALUES (?, ?, 'problem', 'Problem', '2026-01-05', '2026-01-05')",
            (FILL_IN, SESSION),
        ),
        (
            "INSERT INTO fill_in_values (fill_in_id, field_key, value) "
            "VALUES (?, 'who', '\"recruiters in the northern office\"')",
            (FILL_IN,),
        ),
    ]
    for sql, params in statements:
        conn.execute(sql, params)
    conn.close()


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "v1.db"
    _version1_file(path)
    return path


def _sql(store: Store, name: str) -> str:
    rows = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchall()
    return str(rows[0][0]) if rows else ""


def test_the_version1_file_is_not_recognised_as_indexed(old_file: Path) -> None:
    """The starting point the migration exists for."""
    import sqlite_utils

    db = sqlite_utils.Database(old_file)
    try:
        assert "content='feedback'" in db["feedback_fts"].schema
        assert db.table("feedback").detect_fts() is None
        assert db.table("fill_in_values").detect_fts() is None
    finally:
        db.close()


def test_upgrade_makes_the_indexes_detectable_and_keeps_old_rows_findable(
    old_file: Path,
) -> None:
    with Store.open(old_file) as store:
        assert schema.user_version(store.conn) == schema.CURRENT_VERSION >= 2
        assert store.backup is not None and store.backup.exists()
        assert store.db.table("feedback").detect_fts() == "feedback_fts"
        assert store.db.table("fill_in_values").detect_fts() == "fill_in_values_fts"
        assert _sql(store, "fill_in_fts") == ""
        # What was said before the upgrade is found, by text and by tag.
        assert [h.feedback.id for h in store.search_feedback("scheduling")] == ["fb-1"]
        assert [h.feedback.id for h in store.search_feedback("calendar")] == ["fb-1"]
        assert store.feedback_matching("pan", INITIATIVE) == {"fb-2"}
        found = store.conn.execute(
            "SELECT rowid FROM fill_in_values_fts WHERE fill_in_values_fts MATCH 'northern'"
        ).fetchall()
        assert len(found) == 1
        # And the triggers keep the index in step from now on.
        new = store.add_feedback(Feedback(session_id=SESSION, text="Calendars clash weekly"))
        assert {h.feedback.id for h in store.search_feedback("calendar")} == {"fb-1", new.id}
        store.update_feedback(new.model_copy(update={"text": "Rooms are always booked"}))
        assert [h.feedback.id for h in store.search_feedback("rooms")] == [new.id]
        assert store.search_feedback("clash") == []
        store.delete_feedback("fb-1")
        assert store.search_feedback("scheduling") == []
        store.set_fill_in_value(FILL_IN, "who", "designers")
        assert store.conn.execute(
            "SELECT count(*) FROM fill_in_values_fts WHERE fill_in_values_fts MATCH 'northern'"
        ).fetchone() == (0,)
        # The index agrees with the remarks it indexes (this raises when it does not).
        with store.write():
            store.conn.execute("INSERT INTO feedback_fts(feedback_fts) VALUES ('integrity-check')")


def test_the_indexes_are_laid_out_as_sqlite_utils_lays_them_out(store: Store) -> None:
    """``enable_fts(..., replace=True)`` finds nothing to change, and ``disable_fts``
    finds every trigger: sqlite-utils sees these as its own. The remarks' index has
    prefix indexes too (schema 8), which sqlite-utils does not write: it finds the index
    and its triggers all the same."""
    for table, columns in (("feedback", ["text", "tags"]), ("fill_in_values", ["value"])):
        assert store.db.table(table).detect_fts() == f"{table}_fts"
        before = {name: _sql(store, name) for name in (f"{table}_fts", f"{table}_au")}
        if table == "feedback":
            # sqlite-utils would write it again without them (and its update trigger
            # firing on every column): that it finds nothing else to change is left
            # to the fill-ins' index, laid out alike.
            assert "prefix='1 2 3'" in before["feedback_fts"]
        else:
            with store.write():
                store.db.table(table).enable_fts(columns, create_triggers=True, replace=True)
            assert {name: _sql(store, name) for name in before} == before
        with store.write():
            store.db.table(table).disable_fts()
        left = {
            name
            for (name,) in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE ?", (f"{table}%",)
            )
        }
        assert not {f"{table}_fts", f"{table}_ai", f"{table}_ad", f"{table}_au"} & left
