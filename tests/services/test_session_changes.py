"""Cancelling a session started by mistake, and renaming one, as the app and CLI do it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from opstui.db.errors import NotFound
from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    Session,
    SessionKind,
    SessionState,
)
from opstui.services.session_changes import (
    Cancelling,
    SessionInUse,
    cancel_session,
    cancelling,
    rename_session,
)

STARTED = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
NOW = STARTED + timedelta(minutes=3)


@pytest.fixture
def live(store: Store) -> Session:
    """A live session with two participants and an agenda, nothing captured yet."""
    ana = store.add_person(Person(name="Ana", group=Group.PRODUCT))
    ben = store.add_person(Person(name="Ben", group=Group.ENGINEERING))
    initiative = store.add_initiative(Initiative(title="Scheduling"))
    session = Session(
        initiative_id=initiative.id,
        title="Validation",
        playbook_key="validation",
        kind=SessionKind.VALIDATION,
        state=SessionState.LIVE,
        started_at=STARTED,
        participant_ids=[ana.id, ben.id],
    )
    agenda = [AgendaItem(session_id=session.id, position=0, title="Recap")]
    return store.add_session(session, agenda)


def count(store: Store, table: str, session_id: str) -> int:
    return int(
        store.database.fetch(f"SELECT count(*) FROM {table} WHERE session_id = ?", (session_id,))[
            0
        ][0]
    )


def test_an_empty_session_is_deleted_with_its_agenda_and_participants(
    store: Store, live: Session
) -> None:
    assert cancelling(store, live.id) is Cancelling.DELETE
    assert cancel_session(store, live.id, NOW) is Cancelling.DELETE
    with pytest.raises(NotFound):
        store.get_session(live.id)
    assert count(store, "agenda_items", live.id) == 0
    assert count(store, "session_participants", live.id) == 0


def test_a_session_with_a_remark_is_kept_cancelled_and_ended(store: Store, live: Session) -> None:
    store.add_feedback(Feedback(session_id=live.id, text="Too many steps"))
    assert cancelling(store, live.id) is Cancelling.KEEP_CANCELLED
    assert cancel_session(store, live.id, NOW) is Cancelling.KEEP_CANCELLED
    kept = store.get_session(live.id)
    assert kept.cancelled_at == NOW
    assert kept.state is SessionState.ENDED
    assert kept.ended_at == NOW
    assert kept.participant_ids == live.participant_ids
    assert [f.text for f in store.list_feedback(session_id=live.id)] == ["Too many steps"]


@pytest.mark.parametrize("capture", ["notes", "action", "decision"])
def test_anything_captured_keeps_the_session(store: Store, live: Session, capture: str) -> None:
    if capture == "notes":
        store.save_notes(live.id, "Ana seemed unsure")
    elif capture == "action":
        store.add_action(
            ActionItem(initiative_id=live.initiative_id, session_id=live.id, text="Call Ben")
        )
    else:
        store.add_decision(
            Decision(initiative_id=live.initiative_id, session_id=live.id, statement="Go")
        )
    assert cancel_session(store, live.id, NOW) is Cancelling.KEEP_CANCELLED
    assert store.get_session(live.id).cancelled


def test_blank_notes_are_nothing_captured(store: Store, live: Session) -> None:
    store.save_notes(live.id, "  \n ")
    assert cancelling(store, live.id) is Cancelling.DELETE


def test_another_sessions_captures_do_not_keep_this_one(store: Store, live: Session) -> None:
    other = store.add_session(live.model_copy(update={"id": "other-session", "title": "Other"}))
    store.add_feedback(Feedback(session_id=other.id, text="Elsewhere"))
    assert cancelling(store, live.id) is Cancelling.DELETE


def test_a_renamed_session_keeps_its_new_title(store: Store, live: Session) -> None:
    renamed = rename_session(store, live.id, "  Validation of the metrics ")
    assert renamed.title == "Validation of the metrics"
    assert store.get_session(live.id).title == "Validation of the metrics"


def test_a_blank_title_is_refused(store: Store, live: Session) -> None:
    with pytest.raises(ValidationError):
        rename_session(store, live.id, "   ")
    assert store.get_session(live.id).title == "Validation"


def test_a_session_run_in_another_app_is_not_cancelled(store: Store, live: Session) -> None:
    running = store.hold_session(live.id)
    assert running is not None
    try:
        with pytest.raises(SessionInUse):
            cancel_session(store, live.id, NOW)
        assert store.get_session(live.id).state is SessionState.LIVE
        # The app that runs it cancels it with its own hold.
        assert cancel_session(store, live.id, NOW, held=running) is Cancelling.DELETE
    finally:
        running.release()
