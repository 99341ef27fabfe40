"""Keys sent back to back, as a fast typist or a paste sends them, reach what they were
typed for: posted to the app all at once, the way the terminal driver posts them."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.session import Sentiment, SessionState
from opstui.domain.voting import Proposal, ProposalStatus
from tests.app.test_live_session import SIZE, build_world, open_live, start_validation

#: Tmux-style key names that are not one character.
NAMED = {"Enter": ("enter", "\r"), "C-s": ("ctrl+s", None), "Escape": ("escape", "\x1b")}


def burst(app: OpstuiApp, *parts: str) -> None:
    """Post every key at once: names from ``NAMED``, anything else character by character."""
    for part in parts:
        if part in NAMED:
            key, character = NAMED[part]
            app.post_message(events.Key(key, character))
            continue
        for character in part:
            app.post_message(events.Key(character, character))


async def settle(pilot: Pilot[None], done: object, rounds: int = 600) -> None:
    """Let the app work until ``done()`` holds (a state, not a fixed wait)."""
    for _ in range(rounds):
        if done():  # type: ignore[operator]
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


def remark(n: int) -> str:
    # Digits and letters that are keys elsewhere: 2 and 4 pick people and sentiments,
    # v calls a vote, e ends the session, p is presenter-safe.
    return f"remark {n:02d}: 2 of 4 voted, keep the pace"


#: Rounds of ten remarks and a vote, all posted at once. The end-to-end tests send fifty
#: remarks and five votes to the real program (``tests/e2e/test_typing_burst.py``); here
#: three rounds show every switch between the two forms, at a third of the CPU.
ROUNDS = 3


async def test_remarks_and_votes_typed_ahead_all_land(store: Store) -> None:
    world = build_world(store, people=4)
    session = start_validation(world)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_live(app, pilot, session.id)
        n = 0
        for _ in range(ROUNDS):
            for _ in range(10):
                burst(app, "f", "24", remark(n), "Enter")
                n += 1
            burst(app, "v", "C-s", "4534", "r", "c", "Enter")

        def closed() -> list[Proposal]:
            return [
                p
                for p in store.list_proposals(session_id=session.id)
                if p.status is ProposalStatus.CLOSED
            ]

        await settle(pilot, lambda: len(closed()) == ROUNDS)
        remarks = store.list_feedback(session_id=session.id)
        ben = world.people[1].id
        assert [r.text for r in remarks] == [remark(i) for i in range(10 * ROUNDS)]
        assert {(r.person_id, r.sentiment) for r in remarks} == {(ben, Sentiment.POSITIVE)}
        people = [p.id for p in world.people]
        for proposal in closed():
            ballots = {b.person_id: b.value for b in store.list_ballots(proposal.id)}
            assert ballots == dict(zip(people, "4534", strict=True))
        assert len(store.list_proposals(session_id=session.id)) == ROUNDS


async def test_digits_of_a_remark_never_reach_an_open_vote(store: Store) -> None:
    world = build_world(store, people=4)
    session = start_validation(world)
    vote = store.add_proposal(Proposal(session_id=session.id, title="Go ahead?"))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_live(app, pilot, session.id)  # the vote grid has the focus
        burst(app, "f", "13", "we need 5 more slots, 4 at least", "Enter")
        await settle(pilot, lambda: store.list_feedback(session_id=session.id))
        [saved] = store.list_feedback(session_id=session.id)
        assert saved.text == "we need 5 more slots, 4 at least"
        assert saved.person_id == world.people[0].id and saved.sentiment is Sentiment.NEUTRAL
        assert store.list_ballots(vote.id) == []


async def test_escape_asks_before_leaving_and_keys_after_it_start_nothing(store: Store) -> None:
    world = build_world(store, people=4)
    session = start_validation(world)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot, session.id)
        # Escape, then what was meant as a remark: "s" would start a session elsewhere.
        burst(app, "Escape", "s", "slots are scarce", "Enter")
        # Before the app has read the burst, nothing is held either: a call queued behind
        # the keys says they have been read (and held or handed on) when it runs. Waiting
        # on the gate alone passed at once, and a loaded machine saw the dialog still up.
        read: list[bool] = []
        app.call_later(read.append, True)
        await settle(pilot, lambda: read and not app.type_ahead.held and not app.type_ahead.closed)
        await pilot.pause()
        assert app.screen is live  # asked, and "Stay" kept the focus for the Enter
        assert len(store.list_sessions(world.initiative.id)) == 2  # none started by "s"
        burst(app, "Escape", "y")
        await settle(pilot, lambda: live not in app.screen_stack)
        assert store.get_session(session.id).state is SessionState.LIVE  # left, not ended


async def test_a_paste_is_text_and_never_picks(db_path: Path) -> None:
    """Pasted words with digits, landing while the remark's "who" picker has the focus,
    go into the remark's text; nobody is picked and no feeling is set by them."""
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("f")
            await pilot.pause()
            assert app.focused is not None and app.focused.id == "feedback-who"
            app.focused.post_message(events.Paste("24 of 40 PMs\nbook by email"))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        [remark] = store.list_feedback(session_id=session.id)
        assert remark.text == "24 of 40 PMs book by email"
        assert remark.person_id is None and remark.sentiment is Sentiment.NEUTRAL


async def test_a_key_arriving_as_the_app_closes_is_dropped(store: Store) -> None:
    """Under load a key can reach the app after its last screen has gone (seen once in
    a loaded `make test`): it is dropped, not an error that ends the app badly."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert not app.screen_stack
    await app.on_event(events.Key("s", "s"))
