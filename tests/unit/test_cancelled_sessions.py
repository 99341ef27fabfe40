"""A cancelled session counts for nothing: not for mood or "last met", not as the session
actions are carried into, not as evidence; and how cancelling leaves a session."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from opstui.domain.cancelling import Cancelling, cancelled, how_to_cancel
from opstui.domain.carried_over import carried_over
from opstui.domain.chart_series import sentiment_by_session
from opstui.domain.checklist import evaluate
from opstui.domain.counted_sessions import counts
from opstui.domain.evidence import metrics_agreed, validation_passed
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Initiative
from opstui.domain.initiative_summary import summarize_initiative
from opstui.domain.latest_session import latest_session
from opstui.domain.session import (
    ActionItem,
    Feedback,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.voting import Outcome, Proposal, ProposalStatus, ProposalSubject

INITIATIVE = Initiative(title="Interviews")
MONDAY = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
TUESDAY = MONDAY + timedelta(days=1)


def session(started: datetime, *, cancelled_at: datetime | None = None, **more: object) -> Session:
    data: dict[str, object] = {
        "initiative_id": INITIATIVE.id,
        "playbook_key": "validation",
        "kind": SessionKind.VALIDATION,
        "title": "Validation",
        "state": SessionState.ENDED,
        "started_at": started,
        "ended_at": started + timedelta(hours=1),
        "cancelled_at": cancelled_at,
    }
    data.update(more)
    return Session.model_validate(data)


def facts(*sessions: Session) -> InitiativeFacts:
    return InitiativeFacts(initiative=INITIATIVE, sessions=list(sessions), today=date(2026, 3, 10))


def test_a_cancelled_session_does_not_count() -> None:
    assert counts(session(MONDAY))
    assert not counts(session(MONDAY, cancelled_at=TUESDAY))


def test_the_latest_session_skips_a_cancelled_one() -> None:
    held = session(MONDAY)
    mistake = session(TUESDAY, cancelled_at=TUESDAY)
    assert latest_session([held, mistake]) is held
    assert latest_session([mistake]) is None


def test_mood_and_last_met_come_from_the_last_session_that_counts() -> None:
    held = session(MONDAY)
    mistake = session(TUESDAY, cancelled_at=TUESDAY)
    read = facts(held, mistake)
    read.feedback = [
        Feedback(session_id=held.id, sentiment=Sentiment.POSITIVE, text="Good"),
        Feedback(session_id=mistake.id, sentiment=Sentiment.VERY_NEGATIVE, text="Wrong call"),
    ]
    row = summarize_initiative(read)
    assert row.last_session_on == MONDAY.date()
    assert row.last_session_sentiment == float(Sentiment.POSITIVE)


def test_a_cancelled_sessions_mood_is_left_out_of_the_charts() -> None:
    held = session(MONDAY)
    mistake = session(TUESDAY, cancelled_at=TUESDAY)
    remarks = [
        Feedback(session_id=held.id, text="Good"),
        Feedback(session_id=mistake.id, text="Wrong call"),
    ]
    assert [s.session_id for s in sentiment_by_session([held, mistake], remarks)] == [held.id]


def test_nothing_is_carried_into_a_cancelled_session_and_the_next_carries_on() -> None:
    mistake = session(MONDAY, cancelled_at=MONDAY + timedelta(minutes=5))
    after = session(TUESDAY)
    open_action = ActionItem(
        initiative_id=INITIATIVE.id, text="Send the survey", created_at=MONDAY - timedelta(days=3)
    )
    assert carried_over([open_action], mistake) == []
    assert carried_over([open_action], after) == [open_action]


def passed_vote(held_in: Session, subject: ProposalSubject) -> Proposal:
    return Proposal(
        session_id=held_in.id,
        title="The metrics show the problem",
        status=ProposalStatus.CLOSED,
        outcome=Outcome.PASSED,
        subject=subject,
    )


def test_a_cancelled_validation_session_is_no_validation() -> None:
    mistake = session(MONDAY, cancelled_at=MONDAY + timedelta(minutes=5))
    read = facts(mistake)
    read.proposals = [passed_vote(mistake, ProposalSubject.METRIC)]
    assert validation_passed(read) is None
    assert metrics_agreed(read) is None
    ticked = {s.item.key for s in evaluate(read) if s.done}
    assert "validate-stakeholders" not in ticked
    assert "agree-metrics" not in ticked


def test_the_same_vote_in_a_session_that_counts_is_validation() -> None:
    held = session(MONDAY)
    read = facts(held)
    read.proposals = [passed_vote(held, ProposalSubject.METRIC)]
    assert validation_passed(read) is not None
    assert metrics_agreed(read) is not None


def test_only_a_session_holding_nothing_is_deleted() -> None:
    assert how_to_cancel(holds_captures=False) is Cancelling.DELETE
    assert how_to_cancel(holds_captures=True) is Cancelling.KEEP_CANCELLED


def test_cancelling_a_live_session_ends_it_then() -> None:
    live = session(MONDAY, state=SessionState.LIVE, ended_at=None)
    now = MONDAY + timedelta(minutes=4)
    done = cancelled(live, now)
    assert (done.cancelled_at, done.state, done.ended_at) == (now, SessionState.ENDED, now)


def test_cancelling_an_ended_session_keeps_its_end() -> None:
    ended = session(MONDAY)
    done = cancelled(ended, TUESDAY)
    assert done.cancelled_at == TUESDAY
    assert done.ended_at == ended.ended_at
    assert cancelled(done, TUESDAY + timedelta(days=1)) == done
