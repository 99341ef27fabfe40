"""The steps of one merge, in order: read the source, then write it in short transactions.

``opstui.db.merge`` checks and attaches the source and says what a merge guarantees;
this module does it. Reading (``prepare``) happens in one read transaction, into
temporary tables; every write goes through ``Batches``, span by span, each span
comparing with the target as it is when its transaction runs. Which version of a row is
kept, and when a deletion wins, is the domain's to say (``opstui.domain.merging``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path

from opstui.db.errors import RecordRefused, StoreError
from opstui.db.merge_batches import Batches
from opstui.db.merge_people import map_people, record_aliases
from opstui.db.merge_schema import ROW_KEYS, TABLES_IN_ORDER
from opstui.db.merge_tables import (
    Context,
    Shape,
    Span,
    build_incoming,
    drop_incoming,
    has_self_references,
    incoming,
    likely_writes,
    merge_span,
    restore_self_references,
    shape_of,
)
from opstui.db.merge_text import LINE, clean, cleaned_sql, kind_of
from opstui.db.records import Records
from opstui.domain.merging import (
    VOTE_KEPT_WHOLE,
    NotTaken,
    SourceReport,
    later_deletion,
    tombstone_beats,
)
from opstui.domain.progress import Progress

#: Anonymous votes held by both files: (id, the source's status, whether its ballots
#: are taken whole, in which group of ``_TAKEN_AT_ONCE`` votes they are).
_ANON = "temp.merge_anon"
_TOMBS = "temp.merge_tombs"
#: The page cache while merging, in KiB as SQLite takes it (negative): 64 MiB at most.
_CACHE_KIB = -65_536
#: SQLite's default: a checkpoint once the log holds this many pages.
_AUTOCHECKPOINT = 1000
#: How many anonymous votes' ballots are replaced in one transaction.
_TAKEN_AT_ONCE = 50
_TEMP_TABLES = (_ANON, _TOMBS, "temp.merge_people", "temp.merge_doomed")


class MergeRefused(StoreError):
    """A file that cannot be merged, or a merge that would leave the target inconsistent."""


class Steps:
    """One source, attached as ``source``, merged into ``records``' file."""

    def __init__(
        self,
        records: Records,
        source: str,
        path: Path,
        shown_as: Path,
        *,
        private_notes: bool,
        progress: Progress,
    ) -> None:
        self.records = records
        self.source = source
        self.path = path
        self.private_notes = private_notes
        self.progress = progress
        self.report = SourceReport(path=str(path), site_id="", site_label="")
        self.shown_as = shown_as
        self.shapes = {table: self._shape(table) for table in TABLES_IN_ORDER}
        self.sizes: dict[str, int] = {}
        self.sizes_tombs = 0
        self.batches = Batches(records, progress, "merging", 0)
        self.ctx = Context(self.conn, source, str(path), str(shown_as), self.report)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.records.conn

    @property
    def longest_write(self) -> float:
        return self.batches.longest

    def _shape(self, table: str) -> Shape:
        skip = "notes" if table == "sessions" and not self.private_notes else ""
        return shape_of(self.conn, table, ROW_KEYS[table], skip=skip)

    def run(self) -> SourceReport:
        self.prepare()
        self.batches.total = sum(self.sizes.values()) + self.sizes_tombs
        # Each span's commit is atomic with synchronous NORMAL too; only its flush to
        # the disk waits for a checkpoint (in the pauses, blocking no writer) or the
        # merge's end. A power cut may lose the last spans; running the merge again
        # takes them. On the large benchmark file, committing every span under FULL
        # took 34 of 154 s.
        self.conn.execute("PRAGMA main.synchronous = NORMAL")
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        # A span's pages in the cache until it commits (as the readings import does).
        previous = int(self.conn.execute("PRAGMA main.cache_size").fetchone()[0])
        self.conn.execute(f"PRAGMA main.cache_size = {_CACHE_KIB}")
        try:
            self.batches.once(self._sites)
            self.batches.spans(self.sizes_tombs, self._union_tombstones)
            for table in TABLES_IN_ORDER:
                self._merge_table(self.shapes[table])
                if table == "people":
                    self.batches.once(lambda: record_aliases(self.conn))
            self._apply_tombstones()
        finally:
            self.conn.execute("PRAGMA main.synchronous = FULL")
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {_AUTOCHECKPOINT}")
            self.conn.execute(f"PRAGMA main.cache_size = {previous}")
        # The log flushed by a checkpoint (no lock), then by a last commit under FULL,
        # which has little left to flush: flushing it all while holding the lock took
        # over a second on the large benchmark file.
        self.conn.execute("PRAGMA main.wal_checkpoint(PASSIVE)")
        self.batches.once(lambda: None)
        self.report.counts = {t: c for t, c in self.report.counts.items() if c.total}
        return self.report

    def drop(self) -> None:
        """Drop the temporary tables (left by a merge stopped part way too)."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        for shape in self.shapes.values():
            drop_incoming(self.conn, shape)
        for table in _TEMP_TABLES:
            self.conn.execute(f"DROP TABLE IF EXISTS {table}")

    # -- reading ----------------------------------------------------------------------

    def prepare(self) -> None:
        """Read the whole source, as one snapshot, into temporary tables: no write lock
        on the target is taken (its people are read, under a read lock, to map them)."""
        self.conn.execute("BEGIN")
        try:
            self.report.people_matched = map_people(self.conn, self.source)
            self.sizes_tombs = self._read_tombstones()
            for n, (table, shape) in enumerate(self.shapes.items()):
                self.progress("reading", n, len(self.shapes))
                self.sizes[table] = build_incoming(self.ctx, shape)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.progress("reading", len(self.shapes), len(self.shapes))

    def _read_tombstones(self) -> int:
        tables = tuple(TABLES_IN_ORDER)
        marks = ", ".join("?" * len(tables))
        self.conn.execute(
            f"CREATE TEMP TABLE {_TOMBS.removeprefix('temp.')} AS "
            f"SELECT s.tbl AS tbl, {cleaned_sql('s.row_key', LINE)} AS row_key, "
            f"s.deleted_at AS deleted_at, {cleaned_sql('s.site', LINE)} AS site "
            f"FROM {self.source}.tombstones s WHERE s.tbl IN ({marks})",
            tables,
        )
        return int(self.conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {_TOMBS}").fetchone()[0])

    # -- writing ----------------------------------------------------------------------

    def _sites(self) -> None:
        """Record the source's site (and those it knows); every site's label, for reports."""
        own = self.records.site_id

        def meta(schema_name: str, key: str) -> str | None:
            row = self.conn.execute(
                f"SELECT value FROM {schema_name}.meta WHERE key = ?", (key,)
            ).fetchone()
            return None if row is None else str(clean(row[0], LINE))

        site = meta(self.source, "site_id") or ""
        label = meta(self.source, "site_label") or clean(self.path.stem, LINE) or site[:8]
        self.report.site_id, self.report.site_label = site, label
        now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        if site and site != own:
            self.conn.execute(
                "INSERT OR IGNORE INTO main.sites (id, label, first_merged_at) "
                f"VALUES (?, ?, {now})",
                (site, label),
            )
        self.conn.execute(
            "INSERT OR IGNORE INTO main.sites (id, label, first_merged_at) "
            f"SELECT {cleaned_sql('s.id', LINE)}, {cleaned_sql('s.label', LINE)}, {now} "
            f"FROM {self.source}.sites s WHERE s.id IS NOT ?",
            (own,),
        )
        labels = dict(self.conn.execute("SELECT id, label FROM main.sites").fetchall())
        labels[own] = meta("main", "site_label") or self.shown_as.stem
        self.ctx.site_labels = labels

    def _union_tombstones(self, lo: int, hi: int) -> None:
        """Both files' deletions: for a row deleted in both, the later deletion is kept."""
        span = f"s.rowid BETWEEN {int(lo)} AND {int(hi)}"
        for row_key, tbl, theirs, ours, site in self.conn.execute(
            f"SELECT s.row_key, s.tbl, s.deleted_at, t.deleted_at, s.site "
            f"FROM {_TOMBS} s JOIN main.tombstones t "
            f"ON t.tbl = s.tbl AND t.row_key = s.row_key "
            f"WHERE {span} AND s.deleted_at IS NOT t.deleted_at"
        ).fetchall():
            if later_deletion(ours, theirs) != ours:
                self.conn.execute(
                    "UPDATE main.tombstones SET deleted_at = ?, site = ? "
                    "WHERE tbl = ? AND row_key = ?",
                    (theirs, site, tbl, row_key),
                )
        self.conn.execute(
            "INSERT OR IGNORE INTO main.tombstones (tbl, row_key, deleted_at, site) "
            f"SELECT s.tbl, s.row_key, s.deleted_at, s.site FROM {_TOMBS} s WHERE {span}"
        )

    def _spans(self, shape: Shape, restrict: str = "") -> set[str]:
        """Merge the table's incoming rows (those ``restrict`` selects), span by span;
        the keys of the target's rows the source's version replaced."""
        replaced: set[str] = set()

        def step(lo: int, hi: int) -> None:
            replaced.update(merge_span(self.ctx, shape, Span(lo, hi, restrict)))

        writes = likely_writes(self.ctx, shape, restrict)
        self._guarded(
            shape, lambda: self.batches.spans(self.sizes[shape.table], step, writes=writes)
        )
        return replaced

    def _guarded(self, shape: Shape, write: Callable[[], None]) -> None:
        try:
            write()
        except RecordRefused as exc:
            raise MergeRefused(
                f"merging {self.path.name} stopped at {shape.table}: a row would have been "
                f"left pointing at rows that are not there ({exc}); what was merged before "
                "it is kept"
            ) from None

    def _merge_table(self, shape: Shape) -> None:
        table = shape.table
        if table == "proposals":
            self._merge_proposals(shape)
        elif table == "ballots":
            self._take_votes_whole()
            self._spans(shape, f"i.proposal_id NOT IN (SELECT id FROM {_ANON})")
            self._report_votes_kept()
        elif table == "ballot_receipts":
            self._spans(shape, f"i.proposal_id NOT IN (SELECT id FROM {_ANON})")
        else:
            self._spans(shape)
        if has_self_references(shape):
            self.batches.spans(
                self.sizes[table],
                lambda lo, hi: restore_self_references(self.ctx, shape, Span(lo, hi)),
                count=False,
            )

    # -- anonymous votes: their ballots go with the version of the vote kept ----------

    def _merge_proposals(self, shape: Shape) -> None:
        """An anonymous vote held by both files: its ballots go with the version kept."""
        self.conn.execute(
            f"CREATE TEMP TABLE {_ANON.removeprefix('temp.')} AS SELECT i.id AS id, "
            "i.status AS status, 0 AS take, 0 AS part "
            f"FROM {incoming(shape)} i JOIN main.proposals t ON t.id = i.id "
            "WHERE i.anonymous = 1 OR t.anonymous = 1"
        )
        self.conn.execute(f"CREATE INDEX {_ANON}_id ON {_ANON.removeprefix('temp.')} (id)")

        def step(lo: int, hi: int) -> None:
            replaced = merge_span(self.ctx, shape, Span(lo, hi))
            # In the same transaction: a merge stopped after it still knows the vote taken.
            self.conn.executemany(
                f"UPDATE {_ANON} SET take = 1 WHERE id = ? AND status = 'closed'",
                ((key,) for key in replaced),
            )

        writes = likely_writes(self.ctx, shape)
        self._guarded(
            shape, lambda: self.batches.spans(self.sizes["proposals"], step, writes=writes)
        )

    def _take_votes_whole(self) -> None:
        """Replace the ballots (and receipts) of each vote whose source version was
        taken, a group of votes per transaction, both tables at once.

        A vote whose version is now the same in both files but whose ballots differ was
        taken by a merge stopped before its ballots: they are taken now.
        """
        ballots, receipts = self.shapes["ballots"], self.shapes["ballot_receipts"]
        value = cleaned_sql("s.value", kind_of("ballots", "value"))
        dots = cleaned_sql("s.dots", kind_of("ballots", "dots"))
        proposals = self.shapes["proposals"]
        compared = [c for c in proposals.columns if c != "id"]
        same = " AND ".join(f'p."{c}" IS t."{c}"' for c in compared)
        self.conn.execute(
            f"UPDATE {_ANON} AS a SET take = 1 WHERE take = 0 AND status = 'closed' "
            f"AND EXISTS (SELECT 1 FROM {incoming(proposals)} p JOIN main.proposals t "
            f"ON t.id = p.id WHERE p.id = a.id AND {same}) AND EXISTS ("
            f"SELECT s.id, {value}, {dots} FROM {self.source}.ballots s "
            "WHERE s.proposal_id = a.id "
            "EXCEPT SELECT id, value, dots FROM main.ballots WHERE proposal_id = a.id "
            "UNION ALL "
            "SELECT * FROM (SELECT id, value, dots FROM main.ballots WHERE proposal_id = a.id "
            f"EXCEPT SELECT s.id, {value}, {dots} FROM {self.source}.ballots s "
            "WHERE s.proposal_id = a.id))"
        )
        self.conn.execute(
            f"UPDATE {_ANON} SET part = (SELECT count(*) FROM {_ANON} b "
            f"WHERE b.take = 1 AND b.id < {_ANON}.id) / {_TAKEN_AT_ONCE} WHERE take = 1"
        )
        parts = self.conn.execute(f"SELECT DISTINCT part FROM {_ANON} WHERE take = 1").fetchall()
        for (part,) in parts:
            chosen = f"SELECT id FROM {_ANON} WHERE take = 1 AND part = {int(part)}"

            def step(chosen: str = chosen) -> None:
                for shape in (ballots, receipts):
                    gone = self.conn.execute(
                        f"DELETE FROM main.{shape.table} WHERE proposal_id IN ({chosen})"
                    ).rowcount
                    self.ctx.counts(shape.table).deleted += gone
                    last = self.sizes[shape.table]
                    merge_span(self.ctx, shape, Span(1, last, f"i.proposal_id IN ({chosen})"))

            self._guarded(ballots, partial(self.batches.once, step))
            self.batches.tell()

    def _report_votes_kept(self) -> None:
        """An anonymous vote whose target version was kept: its source ballots stay out."""
        for proposal_id, title in self.conn.execute(
            f"SELECT a.id, p.title FROM {_ANON} a JOIN main.proposals p ON p.id = a.id "
            "WHERE a.take = 0 AND EXISTS ("
            f"SELECT id, value, dots FROM {self.source}.ballots WHERE proposal_id = a.id "
            "EXCEPT SELECT id, value, dots FROM main.ballots WHERE proposal_id = a.id)"
        ).fetchall():
            self.report.not_taken.append(
                NotTaken(
                    table="ballots",
                    row_key=proposal_id,
                    label=title,
                    reason=VOTE_KEPT_WHOLE,
                    kept_from=self.ctx.target_file,
                    dropped_from=self.ctx.source_file,
                )
            )

    # -- deletions, last -------------------------------------------------------------------

    def _apply_tombstones(self) -> None:
        """Delete every target row a deletion beats, cascading: found with plain reads,
        then each checked again and deleted in short transactions (an edit made since
        may beat the deletion now)."""
        self.batches.phase = "deleting"
        self.conn.execute(
            "CREATE TEMP TABLE merge_doomed (tbl TEXT NOT NULL, row_key TEXT NOT NULL)"
        )
        for table in TABLES_IN_ORDER:
            self.conn.execute(
                f"INSERT INTO temp.merge_doomed (tbl, row_key) SELECT t.tbl, t.row_key "
                f"FROM main.tombstones t JOIN main.{table} r ON {_matching(table)} "
                "WHERE t.tbl = ?",
                (table,),
            )
        last = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM temp.merge_doomed")
        self.batches.done, self.batches.total = 0, int(last.fetchone()[0])
        self.batches.spans(self.batches.total, self._delete_doomed)

    def _delete_doomed(self, lo: int, hi: int) -> None:
        for table in TABLES_IN_ORDER:
            key = ROW_KEYS[table]
            stamped = "r.updated_at" if table != "ballot_receipts" else "NULL"
            cols = ", ".join(f'r."{c}"' for c in key)
            found = self.conn.execute(
                f"SELECT {cols}, {stamped}, t.deleted_at FROM temp.merge_doomed d "
                "JOIN main.tombstones t ON t.tbl = d.tbl AND t.row_key = d.row_key "
                f"JOIN main.{table} r ON {_matching(table)} "
                f"WHERE d.rowid BETWEEN {int(lo)} AND {int(hi)} AND d.tbl = ?",
                (table,),
            ).fetchall()
            doomed = [row[: len(key)] for row in found if tombstone_beats(row[-1], row[-2])]
            if doomed:
                where = " AND ".join(f'"{c}" = ?' for c in key)
                self.conn.executemany(f"DELETE FROM main.{table} WHERE {where}", doomed)
                self.ctx.counts(table).deleted += len(doomed)


def _matching(table: str) -> str:
    """The join of a tombstone ``t`` to the row ``r`` of ``table`` it names."""
    key = ROW_KEYS[table]
    if key == ("id",):
        return "r.id = t.row_key"
    return " AND ".join(f"r.\"{c}\" = json_extract(t.row_key, '$[{n}]')" for n, c in enumerate(key))
