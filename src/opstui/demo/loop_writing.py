"""Writing a story's ``[loop]`` (see ``loop_schema``): links from remarks to what came of
them, messages, ways to learn, check-ins and closing pulses.

Written after every story, so the stories' own records keep their ids and times. What an
entry names (a remark, a decision, an action, a session) is found among what its story
wrote; a name that matches nothing, or more than one thing, is a mistake in the data.
The pulses are read into their metrics by the same rule the live session uses
(``opstui.domain.pulse``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from opstui.db.store import Store
from opstui.demo.anchor import Anchor
from opstui.demo.loop_schema import (
    CheckInEntry,
    LearningEntry,
    LinkEntry,
    LoopEntry,
    MessageEntry,
    PulseEntry,
)
from opstui.domain.buy_in import CheckIn, CommItem, CommStatus, LearningPath, RemarkLink
from opstui.domain.initiative import Initiative, Person
from opstui.domain.metrics import Metric
from opstui.domain.playbook import Playbook
from opstui.domain.pulse import PULSE_QUESTIONS, pulse_proposal, pulse_reading
from opstui.domain.session import Session
from opstui.domain.voting import Ballot, ProposalSubject, tally

T = TypeVar("T")


def the_one(items: Iterable[T], words: str, text: Callable[[T], str], what: str) -> T:
    """The one item whose text starts with ``words`` (spaces and line breaks aside)."""

    def flat(value: str) -> str:
        return " ".join(value.split())

    found = [item for item in items if flat(text(item)).startswith(flat(words))]
    if len(found) != 1:
        many = "no" if not found else f"{len(found)}"
        raise ValueError(f"{many} {what} starting {words[:40]!r} in this story")
    return found[0]


def _numbered(items: list[T]) -> Iterable[tuple[int, T]]:
    return enumerate(items, start=1)


class LoopWriter:
    """Writes one story's ``[loop]`` for its initiative."""

    def __init__(
        self,
        store: Store,
        anchor: Anchor,
        initiative: Initiative,
        who: Mapping[str, Person],
        metrics: Mapping[str, Metric],
        playbooks: Mapping[str, Playbook],
    ) -> None:
        self.store = store
        self.anchor = anchor
        self.initiative = initiative
        self.who = who
        self.metrics = metrics
        self.playbooks = playbooks

    def entries(self, loop: LoopEntry) -> list[tuple[str, Callable[[], None]]]:
        """Each entry with where it is in the file, in the order they are written."""
        found: list[tuple[str, Callable[[], None]]] = []
        found += [(f"loop.links[{n}]", partial(self.link, e)) for n, e in _numbered(loop.links)]
        found += [
            (f"loop.messages[{n}]", partial(self.message, e)) for n, e in _numbered(loop.messages)
        ]
        found += [
            (f"loop.learning[{n}]", partial(self.learning, e)) for n, e in _numbered(loop.learning)
        ]
        found += [
            (f"loop.check_ins[{n}]", partial(self.check_in, e))
            for n, e in _numbered(loop.check_ins)
        ]
        found += [(f"loop.pulses[{n}]", partial(self.pulse, e)) for n, e in _numbered(loop.pulses)]
        return found

    def cohort_id(self, name: str | None) -> str | None:
        if name is None:
            return None
        cohorts = self.store.list_cohorts(self.initiative.id)
        return the_one(cohorts, name, lambda c: c.name, "pilot cohort").id

    def link(self, entry: LinkEntry) -> None:
        iid = self.initiative.id
        remark = the_one(
            self.store.list_feedback(initiative_id=iid), entry.remark, lambda f: f.text, "remark"
        )
        decision_id = action_id = metric_id = None
        if entry.decision is not None:
            decisions = self.store.list_decisions(iid)
            decision_id = the_one(decisions, entry.decision, lambda d: d.statement, "decision").id
        if entry.action is not None:
            actions = self.store.list_actions(iid)
            action_id = the_one(actions, entry.action, lambda a: a.text, "action").id
        if entry.metric is not None:
            metric_id = self.metrics[entry.metric].id
        # Linked the day after the remark: the loop is closed once something came of it.
        self.store.add_link(
            RemarkLink(
                id=self.anchor.new_id(),
                initiative_id=iid,
                feedback_id=remark.id,
                decision_id=decision_id,
                action_id=action_id,
                metric_id=metric_id,
                change=entry.change or "",
                created_at=remark.created_at + timedelta(days=1),
            )
        )

    def message(self, entry: MessageEntry) -> None:
        day = self.anchor.day
        planned = None if entry.planned is None else day(entry.planned)
        self.store.add_comm_item(
            CommItem(
                id=self.anchor.new_id(),
                initiative_id=self.initiative.id,
                audience_group=entry.audience,
                cohort_id=self.cohort_id(entry.cohort),
                channel=entry.channel,
                purpose=entry.purpose,
                planned_on=planned,
                status=CommStatus.PLANNED if entry.sent is None else CommStatus.SENT,
                sent_on=None if entry.sent is None else day(entry.sent),
                draft=entry.draft,
                created_at=self.anchor.at(entry.planned or 0, 9, 15),
            )
        )

    def learning(self, entry: LearningEntry) -> None:
        self.store.add_learning_path(
            LearningPath(
                id=self.anchor.new_id(),
                initiative_id=self.initiative.id,
                kind=entry.kind,
                title=entry.title,
                audience_group=entry.audience,
                cohort_id=self.cohort_id(entry.cohort),
                slots=entry.slots,
                owner_id=None if entry.owner is None else self.who[entry.owner].id,
                link=entry.link,
                created_at=self.anchor.at(0, 9, 20),
            )
        )

    def check_in(self, entry: CheckInEntry) -> None:
        person = None if entry.who is None else self.who[entry.who]
        group = entry.group or (person.group if person is not None else None)
        assert group is not None  # a check-in names a person or a group: checked on loading
        self.store.add_check_in(
            CheckIn(
                id=self.anchor.new_id(),
                initiative_id=self.initiative.id,
                person_id=None if person is None else person.id,
                group=group,
                held_on=self.anchor.day(entry.day),
                about=entry.about,
                outcome=entry.outcome,
                created_at=self.anchor.at(entry.day, 17, 0),
            )
        )

    def pulse(self, entry: PulseEntry) -> None:
        sessions = self.store.list_sessions(self.initiative.id)
        session = the_one(sessions, entry.pulse, lambda s: s.title, "session")
        book = self.playbooks[session.playbook_key]
        asked = {
            ProposalSubject.PULSE_SESSION: entry.session_value,
            ProposalSubject.PULSE_ROLLOUT: entry.rollout,
        }
        # The questions in the order they are asked, each a few minutes before the end.
        ends = [session.ended_at or self.anchor.at(0, 17)]
        ends.insert(0, ends[0] - timedelta(minutes=3))
        for (subject, fists), end in zip(asked.items(), ends, strict=True):
            if not fists:
                continue
            if subject not in book.pulse.subjects:
                raise ValueError(f"the {book.key} playbook asks no {subject.value} pulse")
            self.pulse_vote(session, subject, fists, end)

    def pulse_vote(
        self, session: Session, subject: ProposalSubject, fists: list[int], end: datetime
    ) -> None:
        """One closing question, voted by the participants in order, closed by ``end``."""
        if len(fists) > len(session.participant_ids):
            raise ValueError(f"{len(fists)} fists for {len(session.participant_ids)} people")
        proposal = pulse_proposal(session.id, PULSE_QUESTIONS[subject]).model_copy(
            update={"id": self.anchor.new_id(), "created_at": end - timedelta(minutes=3)}
        )
        self.store.add_proposal(proposal)
        ballots: list[Ballot] = []
        voters = session.participant_ids[: len(fists)]
        for number, (person_id, fist) in enumerate(zip(voters, fists, strict=True)):
            ballot = Ballot(
                id=self.anchor.new_id(),
                proposal_id=proposal.id,
                person_id=person_id,
                method=proposal.method,
                value=str(fist),
                cast_at=end - timedelta(minutes=2, seconds=-5 * number),
            )
            ballots.append(self.store.cast_ballot(ballot))
        read = pulse_reading(
            proposal,
            ballots,
            initiative_id=self.initiative.id,
            metrics=self.store.list_metrics(self.initiative.id),
            session_title=session.title,
            taken_on=(session.held_at or end).date(),
        )
        assert read is not None  # a pulse entry lists at least one fist
        metric = read.metric
        if read.new:  # made now: its id from the demo's generator, like every other
            metric = metric.model_copy(update={"id": self.anchor.new_id()})
        reading = read.reading.model_copy(
            update={"id": self.anchor.new_id(), "metric_id": metric.id}
        )
        also = [metric, reading] if read.new else [reading]
        outcome = tally(proposal, ballots).outcome
        closed = proposal.model_copy(update={"metric_id": metric.id})
        self.store.close_proposal(closed, outcome, None, at=end - timedelta(minutes=1), also=also)
