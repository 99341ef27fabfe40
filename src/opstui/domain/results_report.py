"""The results of an initiative for the people who spoke: "you said → we did".

The guide's last step shares results, good or bad, with everyone affected: what we heard,
what came of it, how the outcome moved against its baseline, how satisfied people are
with the solution and with the rollout, the lessons and what we will do differently.
``results_of`` builds that from an initiative's facts, for everyone or for one group.

Whose remark it is. A remark belongs to its speaker's group. An anonymous remark has no
speaker and so no group, and putting it under a group could tell who said it (a group
that sent one person to a session). So anonymous remarks appear only in the report for
everyone, in a section of their own, with neither a name, a group, a session nor a day;
a group's report holds only the named remarks of that group. Answers of templates filled
in together have no speaker either: they follow the same rule.

Remarks of a cancelled session count for nothing here, as everywhere
(``counted_sessions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from opstui.domain.buy_in import CommPurpose, CommStatus, LinkTarget, RemarkLink
from opstui.domain.chart_series import SATISFACTION_FIELDS, satisfaction_by_session
from opstui.domain.counted_sessions import counted
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Group, Initiative
from opstui.domain.metrics import (
    Cohort,
    Metric,
    MetricKind,
    Progress,
    cohorts_measured,
    describe_progress,
    progress_by_cohort,
)
from opstui.domain.session import Feedback, FeedbackKind, Sentiment, Session
from opstui.domain.voting import ProposalSubject

#: The evaluation playbook's answer that says what to do differently next time.
DIFFERENTLY_FIELD = "do_differently"


class Topic(StrEnum):
    """What a satisfaction measure is about."""

    SOLUTION = "solution"
    ROLLOUT = "rollout"
    SESSIONS = "sessions"
    #: The average sentiment of the remarks heard: how people felt, about anything.
    REMARKS = "remarks"


#: Words in a sentiment metric's name that say it is about the rollout, not the solution.
_ROLLOUT_WORDS = ("rollout", "roll-out", "rolling out", "launch", "onboarding", "training")


def satisfaction_topic(metric: Metric) -> Topic:
    """Whether a sentiment metric measures the solution, the rollout or the sessions.

    Told by its name, which is all there is: "Rollout pulse" and "Value of the session"
    are not about the solution; any other sentiment metric is.
    """
    name = metric.name.lower()
    if any(word in name for word in _ROLLOUT_WORDS):
        return Topic.ROLLOUT
    if "session" in name:
        return Topic.SESSIONS
    return Topic.SOLUTION


@dataclass(frozen=True)
class Done:
    """One thing that came of a remark or an answer."""

    target: LinkTarget
    #: The decision's statement, the action's text, the metric's name, the change's words.
    text: str
    #: For an action: whether it is done. None for anything else.
    done: bool | None = None
    #: The day a decision was taken or an action done; its due day while open.
    on: date | None = None


@dataclass(frozen=True)
class Heard:
    """A remark as the report shows it, with what came of it.

    An anonymous remark carries no id, speaker, group or day: nothing to trace it by.
    """

    text: str
    kind: FeedbackKind
    sentiment: Sentiment
    feedback_id: str | None
    speaker_id: str | None
    group: Group | None
    heard_on: date | None
    done: tuple[Done, ...]


@dataclass(frozen=True)
class HeardAnswer:
    """An answer of a template filled in together that something came of."""

    template: str
    field_key: str
    text: str
    done: tuple[Done, ...]


@dataclass(frozen=True)
class CohortOutcome:
    cohort: Cohort
    progress: Progress
    #: ``metrics.describe_progress``: the sentence every screen says it with.
    sentence: str


@dataclass(frozen=True)
class OutcomeResult:
    """The outcome metric against its baseline and target: all, then each cohort measured."""

    metric: Metric
    cohorts: tuple[CohortOutcome, ...]


@dataclass(frozen=True)
class Score:
    """A satisfaction measure: a 1-5 score, a sentiment reading, or remarks' average."""

    topic: Topic
    label: str
    value: float
    on: date | None
    #: How many answered, for scores and remarks; None for a metric's reading.
    count: int | None = None
    unit: str = ""


@dataclass(frozen=True)
class ResultsMessage:
    """A results message of the communication plan: to whom, how, planned or sent."""

    audience: str
    channel: str
    sent: bool
    planned_on: date | None
    sent_on: date | None


@dataclass(frozen=True)
class ResultsReport:
    initiative: Initiative
    #: The group it is for; None: everyone affected.
    group: Group | None
    today: date
    #: Named remarks: the group's, or everyone's by group (``Group`` order) then by time.
    heard: tuple[Heard, ...]
    #: Everyone's report only.
    heard_anonymously: tuple[Heard, ...]
    answers: tuple[HeardAnswer, ...]
    outcome: OutcomeResult | None
    satisfaction: tuple[Score, ...]
    lessons_learned: str
    do_differently: tuple[str, ...]
    messages: tuple[ResultsMessage, ...]
    results_shared_on: date | None


def results_of(facts: InitiativeFacts, group: Group | None = None) -> ResultsReport:
    """The results of the initiative, for one affected group or (None) for everyone."""
    sessions = _in_order(counted(facts.sessions))
    links = _links_by_source(facts)
    done_of = _Outcomes(facts)
    remarks = facts.feedback_in(sessions)
    named = [r for r in remarks if not r.anonymous]
    if group is not None:
        named = [r for r in named if _group_of(facts, r) is group]
    order = list(Group)
    named.sort(key=lambda r: (order.index(_group_of(facts, r) or Group.OTHER), r.created_at, r.id))
    heard = tuple(
        Heard(
            r.text,
            r.kind,
            r.sentiment,
            r.id,
            r.person_id,
            _group_of(facts, r),
            _held_on(sessions, r),
            done_of.all(links.get(r.id, [])),
        )
        for r in named
    )
    anonymous: tuple[Heard, ...] = ()
    answers: tuple[HeardAnswer, ...] = ()
    if group is None:
        hidden = sorted((r for r in remarks if r.anonymous), key=lambda r: (r.created_at, r.id))
        anonymous = tuple(
            Heard(
                r.text,
                r.kind,
                r.sentiment,
                None,
                None,
                None,
                None,
                done_of.all(links.get(r.id, [])),
            )
            for r in hidden
        )
        answers = _answers(facts, sessions, links, done_of)
    said = [*named, *(r for r in remarks if r.anonymous)] if group is None else named
    return ResultsReport(
        initiative=facts.initiative,
        group=group,
        today=facts.today,
        heard=heard,
        heard_anonymously=anonymous,
        answers=answers,
        outcome=_outcome(facts),
        satisfaction=_satisfaction(facts, sessions, said),
        lessons_learned=facts.initiative.lessons_learned,
        do_differently=_differently(facts, sessions),
        messages=_messages(facts, group),
        results_shared_on=facts.initiative.results_shared_on,
    )


# -- pieces ------------------------------------------------------------------------------


def _in_order(sessions: list[Session]) -> list[Session]:
    """Sessions by when they were held; never-scheduled ones last."""
    return sorted(
        sessions,
        key=lambda s: (s.held_at is None, s.held_at.isoformat() if s.held_at else "", s.id),
    )


def _group_of(facts: InitiativeFacts, remark: Feedback) -> Group | None:
    person = facts.people.get(remark.person_id) if remark.person_id else None
    return person.group if person is not None else None


def _held_on(sessions: list[Session], remark: Feedback) -> date | None:
    for session in sessions:
        if session.id == remark.session_id and session.held_at is not None:
            return session.held_at.date()
    return remark.created_at.date()


def _links_by_source(facts: InitiativeFacts) -> dict[str, list[RemarkLink]]:
    """Links by the remark's id, or by ``fill_in_id/field_key`` for an answer; oldest first."""
    found: dict[str, list[RemarkLink]] = {}
    for link in sorted(facts.links or [], key=lambda k: (k.created_at, k.id)):
        key = link.feedback_id or f"{link.fill_in_id}/{link.field_key}"
        found.setdefault(key, []).append(link)
    return found


class _Outcomes:
    """What each link leads to, looked up once per initiative."""

    def __init__(self, facts: InitiativeFacts) -> None:
        self.decisions = {d.id: d for d in facts.decisions}
        self.actions = {a.id: a for a in facts.actions}
        self.metrics = {m.id: m for m in facts.metrics}

    def all(self, links: list[RemarkLink]) -> tuple[Done, ...]:
        found = (self.one(link) for link in links)
        return tuple(done for done in found if done is not None)

    def one(self, link: RemarkLink) -> Done | None:
        """What the link leads to; None when that record is gone."""
        match link.target:
            case LinkTarget.DECISION:
                decision = self.decisions.get(link.decision_id or "")
                if decision is None:
                    return None
                return Done(link.target, decision.statement, on=decision.decided_at.date())
            case LinkTarget.ACTION:
                action = self.actions.get(link.action_id or "")
                if action is None:
                    return None
                when = action.done_at.date() if action.done and action.done_at else action.due_on
                return Done(link.target, action.text, done=action.done, on=when)
            case LinkTarget.METRIC:
                metric = self.metrics.get(link.metric_id or "")
                return None if metric is None else Done(link.target, metric.name)
            case _:
                return Done(LinkTarget.CHANGE, link.change.strip())


def _answers(
    facts: InitiativeFacts,
    sessions: list[Session],
    links: dict[str, list[RemarkLink]],
    done_of: _Outcomes,
) -> tuple[HeardAnswer, ...]:
    counted_ids = {s.id for s in sessions}
    answers = []
    for fill_in in sorted(facts.fill_ins, key=lambda f: (f.created_at, f.id)):
        if fill_in.session_id not in counted_ids:
            continue
        for key in sorted(fill_in.values):
            done = done_of.all(links.get(f"{fill_in.id}/{key}", []))
            value = fill_in.values[key]
            if done and value is not None and str(value).strip():
                answers.append(HeardAnswer(fill_in.title, key, str(value), done))
    return tuple(answers)


def _outcome(facts: InitiativeFacts) -> OutcomeResult | None:
    """The primary metric (``facts.primary_metric``), unless that is only a sentiment one."""
    metric = facts.primary_metric
    if metric is None or metric.kind is MetricKind.SENTIMENT:
        return None
    readings = facts.readings_of(metric)
    results = progress_by_cohort(metric, readings, today=facts.today)
    shown = [Cohort.ALL, *(c for c in cohorts_measured(readings) if c is not Cohort.ALL)]
    return OutcomeResult(
        metric,
        tuple(CohortOutcome(c, results[c], describe_progress(metric, results[c])) for c in shown),
    )


def _satisfaction(
    facts: InitiativeFacts, sessions: list[Session], said: list[Feedback]
) -> tuple[Score, ...]:
    scores: list[Score] = []
    evaluations = satisfaction_by_session(sessions, facts.fill_ins)
    if evaluations:
        latest = evaluations[-1]
        held = next((s.held_at for s in sessions if s.id == latest.session_id), None)
        for key, label in SATISFACTION_FIELDS:
            if key in latest.scores:
                topic = Topic.ROLLOUT if key.startswith("rollout") else Topic.SOLUTION
                scores.append(
                    Score(
                        topic,
                        label,
                        latest.scores[key],
                        held.date() if held else None,
                        latest.responses,
                    )
                )
    for metric in facts.metrics:
        if metric.kind is not MetricKind.SENTIMENT:
            continue
        latest_reading = progress_by_cohort(metric, facts.readings_of(metric), today=facts.today)[
            Cohort.ALL
        ]
        if latest_reading.latest is not None:
            scores.append(
                Score(
                    satisfaction_topic(metric),
                    metric.name,
                    latest_reading.latest,
                    latest_reading.latest_on,
                    unit=metric.unit,
                )
            )
    if said:
        average = sum(int(r.sentiment) for r in said) / len(said)
        scores.append(Score(Topic.REMARKS, "Remarks", average, None, len(said)))
    return tuple(scores)


def _differently(facts: InitiativeFacts, sessions: list[Session]) -> tuple[str, ...]:
    """Answers of "what to do differently", then decisions on the next iteration."""
    place = {s.id: n for n, s in enumerate(sessions)}
    found: list[str] = []
    for fill_in in sorted(
        (f for f in facts.fill_ins if f.session_id in place),
        key=lambda f: (place[f.session_id], f.created_at, f.id),
    ):
        value = fill_in.values.get(DIFFERENTLY_FIELD)
        if isinstance(value, str) and value.strip():
            found.append(value.strip())
    next_round = {p.id for p in facts.proposals if p.subject is ProposalSubject.NEXT_ITERATION}
    for decision in sorted(facts.decisions, key=lambda d: (d.decided_at, d.id)):
        if decision.proposal_id in next_round:
            found.append(decision.statement)
    return tuple(found)


def _messages(facts: InitiativeFacts, group: Group | None) -> tuple[ResultsMessage, ...]:
    """Results messages: all of them, or those to the group and to everyone."""
    cohorts = {c.id: c.name for c in facts.cohorts}
    chosen = []
    for item in facts.comm_items:
        if item.purpose is not CommPurpose.RESULTS:
            continue
        everyone = item.audience_group is None and item.cohort_id is None
        if group is not None and not (everyone or item.audience_group is group):
            continue
        if item.audience_group is not None:
            audience = item.audience_group.label
        elif item.cohort_id is not None:
            audience = cohorts.get(item.cohort_id, "a pilot cohort")
        else:
            audience = "everyone affected"
        sent = item.status is CommStatus.SENT
        chosen.append(
            (item, ResultsMessage(audience, item.channel, sent, item.planned_on, item.sent_on))
        )
    chosen.sort(key=lambda pair: (pair[1].sent_on or pair[1].planned_on or date.max, pair[0].id))
    return tuple(message for _, message in chosen)


# -- which groups a report can be for --------------------------------------------------------


def report_groups(facts: InitiativeFacts) -> list[Group]:
    """The groups a results report can be for: the initiative's affected groups, in order."""
    affected = {g.group for g in facts.groups}
    return [group for group in Group if group in affected]


def group_named(name: str) -> Group | None:
    """The group a person typed: its value or its label, any case ("go-to-market",
    "Go to market"); None when no group is called that."""
    wanted = " ".join(name.replace("-", " ").split()).casefold()
    for group in Group:
        if wanted in (group.value.replace("-", " "), group.label.casefold()):
            return group
    return None
