"""Schema 5: what lets files from several facilitators merge into one team file.

Every row that can change says when and in which file it last changed (``updated_at``,
``updated_site``), stamped by a trigger so that no write path can forget it; a deletion
leaves a tombstone so that it travels with the file; each file has a site id
(``meta.site_id``) and each initiative the site that owns it (``origin_site``). While a
merge or the demo replays rows written elsewhere, ``meta.replaying`` is set inside that
same transaction and the triggers leave the rows as they came. The merge itself is
``opstui.db.merge``; the readable views are for Datasette.
"""

from __future__ import annotations

#: Tables whose rows can change after they are written.
STAMPED_TABLES = (
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
#: Every table whose deletions travel, with the columns that name one of its rows.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(STAMPED_TABLES, ("id",)),
    "session_participants": ("session_id", "person_id"),
    "fill_in_values": ("fill_in_id", "field_key"),
    "checklist_ticks": ("initiative_id", "item_key"),
    "ballot_receipts": ("proposal_id", "round", "person_id"),
    "exports": ("id",),
}
#: Every table a bundle or a merge carries, parents before children (the order rows are
#: copied in). ``exports`` stays behind: it is one machine's history of written files.
TABLES_IN_ORDER = (
    "people",
    "initiatives",
    "affected_groups",
    "pilot_cohorts",
    "metrics",
    "sessions",
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
    "readings",
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


def _stamping(table: str) -> str:
    # The initiative's own first update sets its owning site: not an edit.
    first = " AND old.origin_site IS NOT NULL" if table == "initiatives" else ""
    return f"""
CREATE TRIGGER {table}_stamp AFTER UPDATE ON {table} WHEN {_LIVE}{first} BEGIN
  UPDATE {table} SET
    updated_at = CASE WHEN new.updated_at IS old.updated_at THEN {_NOW}
                 ELSE new.updated_at END,
    updated_site = {_SITE}
  WHERE rowid = new.rowid;
END;
"""


def _tombstoning(table: str) -> str:
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


# Readable rows for Datasette (``datasette team.db``): names instead of ids. Cancelled
# sessions are left out, as everywhere else; an unrevealed open vote shows no tally.
_VIEWS = """
CREATE VIEW remarks_readable AS
SELECT f.id AS remark_id, i.title AS initiative, s.title AS session,
       coalesce(p.name, '(anonymous)') AS person, coalesce(p.grp, '') AS person_group,
       f.kind, f.sentiment, f.text, f.tags, f.created_at,
       i.id AS initiative_id, s.id AS session_id
FROM feedback f
JOIN sessions s ON s.id = f.session_id
JOIN initiatives i ON i.id = s.initiative_id
LEFT JOIN people p ON p.id = f.person_id
WHERE s.cancelled_at IS NULL;

CREATE VIEW fill_in_answers AS
SELECT fi.title AS template, v.field_key AS field,
       CASE json_type(v.value) WHEN 'text' THEN json_extract(v.value, '$') ELSE v.value END
         AS answer,
       i.title AS initiative, s.title AS session, fi.updated_at,
       i.id AS initiative_id, s.id AS session_id, fi.id AS fill_in_id
FROM fill_in_values v
JOIN fill_ins fi ON fi.id = v.fill_in_id
JOIN sessions s ON s.id = fi.session_id
JOIN initiatives i ON i.id = s.initiative_id
WHERE s.cancelled_at IS NULL AND v.value IS NOT NULL;

CREATE VIEW vote_tallies AS
SELECT i.title AS initiative, s.title AS session, pr.title AS proposal, pr.method,
       pr.round, pr.status, pr.outcome, pr.anonymous,
       (SELECT count(*) FROM ballots b WHERE b.proposal_id = pr.id AND b.round = pr.round)
         AS ballots,
       CASE WHEN pr.status = 'open' AND pr.revealed = 0 THEN NULL
            WHEN pr.method = 'fist-of-five' THEN
              (SELECT round(avg(CAST(b.value AS INTEGER)), 2) FROM ballots b
               WHERE b.proposal_id = pr.id AND b.round = pr.round) END AS average,
       CASE WHEN pr.status = 'open' AND pr.revealed = 0 THEN NULL
            WHEN pr.method = 'dot' THEN
              (SELECT group_concat(t.option || ': ' || t.dots, ', ') FROM (
                 SELECT j.key AS option, sum(j.value) AS dots
                 FROM ballots b, json_each(b.dots) j
                 WHERE b.proposal_id = pr.id AND b.round = pr.round
                 GROUP BY j.key ORDER BY sum(j.value) DESC, j.key) t)
            ELSE
              (SELECT group_concat(t.value || ': ' || t.n, ', ') FROM (
                 SELECT b.value, count(*) AS n FROM ballots b
                 WHERE b.proposal_id = pr.id AND b.round = pr.round
                 GROUP BY b.value ORDER BY b.value) t) END AS tally,
       pr.created_at, pr.closed_at, i.id AS initiative_id, pr.id AS proposal_id
FROM proposals pr
JOIN sessions s ON s.id = pr.session_id
JOIN initiatives i ON i.id = s.initiative_id
WHERE s.cancelled_at IS NULL;

CREATE VIEW open_actions AS
SELECT a.text AS action, coalesce(p.name, '(no owner)') AS owner, a.due_on,
       i.title AS initiative, s.title AS session, a.created_at,
       i.id AS initiative_id, a.id AS action_id
FROM action_items a
JOIN initiatives i ON i.id = a.initiative_id
LEFT JOIN sessions s ON s.id = a.session_id
LEFT JOIN people p ON p.id = a.owner_id
WHERE a.done = 0
ORDER BY a.due_on IS NULL, a.due_on;
"""

_HAS_UPDATED_AT = ("initiatives", "fill_ins")

V5 = (
    "".join(
        f"ALTER TABLE {t} ADD COLUMN updated_at TEXT;\n"
        for t in STAMPED_TABLES
        if t not in _HAS_UPDATED_AT
    )
    + "".join(f"ALTER TABLE {t} ADD COLUMN updated_site TEXT;\n" for t in STAMPED_TABLES)
    + f"""
INSERT OR IGNORE INTO meta (key, value) VALUES ('site_id', lower(hex(randomblob(16))));

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
    + "".join(_stamping(t) for t in STAMPED_TABLES)
    + "".join(_tombstoning(t) for t in ROW_KEYS)
    + "".join(_reviving(t) for t in REVIVABLE_TABLES)
    + _VIEWS
)
