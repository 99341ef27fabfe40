"""Snapshots of the live screen as it is shared on a call: vote open, revealed, presenter-safe.

The timer runs on a frozen clock and every stored time is fixed, in UTC, so the
pictures only change when the screen does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import (
    ActionItem,
    Feedback,
    FeedbackKind,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.session_plan import plan_session
from opstui.domain.steps import Step
from opstui.domain.voting import Ballot, Proposal, ProposalSubject
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.resume_session import ResumeSession

SnapCompare = Callable[..., bool]

NAMES = ["Ana Ruiz", "Ben Okafor", "Chloé Martin", "Dev Patel", "Eli Cohen", "Fatima Zahra",
         "Gus Lind", "Hana Sato"]  # fmt: skip
FISTS = "54334524"
T0 = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times are shown in the local zone: make it UTC for stable pictures."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def seed(
    store: Store,
    *,
    anonymous: bool = False,
    revealed: bool = False,
    elapsed: int = 400,
    presenter_safe: bool = False,
) -> str:
    """A validation session on its second item, with remarks and an eight-person vote."""
    people = [store.add_person(Person(name=n, group=Group.PRODUCT)) for n in NAMES]
    facilitator = store.add_person(Person(name="Olu Facilitator"))
    initiative = store.add_initiative(
        Initiative(title="Make customer interviews easy to schedule", step=Step.VALIDATE)
    )
    before = T0 - timedelta(days=7)
    previous = store.add_session(
        Session(
            initiative_id=initiative.id,
            playbook_key="discovery",
            kind=SessionKind.DISCOVERY,
            title="Discovery interview",
            participant_ids=[p.id for p in people],
            state=SessionState.ENDED,
            started_at=before,
            ended_at=before + timedelta(hours=1),
        )
    )
    store.add_action(
        ActionItem(
            initiative_id=initiative.id,
            session_id=previous.id,
            text="Send the scheduling survey to every PM",
            owner_id=people[0].id,
            created_at=before + timedelta(minutes=55),
        )
    )
    book = next(b for b in builtin_playbooks() if b.key == "validation")
    session, agenda = plan_session(
        initiative_id=initiative.id,
        playbook=book,
        title="Validation session",
        participant_ids=[p.id for p in people],
        facilitator_id=facilitator.id,
        now=T0,
        presenter_safe=presenter_safe,
    )
    agenda[0] = agenda[0].model_copy(
        update={"elapsed_seconds": 690, "ended_at": T0 + timedelta(minutes=12)}
    )
    agenda[1] = agenda[1].model_copy(
        update={"started_at": T0 + timedelta(minutes=12), "elapsed_seconds": elapsed}
    )
    session = session.model_copy(update={"current_item": 1, "notes": "Ask Gus about Fridays"})
    store.add_session(session, agenda)
    remarks = [
        (1, Sentiment.POSITIVE, FeedbackKind.PRAISE, "Seeing the calendar in one place helps"),
        (6, Sentiment.VERY_NEGATIVE, FeedbackKind.CONCERN, "[bold]Rooms[/] are never free 🙃"),
        (None, Sentiment.NEUTRAL, FeedbackKind.QUESTION, "Who owns the research budget?"),
    ]
    for minute, (who, sentiment, kind, text) in enumerate(remarks, start=3):
        store.add_feedback(
            Feedback(
                session_id=session.id,
                person_id=None if who is None else people[who].id,
                sentiment=sentiment,
                kind=kind,
                text=text,
                created_at=T0 + timedelta(minutes=minute),
            )
        )
    proposal = store.add_proposal(
        Proposal(
            session_id=session.id,
            title="The problem statement describes the problem as we experience it",
            subject=ProposalSubject.PROBLEM,
            quorum=5,
            anonymous=anonymous,
            revealed=revealed,
            created_at=T0 + timedelta(minutes=20),
        )
    )
    for person, value in zip(people[:6], FISTS, strict=False):
        store.cast_ballot(
            Ballot(proposal_id=proposal.id, person_id=person.id, method=proposal.method,
                   value=value, cast_at=T0 + timedelta(minutes=21))
        )  # fmt: skip
    return session.id


def open_frozen(session_id: str, *keys: str) -> Callable[[Pilot[Any]], Any]:
    """Dismiss the offer to resume and open the session with the timer frozen."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        if isinstance(pilot.app.screen, ResumeSession):
            await pilot.press("escape")
        await pilot.app.push_screen(
            LiveSessionScreen(session_id, start_timer=True, clock=lambda: 5000.0)
        )
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_vote_open_and_blind(snap_compare: SnapCompare, db_path: Path) -> None:
    with Store.open(db_path) as store:
        session_id = seed(store)
        app = make_app(store)
        assert snap_compare(app, run_before=open_frozen(session_id), terminal_size=(120, 40))


def test_vote_revealed_with_all_eight(snap_compare: SnapCompare, db_path: Path) -> None:
    with Store.open(db_path) as store:
        session_id = seed(store)
        app = make_app(store)
        # The last two participants vote, then the facilitator reveals.
        run_before = open_frozen(session_id, "2", "4", "r")
        assert snap_compare(app, run_before=run_before, terminal_size=(120, 40))


def test_presenter_safe_hides_notes_and_anonymous_names(
    snap_compare: SnapCompare, db_path: Path
) -> None:
    with Store.open(db_path) as store:
        session_id = seed(store, anonymous=True, revealed=True, presenter_safe=True)
        app = make_app(store)
        run_before = open_frozen(session_id)
        assert snap_compare(app, run_before=run_before, terminal_size=(120, 40))


def test_overrun_item_in_a_small_terminal(snap_compare: SnapCompare, db_path: Path) -> None:
    with Store.open(db_path) as store:
        session_id = seed(store, elapsed=15 * 60 + 83)
        app = make_app(store)
        assert snap_compare(app, run_before=open_frozen(session_id), terminal_size=(80, 24))


def test_presenter_safe_vote_in_a_small_terminal(snap_compare: SnapCompare, db_path: Path) -> None:
    """80x24: the prompt, the timer, the vote with its quorum and presenter-safe in view."""
    with Store.open(db_path) as store:
        session_id = seed(store, anonymous=True, presenter_safe=True)
        app = make_app(store)
        assert snap_compare(app, run_before=open_frozen(session_id), terminal_size=(80, 24))
