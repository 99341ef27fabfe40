"""The dashboard row: step, health, metric progress, recent mood, open actions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from opstui.domain.doctor import diagnose
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import AffectedGroup, Group, Initiative, InitiativeStatus
from opstui.domain.initiative_summary import summarize_initiative
from opstui.domain.metrics import Metric, MetricKind, Reading
from opstui.domain.session import ActionItem, Feedback, Sentiment, Session, SessionKind
from opstui.domain.steps import Step

INITIATIVE_ID = "ini-1"
TODAY = date(2026, 6, 1)


def make_facts(step: Step = Step.IDENTIFY_PROBLEM) -> InitiativeFacts:
    initiative = Initiative(
        id=INITIATIVE_ID, title="Make interviews easy", step=step, status=InitiativeStatus.PAUSED
    )
    return InitiativeFacts(
        initiative=initiative,
        groups=[AffectedGroup(initiative_id=INITIATIVE_ID, group=Group.DESIGN)],
        today=TODAY,
    )


def session(started: datetime | None, title: str = "Session") -> Session:
    return Session(
        initiative_id=INITIATIVE_ID,
        playbook_key="discovery",
        kind=SessionKind.DISCOVERY,
        title=title,
        started_at=started,
    )


def remark(held_in: Session, sentiment: Sentiment) -> Feedback:
    return Feedback(session_id=held_in.id, sentiment=sentiment, text="Said something")


def test_a_bare_initiative() -> None:
    row = summarize_initiative(make_facts())
    assert row.initiative_id == INITIATIVE_ID
    assert row.title == "Make interviews easy"
    assert row.step is Step.IDENTIFY_PROBLEM
    assert row.status is InitiativeStatus.PAUSED
    assert row.health == 0
    assert row.metric_name is None and row.metric_progress is None
    assert row.last_session_sentiment is None and row.last_session_on is None
    assert row.open_actions == 0


def test_health_counts_the_doctors_findings() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    facts.groups.clear()
    facts.metrics.append(Metric(initiative_id=INITIATIVE_ID, name="Logins"))
    row = summarize_initiative(facts)
    # Among them, no stakeholder consulted before step 4 (no check-ins at all).
    assert row.health == len(diagnose(facts)) == 5


def test_progress_of_the_primary_metric() -> None:
    facts = make_facts()
    other = Metric(initiative_id=INITIATIVE_ID, name="Survey score", kind=MetricKind.SENTIMENT)
    main = Metric(
        initiative_id=INITIATIVE_ID,
        name="Interviews per PM",
        baseline_value=2,
        baseline_on=date(2026, 1, 1),
        target_value=6,
        target_on=date(2026, 12, 31),
        primary=True,
    )
    facts.metrics += [other, main]
    facts.readings += [
        Reading(metric_id=main.id, taken_on=date(2026, 3, 1), value=3),
        Reading(metric_id=main.id, taken_on=date(2026, 5, 1), value=5),
        Reading(metric_id=other.id, taken_on=date(2026, 5, 2), value=1),
    ]
    row = summarize_initiative(facts)
    assert row.metric_name == "Interviews per PM"
    assert row.metric_progress is not None
    assert row.metric_progress.latest == 5
    assert row.metric_progress.share == 0.75
    assert row.metric_progress.on_track is True


def test_sentiment_and_date_of_the_latest_started_session() -> None:
    facts = make_facts()
    old = session(datetime(2026, 4, 1, 9, tzinfo=UTC), "Old")
    new = session(datetime(2026, 5, 2, 9, tzinfo=UTC), "New")
    planned = session(None, "Planned")
    facts.sessions += [new, old, planned]
    facts.feedback += [
        remark(old, Sentiment.VERY_NEGATIVE),
        remark(new, Sentiment.POSITIVE),
        remark(new, Sentiment.VERY_POSITIVE),
        remark(new, Sentiment.NEGATIVE),
    ]
    row = summarize_initiative(facts)
    assert row.last_session_on == date(2026, 5, 2)
    assert row.last_session_sentiment == (4 + 5 + 2) / 3


def test_no_sentiment_when_the_latest_session_has_no_feedback() -> None:
    facts = make_facts()
    old = session(datetime(2026, 4, 1, 9, tzinfo=UTC))
    facts.sessions += [old, session(datetime(2026, 5, 2, 9, tzinfo=UTC))]
    facts.feedback.append(remark(old, Sentiment.POSITIVE))
    row = summarize_initiative(facts)
    assert row.last_session_on == date(2026, 5, 2)
    assert row.last_session_sentiment is None


def test_open_actions_leave_out_the_done_ones() -> None:
    facts = make_facts()
    facts.actions += [
        ActionItem(initiative_id=INITIATIVE_ID, text="Book the room"),
        ActionItem(initiative_id=INITIATIVE_ID, text="Send the survey"),
        ActionItem(initiative_id=INITIATIVE_ID, text="Draft the template", done=True),
    ]
    assert summarize_initiative(facts).open_actions == 2
