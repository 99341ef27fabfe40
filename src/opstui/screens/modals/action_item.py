"""Add or edit an action item: what is to be done, who owns it (one key), and by when.

Open actions come back at the start of the initiative's next session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pydantic import ValidationError
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from opstui.domain.due_dates import parse_due
from opstui.domain.initiative import Person
from opstui.domain.session import ActionItem
from opstui.domain.text import printable
from opstui.screens.modals.live_modal import LiveModal
from opstui.widgets.key_picker import KeyOption, KeyPicker
from opstui.widgets.keys import participant_keys

NOBODY = ""

#: What the focused field expects, said on the form's last line.
FIELD_KEYS = {
    "action-text": "Type the action · Enter moves on to the owner · Esc cancel",
    "action-owner": "Press a digit for the owner (0: nobody yet) · Esc cancel",
    "action-due": "A date, +7 for a week from today, or nothing · Enter saves · Esc cancel",
}
EMPTY_HINT = "Say what is to be done first: an empty action is not saved."


def owner_options(people: list[Person]) -> list[KeyOption[str]]:
    keys = {pid: key for key, pid in participant_keys([p.id for p in people]).items() if pid}
    options = [KeyOption(keys.get(p.id, ""), p.name, p.id) for p in people]
    options.append(KeyOption("0", "nobody yet", NOBODY))
    return options


class ActionItemForm(LiveModal[ActionItem | None]):
    """Text, owner and due date of one action."""

    PASTE_INTO = "#action-text"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save action"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        *,
        initiative_id: str,
        session_id: str | None,
        people: list[Person],
        save: Callable[[ActionItem], ActionItem],
        existing: ActionItem | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.save = save
        self.initiative_id = initiative_id
        self.session_id = session_id
        self.people = people
        self.existing = existing
        self.today = today or date.today()

    def compose(self) -> ComposeResult:
        existing = self.existing
        with Vertical(classes="form-box", id="action-box"):
            yield Static(
                Text("Edit action" if existing else "Add action item"), classes="form-title"
            )
            yield Label("What is to be done", classes="form-label")
            yield Input(
                printable(existing.text, lines=False, drop=True) if existing else "",
                placeholder="the action",
                id="action-text",
            )
            yield Label("Owner", classes="form-label", id="label-owner")
            yield KeyPicker(
                owner_options(self.people),
                selected=(existing.owner_id or NOBODY) if existing else NOBODY,
                id="action-owner",
            )
            yield Label("Due (optional)", classes="form-label")
            yield Input(
                existing.due_on.isoformat() if existing and existing.due_on else "",
                placeholder="2026-03-31, or +7 for a week from today",
                id="action-due",
            )
            yield Static("", classes="form-hint", id="action-hint")
            yield Static(
                FIELD_KEYS["action-text"],
                classes="form-keys",
                id="action-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "action-text" and event.value.strip():
            self.focus_next()
            return
        # The value as it was when Enter was pressed: a key typed right after Enter
        # reaches the field before this message does, and must not spoil the save.
        due = event.value if event.input.id == "action-due" else None
        self.action_save(due)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        keys = FIELD_KEYS.get(event.widget.id or "")
        if keys:
            self.query_one("#action-keys", Static).update(keys)

    def on_key_picker_picked(self, event: KeyPicker.Picked) -> None:
        names = {p.id: p.name for p in self.people}
        text = Text("Owner: ")
        text.append(printable(names.get(str(event.value), "nobody yet")), style="bold")
        self.query_one("#label-owner", Label).update(text)

    def on_key_picker_refused(self, event: KeyPicker.Refused) -> None:
        self.hint("Press the digit beside a name, or 0 for nobody yet.")

    def hint(self, text: str) -> None:
        self.query_one("#action-hint", Static).update(Text(text))

    def action_save(self, due: str | None = None) -> None:
        text = self.query_one("#action-text", Input).value
        if not text.strip():
            self.hint(EMPTY_HINT)
            self.query_one("#action-text", Input).focus()
            return
        try:
            due_on = parse_due(
                self.query_one("#action-due", Input).value if due is None else due, self.today
            )
        except ValueError as exc:
            self.hint(str(exc).capitalize())
            return
        owner = self.query_one("#action-owner", KeyPicker).value
        fields = {"text": text, "owner_id": owner or None, "due_on": due_on}
        try:
            if self.existing is not None:
                action = ActionItem.model_validate({**self.existing.model_dump(), **fields})
            else:
                action = ActionItem(
                    initiative_id=self.initiative_id,
                    session_id=self.session_id,
                    **fields,
                )
        except ValidationError:
            self.hint("That due date is out of range: use a date like 2026-03-31.")
            return
        saved = self.try_save(self.save, action)
        if saved is not None:
            self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)
