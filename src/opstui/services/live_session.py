"""One session as the facilitator runs it: loaded once, then each act stored and applied.

``LiveSession`` reads a session and everything around it (initiative, agenda, people,
playbook, the open vote, carried-over actions, what was captured) in one go. Each act
of the session (a remark, a ballot, revealing or closing a vote, an action item, the
agenda moving on, the timer's seconds, the notes) is written through the store and
then applied to the state it holds, so the screen shows the result without reading
the session again. Another process writing to the file is followed with ``follow``
(captures, links from remarks and carried-over actions) or ``load`` (everything).

Free of Textual: a screen arranges what this holds; the tests drive it directly.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from opstui.domain.agenda_timer import switch_item
from opstui.domain.base import Record
from opstui.domain.carried_over import carried_over
from opstui.domain.initiative import Initiative, Person
from opstui.domain.initiative_fills import apply_fill, prefilled
from opstui.domain.playbook import Playbook, TemplateSpec, discover_playbooks
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Feedback,
    FieldValue,
    FillIn,
    ReadinessAssessment,
    Session,
    SessionState,
)
from opstui.domain.session_summary import SessionSummary, summarize_session
from opstui.domain.voting import (
    Ballot,
    Proposal,
    open_vote,
)
from opstui.services.live_links import LiveLinks
from opstui.services.live_remarks import LiveRemarks
from opstui.services.live_votes import Captures, LiveSessionError, LiveVotes, replaced
from opstui.services.session_changes import (
    Cancelling,
    cancel_session,
    cancelling,
    rename_session,
)

if TYPE_CHECKING:
    from opstui.db.session_hold import SessionHold
    from opstui.db.store import Store

__all__ = ["Captures", "LiveSession", "LiveSessionError"]


R = TypeVar("R", bound=Record)


class LiveSession(LiveVotes, LiveRemarks, LiveLinks):
    """The state of one session and every act that changes it."""

    session: Session
    initiative: Initiative
    #: The initiative's readiness assessments, which templates' ratings start from and fill.
    readiness: list[ReadinessAssessment]
    agenda: list[AgendaItem]
    #: Whether the agenda is in the file (a session made without a playbook has none,
    #: and gets one unsaved item to time).
    agenda_stored: bool
    people: dict[str, Person]
    playbook: Playbook | None
    carried: list[ActionItem]

    def __init__(self, store: Store, session_id: str, *, playbooks_dir: Path) -> None:
        self.store = store
        self.session_id = session_id
        self.playbooks_dir = playbooks_dir
        #: This app's hold on the session: another app that opens it meanwhile shows it
        #: read-only (see ``opstui.db.session_hold``). None when another app holds it.
        self.hold: SessionHold | None = None
        self.load()
        if not self.ended:
            self.hold = store.hold_session(session_id)

    def release(self) -> None:
        """Let another app run the session (when this one leaves it)."""
        if self.hold is not None:
            self.hold.release()
            self.hold = None

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the session and everything around it (raises ``NotFound`` if it is gone)."""
        store = self.store
        self.session = store.get_session(self.session_id)
        self.initiative = store.get_initiative(self.session.initiative_id)
        self.readiness = store.list_readiness(self.session.initiative_id)
        self.agenda = store.list_agenda(self.session_id)
        self.agenda_stored = bool(self.agenda)
        if not self.agenda:
            self.agenda = [AgendaItem(session_id=self.session_id, position=0, title="Session")]
        if self.session.current_item >= len(self.agenda):
            self.session = self.session.model_copy(update={"current_item": len(self.agenda) - 1})
        self.people = {p.id: p for p in store.list_people()}
        books = [e.playbook for e in discover_playbooks(self.playbooks_dir) if e.playbook]
        self.playbook = next((b for b in books if b.key == self.session.playbook_key), None)
        self.follow()

    def follow(self) -> None:
        """Read again what other hands may have added: captures, votes, carried actions,
        remarks from devices."""
        store = self.store
        session_id = self.session_id
        self.captures = Captures(
            feedback=store.list_feedback(session_id=session_id),
            fill_ins=store.list_fill_ins(session_id),
            proposals=store.list_proposals(session_id=session_id),
            ballots=store.list_session_ballots(session_id),
            decisions=[
                d
                for d in store.list_decisions(self.session.initiative_id)
                if d.session_id == session_id
            ],
            actions=store.list_session_actions(session_id),
        )
        self.receipts = store.list_session_receipts(session_id)
        self.read_links()
        self.queued = store.list_queued_remarks(session_id)
        self.vote = open_vote(self.captures.proposals)
        self.ballots = self._ballots_of(self.vote)
        self.carried = carried_over(store.list_actions(self.session.initiative_id), self.session)

    def _ballots_of(self, vote: Proposal | None) -> list[Ballot]:
        if vote is None:
            return []
        return [b for b in self.captures.ballots if b.proposal_id == vote.id]

    # -- what the session is ---------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.session.state is SessionState.ENDED

    @property
    def held_elsewhere(self) -> bool:
        """Whether another app runs this session (so this one only follows it)."""
        return not self.store.read_only and not self.ended and self.hold is None

    @property
    def editable(self) -> bool:
        """Whether acts may be taken: the file is writable, the session not ended, and no
        other app runs it."""
        return not self.store.read_only and not self.ended and self.hold is not None

    @property
    def participants(self) -> list[Person]:
        return [self.people[pid] for pid in self.session.participant_ids if pid in self.people]

    @property
    def facilitator(self) -> Person | None:
        return self.people.get(self.session.facilitator_id or "")

    @property
    def owners(self) -> list[Person]:
        """Who may own an action: the participants, and the facilitator."""
        owners = self.participants
        facilitator = self.facilitator
        if facilitator is not None and facilitator not in owners:
            owners = [*owners, facilitator]
        return owners

    @property
    def names(self) -> dict[str, str]:
        """Everyone's name by id (owners of actions, in a summary)."""
        return {pid: person.name for pid, person in self.people.items()}

    @property
    def current(self) -> AgendaItem:
        return self.agenda[self.session.current_item]

    @property
    def current_item_id(self) -> str | None:
        """The current item's id, for a capture to point at (None when it is not stored)."""
        return self.current.id if self.agenda_stored else None

    @property
    def templates(self) -> list[TemplateSpec]:
        return self.playbook.templates if self.playbook else []

    def refusal(self) -> str | None:
        """Why nothing may be changed now (an ended session), or None."""
        if self.ended:
            return "This session has ended: its captures can be read, not changed."
        if self.held_elsewhere:
            return (
                "This session is open in another opstui window: here it is read-only "
                "and follows what is captured there."
            )
        return None

    def feedback(self, feedback_id: str) -> Feedback | None:
        return next((f for f in self.captures.feedback if f.id == feedback_id), None)

    def action(self, action_id: str) -> ActionItem | None:
        return next((a for a in self.captures.actions if a.id == action_id), None)

    def fill_in(self, fill_in_id: str) -> FillIn | None:
        return next((f for f in self.captures.fill_ins if f.id == fill_in_id), None)

    # -- captures --------------------------------------------------------------------------

    def save_feedback(self, feedback: Feedback) -> Feedback:
        """Store a remark, new or changed."""
        feedback = self._ours(feedback)
        if self.feedback(feedback.id) is None:
            saved = self.store.add_feedback(feedback)
        else:
            saved = self.store.update_feedback(feedback)
        self.captures.feedback = replaced(self.captures.feedback, saved)
        return saved

    def save_action(self, action: ActionItem) -> ActionItem:
        """Store an action item made in this session, new or changed."""
        action = self._ours(action)
        if self.action(action.id) is None:
            saved = self.store.add_action(action)
        else:
            saved = self.store.update_action(action)
        self.captures.actions = replaced(self.captures.actions, saved)
        return saved

    def prefilled(self, template: TemplateSpec) -> dict[str, FieldValue]:
        """What a template's fields start with: what the initiative holds for those that
        fill it (see ``domain.initiative_fills``)."""
        return prefilled(template, self.initiative, self.readiness, self.session_id)

    def save_fill_in_value(
        self, template: TemplateSpec, fill_in_id: str | None, key: str, value: FieldValue
    ) -> FillIn:
        """Store one field of a template filled in together (the first one makes it), and
        what the field fills in the initiative, in one transaction: both or neither."""
        with self.store.write():
            if fill_in_id is None:
                saved = self.store.add_fill_in(
                    FillIn(
                        session_id=self.session_id,
                        template_key=template.key,
                        title=template.title,
                        values={key: value},
                    )
                )
            else:
                self.store.set_fill_in_value(fill_in_id, key, value)
                saved = self.store.get_fill_in(fill_in_id)
            filled = self._fill_initiative(template.field(key).fills, value)
        if filled is not None:  # held once committed
            self.initiative, self.readiness = filled
        self.captures.fill_ins = replaced(self.captures.fill_ins, saved)
        return saved

    def _fill_initiative(
        self, fills: str | None, value: FieldValue
    ) -> tuple[Initiative, list[ReadinessAssessment]] | None:
        """Write what a field's value changes in the initiative; return the initiative and
        its assessments as they now are (None when the field fills nothing)."""
        if fills is None:
            return None
        # Read inside the write transaction, so that a change made meanwhile by another
        # hand (another field of the initiative) is kept, not overwritten.
        initiative = self.store.get_initiative(self.session.initiative_id)
        readiness = self.store.list_readiness(self.session.initiative_id)
        started = self.session.started_at
        try:
            filled = apply_fill(
                fills,
                value,
                initiative=initiative,
                assessments=readiness,
                session_id=self.session_id,
                assessed_on=started.astimezone().date() if started else date.today(),
            )
        except ValueError as exc:
            raise LiveSessionError(str(exc)) from None
        if filled.initiative is not None:
            initiative = self.store.update_initiative(filled.initiative)
        if filled.assessment is not None:
            if filled.new_assessment:
                self.store.add_readiness(filled.assessment)
            else:
                self.store.update_readiness(filled.assessment)
            readiness = replaced(readiness, filled.assessment)
        return initiative, readiness

    def tick_carried(self, action_id: str) -> ActionItem:
        """Tick a carried-over action done, or open it again."""
        action = next((a for a in self.carried if a.id == action_id), None)
        if action is None:
            raise LiveSessionError("That action is no longer carried over.")
        saved = self.store.set_action_done(action_id, not action.done)
        self.carried = [saved if a.id == action_id else a for a in self.carried]
        return saved

    def delete_capture(self, kind: str, capture_id: str) -> None:
        """Delete a remark, an action item or a filled-in template of this session."""
        captures = self.captures
        if kind == "feedback":
            self.store.delete_feedback(capture_id)
            captures.feedback = [f for f in captures.feedback if f.id != capture_id]
            self.forget_links(feedback_id=capture_id)
        elif kind == "action":
            self.store.delete_action(capture_id)
            captures.actions = [a for a in captures.actions if a.id != capture_id]
            self.forget_links(action_id=capture_id)
        elif kind == "fillin":
            self.store.delete_fill_in(capture_id)
            captures.fill_ins = [f for f in captures.fill_ins if f.id != capture_id]
            self.forget_links(fill_in_id=capture_id)
        else:
            raise LiveSessionError("Votes and decisions are kept as recorded.")

    # -- the agenda, the timer and the notes -------------------------------------------------

    def _store_item(self, item: AgendaItem) -> None:
        self.agenda[item.position] = item
        if self.agenda_stored:  # The placeholder of a session without agenda is not stored.
            self.store.update_agenda_item(item)

    def save_time(self, elapsed: int, allowed_seconds: int) -> AgendaItem:
        """Store the seconds the current item has run, and the minutes added to it."""
        current = self.current
        extra = max(allowed_seconds // 60 - current.planned_minutes, 0)
        item = current.model_copy(update={"elapsed_seconds": elapsed, "extra_minutes": extra})
        self._store_item(item)
        return item

    def move_to(self, position: int, elapsed: int, now: datetime) -> AgendaItem:
        """Leave the current item (its seconds and end recorded) for the one at ``position``."""
        if not 0 <= position < len(self.agenda):
            raise LiveSessionError("There is no agenda item there.")
        left, entered = switch_item(self.agenda, self.session.current_item, position, elapsed, now)
        self._store_item(left)
        self._store_item(entered)
        self.store.set_current_item(self.session_id, position)
        self.session = self.session.model_copy(update={"current_item": position})
        return entered

    def save_notes(self, text: str) -> None:
        self.store.save_notes(self.session_id, text)
        self.session = self.session.model_copy(update={"notes": text})

    def add_participant(self, person: Person) -> Person:
        """Someone joins late: ``person`` (new to the file, or known) takes part from now."""
        if person.id in self.session.participant_ids:
            raise LiveSessionError(f"{person.name} already takes part in this session.")
        with self.store.write():
            if person.id not in self.people:
                self.store.add_person(person)
            self.store.add_participant(self.session_id, person.id)
        self.people[person.id] = person
        self.session = self.session.model_copy(
            update={"participant_ids": [*self.session.participant_ids, person.id]}
        )
        return person

    def add_private_note(self, text: str) -> str:
        """Add a line to the private notes without showing them (presenter-safe view)."""
        line = text.strip()
        if not line:
            raise LiveSessionError("The note is empty.")
        notes = self.session.notes.rstrip("\n")
        self.save_notes(f"{notes}\n{line}" if notes else line)
        return self.session.notes

    def set_presenter_safe(self, on: bool) -> None:
        """Hide (or show) the private notes and anonymous voters' names on this screen;
        kept with the session, so a crash or a resume never shows them."""
        if self.editable:
            self.store.set_presenter_safe(self.session_id, on)
        self.session = self.session.model_copy(update={"presenter_safe": on})

    def end(self, now: datetime) -> Session:
        """End the session: the current item ends now, and so does the session.

        Remarks from devices still waiting stay queued in the file (``remarks_waiting``
        says how many, for the ending dialog to say so)."""
        self._store_item(self.current.left_at(now))
        self.session = self.store.end_session(self.session_id, now)
        self.release()
        return self.session

    def rename(self, title: str) -> Session:
        """Give the session another title (see ``opstui.services.session_changes``)."""
        renamed = rename_session(self.store, self.session_id, title)
        self.session = self.session.model_copy(update={"title": renamed.title})
        return self.session

    def cancelling(self) -> Cancelling:
        """What cancelling the session would do now: delete it, or keep it cancelled."""
        return cancelling(self.store, self.session_id)

    def cancel(self, now: datetime) -> Cancelling:
        """Cancel the session started by mistake, and let it go: nothing more is taken."""
        how = cancel_session(self.store, self.session_id, now, held=self.hold)
        self.release()
        return how

    def summary(self, *, ending_at: datetime | None = None) -> SessionSummary:
        """What the session produced (as if it ended at ``ending_at``, when given)."""
        agenda = list(self.agenda)
        if ending_at is not None and not self.ended:
            agenda[self.session.current_item] = self.current.left_at(ending_at)
        return summarize_session(
            self.session,
            agenda=agenda,
            **self.captures.by_kind(),
            ended_at=ending_at or self.session.ended_at,
        )
