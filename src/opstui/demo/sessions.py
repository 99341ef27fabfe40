"""Writing the demo's sessions and everything captured in them, through the store.

Every capture takes its time a little after the previous one in the same agenda item, and
every id and time comes from the anchor's generator, in the order the story gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from opstui.db.store import Store
from opstui.demo.anchor import Anchor
from opstui.demo.schema import (
    ActionEntry,
    DayValue,
    FillInEntry,
    Remark,
    SessionEntry,
    VoteEntry,
)
from opstui.domain.initiative import Initiative, Person
from opstui.domain.metrics import Metric
from opstui.domain.playbook import AgendaSpec, Playbook, ProposalSpec
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FieldValue,
    FillIn,
    ReadinessAssessment,
    ReadinessElement,
    Session,
    SessionState,
)
from opstui.domain.voting import Ballot, Proposal, check_ballot, tally


@dataclass
class Held:
    """A session as written, with its agenda and a clock per agenda item."""

    session: Session
    agenda: list[AgendaItem]
    playbook: Playbook
    #: The time of the last capture in each agenda item, so captures follow one another.
    clocks: dict[int, datetime] = field(default_factory=dict)

    def item(self, position: int) -> AgendaItem:
        return self.agenda[min(position, len(self.agenda) - 1)]


class SessionWriter:
    """Writes one story's sessions, their captures and its action items."""

    def __init__(
        self,
        store: Store,
        anchor: Anchor,
        who: Mapping[str, Person],
        playbooks: Mapping[str, Playbook],
        metrics: Mapping[str, Metric],
    ) -> None:
        self.store = store
        self.anchor = anchor
        self.who = who
        self.playbooks = playbooks
        self.metrics = metrics

    def pid(self, key: str | None) -> str | None:
        return None if key is None else self.who[key].id

    # sessions

    def held(self, initiative: Initiative, entry: SessionEntry) -> Held:
        """A session that took place: every agenda item timed, some of them overrunning."""
        rng = self.anchor.rng
        book = self.playbooks[entry.playbook]
        session_id = self.anchor.new_id()
        start = self.anchor.at(entry.day, entry.hour, rng.choice((0, 0, 2, 5)))
        clock = start + timedelta(seconds=rng.randint(60, 240))
        agenda: list[AgendaItem] = []
        for position, spec in enumerate(book.agenda):
            planned = spec.minutes * 60
            elapsed = int(planned * rng.uniform(0.65, 1.05))
            extra = 0
            if rng.random() < 0.3:
                # Discussion ran on: the facilitator granted a few minutes, not always enough.
                extra = rng.randint(1, 4)
                elapsed = planned + extra * 60 + rng.randint(-90, 150)
            item_end = clock + timedelta(seconds=elapsed)
            agenda.append(
                self.agenda_item(session_id, position, spec, extra, elapsed, (clock, item_end))
            )
            clock = item_end + timedelta(seconds=rng.randint(5, 45))
        session = self.record(
            initiative,
            entry,
            session_id,
            SessionState.ENDED,
            (start, clock + timedelta(seconds=rng.randint(30, 180))),
            current_item=len(agenda) - 1,
        )
        self.store.add_session(session, agenda)
        return Held(session, agenda, book, {a.position: a.started_at or start for a in agenda})

    def planned(self, initiative: Initiative, entry: SessionEntry) -> None:
        """A session on the calendar, not yet run."""
        book = self.playbooks[entry.playbook]
        session_id = self.anchor.new_id()
        agenda = [
            self.agenda_item(session_id, position, spec)
            for position, spec in enumerate(book.agenda)
        ]
        session = self.record(initiative, entry, session_id, SessionState.PLANNED)
        self.store.add_session(session, agenda)

    def agenda_item(
        self,
        session_id: str,
        position: int,
        spec: AgendaSpec,
        extra_minutes: int = 0,
        elapsed_seconds: int = 0,
        ran: tuple[datetime, datetime] | None = None,
    ) -> AgendaItem:
        """One item of a session's agenda, as the playbook plans it and, if held, as it ran."""
        return AgendaItem(
            id=self.anchor.new_id(),
            session_id=session_id,
            position=position,
            title=spec.title,
            planned_minutes=spec.minutes,
            prompt=spec.prompt,
            capture=spec.capture,
            extra_minutes=extra_minutes,
            elapsed_seconds=elapsed_seconds,
            started_at=None if ran is None else ran[0],
            ended_at=None if ran is None else ran[1],
        )

    def record(
        self,
        initiative: Initiative,
        entry: SessionEntry,
        session_id: str,
        state: SessionState,
        ran: tuple[datetime, datetime] | None = None,
        current_item: int = 0,
    ) -> Session:
        """The session itself; ``ran`` is when it started and ended, if it was held."""
        book = self.playbooks[entry.playbook]
        return Session(
            id=session_id,
            initiative_id=initiative.id,
            playbook_key=book.key,
            kind=book.kind,
            title=entry.session,
            facilitator_id=self.pid(entry.facilitator),
            participant_ids=[self.who[key].id for key in entry.participants],
            state=state,
            planned_at=self.anchor.at(entry.day, entry.hour),
            started_at=None if ran is None else ran[0],
            ended_at=None if ran is None else ran[1],
            current_item=current_item,
            notes=entry.notes,
        )

    def moment(self, held: Held, position: int) -> datetime:
        """A time inside an agenda item, a little after the previous capture in it."""
        item = held.item(position)
        last = held.clocks[item.position]
        end = item.ended_at or last
        step = timedelta(seconds=self.anchor.rng.randint(35, 160))
        when = min(last + step, end - timedelta(seconds=5))
        when = max(when, last)
        held.clocks[item.position] = when
        return when

    # captures

    def capture(
        self,
        initiative: Initiative,
        held: Held,
        entry: Remark | FillInEntry | VoteEntry | ActionEntry,
    ) -> None:
        match entry:
            case Remark():
                self.remark(held, entry)
            case FillInEntry():
                self.fill_in(held, entry)
            case VoteEntry():
                self.vote(held, entry)
            case ActionEntry():
                self.action(initiative, held, entry)

    def remark(self, held: Held, entry: Remark) -> None:
        self.store.add_feedback(
            Feedback(
                id=self.anchor.new_id(),
                session_id=held.session.id,
                person_id=self.pid(entry.by),
                sentiment=entry.sentiment,
                kind=entry.kind,
                text=entry.said,
                tags=list(entry.tags),
                agenda_item_id=held.item(entry.item).id,
                created_at=self.moment(held, entry.item),
            )
        )

    def fill_in(self, held: Held, entry: FillInEntry) -> None:
        """A template filled in together; each value is read as the form would read it."""
        template = held.playbook.template(entry.filled)
        parsed: dict[str, FieldValue] = {}
        for spec in template.fields:
            value = entry.values.get(spec.key)
            if isinstance(value, DayValue):
                parsed[spec.key] = spec.parse(self.anchor.day(value.day).isoformat())
            elif value is not None:
                parsed[spec.key] = spec.parse(str(value))
        started = self.moment(held, entry.item)
        self.store.add_fill_in(
            FillIn(
                id=self.anchor.new_id(),
                session_id=held.session.id,
                template_key=entry.filled,
                title=entry.title,
                values=parsed,
                created_at=started,
                updated_at=self.moment(held, entry.item),
            )
        )
        if entry.assessment:
            self.readiness(held, parsed)

    def readiness(self, held: Held, values: Mapping[str, FieldValue]) -> None:
        """The Lippitt-Knoster ratings agreed in a readiness session, with their note."""
        assessed = held.session.started_at or self.anchor.at(0, 0)
        self.store.add_readiness(
            ReadinessAssessment.model_validate(
                {
                    "id": self.anchor.new_id(),
                    "initiative_id": held.session.initiative_id,
                    "session_id": held.session.id,
                    "assessed_on": assessed.date(),
                    "note": values.get("note") or "",
                    **{element.value: values[element.value] for element in ReadinessElement},
                }
            )
        )

    def vote(self, held: Held, entry: VoteEntry) -> Proposal:
        """A proposal voted on in one or more rounds, closed on the last round's tally."""
        spec = self.proposal_spec(held, entry.vote)
        proposal = Proposal(
            id=self.anchor.new_id(),
            session_id=held.session.id,
            title=spec.title,
            description=entry.description,
            method=spec.method,
            pass_rule=spec.pass_rule,
            quorum=max(1, len(entry.rounds[0]) - 2),
            options=list(spec.options if entry.options is None else entry.options),
            budget=spec.budget,
            anonymous=spec.anonymous if entry.anonymous is None else entry.anonymous,
            round=len(entry.rounds),
            subject=spec.subject,
            metric_id=None if entry.metric is None else self.metrics[entry.metric].id,
            created_at=self.moment(held, entry.item),
        )
        self.store.add_proposal(proposal)
        ballots: list[Ballot] = []
        for number, votes in enumerate(entry.rounds, start=1):
            cast = self.moment(held, entry.item)
            for key, choice in votes.items():
                cast += timedelta(seconds=self.anchor.rng.randint(2, 9))
                ballot = Ballot(
                    id=self.anchor.new_id(),
                    proposal_id=proposal.id,
                    round=number,
                    person_id=self.who[key].id,
                    method=spec.method,
                    value=None if isinstance(choice, dict) else str(choice),
                    dots=dict(choice) if isinstance(choice, dict) else {},
                    cast_at=cast,
                )
                check_ballot(proposal, ballot)
                ballots.append(self.store.cast_ballot(ballot))
            held.clocks[held.item(entry.item).position] = cast
        outcome = tally(proposal, ballots).outcome
        if outcome is not entry.expect:
            raise ValueError(f"the vote on {spec.title!r} came out {outcome}, not {entry.expect}")
        closed_at = self.moment(held, entry.item)
        decision = None
        if entry.decision is not None:
            decision = Decision(
                id=self.anchor.new_id(),
                initiative_id=held.session.initiative_id,
                session_id=held.session.id,
                proposal_id=proposal.id,
                statement=entry.decision,
                review_on=None if entry.review is None else self.anchor.day(entry.review),
                decided_at=closed_at,
            )
        # Closed at the story's moment, not now; an anonymous vote is sealed as in a session.
        return self.store.close_proposal(proposal, outcome, decision, at=closed_at)

    def proposal_spec(self, held: Held, key: str) -> ProposalSpec:
        """The playbook's proposal with this key: its title, method and subject."""
        for spec in held.playbook.proposals:
            if spec.key == key:
                return spec
        raise KeyError(f"the {held.playbook.key} playbook has no proposal {key!r}")

    # action items, in a session or outside any

    def action(self, initiative: Initiative, held: Held | None, entry: ActionEntry) -> None:
        """An action item: noted at the end of its session, or on its own day without one."""
        if held is not None:
            when = self.moment(held, len(held.agenda) - 1)
        else:
            when = self.anchor.at(entry.due - 7 if entry.created is None else entry.created, 11)
        done = entry.done
        self.store.add_action(
            ActionItem(
                id=self.anchor.new_id(),
                initiative_id=initiative.id,
                session_id=None if held is None else held.session.id,
                text=entry.action,
                owner_id=self.pid(entry.owner),
                due_on=self.anchor.day(entry.due),
                done=done is not None,
                done_at=None
                if done is None
                else self.anchor.at(done, 16, self.anchor.rng.randint(0, 59)),
                created_at=when,
            )
        )
