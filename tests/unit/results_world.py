"""A small initiative whose results are worth reporting, written to a real SQLite file.

Two affected groups (product, engineering), a named remark from each, an anonymous one
whose text must never stand next to a name or under a group, hostile Markdown in the
texts, links from remarks to a decision, an action, a metric and a change, an outcome
metric read for adopters and non-adopters, a rollout pulse, and a results message sent
to engineering only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from opstui.db.store import Store
from opstui.domain.buy_in import CommItem, CommPurpose, CommStatus, RemarkLink
from opstui.domain.initiative import AffectedGroup, Group, Initiative, Person
from opstui.domain.metrics import Cohort, Direction, Metric, MetricKind, Reading
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FeedbackKind,
    FillIn,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.steps import Step

TODAY = date(2026, 6, 1)
HELD = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
ANONYMOUS_TEXT = "Night shifts were never asked, and that is why I stay anonymous"
HOSTILE = "# Heading? | *bold* [link](javascript:alert(1)) <b>html</b>\n- not a list"


def fixed_id(number: int) -> str:
    """An id that stays the same from run to run, for the golden files."""
    return f"00000000-0000-4000-8000-{number:012d}"


@dataclass(frozen=True)
class ResultsWorld:
    initiative_id: str
    ana_remark: str
    ben_remark: str
    anonymous_remark: str


def build_results_world(store: Store) -> ResultsWorld:
    initiative = store.add_initiative(
        Initiative(
            id=fixed_id(1),
            title="Quick interviews",
            step=Step.EVALUATE,
            lessons_learned="Brief account managers first.\nPlan for platform PMs.",
        )
    )
    iid = initiative.id
    for group in (Group.PRODUCT, Group.ENGINEERING):
        store.set_affected_group(AffectedGroup(initiative_id=iid, group=group))
    ana = store.add_person(Person(name="Ana Alvarez", role="PM", group=Group.PRODUCT))
    ben = store.add_person(Person(name="Ben Okafor", role="Engineer", group=Group.ENGINEERING))
    session = Session(
        initiative_id=iid,
        playbook_key="evaluation",
        kind=SessionKind.EVALUATION,
        title="Evaluation",
        participant_ids=[ana.id, ben.id],
        state=SessionState.ENDED,
        started_at=HELD,
        ended_at=HELD + timedelta(hours=1),
    )
    store.add_session(session, [AgendaItem(session_id=session.id, position=0, title="Review")])

    def remark(person: Person | None, kind: FeedbackKind, mood: Sentiment, text: str) -> str:
        count = len(store.list_feedback(session_id=session.id))
        added = store.add_feedback(
            Feedback(
                id=fixed_id(10 + count),
                session_id=session.id,
                person_id=person.id if person else None,
                kind=kind,
                sentiment=mood,
                text=text,
                created_at=HELD + timedelta(minutes=count),
            )
        )
        return added.id

    ana_remark = remark(ana, FeedbackKind.CONCERN, Sentiment.NEGATIVE, HOSTILE)
    anonymous = remark(None, FeedbackKind.CONCERN, Sentiment.VERY_NEGATIVE, ANONYMOUS_TEXT)
    ben_remark = remark(ben, FeedbackKind.SUGGESTION, Sentiment.POSITIVE, "Measure the wait")
    remark(ben, FeedbackKind.PRAISE, Sentiment.VERY_POSITIVE, "Booking is quick now")

    decision = store.add_decision(
        Decision(
            initiative_id=iid,
            session_id=session.id,
            statement="One shared interview calendar",
            decided_at=HELD + timedelta(minutes=30),
        )
    )
    action = store.add_action(
        ActionItem(
            initiative_id=iid,
            session_id=session.id,
            text="Write the *booking* guide",
            owner_id=ana.id,
            done=True,
            done_at=HELD + timedelta(days=3),
        )
    )
    wait = store.add_metric(
        Metric(
            id=fixed_id(20),
            initiative_id=iid,
            name="Days to an interview",
            kind=MetricKind.OUTCOME,
            unit="days",
            direction=Direction.LOWER,
            baseline_value=19,
            baseline_on=date(2026, 1, 10),
            target_value=5,
            target_on=date(2026, 9, 30),
            primary=True,
        )
    )
    for cohort, value in ((Cohort.ALL, 9), (Cohort.ADOPTERS, 4), (Cohort.NON_ADOPTERS, 15)):
        store.add_reading(
            Reading(metric_id=wait.id, taken_on=date(2026, 5, 1), value=value, cohort=cohort)
        )
    pulse = store.add_metric(
        Metric(initiative_id=iid, name="Rollout pulse", kind=MetricKind.SENTIMENT, unit="of 5")
    )
    store.add_reading(Reading(metric_id=pulse.id, taken_on=date(2026, 5, 20), value=3.5))
    store.add_fill_in(
        FillIn(
            session_id=session.id,
            template_key="lessons",
            title="Lessons learned",
            values={"lessons_learned": "Brief first", "do_differently": "Announce it earlier"},
            created_at=HELD + timedelta(minutes=40),
        )
    )
    for minute, target in enumerate(({"decision_id": decision.id}, {"action_id": action.id})):
        store.add_link(
            RemarkLink(
                initiative_id=iid,
                feedback_id=ana_remark,
                created_at=HELD + timedelta(minutes=48 + minute),
                **target,
            )
        )
    store.add_link(
        RemarkLink(
            initiative_id=iid,
            feedback_id=anonymous,
            change="The rollout plan now covers night shifts",
            created_at=HELD + timedelta(minutes=51),
        )
    )
    store.add_link(
        RemarkLink(
            initiative_id=iid,
            feedback_id=ben_remark,
            metric_id=wait.id,
            created_at=HELD + timedelta(minutes=52),
        )
    )
    store.add_comm_item(
        CommItem(
            initiative_id=iid,
            audience_group=Group.ENGINEERING,
            channel="#eng-all",
            purpose=CommPurpose.RESULTS,
            status=CommStatus.SENT,
            sent_on=date(2026, 5, 25),
        )
    )
    store.add_comm_item(
        CommItem(
            initiative_id=iid,
            channel="All-hands email",
            purpose=CommPurpose.RESULTS,
            planned_on=date(2026, 6, 10),
        )
    )
    return ResultsWorld(iid, ana_remark, ben_remark, anonymous)
