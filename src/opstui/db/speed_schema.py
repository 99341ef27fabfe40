"""Schema 8: what keeps search fast as a file grows to millions of remarks.

- ``feedback_fts`` gains prefix indexes of one, two and three characters. Search as you
  type asks for word starts: without them a short prefix ("c", "ca") makes FTS5 merge
  the lists of every word starting so (hundreds of words, most of the file) before it
  can return a row; with them it reads one list, and stops as early as asked. On 200,000
  remarks of realistic text: the newest 2,000 remarks holding a word starting "t" in
  1.5 ms rather than 90 ms. The index grows by about a sixth (230 MB file: +37 MB).

The table, its content (``content="feedback"``, as sqlite-utils and Datasette find it)
and its triggers are as schema 2 made them; the index is built again from the remarks.
"""

from __future__ import annotations

V8 = """
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
