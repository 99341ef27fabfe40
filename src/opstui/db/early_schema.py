"""The SQL of schema versions 1 to 4, as they were released: never edited afterwards.

``opstui.db.schema`` numbers them and runs them; later versions keep their SQL beside
what they are about (``merge_schema``: 5, ``buy_in_schema``: 6).
"""

from __future__ import annotations

V1 = """
-- Version 0 files (before the first migration) already hold the meta table.
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role TEXT NOT NULL DEFAULT '',
    grp TEXT NOT NULL CHECK (grp IN ('product','engineering','design','go-to-market',
                                    'leadership','other'))
);
CREATE INDEX people_name ON people(name COLLATE NOCASE);

CREATE TABLE initiatives (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    problem TEXT NOT NULL DEFAULT '',
    strategic_reason TEXT NOT NULL DEFAULT '',
    root_cause TEXT NOT NULL DEFAULT '',
    vision TEXT NOT NULL DEFAULT '',
    options_considered TEXT NOT NULL DEFAULT '',
    chosen_solution TEXT NOT NULL DEFAULT '',
    rollout_plan TEXT NOT NULL DEFAULT '',
    communication_plan TEXT NOT NULL DEFAULT '',
    learning_support TEXT NOT NULL DEFAULT '',
    lessons_learned TEXT NOT NULL DEFAULT '',
    step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 6),
    status TEXT NOT NULL CHECK (status IN ('active','paused','done','dropped')),
    rolled_out_on TEXT,
    results_shared_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX initiatives_title ON initiatives(title COLLATE NOCASE);

CREATE TABLE affected_groups (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    grp TEXT NOT NULL CHECK (grp IN ('product','engineering','design','go-to-market',
                                    'leadership','other')),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (initiative_id, grp)
);

CREATE TABLE pilot_cohorts (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    scope TEXT NOT NULL CHECK (scope IN ('person','teams','organization')),
    size INTEGER NOT NULL CHECK (size >= 0),
    started_on TEXT,
    stage TEXT NOT NULL CHECK (stage IN ('planned','running','expanded','ended')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pilot_cohorts_initiative ON pilot_cohorts(initiative_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    playbook_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('discovery','validation','process-mapping','pilot',
                                      'evaluation','readiness','custom')),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    facilitator_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    state TEXT NOT NULL CHECK (state IN ('planned','live','ended')),
    planned_at TEXT,
    started_at TEXT,
    ended_at TEXT,
    current_item INTEGER NOT NULL DEFAULT 0 CHECK (current_item >= 0),
    notes TEXT NOT NULL DEFAULT '',
    CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX sessions_initiative ON sessions(initiative_id, started_at);
CREATE INDEX sessions_state ON sessions(state);

CREATE TABLE session_participants (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_participants_person ON session_participants(person_id);

CREATE TABLE agenda_items (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    planned_minutes INTEGER NOT NULL CHECK (planned_minutes BETWEEN 0 AND 600),
    prompt TEXT NOT NULL DEFAULT '',
    capture TEXT NOT NULL DEFAULT '',
    extra_minutes INTEGER NOT NULL DEFAULT 0 CHECK (extra_minutes BETWEEN 0 AND 600),
    elapsed_seconds INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_seconds >= 0),
    started_at TEXT,
    ended_at TEXT,
    UNIQUE (session_id, position)
);

CREATE TABLE feedback (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    sentiment INTEGER NOT NULL CHECK (sentiment BETWEEN 1 AND 5),
    kind TEXT NOT NULL CHECK (kind IN ('praise','concern','suggestion','question',
                                      'observation')),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    agenda_item_id TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX feedback_session ON feedback(session_id, created_at);
CREATE INDEX feedback_person ON feedback(person_id);

CREATE TABLE fill_ins (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    template_key TEXT NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX fill_ins_session ON fill_ins(session_id);

CREATE TABLE fill_in_values (
    fill_in_id TEXT NOT NULL REFERENCES fill_ins(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL,
    value TEXT CHECK (value IS NULL OR json_valid(value)),
    PRIMARY KEY (fill_in_id, field_key)
);

CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL CHECK (method IN ('fist-of-five','consent','yes-no','dot')),
    pass_rule TEXT,
    quorum INTEGER NOT NULL DEFAULT 0 CHECK (quorum >= 0),
    options TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(options)),
    budget INTEGER NOT NULL DEFAULT 0 CHECK (budget >= 0),
    anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    revealed INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
    round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    status TEXT NOT NULL CHECK (status IN ('open','closed')),
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('passed','failed','no-quorum')),
    subject TEXT NOT NULL DEFAULT 'general',
    metric_id TEXT REFERENCES metrics(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX proposals_session ON proposals(session_id);

CREATE TABLE ballots (
    id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    round INTEGER NOT NULL CHECK (round >= 1),
    person_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    method TEXT NOT NULL CHECK (method IN ('fist-of-five','consent','yes-no','dot')),
    value TEXT,
    dots TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(dots)),
    cast_at TEXT NOT NULL,
    CHECK (
        (method = 'fist-of-five' AND value IN ('0','1','2','3','4','5'))
        OR (method = 'consent' AND value IN ('agree','abstain','disagree','block'))
        OR (method = 'yes-no' AND value IN ('yes','no'))
        OR (method = 'dot' AND value IS NULL)
    ),
    UNIQUE (proposal_id, round, person_id)
);

CREATE TABLE decisions (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    proposal_id TEXT REFERENCES proposals(id) ON DELETE SET NULL,
    statement TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    review_on TEXT,
    decided_at TEXT NOT NULL
);
CREATE INDEX decisions_initiative ON decisions(initiative_id, decided_at);

CREATE TABLE action_items (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    owner_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    due_on TEXT,
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    done_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX action_items_initiative ON action_items(initiative_id, done);
CREATE INDEX action_items_session ON action_items(session_id);

CREATE TABLE metrics (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('outcome','leading','sentiment','usage')),
    unit TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL CHECK (direction IN ('higher','lower')),
    baseline_value REAL,
    baseline_on TEXT,
    target_value REAL,
    target_on TEXT,
    "primary" INTEGER NOT NULL DEFAULT 0 CHECK ("primary" IN (0, 1)),
    CHECK (target_on IS NULL OR baseline_on IS NULL OR target_on >= baseline_on)
);
CREATE INDEX metrics_initiative ON metrics(initiative_id);

CREATE TABLE readings (
    id TEXT PRIMARY KEY,
    metric_id TEXT NOT NULL REFERENCES metrics(id) ON DELETE CASCADE,
    taken_on TEXT NOT NULL,
    value REAL NOT NULL,
    cohort TEXT NOT NULL CHECK (cohort IN ('all','adopters','pilot','non-adopters')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX readings_metric ON readings(metric_id, taken_on);

CREATE TABLE readiness (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    assessed_on TEXT NOT NULL,
    vision INTEGER NOT NULL CHECK (vision BETWEEN 1 AND 5),
    consensus INTEGER NOT NULL CHECK (consensus BETWEEN 1 AND 5),
    skills INTEGER NOT NULL CHECK (skills BETWEEN 1 AND 5),
    incentives INTEGER NOT NULL CHECK (incentives BETWEEN 1 AND 5),
    resources INTEGER NOT NULL CHECK (resources BETWEEN 1 AND 5),
    action_plan INTEGER NOT NULL CHECK (action_plan BETWEEN 1 AND 5),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX readiness_initiative ON readiness(initiative_id, assessed_on);

CREATE TABLE checklist_ticks (
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    ticked_at TEXT NOT NULL,
    PRIMARY KEY (initiative_id, item_key)
);

CREATE TABLE exports (
    id TEXT PRIMARY KEY,
    initiative_id TEXT REFERENCES initiatives(id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE,
    what TEXT NOT NULL CHECK (what IN ('session','initiative')),
    format TEXT NOT NULL,
    target TEXT NOT NULL,
    exported_at TEXT NOT NULL
);
CREATE INDEX exports_initiative ON exports(initiative_id);
CREATE INDEX exports_session ON exports(session_id);

-- Full-text search over what people said and wrote, kept in step by triggers.
CREATE VIRTUAL TABLE feedback_fts USING fts5(
    text, tags, content='feedback', content_rowid='rowid', tokenize='unicode61'
);
CREATE TRIGGER feedback_ai AFTER INSERT ON feedback BEGIN
    INSERT INTO feedback_fts(rowid, text, tags) VALUES (new.rowid, new.text, new.tags);
END;
CREATE TRIGGER feedback_ad AFTER DELETE ON feedback BEGIN
    INSERT INTO feedback_fts(feedback_fts, rowid, text, tags)
        VALUES ('delete', old.rowid, old.text, old.tags);
END;
CREATE TRIGGER feedback_au AFTER UPDATE OF text, tags ON feedback BEGIN
    INSERT INTO feedback_fts(feedback_fts, rowid, text, tags)
        VALUES ('delete', old.rowid, old.text, old.tags);
    INSERT INTO feedback_fts(rowid, text, tags) VALUES (new.rowid, new.text, new.tags);
END;

CREATE VIRTUAL TABLE fill_in_fts USING fts5(
    value, content='fill_in_values', content_rowid='rowid', tokenize='unicode61'
);
CREATE TRIGGER fill_in_values_ai AFTER INSERT ON fill_in_values BEGIN
    INSERT INTO fill_in_fts(rowid, value) VALUES (new.rowid, new.value);
END;
CREATE TRIGGER fill_in_values_ad AFTER DELETE ON fill_in_values BEGIN
    INSERT INTO fill_in_fts(fill_in_fts, rowid, value) VALUES ('delete', old.rowid, old.value);
END;
CREATE TRIGGER fill_in_values_au AFTER UPDATE OF value ON fill_in_values BEGIN
    INSERT INTO fill_in_fts(fill_in_fts, rowid, value) VALUES ('delete', old.rowid, old.value);
    INSERT INTO fill_in_fts(rowid, value) VALUES (new.rowid, new.value);
END;
"""


# Version 2: the search indexes laid out as sqlite-utils' ``enable_fts(create_triggers=
# True)`` lays them out, so that ``Table.detect_fts()`` and Datasette find them: named
# <table>_fts, with ``content="<table>"`` in double quotes (version 1 wrote single
# quotes, which neither recognises), and triggers named <table>_ai/_ad/_au.
# The update triggers still fire only when the indexed columns change: a person's
# deletion setting person_id to NULL on their remarks need not reindex each of them.
V2 = """
DROP TRIGGER feedback_ai;
DROP TRIGGER feedback_ad;
DROP TRIGGER feedback_au;
DROP TABLE feedback_fts;
CREATE VIRTUAL TABLE "feedback_fts" USING FTS5 (
    "text", "tags",
    content="feedback"
);
INSERT INTO "feedback_fts" ("feedback_fts") VALUES ('rebuild');
CREATE TRIGGER "feedback_ai" AFTER INSERT ON "feedback" BEGIN
  INSERT INTO "feedback_fts" (rowid, "text", "tags") VALUES (new.rowid, new."text", new."tags");
END;
CREATE TRIGGER "feedback_ad" AFTER DELETE ON "feedback" BEGIN
  INSERT INTO "feedback_fts" ("feedback_fts", rowid, "text", "tags")
    VALUES('delete', old.rowid, old."text", old."tags");
END;
CREATE TRIGGER "feedback_au" AFTER UPDATE OF "text", "tags" ON "feedback" BEGIN
  INSERT INTO "feedback_fts" ("feedback_fts", rowid, "text", "tags")
    VALUES('delete', old.rowid, old."text", old."tags");
  INSERT INTO "feedback_fts" (rowid, "text", "tags") VALUES (new.rowid, new."text", new."tags");
END;

DROP TRIGGER fill_in_values_ai;
DROP TRIGGER fill_in_values_ad;
DROP TRIGGER fill_in_values_au;
DROP TABLE fill_in_fts;
CREATE VIRTUAL TABLE "fill_in_values_fts" USING FTS5 (
    "value",
    content="fill_in_values"
);
INSERT INTO "fill_in_values_fts" ("fill_in_values_fts") VALUES ('rebuild');
CREATE TRIGGER "fill_in_values_ai" AFTER INSERT ON "fill_in_values" BEGIN
  INSERT INTO "fill_in_values_fts" (rowid, "value") VALUES (new.rowid, new."value");
END;
CREATE TRIGGER "fill_in_values_ad" AFTER DELETE ON "fill_in_values" BEGIN
  INSERT INTO "fill_in_values_fts" ("fill_in_values_fts", rowid, "value")
    VALUES('delete', old.rowid, old."value");
END;
CREATE TRIGGER "fill_in_values_au" AFTER UPDATE OF "value" ON "fill_in_values" BEGIN
  INSERT INTO "fill_in_values_fts" ("fill_in_values_fts", rowid, "value")
    VALUES('delete', old.rowid, old."value");
  INSERT INTO "fill_in_values_fts" (rowid, "value") VALUES (new.rowid, new."value");
END;
"""


# Version 3: what a live session must keep on a shared screen and in the file.
# - Presenter-safe view is a property of the session, kept across a crash or a resume.
# - A session started by mistake can be cancelled: kept, marked, left out of the picture.
# - An agenda item's "actual" time is the wall-clock time it was current (the timer's
#   seconds leave out pauses and time away from the live screen).
# - An anonymous vote's ballots never carry a name: who has voted is a separate receipt
#   (one per person and round), and the values are rewritten without any order that
#   could join them to the receipts (see ``VoteRecords.seal_anonymous``).
# - One open vote per session, whatever number of apps have the session open.
V3 = """
ALTER TABLE sessions ADD COLUMN presenter_safe INTEGER NOT NULL DEFAULT 1
    CHECK (presenter_safe IN (0, 1));
ALTER TABLE sessions ADD COLUMN cancelled_at TEXT;
ALTER TABLE agenda_items ADD COLUMN wall_seconds INTEGER NOT NULL DEFAULT 0
    CHECK (wall_seconds >= 0);
ALTER TABLE agenda_items ADD COLUMN entered_at TEXT;

CREATE TABLE ballot_receipts (
    proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    round INTEGER NOT NULL CHECK (round >= 1),
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (proposal_id, round, person_id)
) WITHOUT ROWID;
CREATE INDEX ballot_receipts_person ON ballot_receipts(person_id);

INSERT OR IGNORE INTO ballot_receipts (proposal_id, round, person_id)
    SELECT b.proposal_id, b.round, b.person_id FROM ballots b
    JOIN proposals p ON p.id = b.proposal_id
    WHERE p.anonymous = 1 AND b.person_id IS NOT NULL;

-- Two apps on one session could each open a vote: keep the latest open, close the rest.
UPDATE proposals SET status = 'closed', closed_at = coalesce(closed_at, created_at)
    WHERE status = 'open' AND rowid NOT IN (
        SELECT max(rowid) FROM proposals WHERE status = 'open' GROUP BY session_id
    );
CREATE UNIQUE INDEX proposals_one_open ON proposals(session_id) WHERE status = 'open';
"""


# Remarks sent from participants' devices wait here until the facilitator accepts one
# (it moves to feedback) or rejects it (it is deleted). Those still waiting when the
# session ends stay, for the facilitator to see how many were never accepted.
V4 = """
CREATE TABLE device_remarks (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    sentiment INTEGER NOT NULL CHECK (sentiment BETWEEN 1 AND 5),
    kind TEXT NOT NULL CHECK (kind IN ('praise','concern','suggestion','question',
                                      'observation')),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0 AND length(text) <= 2000),
    agenda_item_id TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX device_remarks_session ON device_remarks(session_id, received_at);
CREATE INDEX device_remarks_person ON device_remarks(person_id);
"""
