"""Process maps as the screens use them: the initiative's maps, read, drawn and checked,
and the session's map typed one line at a time.

A session has one map by default, made with its first line and titled after the
session. Each line is checked with the map's parser before anything is stored: a line
the parser refuses is not written, and the error (with why) goes back to the screen,
which keeps the line for the facilitator to fix. Editing a line is checked the same way;
deleting one never needs to be.

The storage is one small protocol (``MapStorage``): the screens never see where the
rows come from. ``map_storage`` is the one place that says which records serve it.

Free of Textual: the live panel and the workspace's Sessions tab both call this.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from opstui.domain import process_map as maps
from opstui.domain.map_reading import known_roles
from opstui.domain.process_map import MAX_LINE, MapFinding, MapSyntaxError, ProcessMap
from opstui.domain.process_map_records import ProcessMapRecord
from opstui.domain.text import printable

if TYPE_CHECKING:
    from opstui.db.store import Store

from opstui.db.store import load_facts


class MapRow(Protocol):
    """A stored map, as the service reads it (the columns of ``process_maps``)."""

    @property
    def id(self) -> str: ...
    @property
    def session_id(self) -> str | None: ...
    @property
    def title(self) -> str: ...


class LineRow(Protocol):
    """A stored line of a map (the columns of ``process_map_lines``), in map order."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...


class MapStorage(Protocol):
    """What the service asks of the records of ``process_maps`` and ``process_map_lines``."""

    def write(self) -> AbstractContextManager[None]: ...
    def list_process_maps(self, initiative_id: str) -> Sequence[MapRow]: ...
    def list_map_lines(self, map_id: str) -> Sequence[LineRow]: ...
    def add_process_map(self, initiative_id: str, session_id: str | None, title: str) -> MapRow: ...
    def add_map_line(self, map_id: str, text: str) -> LineRow: ...
    def update_map_line(self, line_id: str, text: str) -> None: ...
    def delete_map_line(self, line_id: str) -> None: ...


class _StoredMaps:
    """The store's records of maps and lines, in the words the service uses."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def write(self) -> AbstractContextManager[None]:
        return self.store.write()

    def list_process_maps(self, initiative_id: str) -> Sequence[MapRow]:
        return self.store.list_process_maps(initiative_id)

    def list_map_lines(self, map_id: str) -> Sequence[LineRow]:
        return self.store.map_lines(map_id)

    def add_process_map(self, initiative_id: str, session_id: str | None, title: str) -> MapRow:
        record = ProcessMapRecord(initiative_id=initiative_id, session_id=session_id, title=title)
        return self.store.add_process_map(record)

    def add_map_line(self, map_id: str, text: str) -> LineRow:
        return self.store.add_map_line(map_id, text)

    def update_map_line(self, line_id: str, text: str) -> None:
        self.store.edit_map_line(line_id, text)

    def delete_map_line(self, line_id: str) -> None:
        self.store.delete_map_line(line_id)


def map_storage(store: Store) -> MapStorage:
    """The records the maps are kept in (the one place to rewire when they move)."""
    return _StoredMaps(store)


class MapLineError(ValueError):
    """A line the map does not take, and why, in one line for the screen."""


@dataclass(frozen=True)
class MapLine:
    id: str
    text: str


@dataclass(frozen=True)
class MapView:
    """One map as shown: its lines, the map they make (or why they make none), findings."""

    id: str | None  # None: the session's map, not made yet (no line typed)
    title: str
    session_id: str | None
    lines: tuple[MapLine, ...] = ()
    process_map: ProcessMap | None = None
    #: A stored line the parser refuses (a file edited or merged from elsewhere).
    error: MapSyntaxError | None = None
    findings: tuple[MapFinding, ...] = field(default=())

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def clean_line(text: str) -> str:
    """A typed or pasted line as stored: one line, no control character, trimmed."""
    line = printable(text, lines=False, drop=True).strip()
    if not line:
        raise MapLineError("Type a hand-off, e.g. PM -> Design: brief")
    if len(line) > MAX_LINE:
        raise MapLineError(f"A line of the map is at most {MAX_LINE} characters.")
    return line


class ProcessMapping:
    """An initiative's process maps, and the session's map that is typed live."""

    def __init__(
        self,
        store: Store,
        initiative_id: str,
        *,
        session_id: str | None = None,
        session_title: str = "",
        editable: bool = True,
        storage: MapStorage | None = None,
    ) -> None:
        self.store = store
        self.storage = storage or map_storage(store)
        self.initiative_id = initiative_id
        self.session_id = session_id
        self.session_title = printable(session_title, lines=False, drop=True).strip()
        self.editable = editable and not store.read_only
        self._roles: list[str] | None = None

    # -- reading ------------------------------------------------------------------------

    def roles(self) -> list[str]:
        if self._roles is None:
            # The same roles the doctor checks the map against (one rule: map_reading).
            self._roles = known_roles(load_facts(self.store, self.initiative_id))
        return self._roles

    def view(self, row: MapRow) -> MapView:
        lines = tuple(MapLine(line.id, line.text) for line in self.storage.list_map_lines(row.id))
        return self.checked(MapView(row.id, row.title, row.session_id, lines))

    def checked(self, view: MapView) -> MapView:
        """``view`` with the map its lines make and what the checks find in it."""
        try:
            process_map = maps.parse_map(view.texts)
        except MapSyntaxError as error:
            return MapView(view.id, view.title, view.session_id, view.lines, error=error)
        findings = tuple(maps.check_map(process_map, self.roles()))
        return MapView(
            view.id, view.title, view.session_id, view.lines, process_map, None, findings
        )

    def maps(self) -> list[MapView]:
        """The initiative's maps, the session's own first, then oldest first."""
        views = [self.view(row) for row in self.storage.list_process_maps(self.initiative_id)]
        return sorted(views, key=lambda v: v.session_id != self.session_id or v.session_id is None)

    def session_map(self) -> MapView:
        """The session's map: the one stored, or an empty one its first line will make."""
        if self.session_id is not None:
            for row in self.storage.list_process_maps(self.initiative_id):
                if row.session_id == self.session_id:
                    return self.view(row)
        return MapView(None, self.session_title or "Process map", self.session_id)

    # -- typing ---------------------------------------------------------------------------

    def _refuse_if_read_only(self) -> None:
        if not self.editable:
            raise MapLineError("The map can be read here, not changed.")

    def add_line(self, view: MapView, text: str) -> MapView:
        """``text`` as the last line of ``view``'s map (made first if it is new)."""
        self._refuse_if_read_only()
        line = clean_line(text)
        # The store refuses, in the same transaction, a line that makes the map unreadable.
        try:
            with self.storage.write():
                map_id = view.id
                if map_id is None:
                    row = self.storage.add_process_map(
                        self.initiative_id, self.session_id, view.title
                    )
                    map_id = row.id
                stored = self.storage.add_map_line(map_id, line)
        except MapSyntaxError as error:
            raise MapLineError(f"Not added: {error.message}") from error
        lines = (*view.lines, MapLine(stored.id, line))
        return self.checked(MapView(map_id, view.title, view.session_id, lines))

    def add_lines(self, view: MapView, texts: Sequence[str]) -> MapView:
        """Several lines at once (a paste), all or none: blank ones are left out."""
        self._refuse_if_read_only()
        lines = [
            line for line in (printable(t, lines=False, drop=True).strip() for t in texts) if line
        ]
        if not lines:
            raise MapLineError("Nothing to add: the paste has no line of text.")
        lines = [clean_line(line) for line in lines]
        # One transaction: the first line the store refuses leaves none of them written.
        try:
            with self.storage.write():
                map_id = view.id
                if map_id is None:
                    map_id = self.storage.add_process_map(
                        self.initiative_id, self.session_id, view.title
                    ).id
                stored = [self.storage.add_map_line(map_id, line) for line in lines]
        except MapSyntaxError as error:
            which = error.line - len(view.texts)
            raise MapLineError(f"Line {which} of the paste: Not added: {error.message}") from error
        added = tuple(MapLine(row.id, line) for row, line in zip(stored, lines, strict=True))
        return self.checked(MapView(map_id, view.title, view.session_id, (*view.lines, *added)))

    def edit_line(self, view: MapView, line_id: str, text: str) -> MapView:
        """The line ``line_id`` of ``view`` changed to ``text``."""
        self._refuse_if_read_only()
        line = clean_line(text)
        try:
            self.storage.update_map_line(line_id, line)
        except MapSyntaxError as error:
            raise MapLineError(f"Not added: {error.message}") from error
        lines = tuple(
            MapLine(old.id, line if old.id == line_id else old.text) for old in view.lines
        )
        return self.checked(MapView(view.id, view.title, view.session_id, lines))

    def delete_line(self, view: MapView, line_id: str) -> MapView:
        self._refuse_if_read_only()
        self.storage.delete_map_line(line_id)
        lines = tuple(old for old in view.lines if old.id != line_id)
        return self.checked(MapView(view.id, view.title, view.session_id, lines))
