"""Merging another facilitator's opstui file into this one, with SQLite as the engine.

The source is checked first, as the hostile file it may be (``check_source``), then
attached read-only and read, in one read transaction (one snapshot of it), into
temporary tables: cleaned, its people mapped to the colleagues the target already knows
(``merge_people``). That takes no lock on the target. Then it is written in short write
transactions (``merge_batches``: each aims at 0.3 s, so an app with the
target open keeps writing), replaying (the edit-stamp triggers stay out: rows keep the
stamps they came with), each comparing with the target as it is at that moment and
committed only with every foreign key whole, parents before children
(``TABLES_IN_ORDER``):

1. sites: the source's own, labelled, and those it has merged before;
2. tombstones: the union of both files' (the later deletion of a row kept);
3. each table (``merge_tables``), people first; an anonymous vote's ballots taken whole
   with it, in one transaction;
4. the deletions applied, last: every target row a tombstone beats is deleted, cascading.

A merge stopped part way (Ctrl+C, a kill, a power cut) leaves the target whole: what
was committed is a consistent part of the merge, what was not is rolled back by SQLite.
Running the same merge again completes it, to the same rows as a merge never stopped:
every step takes only what the target does not already hold. A dry run merges into a
private copy of the target (``Connection.backup``, read under a read lock only) and
throws it away, so the target stays byte for byte as it was.

Which version of a row is kept, and when a deletion wins, is the domain's to say
(``opstui.domain.merging``). ``exports`` is one machine's history: never merged.
"""

from __future__ import annotations

import shlex
import sqlite3
import stat
import tempfile
from pathlib import Path

from opstui.db import schema
from opstui.db.connection import attach_uri, connect
from opstui.db.errors import ReadOnlyError
from opstui.db.merge_schema import TABLES_IN_ORDER
from opstui.db.merge_steps import MergeRefused, Steps
from opstui.db.merge_text import register
from opstui.db.records import Records
from opstui.domain.merging import SourceReport
from opstui.domain.progress import Progress, silent

#: The schema name the source is attached under.
SOURCE = "merge_src"
#: Tables whose layout must be the target's own, column for column, before anything is read.
_CHECKED_TABLES = (*TABLES_IN_ORDER, "meta", "sites", "tombstones", "person_aliases")

__all__ = ["SOURCE", "MergeRefused", "Merger", "check_rehearsal_target", "check_source"]


def check_source(path: Path, target: Path | None = None) -> None:
    """Refuse, in one line, a file that is not another opstui file of this schema.

    A file received from someone else may be anything: a folder, a pipe, a device, a
    file that is not SQLite, someone else's SQLite, an older or newer opstui file, or one
    carrying triggers or views of its own (which would run inside our transaction).
    """
    name = path.name
    try:
        found = path.stat()  # follows a symlink: only one to a regular file passes
    except FileNotFoundError:
        raise MergeRefused(f"{path} does not exist") from None
    except OSError as exc:
        raise MergeRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(found.st_mode):
        what = "a folder" if stat.S_ISDIR(found.st_mode) else "not a regular file"
        raise MergeRefused(f"{path} is {what}; only an opstui database file can be merged")
    if target is not None and target.exists():
        mine = target.stat()
        if (mine.st_dev, mine.st_ino) == (found.st_dev, found.st_ino):
            raise MergeRefused(f"{path} is the file being merged into; nothing to merge")
    conn = connect(path, read_only=True)
    try:
        version = schema.check_version(conn, path)
        if schema.table_count(conn) == 0:
            raise MergeRefused(f"{path} is empty: there is no opstui database in it")
        if version < schema.CURRENT_VERSION:
            raise MergeRefused(
                f"{name} is schema {version}, this opstui writes schema "
                f"{schema.CURRENT_VERSION}: open it once with `opstui --db "
                f"{shlex.quote(str(path))}` to bring it up to date (a backup is kept), "
                "then merge again"
            )
        reference = _reference_layout()
        for table in _CHECKED_TABLES:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            if columns != reference[table]:
                raise MergeRefused(f"{path} has a {table} table that opstui did not make")
    except sqlite3.Error as exc:
        raise MergeRefused(f"{path} cannot be read as an opstui database ({exc})") from None
    finally:
        conn.close()


def check_rehearsal_target(path: Path) -> None:
    """Refuse a dry run into a file that opening would upgrade: a dry run writes nothing."""
    conn = connect(path, read_only=True)
    try:
        version = schema.check_version(conn, path)
        if 0 < version < schema.CURRENT_VERSION:
            raise MergeRefused(
                f"{path.name} is schema {version}: a dry run cannot merge into it without "
                "upgrading it; merge without --dry-run (a backup is kept first)"
            )
    except sqlite3.Error as exc:
        raise MergeRefused(f"{path} cannot be read as an opstui database ({exc})") from None
    finally:
        conn.close()


_LAYOUT: dict[str, list[str]] = {}


def _reference_layout() -> dict[str, list[str]]:
    """Each checked table's columns as this version's migrations make them."""
    if not _LAYOUT:
        scratch = sqlite3.connect(":memory:", isolation_level=None)
        try:
            for migration in schema.MIGRATIONS:
                migration.apply(scratch)
            for table in _CHECKED_TABLES:
                _LAYOUT[table] = [r[1] for r in scratch.execute(f"PRAGMA table_info({table})")]
        finally:
            scratch.close()
    return _LAYOUT


class Merger:
    """Merges files into the target store, each in short write transactions."""

    def __init__(
        self, records: Records, *, private_notes: bool = False, shown_as: Path | None = None
    ) -> None:
        if records.read_only:
            raise ReadOnlyError("this database is open read-only; nothing can be merged into it")
        self.records = records
        self.private_notes = private_notes
        #: The file the report names as the target (a dry run's copy names the original).
        self.shown_as = shown_as or records.path
        #: The longest write transaction of the last merge (seconds).
        self.longest_write = 0.0

    @property
    def conn(self) -> sqlite3.Connection:
        return self.records.conn

    def merge(
        self, path: Path, *, dry_run: bool = False, progress: Progress = silent
    ) -> SourceReport:
        """Merge one file (checked first); a dry run merges into a copy thrown away.

        Raises:
            MergeRefused: The file cannot be merged, or a span of it would have left the
                target inconsistent (that span rolled back, the ones before it kept).
            Cancelled: ``progress`` stopped it, between two write transactions.
        """
        check_source(path, self.shown_as)
        if dry_run:
            return self._rehearse(path, progress)
        register(self.conn)
        # Read as a review reads a file (``attach_uri``): immutable when nobody writes it,
        # beside its writer's log when someone does, so nothing is left beside it.
        review = connect(path, read_only=True)
        try:
            self.conn.execute(f"ATTACH DATABASE ? AS {SOURCE}", (attach_uri(review),))
        except sqlite3.Error as exc:
            review.close()
            raise MergeRefused(f"{path} cannot be opened to merge ({exc})") from None
        steps = Steps(
            self.records,
            SOURCE,
            path,
            self.shown_as,
            private_notes=self.private_notes,
            progress=progress,
        )
        try:
            report = steps.run()
            self.longest_write = steps.longest_write
            return report
        finally:
            steps.drop()
            self.conn.execute(f"DETACH DATABASE {SOURCE}")
            review.close()

    def _rehearse(self, path: Path, progress: Progress) -> SourceReport:
        """Merge into a private copy of the target, then throw the copy away."""
        with tempfile.TemporaryDirectory(prefix="opstui-dry-run-") as folder:
            copy = Path(folder) / self.shown_as.name
            # A consistent copy under a read lock: the target's writers carry on.
            into = sqlite3.connect(copy)
            try:
                self.conn.backup(into)
            finally:
                into.close()
            with Records.open(copy) as rehearsal:
                merger = Merger(rehearsal, private_notes=self.private_notes, shown_as=self.shown_as)
                report = merger.merge(path, progress=progress)
                self.longest_write = merger.longest_write
                return report
