"""A bundle: one initiative, with all it holds and the people it names, as a new file.

The new file is made by the store itself (so it has the current schema, mode 0600 and a
site id of its own) under a temporary name in the output's folder. The source is
ATTACHed read-only, exactly as a review would read it (``connection.attach_uri``), and
every row is copied inside one transaction: one snapshot of the source, however often
the app commits to it meanwhile. Rows are copied while ``replaying``, so that their edit
stamps stay as they were; every tombstone travels too (they hold ids only), so that a
deletion reaches the file the bundle is merged into.

Once the copy has passed ``foreign_key_check`` it is committed, its write-ahead log is
checkpointed away (the single file is whole on its own) and it is renamed into place:
a reader sees no file or the whole bundle. On any failure the temporary file goes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from opstui.db.connection import attach_uri, sidecar
from opstui.db.errors import NotFound, StoreError, sqlite_errors
from opstui.db.merge_schema import STAMPED_TABLES, TABLES_IN_ORDER
from opstui.db.records import Records
from opstui.domain.progress import Progress, silent
from opstui.files import UnsafeFile, check_replaceable


class BundleRefused(StoreError):
    """The bundle cannot be written where asked, or would not be whole; nothing was."""


class BundleExists(BundleRefused):
    """The output is there already and replacing it was not asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists; add --force to replace it")


@dataclass(frozen=True)
class BundleWritten:
    """What a bundle holds: the initiative's title, and rows copied per table."""

    title: str
    counts: Mapping[str, int]


#: The phases of writing a bundle, as progress tells them.
COPYING = "copying tables"
CHECKING = "checking the bundle"

# Which rows of each table belong to the initiative ``:i``. Children are chosen by the
# parents already copied into the new file (``main``), so each rule is said once.
_SESSIONS = "SELECT id FROM main.sessions"
_OWN_ROWS: dict[str, str] = {
    "initiatives": "t.id = :i",
    "affected_groups": "t.initiative_id = :i",
    "pilot_cohorts": "t.initiative_id = :i",
    "metrics": "t.initiative_id = :i",
    "sessions": "t.initiative_id = :i",
    "session_participants": f"t.session_id IN ({_SESSIONS})",
    "agenda_items": f"t.session_id IN ({_SESSIONS})",
    "proposals": f"t.session_id IN ({_SESSIONS})",
    "ballots": "t.proposal_id IN (SELECT id FROM main.proposals)",
    "ballot_receipts": "t.proposal_id IN (SELECT id FROM main.proposals)",
    "feedback": f"t.session_id IN ({_SESSIONS})",
    "device_remarks": f"t.session_id IN ({_SESSIONS})",
    "fill_ins": f"t.session_id IN ({_SESSIONS})",
    "fill_in_values": "t.fill_in_id IN (SELECT id FROM main.fill_ins)",
    "decisions": "t.initiative_id = :i",
    "action_items": "t.initiative_id = :i",
    "readings": "t.metric_id IN (SELECT id FROM main.metrics)",
    "readiness": "t.initiative_id = :i",
    "checklist_ticks": "t.initiative_id = :i",
    "remark_links": "t.initiative_id = :i",
    "comm_items": "t.initiative_id = :i",
    "learning_paths": "t.initiative_id = :i",
    "check_ins": "t.initiative_id = :i",
    "process_maps": "t.initiative_id = :i",
    "process_map_lines": "t.map_id IN (SELECT id FROM main.process_maps)",
    "prototypes": "t.initiative_id = :i",
    "metric_events": "t.metric_id IN (SELECT id FROM main.metrics)",
    "capability_checks": "t.metric_id IN (SELECT id FROM main.metrics)",
    "surveys": "t.initiative_id = :i",
}
# Everyone the initiative's rows name (people are copied first, so read from the source).
_IN_SESSIONS = "session_id IN (SELECT id FROM src.sessions WHERE initiative_id = :i)"
_IN_PROPOSALS = f"proposal_id IN (SELECT id FROM src.proposals WHERE {_IN_SESSIONS})"
_OWN_ROWS["people"] = f"""t.id IN (
    SELECT facilitator_id FROM src.sessions WHERE initiative_id = :i
    UNION SELECT person_id FROM src.session_participants WHERE {_IN_SESSIONS}
    UNION SELECT person_id FROM src.feedback WHERE {_IN_SESSIONS}
    UNION SELECT person_id FROM src.device_remarks WHERE {_IN_SESSIONS}
    UNION SELECT person_id FROM src.ballots WHERE {_IN_PROPOSALS}
    UNION SELECT person_id FROM src.ballot_receipts WHERE {_IN_PROPOSALS}
    UNION SELECT owner_id FROM src.action_items WHERE initiative_id = :i
    UNION SELECT owner_id FROM src.learning_paths WHERE initiative_id = :i
    UNION SELECT person_id FROM src.check_ins WHERE initiative_id = :i
    UNION SELECT person_id FROM src.capability_checks WHERE metric_id IN (
        SELECT id FROM src.metrics WHERE initiative_id = :i))"""
#: Tables carried beside the initiative's own rows, and which of their rows.
_ALSO_CARRIED = {
    "person_aliases": "t.person_id IN (SELECT id FROM main.people)",
    "tombstones": "1",
}


def write_bundle(
    source: Records,
    initiative_id: str,
    out: Path,
    *,
    force: bool = False,
    private_notes: bool = False,
    label: str = "",
    progress: Progress = silent,
) -> BundleWritten:
    """Write the initiative ``initiative_id`` of the open review ``source`` to ``out``.

    ``out`` is replaced only with ``force``, and only when it is a regular file (never
    a folder, a link, a FIFO, or the source itself). ``sessions.notes`` (the
    facilitator's private pad) is left empty unless ``private_notes``. ``label`` names
    the source's site when the source has no label of its own. Raises
    ``BundleExists``, ``BundleRefused``, ``NotFound`` or the store's errors; whatever
    is raised, no file is left behind. ``progress`` is told each table copied, and may
    stop it with ``Cancelled`` (the new file goes, as on any failure).
    """
    out = out.expanduser()
    _check_output(out, source.path, force=force)
    try:
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    except OSError as exc:
        raise BundleRefused(f"cannot write in {out.parent}: {exc.strerror or exc}") from None
    os.close(fd)  # closed before SQLite opens it: only SQLite may hold the file open
    temp = Path(name)
    try:
        with sqlite_errors():
            written = _copy(
                source,
                initiative_id,
                temp,
                private_notes=private_notes,
                label=label,
                progress=progress,
            )
        _place(temp, out, force=force)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                sidecar(temp, suffix).unlink()
    return written


def _check_output(out: Path, source: Path, *, force: bool) -> None:
    if out.is_dir() and not out.is_symlink():
        raise BundleRefused(f"{out} is a folder; give a file name")
    try:
        exists = check_replaceable(out)
    except UnsafeFile as exc:
        raise BundleRefused(str(exc)) from None
    if not out.parent.is_dir():
        raise BundleRefused(f"the folder {out.parent} does not exist")
    # Neither the source nor its live log and shared memory: replacing them loses data.
    sources = [sidecar(source.expanduser(), suffix) for suffix in ("", "-wal", "-shm")]
    if exists and any(side.exists() and out.samefile(side) for side in sources):
        raise BundleRefused(f"{out} is the database being bundled; give another file name")
    if exists and not force:
        raise BundleExists(out)


def _copy(
    source: Records,
    initiative_id: str,
    temp: Path,
    *,
    private_notes: bool,
    label: str,
    progress: Progress,
) -> BundleWritten:
    """Copy the initiative into the new file at ``temp``, then make that file whole."""
    with Records.open(temp) as bundle:
        bundle.conn.execute("ATTACH DATABASE ? AS src", (attach_uri(source.database.conn),))
        try:
            with bundle.replaying():
                # A row pointing outside the bundle is reported by the check below, in
                # words, rather than by the first INSERT that meets it.
                bundle.conn.execute("PRAGMA defer_foreign_keys = ON")
                written = _copy_rows(
                    bundle,
                    initiative_id,
                    private_notes=private_notes,
                    label=label,
                    progress=progress,
                )
                progress(CHECKING, 0, 0)
                _check_foreign_keys(bundle)
        finally:
            bundle.conn.execute("DETACH DATABASE src")
        # The bundle must be whole as one file: whoever copies it gets everything.
        busy, _, _ = bundle.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise BundleRefused("the new bundle's log could not be written into it")
    for suffix in ("-wal", "-shm"):
        if sidecar(temp, suffix).exists() and sidecar(temp, suffix).stat().st_size:
            raise BundleRefused("the new bundle's log was left beside it; nothing written")
    return written


def _copy_rows(
    bundle: Records, initiative_id: str, *, private_notes: bool, label: str, progress: Progress
) -> BundleWritten:
    conn = bundle.conn
    found = conn.execute("SELECT title FROM src.initiatives WHERE id = ?", (initiative_id,))
    row = found.fetchone()
    if row is None:
        raise NotFound(f"initiative {initiative_id[:8]} no longer exists")
    counts: dict[str, int] = {}
    tables = (*TABLES_IN_ORDER, *_ALSO_CARRIED)
    for done, table in enumerate(tables):
        progress(COPYING, done, len(tables))
        where = _OWN_ROWS.get(table) or _ALSO_CARRIED[table]
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        picked = [
            "''" if (table, c) == ("sessions", "notes") and not private_notes else f't."{c}"'
            for c in columns
        ]
        # Rows keep their order: the store lists many of them by rowid.
        with_rowid = not conn.execute(f"PRAGMA src.table_list({table})").fetchone()[4]
        named = ", ".join(f'"{c}"' for c in columns)
        cursor = conn.execute(
            f"INSERT INTO main.{table} ({named}) "
            f"SELECT {', '.join(picked)} FROM src.{table} AS t WHERE {where}"
            + (" ORDER BY t.rowid" if with_rowid else ""),
            {"i": initiative_id},
        )
        counts[table] = cursor.rowcount
    counts["sites"] = _copy_sites(bundle, label)
    source_site = conn.execute("SELECT value FROM src.meta WHERE key = 'site_id'").fetchone()
    conn.executemany(
        "INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?)",
        [("bundle_of", initiative_id), ("bundled_from", source_site[0] if source_site else "")],
    )
    return BundleWritten(str(row[0]), counts)


def _copy_sites(bundle: Records, fallback: str) -> int:
    """The sites the copied rows name, and the source's own site under its label."""
    conn = bundle.conn
    named = " UNION ".join(
        [
            "SELECT origin_site FROM main.initiatives",
            "SELECT site FROM main.tombstones",
            *(f"SELECT updated_site FROM main.{t}" for t in STAMPED_TABLES),
        ]
    )
    site = conn.execute("SELECT value FROM src.meta WHERE key = 'site_id'").fetchone()
    own = str(site[0]) if site else ""
    cursor = conn.execute(
        "INSERT INTO main.sites (id, label, first_merged_at) "
        f"SELECT id, label, first_merged_at FROM src.sites WHERE id IN ({named}) AND id != ? "
        "ORDER BY id",
        (own,),
    )
    copied = cursor.rowcount
    if own:
        label = conn.execute("SELECT value FROM src.meta WHERE key = 'site_label'").fetchone()
        stem = bundle_label(label[0] if label else None, fallback, _source_file(bundle))
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        conn.execute(
            "INSERT INTO main.sites (id, label, first_merged_at) VALUES (?, ?, ?)",
            (own, stem, now),
        )
        copied += 1
    return copied


def _source_file(bundle: Records) -> Path:
    rows = bundle.conn.execute("PRAGMA database_list").fetchall()
    return Path(next(str(r[2]) for r in rows if r[1] == "src"))


def bundle_label(site_label: str | None, fallback: str, source_file: Path) -> str:
    """How the source's site is named in the bundle: its own label, else ``fallback``
    (who is bundling it), else its file's stem."""
    for given in (site_label, fallback):
        if given and given.strip():
            return given.strip()
    return source_file.stem or "bundle"


def _check_foreign_keys(bundle: Records) -> None:
    broken = bundle.conn.execute("PRAGMA main.foreign_key_check").fetchall()
    if broken:
        table, _, parent, _ = broken[0]
        raise BundleRefused(
            f"{len(broken)} row{'' if len(broken) == 1 else 's'} of the initiative point "
            f"outside it ({table} -> {parent}); nothing was written"
        )


def _place(temp: Path, out: Path, *, force: bool) -> None:
    """Move the finished bundle to ``out`` in one step, over a regular file only if asked."""
    try:
        if force:
            check_replaceable(out)  # again, just before: it may have changed meanwhile
            temp.replace(out)
            return
        try:
            os.link(temp, out)  # fails if a file appeared meanwhile: never replaced
        except FileExistsError:
            raise BundleExists(out) from None
        except OSError:
            # A file system without hard links: the check just made is the best we have.
            if check_replaceable(out):
                raise BundleExists(out) from None
            temp.replace(out)
    except UnsafeFile as exc:
        raise BundleRefused(str(exc)) from None
    except OSError as exc:
        raise BundleRefused(f"cannot write {out}: {exc.strerror or exc}") from None
