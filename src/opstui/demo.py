"""The demo database: four made-up initiatives a new user can explore.

Everything is written through the store, in one transaction, from a seeded random
generator and a fixed anchor day, so the same seed and day always give the same file,
ids included. Nothing here reads the clock.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

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
from opstui.domain.playbook import Playbook, ProposalSpec, builtin_playbooks
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FeedbackKind,
    FieldValue,
    FillIn,
    ReadinessAssessment,
    Sentiment,
    Session,
    SessionState,
)
from opstui.domain.steps import Step
from opstui.domain.voting import (
    Ballot,
    Outcome,
    Proposal,
    ProposalStatus,
    check_ballot,
    tally,
)

#: The day the demo is written "as of": fixed, so the file never depends on the clock.
DEMO_TODAY = date(2026, 11, 2)

#: A ballot as the script writes it: a fist-of-five number, a word, or dots per option.
BallotValue = int | str | Mapping[str, int]

# Short names for the five-point scale and the kinds of remark, to keep the script readable.
VNEG, NEG, NEUTRAL, POS, VPOS = (
    Sentiment.VERY_NEGATIVE,
    Sentiment.NEGATIVE,
    Sentiment.NEUTRAL,
    Sentiment.POSITIVE,
    Sentiment.VERY_POSITIVE,
)
PRAISE, CONCERN, SUGGESTION, QUESTION, OBSERVATION = (
    FeedbackKind.PRAISE,
    FeedbackKind.CONCERN,
    FeedbackKind.SUGGESTION,
    FeedbackKind.QUESTION,
    FeedbackKind.OBSERVATION,
)


def build_demo(store: Store, *, seed: int = 2026, today: date | None = None) -> None:
    """Write the demo into ``store``: all of it, or nothing if anything fails."""
    demo = _Demo(store, random.Random(seed), today or DEMO_TODAY)
    with store.write():
        demo.people()
        demo.interviews()
        demo.release_dates()
        demo.sales_adoption()
        demo.documentation()
        store.set_meta("demo", "1")


# -- the machinery -------------------------------------------------------------------


@dataclass
class _Held:
    """A session as written, with its agenda and a clock per agenda item."""

    session: Session
    agenda: list[AgendaItem]
    playbook: Playbook
    #: The time of the last capture in each agenda item, so captures follow one another.
    clocks: dict[int, datetime] = field(default_factory=dict)

    def item(self, position: int) -> AgendaItem:
        return self.agenda[min(position, len(self.agenda) - 1)]


class _Demo:
    """Writes the demo records; every id and time comes from the seed and the anchor day."""

    def __init__(self, store: Store, rng: random.Random, today: date) -> None:
        self.store = store
        self.rng = rng
        self.today = today
        self.playbooks = {book.key: book for book in builtin_playbooks()}
        self.who: dict[str, Person] = {}

    # ids and times

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day(self, offset: int) -> date:
        """The day ``offset`` days from the anchor, moved off the weekend to a Monday."""
        when = self.today + timedelta(days=offset)
        while when.weekday() >= 5:
            when += timedelta(days=1)
        return when

    def at(self, offset: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.day(offset), time(hour, minute), tzinfo=UTC)

    def month(self, back: int) -> date:
        """The first day of the month ``back`` months before the anchor's month."""
        index = self.today.year * 12 + self.today.month - 1 - back
        return date(index // 12, index % 12 + 1, 1)

    def pid(self, key: str | None) -> str | None:
        return None if key is None else self.who[key].id

    # people and initiatives

    def person(self, key: str, name: str, role: str, group: Group) -> None:
        person = Person(id=self.new_id(), name=name, role=role, group=group)
        self.who[key] = self.store.add_person(person)

    def initiative(
        self, created: int, updated: int, groups: Mapping[Group, str], **fields: object
    ) -> Initiative:
        initiative = Initiative.model_validate(
            {
                "id": self.new_id(),
                "created_at": self.at(created, 10, 30),
                "updated_at": self.at(updated, 17, 10),
                **fields,
            }
        )
        self.store.add_initiative(initiative)
        for group, note in groups.items():
            self.store.set_affected_group(
                AffectedGroup(id=self.new_id(), initiative_id=initiative.id, group=group, note=note)
            )
        return initiative

    def cohort(
        self,
        initiative: Initiative,
        name: str,
        scope: CohortScope,
        size: int,
        started: int | None,
        stage: CohortStage,
        note: str,
    ) -> None:
        self.store.add_cohort(
            PilotCohort(
                id=self.new_id(),
                initiative_id=initiative.id,
                name=name,
                scope=scope,
                size=size,
                started_on=None if started is None else self.day(started),
                stage=stage,
                note=note,
            )
        )

    # sessions and what is captured in them

    def held(
        self,
        initiative: Initiative,
        playbook_key: str,
        title: str,
        offset: int,
        hour: int,
        facilitator: str,
        participants: Sequence[str],
        notes: str = "",
    ) -> _Held:
        """A session that took place: every agenda item timed, some of them overrunning."""
        book = self.playbooks[playbook_key]
        session_id = self.new_id()
        start = self.at(offset, hour, self.rng.choice((0, 0, 2, 5)))
        clock = start + timedelta(seconds=self.rng.randint(60, 240))
        agenda: list[AgendaItem] = []
        for position, spec in enumerate(book.agenda):
            planned = spec.minutes * 60
            elapsed = int(planned * self.rng.uniform(0.65, 1.05))
            extra = 0
            if self.rng.random() < 0.3:
                # Discussion ran on: the facilitator granted a few minutes, not always enough.
                extra = self.rng.randint(1, 4)
                elapsed = planned + extra * 60 + self.rng.randint(-90, 150)
            item_start = clock
            item_end = item_start + timedelta(seconds=elapsed)
            agenda.append(
                AgendaItem(
                    id=self.new_id(),
                    session_id=session_id,
                    position=position,
                    title=spec.title,
                    planned_minutes=spec.minutes,
                    prompt=spec.prompt,
                    capture=spec.capture,
                    extra_minutes=extra,
                    elapsed_seconds=elapsed,
                    started_at=item_start,
                    ended_at=item_end,
                )
            )
            clock = item_end + timedelta(seconds=self.rng.randint(5, 45))
        session = Session(
            id=session_id,
            initiative_id=initiative.id,
            playbook_key=book.key,
            kind=book.kind,
            title=title,
            facilitator_id=self.pid(facilitator),
            participant_ids=[self.who[key].id for key in participants],
            state=SessionState.ENDED,
            planned_at=self.at(offset, hour),
            started_at=start,
            ended_at=clock + timedelta(seconds=self.rng.randint(30, 180)),
            current_item=len(agenda) - 1,
            notes=notes,
        )
        self.store.add_session(session, agenda)
        return _Held(session, agenda, book, {a.position: a.started_at or start for a in agenda})

    def planned(
        self,
        initiative: Initiative,
        playbook_key: str,
        title: str,
        offset: int,
        hour: int,
        facilitator: str,
        participants: Sequence[str],
        notes: str = "",
    ) -> None:
        """A session on the calendar, not yet run."""
        book = self.playbooks[playbook_key]
        session_id = self.new_id()
        agenda = [
            AgendaItem(
                id=self.new_id(),
                session_id=session_id,
                position=position,
                title=spec.title,
                planned_minutes=spec.minutes,
                prompt=spec.prompt,
                capture=spec.capture,
            )
            for position, spec in enumerate(book.agenda)
        ]
        session = Session(
            id=session_id,
            initiative_id=initiative.id,
            playbook_key=book.key,
            kind=book.kind,
            title=title,
            facilitator_id=self.pid(facilitator),
            participant_ids=[self.who[key].id for key in participants],
            state=SessionState.PLANNED,
            planned_at=self.at(offset, hour),
            notes=notes,
        )
        self.store.add_session(session, agenda)

    def moment(self, held: _Held, position: int) -> datetime:
        """A time inside an agenda item, a little after the previous capture in it."""
        item = held.item(position)
        last = held.clocks[item.position]
        end = item.ended_at or last
        step = timedelta(seconds=self.rng.randint(35, 160))
        when = min(last + step, end - timedelta(seconds=5))
        when = max(when, last)
        held.clocks[item.position] = when
        return when

    def say(
        self,
        held: _Held,
        position: int,
        who: str | None,
        sentiment: Sentiment,
        kind: FeedbackKind,
        text: str,
        *tags: str,
    ) -> None:
        self.store.add_feedback(
            Feedback(
                id=self.new_id(),
                session_id=held.session.id,
                person_id=self.pid(who),
                sentiment=sentiment,
                kind=kind,
                text=text,
                tags=list(tags),
                agenda_item_id=held.item(position).id,
                created_at=self.moment(held, position),
            )
        )

    def fill(
        self,
        held: _Held,
        position: int,
        template_key: str,
        title: str,
        values: Mapping[str, object],
    ) -> None:
        """A template filled in together; each value is checked as the form would check it."""
        template = held.playbook.template(template_key)
        known = {spec.key for spec in template.fields}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"{template_key} has no field {', '.join(sorted(unknown))}")
        parsed: dict[str, FieldValue] = {}
        for spec in template.fields:
            if spec.key in values:
                parsed[spec.key] = spec.parse(str(values[spec.key]))
            elif spec.required:
                raise ValueError(f"{template_key}: {spec.key} is required")
        started = self.moment(held, position)
        self.store.add_fill_in(
            FillIn(
                id=self.new_id(),
                session_id=held.session.id,
                template_key=template_key,
                title=title,
                values=parsed,
                created_at=started,
                updated_at=self.moment(held, position),
            )
        )

    def proposal_spec(self, held: _Held, key: str) -> ProposalSpec:
        """The playbook's proposal with this key: its title, method and subject."""
        for spec in held.playbook.proposals:
            if spec.key == key:
                return spec
        raise KeyError(f"the {held.playbook.key} playbook has no proposal {key!r}")

    def vote(
        self,
        held: _Held,
        position: int,
        spec: ProposalSpec,
        description: str,
        rounds: Sequence[Mapping[str, BallotValue]],
        expect: Outcome,
        decision: str | None = None,
        *,
        options: Sequence[str] | None = None,
        metric: Metric | None = None,
        review_on: int | None = None,
    ) -> Proposal:
        """A proposal voted on in one or more rounds, closed on the last round's tally."""
        proposal = Proposal(
            id=self.new_id(),
            session_id=held.session.id,
            title=spec.title,
            description=description,
            method=spec.method,
            pass_rule=spec.pass_rule,
            quorum=max(1, len(rounds[0]) - 2),
            options=list(spec.options if options is None else options),
            budget=spec.budget,
            anonymous=spec.anonymous,
            round=len(rounds),
            subject=spec.subject,
            metric_id=None if metric is None else metric.id,
            created_at=self.moment(held, position),
        )
        self.store.add_proposal(proposal)
        ballots: list[Ballot] = []
        for number, votes in enumerate(rounds, start=1):
            cast = self.moment(held, position)
            for key, choice in votes.items():
                cast += timedelta(seconds=self.rng.randint(2, 9))
                ballot = Ballot(
                    id=self.new_id(),
                    proposal_id=proposal.id,
                    round=number,
                    person_id=self.who[key].id,
                    method=spec.method,
                    value=None if isinstance(choice, Mapping) else str(choice),
                    dots=dict(choice) if isinstance(choice, Mapping) else {},
                    cast_at=cast,
                )
                check_ballot(proposal, ballot)
                ballots.append(self.store.cast_ballot(ballot))
            held.clocks[held.item(position).position] = cast
        outcome = tally(proposal, ballots).outcome
        if outcome is not expect:
            raise ValueError(f"the vote on {spec.title!r} came out {outcome}, not {expect}")
        closed_at = self.moment(held, position)
        # Closed by hand rather than with close_proposal(), which stamps the real time.
        proposal = proposal.model_copy(
            update={
                "status": ProposalStatus.CLOSED,
                "outcome": outcome,
                "closed_at": closed_at,
                "revealed": True,
            }
        )
        self.store.update_proposal(proposal)
        if decision is not None:
            self.decide(held, decision, proposal=proposal, at=closed_at, review_on=review_on)
        return proposal

    def decide(
        self,
        held: _Held,
        statement: str,
        *,
        proposal: Proposal | None = None,
        at: datetime | None = None,
        position: int | None = None,
        review_on: int | None = None,
    ) -> None:
        """A decision, made at ``at`` or during the agenda item at ``position`` (the last)."""
        if at is None:
            at = self.moment(held, len(held.agenda) - 1 if position is None else position)
        self.store.add_decision(
            Decision(
                id=self.new_id(),
                initiative_id=held.session.initiative_id,
                session_id=held.session.id,
                proposal_id=None if proposal is None else proposal.id,
                statement=statement,
                review_on=None if review_on is None else self.day(review_on),
                decided_at=at,
            )
        )

    def act(
        self,
        initiative: Initiative,
        held: _Held | None,
        text: str,
        owner: str,
        due: int,
        done: int | None = None,
        *,
        created: int | None = None,
    ) -> None:
        """An action item; ``done`` is the day it was ticked off, None while it is open."""
        if held is not None:
            when = self.moment(held, len(held.agenda) - 1)
        else:
            when = self.at(due - 7 if created is None else created, 11)
        self.store.add_action(
            ActionItem(
                id=self.new_id(),
                initiative_id=initiative.id,
                session_id=None if held is None else held.session.id,
                text=text,
                owner_id=self.pid(owner),
                due_on=self.day(due),
                done=done is not None,
                done_at=None if done is None else self.at(done, 16, self.rng.randint(0, 59)),
                created_at=when,
            )
        )

    def tick(self, initiative: Initiative, item_key: str, offset: int, note: str) -> None:
        """A checklist item only a person can vouch for, ticked by hand with a note."""
        self.store.tick(initiative.id, item_key, note, at=self.at(offset, 9, 40))

    def readiness(self, held: _Held, note: str, **ratings: int) -> None:
        """The Lippitt-Knoster ratings agreed in a readiness session."""
        assessed = held.session.started_at or self.at(0, 0)
        self.store.add_readiness(
            ReadinessAssessment.model_validate(
                {
                    "id": self.new_id(),
                    "initiative_id": held.session.initiative_id,
                    "session_id": held.session.id,
                    "assessed_on": assessed.date(),
                    "note": note,
                    **ratings,
                }
            )
        )

    # metrics

    def metric(
        self,
        initiative: Initiative,
        name: str,
        kind: MetricKind,
        unit: str,
        direction: Direction,
        baseline: tuple[float, int] | None = None,
        target: tuple[float, int] | None = None,
        *,
        primary: bool = False,
    ) -> Metric:
        metric = Metric(
            id=self.new_id(),
            initiative_id=initiative.id,
            name=name,
            kind=kind,
            unit=unit,
            direction=direction,
            baseline_value=None if baseline is None else baseline[0],
            baseline_on=None if baseline is None else self.day(baseline[1]),
            target_value=None if target is None else target[0],
            target_on=None if target is None else self.day(target[1]),
            primary=primary,
        )
        return self.store.add_metric(metric)

    def readings(
        self,
        metric: Metric,
        cohort: Cohort,
        series: Sequence[tuple[date, float]],
        *,
        jitter: float = 0.0,
        digits: int = 1,
        notes: Mapping[date, str] | None = None,
    ) -> None:
        """Readings along a curve, with a little noise that never reverses the trend."""
        higher = metric.direction is Direction.HIGHER
        previous: float | None = None
        batch: list[Reading] = []
        for taken_on, curve in series:
            value = round(curve + self.rng.uniform(-jitter, jitter), digits)
            if previous is not None and jitter:
                # Noise may flatten a month but never turns an improving curve around.
                value = max(value, previous) if higher else min(value, previous)
            previous = value
            batch.append(
                Reading(
                    id=self.new_id(),
                    metric_id=metric.id,
                    taken_on=taken_on,
                    value=value,
                    cohort=cohort,
                    note=(notes or {}).get(taken_on, ""),
                )
            )
        self.store.add_readings(batch)

    # -- the content --------------------------------------------------------------------

    def people(self) -> None:
        for key, name, role, group in (
            ("maya", "Maya Okafor", "Head of Product Operations", Group.PRODUCT),
            ("ben", "Ben Carter", "Product Operations Manager", Group.PRODUCT),
            ("daniel", "Daniel Brandt", "Senior Product Manager, Payments", Group.PRODUCT),
            ("priya", "Priya Raman", "Product Manager, Mobile", Group.PRODUCT),
            ("tomas", "Tomás Herrera", "Product Manager, Growth", Group.PRODUCT),
            ("lena", "Lena Fischer", "Engineering Manager, Payments", Group.ENGINEERING),
            ("kwame", "Kwame Mensah", "Staff Engineer, Platform", Group.ENGINEERING),
            ("sofia", "Sofia Lindqvist", "Release Manager", Group.ENGINEERING),
            ("aiko", "Aiko Tanaka", "Senior Product Designer", Group.DESIGN),
            ("rafael", "Rafael Costa", "UX Researcher", Group.DESIGN),
            ("jenna", "Jenna Whitaker", "Sales Enablement Lead", Group.GO_TO_MARKET),
            ("marcus", "Marcus Bell", "Account Executive, Enterprise", Group.GO_TO_MARKET),
            ("noor", "Noor Haddad", "Customer Success Manager", Group.GO_TO_MARKET),
            ("elena", "Elena Petrova", "VP of Product", Group.LEADERSHIP),
        ):
            self.person(key, name, role, group)

    def interviews(self) -> None:
        """Initiative 1: piloted, rolled out, evaluated, results shared."""
        init = self.initiative(
            -300,
            -103,
            {
                Group.PRODUCT: (
                    "PMs wait two to three weeks for a customer call; several have stopped "
                    "asking and decide from gut feel instead."
                ),
                Group.DESIGN: (
                    "Designers recruit for usability tests on their own, often emailing the "
                    "same customers as the PMs in the same week."
                ),
                Group.GO_TO_MARKET: (
                    "Account managers get uncoordinated interview requests and worry about "
                    "customers being asked too often, especially near renewals."
                ),
            },
            title="Make customer interviews quick to schedule",
            problem=(
                "Getting a customer on a call takes product managers two to three weeks, so "
                "most assumptions reach production untested. Each PM recruits through private "
                "messages to account managers and a personal list of friendly customers, and "
                "designers run a separate outreach of their own."
            ),
            strategic_reason=(
                "This year's strategy asks every team to test ideas with customers every week. "
                "In the planning review, slow access to customers came out as the biggest "
                "obstacle to that, ahead of analytics and tooling."
            ),
            root_cause=(
                "Nobody owns the path from 'I need to talk to a customer' to a booked call. "
                "Account managers protect their customers because past requests arrived "
                "uncoordinated and at bad moments, so every request turns into a one-off "
                "negotiation."
            ),
            vision=(
                "Any product manager can put an assumption in front of real users within five "
                "working days, without having to chase anyone for an introduction."
            ),
            options_considered=(
                "1. A recruiting agency for every study: fast, but costly and weak at reaching "
                "our own enterprise customers.\n"
                "2. A customer advisory board: valuable for strategy, far too slow for weekly "
                "questions.\n"
                "3. A shared research calendar fed by a panel of customers who opted in through "
                "customer success: cheap, and it answers the account managers' worries.\n"
                "4. A better outreach email template for each PM: changes nothing about who "
                "owns the path."
            ),
            chosen_solution=(
                "A research-ops calendar with bookable interview slots, filled from a panel of "
                "customers who opted in through customer success. A short intake form routes "
                "each request; research ops checks it against the contact rules agreed with "
                "account managers and books the call."
            ),
            rollout_plan=(
                "Pilot with the Payments team for six weeks, fix the intake form, then open it "
                "to every product and design team at once. Customer success refreshes the panel "
                "every quarter."
            ),
            communication_plan=(
                "Account managers briefed first, before anyone else hears of it. Then the "
                "product all-hands with the pilot team's numbers, a two-minute recording of "
                "booking a slot, and a pinned post in the product channel."
            ),
            learning_support=(
                "Office hours every week during the first month, a written guide with examples "
                "of good interview questions, a recorded walkthrough, and Rafael pairing with "
                "anyone running their first interview."
            ),
            lessons_learned=(
                "Briefing account managers before the pilot earned the trust the panel depends "
                "on. We underestimated how often PMs need prospects and churned customers, not "
                "only current ones; the panel now has a prospect segment. Most non-adopters work "
                "on platform features and need internal users rather than customers, which is "
                "worth a follow-up of its own."
            ),
            step=Step.EVALUATE,
            status=InitiativeStatus.DONE,
            rolled_out_on=self.day(-165),
            results_shared_on=self.day(-103),
        )

        per_pm = self.metric(
            init,
            "Interviews per PM over the past 30 days",
            MetricKind.OUTCOME,
            "interviews",
            Direction.HIGHER,
            baseline=(0.8, -285),
            target=(4, -33),
            primary=True,
        )
        wait = self.metric(
            init,
            "Days from asking for an interview to holding it",
            MetricKind.OUTCOME,
            "days",
            Direction.LOWER,
            baseline=(16, -285),
            target=(5, -33),
        )
        ease = self.metric(
            init,
            "PMs who say reaching customers is easy",
            MetricKind.SENTIMENT,
            "% of PMs",
            Direction.HIGHER,
            baseline=(18, -285),
            target=(70, -33),
        )

        self.tick(
            init,
            "causal-map",
            -296,
            "Slow customer access sits under 'slow discovery' on this year's strategy map.",
        )
        self.tick(
            init,
            "survey-baseline",
            -295,
            "The January product pulse survey already asked about interviews: 0.8 a month.",
        )
        self.tick(
            init,
            "time-to-learn",
            -166,
            "Two hours of each team's first sprint after launch set aside for a first interview.",
        )

        # Discovery with every affected group, not only the PMs.
        pms = self.held(
            init,
            "discovery",
            "Discovery: product managers",
            -290,
            14,
            "maya",
            ["daniel", "priya", "tomas", "ben"],
            notes="Daniel and Priya both keep private customer lists. Ask CS who owns consent.",
        )
        self.say(
            pms,
            1,
            "daniel",
            NEG,
            OBSERVATION,
            "Shared his screen: a message to the account manager, a reminder four days "
            "later, then a spreadsheet of 'maybe' customers. Nineteen days to one call.",
            "waiting",
            "observed",
        )
        self.say(
            pms,
            1,
            "priya",
            NEG,
            OBSERVATION,
            "I keep a list of six friendly customers and I'm afraid of wearing them out.",
            "recruiting",
        )
        self.say(
            pms,
            2,
            "daniel",
            VNEG,
            CONCERN,
            "By the time the call happened we had already decided the pricing change without it.",
            "waiting",
            "pricing",
        )
        self.say(
            pms,
            2,
            "tomas",
            NEUTRAL,
            OBSERVATION,
            "Growth tests with prospects through ads, so my problem is the other way "
            "round: I can't reach existing customers at all.",
            "prospects",
        )
        self.say(
            pms,
            2,
            None,
            VNEG,
            CONCERN,
            "Honestly, I've stopped asking. It's easier to ship and watch the numbers.",
            "waiting",
        )
        self.say(
            pms,
            3,
            "daniel",
            NEUTRAL,
            QUESTION,
            "Who is actually allowed to say yes to contacting a customer? Nobody seems to know.",
            "ownership",
        )
        self.say(
            pms,
            4,
            "priya",
            POS,
            SUGGESTION,
            "If I could book a customer the way I book a meeting room, I'd run an "
            "interview every week.",
            "calendar",
        )
        self.fill(
            pms,
            4,
            "interview-notes",
            "Interview notes: Daniel (Payments)",
            {
                "role": "Senior product manager, Payments",
                "workflow": (
                    "Message to the account manager, reminder after four days, fallback to a "
                    "private spreadsheet of friendly customers. 19 days from ask to call."
                ),
                "pain_points": (
                    "Waiting; decisions made before the call happens (pricing change, March)."
                ),
                "root_cause": (
                    "Why slow? AMs answer late. Why? They fear over-contacting. Why? No rules "
                    "and no owner for customer access, so each request is negotiated from scratch."
                ),
                "severity": 4,
                "also_affected": "Designers recruiting for usability tests; account managers.",
            },
        )
        self.fill(
            pms,
            4,
            "interview-notes",
            "Interview notes: Priya (Mobile)",
            {
                "role": "Product manager, Mobile",
                "workflow": (
                    "Emails a private list of six customers directly, rotating to spare them."
                ),
                "pain_points": "Same few voices every time; afraid of burning goodwill.",
                "severity": 3,
                "also_affected": "Customer success, who hear complaints about repeat asks.",
            },
        )
        self.act(
            init,
            pms,
            "Ask account managers which customers must never be contacted without warning",
            "ben",
            -280,
            done=-282,
        )

        design = self.held(
            init,
            "discovery",
            "Discovery: design and research",
            -287,
            10,
            "maya",
            ["aiko", "rafael"],
        )
        self.say(
            design,
            1,
            "aiko",
            NEG,
            OBSERVATION,
            "Usability tests get squeezed because recruiting eats half the sprint.",
            "usability",
        )
        self.say(
            design,
            2,
            "rafael",
            NEG,
            CONCERN,
            "Designers and PMs email the same customers in the same week. One of them "
            "wrote back asking whether we ever talk to each other.",
            "coordination",
        )
        self.say(
            design,
            3,
            "rafael",
            POS,
            SUGGESTION,
            "One panel of customers who agreed to be contacted would fix most of this. "
            "I ran one at my last company.",
            "panel",
        )
        self.say(
            design,
            4,
            "aiko",
            NEUTRAL,
            QUESTION,
            "Would a panel also work for unmoderated tests, or only for live calls?",
            "panel",
        )
        self.fill(
            design,
            4,
            "interview-notes",
            "Interview notes: design and research",
            {
                "role": "Senior product designer and UX researcher",
                "workflow": (
                    "Separate recruiting for each usability study: screener survey, emails, "
                    "scheduling by hand. About half a sprint per study."
                ),
                "pain_points": "Overlaps with PM outreach; customers notice and complain.",
                "root_cause": "Two teams recruit from the same customers with no shared view.",
                "severity": 4,
                "also_affected": "Product managers, customer success.",
            },
        )

        gtm = self.held(
            init,
            "discovery",
            "Discovery: account managers and customer success",
            -281,
            16,
            "maya",
            ["marcus", "noor"],
            notes="Marcus was guarded at first; warmed up once we talked about contact rules.",
        )
        self.say(
            gtm,
            2,
            "marcus",
            VNEG,
            CONCERN,
            "Twice this year someone asked a customer for an interview in the middle of "
            "a renewal. That cannot happen again.",
            "renewals",
            "trust",
        )
        self.say(
            gtm,
            2,
            "noor",
            NEUTRAL,
            OBSERVATION,
            "Customers like being asked, as long as it is coordinated and they hear back "
            "what changed.",
            "trust",
        )
        self.say(
            gtm,
            3,
            "noor",
            POS,
            SUGGESTION,
            "Let customer success invite customers into a panel. Most of my accounts "
            "would say yes.",
            "panel",
        )
        self.say(
            gtm,
            3,
            "noor",
            NEUTRAL,
            QUESTION,
            "What does the customer get out of it: early access, a thank-you gift?",
            "incentives",
        )
        self.say(
            gtm,
            4,
            "marcus",
            VPOS,
            PRAISE,
            "Good that someone asked us before building something, for a change.",
            "trust",
        )
        self.fill(
            gtm,
            4,
            "interview-notes",
            "Interview notes: go-to-market",
            {
                "role": "Enterprise account executive and customer success manager",
                "workflow": (
                    "Interview requests arrive by chat from several PMs and designers; the AM "
                    "checks the account's situation by hand and usually says no."
                ),
                "pain_points": "Requests during renewals; no view of who was asked when.",
                "root_cause": "No contact rules, so the safe answer is always no.",
                "severity": 3,
                "also_affected": "Customers themselves.",
            },
        )

        # Validation: the problem and the metric put back to the people affected.
        validation = self.held(
            init,
            "validation",
            "Validation: interview scheduling",
            -262,
            15,
            "maya",
            ["daniel", "priya", "tomas", "aiko", "rafael", "noor", "marcus", "elena"],
            notes="Elena joined for the metric vote. Tomás wants prospects covered.",
        )
        voters = ["daniel", "priya", "tomas", "aiko", "rafael", "noor", "marcus", "elena"]
        self.say(
            validation,
            0,
            "elena",
            POS,
            PRAISE,
            "This is the clearest problem statement I've seen for an ops change. The "
            "account managers' quotes make it real.",
            "validation",
        )
        self.say(
            validation,
            1,
            "tomas",
            NEUTRAL,
            CONCERN,
            "Fine for customers, but prospects are half of what Growth needs.",
            "prospects",
        )
        self.fill(
            validation,
            1,
            "problem-statement",
            "Problem statement as agreed",
            {
                "problem": (
                    "PMs wait two to three weeks to talk to a customer, so assumptions ship "
                    "untested."
                ),
                "affected": "Product, design, account management and customer success",
                "root_cause": (
                    "Nobody owns customer access; account managers refuse by default to "
                    "protect their accounts."
                ),
                "vision": "Any PM can test an assumption with users within five working days.",
                "metric": "Interviews per PM over the past 30 days",
                "baseline": 0.8,
                "target": 4,
                "target_date": self.day(-33).isoformat(),
            },
        )
        self.vote(
            validation,
            1,
            self.proposal_spec(validation, "problem-statement"),
            "PMs wait weeks for customer calls because nobody owns customer access and "
            "account managers refuse by default to protect their accounts.",
            [dict(zip(voters, (5, 4, 3, 4, 5, 4, 4, 5), strict=True))],
            Outcome.PASSED,
            "The problem statement stands as written; prospects are a gap to look at during "
            "the pilot.",
        )
        self.say(
            validation,
            2,
            "daniel",
            NEUTRAL,
            QUESTION,
            "Do usability tests count as interviews too?",
            "metric",
        )
        self.say(
            validation,
            2,
            "rafael",
            POS,
            SUGGESTION,
            "Count any conversation with a user about an assumption, moderated or not, "
            "and leave sales calls out.",
            "metric",
        )
        self.vote(
            validation,
            2,
            self.proposal_spec(validation, "metrics"),
            "Interviews per PM over the past 30 days, from 0.8 today to 4, with the days "
            "from asking to holding an interview followed alongside it.",
            [dict(zip(voters, (4, 5, 4, 3, 4, 3, 3, 4), strict=True))],
            Outcome.PASSED,
            "Interviews per PM over 30 days is the primary metric; any user conversation "
            "about an assumption counts, sales calls do not.",
            metric=per_pm,
            review_on=-110,
        )
        self.act(
            init,
            validation,
            "Draft the customer contact rules with customer success",
            "noor",
            -250,
            done=-252,
        )

        # The cheapest prototype first: the flow on paper.
        mapping = self.held(
            init,
            "process-mapping",
            "Process map: from question to booked interview",
            -245,
            13,
            "ben",
            ["rafael", "noor", "daniel", "aiko"],
        )
        self.say(
            mapping,
            1,
            "daniel",
            NEUTRAL,
            OBSERVATION,
            "Today's flow has seven hand-offs before a call is booked, and four of them "
            "are waiting for a reply.",
            "flow",
        )
        self.say(
            mapping,
            2,
            "noor",
            NEG,
            CONCERN,
            "If research ops is the only gate, what happens when Rafael is on holiday?",
            "bottleneck",
        )
        self.say(
            mapping,
            2,
            "rafael",
            POS,
            SUGGESTION,
            "Make the account manager check a 24-hour silent approval: no answer means go ahead.",
            "contact-rules",
        )
        self.say(
            mapping,
            3,
            "aiko",
            POS,
            OBSERVATION,
            "With one shared calendar, design's separate recruiting simply goes away.",
            "redundancy",
        )
        self.say(
            mapping,
            5,
            "daniel",
            NEUTRAL,
            QUESTION,
            "What happens when a customer cancels the morning of the call?",
            "dead-end",
        )
        self.fill(
            mapping,
            6,
            "process-check",
            "Process check: booking flow v1",
            {
                "bottlenecks": "Research ops as the only approver; AM consent with no deadline.",
                "redundancies": "Design screener and PM outreach ask the same customers.",
                "new_people": "A backup approver in research ops; CS to own panel recruiting.",
                "dead_ends": "Cancelled calls have no rebooking path; prospects have no route.",
                "changes": (
                    "24-hour silent approval for AMs; Ben backs up Rafael; cancelled calls go "
                    "back to the top of the queue."
                ),
            },
        )
        self.vote(
            mapping,
            6,
            self.proposal_spec(mapping, "adopt-flow"),
            "Pilot the booking flow with the three changes above.",
            [{"rafael": "agree", "noor": "agree", "daniel": "agree", "aiko": "abstain"}],
            Outcome.PASSED,
            "Pilot the calendar and the panel with the Payments team before anyone else.",
        )
        self.act(
            init,
            mapping,
            "Set up the shared calendar and the intake form",
            "rafael",
            -232,
            done=-233,
        )

        self.cohort(
            init,
            "Payments product team",
            CohortScope.TEAMS,
            7,
            -230,
            CohortStage.EXPANDED,
            "Daniel's team: PM, designer, engineering manager and four engineers who join calls.",
        )

        pilot1 = self.held(
            init,
            "pilot",
            "Pilot check-in: Payments, week two",
            -216,
            11,
            "ben",
            ["daniel", "lena", "aiko", "rafael"],
        )
        self.say(
            pilot1,
            0,
            "daniel",
            VPOS,
            PRAISE,
            "Booked three interviews in one week. That has never happened before.",
            "calendar",
        )
        self.say(
            pilot1,
            1,
            "aiko",
            NEG,
            CONCERN,
            "The intake form wants the research question before you know it. I gave up "
            "halfway the first time.",
            "intake-form",
        )
        self.say(
            pilot1,
            1,
            "lena",
            POS,
            OBSERVATION,
            "Two engineers joined calls and came back with a different view of the "
            "settlement screen.",
            "engineering",
        )
        self.fill(
            pilot1,
            1,
            "pilot-review",
            "Pilot review: week two",
            {
                "potential": 4,
                "what_worked": "Booking a slot in a minute; engineers joining calls.",
                "got_in_the_way": "Intake form too long; two slots double-booked.",
                "suggestions": "Book first, ask for the research question by the day before.",
                "ready_to_expand": "not yet",
            },
        )
        self.say(
            pilot1,
            3,
            "rafael",
            NEUTRAL,
            SUGGESTION,
            "Split the form: book first, research question by the day before.",
            "intake-form",
        )
        dot_options = [
            "Shorter intake form",
            "Hold a slot while consent is checked",
            "Add prospects to the panel",
            "Invite a second team",
        ]
        self.vote(
            pilot1,
            4,
            self.proposal_spec(pilot1, "which-change-first"),
            "Three dots each.",
            [
                {
                    "daniel": {dot_options[0]: 2, dot_options[2]: 1},
                    "lena": {dot_options[1]: 2, dot_options[0]: 1},
                    "aiko": {dot_options[0]: 3},
                    "rafael": {dot_options[0]: 1, dot_options[1]: 1, dot_options[2]: 1},
                }
            ],
            Outcome.PASSED,
            "Shorten the intake form before the next round.",
            options=dot_options,
        )
        self.vote(
            pilot1,
            4,
            self.proposal_spec(pilot1, "next-iteration"),
            "Run weeks three to six with the shorter form.",
            [{"daniel": "agree", "lena": "agree", "aiko": "agree", "rafael": "agree"}],
            Outcome.PASSED,
        )
        self.act(
            init, pilot1, "Shorten the intake form to three questions", "rafael", -209, done=-210
        )

        pilot2 = self.held(
            init,
            "pilot",
            "Pilot review: Payments, week six",
            -188,
            11,
            "ben",
            ["daniel", "lena", "aiko", "rafael", "noor"],
            notes="Numbers good enough to expand. Prospects still missing from the panel.",
        )
        self.say(
            pilot2, 0, "aiko", POS, PRAISE, "The shorter form is so much better.", "intake-form"
        )
        self.say(
            pilot2,
            2,
            "daniel",
            VPOS,
            PRAISE,
            "Four interviews last month, and the wait is down to a few days.",
            "calendar",
            "results",
        )
        self.say(
            pilot2,
            2,
            "noor",
            POS,
            OBSERVATION,
            "No complaints from accounts; two customers asked to be contacted more.",
            "trust",
        )
        self.say(
            pilot2,
            3,
            None,
            NEUTRAL,
            CONCERN,
            "Still no way to reach prospects. Growth will hit that on day one.",
            "prospects",
        )
        self.fill(
            pilot2,
            1,
            "pilot-review",
            "Pilot review: week six",
            {
                "potential": 5,
                "what_worked": "Wait down to 3-5 days; 4 interviews per PM; no account complaints.",
                "got_in_the_way": "No prospects in the panel.",
                "suggestions": "Add a prospect segment before the wider launch.",
                "ready_to_expand": "yes",
            },
        )
        self.vote(
            pilot2,
            4,
            self.proposal_spec(pilot2, "next-iteration"),
            "Open the calendar to every product and design team, with a prospect segment.",
            [
                {
                    "daniel": "agree",
                    "lena": "agree",
                    "aiko": "agree",
                    "rafael": "agree",
                    "noor": "abstain",
                }
            ],
            Outcome.PASSED,
            "Open the calendar to every product and design team after the change readiness check.",
        )
        self.act(init, pilot2, "Add a prospect segment to the panel", "noor", -170, done=-172)

        ready = self.held(
            init,
            "readiness",
            "Change readiness before the wider rollout",
            -181,
            15,
            "maya",
            ["elena", "ben", "rafael", "noor", "daniel", "aiko"],
        )
        self.say(
            ready,
            2,
            "noor",
            POS,
            OBSERVATION,
            "Account managers are on board now that the contact rules exist.",
            "consensus",
        )
        self.say(
            ready,
            3,
            "rafael",
            NEG,
            CONCERN,
            "I can pair with five people a week, not forty.",
            "skills",
            "resources",
        )
        self.say(
            ready,
            4,
            "elena",
            NEUTRAL,
            OBSERVATION,
            "Interviewing is in nobody's goals, so it loses to delivery every time.",
            "incentives",
        )
        ratings = {
            "vision": 5,
            "consensus": 4,
            "skills": 3,
            "incentives": 2,
            "resources": 3,
            "action_plan": 4,
        }
        note = (
            "Vision and plan are clear. Incentives are weak: interviewing is in nobody's "
            "goals. Rafael alone cannot coach everyone, so record the walkthrough."
        )
        self.fill(ready, 7, "readiness", "Change readiness", {**ratings, "note": note})
        self.readiness(ready, note, **ratings)
        self.act(
            init,
            ready,
            "Add discovery goals to the quarterly review template",
            "elena",
            -170,
            done=-171,
        )
        self.act(
            init,
            ready,
            "Record a walkthrough of booking and running an interview",
            "rafael",
            -168,
            done=-169,
        )

        self.cohort(
            init,
            "All product and design teams",
            CohortScope.ORGANIZATION,
            42,
            -165,
            CohortStage.RUNNING,
            "Opened at the May all-hands, office hours for a month.",
        )

        # Evaluation waited almost two months after the rollout, so habits could settle.
        evaluation = self.held(
            init,
            "evaluation",
            "Evaluation: eight weeks after launch",
            -110,
            14,
            "maya",
            ["daniel", "priya", "tomas", "aiko", "rafael", "noor", "elena", "kwame"],
        )
        self.say(
            evaluation,
            0,
            "kwame",
            NEG,
            CONCERN,
            "Platform work needs internal users, not customers. The calendar does nothing for us.",
            "platform",
            "non-adopters",
        )
        self.say(
            evaluation,
            1,
            "priya",
            VPOS,
            PRAISE,
            "I run an interview almost every week now. It changed how we write specs.",
            "results",
        )
        self.say(
            evaluation,
            1,
            "tomas",
            POS,
            PRAISE,
            "The prospect segment is what made it useful for Growth.",
            "prospects",
        )
        self.say(
            evaluation,
            2,
            "aiko",
            NEUTRAL,
            SUGGESTION,
            "The launch went well, but tell people earlier next time; some of us first "
            "heard of it at the all-hands.",
            "rollout",
        )
        self.fill(
            evaluation,
            2,
            "satisfaction",
            "Satisfaction after eight weeks",
            {
                "solution_satisfaction": 4,
                "rollout_satisfaction": 4,
                "comments": (
                    "Most PMs are happy; platform teams are not served. Rollout praised, though "
                    "some wanted to hear before the all-hands."
                ),
            },
        )
        self.fill(
            evaluation,
            3,
            "lessons",
            "Lessons learned",
            {
                "lessons_learned": (
                    "Briefing account managers first earned the trust the panel depends on. "
                    "Prospects matter as much as customers."
                ),
                "do_differently": "Announce to teams before the all-hands; plan for platform PMs.",
                "share_with": "Product all-hands, #product, account management leads",
            },
        )
        self.vote(
            evaluation,
            4,
            self.proposal_spec(evaluation, "share-results"),
            "Share the numbers, the satisfaction scores and the platform gap.",
            [
                dict.fromkeys(
                    ["daniel", "priya", "tomas", "aiko", "rafael", "noor", "elena", "kwame"], "yes"
                )
            ],
            Outcome.PASSED,
            "Keep the research calendar as the standard way to book interviews, and review "
            "the panel size every quarter.",
            review_on=20,
        )
        self.act(
            init,
            evaluation,
            "Write up results and lessons for the product all-hands",
            "maya",
            -103,
            done=-104,
        )
        self.act(init, evaluation, "Explore a panel of internal users for platform PMs", "ben", 20)
        self.act(init, evaluation, "Refresh the panel with the autumn recruiting wave", "noor", 25)

        months = [self.month(back) for back in range(9, -1, -1)]
        self.readings(
            per_pm,
            Cohort.ALL,
            list(zip(months, (0.8, 0.9, 1.3, 1.7, 2.5, 3.1, 3.6, 3.9, 4.2, 4.4), strict=True)),
            jitter=0.15,
            notes={months[4]: "First month after the rollout."},
        )
        self.readings(
            per_pm, Cohort.PILOT, list(zip(months[2:4], (2.6, 3.9), strict=True)), jitter=0.2
        )
        self.readings(
            per_pm,
            Cohort.ADOPTERS,
            list(zip(months[4:], (4.1, 4.5, 4.8, 5.0, 5.2, 5.3), strict=True)),
            jitter=0.15,
        )
        self.readings(
            per_pm,
            Cohort.NON_ADOPTERS,
            list(zip(months[4:], (1.0, 1.1, 1.2, 1.3, 1.4, 1.5), strict=True)),
            jitter=0.1,
            notes={months[5]: "Mostly platform PMs."},
        )
        self.readings(
            wait,
            Cohort.ALL,
            list(zip(months, (16, 15, 10, 8, 6, 5.2, 4.6, 4.2, 4.0, 3.8), strict=True)),
            jitter=0.4,
        )
        quarters = [months[0], months[3], months[6], months[9]]
        self.readings(
            ease,
            Cohort.ALL,
            list(zip(quarters, (18, 35, 64, 72), strict=True)),
            jitter=2,
            digits=0,
            notes=dict.fromkeys(quarters, "Quarterly product pulse survey."),
        )

    def release_dates(self) -> None:
        """Initiative 2: validated, mapped, in its first pilot."""
        init = self.initiative(
            -160,
            -14,
            {
                Group.ENGINEERING: (
                    "Carry the risk; late changes mean weekend work and a rushed security review."
                ),
                Group.PRODUCT: "Own the date and the scope trade-offs, usually too late.",
                Group.GO_TO_MARKET: (
                    "Launch plans, enablement and promises to customers all hang on the date."
                ),
            },
            title="Predictable release dates",
            problem=(
                "Release dates move late and by a lot. In the first half of the year, half of "
                "all launches moved in their final month, leaving marketing, enablement and "
                "support to re-plan at the last minute."
            ),
            strategic_reason=(
                "Enterprise customers plan their own rollouts around our calendar, and two "
                "large renewals named missed dates as a concern. Predictability is one of "
                "this year's three engineering goals."
            ),
            root_cause=(
                "Risky work (migrations, third-party integrations, security review) is found "
                "late, because nothing prompts teams to look for it until the release "
                "checklist two weeks before GA."
            ),
            vision=(
                "Dates move early, while moving them is cheap, and the month before GA is "
                "quiet: go-to-market plans a launch without keeping a fallback date."
            ),
            options_considered=(
                "Sign-off on every date by leadership (rejected: heavy-handed, and it hides "
                "risk instead of surfacing it); a release calendar shared with go-to-market; "
                "a short risk review at kickoff and halfway; counting date changes close to "
                "GA so teams can see the pattern."
            ),
            chosen_solution=(
                "A shared release calendar, plus a 30-minute risk review at kickoff and at "
                "the halfway point, with every date change inside 30 days of GA counted and "
                "shown on the calendar."
            ),
            rollout_plan=(
                "Pilot with the Payments and Mobile release trains for a quarter; expand to "
                "every train in the new year if late date changes fall by half."
            ),
            communication_plan=(
                "A monthly note to engineering managers and go-to-market leads with the count "
                "of late date changes; the calendar link in every launch brief."
            ),
            learning_support=(
                "A one-page guide to running the risk review; Sofia sits in on each team's "
                "first two reviews."
            ),
            step=Step.PROTOTYPE_AND_EXPAND,
            status=InitiativeStatus.ACTIVE,
        )
        changes = self.metric(
            init,
            "Date changes within 30 days of GA",
            MetricKind.OUTCOME,
            "changes",
            Direction.LOWER,
            baseline=(11, -150),
            target=(3, 149),
            primary=True,
        )
        size = self.metric(
            init,
            "Size of date changes close to GA",
            MetricKind.OUTCOME,
            "days",
            Direction.LOWER,
            baseline=(13, -150),
            target=(4, 149),
        )

        self.tick(
            init,
            "causal-map",
            -158,
            "Late date changes feed 'enterprise trust' on the strategy map, via renewals.",
        )
        self.tick(
            init,
            "survey-baseline",
            -155,
            "No survey had it; the release tracker history gave the baseline instead.",
        )

        engineering = self.held(
            init,
            "discovery",
            "Discovery: engineering and release management",
            -150,
            13,
            "maya",
            ["lena", "kwame", "sofia"],
        )
        self.say(
            engineering,
            1,
            "sofia",
            NEG,
            OBSERVATION,
            "Walked through the release tracker: six of the last twelve launches moved "
            "in their final month, two of them twice.",
            "dates",
            "observed",
        )
        self.say(
            engineering,
            2,
            "lena",
            NEG,
            CONCERN,
            "We find the integration problems two weeks before GA, because that's when "
            "the release checklist first asks about them.",
            "risk",
        )
        self.say(
            engineering,
            2,
            "kwame",
            VNEG,
            CONCERN,
            "Security review is a queue of one. Anything touching auth waits for me.",
            "security",
            "bottleneck",
        )
        self.say(
            engineering,
            3,
            "lena",
            NEUTRAL,
            OBSERVATION,
            "Slipping early is fine. Slipping late is what hurts: weekend work and "
            "annoyed launch partners.",
            "dates",
        )
        self.say(
            engineering,
            4,
            "kwame",
            POS,
            SUGGESTION,
            "Ask the scary questions at kickoff: migrations, third parties, auth. Most "
            "surprises come from those three.",
            "risk",
        )
        self.fill(
            engineering,
            4,
            "interview-notes",
            "Interview notes: engineering",
            {
                "role": "Engineering manager, staff engineer and release manager",
                "workflow": (
                    "Date set at kickoff from a rough estimate; release checklist two weeks "
                    "before GA; security review requested at the checklist."
                ),
                "pain_points": "Late surprises, weekend work, one security reviewer.",
                "root_cause": (
                    "Why late? Risks found late. Why? Nothing asks about them before the "
                    "checklist. Why? The checklist is the only risk step we have."
                ),
                "severity": 4,
                "also_affected": "Sales enablement, marketing, customer success.",
            },
        )

        launch = self.held(
            init,
            "discovery",
            "Discovery: launch and go-to-market",
            -146,
            15,
            "maya",
            ["jenna", "marcus", "noor", "priya"],
        )
        self.say(
            launch,
            1,
            "jenna",
            VNEG,
            CONCERN,
            "We trained forty reps on a feature that then slipped six weeks. They stopped "
            "trusting launch dates after that.",
            "enablement",
            "trust",
        )
        self.say(
            launch,
            2,
            "marcus",
            NEG,
            OBSERVATION,
            "I tell customers 'next quarter' whatever the roadmap says.",
            "trust",
        )
        self.say(
            launch,
            2,
            "priya",
            NEUTRAL,
            OBSERVATION,
            "Mobile has app store review on top: a week of uncertainty we never plan for.",
            "mobile",
        )
        self.say(
            launch,
            3,
            "noor",
            NEUTRAL,
            QUESTION,
            "Could we hear the moment a date is in doubt, instead of the week before?",
            "communication",
        )
        self.say(
            launch,
            4,
            "jenna",
            POS,
            SUGGESTION,
            "A calendar we can subscribe to, with a confidence level on each date, would "
            "already help a lot.",
            "calendar",
        )
        self.fill(
            launch,
            4,
            "interview-notes",
            "Interview notes: go-to-market",
            {
                "role": "Sales enablement, account executive, customer success, mobile PM",
                "workflow": (
                    "Launch plan built from the roadmap date; enablement starts four weeks out; "
                    "date changes arrive by chat, often after training is done."
                ),
                "pain_points": "Wasted enablement; promises to customers broken.",
                "root_cause": "Go-to-market hears about risk only once it has become a slip.",
                "severity": 5,
                "also_affected": "Customers planning their own rollouts.",
            },
        )
        self.act(
            init,
            launch,
            "Send go-to-market the launches planned for this half",
            "priya",
            -140,
            done=-141,
        )

        validation = self.held(
            init,
            "validation",
            "Validation: release predictability",
            -125,
            14,
            "maya",
            ["lena", "sofia", "kwame", "daniel", "priya", "jenna", "elena"],
            notes="Kwame's objection was fair: counting alone can be gamed. Added the size metric.",
        )
        voters = ["lena", "sofia", "kwame", "daniel", "priya", "jenna", "elena"]
        self.say(
            validation,
            0,
            "elena",
            POS,
            PRAISE,
            "Good to have go-to-market in the room; last time we did this with engineering only.",
            "validation",
        )
        self.fill(
            validation,
            1,
            "problem-statement",
            "Problem statement as agreed",
            {
                "problem": "Release dates move late and by a lot, breaking launch plans.",
                "affected": "Engineering, product, sales enablement, marketing, customer success",
                "root_cause": "Risky work is found late; nothing asks about it earlier.",
                "vision": "Dates move early if at all; the last month before GA is quiet.",
                "metric": "Date changes within 30 days of GA",
                "baseline": 11,
                "target": 3,
                "target_date": self.day(149).isoformat(),
            },
        )
        self.vote(
            validation,
            1,
            self.proposal_spec(validation, "problem-statement"),
            "Release dates move late because risky work is found only at the release checklist.",
            [dict(zip(voters, (4, 5, 4, 3, 4, 5, 4), strict=True))],
            Outcome.PASSED,
            "The problem statement is confirmed.",
        )
        self.say(
            validation,
            2,
            "kwame",
            NEG,
            CONCERN,
            "Counting changes alone rewards moving a date by one day ten times rather "
            "than one honest move of a month.",
            "metric",
        )
        self.say(
            validation,
            2,
            "sofia",
            POS,
            SUGGESTION,
            "Then track the size too: days moved, for changes inside the last 30 days.",
            "metric",
        )
        self.vote(
            validation,
            2,
            self.proposal_spec(validation, "metrics"),
            "Count date changes within 30 days of GA per month: 11 today, 3 by the end of March.",
            [
                dict(zip(voters, (3, 4, 2, 3, 3, 4, 3), strict=True)),
                dict(zip(voters, (4, 4, 3, 4, 3, 4, 4), strict=True)),
            ],
            Outcome.PASSED,
            "Date changes within 30 days of GA is the primary metric, read together with "
            "the size of those changes.",
            metric=changes,
        )
        self.vote(
            validation,
            2,
            self.proposal_spec(validation, "metrics"),
            "Average days moved for changes within 30 days of GA: 13 today, 4 by March.",
            [dict(zip(voters, (3, 4, 4, 3, 3, 5, 4), strict=True))],
            Outcome.PASSED,
            metric=size,
        )
        self.act(
            init,
            validation,
            "Count late date changes for the past six months from the release tracker",
            "sofia",
            -118,
            done=-119,
        )

        mapping = self.held(
            init,
            "process-mapping",
            "Process map: risk reviews in the release flow",
            -70,
            10,
            "ben",
            ["lena", "sofia", "kwame", "priya", "jenna"],
        )
        self.say(
            mapping,
            2,
            "kwame",
            NEG,
            CONCERN,
            "Two risk reviews per release means twice as many security questions for one person.",
            "security",
            "bottleneck",
        )
        self.say(
            mapping,
            3,
            "lena",
            POS,
            SUGGESTION,
            "For big projects the kickoff risk review can replace the architecture "
            "review; they ask the same questions.",
            "redundancy",
        )
        self.say(
            mapping,
            5,
            "priya",
            NEUTRAL,
            QUESTION,
            "If the halfway review finds a blocker, who is allowed to move the date?",
            "dead-end",
            "ownership",
        )
        self.fill(
            mapping,
            6,
            "process-check",
            "Process check: risk reviews",
            {
                "bottlenecks": "Security questions all go to Kwame.",
                "redundancies": "Kickoff risk review and architecture review overlap.",
                "new_people": "Go-to-market needs a seat at the halfway review.",
                "dead_ends": "No owner for moving a date after a review finds a blocker.",
                "changes": (
                    "Merge with the architecture review for big projects; the PM owns the date "
                    "and tells go-to-market within a day."
                ),
            },
        )
        self.vote(
            mapping,
            6,
            self.proposal_spec(mapping, "adopt-flow"),
            "Pilot kickoff and halfway risk reviews with the changes above.",
            [
                {
                    "lena": "agree",
                    "sofia": "agree",
                    "kwame": "disagree",
                    "priya": "agree",
                    "jenna": "agree",
                }
            ],
            Outcome.PASSED,
            "Pilot the risk reviews and the shared calendar with Payments and Mobile next quarter.",
        )
        self.act(
            init,
            mapping,
            "Add the risk review questions to the kickoff template",
            "sofia",
            -40,
            done=-42,
        )

        self.cohort(
            init,
            "Payments and Mobile release trains",
            CohortScope.TEAMS,
            14,
            -35,
            CohortStage.RUNNING,
            "Both trains run a risk review at kickoff and halfway; dates on the shared calendar.",
        )
        self.cohort(
            init,
            "All release trains",
            CohortScope.ORGANIZATION,
            60,
            None,
            CohortStage.PLANNED,
            "Only if late date changes halve during the pilot.",
        )

        pilot = self.held(
            init,
            "pilot",
            "Pilot check-in: Payments and Mobile, first month",
            -14,
            11,
            "sofia",
            ["sofia", "lena", "daniel", "priya", "kwame", "jenna"],
            notes="Security reviewer is the next bottleneck. Numbers go to GTM leads.",
        )
        self.say(
            pilot,
            0,
            "daniel",
            POS,
            PRAISE,
            "The halfway review caught the ledger migration six weeks out. We moved the "
            "date once, early, and nobody minded.",
            "risk",
            "results",
        )
        self.say(
            pilot,
            1,
            "priya",
            NEUTRAL,
            CONCERN,
            "Thirty minutes is too long for a small release; half the questions did not apply.",
            "review-length",
        )
        self.say(
            pilot,
            2,
            "jenna",
            VPOS,
            PRAISE,
            "First launch in a year where enablement did not have to be redone.",
            "enablement",
        )
        self.say(
            pilot,
            2,
            "kwame",
            NEG,
            CONCERN,
            "The review finds the risk sooner, but I'm still the only one who can clear it.",
            "security",
            "bottleneck",
        )
        self.say(
            pilot,
            3,
            "sofia",
            NEUTRAL,
            SUGGESTION,
            "A short version of the questions for releases under two weeks of work.",
            "review-length",
        )
        self.fill(
            pilot,
            1,
            "pilot-review",
            "Pilot review: first month",
            {
                "potential": 4,
                "what_worked": "Ledger migration risk found six weeks out; one early date move.",
                "got_in_the_way": "Review too long for small releases; one security reviewer.",
                "suggestions": "Short checklist for small releases; train a second reviewer.",
                "ready_to_expand": "not yet",
            },
        )
        options = [
            "Short checklist for small releases",
            "Second security reviewer",
            "Confidence level on every date",
            "Add the Web train to the pilot",
        ]
        self.vote(
            pilot,
            4,
            self.proposal_spec(pilot, "which-change-first"),
            "Three dots each.",
            [
                {
                    "sofia": {options[0]: 2, options[1]: 1},
                    "lena": {options[1]: 3},
                    "daniel": {options[1]: 2, options[2]: 1},
                    "priya": {options[0]: 3},
                    "kwame": {options[1]: 3},
                    "jenna": {options[2]: 3},
                }
            ],
            Outcome.PASSED,
            "Train a second security reviewer before the pilot expands.",
            options=options,
        )
        self.vote(
            pilot,
            4,
            self.proposal_spec(pilot, "next-iteration"),
            "Second month: short checklist for small releases, second reviewer in training.",
            [
                {
                    "sofia": "agree",
                    "lena": "agree",
                    "daniel": "agree",
                    "priya": "agree",
                    "kwame": "abstain",
                    "jenna": "agree",
                }
            ],
            Outcome.PASSED,
        )
        self.act(init, pilot, "Share the first month's numbers with go-to-market leads", "maya", -5)
        self.act(init, pilot, "Find and train a second security reviewer", "lena", 12)
        self.act(init, pilot, "Draft a short risk checklist for small releases", "sofia", 3)
        self.planned(
            init,
            "pilot",
            "Pilot check-in: Payments and Mobile, second month",
            5,
            11,
            "sofia",
            ["sofia", "lena", "daniel", "priya", "kwame", "jenna"],
        )

        months = [self.month(back) for back in range(4, -1, -1)]
        self.readings(
            changes,
            Cohort.ALL,
            list(zip(months, (11, 12, 9, 10, 7), strict=True)),
            notes={months[0]: "Counted by hand from the release tracker."},
        )
        self.readings(
            changes,
            Cohort.PILOT,
            list(zip(months[3:], (4, 1), strict=True)),
            notes={months[4]: "First month of the pilot."},
        )
        self.readings(size, Cohort.ALL, list(zip(months, (13, 15, 11, 12, 9), strict=True)))
        self.readings(size, Cohort.PILOT, list(zip(months[3:], (10, 3), strict=True)))

    def sales_adoption(self) -> None:
        """Initiative 3: discovery done, success being defined with leading indicators."""
        init = self.initiative(
            -60,
            -20,
            {
                Group.GO_TO_MARKET: (
                    "Reps, sales engineers and partners: few feel able to demo what shipped "
                    "this year."
                ),
                Group.PRODUCT: "PMs write launch material that rarely reaches a sales call.",
            },
            title="Sales adoption of new features",
            problem=(
                "New features reach the price list but not the sales conversation. Reps keep "
                "selling what they already know, so a release shows little effect on new "
                "deals for months."
            ),
            strategic_reason=(
                "This year's growth depends on selling workflow automation to existing "
                "accounts. Leadership asked product to own adoption by sales, not only the "
                "launch."
            ),
            root_cause=(
                "First signs: reps learn about features from release notes they do not read, "
                "and nobody shows them a deal a feature helped win."
            ),
            vision=(
                "Within a month of a launch, reps bring the feature up on their own in calls "
                "and quotes, because they have seen it win a deal."
            ),
            step=Step.DEFINE_SUCCESS,
            status=InitiativeStatus.ACTIVE,
        )
        mentions = self.metric(
            init,
            "Feature mentions in sales calls",
            MetricKind.LEADING,
            "mentions per month",
            Direction.HIGHER,
            baseline=(14, -20),
            target=(45, 149),
            primary=True,
        )
        quotes = self.metric(
            init,
            "Features mentioned in quotes and RFQs",
            MetricKind.LEADING,
            "quotes",
            Direction.HIGHER,
            baseline=(3, -20),
            target=(12, 149),
        )
        self.metric(
            init,
            "Partners including new features in bids",
            MetricKind.LEADING,
            "bids",
            Direction.HIGHER,
        )
        self.metric(
            init,
            "Reps able to demo the newest features",
            MetricKind.LEADING,
            "% of reps",
            Direction.HIGHER,
            target=(80, 149),
        )

        reps = self.held(
            init,
            "discovery",
            "Discovery: account executives",
            -45,
            16,
            "maya",
            ["marcus", "jenna"],
        )
        self.say(
            reps,
            1,
            "marcus",
            NEG,
            OBSERVATION,
            "Played back a recorded call: he demoed only features from two years ago. "
            "'Those won't break in front of a customer.'",
            "demo",
            "observed",
        )
        self.say(
            reps,
            2,
            "marcus",
            NEG,
            CONCERN,
            "Release notes arrive as a wall of text. I read the first three lines.",
            "release-notes",
        )
        self.say(
            reps,
            2,
            "jenna",
            NEUTRAL,
            OBSERVATION,
            "Enablement gets two days' notice before a launch. We can make slides in "
            "two days, not confidence.",
            "enablement",
        )
        self.say(
            reps,
            3,
            "marcus",
            POS,
            SUGGESTION,
            "Show me one deal the feature helped win and I'll use it tomorrow.",
            "proof",
        )
        self.say(
            reps,
            4,
            "jenna",
            NEUTRAL,
            QUESTION,
            "Could PMs join a few sales calls in the first month after a launch?",
            "enablement",
        )
        self.fill(
            reps,
            4,
            "interview-notes",
            "Interview notes: account executives",
            {
                "role": "Enterprise account executive; sales enablement lead",
                "workflow": (
                    "Demo script unchanged for two years; new features looked up in release "
                    "notes only when a customer asks."
                ),
                "pain_points": "No time to learn; fear of a live demo failing.",
                "root_cause": (
                    "Why not demo it? Not confident. Why? Never seen it work for a customer. "
                    "Why? Launches end at the release notes."
                ),
                "severity": 3,
                "also_affected": "Partners and sales engineers.",
            },
        )
        self.act(
            init,
            reps,
            "Agree the list of features that count as new this year",
            "tomas",
            -20,
            done=-22,
        )

        success = self.held(
            init,
            "discovery",
            "Discovery: customer success and partners",
            -30,
            15,
            "maya",
            ["noor", "jenna", "tomas"],
        )
        self.say(
            success,
            1,
            "noor",
            NEG,
            OBSERVATION,
            "Customers find new features through support tickets, not through their account team.",
            "discovery-path",
        )
        self.say(
            success,
            2,
            "noor",
            NEUTRAL,
            OBSERVATION,
            "Partners bid with last year's feature list; nobody sends them updates.",
            "partners",
        )
        self.say(
            success,
            2,
            None,
            VNEG,
            CONCERN,
            "Another mandatory training will be ignored. Reps need a reason, not a course.",
            "enablement",
        )
        self.say(
            success,
            3,
            "tomas",
            NEUTRAL,
            QUESTION,
            "Do we even know which features appear in quotes? Is that data anywhere?",
            "metric",
        )
        self.say(
            success,
            4,
            "jenna",
            POS,
            SUGGESTION,
            "Calls are already transcribed. We could count feature mentions without "
            "asking anyone to log anything.",
            "metric",
        )
        self.fill(
            success,
            4,
            "interview-notes",
            "Interview notes: customer success",
            {
                "role": "Customer success manager; sales enablement; growth PM",
                "workflow": "Feature questions come in through support, then get passed to CS.",
                "pain_points": "Partners out of date; customers surprised by features they own.",
                "severity": 3,
                "also_affected": "Partners, support.",
            },
        )
        self.act(
            init,
            success,
            "Pull call transcripts since July and count new-feature mentions",
            "jenna",
            7,
        )
        self.act(init, success, "Ask partner managers how bids are put together", "maya", 14)

        months = [self.month(back) for back in range(2, -1, -1)]
        self.readings(
            mentions,
            Cohort.ALL,
            list(zip(months, (12, 15, 14), strict=True)),
            notes={months[0]: "From call transcripts, counted by hand."},
        )
        self.readings(quotes, Cohort.ALL, list(zip(months[1:], (3, 4), strict=True)))

    def documentation(self) -> None:
        """Initiative 4: just started, and measuring the wrong thing."""
        init = self.initiative(
            -10,
            -8,
            {Group.PRODUCT: "PMs lose time answering 'where is the latest spec?'"},
            title="A single home for product documentation",
            problem=(
                "Specs, decision records and launch notes live in four tools. People cannot "
                "find the latest version and ask again in chat."
            ),
            strategic_reason="Raised in three team retrospectives this quarter.",
            step=Step.IDENTIFY_PROBLEM,
            status=InitiativeStatus.ACTIVE,
        )
        logins = self.metric(
            init,
            "Weekly logins to the docs portal",
            MetricKind.USAGE,
            "logins",
            Direction.HIGHER,
            baseline=(85, -7),
        )
        self.readings(
            logins, Cohort.ALL, [(self.day(-21), 80), (self.day(-14), 91), (self.day(-7), 85)]
        )
        self.planned(
            init,
            "discovery",
            "Discovery: where product docs live today",
            4,
            14,
            "ben",
            ["priya", "tomas", "daniel"],
        )
        self.act(init, None, "Collect links to every place specs live today", "ben", 2, created=-8)
