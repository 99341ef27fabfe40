"""What every part of the store shares: the open file, and reading and writing any model.

``Records`` holds the open ``Database`` (it wraps it, it does not extend it) and gives
the store's modules, one per aggregate, the generic steps they are built from: insert,
update, delete, get and list a model by its ``TableSpec``, and find a record by a prefix
of its id. It also carries the file's few settings (``meta``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from opstui.db.database import Database, InitiativeHeading
from opstui.db.errors import AmbiguousId, NotFound, UnknownId
from opstui.db.mapping import ID_KINDS, SPECS, M, from_row, to_row
from opstui.domain.base import Record

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils


class Records:
    """One open opstui database file, read and written in terms of domain models."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Self:
        """Open (creating and migrating as needed) the database at ``path``."""
        return cls(Database.open(path, read_only=read_only))

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the file, as the Database has it ------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection, which the Database replaces when a review starts following a
        writer (see ``Database.poll_changes``): always asked of it, never kept."""
        return self.database.conn

    @property
    def db(self) -> sqlite_utils.Database:
        return self.database.db

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def immutable(self) -> bool:
        return self.database.immutable

    @property
    def backup(self) -> Path | None:
        """The backup written when this open migrated the file, if it did."""
        return self.database.backup

    def write(self) -> AbstractContextManager[None]:
        """A write transaction (see ``Database.write``); nested calls join the outer one."""
        return self.database.write()

    def data_version(self) -> int:
        return self.database.data_version()

    def poll_changes(self) -> bool:
        return self.database.poll_changes()

    def initiative_headings(self) -> list[InitiativeHeading]:
        return self.database.initiative_headings()

    def has_live_sessions(self) -> bool:
        return self.database.has_live_sessions()

    # -- any model, by its table -------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        return self.database.rows(sql, params)

    def _fetch(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        return self.database.fetch(sql, params)

    def _insert(self, model: Record) -> None:
        self.db.table(SPECS[type(model)].table).insert(to_row(model))

    def _insert_all(self, models: Sequence[Record]) -> None:
        """Insert models of one kind in batches (sqlite-utils': many rows a statement)."""
        if models:
            table = SPECS[type(models[0])].table
            self.db.table(table).insert_all(to_row(model) for model in models)

    @staticmethod
    def _prepare(models: Sequence[Record]) -> tuple[str, list[tuple[Any, ...]]]:
        """The INSERT of many models of one kind and its rows, made before any lock is
        taken: turning 300,000 models into rows takes seconds, writing them does not."""
        rows = [to_row(model) for model in models]
        if not rows:
            return "", []
        columns = list(rows[0])
        sql = (
            f"INSERT INTO {SPECS[type(models[0])].table} "
            f"({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        return sql, [tuple(row[c] for c in columns) for row in rows]

    def _update(self, model: Record) -> None:
        table = SPECS[type(model)].table
        row = to_row(model)
        row.pop("id")
        cursor = self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'[{c}] = ?' for c in row)} WHERE id = ?",
            [*row.values(), model.id],
        )
        if cursor.rowcount == 0:
            raise NotFound(
                f"{table[:-1] if table.endswith('s') else table} {model.id[:8]} no longer exists"
            )

    def _delete(self, cls: type[Record], id_: str) -> None:
        self.conn.execute(f"DELETE FROM {SPECS[cls].table} WHERE id = ?", (id_,))

    def _get(self, cls: type[M], id_: str) -> M:
        rows = self._rows(f"SELECT * FROM {SPECS[cls].table} WHERE id = ?", (id_,))
        if not rows:
            raise NotFound(f"no {cls.__name__.lower()} with id {id_}")
        return from_row(cls, rows[0])

    def _list(
        self, cls: type[M], where: str = "1", params: Sequence[Any] = (), order: str = "rowid"
    ) -> list[M]:
        sql = f"SELECT * FROM {SPECS[cls].table} WHERE {where} ORDER BY {order}"
        return [from_row(cls, row) for row in self._rows(sql, params)]

    def resolve(self, kind: str, prefix: str) -> str:
        """The full id of the record of ``kind`` whose id starts with ``prefix``."""
        table = ID_KINDS[kind]
        prefix = prefix.strip().lower()
        if not prefix:
            raise UnknownId(f"no {kind} id given")
        rows = self._fetch(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (prefix, prefix + "\U0010ffff"),
        )
        if not rows:
            raise UnknownId(f"no {kind} has an id starting with {prefix!r}")
        if len(rows) > 1:
            shown = ", ".join(r[0][:12] for r in rows[:5])
            raise AmbiguousId(
                f"{prefix!r} matches several {kind}s ({shown}...); type more of the id"
            )
        return str(rows[0][0])

    # -- meta ----------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        rows = self._fetch("SELECT value FROM meta WHERE key = ?", (key,))
        return None if not rows else str(rows[0][0])

    def set_meta(self, key: str, value: str) -> None:
        with self.write():
            self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    @property
    def site_id(self) -> str:
        """This file's own id among the files merged together (schema 5)."""
        return self.get_meta("site_id") or ""

    @contextmanager
    def replaying(self, site_id: str | None = None) -> Iterator[None]:
        """One write transaction whose rows are written as they came from elsewhere.

        Edit stamps and tombstones are left to the rows themselves (a merge copies them;
        the demo has none). ``site_id`` gives the file that id first (the demo's is drawn
        from its seed, so that two builds are the same file).
        """
        with self.write():
            if site_id is not None:
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('site_id', ?)", (site_id,)
                )
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('replaying', '1')")
            yield
            self.conn.execute("DELETE FROM meta WHERE key = 'replaying'")

    @property
    def is_demo(self) -> bool:
        return self.get_meta("demo") == "1"

    def is_empty(self) -> bool:
        return bool(self._fetch("SELECT NOT EXISTS (SELECT 1 FROM initiatives)")[0][0])
