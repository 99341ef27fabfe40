"""The dashboard's read model leaves a cancelled session out of mood and "last met", as
the whole initiative read does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from opstui.db.store import Store, load_facts
from opstui.domain.initiative import Initiative
from opstui.domain.initiative_summary import summarize_initiative
from opstui.domain.session import Feedback, Sentiment, Session, SessionKind, SessionState
from opstui.services.session_changes import cancel_session

MONDAY = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


def held(store: Store, initiative: Initiative, started: datetime, sentiment: Sentiment) -> Session:
    session = store.add_session(
        Session(
            initiative_id=initiative.id,
            playbook_key="discovery",
            kind=SessionKind.DISCOVERY,
            title="Interview",
            state=SessionState.ENDED,
            started_at=started,
            ended_at=started + timedelta(hours=1),
        )
    )
    store.add_feedback(Feedback(session_id=session.id, sentiment=sentiment, text="Heard"))
    return session


def test_mood_and_last_met_skip_the_cancelled_session(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="Interviews"))
    held(store, initiative, MONDAY, Sentiment.VERY_POSITIVE)
    mistake = held(store, initiative, MONDAY + timedelta(days=2), Sentiment.VERY_NEGATIVE)
    cancel_session(store, mistake.id, MONDAY + timedelta(days=2, minutes=5))
    [outline] = store.dashboard_facts([initiative.id], today=TODAY)
    whole = load_facts(store, initiative.id, today=TODAY)
    for facts in (outline, whole):
        row = summarize_initiative(facts)
        assert row.last_session_on == MONDAY.date()
        assert row.last_session_sentiment == float(Sentiment.VERY_POSITIVE)
