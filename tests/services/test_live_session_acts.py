"""The live session as an object: each act is stored, and the state it holds stays what
reading the file again would give, without reading it again."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import (
    ActionItem,
    Decision,
    Feedback,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.session_plan import plan_session
from opstui.domain.voting import BallotError, Proposal, VoteMethod
from opstui.services.live_session import LiveSession, LiveSessionError

STARTED = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


class CountingStore:
    """The store, counting every read (``get_*``, ``list_*``) made through it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.reads: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.store, name)
        if callable(found) and name.startswith(("get_", "list_")):

            def counted(*args: Any, **kwargs: Any) -> Any:
                self.reads[name] += 1
                return found(*args, **kwargs)

            return counted
        return found


@pytest.fixture
def counting(store: Store) -> CountingStore:
    return CountingStore(store)


@pytest.fixture
def session(store: Store) -> Session:
    people = [store.add_person(Person(name=n, group=Group.PRODUCT)) for n in ("Ana", "Ben", "Chi")]
    initiative = store.add_initiative(Initiative(title="Scheduling"))
    earlier = store.add_session(
        Session(
            initiative_id=initiative.id,
            title="Discovery",
            playbook_key="discovery",
            kind=SessionKind.DISCOVERY,
            state=SessionState.ENDED,
            started_at=STARTED - timedelta(days=7),
            ended_at=STARTED - timedelta(days=7, hours=-1),
        )
    )
    store.add_action(
        ActionItem(
            initiative_id=initiative.id,
            session_id=earlier.id,
            text="Send the survey",
            created_at=STARTED - timedelta(days=7),
        )
    )
    book = next(b for b in builtin_playbooks() if b.key == "validation")
    planned, agenda = plan_session(
        initiative_id=initiative.id,
        playbook=book,
        title="Validation",
        participant_ids=[p.id for p in people],
        facilitator_id=None,
        now=STARTED,
    )
    return store.add_session(planned, agenda)


def open_live(counting: CountingStore, session: Session, tmp_path: Path) -> LiveSession:
    return LiveSession(cast(Store, counting), session.id, playbooks_dir=tmp_path)


def as_read_again(live: LiveSession, store: Store, tmp_path: Path) -> LiveSession:
    return LiveSession(store, live.session_id, playbooks_dir=tmp_path)


def assert_current(live: LiveSession, store: Store, tmp_path: Path) -> None:
    """What the object holds is what the file holds."""
    fresh = as_read_again(live, store, tmp_path)
    assert live.captures == fresh.captures
    assert live.vote == fresh.vote
    assert live.ballots == fresh.ballots
    assert live.carried == fresh.carried
    assert live.agenda == fresh.agenda
    assert live.session == fresh.session


def test_every_act_is_stored_and_held_without_reading_again(
    store: Store, counting: CountingStore, session: Session, tmp_path: Path
) -> None:
    live = open_live(counting, session, tmp_path)
    ana, ben, chi = (p.id for p in live.participants)
    loaded = sum(counting.reads.values())

    remark = live.save_feedback(
        Feedback(session_id=session.id, person_id=ana, text="Slots help", tags=["calendar"])
    )
    live.save_feedback(remark.model_copy(update={"sentiment": Sentiment.POSITIVE}))
    live.save_action(ActionItem(initiative_id=session.initiative_id, text="Share the notes"))
    live.tick_carried(live.carried[0].id)
    live.move_to(1, 300, STARTED + timedelta(minutes=10))
    live.save_time(42, 20 * 60)
    live.save_notes("Ben was quiet")

    named = live.call_vote(Proposal(session_id=session.id, title="Go?", method=VoteMethod.YES_NO))
    for person, value in ((ana, "yes"), (ben, "no"), (chi, "yes")):
        live.cast(person, value, {})
    live.cast(ben, "yes", {})  # changes their mind: one ballot each
    live.withdraw(chi)
    live.cast(chi, "yes", {})
    live.reveal()
    live.close_vote(Decision(initiative_id=session.initiative_id, statement="We go"))
    live.record_decision(Decision(initiative_id=session.initiative_id, statement="Weekly"))
    assert sum(counting.reads.values()) == loaded, counting.reads

    secret = live.call_vote(
        Proposal(session_id=session.id, title="Happy?", method=VoteMethod.YES_NO, anonymous=True)
    )
    for person, value in ((ana, "no"), (ben, "yes"), (chi, "yes")):
        live.cast(person, value, {})
    assert live.voted == {ana, ben, chi}
    with pytest.raises(BallotError, match="cannot be changed"):
        live.cast(ben, "no", {})
    live.close_vote(Decision(initiative_id=session.initiative_id, statement="Happy"))
    # Sealing wrote the anonymous ballots again: only they are read back.
    assert sum(counting.reads.values()) == loaded + 1, counting.reads

    assert_current(live, store, tmp_path)
    assert live.vote is None
    assert [b.value for b in store.list_ballots(named.id)] == ["yes", "yes", "yes"]
    assert [(b.person_id, b.value) for b in store.list_ballots(secret.id)] == [
        (None, "no"),
        (None, "yes"),
        (None, "yes"),
    ]
    assert live.session.notes == "Ben was quiet"
    assert live.session.current_item == 1 and live.agenda[0].elapsed_seconds == 300
    assert live.carried[0].done


def test_a_fill_in_is_made_by_its_first_field_then_amended(
    store: Store, counting: CountingStore, session: Session, tmp_path: Path
) -> None:
    live = open_live(counting, session, tmp_path)
    template = live.templates[0]
    first, second = (spec.key for spec in template.fields[:2])
    made = live.save_fill_in_value(template, None, first, "one")
    amended = live.save_fill_in_value(template, made.id, second, "two")
    assert amended.id == made.id and amended.values == {first: "one", second: "two"}
    assert_current(live, store, tmp_path)


def test_deleting_a_capture_forgets_it_and_votes_stay(
    store: Store, counting: CountingStore, session: Session, tmp_path: Path
) -> None:
    live = open_live(counting, session, tmp_path)
    remark = live.save_feedback(Feedback(session_id=session.id, text="Gone soon"))
    action = live.save_action(ActionItem(initiative_id=session.initiative_id, text="Later"))
    live.delete_capture("feedback", remark.id)
    live.delete_capture("action", action.id)
    vote = live.call_vote(Proposal(session_id=session.id, title="Keep?"))
    with pytest.raises(LiveSessionError, match="kept as recorded"):
        live.delete_capture("vote", vote.id)
    assert live.captures.feedback == [] and live.captures.actions == []
    assert_current(live, store, tmp_path)


def test_acts_the_session_cannot_take_are_refused_with_a_reason(
    counting: CountingStore, session: Session, tmp_path: Path
) -> None:
    live = open_live(counting, session, tmp_path)
    with pytest.raises(LiveSessionError, match="No vote is open"):
        live.reveal()
    live.call_vote(Proposal(session_id=session.id, title="Unrevealed"))
    with pytest.raises(LiveSessionError, match="A vote is open"):
        live.call_vote(Proposal(session_id=session.id, title="Second"))
    with pytest.raises(LiveSessionError, match="Reveal this round"):
        live.revote()
    with pytest.raises(BallotError):
        live.cast(live.participants[0].id, "9", {})  # fist of five: 0 to 5
    with pytest.raises(LiveSessionError, match="no agenda item"):
        live.move_to(99, 0, STARTED)


def test_ending_stores_the_end_and_the_summary_counts_what_was_captured(
    store: Store, counting: CountingStore, session: Session, tmp_path: Path
) -> None:
    live = open_live(counting, session, tmp_path)
    live.save_feedback(Feedback(session_id=session.id, text="Good"))
    ended_at = STARTED + timedelta(minutes=45)
    summary = live.summary(ending_at=ended_at)
    live.end(ended_at)
    assert live.ended and not live.editable
    assert store.get_session(session.id).state is SessionState.ENDED
    assert live.summary() == summary
    assert_current(live, store, tmp_path)
