"""The Checklist tab: the method's items by phase, ticked by the data or by hand."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from opstui.domain.checklist import ChecklistState
from opstui.screens.commands import Command
from opstui.screens.workspace.tab import Edit, InitiativeRead, TableTab, columns
from opstui.screens.workspace.text import dim
from opstui.widgets.tones import GOOD, GOOD_BOLD, MUTED
from opstui.widgets.user_text import printable, user_text


class ChecklistTab(TableTab):
    """A row per item under a heading row per phase; how the highlighted one is known below."""

    KEY = "checklist"
    TITLE = "Checklist"
    COMMANDS = (Command("x", "tick_item", "Tick checklist item", edits=True, label="Tick item"),)
    ZEBRA = False
    COLUMNS = {
        "checklist": columns(
            ("done", "Done", 4),
            ("item", "Item, by phase", 0, 3),
            ("how", "How it is known", 0, 2),
        ),
    }

    @dataclass
    class Ticked(Edit):
        """An item was ticked by hand, with a note (``note`` None: unticked)."""

        item_key: str
        note: str | None

    @property
    def states(self) -> list[ChecklistState]:
        return self.shown.checklist if self.shown else []

    def show(self, read: InitiativeRead) -> None:
        table = self.table
        keep = self.refill(table)
        phase = None
        for state in read.checklist:
            item = state.item
            if item.phase != phase:
                # A heading row per phase; it has no item, so ticking it does nothing.
                phase = item.phase
                table.add_row(Text(""), Text(phase.label, style="bold"), Text(""))
            if state.auto:
                mark, how = Text("✓", style=GOOD_BOLD), user_text(state.note, style=GOOD)
            elif state.done:
                mark = Text("✓", style="bold")
                how = user_text("ticked by hand" + (f": {state.note}" if state.note else ""))
            else:
                mark = Text("☐")
                how = dim("ticks itself when data shows it" if item.auto else "tick by hand")
            table.add_row(mark, Text(f"  {item.text}"), how, key=item.key)
        self.restore_cursor(table, keep)
        self.show_detail()

    def highlighted_state(self) -> ChecklistState | None:
        key = self.highlighted
        return next((s for s in self.states if s.item.key == key), None)

    def detail(self) -> Text:
        state = self.highlighted_state()
        done = sum(1 for s in self.states if s.done)
        text = dim(f"{done} of {len(self.states)} done")
        if state is not None:
            text.append("\n")
            text.append(state.item.text, style="bold")
            text.append("\n")
            if state.auto:
                text.append("Proven by the data: ", style=GOOD)
                text.append(printable(state.note))
            elif state.done:
                text.append("Ticked by hand" + (": " if state.note else "."), style="bold")
                text.append(printable(state.note))
                text.append("  (x unticks)", style=MUTED)
            elif state.item.auto is not None:
                text.append(f"Ticks itself: {state.item.proof}", style=MUTED)
                text.append("  (x ticks it by hand)", style=MUTED)
            else:
                text.append("Nothing in the data shows this; x ticks it by hand.", style=MUTED)
        return text

    def tick_highlighted(self) -> None:
        """Tick the item under the cursor by hand (asking for a note), or untick it."""
        state = self.highlighted_state()
        if state is None:
            return
        key = state.item.key
        if state.auto:
            self.notify("The data proves this one; it ticks itself.", markup=False)
            return
        if state.done:
            self.post_message(self.Ticked(key, None))
            return
        from opstui.screens.modals.tick_note import TickNote

        def ticked(note: str | None) -> None:
            if note is not None:
                self.post_message(self.Ticked(key, note))

        self.app.push_screen(TickNote(state.item.text), ticked)
