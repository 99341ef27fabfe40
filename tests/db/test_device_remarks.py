"""The queue of remarks from devices on disk: saved on arrival, moved to feedback in one
transaction when accepted, deleted when rejected; schema 4's table and its checks."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opstui.db import schema
from opstui.db.errors import DatabaseFailure, NotFound
from opstui.db.store import Store
from opstui.domain.device_remarks import QueuedRemark, device_remark
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import (
    Feedback,
    FeedbackKind,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)

FIXTURES = Path(__file__).parent / "fixtures"
ARRIVED = datetime(2026, 3, 9, 14, 5, tzinfo=UTC)


@pytest.fixture
def world(store: Store) -> tuple[Session, Person]:
    person = store.add_person(Person(name="Ana", group=Group.ENGINEERING))
    initiative = store.add_initiative(Initiative(title="Scheduling"))
    session = store.add_session(
        Session(
            initiative_id=initiative.id,
            title="Validation",
            playbook_key="validation",
            kind=SessionKind.VALIDATION,
            state=SessionState.LIVE,
            started_at=ARRIVED,
            participant_ids=[person.id],
        )
    )
    return session, person


def remark(session: Session, person_id: str | None, text: str = "Slots help") -> QueuedRemark:
    return device_remark(
        session_id=session.id,
        person_id=person_id,
        sentiment="1",
        kind="praise",
        text=text,
        agenda_item_id=None,
        received_at=ARRIVED,
    )


def rows(store: Store, table: str) -> list[sqlite3.Row]:
    return list(store.conn.execute(f"SELECT * FROM {table}"))


def test_a_queued_remark_is_on_disk_as_it_arrived(
    store: Store, db_path: Path, world: tuple[Session, Person]
) -> None:
    session, ana = world
    queued = store.queue_remark(remark(session, ana.id))
    with Store.open(db_path, read_only=True) as reader:
        assert reader.list_queued_remarks(session.id) == [queued]
        assert reader.get_queued_remark(queued.id).sentiment is Sentiment.POSITIVE
        assert reader.count_queued_remarks(session.id) == 1
        assert reader.list_feedback(session_id=session.id) == []


def test_accepting_moves_it_to_feedback_in_one_step(
    store: Store, world: tuple[Session, Person]
) -> None:
    session, ana = world
    queued = store.queue_remark(remark(session, ana.id, "Calendar slots"))
    feedback = store.accept_queued_remark(queued.id, queued.as_feedback())
    assert rows(store, "device_remarks") == []
    stored = store.list_feedback(session_id=session.id)
    assert stored == [feedback]
    assert (stored[0].person_id, stored[0].kind, stored[0].created_at) == (
        ana.id,
        FeedbackKind.PRAISE,
        ARRIVED,
    )
    assert [hit.feedback.text for hit in store.search_feedback("calendar")] == ["Calendar slots"]


def test_a_failed_accept_leaves_the_remark_waiting_and_no_feedback(
    store: Store, world: tuple[Session, Person]
) -> None:
    session, ana = world
    queued = store.queue_remark(remark(session, ana.id))
    # A feedback the file refuses (its session does not exist): the delete is undone too.
    broken = queued.as_feedback().model_copy(update={"session_id": "no-such-session"})
    with pytest.raises(DatabaseFailure):
        store.accept_queued_remark(queued.id, broken)
    assert store.list_queued_remarks(session.id) == [queued]
    assert rows(store, "feedback") == []


def test_accepting_or_rejecting_a_gone_remark_writes_nothing(
    store: Store, world: tuple[Session, Person]
) -> None:
    session, ana = world
    queued = store.queue_remark(remark(session, ana.id))
    store.reject_queued_remark(queued.id)
    assert rows(store, "device_remarks") == []
    with pytest.raises(NotFound):
        store.accept_queued_remark(queued.id, queued.as_feedback())
    with pytest.raises(NotFound):
        store.reject_queued_remark(queued.id)
    assert rows(store, "feedback") == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("sentiment", 0), ("sentiment", 6), ("kind", "rant"), ("text", "  "), ("text", "x" * 2001)],
    ids=["sentiment-0", "sentiment-6", "kind", "blank", "too-long"],
)
def test_the_table_refuses_what_no_remark_may_hold(
    store: Store, world: tuple[Session, Person], column: str, value: object
) -> None:
    session, _ = world
    row = {
        "id": "r1",
        "session_id": session.id,
        "sentiment": 3,
        "kind": "praise",
        "text": "ok",
        "received_at": ARRIVED.isoformat(),
        column: value,
    }
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(
            f"INSERT INTO device_remarks ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )


def test_hostile_text_is_stored_literally_without_controls(
    store: Store, world: tuple[Session, Person]
) -> None:
    session, _ = world
    sent = "<script>alert(1)</script> [bold red]x[/] \x1b]52;c;aGk=\x07 \x9b2J end"
    queued = store.queue_remark(remark(session, None, sent))
    (text,) = store.conn.execute("SELECT text FROM device_remarks").fetchone()
    assert text == "<script>alert(1)</script> [bold red]x[/] ]52;c;aGk= 2J end"
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text)
    store.accept_queued_remark(queued.id, queued.as_feedback())
    (accepted,) = store.conn.execute("SELECT text, person_id FROM feedback").fetchall()
    assert tuple(accepted) == (text, None)


def test_a_deleted_person_leaves_their_remark_anonymous_and_a_deleted_session_takes_it(
    store: Store, world: tuple[Session, Person]
) -> None:
    session, ana = world
    queued = store.queue_remark(remark(session, ana.id))
    store.conn.execute("DELETE FROM session_participants WHERE person_id = ?", (ana.id,))
    store.delete_person(ana.id)
    assert store.get_queued_remark(queued.id).person_id is None
    store.delete_session(session.id)
    assert rows(store, "device_remarks") == []


def test_a_session_holding_only_waiting_remarks_holds_captures(
    store: Store, world: tuple[Session, Person]
) -> None:
    session, _ = world
    assert not store.holds_captures(session.id)
    store.queue_remark(remark(session, None))
    assert store.holds_captures(session.id)


def test_schema_3_upgrades_with_an_empty_queue(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    shutil.copy(FIXTURES / "v3.db", path)
    with Store.open(path) as store:
        assert schema.user_version(store.conn) == schema.CURRENT_VERSION
        assert store.backup is not None
        assert rows(store, "device_remarks") == []
        session = store.list_sessions()[0]
        store.queue_remark(remark(session, None))
        assert store.count_queued_remarks(session.id) == 1


def test_the_schema_4_fixture_reads_back_its_queue(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    shutil.copy(FIXTURES / "v4.db", path)
    with Store.open(path) as store:
        queued = [r for s in store.list_sessions() for r in store.list_queued_remarks(s.id)]
    assert [r.anonymous for r in queued] == [False, True, False]
    assert queued[2].text == "<script>x</script> [bold red]x[/]"
    assert isinstance(queued[0].as_feedback(), Feedback)
