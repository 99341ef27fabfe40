"""Colleagues across files: which of the source's people are already in the target.

A person entered in two files has two ids. The merge keeps one: a source person whose
id the target does not know, but whose name and group (``domain.merging.person_key``)
match a target person, or whose id the target already holds as an alias, becomes that
person. The mapping goes into the temporary table ``merge_people`` (source id → kept
id), through which every person-id column of the copied rows is read, and into
``person_aliases``, so that the next merge maps the same id the same way.
"""

from __future__ import annotations

import sqlite3

from opstui.db.merge_text import LINE, clean
from opstui.domain.merging import PersonMatch, person_key

#: The temporary table of source ids kept under another id.
MAP_TABLE = "temp.merge_people"
#: The tables' columns that hold a person's id (``people.id`` itself among them).
PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": ("id",),
    "sessions": ("facilitator_id",),
    "session_participants": ("person_id",),
    "ballots": ("person_id",),
    "ballot_receipts": ("person_id",),
    "feedback": ("person_id",),
    "device_remarks": ("person_id",),
    "action_items": ("owner_id",),
    "learning_paths": ("owner_id",),
    "check_ins": ("person_id",),
}


def mapped_sql(column: str) -> str:
    """SQL giving a person-id column of the source as the id kept in the target."""
    return f"coalesce((SELECT m.dst FROM {MAP_TABLE} m WHERE m.src = {column}), {column})"


def map_people(conn: sqlite3.Connection, source: str) -> list[PersonMatch]:
    """Fill ``merge_people`` for the source attached as ``source``; the people matched.

    The aliases themselves are written by ``record_aliases`` once the people are in.
    """
    conn.execute("CREATE TEMP TABLE merge_people (src TEXT PRIMARY KEY, dst TEXT NOT NULL)")
    target: dict[str, tuple[str, str]] = {
        id_: (name, grp) for id_, name, grp in conn.execute("SELECT id, name, grp FROM main.people")
    }
    by_key: dict[str, str] = {}
    for id_, (name, grp) in sorted(target.items()):
        by_key.setdefault(person_key(name, grp), id_)
    aliases = dict(conn.execute("SELECT alias_id, person_id FROM main.person_aliases").fetchall())
    theirs = dict(
        conn.execute(f"SELECT alias_id, person_id FROM {source}.person_aliases").fetchall()
    )
    mapping: dict[str, str] = {}
    matches: list[PersonMatch] = []
    for id_, name, grp in conn.execute(f"SELECT id, name, grp FROM {source}.people ORDER BY id"):
        id_ = clean(id_, LINE)
        if id_ in target:
            continue
        kept = aliases.get(id_) or by_key.get(person_key(clean(name, LINE), grp))
        if kept is not None and kept in target:
            mapping[id_] = kept
            matches.append(
                PersonMatch(
                    alias_id=id_,
                    alias_name=clean(name, LINE),
                    person_id=kept,
                    person_name=target[kept][0],
                )
            )
    # The source's own aliases point at its people: follow them to the ids kept here.
    for alias, person in sorted(theirs.items()):
        if alias not in target and alias not in aliases and alias not in mapping:
            mapping[str(alias)] = mapping.get(str(person), str(person))
    conn.executemany("INSERT INTO temp.merge_people (src, dst) VALUES (?, ?)", mapping.items())
    return matches


def record_aliases(conn: sqlite3.Connection) -> None:
    """Keep each id mapped in this merge as an alias of the person kept (people now in)."""
    conn.execute(
        "INSERT OR IGNORE INTO main.person_aliases (alias_id, person_id) "
        f"SELECT m.src, m.dst FROM {MAP_TABLE} m "
        "WHERE EXISTS (SELECT 1 FROM main.people p WHERE p.id = m.dst) "
        "AND NOT EXISTS (SELECT 1 FROM main.people p WHERE p.id = m.src)"
    )
