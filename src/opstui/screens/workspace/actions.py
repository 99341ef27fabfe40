"""The Actions tab: every action item of the initiative, open and overdue ones first."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from opstui.domain.buy_in import LinkTarget
from opstui.domain.remark_trail import Loop, loop_of
from opstui.domain.session import ActionItem
from opstui.screens.commands import Command
from opstui.screens.workspace.tab import Edit, InitiativeRead, TableTab, columns
from opstui.screens.workspace.text import cell, dim, name_of, session_of
from opstui.widgets.tones import BAD_BOLD, GOOD, MUTED, MUTED_STRIKE
from opstui.widgets.user_text import printable, user_text
from opstui.widgets.you_said import said_text


def open_first(action: ActionItem) -> tuple[bool, bool, str]:
    """Open items before done ones, each by due date, undated last."""
    return (action.done, action.due_on is None, str(action.due_on or ""))


class ActionsTab(TableTab):
    """The action items, with a count of open, done and overdue ones below."""

    KEY = "actions"
    TITLE = "Actions"
    COMMANDS = (Command("x", "toggle_action", "Mark action done", edits=True, label="Mark done"),)
    COLUMNS = {
        "actions": columns(
            ("done", "Done", 4),
            ("text", "Action", 0, 1),
            ("owner", "Owner", 16),
            ("due", "Due", 18),
        ),
    }

    @dataclass
    class MarkedDone(Edit):
        """An action item was marked done, or open again."""

        action_id: str
        done: bool

    #: The remarks behind each action, read with the facts shown.
    loop: Loop | None = None

    def show(self, read: InitiativeRead) -> None:
        facts = read.facts
        self.loop = loop_of(facts)
        table = self.table
        keep = self.refill(table)
        today = facts.today
        for action in sorted(facts.actions, key=open_first):
            if action.due_on is None:
                due = dim("–")
            elif action.overdue(today):
                due = Text(f"{action.due_on.isoformat()} overdue", style=BAD_BOLD)
            else:
                due = Text(action.due_on.isoformat(), style=MUTED if action.done else "")
            table.add_row(
                Text("✓", style=GOOD) if action.done else Text("☐"),
                user_text(action.text, style=MUTED_STRIKE if action.done else ""),
                cell(name_of(facts, action.owner_id, default="")),
                due,
                key=action.id,
            )
        self.restore_cursor(table, keep)
        self.show_detail()

    def highlighted_action(self) -> ActionItem | None:
        if self.shown is None:
            return None
        action_id = self.highlighted
        return next((a for a in self.shown.facts.actions if a.id == action_id), None)

    def detail(self) -> Text:
        if self.shown is None:
            return Text()
        facts = self.shown.facts
        today = facts.today
        actions = facts.actions
        open_count = sum(1 for a in actions if not a.done)
        overdue = sum(1 for a in actions if a.overdue(today))
        text = dim(f"{open_count} open, {len(actions) - open_count} done")
        if overdue:
            text.append(f", {overdue} overdue", style=BAD_BOLD)
        action = self.highlighted_action()
        if action is not None:
            text.append("\n")
            text.append(printable(action.text), style="bold")
            session = session_of(facts, action.session_id)
            if session is not None:
                text.append(f"\nFrom the session {printable(session.title)}", style=MUTED)
            if action.done and action.done_at is not None:
                text.append(f" · done {action.done_at.date().isoformat()}", style=MUTED)
            said = self.loop.said_behind(LinkTarget.ACTION, action.id) if self.loop else []
            if said:
                sessions = {s.id: s for s in facts.sessions}
                text.append("\n")
                text.append(said_text(said, facts.people, sessions))
        return text

    def toggle_highlighted(self) -> None:
        """Mark the action item under the cursor done, or open again."""
        action = self.highlighted_action()
        if action is not None:
            self.post_message(self.MarkedDone(action.id, not action.done))
