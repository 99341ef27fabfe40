"""Write a benchmark database through the store: the demo, or years of a large ops team.

Everything is derived from one seeded random generator and a fixed anchor date, so the
same seed always gives the same file, row for row (ids included). The large size stands
for an ops team that has kept every session of a thousand initiatives in one file.

    python benchmarks/generate.py --size small|large|deep --out PATH [--seed N]

The deep size is a few initiatives, one of which has run for years: 6,320 sessions
(the issue's deepest), each with what a large file's session holds on average.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from opstui.db.store import Store
from opstui.domain.initiative import (
    AffectedGroup,
    CohortScope,
    CohortStage,
    Group,
    Initiative,
    InitiativeStatus,
    Person,
    PilotCohort,
)
from opstui.domain.metrics import Cohort, Direction, Metric, MetricKind, Reading
from opstui.domain.progress import Progress, silent
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FeedbackKind,
    FillIn,
    ReadinessAssessment,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.steps import Step
from opstui.domain.voting import (
    Ballot,
    Outcome,
    Proposal,
    ProposalStatus,
    ProposalSubject,
    VoteMethod,
    tally,
)

#: Bump whenever the generated content changes: cached files with another version are rebuilt.
GENERATOR_VERSION = 1
DEFAULT_SEED = 20_260_105
#: "Now" for the generated data: every timestamp is counted back from here, never the clock.
ANCHOR = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
#: The meta key recording how a benchmark file was made, for run.py's cache.
META_KEY = "bench_generator"

T = TypeVar("T")


@dataclass(frozen=True)
class Sizes:
    """How many of each record a generated database holds."""

    people: int
    initiatives: int
    sessions: int
    feedback: int
    proposals: int
    ballots_per_proposal: int
    actions: int
    fill_ins: int
    metrics_per_initiative: int
    readings_per_metric: int
    agenda_per_session: int = 4
    #: Sessions committed per write transaction: big enough to avoid one fsync per row.
    batch_sessions: int = 500


LARGE = Sizes(
    people=2_000,
    initiatives=1_000,
    sessions=20_000,
    feedback=200_000,
    proposals=10_000,
    ballots_per_proposal=5,
    actions=30_000,
    fill_ins=4_000,
    metrics_per_initiative=5,
    readings_per_metric=20,
)


@dataclass(frozen=True)
class DeepSizes(Sizes):
    """Sizes with one initiative holding ``deepest`` of the sessions (the first one written).

    A subclass, so that the large and tiny sizes (and the fingerprints recorded from
    them) stay as they were.
    """

    deepest: int = 0


#: A long-running initiative: 6,320 sessions in one (the issue's deepest), with the
#: large file's captures per session (10 remarks, 0.5 votes of 5 ballots, 1.5 action
#: items, 0.2 fill-ins), and 11 ordinary initiatives around it.
DEEP = DeepSizes(
    people=400,
    initiatives=12,
    sessions=7_000,
    feedback=70_000,
    proposals=3_500,
    ballots_per_proposal=5,
    actions=10_500,
    fill_ins=1_400,
    metrics_per_initiative=5,
    readings_per_metric=20,
    deepest=6_320,
)

#: A few of everything: for the generator's own test.
TINY = Sizes(
    people=30,
    initiatives=6,
    sessions=40,
    feedback=300,
    proposals=12,
    ballots_per_proposal=5,
    actions=25,
    fill_ins=8,
    metrics_per_initiative=2,
    readings_per_metric=6,
    batch_sessions=7,
)


@dataclass
class Counts:
    """What a generator run wrote."""

    people: int = 0
    initiatives: int = 0
    affected_groups: int = 0
    cohorts: int = 0
    sessions: int = 0
    agenda_items: int = 0
    feedback: int = 0
    fill_ins: int = 0
    proposals: int = 0
    ballots: int = 0
    decisions: int = 0
    actions: int = 0
    metrics: int = 0
    readings: int = 0
    readiness: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# -- words ---------------------------------------------------------------------------------
# Our own small vocabulary of an internal-infrastructure rollout: enough variety for
# full-text search to have common words, rare words and phrases to find.

FIRST_NAMES = (
    "Ana", "Bo", "Chen", "Dara", "Eli", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kemal",
    "Lea", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tomas", "Uma", "Vik",
    "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Carla", "Dev",
)  # fmt: skip
LAST_NAMES = (
    "Ruiz", "Okafor", "Lindqvist", "Tanaka", "Moreau", "Haddad", "Novak", "Silva", "Kaur",
    "Brandt", "Costa", "Nguyen", "Petrov", "Achebe", "Larsen", "Rossi", "Yilmaz", "Dubois",
    "Mendes", "Kowalski", "Sato", "Fischer", "Osei", "Jensen", "Ortega",
)  # fmt: skip
ROLES: dict[Group, tuple[str, ...]] = {
    Group.PRODUCT: ("Product manager", "Group PM", "Product ops lead", "Product analyst"),
    Group.ENGINEERING: ("Engineer", "Staff engineer", "Engineering manager", "SRE"),
    Group.DESIGN: ("Product designer", "UX researcher", "Content designer"),
    Group.GO_TO_MARKET: ("Account executive", "Solutions engineer", "Support lead", "PMM"),
    Group.LEADERSHIP: ("VP product", "CTO", "Director of engineering", "COO"),
    Group.OTHER: ("Finance partner", "Legal counsel", "People partner", "IT admin"),
}

OPENERS = (
    "Make", "Speed up", "Simplify", "Standardise", "Automate", "Centralise", "Clarify",
    "Shorten", "Share", "Unify",
)  # fmt: skip
SUBJECTS = (
    "customer interview scheduling", "release notes", "roadmap reviews", "feature flag cleanup",
    "the onboarding docs", "incident handoffs", "pricing approvals", "experiment analysis",
    "support escalations", "quarterly planning", "design critiques", "data access requests",
    "the launch checklist", "beta feedback triage", "sales-to-product requests",
    "dashboard definitions", "accessibility reviews", "API deprecation notices",
    "vendor security reviews", "on-call rotations", "product requirement docs",
    "win-loss interviews", "churn reviews", "localisation requests", "demo environments",
    "usage analytics", "customer advisory boards", "sprint demos", "bug triage",
    "contract renewals",
)  # fmt: skip
OUTCOMES = (
    "for every team", "across regions", "before each launch", "without a meeting",
    "in one place", "within a day", "for new hires", "for go-to-market", "end to end",
    "with one owner",
)  # fmt: skip

TOOLS = (
    "the calendar tool", "the shared tracker", "the request form", "the wiki page",
    "the approval bot", "the dashboard", "the template", "the weekly digest",
    "the intake queue", "the planning board",
)  # fmt: skip
TEAMS = (
    "the pilot team", "support", "the platform squad", "design", "sales engineering",
    "the data team", "finance", "the mobile team", "customer success", "leadership",
)  # fmt: skip
SITUATIONS = (
    "two regions need the same slot", "a launch slips by a week", "someone is on leave",
    "the owner changes teams", "we need legal sign-off", "the numbers disagree",
    "a customer escalates", "the request has no template", "three teams are involved",
    "the quarter closes",
)  # fmt: skip
BENEFITS = (
    "I can see who owns what", "the handoff is written down", "approvals come back the same day",
    "new hires find the answer alone", "we stopped double-booking interviews",
    "the dashboard numbers finally match", "nobody chases status in chat",
    "the release notes write themselves", "the onboarding takes days, not weeks",
    "support hears about changes before customers do",
)  # fmt: skip
SUGGESTIONS = (
    "add a default owner", "send a reminder a day before", "link the decision log",
    "pre-fill the template from the ticket", "show the slow approval steps",
    "keep a calendar of blackout dates", "let the pilot team opt out", "add a glossary",
    "export the summary to chat", "record a two-minute walkthrough",
)  # fmt: skip
QUESTIONS = (
    "who owns the template after launch", "how do we measure the handoff time",
    "what happens to requests already in flight", "does finance need to approve this",
    "can the pilot team keep their old calendar", "when do we share the results",
    "which dashboard is the source of truth", "how long does onboarding take today",
    "who answers questions in the first week", "what is the fallback if the bot is down",
)  # fmt: skip
WORKAROUNDS = (
    "keeps a private spreadsheet", "asks in chat", "books a meeting", "copies last quarter's doc",
    "forwards the email thread", "pings the manager directly", "waits for the weekly sync",
    "builds a one-off dashboard", "skips the form", "writes release notes by hand",
)  # fmt: skip
TAGS = (
    "calendar", "onboarding", "approval", "handoff", "dashboard", "template", "pilot",
    "ownership", "training", "tooling", "metrics", "communication", "latency", "compliance",
)  # fmt: skip

#: Phrases typed into the search box by someone reviewing years of feedback.
SEARCH_QUERIES = (
    "calendar",
    "onboarding",
    "slow approval",
    "pilot team",
    "handoff",
    "dashboard numbers",
    "who owns",
    "templ",
    "release notes",
    "double-booking interviews",
    "legal sign-off",
    "glossary",
)

METRIC_NAMES = (
    ("Days from request to customer interview", "days", Direction.LOWER, MetricKind.OUTCOME),
    ("Hours to approve a pricing change", "hours", Direction.LOWER, MetricKind.OUTCOME),
    ("Share of launches with release notes on time", "%", Direction.HIGHER, MetricKind.OUTCOME),
    ("Days until a new hire ships", "days", Direction.LOWER, MetricKind.OUTCOME),
    ("Escalations reaching product per week", "count", Direction.LOWER, MetricKind.LEADING),
    ("Requests with an owner within a day", "%", Direction.HIGHER, MetricKind.LEADING),
    ("Confidence in the planning process", "1-5", Direction.HIGHER, MetricKind.SENTIMENT),
    ("Satisfaction with the handoff", "1-5", Direction.HIGHER, MetricKind.SENTIMENT),
    ("Weekly logins to the tracker", "count", Direction.HIGHER, MetricKind.USAGE),
    ("Duplicate dashboards retired", "count", Direction.HIGHER, MetricKind.OUTCOME),
)

AGENDA: dict[SessionKind, tuple[tuple[str, int], ...]] = {
    SessionKind.DISCOVERY: (
        ("Introductions and goal", 5),
        ("Walk through the last time it happened", 20),
        ("Where it hurts most", 15),
        ("Wrap-up and next steps", 5),
    ),
    SessionKind.VALIDATION: (
        ("Recap of the problem", 5),
        ("Does the picture match yours?", 15),
        ("Agree on the metrics", 15),
        ("Vote and close", 10),
    ),
    SessionKind.PROCESS_MAPPING: (
        ("Start and end of the process", 5),
        ("Map each step and handoff", 25),
        ("Mark the delays", 10),
        ("Pick the first fix", 10),
    ),
    SessionKind.PILOT: (
        ("What changed since last time", 5),
        ("Demo from the pilot team", 15),
        ("Feedback round", 20),
        ("Go or adjust", 10),
    ),
    SessionKind.EVALUATION: (
        ("Results against the baseline", 15),
        ("How the rollout felt", 15),
        ("Lessons learned", 10),
        ("Share-out plan", 5),
    ),
    SessionKind.READINESS: (
        ("Rate the six elements", 15),
        ("Talk through the lowest", 15),
        ("Plan to close the gaps", 10),
        ("Owners and dates", 5),
    ),
}

KIND_FOR_STEP: dict[Step, tuple[SessionKind, ...]] = {
    Step.IDENTIFY_PROBLEM: (SessionKind.DISCOVERY, SessionKind.PROCESS_MAPPING),
    Step.DEFINE_SUCCESS: (SessionKind.DISCOVERY, SessionKind.VALIDATION),
    Step.VALIDATE: (SessionKind.VALIDATION, SessionKind.PROCESS_MAPPING),
    Step.SELECT_INFRASTRUCTURE: (SessionKind.VALIDATION, SessionKind.READINESS),
    Step.PROTOTYPE_AND_EXPAND: (SessionKind.PILOT, SessionKind.READINESS),
    Step.EVALUATE: (SessionKind.PILOT, SessionKind.EVALUATION),
}

PROPOSAL_TITLES = (
    "The problem statement is right",
    "Adopt the outcome metric as written",
    "Start the pilot with one team",
    "Expand to every region next month",
    "Keep the old process for one more quarter",
    "Retire the duplicate dashboards",
    "Name a single owner for the template",
)


# -- the generator -------------------------------------------------------------------------


class Generator:
    """One deterministic run: a seeded random source and the store it writes to."""

    def __init__(self, store: Store, sizes: Sizes, seed: int, progress: Progress = silent) -> None:
        self.store = store
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.counts = Counts()
        #: Told the sessions written after each batch (it draws nothing from ``rng``).
        self.progress = progress

    # helpers

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def spread(self, total: int, bins: int, weights: Sequence[float] | None = None) -> list[int]:
        """Deal ``total`` items into ``bins`` at random (weighted), exactly ``total`` in all."""
        counts = [0] * bins
        for index in self.rng.choices(range(bins), weights=weights, k=total):
            counts[index] += 1
        return counts

    def sentence(self, kind: FeedbackKind) -> str:
        rng = self.rng
        match kind:
            case FeedbackKind.PRAISE:
                return f"Since the change, {self.pick(BENEFITS)}."
            case FeedbackKind.CONCERN:
                if rng.random() < 0.5:
                    return f"{self.pick(TOOLS).capitalize()} is slow when {self.pick(SITUATIONS)}."
                return (
                    f"{self.pick(TEAMS).capitalize()} still {self.pick(WORKAROUNDS)} "
                    f"because {self.pick(SITUATIONS)}."
                )
            case FeedbackKind.SUGGESTION:
                return f"Could we {self.pick(SUGGESTIONS)} before {self.pick(TEAMS)} joins?"
            case FeedbackKind.QUESTION:
                return f"{self.pick(QUESTIONS).capitalize()}?"
            case _:
                return f"When {self.pick(SITUATIONS)}, {self.pick(TEAMS)} {self.pick(WORKAROUNDS)}."

    # the parts

    def people(self) -> list[Person]:
        groups = list(Group)
        weights = (30, 35, 10, 15, 5, 5)
        people = []
        with self.store.replaying():
            order = list(range(self.sizes.people))
            self.rng.shuffle(order)
            for n in order:
                group = self.rng.choices(groups, weights=weights)[0]
                first = FIRST_NAMES[n % len(FIRST_NAMES)]
                rest = n // len(FIRST_NAMES)
                last = LAST_NAMES[rest % len(LAST_NAMES)]
                # Past every first-and-last pair, a middle initial keeps names apart.
                middle = (
                    f"{chr(ord('A') + rest // len(LAST_NAMES) % 26)}. "
                    if rest >= len(LAST_NAMES)
                    else ""
                )
                person = Person(
                    id=self.uid(),
                    name=f"{first} {middle}{last}",
                    role=self.pick(ROLES[group]),
                    group=group,
                )
                self.store.add_person(person)
                people.append(person)
        self.counts.people = len(people)
        return people

    def titles(self) -> list[str]:
        combos = [f"{o} {s} {e}" for o in OPENERS for s in SUBJECTS for e in OUTCOMES]
        if self.sizes.initiatives <= len(combos):
            return self.rng.sample(combos, self.sizes.initiatives)
        return [
            f"{self.pick(combos)} ({n + 1})" for n in range(self.sizes.initiatives)
        ]  # pragma: no cover - more initiatives than combinations

    def run(self) -> Counts:
        sizes = self.sizes
        people = self.people()
        titles = self.titles()
        # A few long-running initiatives hold most of the sessions, as in real files.
        weights = [1 / (rank + 1) ** 0.5 for rank in range(sizes.initiatives)]
        self.rng.shuffle(weights)
        deepest = getattr(sizes, "deepest", 0)
        if deepest:
            rest = self.spread(sizes.sessions - deepest, sizes.initiatives - 1, weights[1:])
            sessions_per = [deepest, *rest]
        else:
            sessions_per = self.spread(sizes.sessions, sizes.initiatives, weights)
        per_session = list(
            zip(
                self.spread(sizes.feedback, sizes.sessions),
                self.spread(sizes.proposals, sizes.sessions),
                self.spread(sizes.actions, sizes.sessions),
                self.spread(sizes.fill_ins, sizes.sessions),
                strict=True,
            )
        )
        first = 0
        self.progress("writing sessions", 0, sizes.sessions)
        for batch in self.batches(sessions_per):
            if len(batch) == 1 and sessions_per[batch[0]] > 2 * sizes.batch_sessions:
                # A deep initiative is written over many transactions, a batch of its
                # sessions each, as a big file's initiatives are.
                count = sessions_per[batch[0]]
                self.initiative(
                    titles[batch[0]], people, per_session[first : first + count], batched=True
                )
                first += count
                continue
            # One transaction per batch: the store's own calls join it (one fsync, not one
            # per row), and an error rolls the batch back.
            with self.store.replaying():
                for number in batch:
                    count = sessions_per[number]
                    self.initiative(titles[number], people, per_session[first : first + count])
                    first += count
            self.progress("writing sessions", first, sizes.sessions)
        return self.counts

    def batches(self, sessions_per: list[int]) -> Iterator[list[int]]:
        """Initiatives grouped so that each group holds about ``batch_sessions`` sessions."""
        batch: list[int] = []
        held = 0
        for number, count in enumerate(sessions_per):
            batch.append(number)
            held += count
            if held >= self.sizes.batch_sessions:
                yield batch
                batch, held = [], 0
        if batch:
            yield batch

    def initiative(
        self,
        title: str,
        people: list[Person],
        plan: list[tuple[int, int, int, int]],
        *,
        batched: bool = False,
    ) -> None:
        """One initiative and its sessions; ``batched``: in transactions of its own, the
        initiative in one and its sessions ``batch_sessions`` at a time."""
        if batched:
            with self.store.replaying():
                initiative, team, metrics, days = self.initiative_head(title, people, plan)
            size = self.sizes.batch_sessions
            for start in range(0, len(plan), size):
                with self.store.replaying():
                    self.sessions(initiative, team, metrics, days, plan, range(start, start + size))
            return
        initiative, team, metrics, days = self.initiative_head(title, people, plan)
        self.sessions(initiative, team, metrics, days, plan, range(len(plan)))

    def sessions(
        self,
        initiative: Initiative,
        team: list[Person],
        metrics: list[Metric],
        days: list[int],
        plan: list[tuple[int, int, int, int]],
        numbers: range,
    ) -> None:
        for number in numbers[: len(plan) - numbers.start]:
            upcoming = number == len(plan) - 1 and self.rng.random() < 0.15
            self.session(initiative, team, metrics, number,
                         initiative.created_at + timedelta(days=days[number]),
                         upcoming, plan[number])  # fmt: skip

    def initiative_head(
        self, title: str, people: list[Person], plan: list[tuple[int, int, int, int]]
    ) -> tuple[Initiative, list[Person], list[Metric], list[int]]:
        """The initiative, its groups, cohorts, metrics, readiness; its team and the days
        (after its creation) its sessions are held on."""
        rng, store = self.rng, self.store
        created = ANCHOR - timedelta(days=rng.randint(60, 1400), hours=rng.randint(0, 8))
        step = Step(rng.choices(range(1, 7), weights=(18, 18, 20, 16, 16, 12))[0])
        status = rng.choices(list(InitiativeStatus), weights=(70, 10, 12, 8))[0]
        if status is InitiativeStatus.DONE:
            step = Step.EVALUATE
        subject = title.split(" ", 1)[1]
        initiative = Initiative(
            id=self.uid(),
            title=title,
            problem=f"Teams lose time on {subject}: {self.pick(SITUATIONS)} and nobody owns it.",
            strategic_reason="Faster, calmer launches are this year's first company goal.",
            root_cause=f"{self.pick(TEAMS).capitalize()} {self.pick(WORKAROUNDS)}."
            if step >= Step.DEFINE_SUCCESS
            else "",
            vision=f"Anyone can {self.pick(SUGGESTIONS)} without asking around."
            if step >= Step.DEFINE_SUCCESS
            else "",
            chosen_solution=f"Roll out {self.pick(TOOLS)}, owned by one team."
            if step >= Step.SELECT_INFRASTRUCTURE
            else "",
            rollout_plan="Pilot team first, then one region a month."
            if step >= Step.PROTOTYPE_AND_EXPAND
            else "",
            learning_support="Office hours for the first month." if rng.random() < 0.5 else "",
            step=step,
            status=status,
            rolled_out_on=(created + timedelta(days=rng.randint(60, 200))).date()
            if step >= Step.EVALUATE
            else None,
            created_at=created,
            updated_at=created + timedelta(days=rng.randint(0, 19)),
        )
        store.add_initiative(initiative)
        self.counts.initiatives += 1
        for group in rng.sample(list(Group), rng.randint(1, 4)):
            store.set_affected_group(
                AffectedGroup(
                    id=self.uid(),
                    initiative_id=initiative.id,
                    group=group,
                    note=f"Mostly {self.pick(TEAMS)}." if rng.random() < 0.5 else "",
                )
            )
            self.counts.affected_groups += 1
        if step >= Step.PROTOTYPE_AND_EXPAND:
            for n in range(rng.randint(1, 2)):
                scope = CohortScope.TEAMS if n == 0 else CohortScope.ORGANIZATION
                store.add_cohort(
                    PilotCohort(
                        id=self.uid(),
                        initiative_id=initiative.id,
                        name="Pilot team" if n == 0 else "Everyone",
                        scope=scope,
                        size=rng.randint(5, 40) if n == 0 else rng.randint(200, 3000),
                        started_on=(created + timedelta(days=90 + 60 * n)).date(),
                        stage=CohortStage.RUNNING if n == 0 else CohortStage.PLANNED,
                    )
                )
                self.counts.cohorts += 1
        metrics = self.metrics(initiative)
        if step >= Step.SELECT_INFRASTRUCTURE:
            store.add_readiness(
                ReadinessAssessment(
                    id=self.uid(),
                    initiative_id=initiative.id,
                    assessed_on=(created + timedelta(days=rng.randint(30, 120))).date(),
                    vision=rng.randint(2, 5),
                    consensus=rng.randint(1, 5),
                    skills=rng.randint(1, 5),
                    incentives=rng.randint(1, 5),
                    resources=rng.randint(1, 5),
                    action_plan=rng.randint(1, 5),
                )
            )
            self.counts.readiness += 1
        team = rng.sample(people, min(len(people), 14))
        span = max((ANCHOR - created).days - 1, 1)
        days = sorted(rng.randint(1, span) for _ in plan)
        return initiative, team, metrics, days

    def metrics(self, initiative: Initiative) -> list[Metric]:
        rng, store = self.rng, self.store
        metrics = []
        for n in range(self.sizes.metrics_per_initiative):
            name, unit, direction, kind = self.pick(METRIC_NAMES)
            baseline = round(rng.uniform(10, 60), 1)
            change = round(baseline * rng.uniform(0.2, 0.6), 1)
            target = baseline + change if direction is Direction.HIGHER else baseline - change
            age = (ANCHOR - initiative.created_at).days
            baseline_on = (initiative.created_at + timedelta(days=rng.randint(0, age // 4))).date()
            # Readings evenly spaced from the baseline up to the anchor, never in the future.
            every = max((ANCHOR.date() - baseline_on).days // self.sizes.readings_per_metric, 1)
            metric = Metric(
                id=self.uid(),
                initiative_id=initiative.id,
                name=name,
                kind=kind,
                unit=unit,
                direction=direction,
                baseline_value=baseline,
                baseline_on=baseline_on,
                target_value=round(target, 1),
                target_on=baseline_on + timedelta(days=rng.randint(120, 400)),
                primary=n == 0,
            )
            store.add_metric(metric)
            metrics.append(metric)
            self.counts.metrics += 1
            value = baseline
            step = (target - baseline) / max(self.sizes.readings_per_metric, 1)
            for r in range(self.sizes.readings_per_metric):
                value += step * rng.uniform(-0.5, 2.0)
                cohort = Cohort.ALL if r % 4 else rng.choice((Cohort.ADOPTERS, Cohort.PILOT))
                store.add_reading(
                    Reading(
                        id=self.uid(),
                        metric_id=metric.id,
                        taken_on=baseline_on + timedelta(days=every * r),
                        value=round(value, 2),
                        cohort=cohort,
                        note="after the pilot kickoff" if r == 3 else "",
                    )
                )
                self.counts.readings += 1
        return metrics

    def session(
        self,
        initiative: Initiative,
        team: list[Person],
        metrics: list[Metric],
        number: int,
        day: datetime,
        upcoming: bool,
        plan: tuple[int, int, int, int],
    ) -> None:
        rng, store = self.rng, self.store
        n_feedback, n_proposals, n_actions, n_fill_ins = plan
        kind = self.pick(KIND_FOR_STEP[initiative.step])
        start = day.replace(hour=rng.randint(8, 16), minute=self.pick((0, 15, 30, 45)))
        participants = rng.sample(team, min(len(team), rng.randint(5, 8)))
        session = Session(
            id=self.uid(),
            initiative_id=initiative.id,
            playbook_key=kind.value,
            kind=kind,
            title=f"{kind.label} #{number + 1}: {self.pick(SUBJECTS)}",
            facilitator_id=participants[0].id,
            participant_ids=[p.id for p in participants],
            state=SessionState.PLANNED if upcoming else SessionState.ENDED,
            planned_at=ANCHOR + timedelta(days=rng.randint(1, 14)) if upcoming else start,
            started_at=None if upcoming else start,
            ended_at=None if upcoming else start + timedelta(minutes=rng.randint(40, 70)),
            current_item=0 if upcoming else self.sizes.agenda_per_session - 1,
            notes="" if rng.random() < 0.7 else "Follow up with the pilot team on the calendar.",
        )
        agenda = []
        clock = start
        for position in range(self.sizes.agenda_per_session):
            title, minutes = AGENDA.get(kind, AGENDA[SessionKind.DISCOVERY])[position % 4]
            spent = 0 if upcoming else minutes * 60 + rng.randint(-120, 240)
            agenda.append(
                AgendaItem(
                    id=self.uid(),
                    session_id=session.id,
                    position=position,
                    title=title,
                    planned_minutes=minutes,
                    prompt="Ask for a concrete example." if position == 1 else "",
                    elapsed_seconds=max(spent, 0),
                    started_at=None if upcoming else clock,
                    ended_at=None if upcoming else clock + timedelta(seconds=max(spent, 0)),
                )
            )
            clock += timedelta(seconds=max(spent, 0))
        store.add_session(session, agenda)
        self.counts.sessions += 1
        self.counts.agenda_items += len(agenda)
        # Captures belong to held sessions; an upcoming one gets them as if already held,
        # so the totals stay exact whatever the dice say.
        when = start
        for _ in range(n_feedback):
            when += timedelta(seconds=rng.randint(20, 240))
            fb_kind = rng.choices(list(FeedbackKind), weights=(15, 30, 25, 15, 15))[0]
            sentiment = {
                FeedbackKind.PRAISE: (4, 5),
                FeedbackKind.CONCERN: (1, 3),
                FeedbackKind.SUGGESTION: (2, 4),
                FeedbackKind.QUESTION: (2, 4),
                FeedbackKind.OBSERVATION: (2, 4),
            }[fb_kind]
            store.add_feedback(
                Feedback(
                    id=self.uid(),
                    session_id=session.id,
                    person_id=None if rng.random() < 0.1 else self.pick(participants).id,
                    sentiment=Sentiment(rng.randint(*sentiment)),
                    kind=fb_kind,
                    text=self.sentence(fb_kind),
                    tags=rng.sample(TAGS, rng.choice((0, 1, 1, 2))),
                    agenda_item_id=self.pick(agenda).id,
                    created_at=when,
                )
            )
            self.counts.feedback += 1
        for _ in range(n_fill_ins):
            store.add_fill_in(
                FillIn(
                    id=self.uid(),
                    session_id=session.id,
                    template_key="problem-statement",
                    title="Problem statement",
                    values={
                        "who": self.pick(TEAMS),
                        "pain": f"{self.pick(TOOLS)} is slow when {self.pick(SITUATIONS)}",
                        "severity": rng.randint(1, 5),
                    },
                    created_at=start,
                    updated_at=start + timedelta(minutes=10),
                )
            )
            self.counts.fill_ins += 1
        for _ in range(n_proposals):
            self.proposal(initiative, session, participants, metrics, start)
        for _ in range(n_actions):
            due = (start + timedelta(days=rng.randint(3, 30))).date()
            done = due < (ANCHOR - timedelta(days=7)).date() and rng.random() < 0.85
            store.add_action(
                ActionItem(
                    id=self.uid(),
                    initiative_id=initiative.id,
                    session_id=session.id,
                    text=f"{self.pick(SUGGESTIONS).capitalize()} for {self.pick(TEAMS)}",
                    owner_id=self.pick(participants).id,
                    due_on=due,
                    done=done,
                    done_at=datetime.combine(due, start.timetz()) if done else None,
                    created_at=start + timedelta(minutes=50),
                )
            )
            self.counts.actions += 1

    def proposal(
        self,
        initiative: Initiative,
        session: Session,
        participants: list[Person],
        metrics: list[Metric],
        start: datetime,
    ) -> None:
        rng, store = self.rng, self.store
        method = rng.choices(list(VoteMethod), weights=(50, 25, 15, 10))[0]
        subject = rng.choice(list(ProposalSubject))
        options = ["Calendar tool", "Shared tracker", "Request form"]
        proposal = Proposal(
            id=self.uid(),
            session_id=session.id,
            title=self.pick(PROPOSAL_TITLES),
            method=method,
            options=options if method is VoteMethod.DOT else [],
            budget=3 if method is VoteMethod.DOT else 0,
            anonymous=rng.random() < 0.2,
            revealed=True,
            subject=subject,
            metric_id=metrics[0].id if subject is ProposalSubject.METRIC and metrics else None,
            created_at=start + timedelta(minutes=30),
        )
        voters = rng.sample(participants, min(len(participants), self.sizes.ballots_per_proposal))
        ballots = []
        for voter in voters:
            if method is VoteMethod.DOT:
                first, second = self.pick(options), self.pick(options)
                dots = {first: 3} if first == second else {first: 2, second: 1}
                value = None
            else:
                dots = {}
                value = rng.choices(method.choices, weights=_LEAN[method])[0]
            ballots.append(
                Ballot(
                    id=self.uid(),
                    proposal_id=proposal.id,
                    person_id=None if proposal.anonymous else voter.id,
                    method=method,
                    value=value,
                    dots=dots,
                    cast_at=start + timedelta(minutes=31),
                )
            )
        result = tally(proposal, ballots)
        closed = proposal.model_copy(
            update={
                "status": ProposalStatus.CLOSED,
                "outcome": result.outcome,
                "closed_at": start + timedelta(minutes=33),
            }
        )
        # Cast while open, as in a session; closed after (a closed vote takes no ballot).
        store.add_proposal(proposal)
        self.counts.proposals += 1
        for ballot in ballots:
            store.cast_ballot(ballot)
            self.counts.ballots += 1
        store.update_proposal(closed)
        if result.outcome is Outcome.PASSED:
            store.add_decision(
                Decision(
                    id=self.uid(),
                    initiative_id=initiative.id,
                    session_id=session.id,
                    proposal_id=closed.id,
                    statement=f"Agreed: {closed.title.lower()}.",
                    review_on=(start + timedelta(days=90)).date() if rng.random() < 0.3 else None,
                    decided_at=start + timedelta(minutes=34),
                )
            )
            self.counts.decisions += 1


#: How a room tends to vote: mostly in favour, with the odd dissent.
_LEAN: dict[VoteMethod, tuple[int, ...]] = {
    VoteMethod.FIST_OF_FIVE: (1, 2, 4, 10, 14, 9),
    VoteMethod.CONSENT: (16, 4, 3, 1),
    VoteMethod.YES_NO: (4, 1),
    VoteMethod.DOT: (),
}


# -- entry points ------------------------------------------------------------------------------


def generate_large(
    store: Store, seed: int = DEFAULT_SEED, sizes: Sizes = LARGE, progress: Progress = silent
) -> Counts:
    """Fill an empty store with the large benchmark data set (or any other ``sizes``)."""
    if not store.is_empty():
        raise SystemExit(f"{store.path} already holds data; generate into a new file")
    # Written as replayed (no edit stamps, no tombstones) under a site id from the seed,
    # so that the same seed gives the same file whatever the clock.
    store.set_meta("site_id", uuid.UUID(int=random.Random(f"site {seed}").getrandbits(128)).hex)
    counts = Generator(store, sizes, seed, progress).run()
    label = {LARGE: "large", TINY: "tiny", DEEP: "deep"}.get(sizes, "custom")
    store.set_meta(META_KEY, fingerprint(label, seed, sizes))
    return counts


def generate_small(store: Store) -> Counts:
    """The demo database: the small benchmark is what a new user first opens."""
    try:
        from opstui.demo import build_demo
    except ImportError:
        raise SystemExit(
            "opstui.demo is not there yet: the small size needs build_demo()"
        ) from None
    build_demo(store)
    store.set_meta(META_KEY, fingerprint("small", 0, None))
    counts = Counts(
        people=len(store.list_people()),
        initiatives=len(store.list_initiatives()),
        sessions=len(store.list_sessions()),
        feedback=len(store.list_feedback()),
        proposals=len(store.list_proposals()),
        metrics=len(store.list_metrics()),
    )
    counts.readings = sum(len(store.list_readings(m.id)) for m in store.list_metrics())
    return counts


def fingerprint(size: str, seed: int, sizes: Sizes | None) -> str:
    """What made a file: generator version, seed, sizes, the schema; for the small one, the demo.

    The schema counts because a file keeps the indexes it was created with: one written
    before an index was added would time the queries without it (and one with triggers
    of an older schema is refused). It is the schema the migrations make, wherever in
    ``opstui.db`` their SQL is written.
    """
    data: dict[str, object] = {"size": size, "version": GENERATOR_VERSION, "seed": seed}
    data["schema"] = schema_hash()
    if sizes is not None:
        data["sizes"] = asdict(sizes)
    if size == "small":
        data["demo"] = demo_hash()
    return json.dumps(data, sort_keys=True)


def schema_hash() -> str:
    """A hash of every table, index, trigger and view the migrations make, replayed in memory."""
    from opstui.db import schema

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in schema.MIGRATIONS:
            migration.apply(conn)
        made = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        return hashlib.sha256(repr(made.fetchall()).encode()).hexdigest()[:16]
    finally:
        conn.close()


def expected_fingerprint(size: str, seed: int = DEFAULT_SEED) -> str:
    """The fingerprint ``build(path, size, seed)`` would record."""
    if size in SCALE_SIZES:
        return _scale().fingerprint(size, seed)
    if size == "small":
        return fingerprint("small", 0, None)
    return fingerprint(size, seed, {"large": LARGE, "deep": DEEP}.get(size, TINY))


def demo_hash() -> str:
    """A hash of the demo package, code and data files: a changed demo means a new small one."""
    return package_hash("opstui.demo")


def package_hash(name: str) -> str:
    """A hash of every file in a package's folder and below: code, data files, their names.

    Bytecode is left out: it is written by running the code, and says nothing new.
    """
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return "missing"
    folder = Path(next(iter(spec.submodule_search_locations)))
    files = sorted(
        path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


#: Sizes in realistic words, written in bulk: 200k, 1M and 4M remarks (scale_data.py).
SCALE_SIZES = ("200k", "1m", "4m", "tiny-words")


def _scale() -> Any:
    """benchmarks/scale_data.py, which builds on this module: imported when first asked."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import scale_data

    return scale_data


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


@contextmanager
def scratch_for(path: Path) -> Iterator[Path]:
    """Build beside ``path`` and move into place at the end: never half a database."""
    scratch = path.with_name(f".{path.name}.building")
    remove_database(scratch)
    try:
        yield scratch
        remove_database(path)
        scratch.replace(path)
    finally:
        remove_database(scratch)


def build(
    path: Path, size: str, seed: int = DEFAULT_SEED, progress: Progress | None = None
) -> tuple[Counts, float]:
    """Write a fresh benchmark database of ``size`` at ``path``; return counts and seconds.

    Without a ``progress``, a bar is drawn on stderr when it is a terminal
    (``opstui.cli_progress``), and Ctrl+C stops it, leaving no file.
    """
    if progress is None:
        from opstui.cli_progress import CancelledByUser, shown_progress

        try:
            with shown_progress("no database written") as shown:
                return build(path, size, seed, shown)
        except CancelledByUser as exc:
            raise SystemExit(f"generate: cancelled: {exc.format_message()}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    makers: dict[str, Callable[[Store], Counts]] = {
        "small": generate_small,
        "large": lambda store: generate_large(store, seed, progress=progress),
        "tiny": lambda store: generate_large(store, seed, TINY, progress),
        "deep": lambda store: generate_large(store, seed, DEEP, progress),
        **{
            scaled: lambda store, scaled=scaled: _scale().generate_scaled(store, scaled, seed)
            for scaled in SCALE_SIZES
        },
    }
    with scratch_for(path) as scratch, Store.open(scratch) as store:
        counts = makers[size](store)
        # Fold the log into the file so a copy of it is complete on its own.
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts, time.perf_counter() - started


def recorded_fingerprint(path: Path) -> str | None:
    """The fingerprint a generated file carries, or None if it is not one of ours."""
    if not path.exists():
        return None
    try:
        with Store.open(path, read_only=True) as store:
            return store.get_meta(META_KEY)
    except Exception:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", choices=("small", "large", "tiny", "deep", *SCALE_SIZES), required=True
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    counts, seconds = build(args.out, args.size, args.seed)
    for name, value in counts.as_dict().items():
        if value:
            print(f"{name:>16}  {value:>9,}")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
