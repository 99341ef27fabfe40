"""The Actions tab: every action item of the initiative, open and overdue ones first."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text

from opstui.domain.buy_in import LinkTarget
from opstui.domain.facts import InitiativeFacts
from opstui.domain.remark_trail import Loop
from opstui.domain.session import ActionItem
from opstui.screens.commands import Command
from opstui.screens.workspace.tab import Edit, InitiativeRead, TableTab, columns
from opstui.screens.workspace.text import cell, dim, name_of, session_of
from opstui.widgets.row_table import RowTable
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
    #: A long-running initiative has thousands: Textual's DataTable blocked the screen
    #: for 2 s filling 9,500 of them (issue 23).
    LONG = True
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

    @classmethod
    def prepare(cls, facts: InitiativeFacts) -> dict[str, ActionItem]:
        """The action items by id, open ones first."""
        return {action.id: action for action in sorted(facts.actions, key=open_first)}

    def show(self, read: InitiativeRead) -> None:
        facts = read.facts
        self.loop = read.trail()
        actions = self.prepared(read)
        if not isinstance(actions, dict):
            raise TypeError(f"the actions tab cannot show {actions!r}")
        table = self.query_one(f"#{self.KEY}", RowTable)
        table.set_contents(
            self.row_table_columns(self.KEY),
            list(actions),
            partial(action_cells, facts, actions),
            cursor_key=table.highlighted_key,
        )
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


def action_cells(facts: InitiativeFacts, actions: dict[str, ActionItem], key: str) -> list[Text]:
    """An action item's row, made when the table first draws it."""
    action = actions[key]
    if action.due_on is None:
        due = dim("–")
    elif action.overdue(facts.today):
        due = Text(f"{action.due_on.isoformat()} overdue", style=BAD_BOLD)
    else:
        due = Text(action.due_on.isoformat(), style=MUTED if action.done else "")
    return [
        Text("✓", style=GOOD) if action.done else Text("☐"),
        user_text(action.text, style=MUTED_STRIKE if action.done else ""),
        cell(name_of(facts, action.owner_id, default="")),
        due,
    ]
