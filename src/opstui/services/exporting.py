"""Exporting a session's notes or an initiative's report, for the CLI and the app alike.

An export only reads the database. ``Exporter`` gathers what a session or initiative
needs, names the file, renders it in the format asked for (and in Markdown for the
clipboard), and writes files whole or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from opstui import export as exports
from opstui.db.store import Store, load_facts, load_session_facts
from opstui.domain.progress import Progress, silent
from opstui.files import UnsafeFile, check_replaceable, make_private_folder

if TYPE_CHECKING:
    from opstui.domain.initiative import Group
    from opstui.domain.playbook import Playbook
    from opstui.export.process_map import MapDocument

# The results report, the process map and the calendar are imported where they are
# rendered: ``opstui export initiative`` of the largest initiative took 380-390 ms as a
# whole process, about 260 ms of it imports, where the goal is 300 ms (issue 23).

What = Literal["session", "initiative"]
#: The phases of exporting every session, as progress tells them.
READING = "reading the initiative"
RENDERING = "writing session notes"
MapFormat = Literal["md", "mermaid"]


class ExportError(Exception):
    """An export that cannot be written; the message says why, for the user."""


@dataclass(frozen=True)
class Subject:
    """What is about to be exported: its id, a title to show, a name for its file."""

    what: What
    id: str
    title: str
    file_name: str


@dataclass(frozen=True)
class Rendered:
    """An export in the format asked for, and its Markdown (for the clipboard)."""

    text: str
    markdown: str


@dataclass(frozen=True)
class RenderedCalendar(Rendered):
    """A session's calendar (.ics), and what could not go in it, to tell the user."""

    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportFile:
    path: Path
    text: str


class Exporter:
    """Exports from one open store, labelling fill-ins with the playbooks given."""

    def __init__(self, store: Store, playbooks: Mapping[str, Playbook]) -> None:
        self.store = store
        self.playbooks = playbooks

    def subject(self, what: What, record_id: str, fmt: exports.Format = "md") -> Subject:
        """Name what ``record_id`` is; an unknown id raises the store's NotFound."""
        if what == "session":
            facts, session, _ = load_session_facts(self.store, record_id)
            held = session.held_at.date() if session.held_at else date.today()
            name = exports.export_file_name(session.title, held, exports.extension(fmt))
            return Subject(what, session.id, f"{session.title} — {facts.initiative.title}", name)
        facts = load_facts(self.store, record_id)
        title = facts.initiative.title
        name = exports.export_file_name(f"{title} report", facts.today, exports.extension(fmt))
        return Subject(what, facts.initiative.id, title, name)

    def render(
        self, what: What, record_id: str, fmt: exports.Format, *, anonymize: bool = False
    ) -> Rendered:
        """The export of a session's notes or an initiative's report."""
        if what == "session":
            facts, session, agenda = load_session_facts(self.store, record_id)
            notes = exports.session_bundle(
                facts, session, agenda, self.playbooks, anonymize=anonymize
            )
            text = exports.render_session(notes, fmt)
            return Rendered(text, text if fmt == "md" else exports.render_session(notes, "md"))
        report = exports.initiative_bundle(
            load_facts(self.store, record_id), self.playbooks, anonymize=anonymize
        )
        text = exports.render_initiative(report, fmt)
        return Rendered(text, text if fmt == "md" else exports.render_initiative(report, "md"))

    def render_calendar(
        self, session_id: str, *, anonymize: bool = False, today: date | None = None
    ) -> RenderedCalendar:
        """A session's calendar: the initiative's next session and the actions' due dates
        (``export.session_calendar``); its Markdown is the session's notes. ``today``
        (default: today) is the calendar's DTSTAMP."""
        from opstui.domain.next_session import next_session
        from opstui.export.session_calendar import (
            NextSession,
            calendar_notes,
            render_session_calendar,
        )

        facts, session, agenda = load_session_facts(self.store, session_id, today)
        notes = exports.session_bundle(facts, session, agenda, self.playbooks, anonymize=anonymize)
        following = next_session(facts.sessions, session)
        next_up = (
            None
            if following is None
            else NextSession(
                following,
                self.store.list_agenda(following.id),
                self.playbooks.get(following.playbook_key),
            )
        )
        return RenderedCalendar(
            render_session_calendar(notes, next_up),
            exports.render_session(notes, "md"),
            tuple(calendar_notes(notes, next_up)),
        )

    def results_groups(self, initiative_id: str) -> list[Group]:
        """The groups the initiative's results can be reported for (its affected groups)."""
        from opstui.domain.results_report import report_groups

        return report_groups(load_facts(self.store, initiative_id))

    def results_subject(
        self, initiative_id: str, group: Group | None, fmt: exports.Format = "md"
    ) -> Subject:
        """Name the results report of an initiative, for everyone or for one group."""
        from opstui.domain.results_report import results_of
        from opstui.export.results_report import audience

        facts = load_facts(self.store, initiative_id)
        report = results_of(facts, group)
        title = f"{facts.initiative.title} — results for {audience(report)}"
        stem = f"{facts.initiative.title} results" + (f" {group.value}" if group else "")
        name = exports.export_file_name(stem, facts.today, exports.extension(fmt))
        return Subject("initiative", facts.initiative.id, title, name)

    def render_results(
        self,
        initiative_id: str,
        group: Group | None,
        fmt: exports.Format,
        *,
        anonymize: bool = False,
    ) -> Rendered:
        """The results report ("you said → we did") as Markdown, JSON, HTML or Slack."""
        if fmt == "csv":
            raise ExportError(f"the results report is Markdown, JSON, HTML or Slack, not {fmt}")
        from opstui.domain.results_report import results_of
        from opstui.export.bundle import PeopleNames
        from opstui.export.results_report import render_results

        facts = load_facts(self.store, initiative_id)
        report = results_of(facts, group)
        people = PeopleNames(facts.people, anonymize=anonymize)
        text = render_results(report, people, fmt)
        return Rendered(text, text if fmt == "md" else render_results(report, people, "md"))

    def map_document(self, initiative_id: str, session_id: str | None = None) -> MapDocument:
        """The initiative's latest process map (of the session, when one is given)."""
        from opstui.domain.map_reading import read_map
        from opstui.export.process_map import MapDocument

        facts = load_facts(self.store, initiative_id)
        title = facts.initiative.title
        maps = [m for m in facts.process_maps if session_id is None or m.session_id == session_id]
        if session_id is not None and session_id not in {s.id for s in facts.sessions}:
            raise ExportError(f"session {session_id[:8]} is not a session of “{title}”")
        if not maps:
            where = "this session" if session_id is not None else f"“{title}”"
            raise ExportError(f"{where} has no process map yet")
        record = maps[-1]
        session = next((s for s in facts.sessions if s.id == record.session_id), None)
        return MapDocument(
            read_map(facts, record),
            title,
            session.title if session else None,
            session.held_at if session else None,
        )

    def map_subject(
        self, initiative_id: str, session_id: str | None = None, fmt: MapFormat = "md"
    ) -> Subject:
        """Name the export of a process map."""
        document = self.map_document(initiative_id, session_id)
        record = document.read.record
        name = exports.export_file_name(
            f"{record.title} map", record.created_at.date(), "mmd" if fmt == "mermaid" else "md"
        )
        return Subject("initiative", initiative_id, record.title, name)

    def render_map(
        self, initiative_id: str, session_id: str | None = None, fmt: MapFormat = "md"
    ) -> Rendered:
        """The process map as a Mermaid flowchart or as Markdown (with the flowchart)."""
        from opstui.export.process_map import render_map_markdown, render_mermaid

        document = self.map_document(initiative_id, session_id)
        markdown = render_map_markdown(document)
        if fmt == "md":
            return Rendered(markdown, markdown)
        read = document.read
        if read.process_map is None:
            raise ExportError(
                f"the process map “{read.record.title}” does not read ({read.error}); "
                "mend that line in the app, or export it as md to see its lines"
            )
        return Rendered(render_mermaid(read.process_map), markdown)

    def folder_files(
        self,
        initiative_id: str,
        folder: Path,
        fmt: exports.Format,
        *,
        anonymize: bool = False,
        progress: Progress = silent,
    ) -> list[ExportFile]:
        """The initiative's report and every session's notes, named for one folder.

        Sessions whose names would clash get the start of their id in the name.
        ``progress`` is told each session rendered, and may stop it with ``Cancelled``:
        nothing is written yet.
        """
        progress(READING, 0, 0)
        facts = load_facts(self.store, initiative_id)
        report = exports.initiative_bundle(facts, self.playbooks, anonymize=anonymize)
        stem = exports.slug(facts.initiative.title, "initiative")
        suffix = exports.extension(fmt)
        files = [
            ExportFile(folder / f"{stem}-report.{suffix}", exports.render_initiative(report, fmt))
        ]
        names: set[str] = set()
        for done, session in enumerate(facts.sessions):
            progress(RENDERING, done, len(facts.sessions))
            agenda = self.store.list_agenda(session.id)
            notes = exports.session_bundle(
                facts, session, agenda, self.playbooks, anonymize=anonymize
            )
            held = session.held_at.date() if session.held_at else None
            name = exports.export_file_name(session.title, held, suffix)
            if name in names:
                name = name.removesuffix(f".{suffix}") + f"-{session.id[:8]}.{suffix}"
            names.add(name)
            files.append(ExportFile(folder / name, exports.render_session(notes, fmt)))
        progress(RENDERING, len(facts.sessions), len(facts.sessions))
        return files


def write_files(files: Sequence[ExportFile], *, overwrite: bool) -> list[Path]:
    """Write every file or, when one would replace a file without ``overwrite``, none.

    Each file is written atomically (``export.write_export``); its folder is made if
    missing, readable by its owner only. Raises ``ExportExists`` for a file in the way
    and ``ExportError`` for anything else the file system refuses, and for anything
    in the way that is not a regular file (a link, a FIFO, a device): that is never
    replaced, even with ``overwrite``.
    """
    for file in files:
        try:
            is_dir = file.path.is_dir()
            exists = check_replaceable(file.path)
        except UnsafeFile as exc:
            raise ExportError(str(exc)) from None
        except OSError as exc:
            raise ExportError(f"{file.path} cannot be used: {exc.strerror or exc}") from None
        if is_dir:
            raise ExportError(f"{file.path} is a folder; give a file name")
        if exists and not overwrite:
            raise exports.ExportExists(file.path)
    written: list[Path] = []
    for file in files:
        try:
            make_private_folder(file.path.parent)
            written.append(exports.write_export(file.path, file.text, overwrite=overwrite))
        except exports.ExportExists:
            raise
        except UnsafeFile as exc:
            raise ExportError(str(exc)) from None
        except OSError as exc:
            raise ExportError(f"cannot write {file.path}: {exc.strerror or exc}") from None
    return written
