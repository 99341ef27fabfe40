"""Readable views of a team file, for browsing it with Datasette (``datasette team.db``).

Each view gives names instead of ids, one row per remark, fill-in answer, vote or open
action, with the facts the app itself would show and none it would hide:

- a cancelled session counts for nothing (``opstui.domain.counted_sessions``): its
  remarks, answers and votes are left out. Its open actions stay, as on the dashboard
  and in the initiative report: an action is owed whatever session it came from;
- an anonymous remark names nobody, not even the session's facilitator, so that no
  name on its row can be read as its author's;
- an open vote not yet revealed shows how many have voted but no tally.

Only the open actions have an order of their own (soonest due first: the point of the
list, and cheap). The others come in the order rows were written and Datasette sorts
them on request: an ORDER BY in the view made Datasette's row count sort every row, 1.2 s
on the 200,000 remarks of the benchmark file, over its one-second limit (0.25 s without).

``remark_rowid`` and ``answer_rowid`` are the rowids the search indexes hold
(``feedback_fts``, ``fill_in_values_fts``), so that Datasette can search the views too:
``src/opstui/datasette/metadata.json`` names them as each view's ``fts_pk``.

These views are part of schema 5 (``opstui.db.merge_schema``): once a file holds them,
their text must not change, or the file would be refused as holding views opstui did
not make. A change is a new migration.
"""

from __future__ import annotations

from opstui.domain.values import Sentiment


def _feeling(column: str) -> str:
    """The words the app gives a remark's sentiment (``Sentiment.label``), in SQL."""
    whens = " ".join(f"WHEN {int(level)} THEN '{level.label}'" for level in Sentiment)
    return f"CASE {column} {whens} END"


def _when(column: str) -> str:
    """A session's day: when it started, else when it was planned."""
    return f"substr(coalesce({column}.started_at, {column}.planned_at), 1, 10)"


VIEWS = f"""
CREATE VIEW remarks_readable AS
SELECT f.id AS remark_id, i.title AS initiative, s.title AS session,
       {_when("s")} AS session_day,
       coalesce(p.name, '(anonymous)') AS person, coalesce(p.grp, '') AS person_group,
       f.kind, {_feeling("f.sentiment")} AS feeling, f.sentiment, f.text,
       coalesce((SELECT group_concat(t.value, ', ') FROM json_each(f.tags) t), '') AS tags,
       f.created_at, i.id AS initiative_id, s.id AS session_id, f.rowid AS remark_rowid
FROM feedback f
JOIN sessions s ON s.id = f.session_id
JOIN initiatives i ON i.id = s.initiative_id
LEFT JOIN people p ON p.id = f.person_id
WHERE s.cancelled_at IS NULL;

CREATE VIEW fill_in_answers AS
SELECT fi.title AS template, v.field_key AS field,
       json_extract(v.value, '$') AS answer,
       i.title AS initiative, s.title AS session, {_when("s")} AS session_day,
       coalesce(fp.name, '') AS facilitator, fi.updated_at,
       i.id AS initiative_id, s.id AS session_id, fi.id AS fill_in_id, v.rowid AS answer_rowid
FROM fill_in_values v
JOIN fill_ins fi ON fi.id = v.fill_in_id
JOIN sessions s ON s.id = fi.session_id
JOIN initiatives i ON i.id = s.initiative_id
LEFT JOIN people fp ON fp.id = s.facilitator_id
WHERE s.cancelled_at IS NULL AND v.value IS NOT NULL;

CREATE VIEW vote_tallies AS
SELECT i.title AS initiative, s.title AS session, {_when("s")} AS session_day,
       coalesce(fp.name, '') AS facilitator, pr.title AS proposal, pr.method,
       pr.round, pr.status, pr.outcome,
       CASE pr.anonymous WHEN 1 THEN 'anonymous' ELSE 'named' END AS ballots_are,
       (SELECT count(*) FROM ballots b WHERE b.proposal_id = pr.id AND b.round = pr.round)
         AS ballots,
       CASE WHEN pr.status = 'open' AND pr.revealed = 0 THEN NULL
            WHEN pr.method = 'fist-of-five' THEN
              (SELECT round(avg(CAST(b.value AS INTEGER)), 2) FROM ballots b
               WHERE b.proposal_id = pr.id AND b.round = pr.round) END AS average,
       CASE WHEN pr.status = 'open' AND pr.revealed = 0 THEN '(not revealed yet)'
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
LEFT JOIN people fp ON fp.id = s.facilitator_id
WHERE s.cancelled_at IS NULL;

CREATE VIEW open_actions AS
SELECT a.text AS action, coalesce(p.name, '(no owner)') AS owner, a.due_on,
       i.title AS initiative, s.title AS session, coalesce(fp.name, '') AS facilitator,
       a.created_at, i.id AS initiative_id, a.id AS action_id
FROM action_items a
JOIN initiatives i ON i.id = a.initiative_id
LEFT JOIN sessions s ON s.id = a.session_id
LEFT JOIN people p ON p.id = a.owner_id
LEFT JOIN people fp ON fp.id = s.facilitator_id
WHERE a.done = 0
ORDER BY a.due_on IS NULL, a.due_on, a.created_at, a.rowid;
"""
