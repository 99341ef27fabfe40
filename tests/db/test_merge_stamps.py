"""Schema 5 on a real file: edits are stamped, deletions leave tombstones, and a replay
(a merge, the demo) leaves rows as they came.

Whatever path writes a row, the triggers stamp it; these tests go through the store as
the app does, and through plain SQL as any other writer would.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opstui.db import schema
from opstui.db.merge_schema import ROW_KEYS, STAMPED_TABLES, TABLES_IN_ORDER
from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import ActionItem

FIXTURES = Path(__file__).parent / "fixtures"
WHEN = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def stamps(store: Store, table: str, row_id: str) -> tuple[str | None, str | None]:
    row = store.conn.execute(
        f"SELECT updated_at, updated_site FROM {table} WHERE id = ?", (row_id,)
    ).fetchone()
    return row[0], row[1]


def tombstones(store: Store) -> list[tuple[str, str]]:
    return store.conn.execute("SELECT tbl, row_key FROM tombstones ORDER BY 1, 2").fetchall()


@pytest.fixture
def initiative(store: Store) -> Initiative:
    return store.add_initiative(Initiative(title="Quick interviews", created_at=WHEN))


def test_a_new_file_has_a_site_and_owns_what_it_creates(
    store: Store, initiative: Initiative
) -> None:
    site = store.site_id
    assert len(site) == 32 and int(site, 16) >= 0
    origin = store.conn.execute(
        "SELECT origin_site FROM initiatives WHERE id = ?", (initiative.id,)
    ).fetchone()[0]
    assert origin == site
    # Giving the initiative its owner is not an edit of it.
    assert stamps(store, "initiatives", initiative.id)[1] is None


def test_two_files_have_two_sites(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as a, Store.open(tmp_path / "b.db") as b:
        assert a.site_id != b.site_id


def test_writing_a_row_leaves_it_unstamped_and_editing_it_stamps_it(
    store: Store, initiative: Initiative
) -> None:
    owner = store.add_person(Person(name="Ana Ruiz", group=Group.PRODUCT))
    action = store.add_action(
        ActionItem(initiative_id=initiative.id, text="Send the invites", owner_id=owner.id)
    )
    assert stamps(store, "action_items", action.id) == (None, None)
    before = datetime.now(UTC)
    store.update_action(action.model_copy(update={"text": "Send the invites today"}))
    at, site = stamps(store, "action_items", action.id)
    assert site == store.site_id
    assert at is not None and datetime.fromisoformat(at) >= before.replace(microsecond=0)
    # A person's deletion setting the owner to NULL is an edit of the action too.
    store.conn.execute("UPDATE action_items SET updated_at = NULL WHERE id = ?", (action.id,))
    store.delete_person(owner.id)
    assert stamps(store, "action_items", action.id)[0] is not None


def test_a_deletion_leaves_a_tombstone_with_its_time_and_site(
    store: Store, initiative: Initiative
) -> None:
    action = store.add_action(ActionItem(initiative_id=initiative.id, text="Book the room"))
    store.delete_action(action.id)
    row = store.conn.execute(
        "SELECT deleted_at, site FROM tombstones WHERE tbl = 'action_items' AND row_key = ?",
        (action.id,),
    ).fetchone()
    assert row is not None and row[1] == store.site_id


def test_a_tick_undone_and_redone_is_alive_again(store: Store, initiative: Initiative) -> None:
    store.tick(initiative.id, "baseline", "taken from the survey")
    store.untick(initiative.id, "baseline")
    key = f'["{initiative.id}","baseline"]'
    assert ("checklist_ticks", key) in tombstones(store)
    store.tick(initiative.id, "baseline", "again")
    assert ("checklist_ticks", key) not in tombstones(store)


def test_a_deleted_initiative_leaves_a_tombstone_for_everything_it_held(
    store: Store, initiative: Initiative
) -> None:
    action = store.add_action(ActionItem(initiative_id=initiative.id, text="Book the room"))
    store.tick(initiative.id, "baseline")
    store.delete_initiative(initiative.id)
    assert set(tombstones(store)) == {
        ("initiatives", initiative.id),
        ("action_items", action.id),
        ("checklist_ticks", f'["{initiative.id}","baseline"]'),
    }


def test_a_replay_writes_rows_as_they_came(store: Store, initiative: Initiative) -> None:
    action = store.add_action(ActionItem(initiative_id=initiative.id, text="Book the room"))
    with store.replaying():
        store.conn.execute(
            "UPDATE action_items SET text = 'Book it', updated_at = '2026-01-01T00:00:00Z', "
            "updated_site = 'elsewhere' WHERE id = ?",
            (action.id,),
        )
        store.conn.execute("DELETE FROM checklist_ticks")
        store.delete_action(action.id)
    assert tombstones(store) == []
    assert store.get_meta("replaying") is None
    # Outside the replay, the triggers are back.
    other = store.add_action(ActionItem(initiative_id=initiative.id, text="Print"))
    store.delete_action(other.id)
    assert tombstones(store) == [("action_items", other.id)]


def test_a_failed_replay_leaves_the_triggers_on(store: Store, initiative: Initiative) -> None:
    with pytest.raises(RuntimeError), store.replaying():
        raise RuntimeError("the merge failed")
    assert store.get_meta("replaying") is None
    action = store.add_action(ActionItem(initiative_id=initiative.id, text="Print"))
    store.delete_action(action.id)
    assert tombstones(store) == [("action_items", action.id)]


def test_every_table_that_travels_is_stamped_and_tombstoned(store: Store) -> None:
    conn = store.conn
    triggers = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    for table in STAMPED_TABLES:
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        assert {"updated_at", "updated_site"} <= columns, table
        assert f"{table}_stamp" in triggers, table
    for table in ROW_KEYS:
        assert f"{table}_tombstone" in triggers, table
    # A table the file grows later must be placed in the copying order, or left out on
    # purpose (exports: one machine's history; the merge bookkeeping itself).
    data_tables = {
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
            " AND name NOT LIKE 'sqlite_%'"
        )
    }
    left_out = {"exports", "meta", "sites", "tombstones", "person_aliases"}
    assert data_tables - left_out == set(TABLES_IN_ORDER)


@pytest.mark.parametrize("version", range(5))
def test_an_older_file_gets_a_site_and_owns_its_initiatives(tmp_path: Path, version: int) -> None:
    path = tmp_path / f"v{version}.db"
    shutil.copy(FIXTURES / f"v{version}.db", path)
    with Store.open(path) as store:
        site = store.site_id
        assert site
        owners = {origin for (origin,) in store.conn.execute("SELECT origin_site FROM initiatives")}
        assert owners <= {site}
        # Upgraded rows were never edited as far as merging knows.
        assert store.conn.execute(
            "SELECT count(*) FROM feedback WHERE updated_at IS NOT NULL"
        ).fetchone() == (0,)
        assert tombstones(store) == []
        # And from now on, edits are stamped.
        person = store.list_people()[0] if store.list_people() else None
        if person is not None:
            store.update_person(person.model_copy(update={"role": "Lead"}))
            assert stamps(store, "people", person.id)[1] == site


def test_the_schema_5_fixture_opens_with_its_stamps_and_tombstones(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    shutil.copy(FIXTURES / "v5.db", path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert schema.check_version(conn, path) == 5
        assert conn.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 2
        assert conn.execute(
            "SELECT count(*) FROM people WHERE updated_site IS NOT NULL"
        ).fetchone() == (1,)
    finally:
        conn.close()
