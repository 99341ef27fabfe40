"""Start a session: initiative, playbook, participants (or a new person) and facilitator.

Everything has a sensible default so a session starts in a few keys: the playbook
for the initiative's step is highlighted, and the participants and facilitator of
its previous session are picked already. Enter moves from list to list; Ctrl+S starts.
"""

from __future__ import annotations

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option

from opstui import paths
from opstui.db.errors import StoreError
from opstui.domain.base import utcnow
from opstui.domain.initiative import Initiative, Person
from opstui.domain.latest_session import latest_session
from opstui.domain.playbook import Playbook, PlaybookEntry, discover_playbooks
from opstui.domain.session_plan import plan_session, suggest_playbook
from opstui.domain.text import printable
from opstui.screens.base import guarded
from opstui.screens.modals.live_modal import LiveModal
from opstui.widgets.tones import BAD, MUTED

NO_INITIATIVE = "There is no initiative yet: add one first (or try `opstui demo`)."


def playbook_line(book: Playbook) -> Text:
    text = Text()
    text.append(printable(book.title), style="bold")
    text.append(
        f"  step {int(book.step)} · {book.minutes} min · {len(book.agenda)} items", style=MUTED
    )
    return text


def playbook_preview(book: Playbook) -> Text:
    text = Text()
    if book.description:
        text.append(printable(book.description) + "\n")
    for n, item in enumerate(book.agenda, 1):
        text.append(f"{n}. {printable(item.title)}", style="bold")
        text.append(f"  {item.minutes} min\n", style=MUTED)
    if book.templates:
        text.append(
            "Templates: " + ", ".join(printable(t.title) for t in book.templates) + "\n",
            style=MUTED,
        )
    if book.proposals:
        text.append("Votes: " + ", ".join(printable(p.title) for p in book.proposals), style=MUTED)
    return text


class StartSession(LiveModal[str | None]):
    """Returns the id of the session started, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "start", "Start the session"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, initiative_id: str | None = None) -> None:
        super().__init__()
        self.preselected = initiative_id
        self.initiatives: list[Initiative] = []
        self.people: list[Person] = []
        self.entries: list[PlaybookEntry] = []
        self.initiative: Initiative | None = None
        self.playbook: Playbook | None = None
        #: The title follows the playbook until the facilitator types their own.
        self.title_edited = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="start-box"):
            yield Static(Text("Start a session"), classes="form-title")
            with Horizontal(id="start-columns"):
                with VerticalScroll(id="start-left"):
                    yield Label("Initiative", classes="form-label")
                    yield OptionList(id="start-initiative")
                    yield Label("Playbook", classes="form-label")
                    yield OptionList(id="start-playbook")
                    yield Label("Title", classes="form-label")
                    yield Input(id="start-title")
                    yield Static("", id="start-preview")
                with Vertical(id="start-right"):
                    yield Label("Participants (Space picks)", classes="form-label")
                    yield SelectionList[str](id="start-people")
                    yield Input(placeholder="add a person: type a name, Enter", id="start-new")
                    yield Label("Facilitator", classes="form-label")
                    yield Select[str]([], prompt="nobody named", id="start-facilitator")
            yield Static("", classes="form-hint", id="start-hint")
            yield Static(
                "Enter picks and moves on · Space picks a participant · "
                "Ctrl+S starts the session · Esc cancel",
                classes="form-keys",
            )

    @guarded(leave=True)
    def on_mount(self) -> None:
        self.initiatives = self.store.list_initiatives()
        self.people = self.store.list_people()
        self.entries = discover_playbooks(paths.playbooks_dir())
        initiative_list = self.query_one("#start-initiative", OptionList)
        initiative_list.set_options(
            Option(Text(printable(i.title)), id=i.id) for i in self.initiatives
        )
        books = self.query_one("#start-playbook", OptionList)
        for index, entry in enumerate(self.entries):
            if entry.playbook is not None:
                books.add_option(Option(playbook_line(entry.playbook), id=str(index)))
            else:
                # The file name and reason are anyone's text: shown, never obeyed.
                reason = f" — {entry.error.problems[0]}" if entry.error else ""
                broken = Text(printable(f"broken: {entry.source}{reason}"), style=BAD)
                books.add_option(Option(broken, id=str(index), disabled=True))
        self.query_one("#start-people", SelectionList).add_options(
            (Text(printable(p.name)), p.id) for p in self.people
        )
        self._fill_facilitators()
        if not self.initiatives:
            self.hint(NO_INITIATIVE)
            return
        ids = [i.id for i in self.initiatives]
        start = ids.index(self.preselected) if self.preselected in ids else 0
        initiative_list.highlighted = start
        self.choose_initiative(self.initiatives[start])
        if self.preselected in ids:
            books.focus()
        else:
            initiative_list.focus()

    def _fill_facilitators(self, keep: str | None = None) -> None:
        select = self.query_one("#start-facilitator", Select)
        select.set_options((printable(p.name), p.id) for p in self.people)
        if keep is not None:
            select.value = keep

    def hint(self, text: str) -> None:
        self.query_one("#start-hint", Static).update(Text(text))

    # -- choosing ------------------------------------------------------------------------

    def _books(self) -> list[Playbook]:
        return [e.playbook for e in self.entries if e.playbook is not None]

    def choose_initiative(self, initiative: Initiative) -> None:
        """Suggest the playbook for its step and pick the people of its last session."""
        self.initiative = initiative
        suggested = suggest_playbook(self._books(), initiative.step)
        if suggested is not None:
            for index, entry in enumerate(self.entries):
                if entry.playbook is suggested:
                    books = self.query_one("#start-playbook", OptionList)
                    books.highlighted = books.get_option_index(str(index))
            self.choose_playbook(suggested)
        previous = latest_session(self.store.list_sessions(initiative.id))
        people = self.query_one("#start-people", SelectionList)
        people.deselect_all()
        if previous is not None:
            for person_id in previous.participant_ids:
                people.select(person_id)
            facilitator = previous.facilitator_id
            select = self.query_one("#start-facilitator", Select)
            if facilitator in {p.id for p in self.people}:
                select.value = facilitator
            else:
                select.clear()

    def choose_playbook(self, book: Playbook) -> None:
        self.playbook = book
        self.query_one("#start-preview", Static).update(playbook_preview(book))
        if not self.title_edited:
            title = self.query_one("#start-title", Input)
            with title.prevent(Input.Changed):
                title.value = printable(book.title, lines=False, drop=True)

    @guarded()
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option_id = event.option.id or ""
        if event.option_list.id == "start-initiative":
            found = [i for i in self.initiatives if i.id == option_id]
            if found and found[0] is not self.initiative:
                self.choose_initiative(found[0])
        elif event.option_list.id == "start-playbook" and option_id.isdigit():
            book = self.entries[int(option_id)].playbook
            if book is not None:
                self.choose_playbook(book)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "start-initiative":
            self.query_one("#start-playbook", OptionList).focus()
        elif event.option_list.id == "start-playbook":
            self.query_one("#start-people", SelectionList).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "start-title":
            self.title_edited = True

    @guarded()
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "start-new":
            self.add_person(event.value)
        else:
            self.action_start()

    def add_person(self, name: str) -> None:
        """Add someone new to the people and to this session's participants."""
        if not name.strip():
            self.hint("Type the person's name first.")
            return
        try:
            person = self.store.add_person(Person(name=name))
        except (StoreError, ValidationError) as exc:
            self.hint(f"Not added: {exc}")
            return
        self.people.append(person)
        people = self.query_one("#start-people", SelectionList)
        people.add_option((Text(printable(person.name)), person.id))
        people.select(person.id)
        facilitator = self.query_one("#start-facilitator", Select).value
        self._fill_facilitators(facilitator if isinstance(facilitator, str) else None)
        self.query_one("#start-new", Input).value = ""
        self.hint(f"Added {person.name}.")

    # -- starting ------------------------------------------------------------------------

    @guarded()
    def action_start(self) -> None:
        if self.refuse_if_read_only():
            return
        if not self.initiatives:
            self.hint(NO_INITIATIVE)
            return
        if self.initiative is None:
            self.hint("Choose an initiative first.")
            return
        if self.playbook is None:
            self.hint("Choose a playbook first.")
            return
        title = self.query_one("#start-title", Input).value.strip() or self.playbook.title
        # In the order picked: the digits of the live screen follow it.
        ordered = list(dict.fromkeys(self.query_one("#start-people", SelectionList).selected))
        facilitator = self.query_one("#start-facilitator", Select).value
        try:
            session, agenda = plan_session(
                initiative_id=self.initiative.id,
                playbook=self.playbook,
                title=title,
                participant_ids=ordered,
                facilitator_id=facilitator if isinstance(facilitator, str) else None,
                now=utcnow(),
                presenter_safe=self.settings.presenter_safe,
            )
            self.store.add_session(session, agenda)
        except (StoreError, ValidationError) as exc:
            self.hint(f"Not started: {exc}")
            return
        self.dismiss(session.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
