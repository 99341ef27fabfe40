"""Schema 8: what keeps search and the dashboard fast as a file grows.

- ``feedback_fts`` gains prefix indexes of one, two and three characters. Search as you
  type asks for word starts: without them a short prefix ("c", "ca") makes FTS5 merge
  the lists of every word starting so (hundreds of words, most of the file) before it
  can return a row; with them it reads one list, and stops as early as asked. On 200,000
  remarks of realistic text: the newest 2,000 remarks holding a word starting "t" in
  1.5 ms rather than 90 ms. The index grows by about a sixth (230 MB file: +37 MB).
  The table, its content (``content="feedback"``, as sqlite-utils and Datasette find it)
  and its triggers are as schema 2 made them; the index is built again from the remarks.
- Partial indexes of edited rows. The dashboard keeps every initiative's summary and,
  coming back to it, computes again only those of initiatives whose rows changed
  (``opstui.db.dashboard_changes``). Rows added are found by rowid; rows edited by their
  edit stamp (``updated_at``, set by schema 5's triggers), which these indexes make a
  range read: they hold only rows edited at least once, so a file of captures that are
  never edited pays nothing for them. Without them, finding the edited remarks reads the
  whole ``feedback`` table (92 ms at 200,000 remarks, growing with the file;
  benchmarks/dashboard.py).
"""

from __future__ import annotations

#: The tables of many rows that the dashboard's summaries read (``DashboardQueries``).
EDITED_INDEXED = (
    "sessions",
    "session_participants",
    "proposals",
    "feedback",
    "readings",
    "metric_events",
    "capability_checks",
    "action_items",
    "remark_links",
    "process_map_lines",
)

EDITED_V8 = "".join(
    f"CREATE INDEX {table}_edited ON {table}(updated_at) WHERE updated_at IS NOT NULL;\n"
    for table in EDITED_INDEXED
)
SEARCH_V8 = """
DROP TRIGGER "feedback_ai";
DROP TRIGGER "feedback_ad";
DROP TRIGGER "feedback_au";
DROP TABLE "feedback_fts";
CREATE VIRTUAL TABLE "feedback_fts" USING FTS5 (
    "text", "tags",
    content="feedback",
    prefix='1 2 3'
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
"""

V8 = SEARCH_V8 + EDITED_V8
