"""The closing pulse: a fist of five at the end of a session, read as a sentiment metric.

A playbook may ask for it (``[pulse]``): how valuable the session was, how the rollout
is going so far, or both. Each question is put to an ordinary vote (anonymous, fist of
five, so devices can answer too). When the vote closes, its average becomes a reading of
the initiative's sentiment metric for that question, made the first time it is needed:
the method counts sentiment as a real measure when the change is one of habits, and
people asked at the end of every session give a series worth charting.

This is the one place that says what a pulse is and what its reading holds; the live
session and the demo both ask it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import StrictBool

from opstui.domain.base import Model
from opstui.domain.metrics import Cohort, Direction, Measure, Metric, MetricKind, Reading
from opstui.domain.voting import (
    Ballot,
    PassRule,
    Proposal,
    ProposalSubject,
    VoteMethod,
    tally,
)

#: The unit of every pulse metric: a fist of five's average.
PULSE_UNIT = "fist of five (0-5)"


class PulseSpec(Model):
    """What a playbook's closing pulse asks (``[pulse]`` in its file); nothing by default.

    Strictly true or false: a custom file's ``session = "no"`` is refused, not read as yes.
    """

    #: "How valuable was this session?"
    session: StrictBool = False
    #: "How is the rollout going so far?"
    rollout: StrictBool = False

    @property
    def subjects(self) -> list[ProposalSubject]:
        """The questions asked, in the order they are put."""
        asked = [(self.session, ProposalSubject.PULSE_SESSION)]
        asked.append((self.rollout, ProposalSubject.PULSE_ROLLOUT))
        return [subject for on, subject in asked if on]


@dataclass(frozen=True)
class PulseQuestion:
    """One closing question: what is asked, and the metric its answers are read into."""

    subject: ProposalSubject
    question: str
    metric_name: str


PULSE_QUESTIONS: dict[ProposalSubject, PulseQuestion] = {
    ProposalSubject.PULSE_SESSION: PulseQuestion(
        ProposalSubject.PULSE_SESSION,
        "How valuable was this session?",
        "Session value (pulse)",
    ),
    ProposalSubject.PULSE_ROLLOUT: PulseQuestion(
        ProposalSubject.PULSE_ROLLOUT,
        "How is the rollout going so far?",
        "Rollout so far (pulse)",
    ),
}


def is_pulse(proposal: Proposal) -> bool:
    return proposal.subject in PULSE_QUESTIONS


def next_pulse(
    spec: PulseSpec | None,
    proposals: Iterable[Proposal],
    skipped: Iterable[ProposalSubject] = (),
) -> PulseQuestion | None:
    """The next closing question to offer in a session: asked by its playbook, not yet
    put to a vote in the session, and not skipped; None when the pulse is done."""
    if spec is None:
        return None
    done = {p.subject for p in proposals} | set(skipped)
    for subject in spec.subjects:
        if subject not in done:
            return PULSE_QUESTIONS[subject]
    return None


def pulse_proposal(session_id: str, question: PulseQuestion) -> Proposal:
    """The vote that asks a closing question: fist of five, anonymous (people say more
    freely what a session was worth when nobody sees whose hand is whose)."""
    return Proposal(
        session_id=session_id,
        title=question.question,
        description="The closing pulse: 0 not at all, 5 very. Its average becomes a reading.",
        method=VoteMethod.FIST_OF_FIVE,
        pass_rule=PassRule.AVERAGE_AT_LEAST_THREE,
        anonymous=True,
        subject=question.subject,
    )


@dataclass(frozen=True)
class PulseReading:
    """What a closed pulse vote writes: its metric (``new`` when it is made now) and the
    reading of the vote's average."""

    metric: Metric
    new: bool
    reading: Reading


def pulse_reading(
    proposal: Proposal,
    ballots: Sequence[Ballot],
    *,
    initiative_id: str,
    metrics: Iterable[Metric],
    session_title: str,
    taken_on: date,
) -> PulseReading | None:
    """The reading a pulse vote's current round gives, or None (not a pulse, or nobody
    voted: a pulse nobody answered measures nothing).

    The metric is the initiative's sentiment metric named for the question, made on first
    use; the reading is the average, for everyone, on the session's day.
    """
    question = PULSE_QUESTIONS.get(proposal.subject)
    if question is None:
        return None
    result = tally(proposal, list(ballots))
    if result.average is None or result.ballots == 0:
        return None
    metric = pulse_metric(initiative_id, question, metrics)
    new = metric is None
    if metric is None:
        metric = Metric(
            initiative_id=initiative_id,
            name=question.metric_name,
            kind=MetricKind.SENTIMENT,
            unit=PULSE_UNIT,
            direction=Direction.HIGHER,
        )
    votes = "1 vote" if result.ballots == 1 else f"{result.ballots} votes"
    reading = Reading(
        metric_id=metric.id,
        taken_on=taken_on,
        value=round(result.average, 2),
        cohort=Cohort.ALL,
        note=f"Closing pulse of the session “{session_title}”: {votes}",
    )
    return PulseReading(metric, new, reading)


def pulse_metric(
    initiative_id: str, question: PulseQuestion, metrics: Iterable[Metric]
) -> Metric | None:
    """The initiative's metric a question's answers are read into, if it exists yet (one
    whose readings are typed in: a pulse cannot add to one measured from events)."""
    for metric in metrics:
        if (
            metric.initiative_id == initiative_id
            and metric.kind is MetricKind.SENTIMENT
            and metric.name == question.metric_name
            and metric.measure is Measure.READINGS
        ):
            return metric
    return None
