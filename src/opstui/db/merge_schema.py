"""Schema 5: what lets files from several facilitators merge into one team file.

Every row that can change says when and in which file it last changed (``updated_at``,
``updated_site``), stamped by a trigger so that no write path can forget it; a deletion
leaves a tombstone so that it travels with the file; each file has a site id
(``meta.site_id``) and each initiative the site that owns it (``origin_site``). While a
merge or the demo replays rows written elsewhere, ``meta.replaying`` is set inside that
same transaction and the triggers leave the rows as they came. The merge itself is
``opstui.db.merge``; the readable views for Datasette are ``opstui.db.team_views``.
"""

from __future__ import annotations

from opstui.db.team_views import VIEWS

#: Tables whose rows can change after they are written, as schema 5 had them (its
#: migration makes their stamps and triggers; later tables add their own).
_V5_STAMPED = (
    "people",
    "initiatives",
    "affected_groups",
    "pilot_cohorts",
    "sessions",
    "session_participants",
    "agenda_items",
    "feedback",
    "fill_ins",
    "fill_in_values",
    "proposals",
    "ballots",
    "decisions",
    "action_items",
    "metrics",
    "readings",
    "readiness",
    "checklist_ticks",
    "device_remarks",
)
#: Tables schema 6 added (closing the loop: opstui.db.buy_in_schema), all keyed by id.
V6_TABLES = ("remark_links", "comm_items", "learning_paths", "check_ins")
#: Tables schema 7 added (the method's models: opstui.db.method_schema), all keyed by id.
V7_TABLES = (
    "process_maps",
    "process_map_lines",
    "prototypes",
    "metric_events",
    "capability_checks",
    "surveys",
)
#: Tables whose rows can change after they are written.
STAMPED_TABLES = _V5_STAMPED + V6_TABLES + V7_TABLES
#: Every table whose deletions travel in schema 5, with the columns naming one of its rows.
_V5_ROW_KEYS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(_V5_STAMPED, ("id",)),
    "session_participants": ("session_id", "person_id"),
    "fill_in_values": ("fill_in_id", "field_key"),
    "checklist_ticks": ("initiative_id", "item_key"),
    "ballot_receipts": ("proposal_id", "round", "person_id"),
    "exports": ("id",),
}
#: Every table whose deletions travel, with the columns that name one of its rows.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    **_V5_ROW_KEYS,
    **dict.fromkeys(V6_TABLES + V7_TABLES, ("id",)),
}
#: Every table a bundle or a merge carries, parents before children (the order rows are
#: copied in). ``exports`` stays behind: it is one machine's history of written files.
TABLES_IN_ORDER = (
    "people",
    "initiatives",
    "affected_groups",
    "pilot_cohorts",
    "comm_items",
    "learning_paths",
    "check_ins",
    "metrics",
    "sessions",
    "process_maps",
    "process_map_lines",
    "prototypes",
    "session_participants",
    "agenda_items",
    "proposals",
    "ballots",
    "ballot_receipts",
    "feedback",
    "device_remarks",
    "fill_ins",
    "fill_in_values",
    "decisions",
    "action_items",
    "remark_links",
    "readings",
    "metric_events",
    "capability_checks",
    "surveys",
    "readiness",
    "checklist_ticks",
)
#: Tables whose rows belong to the initiative as a whole: its owning file's version wins.
INITIATIVE_LEVEL_TABLES = (
    "initiatives",
    "affected_groups",
    "pilot_cohorts",
    "metrics",
    "checklist_ticks",
    "comm_items",
    "learning_paths",
    "prototypes",
)
#: Tables whose rows can be written again under a key that was deleted (a tick undone
#: and redone, a vote's ballots sealed): writing the row again lifts its tombstone.
REVIVABLE_TABLES = (
    "session_participants",
    "fill_in_values",
    "checklist_ticks",
    "ballot_receipts",
    "ballots",
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_SITE = "(SELECT value FROM meta WHERE key = 'site_id')"
_LIVE = "NOT EXISTS (SELECT 1 FROM meta WHERE key = 'replaying')"


def row_key_sql(table: str, alias: str) -> str:
    """The SQL naming one row of ``table`` in the tombstones: its id, or its key as JSON."""
    columns = ROW_KEYS[table]
    if columns == ("id",):
        return f"{alias}.id"
    return "json_array(" + ", ".join(f"{alias}.{c}" for c in columns) + ")"


#: Tables whose updated_at the store writes itself (their models carry it).
_HAS_UPDATED_AT = ("initiatives", "fill_ins")


def stamping_sql(table: str) -> str:
    # The initiative's own first update sets its owning site: not an edit.
    first = " AND old.origin_site IS NOT NULL" if table == "initiatives" else ""
    # Where the store itself keeps updated_at (it sets it on every write, to the second),
    # the trigger names the site only: two edits within one second write the same time,
    # which must stay the store's, not be taken for "left unchanged" and overwritten.
    when = (
        ""
        if table in _HAS_UPDATED_AT
        else f"""updated_at = CASE WHEN new.updated_at IS old.updated_at THEN {_NOW}
                 ELSE new.updated_at END,
    """
    )
    return f"""
CREATE TRIGGER {table}_stamp AFTER UPDATE ON {table} WHEN {_LIVE}{first} BEGIN
  UPDATE {table} SET
    {when}updated_site = {_SITE}
  WHERE rowid = new.rowid;
END;
"""


def tombstoning_sql(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} WHEN {_LIVE} BEGIN
  INSERT INTO tombstones (tbl, row_key, deleted_at, site)
    VALUES ('{table}', {row_key_sql(table, "old")}, {_NOW}, {_SITE})
    ON CONFLICT (tbl, row_key) DO UPDATE SET deleted_at = excluded.deleted_at,
      site = excluded.site;
END;
"""


def _reviving(table: str) -> str:
    # Written again after a deletion, the row is an edit later than the deletion: stamped,
    # so that the tombstone another file still holds does not win over it.
    stamp = (
        f"""
  UPDATE {table} SET updated_at = {_NOW}, updated_site = {_SITE}
  WHERE rowid = new.rowid AND EXISTS (
    SELECT 1 FROM tombstones WHERE tbl = '{table}' AND row_key = {row_key_sql(table, "new")});"""
        if table in STAMPED_TABLES
        else ""
    )
    return f"""
CREATE TRIGGER {table}_revive AFTER INSERT ON {table} WHEN {_LIVE} BEGIN{stamp}
  DELETE FROM tombstones WHERE tbl = '{table}' AND row_key = {row_key_sql(table, "new")};
END;
"""


#: A new file draws its site id, which names it in merges, once and for all.
DRAW_SITE_ID = (
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('site_id', lower(hex(randomblob(16))));"
)

V5 = (
    "".join(
        f"ALTER TABLE {t} ADD COLUMN updated_at TEXT;\n"
        for t in _V5_STAMPED
        if t not in _HAS_UPDATED_AT
    )
    + "".join(f"ALTER TABLE {t} ADD COLUMN updated_site TEXT;\n" for t in _V5_STAMPED)
    + "\n"
    + DRAW_SITE_ID
    + f"""

CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first_merged_at TEXT NOT NULL
);

ALTER TABLE initiatives ADD COLUMN origin_site TEXT;
UPDATE initiatives SET origin_site = {_SITE};
CREATE INDEX initiatives_origin ON initiatives(origin_site);
CREATE TRIGGER initiatives_origin AFTER INSERT ON initiatives
WHEN new.origin_site IS NULL BEGIN
  UPDATE initiatives SET origin_site = {_SITE} WHERE rowid = new.rowid;
END;

CREATE TABLE tombstones (
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    site TEXT,
    PRIMARY KEY (tbl, row_key)
) WITHOUT ROWID;

-- A colleague entered in two files under two ids is one person once merged: the id
-- not kept stays here, so that every later merge maps it the same way.
CREATE TABLE person_aliases (
    alias_id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX person_aliases_person ON person_aliases(person_id);
"""
    + "".join(stamping_sql(t) for t in _V5_STAMPED)
    + "".join(tombstoning_sql(t) for t in _V5_ROW_KEYS)
    + "".join(_reviving(t) for t in REVIVABLE_TABLES)
    + VIEWS
)
