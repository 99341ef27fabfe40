"""Schema 6: closing the loop with the people who spoke (see ``opstui.domain.buy_in``).

What came of a remark or an answer (``remark_links``), the communication plan as
messages (``comm_items``), the ways to learn (``learning_paths``) and the stakeholders
consulted (``check_ins``). Each table travels in merges and bundles as schema 5's do:
stamped when edited, tombstoned when deleted (``merge_schema``).
"""

from __future__ import annotations

from opstui.db.merge_schema import V6_TABLES, stamping_sql, tombstoning_sql

_GROUPS = "('product','engineering','design','go-to-market','leadership','other')"

_TABLES = f"""
CREATE TABLE remark_links (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    feedback_id TEXT REFERENCES feedback(id) ON DELETE CASCADE,
    fill_in_id TEXT REFERENCES fill_ins(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL DEFAULT '',
    decision_id TEXT REFERENCES decisions(id) ON DELETE CASCADE,
    action_id TEXT REFERENCES action_items(id) ON DELETE CASCADE,
    metric_id TEXT REFERENCES metrics(id) ON DELETE CASCADE,
    change TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT,
    CHECK ((feedback_id IS NOT NULL) + (fill_in_id IS NOT NULL) = 1),
    CHECK ((decision_id IS NOT NULL) + (action_id IS NOT NULL) + (metric_id IS NOT NULL)
           + (length(trim(change)) > 0) = 1)
);
CREATE INDEX remark_links_initiative ON remark_links(initiative_id);
CREATE INDEX remark_links_feedback ON remark_links(feedback_id);
CREATE INDEX remark_links_fill_in ON remark_links(fill_in_id);
CREATE INDEX remark_links_decision ON remark_links(decision_id);
CREATE INDEX remark_links_action ON remark_links(action_id);
CREATE INDEX remark_links_metric ON remark_links(metric_id);

CREATE TABLE comm_items (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    audience_group TEXT CHECK (audience_group IS NULL OR audience_group IN {_GROUPS}),
    cohort_id TEXT REFERENCES pilot_cohorts(id) ON DELETE SET NULL,
    channel TEXT NOT NULL CHECK (length(trim(channel)) > 0),
    purpose TEXT NOT NULL CHECK (purpose IN ('announcement','update','results','other')),
    planned_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned','sent')),
    sent_on TEXT,
    draft TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT,
    CHECK ((status = 'sent') = (sent_on IS NOT NULL))
);
CREATE INDEX comm_items_initiative ON comm_items(initiative_id, planned_on);

CREATE TABLE learning_paths (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('doc','video','office-hours','buddy','workshop',
                                      'other')),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    audience_group TEXT CHECK (audience_group IS NULL OR audience_group IN {_GROUPS}),
    cohort_id TEXT REFERENCES pilot_cohorts(id) ON DELETE SET NULL,
    slots TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(slots)),
    owner_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    link TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT
);
CREATE INDEX learning_paths_initiative ON learning_paths(initiative_id);
CREATE INDEX learning_paths_owner ON learning_paths(owner_id);

CREATE TABLE check_ins (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    person_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    grp TEXT NOT NULL CHECK (grp IN {_GROUPS}),
    held_on TEXT NOT NULL,
    about TEXT NOT NULL CHECK (length(trim(about)) > 0),
    outcome TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT
);
CREATE INDEX check_ins_initiative ON check_ins(initiative_id, held_on);
CREATE INDEX check_ins_person ON check_ins(person_id);
"""

V6 = (
    _TABLES
    + "".join(stamping_sql(t) for t in V6_TABLES)
    + "".join(tombstoning_sql(t) for t in V6_TABLES)
)
