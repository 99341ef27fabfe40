"""The Prototypes tab: the prototype ladder, its four rungs in order.

Each rung (workflow diagram, documentation, manual process, automation) is a heading row
saying what that rung tests, with its prototypes under it, by the day they started: the
title, status, dates, the assumption tested and what was learned, wrapped in full. The
highlighted prototype is shown whole below. When the doctor finds automation tried
before the process was tried by hand, its finding sits above the ladder.

Enter on a rung's heading adds a prototype at that rung, on a prototype edits it; the
dialog's answer goes up as a message for the screen to save.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from opstui.domain.prototypes import Prototype, Stage, Status, ladder
from opstui.screens import clock
from opstui.screens.base import READ_ONLY_HINT
from opstui.screens.commands import Command
from opstui.screens.workspace.tab import Edit, EditingTab, InitiativeRead, columns
from opstui.screens.workspace.text import dim, section
from opstui.widgets.tones import GOOD, MUTED, MUTED_STRIKE, WARN
from opstui.widgets.user_text import printable, user_text

#: The doctor's rule whose finding the tab shows above the ladder.
EARLY_AUTOMATION = "automation-before-manual"

#: How each status reads in the ladder.
STATUS_STYLE: dict[Status, str] = {
    Status.PLANNED: MUTED,
    Status.TRYING: WARN,
    Status.DONE: GOOD,
    Status.DROPPED: MUTED_STRIKE,
}

#: The key of a rung's heading row.
RUNG_KEY = "rung:"

#: A cell of the ladder shows at most this many characters of an assumption or what was
#: learned (the detail below shows it whole): a pasted page would make its row a page.
CELL_CHARACTERS = 280


class LadderTab(EditingTab):
    """The four rungs, each with its prototypes, and the highlighted one in full below."""

    KEY = "ladder"
    TITLE = "Prototypes"
    COMMANDS = (
        Command("n", "ladder('add')", "Add prototype", edits=True),
        Command("E", "ladder('edit')", "Edit prototype", edits=True, footer=False),
        Command("delete", "ladder('delete')", "Delete prototype", edits=True, footer=False),
    )
    COLUMNS: ClassVar = {
        "ladder": columns(
            ("title", "Rung · prototype", 0, 3),
            ("status", "Status", 8),
            ("when", "When", 12),
            ("assumption", "Assumption tested", 0, 2),
            ("learned", "Learned", 0, 3),
        )
    }

    @dataclass
    class Saved(Edit):
        """A prototype was added (``new``) or changed."""

        prototype: Prototype
        new: bool

    @dataclass
    class Deleted(Edit):
        """The user confirmed deleting a prototype."""

        prototype: Prototype

    def compose_content(self) -> ComposeResult:
        yield Static(id="ladder-warning", classes="pane-detail")
        yield DataTable(id="ladder", cursor_type="row")
        yield Static(id="ladder-detail", classes="pane-detail")

    # -- showing ---------------------------------------------------------------------

    def show(self, read: InitiativeRead) -> None:
        warning = self.query_one("#ladder-warning", Static)
        early = next((f for f in read.findings if f.rule == EARLY_AUTOMATION), None)
        warning.display = early is not None
        if early is not None:
            text = Text(f"⚠ {early.title}. ", style=f"bold {WARN}")
            text.append(early.seen, style=WARN)
            warning.update(text)
        table: DataTable[Text] = self.query_one("#ladder", DataTable)
        keep = self.refill(table)
        for rung in ladder(read.facts.prototypes):
            table.add_row(
                *self._rung_cells(rung.stage, rung.prototypes),
                key=RUNG_KEY + rung.stage,
                height=None,
            )
            for prototype in rung.prototypes:
                table.add_row(*self._cells(prototype), key=prototype.id, height=None)
        self.restore_cursor(table, keep)
        self.show_detail()

    @staticmethod
    def _rung_cells(stage: Stage, prototypes: tuple[Prototype, ...]) -> tuple[Text, ...]:
        if any(p.status.tried for p in prototypes):
            state = Text("tried", style=GOOD)
        elif prototypes:
            state = dim("planned")
        else:
            state = dim("none")
        return (
            Text(f"{stage.rank} {stage.label}", style="bold"),
            state,
            Text(""),
            dim(stage.question),
            Text(""),
        )

    @staticmethod
    def _cells(prototype: Prototype) -> tuple[Text, ...]:
        title = Text("• ").append_text(user_text(prototype.title))
        when = Text()
        started, ended = prototype.started_on, prototype.ended_on
        if started is not None:
            when.append(started.isoformat())
        if ended is not None and ended != started:
            when.append(("\n" if len(when) else "") + f"→ {ended.isoformat()}")
        return (
            title,
            Text(prototype.status.value, style=STATUS_STYLE[prototype.status]),
            when if len(when) else dim("–"),
            _prose(prototype.assumption),
            _prose(prototype.learned),
        )

    @on(DataTable.RowHighlighted)
    def on_row_highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        self.query_one("#ladder-detail", Static).update(self.detail())

    def detail(self) -> Text:
        """The highlighted prototype in full, or what the highlighted rung tests."""
        if self.shown is None:
            return Text()
        prototype = self.highlighted_prototype()
        if prototype is None:
            stage = self.highlighted_stage()
            if stage is None:
                return Text()
            text = Text(stage.label, style="bold")
            text.append(f" tests {stage.tests}.", style=MUTED)
            if not self.read_only:
                text.append("\nEnter adds a prototype at this rung.", style=MUTED)
            return text
        text = Text(printable(prototype.title), style="bold")
        text.append(f"  {prototype.stage.label} · ", style=MUTED)
        text.append(prototype.status.value, style=STATUS_STYLE[prototype.status])
        if prototype.started_on is not None:
            text.append(f" · started {prototype.started_on.isoformat()}", style=MUTED)
        if prototype.ended_on is not None:
            text.append(f" · ended {prototype.ended_on.isoformat()}", style=MUTED)
        if prototype.process_map_id is not None:
            text.append(f"\nDrawn as process map {prototype.process_map_id[:8]}.", style=MUTED)
        body = Text()
        section(body, "Assumption tested", prototype.assumption)
        section(body, "What was learned", prototype.learned, empty="nothing recorded yet")
        return text.append("\n").append_text(body)

    # -- acting on the ladder ----------------------------------------------------------

    def highlighted_row(self) -> str | None:
        return self.highlighted_key("#ladder")

    def highlighted_prototype(self) -> Prototype | None:
        key = self.highlighted_row()
        if self.shown is None or key is None:
            return None
        return next((p for p in self.shown.facts.prototypes if p.id == key), None)

    def highlighted_stage(self) -> Stage | None:
        """The rung of the highlighted row: its heading's, or its prototype's."""
        key = self.highlighted_row()
        if key is not None and key.startswith(RUNG_KEY):
            return Stage(key.removeprefix(RUNG_KEY))
        prototype = self.highlighted_prototype()
        return prototype.stage if prototype is not None else None

    def act(self, what: str) -> None:
        """Run one of the tab's commands (``COMMANDS``: ``ladder('<what>')``)."""
        if self.shown is None:
            return
        if what == "delete":
            self.delete_highlighted()
        elif what == "edit":
            prototype = self.highlighted_prototype()
            if prototype is None:
                self.notify("Highlight a prototype of the ladder first.", markup=False)
                return
            self.edit(prototype)
        else:
            self.edit(None, self.highlighted_stage())

    @on(DataTable.RowSelected)
    def on_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.read_only:
            self.notify(READ_ONLY_HINT, severity="warning")
            return
        self.edit(self.highlighted_prototype(), self.highlighted_stage())

    def edit(self, prototype: Prototype | None, stage: Stage | None = None) -> None:
        """Open the prototype's dialog: a new one at ``stage`` when ``prototype`` is None."""
        if self.shown is None:
            return
        from opstui.screens.modals.prototype_form import PrototypeForm

        form = PrototypeForm(
            self.shown.facts.initiative.id,
            prototype,
            stage=stage or Stage.WORKFLOW_DIAGRAM,
            today=clock.today(),
        )

        def saved(result: Prototype | None) -> None:
            if result is not None:
                self.post_message(self.Saved(result, new=prototype is None))

        self.app.push_screen(form, saved)

    def delete_highlighted(self) -> None:
        """Ask before deleting the highlighted prototype."""
        prototype = self.highlighted_prototype()
        if prototype is None:
            self.notify("Highlight a prototype of the ladder first.", markup=False)
            return
        from opstui.screens.modals.confirm import ConfirmModal

        def confirmed(delete: bool | None) -> None:
            if delete and prototype is not None:
                self.post_message(self.Deleted(prototype))

        self.app.push_screen(ConfirmModal("Delete this prototype from the ladder?"), confirmed)


def _prose(value: str) -> Text:
    """Text on several lines as one wrapped cell (cut after ``CELL_CHARACTERS``), or a dash."""
    flat = " ".join(value[: CELL_CHARACTERS * 4].split())
    if len(flat) > CELL_CHARACTERS:
        flat = flat[: CELL_CHARACTERS - 1].rstrip() + "…"
    return user_text(flat) if flat else dim("–")
