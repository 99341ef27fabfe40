"""The live session's participants, and someone joining late."""

from __future__ import annotations

from rich.text import Text

from opstui.domain.initiative import Person
from opstui.domain.text import printable
from opstui.screens.base import guarded
from opstui.screens.live.captures import refused
from opstui.screens.live.votes import LiveChanged
from opstui.screens.modals.choose import Choice, ChooseModal
from opstui.screens.modals.person_form import PersonForm
from opstui.services.live_session import LiveSession, LiveSessionError
from opstui.widgets.live_panels import PeoplePanel
from opstui.widgets.tones import MUTED

NEW = "new"


class PeopleDesk(PeoplePanel):
    """Who takes part, with the digit that picks each; a late joiner is added here."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live: LiveSession | None = None

    def show_live(self, live: LiveSession) -> None:
        self.live = live
        self.show(live.participants, live.facilitator)

    def add_late_joiner(self) -> None:
        """Pick someone known who is not taking part yet, or add a new person."""
        if (live := self.live) is None or refused(self, live):
            return
        taking_part = set(live.session.participant_ids)
        others = sorted(
            (p for p in live.people.values() if p.id not in taking_part),
            key=lambda p: p.name.casefold(),
        )
        choices = [Choice(NEW, Text("New person…", style="bold"))]
        for person in others:
            label = Text(printable(person.name))
            label.append(f"  {printable(person.role)}" if person.role else "", style=MUTED)
            choices.append(Choice(person.id, label))
        question = ChooseModal("Who joined?", choices, hint="↑↓ choose · Enter adds · Esc cancel")
        self.app.push_screen(question, self.chosen)

    def chosen(self, choice: str | None) -> None:
        if choice == NEW:
            self.app.push_screen(PersonForm(), self.joined)
        elif choice is not None and self.live is not None:
            self.joined(self.live.people.get(choice))

    @guarded()
    def joined(self, person: Person | None) -> None:
        if person is None or self.live is None:
            return
        try:
            self.live.add_participant(person)
        except LiveSessionError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.show_live(self.live)
        position = self.live.session.participant_ids.index(person.id) + 1
        key = f"key {position}" if position <= 9 else "no digit key (past nine)"
        self.notify(f"{person.name} joined ({key}).", markup=False)
        self.post_message(LiveChanged())
