"""The vote grid: a row per participant, one key records the highlighted person's vote.

The grid shows who has voted; values stay hidden until the facilitator reveals them.
Names on an anonymous vote are hidden in presenter-safe view. On a dot vote each key
places one dot for the highlighted person, and Enter (only Enter) records their dots
and moves to the next person: one rule, which the hint line states. The grid records
nothing itself: it posts ``Cast`` and ``Withdraw`` messages for the screen to store.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from opstui.domain.initiative import Person
from opstui.domain.text import printable
from opstui.domain.vote_result import conditions, outcome_word, quorum_state, verdict
from opstui.domain.vote_visibility import choices_shown, counts_shown, voters_named
from opstui.domain.voting import Ballot, Proposal, VoteMethod, dots_left, place_dot, tally
from opstui.widgets.keys import vote_key_hint, vote_keys
from opstui.widgets.tones import BAD_BOLD, GOOD_BOLD, MUTED, MUTED_ITALIC, WARN_BOLD


class VoteGrid(Widget, can_focus=True):
    """Everyone's vote on the open proposal, recorded with one key per person."""

    DEFAULT_CSS = """
    VoteGrid {
        height: auto;
        padding: 0 1;
        border: round $border-blurred;
    }
    VoteGrid:focus {
        border: round $accent;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Previous voter", show=False),
        Binding("down", "move(1)", "Next voter", show=False),
        Binding("enter", "next_voter", "Record and next voter", show=False),
        Binding("backspace,delete", "withdraw", "Clear this vote", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    class Cast(Message):
        """A participant's vote was given: a value, or the dots they placed."""

        def __init__(self, person_id: str, value: str | None, dots: dict[str, int]) -> None:
            super().__init__()
            self.person_id = person_id
            self.value = value
            self.dots = dots

    class Withdraw(Message):
        """A participant's vote was cleared."""

        def __init__(self, person_id: str) -> None:
            super().__init__()
            self.person_id = person_id

    class Refused(Message):
        """A key that is no value of this vote; the hint says what is."""

        def __init__(self, hint: str) -> None:
            super().__init__()
            self.hint = hint

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.proposal: Proposal | None = None
        self.ballots: list[Ballot] = []
        self.earlier: list[Ballot] = []
        self.participants: list[Person] = []
        #: Who has voted in this round (an anonymous vote's ballots carry no names).
        self.voted: set[str] = set()
        #: Dots placed for the highlighted person, recorded when Enter is pressed.
        self.pending: dict[str, int] = {}
        self.presenter_safe = False
        #: The shape the grid was last laid out for (``_shape``).
        self._laid_out_for: tuple[object, ...] | None = None

    def show(
        self,
        proposal: Proposal,
        ballots: list[Ballot],
        participants: list[Person],
        *,
        voted: set[str],
        presenter_safe: bool,
    ) -> None:
        """Show a proposal with all its ballots (every round; the current one is voted on)."""
        shown = self.proposal
        self.proposal = proposal
        self.ballots = [b for b in ballots if b.round == proposal.round]
        self.earlier = [b for b in ballots if b.round < proposal.round]
        self.participants = participants
        self.voted = voted
        if shown is None or shown.id != proposal.id or shown.round != proposal.round:
            # A new vote, round or resumed vote starts at the first person yet to vote.
            waiting = [i for i, p in enumerate(participants) if p.id not in voted]
            self.cursor = waiting[0] if waiting else 0
            self.pending = {}
        self.presenter_safe = presenter_safe
        self.border_title = Text(printable(proposal.title))  # a title is data, not markup
        # Laid out again only when the grid's height can change: a ballot in a blind vote
        # changes a value and the count, not the lines (measuring it drew the whole grid
        # once more, and the live screen was laid out again, for every ballot key).
        shape = self._shape()
        self.refresh(layout=shape != self._laid_out_for)
        self._laid_out_for = shape

    def _shape(self) -> tuple[object, ...]:
        """What decides how many lines the grid takes (``render``): its rows, and the
        lines under them that may wrap."""
        proposal = self.proposal
        if proposal is None:
            return ()
        shown = verdict(tally(proposal, self.ballots)) if counts_shown(proposal) else None
        return (
            proposal.id,
            proposal.round,
            proposal.method,
            proposal.anonymous,
            len(self.participants),
            bool(self.earlier),
            shown,
        )

    # -- reading -----------------------------------------------------------------------

    def ballot_of(self, person_id: str) -> Ballot | None:
        for ballot in self.ballots:
            if ballot.person_id == person_id:
                return ballot
        return None

    @property
    def highlighted(self) -> Person | None:
        if not self.participants:
            return None
        return self.participants[min(self.cursor, len(self.participants) - 1)]

    #: Lines above the first participant's row: the two heading lines.
    HEADING_LINES = 2

    def watch_cursor(self) -> None:
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        """Keep the highlighted row in view when the grid is taller than its box."""
        parent = self.parent
        if isinstance(parent, Widget) and parent.is_scrollable:
            top = self.virtual_region.y + self.styles.gutter.top + self.HEADING_LINES
            parent.scroll_to_region(
                Region(0, top + self.cursor, 1, 1), animate=False, spacing=Spacing(1, 0, 2, 0)
            )

    # -- keys ------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.participants:
            self.pending = {}  # dots not recorded with Enter are not recorded
            self.cursor = max(0, min(self.cursor + step, len(self.participants) - 1))

    def action_next_voter(self) -> None:
        """Enter: record the dots placed for the highlighted person, then move on."""
        person = self.highlighted
        if self.pending and person is not None:
            self.post_message(self.Cast(person.id, None, dict(self.pending)))
        self.action_move(1)

    def action_withdraw(self) -> None:
        person = self.highlighted
        if self.pending:
            self.pending = {}
            self.refresh()
        elif person is not None and person.id in self.voted:
            self.post_message(self.Withdraw(person.id))

    def on_key(self, event: events.Key) -> None:
        proposal, person = self.proposal, self.highlighted
        if proposal is None or person is None or event.character is None:
            return
        keys = vote_keys(proposal)
        if event.character in keys:
            event.stop()
            event.prevent_default()
            self._record(proposal, person, keys[event.character])
            return
        if not event.is_printable or event.key in self.screen.active_bindings:
            return  # Leave it to the screen's own keys.
        event.stop()
        event.prevent_default()
        shown = printable(event.character)
        self.post_message(
            self.Refused(
                f"“{shown}” is no {proposal.method.label} value: {vote_key_hint(proposal)}"
            )
        )

    def _record(self, proposal: Proposal, person: Person, value: str) -> None:
        if proposal.anonymous and person.id in self.voted:
            self.post_message(
                self.Refused(
                    f"{self._voter_name(self.cursor, person)} has voted: an anonymous vote "
                    "cannot be changed (re-vote for a new round)"
                )
            )
            return
        if proposal.method is VoteMethod.DOT:
            try:
                self.pending = place_dot(proposal, self.pending, value)
            except ValueError as exc:
                self.post_message(self.Refused(f"{exc}: Enter records them and moves on"))
                return
            self.refresh()
            return
        self.post_message(self.Cast(person.id, value, {}))
        self.action_move(1)

    # -- drawing ---------------------------------------------------------------------------

    def _voter_name(self, index: int, person: Person) -> str:
        if self.proposal is not None and not voters_named(
            self.proposal, presenter_safe=self.presenter_safe
        ):
            return f"Participant {index + 1}"
        return printable(person.name)

    def _value(self, person: Person, current: bool) -> Text:
        assert self.proposal is not None
        if current and self.pending:
            placed = ", ".join(f"{printable(k)} ×{v}" for k, v in self.pending.items() if v)
            left = dots_left(self.proposal, self.pending)
            return Text(f"{placed} … {left} left, Enter records", style="bold italic")
        if person.id not in self.voted:
            return Text("·", style=MUTED)
        ballot = self.ballot_of(person.id)
        if ballot is None or not choices_shown(self.proposal):
            return Text("● voted", style="bold")
        if ballot.method is VoteMethod.DOT:
            placed = ", ".join(f"{printable(k)} ×{v}" for k, v in ballot.dots.items() if v)
            return Text(placed or "no dots", style="bold")
        return Text(str(ballot.value), style="bold")

    def render(self) -> RenderableType:
        proposal = self.proposal
        if proposal is None:
            return Text("No vote open.", style=MUTED)
        result = tally(proposal, self.ballots)
        voted = len(self.voted)
        everyone = len(self.participants)
        state = "revealed" if proposal.revealed else "blind"
        # Two heading lines that never wrap, so a row's line is known (for scrolling to it).
        # Who has voted leads: on a narrow screen the method's wording is what is cut.
        heading = Text(no_wrap=True, overflow="ellipsis")
        heading.append(f"{voted} of {everyone} voted", style="bold")
        heading.append(f" · {proposal.method.label} · round {proposal.round} · {state}")
        if proposal.anonymous:
            heading.append(" · anonymous")
        # The quorum's state first: on a narrow screen the rule's wording is what is cut.
        quorum = max(proposal.quorum, 1)
        rule = Text(conditions(proposal, result), no_wrap=True, overflow="ellipsis")
        state_at = len(f"Quorum {quorum} ")
        rule.stylize(
            GOOD_BOLD if result.quorum_met else WARN_BOLD,
            state_at,
            state_at + len(quorum_state(result)),
        )

        table = Table.grid(padding=(0, 2), expand=False)
        table.add_column(width=2)
        table.add_column(min_width=18, max_width=40, no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True)
        for index, person in enumerate(self.participants):
            current = index == self.cursor
            marker = Text("▶" if current else " ", style="bold")
            name = Text(self._voter_name(index, person), style="reverse" if current else "")
            table.add_row(marker, name, self._value(person, current))
        if not self.participants:
            table.add_row("", Text("No participants in this session.", style=MUTED), "")

        lines: list[RenderableType] = [heading, rule, table]
        if counts_shown(proposal):
            line = Text(verdict(result))
            line.stylize(
                GOOD_BOLD if result.passed and result.quorum_met else BAD_BOLD,
                len(line) - len(outcome_word(result)),
            )
            lines.append(line)
        else:
            lines.append(Text("Values hidden until revealed.", style=MUTED))
        if proposal.anonymous:
            lines.append(Text("Anonymous: counted, never shown by name.", style=MUTED))
        if self.earlier:
            for round_ in range(1, proposal.round):
                earlier = tally(proposal, self.earlier, round_)
                lines.append(Text(f"Round {round_}: {earlier.summary()} → {earlier.outcome.value}"))
        lines.append(Text(f"{vote_key_hint(proposal)} · ↑↓ move · ⌫ clear", style=MUTED_ITALIC))
        return Group(*lines)
