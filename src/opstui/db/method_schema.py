"""Schema 7: the method's models as data (see ``opstui.domain.process_map``,
``opstui.domain.prototypes``, ``opstui.domain.metric_events`` and ``opstui.domain.surveys``).

- ``process_maps`` and ``process_map_lines``: a map of how new infrastructure fits the
  product development flow, one line per hand-off as typed live (``PM -> Design: brief``);
  the lines are the data, parsed by the domain, so two files' lines merge as captures.
- ``prototypes``: the prototype ladder (workflow diagram, documentation, manual process,
  automation), the assumption each stage tests and what was learned.
- ``metrics`` gains the outcome a leading indicator predicts (``predicts_id``) and how its
  readings come (``measure``: entered readings, weighted events, or capability checks),
  with the events' weighting rule (``window_days``, ``beyond_weight``, ``period``).
- ``metric_events``: events with a magnitude and the days before a milestone.
- ``capability_checks``: per person, yes or no ("can demo the feature").
- ``surveys``: a survey file imported as a reading and remarks.

Each table travels in merges and bundles as schema 5's do: stamped when edited,
tombstoned when deleted (``merge_schema``).
"""

from __future__ import annotations

from opstui.db.merge_schema import V7_TABLES, stamping_sql, tombstoning_sql

_COHORTS = "('all','adopters','pilot','non-adopters')"

_TABLES = f"""
ALTER TABLE metrics ADD COLUMN predicts_id TEXT
    REFERENCES metrics(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE metrics ADD COLUMN measure TEXT NOT NULL DEFAULT 'readings'
    CHECK (measure IN ('readings','events','capability'));
ALTER TABLE metrics ADD COLUMN window_days INTEGER
    CHECK (window_days IS NULL OR window_days >= 0);
ALTER TABLE metrics ADD COLUMN beyond_weight REAL
    CHECK (beyond_weight IS NULL OR (beyond_weight >= 0 AND beyond_weight <= 1));
ALTER TABLE metrics ADD COLUMN period TEXT NOT NULL DEFAULT 'week'
    CHECK (period IN ('week','month','quarter'));
CREATE INDEX metrics_predicts ON metrics(predicts_id);

CREATE TABLE process_maps (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT
);
CREATE INDEX process_maps_initiative ON process_maps(initiative_id, created_at);
CREATE INDEX process_maps_session ON process_maps(session_id);

CREATE TABLE process_map_lines (
    id TEXT PRIMARY KEY,
    map_id TEXT NOT NULL REFERENCES process_maps(id) ON DELETE CASCADE,
    position REAL NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT
);
CREATE INDEX process_map_lines_map ON process_map_lines(map_id, position);

CREATE TABLE prototypes (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('workflow-diagram','documentation',
                                         'manual-process','automation')),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    assumption TEXT NOT NULL DEFAULT '',
    learned TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('planned','trying','done','dropped')),
    started_on TEXT,
    ended_on TEXT,
    process_map_id TEXT REFERENCES process_maps(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT,
    CHECK (ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX prototypes_initiative ON prototypes(initiative_id, created_at);
CREATE INDEX prototypes_map ON prototypes(process_map_id);

CREATE TABLE metric_events (
    id TEXT PRIMARY KEY,
    metric_id TEXT NOT NULL REFERENCES metrics(id) ON DELETE CASCADE,
    happened_on TEXT NOT NULL,
    magnitude REAL NOT NULL DEFAULT 1,
    days_before INTEGER CHECK (days_before IS NULL OR days_before >= 0),
    cohort TEXT NOT NULL DEFAULT 'all' CHECK (cohort IN {_COHORTS}),
    note TEXT NOT NULL DEFAULT '',
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT
);
CREATE INDEX metric_events_metric ON metric_events(metric_id, happened_on);
CREATE INDEX metric_events_session ON metric_events(session_id);

CREATE TABLE capability_checks (
    id TEXT PRIMARY KEY,
    metric_id TEXT NOT NULL REFERENCES metrics(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    capable INTEGER NOT NULL CHECK (capable IN (0, 1)),
    checked_on TEXT NOT NULL,
    cohort TEXT NOT NULL DEFAULT 'all' CHECK (cohort IN {_COHORTS}),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT
);
CREATE INDEX capability_checks_metric ON capability_checks(metric_id, checked_on);
CREATE INDEX capability_checks_person ON capability_checks(person_id);

CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    metric_id TEXT REFERENCES metrics(id) ON DELETE SET NULL,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    reading_id TEXT REFERENCES readings(id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    value_column TEXT NOT NULL,
    aggregate TEXT NOT NULL,
    respondents INTEGER NOT NULL CHECK (respondents >= 0),
    comments INTEGER NOT NULL DEFAULT 0 CHECK (comments >= 0),
    imported_at TEXT NOT NULL,
    updated_at TEXT,
    updated_site TEXT
);
CREATE INDEX surveys_initiative ON surveys(initiative_id);
CREATE INDEX surveys_metric ON surveys(metric_id);
CREATE INDEX surveys_session ON surveys(session_id);
CREATE INDEX surveys_reading ON surveys(reading_id);
"""

V7 = (
    _TABLES
    + "".join(stamping_sql(t) for t in V7_TABLES)
    + "".join(tombstoning_sql(t) for t in V7_TABLES)
)
