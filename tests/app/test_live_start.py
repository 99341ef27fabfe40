"""Starting a session: from a playbook, for an initiative, with last time's people picked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Input, OptionList, SelectionList

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative, Person
from opstui.domain.session import Session, SessionKind, SessionState
from opstui.domain.steps import Step
from opstui.screens.live import LiveSessionScreen
from opstui.screens.start_session import StartSession

BEFORE = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
SIZE = (120, 40)


def seed(store: Store) -> tuple[Initiative, list[Person], Person, Session]:
    """An initiative at step 3 whose discovery session had five people and a facilitator."""
    people = [store.add_person(Person(name=f"Person {n}")) for n in range(1, 8)]
    facilitator = store.add_person(Person(name="Olu Facilitator"))
    initiative = store.add_initiative(
        Initiative(title="Make customer interviews easy to schedule", step=Step.VALIDATE)
    )
    # Picked in this order last time; the next session keeps it (the digits follow it).
    chosen = [people[4], people[0], people[2], people[6], people[1]]
    previous = store.add_session(
        Session(
            initiative_id=initiative.id,
            playbook_key="discovery",
            kind=SessionKind.DISCOVERY,
            title="Discovery interview",
            participant_ids=[p.id for p in chosen],
            facilitator_id=facilitator.id,
            state=SessionState.ENDED,
            started_at=BEFORE,
            ended_at=BEFORE + timedelta(hours=1),
        )
    )
    return initiative, people, facilitator, previous


async def test_starting_from_a_playbook_takes_at_most_eight_keys(db_path: Path) -> None:
    with Store.open(db_path) as store:
        initiative, _, facilitator, previous = seed(store)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            count = 0
            # Open the highlighted initiative, start a session, accept the playbook
            # suggested for its step, start.
            for key in ("enter", "s", "enter", "ctrl+s"):
                await pilot.press(key)
                await pilot.pause()
                count += 1
            assert count <= 8
            screen = app.screen
            assert isinstance(screen, LiveSessionScreen)
            assert screen.timer.running
        started = [s for s in store.list_sessions(initiative.id) if s.id != previous.id]
        assert len(started) == 1
        session = started[0]
        assert session.state is SessionState.LIVE and session.started_at is not None
        assert session.playbook_key == "validation" and session.kind is SessionKind.VALIDATION
        assert session.participant_ids == previous.participant_ids
        assert session.facilitator_id == facilitator.id
        agenda = store.list_agenda(session.id)
        assert [a.title for a in agenda][:2] == ["Present the research", "Confirm the picture"]
        assert agenda[0].started_at is not None


async def test_choosing_playbook_people_and_adding_a_person_inline(db_path: Path) -> None:
    with Store.open(db_path) as store:
        initiative, people, _, previous = seed(store)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.run_action("start_session")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, StartSession)
            books = form.query_one("#start-playbook", OptionList)
            assert books.highlighted_option is not None
            assert "Validation session" in str(books.highlighted_option.prompt)
            assert books.has_focus  # the highlighted initiative is taken as chosen
            books.highlighted = 0  # the discovery interview
            await pilot.press("enter")
            await pilot.pause()
            participants = form.query_one("#start-people", SelectionList)
            assert participants.has_focus
            participants.deselect(people[4].id)
            form.query_one("#start-new", Input).focus()
            await pilot.press(*"Zoe New", "enter")
            await pilot.pause()
            assert "Discovery" in form.query_one("#start-title", Input).value
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, LiveSessionScreen)
        zoe = next(p for p in store.list_people() if p.name == "Zoe New")
        session = next(s for s in store.list_sessions(initiative.id) if s.id != previous.id)
        assert session.playbook_key == "discovery"
        expected = [pid for pid in previous.participant_ids if pid != people[4].id]
        assert session.participant_ids == [*expected, zoe.id]


async def test_escape_starts_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        initiative, *_ = seed(store)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.run_action("start_session")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, (StartSession, LiveSessionScreen))
        assert len(store.list_sessions(initiative.id)) == 1


async def test_no_start_on_a_read_only_database(db_path: Path) -> None:
    with Store.open(db_path) as store:
        seed(store)
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            names = {c.title for c in app.get_system_commands(app.screen)}
            assert "Start session" not in names
            await app.run_action("start_session")
            await pilot.pause()
            assert not isinstance(app.screen, StartSession)


async def test_with_no_initiative_the_form_says_what_to_do(db_path: Path) -> None:
    with Store.open(db_path) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.run_action("start_session")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, StartSession)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "no initiative" in str(form.query_one("#start-hint").render()).lower()
            assert isinstance(app.screen, StartSession)
        assert store.list_sessions() == []
