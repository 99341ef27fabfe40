"""Ending a pilot session with its closing pulse: the votes cast on the grid become a
reading of the initiative's sentiment metric."""

from __future__ import annotations

from pathlib import Path

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import Session, SessionState
from opstui.domain.session_plan import plan_session
from opstui.domain.voting import ProposalStatus, ProposalSubject
from opstui.screens.modals.end_session import EndSession
from opstui.screens.modals.pulse_offer import PulseOffer
from opstui.widgets.vote_grid import VoteGrid
from tests.app.test_live_session import (
    SIZE,
    STARTED,
    World,
    build_world,
    notices,
    open_live,
    top,
)


def start_pilot(world: World) -> Session:
    book = next(b for b in builtin_playbooks() if b.key == "pilot")
    session, agenda = plan_session(
        initiative_id=world.initiative.id,
        playbook=book,
        title="Pilot round 1",
        participant_ids=[p.id for p in world.people],
        facilitator_id=world.facilitator.id,
        now=STARTED,
    )
    return world.store.add_session(session, agenda)


async def test_ending_a_pilot_asks_the_pulse_and_reads_its_votes(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_pilot(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("e")
            await pilot.pause()
            offer = top(app)
            assert isinstance(offer, PulseOffer)
            assert offer.question.subject is ProposalSubject.PULSE_SESSION
            await pilot.press("enter")  # ask it
            await pilot.pause()
            assert top(app) is screen and screen.query_one(VoteGrid).has_focus
            [vote] = store.list_proposals(session_id=session.id)
            assert vote.title == "How valuable was this session?" and vote.anonymous
            await pilot.press("5", "4", "3")  # one key per person, down the grid
            await pilot.pause()
            await pilot.press("e")  # closes the pulse, offers the next question
            await pilot.pause()
            assert any("Session value (pulse): 4" in n for n in notices(app))
            offer = top(app)
            assert isinstance(offer, PulseOffer)
            assert offer.question.subject is ProposalSubject.PULSE_ROLLOUT
            await pilot.press("s")  # skip the rest of the pulse
            await pilot.pause()
            assert isinstance(top(app), EndSession)
            await pilot.press("enter")
            await pilot.pause()
            assert screen.ended
        assert store.get_session(session.id).state is SessionState.ENDED
        closed = store.get_proposal(vote.id)
        assert closed.status is ProposalStatus.CLOSED
        [metric] = [m for m in store.list_metrics(world.initiative.id) if "pulse" in m.name]
        assert metric.name == "Session value (pulse)" and closed.metric_id == metric.id
        [reading] = store.list_readings(metric.id)
        assert reading.value == 4.0 and "3 votes" in reading.note
        assert len(store.list_proposals(session_id=session.id)) == 1  # rollout skipped


async def test_skipping_the_pulse_takes_one_key_and_writes_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_pilot(world)
        metrics_before = store.list_metrics(world.initiative.id)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(top(app), PulseOffer)
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(top(app), EndSession)
            await pilot.press("enter")
            await pilot.pause()
            assert screen.ended
        assert store.list_proposals(session_id=session.id) == []
        assert store.list_metrics(world.initiative.id) == metrics_before


async def test_a_session_whose_playbook_asks_no_pulse_ends_as_before(db_path: Path) -> None:
    from tests.app.test_live_session import start_validation

    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(top(app), EndSession)
