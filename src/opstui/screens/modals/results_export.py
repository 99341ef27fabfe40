"""Exporting an initiative's results from the app: for everyone or for one affected group.

The workspace's "Export results" asks here for the group, the file and the format
(Markdown or JSON), then writes through ``services.exporting`` as every other export
does (``export_dialog.write_request``): same folder memory, same notices, the Markdown
copied to the clipboard, an existing file replaced only once the user confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Input, Select, Static

from opstui import export as exports
from opstui import paths
from opstui.db.errors import StoreError
from opstui.domain.initiative import Group
from opstui.screens.modals.export_dialog import (
    COPY_CHOICES,
    ExportDialog,
    ExportRequest,
    export_folder,
    write_request,
)
from opstui.services.exporting import Exporter

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.screens.base import StoreHost

#: The value of the group choice that stands for everyone affected.
EVERYONE = "everyone"

RESULTS_FORMATS: list[tuple[str, str]] = [
    ("Markdown (.md)", "md"),
    ("JSON (.json)", "json"),
    ("HTML page (.html)", "html"),
    ("Slack (.txt)", "slack"),
]


@dataclass(frozen=True)
class ResultsRequest(ExportRequest):
    """An export request for the results, for one group (None: everyone affected)."""

    group: Group | None = None


@dataclass(frozen=True)
class Audience:
    """One choice of the dialog: who the report is for, and the file name it suggests."""

    label: str
    group: Group | None
    file_name: str

    @property
    def key(self) -> str:
        return self.group.value if self.group else EVERYONE


class ResultsExportDialog(ExportDialog):
    """Asks for whom, where and in what format; dismissed with a ResultsRequest, or None.

    It opens on the file, as the other export dialogs do: F8 then Enter exports the
    results for everyone (Enter on the "For" list would only open the list).
    """

    FIRST_FIELD = "#export-path"

    def __init__(self, title: str, folder: Path, audiences: list[Audience]) -> None:
        super().__init__("initiative", title, folder / audiences[0].file_name)
        self.heading = "Export results"
        self.audiences = {a.key: a for a in audiences}

    def compose_fields(self) -> ComposeResult:
        yield Static(Text(self.subject), id="export-subject")
        yield from self.labelled(
            "For",
            Select(
                [(a.label, key) for key, a in self.audiences.items()],
                value=EVERYONE,
                allow_blank=False,
                id="results-group",
            ),
            "anonymous remarks go only to everyone",
        )
        yield from self.labelled(
            "File", Input(str(self.default_path), id="export-path"), "Enter to export"
        )
        yield from self.labelled(
            "Format",
            Select(RESULTS_FORMATS, value="md", allow_blank=False, id="export-format"),
            "HTML: open in a browser, copy into a doc",
        )
        yield from self.labelled(
            "Copy as",
            Select(COPY_CHOICES, value="md", allow_blank=False, id="export-copy"),
            "also copied to the clipboard, where one can be reached",
        )
        yield Checkbox("Name people by role and group only", id="export-anonymize")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "results-group":
            super().on_select_changed(event)
            return
        event.stop()
        # The file follows the group while its name is one this dialog suggested.
        field = self.query_one("#export-path", Input)
        current = Path(field.value.strip())
        suggested = {Path(a.file_name).stem for a in self.audiences.values()}
        if current.stem in suggested:
            chosen = self.audiences[str(event.value)]
            suffix = exports.extension(self.chosen_format())
            name = Path(chosen.file_name).with_suffix(f".{suffix}").name
            field.value = str(current.with_name(name))

    def build(self) -> ResultsRequest:
        request = super().build()
        chosen = self.audiences.get(str(self.choice_of("results-group")))
        return ResultsRequest(
            request.path,
            request.fmt,
            request.anonymize,
            request.overwrite,
            copy_as=request.copy_as,
            group=chosen.group if chosen else None,
        )


def export_results_from_app(app: App[Any], store: Store, initiative_id: str) -> None:
    """The workspace's "Export results": ask for whom and where, then write it."""
    if isinstance(app.screen, ExportDialog):
        return
    host = cast("StoreHost", app)
    exporter = Exporter(store, exports.available_playbooks(paths.playbooks_dir()))
    try:
        groups: list[Group | None] = [None, *exporter.results_groups(initiative_id)]
        subjects = [exporter.results_subject(initiative_id, group) for group in groups]
    except StoreError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return
    audiences = [
        Audience(group.label if group else "Everyone affected", group, subject.file_name)
        for group, subject in zip(groups, subjects, strict=True)
    ]

    def write(request: ExportRequest | None) -> None:
        if not isinstance(request, ResultsRequest):
            return
        write_request(
            app,
            request,
            lambda: exporter.render_results(
                initiative_id, request.group, request.fmt, anonymize=request.anonymize
            ),
        )

    dialog = ResultsExportDialog(
        subjects[0].title.rpartition(" — ")[0], export_folder(host.settings), audiences
    )
    app.push_screen(dialog, write)
