"""Rules of a live session: the item timer, one-key choices, starting and summing up.

Everything here is pure: the screens of the live session call these functions and
keep only the widgets to themselves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from opstui.domain.initiative import Person
from opstui.domain.metrics import Metric
from opstui.domain.playbook import Playbook, ProposalSpec
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FeedbackKind,
    FillIn,
    Sentiment,
    Session,
    SessionState,
)
from opstui.domain.steps import Step
from opstui.domain.text import printable as printable  # re-exported: screens import it from here
from opstui.domain.voting import (
    Ballot,
    Outcome,
    PassRule,
    Proposal,
    ProposalStatus,
    ProposalSubject,
    Tally,
    VoteMethod,
    tally,
)

# -- showing user text ---------------------------------------------------------------


def shorten(text: str, limit: int) -> str:
    """The first ``limit`` characters of one line of text, with an ellipsis if cut."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: max(limit - 1, 0)] + "…"


# -- the item timer ------------------------------------------------------------------


@dataclass
class ItemClock:
    """Seconds an agenda item's timer has run, pauses excluded.

    ``now`` is a monotonic reading in seconds (``time.monotonic()``), so changes of the
    wall clock during a call never make the timer jump.
    """

    banked: int = 0
    running_since: float | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def elapsed(self, now: float) -> int:
        if self.running_since is None:
            return self.banked
        return self.banked + max(int(now - self.running_since), 0)

    def start(self, now: float) -> None:
        if self.running_since is None:
            self.running_since = now

    def pause(self, now: float) -> int:
        """Stop the clock and bank the seconds run; returns the total."""
        self.banked = self.elapsed(now)
        self.running_since = None
        return self.banked

    def reset(self, banked: int, now: float | None = None) -> None:
        """Start over from ``banked`` seconds, running from ``now`` if given."""
        self.banked = banked
        self.running_since = now


def format_clock(seconds: int) -> str:
    """Minutes and seconds, as "04:05" (minutes keep counting past an hour: "75:00")."""
    seconds = abs(seconds)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@dataclass(frozen=True)
class TimerReading:
    """What the timer shows for an item: time left, or by how much it ran over."""

    elapsed: int
    allowed: int

    @property
    def overrun(self) -> bool:
        return self.elapsed > self.allowed

    @property
    def remaining(self) -> int:
        return self.allowed - self.elapsed

    @property
    def clock(self) -> str:
        return ("+" if self.overrun else "") + format_clock(self.remaining)

    @property
    def actual_minutes(self) -> int:
        return math.ceil(self.elapsed / 60)


def switch_item(
    agenda: Sequence[AgendaItem], current: int, target: int, elapsed: int, now: datetime
) -> tuple[AgendaItem, AgendaItem]:
    """Leave the item at ``current`` (recording its seconds) for the one at ``target``.

    Returns the two items as they should be stored. An item keeps its first start time
    when it is visited again, and its seconds keep adding up.
    """
    left = agenda[current].model_copy(update={"elapsed_seconds": elapsed, "ended_at": now})
    entered = agenda[target]
    entered = entered.model_copy(update={"started_at": entered.started_at or now, "ended_at": None})
    return left, entered


# -- one-key choices -------------------------------------------------------------------

#: The key that records a remark as anonymous.
ANONYMOUS_KEY = "0"

#: Sentiment keys: the digit is the point on the scale.
SENTIMENT_KEYS: dict[str, Sentiment] = {str(int(s)): s for s in Sentiment}

#: Feedback kinds by their first letter.
KIND_KEYS: dict[str, FeedbackKind] = {kind.value[0]: kind for kind in FeedbackKind}


def participant_keys(person_ids: Sequence[str]) -> dict[str, str | None]:
    """Digits 1-9 for the first nine participants in the order picked; 0 for anonymous."""
    keys: dict[str, str | None] = {str(n): pid for n, pid in enumerate(person_ids[:9], 1)}
    keys[ANONYMOUS_KEY] = None
    return keys


def default_kind(sentiment: Sentiment) -> FeedbackKind:
    """The kind a remark most likely is, given how it felt; the facilitator can change it."""
    if sentiment >= Sentiment.POSITIVE:
        return FeedbackKind.PRAISE
    if sentiment <= Sentiment.NEGATIVE:
        return FeedbackKind.CONCERN
    return FeedbackKind.OBSERVATION


_VALUE_KEYS: dict[VoteMethod, dict[str, str]] = {
    VoteMethod.FIST_OF_FIVE: {str(n): str(n) for n in range(6)},
    VoteMethod.CONSENT: {"a": "agree", "s": "abstain", "d": "disagree", "b": "block"},
    VoteMethod.YES_NO: {"y": "yes", "n": "no"},
}


def vote_keys(proposal: Proposal) -> dict[str, str]:
    """The key for each value of a vote: one key records one person's ballot.

    A dot vote has a digit per option instead: each press places one dot.
    """
    if proposal.method is VoteMethod.DOT:
        return {str(n): option for n, option in enumerate(proposal.options[:9], 1)}
    return dict(_VALUE_KEYS[proposal.method])


def vote_key_hint(proposal: Proposal) -> str:
    """The keys of a vote, as the grid's hint line says them."""
    if proposal.method is VoteMethod.FIST_OF_FIVE:
        return "0-5 record a fist"
    if proposal.method is VoteMethod.DOT:
        return "1-9 place a dot on an option · Enter next person"
    return " · ".join(f"{key} {value}" for key, value in vote_keys(proposal).items())


def place_dot(proposal: Proposal, dots: dict[str, int], option: str) -> dict[str, int]:
    """One more dot on an option, refused once the person's budget is spent."""
    if option not in proposal.options:
        raise ValueError(f"no such option: {option}")
    if sum(dots.values()) >= proposal.budget:
        raise ValueError(f"all {proposal.budget} dots are placed")
    placed = dict(dots)
    placed[option] = placed.get(option, 0) + 1
    return placed


def dots_left(proposal: Proposal, dots: dict[str, int]) -> int:
    return max(proposal.budget - sum(dots.values()), 0)


# -- starting a session ------------------------------------------------------------------


def suggest_playbook(playbooks: Sequence[Playbook], step: Step) -> Playbook | None:
    """The playbook for the initiative's step: the first at that step, else the closest."""
    if not playbooks:
        return None
    return min(playbooks, key=lambda book: (abs(int(book.step) - int(step)), book.step < step))


def latest_session(sessions: Iterable[Session]) -> Session | None:
    """The most recent session that took place or is planned, by when it was held."""
    dated = [s for s in sessions if s.held_at is not None]
    if not dated:
        return None
    return max(dated, key=lambda s: s.held_at or datetime.min)


def plan_session(
    *,
    initiative_id: str,
    playbook: Playbook,
    title: str,
    participant_ids: Sequence[str],
    facilitator_id: str | None,
    now: datetime,
) -> tuple[Session, list[AgendaItem]]:
    """A session started now from a playbook, live on its first agenda item."""
    session = Session(
        initiative_id=initiative_id,
        playbook_key=playbook.key,
        kind=playbook.kind,
        title=title,
        facilitator_id=facilitator_id,
        participant_ids=list(dict.fromkeys(participant_ids)),
        state=SessionState.LIVE,
        started_at=now,
    )
    agenda = [
        AgendaItem(
            session_id=session.id,
            position=position,
            title=spec.title,
            planned_minutes=spec.minutes,
            prompt=spec.prompt,
            capture=spec.capture,
            started_at=now if position == 0 else None,
        )
        for position, spec in enumerate(playbook.agenda)
    ]
    return session, agenda


# -- votes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteOffer:
    """A vote the facilitator can call: a playbook proposal, or one per metric."""

    title: str
    description: str = ""
    method: VoteMethod = VoteMethod.FIST_OF_FIVE
    pass_rule: PassRule | None = None
    subject: ProposalSubject = ProposalSubject.GENERAL
    options: tuple[str, ...] = ()
    budget: int = 0
    anonymous: bool = False
    metric_id: str | None = None

    def proposal(self, session_id: str, *, quorum: int = 0) -> Proposal:
        return Proposal(
            session_id=session_id,
            title=self.title,
            description=self.description,
            method=self.method,
            pass_rule=self.pass_rule,
            quorum=quorum,
            options=list(self.options),
            budget=self.budget,
            anonymous=self.anonymous,
            subject=self.subject,
            metric_id=self.metric_id,
        )


def _offer(spec: ProposalSpec, title: str, metric_id: str | None = None) -> VoteOffer:
    return VoteOffer(
        title=title[:300],
        description=spec.description,
        method=spec.method,
        pass_rule=spec.pass_rule,
        subject=spec.subject,
        options=tuple(spec.options),
        budget=spec.budget,
        anonymous=spec.anonymous,
        metric_id=metric_id,
    )


def vote_offers(playbook: Playbook | None, metrics: Sequence[Metric]) -> list[VoteOffer]:
    """The votes a playbook brings; a proposal about metrics is offered once per metric."""
    offers: list[VoteOffer] = []
    for spec in playbook.proposals if playbook else []:
        if spec.subject is ProposalSubject.METRIC and metrics:
            offers.extend(_offer(spec, f"{spec.title}: {m.name}", m.id) for m in metrics)
        else:
            offers.append(_offer(spec, spec.title))
    return offers


def open_vote(proposals: Iterable[Proposal]) -> Proposal | None:
    """The vote under way, if any: the latest proposal still open."""
    found = [p for p in proposals if p.status is ProposalStatus.OPEN]
    return found[-1] if found else None


def decision_statement(proposal: Proposal, result: Tally) -> str:
    """A first draft of the outcome statement, for the facilitator to edit."""
    match result.outcome:
        case Outcome.PASSED:
            lead = "Agreed"
        case Outcome.FAILED:
            lead = "Not agreed"
        case Outcome.NO_QUORUM:
            lead = "No quorum"
    if proposal.method is VoteMethod.DOT and result.winner:
        return f"{lead}: {proposal.title} — {result.winner} chosen ({result.summary()})"
    return f"{lead}: {proposal.title} ({result.summary()})"


def parse_due(text: str, today: date) -> date | None:
    """A due date as typed: empty, "2026-03-31", or "+7" for a week from today."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("+"):
        try:
            days = int(text[1:].removesuffix("d"))
        except ValueError:
            raise ValueError("a due date like 2026-03-31, or +7 for a week from today") from None
        return today + timedelta(days=days)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("a due date like 2026-03-31, or +7 for a week from today") from None


# -- carried-over actions ------------------------------------------------------------------


def carried_over(actions: Iterable[ActionItem], session: Session) -> list[ActionItem]:
    """Actions from earlier sessions, open when this one began (ticked here or still open)."""
    began = session.started_at
    return [
        action
        for action in actions
        if action.session_id != session.id
        and (
            not action.done
            or (began is not None and action.done_at is not None and action.done_at >= began)
        )
        and (began is None or action.created_at <= began)
    ]


# -- summing up ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteResult:
    """How one vote of the session went."""

    title: str
    method: VoteMethod
    rounds: int
    outcome: Outcome | None
    counts: str
    decision: str | None = None


@dataclass(frozen=True)
class SessionSummary:
    """What a session produced: shown when it ends, and in its notes."""

    feedback_by_kind: dict[FeedbackKind, int]
    fill_ins: list[str]
    votes: list[VoteResult]
    decisions: list[str]
    actions: list[ActionItem]
    planned_minutes: int
    actual_minutes: int
    overruns: list[str] = field(default_factory=list)
    ended_at: datetime | None = None

    @property
    def feedback_total(self) -> int:
        return sum(self.feedback_by_kind.values())

    @property
    def open_votes(self) -> list[VoteResult]:
        return [v for v in self.votes if v.outcome is None]


def summarize(
    session: Session,
    *,
    agenda: Sequence[AgendaItem],
    feedback: Sequence[Feedback],
    fill_ins: Sequence[FillIn],
    proposals: Sequence[Proposal],
    ballots: Sequence[Ballot],
    decisions: Sequence[Decision],
    actions: Sequence[ActionItem],
    ended_at: datetime | None = None,
) -> SessionSummary:
    """Captures by kind, vote outcomes, decisions, actions and time against plan."""
    by_kind = dict.fromkeys(FeedbackKind, 0)
    for item in feedback:
        by_kind[item.kind] += 1
    mine = [d for d in decisions if d.session_id == session.id]
    votes = []
    for proposal in proposals:
        statement = next((d.statement for d in mine if d.proposal_id == proposal.id), None)
        result = tally(proposal, list(ballots))
        votes.append(
            VoteResult(
                proposal.title,
                proposal.method,
                proposal.round,
                proposal.outcome if proposal.status is ProposalStatus.CLOSED else None,
                result.summary(),
                statement,
            )
        )
    return SessionSummary(
        feedback_by_kind=by_kind,
        fill_ins=[f.title for f in fill_ins],
        votes=votes,
        decisions=[d.statement for d in mine],
        actions=[a for a in actions if a.session_id == session.id],
        planned_minutes=sum(item.planned_minutes for item in agenda),
        actual_minutes=sum(item.actual_minutes for item in agenda),
        overruns=[item.title for item in agenda if item.overran],
        ended_at=ended_at or session.ended_at,
    )


def person_label(person: Person | None) -> str:
    """A participant as lists show them: the name, or "anonymous"."""
    return "anonymous" if person is None else person.name
