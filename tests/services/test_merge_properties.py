"""Merging is order-free and idempotent, whatever facilitators did to their copies."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opstui.db.merge_people import PERSON_COLUMNS
from opstui.db.merge_schema import TABLES_IN_ORDER
from opstui.db.store import Store
from opstui.domain.initiative import Group
from opstui.domain.merging import person_key
from opstui.domain.session import ActionItem, Feedback
from opstui.services.merging import merge_files
from tests.db.merge_world import (
    add_initiative,
    add_person,
    copy_file,
    new_file,
    rename_initiative,
)

NAMES = ("Dana Ruiz", "dana ruiz", "Lee Park", "Sam Ode")
WORDS = ("plan", "room", "call", "draft")

# One facilitator's act on their copy: (kind, which row, what).
acts = st.lists(
    st.tuples(
        st.sampled_from(
            ["edit_action", "rename", "add_action", "delete_action", "tick", "untick", "remark"]
        ),
        st.integers(0, 3),
        st.sampled_from(WORDS),
    ),
    max_size=6,
)
people = st.lists(
    st.tuples(st.sampled_from(NAMES), st.sampled_from([Group.DESIGN, Group.PRODUCT])),
    max_size=2,
    unique_by=lambda p: person_key(p[0], p[1]),
)


def apply(path: Path, steps: list[tuple[str, int, str]], persons: list[tuple[str, Group]]) -> None:
    for name, group in persons:
        add_person(path, name, group, role=f"role in {path.stem}")
    with Store.open(path) as store:
        initiatives = store.list_initiatives()
    for kind, n, word in steps:
        initiative = initiatives[n % len(initiatives)]
        with Store.open(path) as store:
            actions = store.list_actions(initiative.id)
            sessions = store.list_sessions(initiative.id)
            if kind == "edit_action" and actions:
                action = actions[n % len(actions)]
                store.update_action(action.model_copy(update={"text": f"{word} {path.stem}"}))
            elif kind == "add_action":
                store.add_action(ActionItem(initiative_id=initiative.id, text=word))
            elif kind == "delete_action" and actions:
                store.delete_action(actions[n % len(actions)].id)
            elif kind == "tick":
                store.tick(initiative.id, f"item-{n}", f"{word} {path.stem}")
            elif kind == "untick":
                store.untick(initiative.id, f"item-{n}")
            elif kind == "remark" and sessions:
                store.add_feedback(Feedback(session_id=sessions[0].id, text=word))
        if kind == "rename":
            rename_initiative(path, initiative.id, f"{word} by {path.stem}")


def dump(path: Path) -> dict[str, list[str]]:
    """Every merged table's rows, canonical, person ids read as who they are."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        keys = {
            r["id"]: person_key(r["name"], r["grp"]) for r in conn.execute("SELECT * FROM people")
        }
        for alias, person in conn.execute("SELECT alias_id, person_id FROM person_aliases"):
            keys.setdefault(alias, keys.get(person, person))
        tables: dict[str, list[str]] = {}
        for table in (*TABLES_IN_ORDER, "tombstones"):
            rows = []
            for row in conn.execute(f"SELECT * FROM {table}"):
                data: dict[str, Any] = dict(row)
                for column in PERSON_COLUMNS.get(table, ()):
                    data[column] = keys.get(data[column], data[column])
                rows.append(json.dumps(data, sort_keys=True))
            tables[table] = sorted(rows)
        return tables
    finally:
        conn.close()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.tuples(acts, people), min_size=2, max_size=2),
)
def test_merge_is_order_free_and_idempotent(
    tmp_path_factory: Any, facilitators: list[tuple[list[tuple[str, int, str]], Any]]
) -> None:
    folder: Path = tmp_path_factory.mktemp("merge")
    base = new_file(folder / "base.db", "base")
    add_initiative(base, "First", "a remark")
    add_initiative(base, "Second", "another remark")
    files = []
    for n, (steps, persons) in enumerate(facilitators):
        path = copy_file(base, folder / f"f{n}.db", f"f{n}")
        apply(path, steps, persons)
        files.append(path)

    dumps = []
    for order in itertools.permutations(files):
        team = folder / ("team-" + "-".join(p.stem for p in order) + ".db")
        merge_files(list(order), team)
        dumps.append(dump(team))
    for other in dumps[1:]:
        assert other == dumps[0]

    first = folder / ("team-" + "-".join(p.stem for p in files) + ".db")
    again = merge_files(files, first)
    assert all(source.changed == 0 for source in again.sources)
    assert dump(first) == dumps[0]

    once, twice = folder / "once.db", folder / "twice.db"
    merge_files([files[0]], once)
    merge_files([files[0], files[0]], twice)
    assert dump(once) == dump(twice)
