"""The Buy-in tab: the plans that keep people on board, as lists to keep up to date.

Three lists: the communication plan's messages (to whom, through what, why, when, sent
or not, the draft), the ways to learn (kind, audience, the times offered, who runs it)
and the stakeholders consulted (who, when, about what, what came of it). Marking the
results message sent is what records that results were shared; the line below the
lists says since when. The dialogs' answers go up as messages for the screen to save
(through ``save_plan_item`` and ``delete_plan_item``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from opstui.db.store import Store
from opstui.domain.buy_in import CheckIn, CommItem, CommStatus, LearningPath
from opstui.domain.buy_in import audience as audience_of
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Group
from opstui.screens import clock
from opstui.screens.base import READ_ONLY_HINT
from opstui.screens.commands import Command
from opstui.screens.workspace.tab import Edit, EditingTab, InitiativeRead, columns
from opstui.screens.workspace.text import cell, dim, name_of
from opstui.widgets.tones import GOOD, MUTED
from opstui.widgets.user_text import printable, user_text

#: A record of one of the three lists.
PlanItem = CommItem | LearningPath | CheckIn

#: The table each kind of record is listed in.
TABLE_OF: dict[type[Any], str] = {
    CommItem: "messages",
    LearningPath: "learning",
    CheckIn: "check-ins",
}


def audience(facts: InitiativeFacts, group: Group | None, cohort_id: str | None) -> str:
    """Who a message or a way to learn is for (``domain.buy_in.audience``)."""
    return audience_of(facts.cohorts, group, cohort_id)


class BuyInTab(EditingTab):
    """Messages, ways to learn and check-ins, with the highlighted one in full below."""

    KEY = "buy-in"
    TITLE = "Buy-in"
    FRONT = "messages"
    COMMANDS = (
        Command("n", "buy_in('add_message')", "Add message", edits=True, label="Message"),
        Command("t", "buy_in('mark_sent')", "Mark message sent today", edits=True, label="Sent"),
        Command("p", "buy_in('add_path')", "Add learning path", edits=True, label="Learning"),
        Command("k", "buy_in('add_check_in')", "Add check-in", edits=True, label="Check-in"),
        Command("E", "buy_in('edit')", "Edit plan item", edits=True, footer=False),
        Command("delete", "buy_in('delete')", "Delete plan item", edits=True, footer=False),
    )
    COLUMNS: ClassVar[dict[str, Any]] = {
        "messages": columns(
            ("audience", "To", 12),
            ("channel", "Channel", 0, 1),
            ("purpose", "Why", 12),
            ("when", "Planned/sent", 12),
            ("draft", "Draft", 0, 2),
        ),
        "learning": columns(
            ("kind", "Kind", 12),
            ("title", "Way to learn", 0, 2),
            ("audience", "For", 12),
            ("slots", "When", 0, 1),
            ("owner", "Owner", 12),
        ),
        "check-ins": columns(
            ("held", "When", 10),
            ("who", "Who", 0, 1),
            ("group", "Group", 12),
            ("about", "About", 0, 2),
            ("outcome", "Outcome", 0, 2),
        ),
    }

    @dataclass
    class Saved(Edit):
        """A message, way to learn or check-in was added (``new``) or changed."""

        item: PlanItem
        new: bool

    @dataclass
    class Deleted(Edit):
        """The user confirmed deleting a message, way to learn or check-in."""

        item: PlanItem

    def compose_content(self) -> ComposeResult:
        with VerticalScroll(id="buy-in", can_focus=False):
            for table_id, heading in (
                ("messages", "Communication plan"),
                ("learning", "Ways to learn"),
                ("check-ins", "Stakeholders consulted"),
            ):
                yield Label(Text(heading, style="bold"), classes="overview-heading")
                yield DataTable(id=table_id, cursor_type="row", classes="overview-table")
        yield Static(id="buy-in-detail", classes="pane-detail")

    # -- showing ---------------------------------------------------------------------

    def show(self, read: InitiativeRead) -> None:
        facts = read.facts
        self._fill(
            "messages",
            [
                (
                    item.id,
                    cell(audience(facts, item.audience_group, item.cohort_id)),
                    user_text(item.channel),
                    Text(item.purpose.value, style="bold" if item.purpose == "results" else ""),
                    self._when(item),
                    cell(" ".join(item.draft.split())),
                )
                for item in facts.comm_items
            ],
            "Press n to plan a message",
        )
        self._fill(
            "learning",
            [
                (
                    path.id,
                    Text(path.kind.label),
                    user_text(path.title),
                    cell(audience(facts, path.audience_group, path.cohort_id)),
                    cell(", ".join(path.slots)),
                    cell(name_of(facts, path.owner_id, default="")),
                )
                for path in facts.learning_paths
            ],
            "Press p to add a way to learn",
        )
        self._fill(
            "check-ins",
            [
                (
                    check_in.id,
                    Text(check_in.held_on.isoformat()),
                    cell(name_of(facts, check_in.person_id, default="")),
                    Text(check_in.group.label),
                    user_text(check_in.about),
                    cell(" ".join(check_in.outcome.split())),
                )
                for check_in in facts.check_ins
            ],
            "Press k to record a check-in",
        )
        self.show_detail()

    @staticmethod
    def _when(item: CommItem) -> Text:
        if item.status is CommStatus.SENT and item.sent_on is not None:
            return Text(f"✓ {item.sent_on.isoformat()}", style=GOOD)
        return cell(item.planned_on.isoformat() if item.planned_on else None)

    def _fill(self, table_id: str, rows: list[tuple[Any, ...]], empty: str) -> None:
        table: DataTable[Text] = self.query_one(f"#{table_id}", DataTable)
        keep = self.refill(table)
        for key, *cells in rows:
            table.add_row(*cells, key=key)
        if not rows:
            table.add_row(dim("(none)"), *(dim("") for _ in range(3)), dim(empty))
        self.restore_cursor(table, keep)

    @on(DataTable.RowHighlighted)
    def on_row_highlighted(self) -> None:
        self.show_detail()

    def on_descendant_focus(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        self.query_one("#buy-in-detail", Static).update(self.detail())

    def detail(self) -> Text:
        """Whether results were shared, then the highlighted record in full."""
        if self.shown is None:
            return Text()
        facts = self.shown.facts
        shared = facts.initiative.results_shared_on
        if shared is not None:
            text = Text(f"Results shared on {shared.isoformat()}.", style=GOOD)
        else:
            text = dim("Results not shared yet: marking the results message sent records it.")
        item = self.highlighted_item()
        if isinstance(item, CommItem):
            text.append(f"\n{item.purpose.value.capitalize()} message", style="bold")
            text.append(f" by {printable(item.channel)}", style=MUTED)
            if item.draft.strip():
                text.append("\n")
                text.append(printable(item.draft.strip()))
        elif isinstance(item, LearningPath):
            text.append("\n")
            text.append(printable(item.title), style="bold")
            if item.link:
                text.append(f"  {printable(item.link)}", style=MUTED)
            if item.slots:
                text.append("\nWhen: ")
                text.append(printable(", ".join(item.slots)))
        elif isinstance(item, CheckIn):
            text.append("\n")
            text.append(printable(item.about), style="bold")
            if item.outcome.strip():
                text.append("\n")
                text.append(printable(item.outcome.strip()))
        return text

    # -- acting on the lists -----------------------------------------------------------

    def focused_table(self) -> str:
        """The list in front: the focused one, else the communication plan."""
        focused = self.screen.focused
        if isinstance(focused, DataTable) and focused.id in TABLE_OF.values():
            return str(focused.id)
        return "messages"

    def highlighted_item(self) -> PlanItem | None:
        if self.shown is None:
            return None
        facts = self.shown.facts
        table_id = self.focused_table()
        key = self.highlighted_key(f"#{table_id}")
        records: dict[str, list[PlanItem]] = {
            "messages": list(facts.comm_items),
            "learning": list(facts.learning_paths),
            "check-ins": list(facts.check_ins),
        }
        return next((r for r in records[table_id] if r.id == key), None)

    def act(self, what: str) -> None:
        """Run one of the tab's commands (``COMMANDS``: ``buy_in('<what>')``)."""
        if self.shown is None:
            return
        if what == "mark_sent":
            self.mark_sent()
        elif what == "delete":
            self.delete_highlighted()
        elif what == "edit":
            self.edit(self.highlighted_item())
        else:
            kind = {"add_message": CommItem, "add_path": LearningPath}.get(what, CheckIn)
            self.edit(None, kind)

    @on(DataTable.RowSelected)
    def on_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.read_only:
            self.notify(READ_ONLY_HINT, severity="warning")
            return
        self.edit(self.highlighted_item(), type_of(str(event.data_table.id)))

    def edit(self, item: PlanItem | None, kind: type[Any] | None = None) -> None:
        """Open the record's dialog: a new one of ``kind`` when ``item`` is None."""
        if self.shown is None:
            return
        from opstui.screens.modals.buy_in_forms import (
            CheckInForm,
            CommItemForm,
            LearningPathForm,
            PlanForm,
        )

        facts = self.shown.facts
        kind = type(item) if item is not None else (kind or type_of(self.focused_table()))
        forms: dict[type[Any], type[PlanForm[Any]]] = {
            CommItem: CommItemForm,
            LearningPath: LearningPathForm,
            CheckIn: CheckInForm,
        }
        form = forms[kind](
            facts.initiative.id,
            item,
            cohorts=facts.cohorts,
            people=sorted(facts.people.values(), key=lambda p: p.name.lower()),
            today=clock.today(),
        )

        def saved(result: PlanItem | None) -> None:
            if result is not None:
                self.post_message(self.Saved(result, new=item is None))

        self.app.push_screen(form, saved)

    def mark_sent(self) -> None:
        """Mark the highlighted message sent today."""
        item = self.highlighted_item() if self.focused_table() == "messages" else None
        if not isinstance(item, CommItem):
            self.notify("Highlight a message of the communication plan first.", markup=False)
            return
        if item.status is CommStatus.SENT:
            self.notify("That message is marked sent already (Enter changes its date).")
            return
        self.post_message(self.Saved(item.marked_sent(clock.today()), new=False))

    def delete_highlighted(self) -> None:
        """Ask before deleting the highlighted message, way to learn or check-in."""
        item = self.highlighted_item()
        if item is None:
            return
        from opstui.screens.modals.confirm import ConfirmModal

        what = {CommItem: "message", LearningPath: "way to learn", CheckIn: "check-in"}
        name = what[type(item)]

        def confirmed(delete: bool | None) -> None:
            if delete and item is not None:
                self.post_message(self.Deleted(item))

        self.app.push_screen(ConfirmModal(f"Delete this {name} from the plans?"), confirmed)


def type_of(table_id: str) -> type[Any]:
    """The kind of record a list holds."""
    return next(kind for kind, table in TABLE_OF.items() if table == table_id)


def save_plan_item(store: Store, item: PlanItem, *, new: bool) -> None:
    """Save a message, way to learn or check-in through the store's method for it."""
    if isinstance(item, CommItem):
        (store.add_comm_item if new else store.update_comm_item)(item)
    elif isinstance(item, LearningPath):
        (store.add_learning_path if new else store.update_learning_path)(item)
    else:
        (store.add_check_in if new else store.update_check_in)(item)


def delete_plan_item(store: Store, item: PlanItem) -> None:
    if isinstance(item, CommItem):
        store.delete_comm_item(item.id)
    elif isinstance(item, LearningPath):
        store.delete_learning_path(item.id)
    else:
        store.delete_check_in(item.id)
