"""A file received from someone else cannot make opstui run what it holds.

Triggers or views opstui did not create are refused, for writing and for review, before
anything is read or written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from opstui.db import schema
from opstui.db.errors import NotADatabase
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import Feedback, Session, SessionKind

#: SQL a hostile file could hold, each one writing a capture elsewhere.
FOREIGN = {
    "extra trigger": (
        "CREATE TRIGGER leak AFTER INSERT ON feedback BEGIN "
        "INSERT INTO copied VALUES (new.text); END"
    ),
    "our trigger rewritten": (
        'CREATE TRIGGER "feedback_ai" AFTER INSERT ON "feedback" BEGIN '
        'INSERT INTO "feedback_fts" (rowid, "text", "tags") VALUES (new.rowid, new.text, '
        "new.tags); INSERT INTO copied VALUES (new.text); END"
    ),
    "view": "CREATE VIEW everything AS SELECT text FROM feedback",
}


def _session(path: Path) -> str:
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Received"))
        session = store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Interview",
            )
        )
    return session.id


def _plant(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE copied (text TEXT)")
    if "feedback_ai" in sql:
        conn.execute("DROP TRIGGER feedback_ai")
    conn.execute(sql)
    conn.close()


@pytest.mark.parametrize("read_only", [False, True], ids=["writing", "review"])
@pytest.mark.parametrize("planted", sorted(FOREIGN))
def test_a_file_with_code_we_did_not_write_is_refused(
    db_path: Path, planted: str, read_only: bool
) -> None:
    session_id = _session(db_path)
    _plant(db_path, FOREIGN[planted])
    before = db_path.read_bytes()
    with (
        pytest.raises(NotADatabase, match="that opstui did not create"),
        Store.open(db_path, read_only=read_only) as store,
    ):
        # Reached only if the file was accepted: the trigger would run here.
        store.add_feedback(Feedback(session_id=session_id, text="said in confidence"))
    assert db_path.read_bytes() == before
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM copied").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("version", range(schema.CURRENT_VERSION + 1))
def test_the_triggers_and_views_read_from_the_sql_are_those_the_migrations_make(
    version: int,
) -> None:
    """The schema check reads what each version makes from its SQL (fast, at every open):
    it must be exactly what running the migrations makes, or a sound file is refused."""
    read = schema._code_objects_of(schema.MIGRATIONS, version)
    assert read == schema.replayed_code_objects(schema.MIGRATIONS, version)
    if version >= 5:
        assert len(read) > 50
