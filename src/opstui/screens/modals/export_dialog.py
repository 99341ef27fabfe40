"""Exporting from the app: ask where, write the file, copy the Markdown, say where it went.

``export_from_app`` is what the app-wide "Export session notes" and "Export initiative
report" actions call. It finds the session or initiative in view (the screen's
``context_session_id`` / ``context_initiative_id``, looking below an open dialog, so
it works in the middle of a live session), asks for the file in ``ExportDialog``,
then exports through ``services.exporting`` (the command line's way too), copies it
to the clipboard as the dialog's "Copy as" says (Markdown, HTML or Slack;
``copy_export``) and says where it went.
A file that exists is only replaced after the user confirms in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Button, Checkbox, Input, Select, Static

from opstui import export as exports
from opstui import paths
from opstui.db.errors import StoreError
from opstui.screens.modals.form import FormModal
from opstui.services.clipboard import copy_text
from opstui.services.exporting import (
    Exporter,
    ExportError,
    ExportFile,
    Rendered,
    What,
    write_files,
)

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.screens.base import StoreHost
    from opstui.settings import Settings

#: "excel" is CSV with a byte order mark, as ``opstui export --excel`` writes it.
FORMAT_CHOICES: list[tuple[str, str]] = [
    ("Markdown (.md)", "md"),
    ("JSON (.json)", "json"),
    ("CSV (.csv)", "csv"),
    ("CSV for Excel (.csv)", "excel"),
    ("HTML page (.html)", "html"),
    ("Slack (.txt)", "slack"),
]
#: Only a session has a calendar: the next session planned and its actions' due dates.
CALENDAR_CHOICE = ("Calendar (.ics)", "ics")
#: What goes on the clipboard: the export's document in one of these.
COPY_CHOICES: list[tuple[str, str]] = [
    ("Markdown", "md"),
    ("HTML (rich paste into a doc)", "html"),
    ("Slack", "slack"),
]
#: The extensions the dialog keeps in step with the format.
_OUR_SUFFIXES = (".md", ".json", ".csv", ".html", ".txt", ".ics")


def export_folder(settings: Settings) -> Path:
    """Where exports are offered: the folder of the last export from the app, at first a
    visible folder in the home folder."""
    if settings.export_folder:
        return Path(settings.export_folder).expanduser()
    return Path.home() / "opstui-exports"


@dataclass(frozen=True)
class ExportRequest:
    """What the dialog asked for: the file, its format, and whether names are hidden."""

    path: Path
    fmt: exports.Format
    anonymize: bool
    #: The user confirmed replacing the file that is there.
    overwrite: bool
    #: CSV for a spreadsheet: a UTF-8 byte order mark first, so Excel reads the accents.
    excel: bool = False
    #: The session's calendar (.ics) instead of its notes (``fmt`` is then unused).
    calendar: bool = False
    #: What the clipboard gets: the document as Markdown, HTML or Slack.
    copy_as: str = "md"


class ExportDialog(FormModal[ExportRequest]):
    """Asks where to write an export; dismissed with an ExportRequest, or None."""

    LABELS = {"path": "File"}
    save_label = "Export"

    def __init__(self, what: What, title: str, default_path: Path) -> None:
        super().__init__()
        self.what = what
        self.subject = title
        self.default_path = default_path
        #: Where a file name without a folder goes.
        self.folder = default_path.parent
        self.heading = "Export session notes" if what == "session" else "Export initiative report"
        #: The file the user was warned about; asking again for it means "replace".
        self.confirmed: Path | None = None

    def compose_fields(self) -> ComposeResult:
        yield Static(Text(self.subject), id="export-subject")
        yield from self.labelled(
            "File", Input(str(self.default_path), id="export-path"), "Enter to export"
        )
        yield from self.labelled(
            "Format",
            Select(
                [*FORMAT_CHOICES, CALENDAR_CHOICE] if self.what == "session" else FORMAT_CHOICES,
                value="md",
                allow_blank=False,
                id="export-format",
            ),
            "HTML: open in a browser, copy into a doc",
        )
        yield from self.labelled(
            "Copy as",
            Select(COPY_CHOICES, value="md", allow_blank=False, id="export-copy"),
            "also copied to the clipboard, where one can be reached",
        )
        yield Checkbox("Name people by role and group only", id="export-anonymize")

    def chosen_format(self) -> exports.Format:
        value = self.choice_of("export-format")
        return "csv" if value == "excel" else next((f for f in exports.FORMATS if f == value), "md")

    def chosen_copy(self) -> str:
        value = self.choice_of("export-copy")
        return value if value in ("html", "slack") else "md"

    def on_select_changed(self, event: Select.Changed) -> None:
        # Keep the file's extension in step with the format while it is one of ours.
        event.stop()
        if event.select.id != "export-format":
            return
        field = self.query_one("#export-path", Input)
        current = Path(field.value.strip())
        if current.suffix in _OUR_SUFFIXES:
            calendar = self.choice_of("export-format") == "ics"
            suffix = "ics" if calendar else exports.extension(self.chosen_format())
            field.value = str(current.with_suffix(f".{suffix}"))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "export-path" and self.confirmed is not None:
            self.confirmed = None
            self.query_one("#form-save", Button).label = "Export"
            self.show_error("")

    def build(self) -> ExportRequest:
        raw = self.value_of("export-path").strip()
        if not raw:
            raise ValueError("File: give a file name to write to")
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a name the system refuses, such as one far too long
            raise ValueError(f"File: this name cannot be used ({exc.strerror})") from None
        if is_dir:
            raise ValueError(f"{path} is a folder: give a file name")
        overwrite = False
        if exists:
            if self.confirmed != path:
                self.confirmed = path
                self.query_one("#form-save", Button).label = "Replace"
                raise ValueError(f"{path} exists already. Choose Replace to write over it.")
            overwrite = True
        anonymize = self.query_one("#export-anonymize", Checkbox).value
        choice = self.choice_of("export-format")
        return ExportRequest(
            path,
            self.chosen_format(),
            anonymize,
            overwrite,
            excel=choice == "excel",
            calendar=choice == "ics",
            copy_as=self.chosen_copy(),
        )


def _context(app: App[Any], attribute: str) -> str | None:
    """The first screen from the top of the stack that names a session or initiative."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, ExportDialog):
            return None
        found = getattr(screen, attribute, None)
        if isinstance(found, str):
            return found
    return None


def copy_markdown(app: App[Any], markdown: str, done: str, *, html: bool = False) -> None:
    """Copy ``markdown`` every way there is, then tell ``done`` and what the copy did.

    The terminal is sent it at once (OSC 52: nothing says whether it took it); the
    desktop's clipboard tool, where there is one, runs in a thread so that the screen
    never waits for it (``services.clipboard``), and the notice says which worked.
    With ``html`` the text is an HTML page, offered as HTML where the tool can.
    """
    app.copy_to_clipboard(markdown)

    def copy() -> None:
        outcome = copy_text(markdown, html=html)
        app.call_from_thread(app.notify, f"{done}\n{outcome.message}", title="Exported")

    app.run_worker(copy, thread=True, group="clipboard", exit_on_error=False)


def write_request(app: App[Any], request: ExportRequest, render: Callable[[], Rendered]) -> None:
    """Render and write what the dialog asked for, remember its folder, copy the document
    as "Copy as" says, and say where it went (or, in one notice, why nothing was written)."""
    host = cast("StoreHost", app)
    try:
        rendered = render()
        text = (exports.EXCEL_BOM if request.excel else "") + rendered.text
        [written] = write_files([ExportFile(request.path, text)], overwrite=request.overwrite)
    except exports.ExportExists as exc:
        app.notify(
            f"Nothing written: {exc.path} appeared meanwhile.", severity="error", markup=False
        )
        return
    except (ExportError, StoreError) as exc:
        said = str(exc)
        app.notify(said[:1].upper() + said[1:], severity="error", markup=False)
        return
    if written.parent != export_folder(host.settings):
        host.change_settings(export_folder=str(written.parent))
    copied = exports.from_markdown(rendered.markdown, request.copy_as)
    copy_markdown(app, copied, f"Wrote {written}", html=request.copy_as == "html")


def export_from_app(app: App[Any], store: Store, what: What) -> None:
    """The app-wide export actions: find what is in view, ask where, then export it."""
    if isinstance(app.screen, ExportDialog):
        return
    host = cast("StoreHost", app)
    exporter = Exporter(store, exports.available_playbooks(paths.playbooks_dir()))
    if what == "session":
        record_id = _context(app, "context_session_id")
        if record_id is None:
            app.notify(
                "No session in view: highlight one on an initiative's Sessions tab, "
                "or export during a live session.",
                severity="warning",
            )
            return
    else:
        record_id = _context(app, "context_initiative_id")
        if record_id is None:
            highlighted = getattr(app.screen, "highlighted_id", None)
            record_id = highlighted() if callable(highlighted) else None
        if record_id is None:
            app.notify("No initiative in view: open or highlight one first.", severity="warning")
            return
    try:
        subject = exporter.subject(what, record_id)
    except StoreError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return

    def write(request: ExportRequest | None) -> None:
        if request is None:
            return
        if request.calendar:
            write_request(app, request, lambda: _calendar(app, exporter, subject.id, request))
            return
        write_request(
            app,
            request,
            lambda: exporter.render(what, subject.id, request.fmt, anonymize=request.anonymize),
        )

    default_path = export_folder(host.settings) / subject.file_name
    app.push_screen(ExportDialog(what, subject.title, default_path), write)


def _calendar(
    app: App[Any], exporter: Exporter, session_id: str, request: ExportRequest
) -> Rendered:
    """The session's calendar; what could not go in it is said in a notice."""
    calendar = exporter.render_calendar(session_id, anonymize=request.anonymize)
    for note in calendar.notes:
        app.notify(note[:1].upper() + note[1:], severity="warning", markup=False)
    return calendar
