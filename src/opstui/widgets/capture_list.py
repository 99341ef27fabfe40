"""Everything captured in a session, newest first: remarks, fill-ins, votes, decisions, actions.

Each line names its record (``feedback:<id>`` and so on) so the screen can open it
for editing. User text is shown through ``printable`` and ``rich.text.Text``, never
as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from opstui.domain.initiative import Person
from opstui.domain.playbook import Playbook
from opstui.domain.session import ActionItem, Decision, Feedback, FeedbackKind, FillIn
from opstui.domain.text import printable, shorten
from opstui.domain.voting import Ballot, Outcome, Proposal, ProposalStatus, tally
from opstui.widgets.entry_list import Entry, EntryList
from opstui.widgets.tones import (
    ACCENT_BOLD,
    BAD_BOLD,
    GOOD_BOLD,
    INFO_BOLD,
    MUTED,
    OTHER_BOLD,
    WARN_BOLD,
)

#: Long remarks are shown cut to this many characters; the edit form shows all of them.
SHOWN_CHARACTERS = 240

KIND_STYLE: dict[FeedbackKind, str] = {
    FeedbackKind.PRAISE: GOOD_BOLD,
    FeedbackKind.CONCERN: BAD_BOLD,
    FeedbackKind.SUGGESTION: INFO_BOLD,
    FeedbackKind.QUESTION: ACCENT_BOLD,
    FeedbackKind.OBSERVATION: OTHER_BOLD,
}


@dataclass(frozen=True)
class CaptureRef:
    """Which record a line of the list shows."""

    kind: str
    id: str

    @property
    def entry_id(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, entry_id: str) -> CaptureRef:
        kind, _, id_ = entry_id.partition(":")
        return cls(kind, id_)


def clock_time(moment: datetime) -> str:
    """A time of the day in the facilitator's own time zone."""
    return moment.astimezone().strftime("%H:%M")


def _badge(label: str, style: str) -> Text:
    """The kind of a line, styled on its own (a Text's base style would colour the line)."""
    text = Text()
    text.append(f"{label:<11}", style=style)
    return text


class CaptureList(EntryList):
    """The session's captures, newest first; Enter edits the highlighted one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: Each line shown, by its id, with what it was drawn from.
        self._made: dict[str, tuple[tuple[object, ...], Entry]] = {}
        self._nothing = Entry(
            "-", Text("Nothing captured yet: f captures a remark.", style=MUTED), disabled=True
        )

    def show(
        self,
        *,
        feedback: Sequence[Feedback],
        fill_ins: Sequence[FillIn],
        proposals: Sequence[Proposal],
        ballots: Sequence[Ballot],
        decisions: Sequence[Decision],
        actions: Sequence[ActionItem],
        people: Mapping[str, Person],
        playbook: Playbook | None,
        links: Mapping[str, int] | None = None,
    ) -> None:
        """Show the captures; ``links``: how many outcomes each remark (by its id) and
        each filled-in template (by its id, all its answers) is linked to."""
        links = links or {}
        lines: list[tuple[datetime, int, Entry]] = []
        previous = self._made
        made: dict[str, tuple[tuple[object, ...], Entry]] = {}
        #: What the line being made is drawn from (set by ``kept_line``).
        signature: tuple[object, ...] = ()

        def add(moment: datetime, ref: CaptureRef, text: Text) -> None:
            stamp = Text()
            stamp.append(clock_time(moment) + "  ", style=MUTED)
            entry = Entry(ref.entry_id, stamp + text)
            made[ref.entry_id] = (signature, entry)
            lines.append((moment, len(lines), entry))

        def kept_line(moment: datetime, ref: CaptureRef, *of: object) -> bool:
            """Reuse the line drawn for the same capture, unchanged, at the last show.

            An act replaces only the records it changes, so every other line keeps its
            Entry, and the list what it measured and drew of it: Enter on the 500th
            remark does not draw 500 lines again (benchmarks/live.py)."""
            nonlocal signature
            signature = of
            found = previous.get(ref.entry_id)
            if found is None or found[0] != of:
                return False
            made[ref.entry_id] = found
            lines.append((moment, len(lines), found[1]))
            return True

        names: dict[str | None, str] = {None: "anonymous"}

        def who(person_id: str | None) -> str:
            """A person's name as shown: worked out once per show, not once per line."""
            name = names.get(person_id)
            if name is None:
                person = people.get(person_id) if person_id is not None else None
                name = names[person_id] = printable(person.name) if person else "someone removed"
            return name

        for item in feedback:
            ref = CaptureRef("feedback", item.id)
            if kept_line(item.created_at, ref, item, links.get(item.id), who(item.person_id)):
                continue
            text = _badge(item.kind.value, KIND_STYLE[item.kind])
            text.append(f"{item.sentiment.symbol:<3}", style="bold")
            text.append(f"{shorten(who(item.person_id), 16):<17}", style="bold")
            text.append(shorten(printable(item.text), SHOWN_CHARACTERS))
            if item.tags:
                text.append("  " + " ".join(f"#{printable(t)}" for t in item.tags), style=MUTED)
            if links.get(item.id):
                text.append(f"  → {links[item.id]}", style=GOOD_BOLD)
            add(item.created_at, ref, text)

        for fill_in in fill_ins:
            ref = CaptureRef("fillin", fill_in.id)
            if kept_line(fill_in.created_at, ref, fill_in, links.get(fill_in.id), playbook):
                continue
            text = _badge("template", WARN_BOLD)
            text.append(printable(fill_in.title), style="bold")
            filled = sum(1 for v in fill_in.values.values() if v not in (None, ""))
            total = _field_count(playbook, fill_in.template_key)
            text.append(f"  {filled} of {total} fields" if total else f"  {filled} fields")
            if links.get(fill_in.id):
                text.append(f"  → {links[fill_in.id]}", style=GOOD_BOLD)
            add(fill_in.created_at, ref, text)

        for proposal in proposals:
            ref = CaptureRef("vote", proposal.id)
            # A closed vote's line is final; an open one's counts the ballots of its round.
            closed = proposal.status is not ProposalStatus.OPEN
            if kept_line(proposal.created_at, ref, proposal, None if closed else len(ballots)):
                continue
            text = _badge("vote", "bold")
            text.append(printable(proposal.title), style="bold")
            if proposal.status is ProposalStatus.OPEN:
                voted = sum(
                    1 for b in ballots if b.proposal_id == proposal.id and b.round == proposal.round
                )
                shown = "revealed" if proposal.revealed else "blind"
                text.append(f"  open, {shown}, {voted} voted", style="italic")
            else:
                outcome = proposal.outcome or Outcome.NO_QUORUM
                style = GOOD_BOLD if outcome is Outcome.PASSED else BAD_BOLD
                text.append("  ")
                text.append(outcome.value, style=style)
                text.append(f"  {tally(proposal, list(ballots)).summary()}")
            add(proposal.created_at, ref, text)

        for decision in decisions:
            ref = CaptureRef("decision", decision.id)
            if kept_line(decision.decided_at, ref, decision):
                continue
            text = _badge("decision", GOOD_BOLD)
            text.append(shorten(printable(decision.statement), SHOWN_CHARACTERS))
            if decision.review_on:
                text.append(f"  review {decision.review_on.isoformat()}", style=MUTED)
            add(decision.decided_at, ref, text)

        for action in actions:
            ref = CaptureRef("action", action.id)
            owner = who(action.owner_id) if action.owner_id else None
            if kept_line(action.created_at, ref, action, owner):
                continue
            text = _badge("action", "bold")
            text.append("✓ " if action.done else "☐ ")
            text.append(shorten(printable(action.text), SHOWN_CHARACTERS))
            details = [who(action.owner_id)] if action.owner_id else []
            if action.due_on:
                details.append(f"due {action.due_on.isoformat()}")
            if details:
                text.append("  " + ", ".join(details), style=MUTED)
            add(action.created_at, ref, text)

        self._made = made
        # On the newest line, the highlight follows the newest: a capture shows at the top,
        # in view (kept on the line it was on, the list scrolled new captures out of view
        # once the list was longer than its box).
        newest = self.highlighted in (None, 0)
        kept = None if newest or self.highlighted_entry is None else self.highlighted_entry.id
        ordered = [entry for _, _, entry in sorted(lines, key=lambda t: (t[0], t[1]))]
        ordered.reverse()
        # A line that is gone (deleted) gives the highlight back to the newest.
        where = next((i for i, entry in enumerate(ordered) if entry.id == kept), 0)
        self.set_entries(ordered or [self._nothing], highlighted=where)

    @property
    def selected_ref(self) -> CaptureRef | None:
        entry = self.highlighted_entry
        if entry is None or entry.disabled:
            return None
        return CaptureRef.parse(entry.id)


def _field_count(playbook: Playbook | None, template_key: str) -> int:
    if playbook is None:
        return 0
    try:
        return len(playbook.template(template_key).fields)
    except KeyError:
        return 0
