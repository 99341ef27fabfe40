"""The schema, numbered forward-only migrations, and the runner that applies them.

The version lives in ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file
as opstui's so that someone else's SQLite file is never mistaken for ours. A backup
copy is written next to the file before any migration touches existing data.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from opstui.db.anonymity import seal_all, truncate_log
from opstui.db.buy_in_schema import V6
from opstui.db.early_schema import V1, V2, V3, V4
from opstui.db.errors import NewerDatabase, NotADatabase
from opstui.db.merge_schema import V5
from opstui.db.method_schema import V7
from opstui.db.speed_schema import V8

#: "opst" in ASCII: the mark of an opstui database.
APPLICATION_ID = 0x6F707374


def _v3(conn: sqlite3.Connection) -> None:
    _script(V3)(conn)
    seal_all(conn)


@dataclass(frozen=True)
class Migration:
    """One step of the schema, from ``version - 1`` to ``version``."""

    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]
    #: The SQL the step runs, when every trigger and view it makes or drops is in it:
    #: the schema check then reads them from the text rather than replaying the step.
    script: str | None = None


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        # executescript() would COMMIT our transaction; run statement by statement.
        for statement in _split(sql):
            conn.execute(statement)

    return run


def _split(sql: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _script(V1), V1),
    Migration(2, "search indexes as sqlite-utils and Datasette find them", _script(V2), V2),
    # Sealing the anonymous votes (Python) makes no trigger or view: the SQL says them all.
    Migration(3, "presenter-safe and cancelled sessions, anonymous ballots unlinked", _v3, V3),
    Migration(4, "remarks from participants' devices, queued until accepted", _script(V4), V4),
    Migration(5, "merging files: edit stamps, tombstones, sites, readable views", _script(V5), V5),
    Migration(6, "what came of remarks; messages, ways to learn, check-ins", _script(V6), V6),
    Migration(
        7, "process maps, prototype ladder, metric tree, events, checks, surveys", _script(V7), V7
    ),
    Migration(
        8, "search prefix indexes; indexes of edited rows, for the dashboard", _script(V8), V8
    ),
)
CURRENT_VERSION = MIGRATIONS[-1].version


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def application_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA application_id").fetchone()[0])


def table_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


def check_version(
    conn: sqlite3.Connection, path: Path, migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """The file's schema version, after making sure it is an opstui file we can read."""
    version = user_version(conn)
    app_id = application_id(conn)
    if app_id != APPLICATION_ID and (app_id != 0 or table_count(conn) > 0):
        raise NotADatabase(f"{path} is a SQLite database, but not an opstui one")
    latest = migrations[-1].version
    if version > latest:
        raise NewerDatabase(
            f"{path} was written by a newer opstui (schema {version}, this one knows up to "
            f"{latest}); upgrade opstui to open it"
        )
    check_code_objects(conn, path, version, migrations)
    return version


def check_code_objects(
    conn: sqlite3.Connection, path: Path, version: int, migrations: Sequence[Migration]
) -> None:
    """Refuse a file holding a trigger or a view that this schema version did not make.

    A file received from someone else is untrusted, and a trigger inside it would run
    on our own writes (a capture copied elsewhere, a row rewritten). Writing connections
    cannot turn ``trusted_schema`` off, because our own search-index triggers need it
    (FTS5 is not marked innocuous in the SQLite we ship with), and Python 3.11 cannot
    set SQLite's defensive mode; so no trigger or view but ours is accepted at all.
    """
    expected = _code_objects_of(tuple(migrations), version)
    found = {
        (kind, _normalized(sql or ""))
        for kind, sql in conn.execute(
            "SELECT type, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"
        )
    }
    foreign = sorted(found - expected)
    if foreign:
        kind = foreign[0][0]
        raise NotADatabase(
            f"{path} holds {len(foreign)} {kind}{'' if len(foreign) == 1 else 's'} "
            "that opstui did not create; it is refused, so nothing in it runs"
        )


def _normalized(sql: str) -> str:
    """SQL as compared: quoting and spacing differ between SQLite versions' rewrites."""
    return " ".join(sql.translate(str.maketrans("", "", '"`[]')).split()).casefold()


@functools.lru_cache(maxsize=8)
def _code_objects_of(migrations: tuple[Migration, ...], version: int) -> frozenset[tuple[str, str]]:
    """The triggers and views a file of ``version`` holds, as the migrations make them.

    Read from the migrations' SQL where each has it (a file's ``sqlite_master`` keeps a
    CREATE statement's text as it was run), which costs a fraction of replaying them in
    memory, as is done for a migration that is only code. Opening a file pays this once.
    """
    steps = [m for m in migrations if m.version <= version]
    if all(m.script is not None for m in steps):
        return _code_objects_in(tuple(m.script or "" for m in steps))
    return replayed_code_objects(migrations, version)


def _code_objects_in(scripts: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    made: dict[tuple[str, str], str] = {}
    for script in scripts:
        for statement in _split(script):
            words = statement.split(None, 5)
            verb, kind = words[0].casefold(), words[1].casefold() if len(words) > 1 else ""
            if kind not in ("trigger", "view") or verb not in ("create", "drop"):
                continue
            rest = words[2:]
            if [w.casefold() for w in rest[:2]] == ["if", "exists"] or [
                w.casefold() for w in rest[:3]
            ] == ["if", "not", "exists"]:
                rest = rest[2:] if rest[1].casefold() == "exists" else rest[3:]
            name = rest[0].strip('"`[]').casefold()
            if verb == "create":
                made[(kind, name)] = statement.rstrip().rstrip(";")
            else:
                made.pop((kind, name), None)
    return frozenset((kind, _normalized(sql)) for (kind, _name), sql in made.items())


def replayed_code_objects(
    migrations: Sequence[Migration], version: int
) -> frozenset[tuple[str, str]]:
    """The triggers and views a file of ``version`` holds: the migrations replayed in memory."""
    scratch = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in migrations:
            if migration.version <= version:
                migration.apply(scratch)
        return frozenset(
            (kind, _normalized(sql))
            for kind, sql in scratch.execute(
                "SELECT type, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"
            )
        )
    finally:
        scratch.close()


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def migrate(
    conn: sqlite3.Connection, path: Path, migrations: Sequence[Migration] = MIGRATIONS
) -> Path | None:
    """Bring the file to the latest schema; return the backup written, if one was."""
    version = check_version(conn, path, migrations)
    pending = [m for m in migrations if m.version > version]
    if not pending:
        return None
    backup: Path | None = None
    if table_count(conn) > 0:
        backup = backup_path(path, version)
        # VACUUM INTO writes a consistent copy, WAL content included.
        conn.execute("VACUUM INTO ?", (str(backup),))
        backup.chmod(0o600)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-check under the write lock: another process may have migrated meanwhile.
        version = user_version(conn)
        for migration in (m for m in migrations if m.version > version):
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {migration.version}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    # What a migration rewrote (anonymous ballots' names) must not stay in the log.
    truncate_log(conn)
    return backup
