"""The live session screen: every capture, checked in the database afterwards.

Keystrokes are counted where the issue sets a figure: a remark with participant and
sentiment in at most 4 keys besides its text, an eight-person fist of five in at most
10 once the vote is open.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.metrics import Metric
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import (
    ActionItem,
    FeedbackKind,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.session_plan import plan_session
from opstui.domain.steps import Step
from opstui.domain.voting import (
    Ballot,
    Outcome,
    Proposal,
    ProposalStatus,
    ProposalSubject,
    VoteMethod,
)
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.action_item import ActionItemForm
from opstui.screens.modals.choose import ChooseModal
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.decision import DecisionForm
from opstui.screens.modals.end_session import EndSession
from opstui.screens.modals.feedback_form import FeedbackForm
from opstui.screens.modals.fill_in_form import FillInForm
from opstui.screens.modals.resume_session import ResumeSession
from opstui.screens.modals.vote_setup import VoteSetup
from opstui.widgets.capture_list import CaptureList
from opstui.widgets.vote_grid import VoteGrid

NAMES = ["Ana Ruiz", "Ben Okafor", "Chloé Martin", "Dev Patel", "Eli Cohen", "Fatima Zahra",
         "Gus Lind", "Hana Sato"]  # fmt: skip
BEFORE = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
STARTED = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
SIZE = (120, 40)


@dataclass
class World:
    """An initiative at the validation step with eight people and a past session."""

    store: Store
    people: list[Person]
    facilitator: Person
    initiative: Initiative
    metrics: list[Metric]
    previous: Session
    carried: ActionItem


def build_world(store: Store, people: int = 8) -> World:
    persons = [store.add_person(Person(name=n, group=Group.PRODUCT)) for n in NAMES[:people]]
    facilitator = store.add_person(Person(name="Olu Facilitator"))
    initiative = store.add_initiative(
        Initiative(title="Make customer interviews easy to schedule", step=Step.VALIDATE)
    )
    metrics = [
        store.add_metric(Metric(initiative_id=initiative.id, name="Interviews per PM")),
        store.add_metric(Metric(initiative_id=initiative.id, name="Days to test an idea")),
    ]
    previous = store.add_session(
        Session(
            initiative_id=initiative.id,
            playbook_key="discovery",
            kind=SessionKind.DISCOVERY,
            title="Discovery interview",
            participant_ids=[p.id for p in persons],
            facilitator_id=facilitator.id,
            state=SessionState.ENDED,
            started_at=BEFORE,
            ended_at=BEFORE + timedelta(hours=1),
        )
    )
    carried = store.add_action(
        ActionItem(
            initiative_id=initiative.id,
            session_id=previous.id,
            text="Send the scheduling survey",
            owner_id=persons[0].id,
            created_at=BEFORE + timedelta(minutes=50),
        )
    )
    return World(store, persons, facilitator, initiative, metrics, previous, carried)


def start_validation(world: World, **changes: object) -> Session:
    """A live validation session with everyone, as the start flow would store it."""
    book = next(b for b in builtin_playbooks() if b.key == "validation")
    session, agenda = plan_session(
        initiative_id=world.initiative.id,
        playbook=book,
        title="Validation session",
        participant_ids=[p.id for p in world.people],
        facilitator_id=world.facilitator.id,
        now=STARTED,
    )
    if changes:
        session = session.model_copy(update=changes)
    world.store.add_session(session, agenda)
    return session


class Keys:
    """Presses keys through the pilot and counts them; typed text is not counted."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)
        await self.pilot.pause()


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def open_live(
    app: OpstuiApp, pilot: Pilot[None], session_id: str, **options: object
) -> LiveSessionScreen:
    await pilot.pause()
    if isinstance(app.screen, ResumeSession):
        await pilot.press("escape")
        await pilot.pause()
    screen = LiveSessionScreen(session_id, **options)  # type: ignore[arg-type]
    await app.push_screen(screen)
    await pilot.pause()
    return screen


def top(app: OpstuiApp) -> Screen[Any]:
    """The screen on top, read afresh (so a type check does not carry over between keys)."""
    return app.screen


def notices(app: OpstuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def grid_text(grid: VoteGrid) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(grid.render())
    return console.export_text()


# -- feedback --------------------------------------------------------------------------------


async def test_a_remark_with_participant_and_sentiment_takes_four_keys(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            keys = Keys(pilot)
            await keys.press("f", "2", "4")
            await keys.type("I love that the calendar syncs")
            await keys.press("enter")
            assert keys.count <= 4
            assert app.screen is screen
        [remark] = store.list_feedback(session_id=session.id)
        assert remark.person_id == world.people[1].id
        assert remark.sentiment is Sentiment.POSITIVE
        assert remark.kind is FeedbackKind.PRAISE  # follows the sentiment unless changed
        assert remark.text == "I love that the calendar syncs"
        assert remark.agenda_item_id == store.list_agenda(session.id)[0].id


async def test_kind_and_tags_and_anonymous(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("f", "0", "3", "shift+tab", "q")
            await pilot.press(*"Who books the rooms?")
            await pilot.press("tab", *"rooms, logistics", "enter")
            await pilot.pause()
        [remark] = store.list_feedback(session_id=session.id)
        assert remark.person_id is None
        assert remark.kind is FeedbackKind.QUESTION
        assert remark.sentiment is Sentiment.NEUTRAL
        assert remark.tags == ["rooms", "logistics"]


async def test_an_empty_remark_is_not_saved_and_says_why(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("f", "1", "2", "space", "space", "enter")
            await pilot.pause()
            assert isinstance(app.screen, FeedbackForm)
            hint = app.screen.query_one("#feedback-hint")
            assert "empty remark is not saved" in str(hint.render())
        assert store.list_feedback(session_id=session.id) == []


async def test_markup_escapes_and_emoji_are_stored_and_shown_literally(db_path: Path) -> None:
    text = "[bold]not bold[/] \x1b[31mred\x1b[0m 🎉 [link=x]"
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("f", "1", "3")
            app.screen.query_one("#feedback-text", Input).value = text
            await pilot.press("enter")
            await pilot.pause()
            captures = screen.query_one(CaptureList)
            shown = str(captures.entry_at(0).prompt)
            assert "[bold]not bold[/]" in shown and "[link=x]" in shown
            assert "[31mred" in shown and "\x1b" not in shown
            assert "🎉" in shown
        [remark] = store.list_feedback(session_id=session.id)
        # Kept as text, but the escape characters are not stored: they would reach the
        # terminal of whoever shows the remark.
        assert remark.text == "[bold]not bold[/] [31mred[0m 🎉 [link=x]"


async def test_a_ten_thousand_character_remark_is_stored_whole(db_path: Path) -> None:
    text = ("word " * 2000).strip() + "!"
    assert len(text) == 10_000
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("f", "3", "5")
            app.screen.query_one("#feedback-text", Input).value = text
            await pilot.press("enter")
            await pilot.pause()
        [remark] = store.list_feedback(session_id=session.id)
        assert remark.text == text


async def test_a_remark_is_edited_and_deleted_after_confirmation(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("f", "1", "2", *"Too many clicks", "enter")
            await pilot.pause()
            [original] = store.list_feedback(session_id=session.id)
            screen.query_one(CaptureList).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, FeedbackForm)
            app.screen.query_one("#feedback-text", Input).value = "Far too many clicks"
            await pilot.press("shift+tab", "shift+tab", "3", "enter")
            await pilot.pause()
            [edited] = store.list_feedback(session_id=session.id)
            assert edited.id == original.id
            assert edited.text == "Far too many clicks"
            assert edited.person_id == world.people[0].id
            assert edited.sentiment is Sentiment.NEUTRAL
            assert edited.kind is FeedbackKind.CONCERN  # chosen before: kept

            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("n")
            await pilot.pause()
            assert len(store.list_feedback(session_id=session.id)) == 1
            await pilot.press("d", "y")
            await pilot.pause()
        assert store.list_feedback(session_id=session.id) == []


# -- template fill-in --------------------------------------------------------------------------


async def test_each_field_is_saved_when_completed_and_amended_later(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("t")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FillInForm)
            await pilot.press(*"Scheduling takes days", "tab")
            await pilot.pause()
            # Saved while the form is still open: a crash now loses nothing typed so far.
            [fill_in] = store.list_fill_ins(session.id)
            assert fill_in.values == {"problem": "Scheduling takes days"}
            await pilot.press(*"PMs and design", "enter")
            await pilot.pause()
            assert store.get_fill_in(fill_in.id).values["affected"] == "PMs and design"

            baseline = form.query_one("#field-baseline", Input)
            baseline.focus()
            await pilot.press(*"abc", "tab")
            await pilot.pause()
            assert "must be a number" in str(form.query_one("#hint-baseline").render())
            assert "baseline" not in store.get_fill_in(fill_in.id).values
            baseline.focus()
            baseline.value = "2.5"
            await pilot.press("enter")
            date_field = form.query_one("#field-target_date", Input)
            date_field.focus()
            await pilot.press(*"2026-06-30", "escape")
            await pilot.pause()
            assert not isinstance(app.screen, FillInForm)
            values = store.get_fill_in(fill_in.id).values
            assert values["baseline"] == 2.5 and values["target_date"] == "2026-06-30"

            await pilot.press("t")
            await pilot.pause()
            assert isinstance(top(app), ChooseModal)
            await pilot.press("down", "enter")  # "Amend: Problem statement"
            await pilot.pause()
            form = top(app)
            assert isinstance(form, FillInForm)
            affected = form.query_one("#field-affected", Input)
            assert affected.value == "PMs and design"
            affected.focus()
            affected.value = "PMs, design and research"
            await pilot.press("enter", "escape")
            await pilot.pause()
        [amended] = store.list_fill_ins(session.id)
        assert amended.id == fill_in.id
        assert amended.values["affected"] == "PMs, design and research"
        assert amended.values["problem"] == "Scheduling takes days"


# -- votes ---------------------------------------------------------------------------------------


async def test_an_eight_person_fist_of_five_takes_eight_keys(db_path: Path) -> None:
    fists = ["5", "4", "3", "3", "4", "5", "2", "4"]
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            calling = Keys(pilot)
            await calling.press("v")
            assert isinstance(top(app), VoteSetup)
            await calling.press("enter", "enter")
            assert top(app) is screen and calling.count == 3
            grid = screen.query_one(VoteGrid)
            assert grid.has_focus

            voting = Keys(pilot)
            await voting.press(*fists)
            assert voting.count <= 10

            text = grid_text(grid)
            assert text.count("● voted") == 8 and "8 of 8 voted" in text
            assert "Result" not in text  # blind: no values, no outcome
            [proposal] = store.list_proposals(session_id=session.id)
            assert proposal.subject is ProposalSubject.PROBLEM and not proposal.revealed
            ballots = store.list_ballots(proposal.id)
            by_person = {b.person_id: b.value for b in ballots}
            assert by_person == {p.id: v for p, v in zip(world.people, fists, strict=True)}

            await pilot.press("r")
            await pilot.pause()
            assert store.get_proposal(proposal.id).revealed
            text = grid_text(grid)
            assert "● voted" not in text and "FAILED" in text  # Gus showed 2


async def test_a_key_that_is_no_vote_value_is_ignored_with_a_hint(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        proposal = store.add_proposal(Proposal(session_id=session.id, title="Go ahead"))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            assert screen.query_one(VoteGrid).has_focus
            await pilot.press("7", "q", "!")
            await pilot.pause()
            assert store.list_ballots(proposal.id) == []
            hints = [n for n in notices(app) if "no Fist of five value" in n]
            assert len(hints) == 3
            await pilot.press("3")
            await pilot.pause()
            assert [b.value for b in store.list_ballots(proposal.id)] == ["3"]


async def test_a_metric_vote_is_offered_per_metric(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("v")
            await pilot.pause()
            offers = app.screen.query_one("#vote-offers", OptionList)
            prompts = [str(offers.get_option_at_index(i).prompt) for i in range(4)]
            assert "Interviews per PM" in prompts[1] and "Days to test an idea" in prompts[2]
            await pilot.press("down", "down", "enter", "enter")
            await pilot.pause()
        [proposal] = store.list_proposals(session_id=session.id)
        assert proposal.subject is ProposalSubject.METRIC
        assert proposal.metric_id == world.metrics[1].id
        assert proposal.quorum == 5  # a majority of eight


async def test_an_ad_hoc_consent_vote(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=4)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("v")
            await pilot.pause()
            setup = app.screen
            assert isinstance(setup, VoteSetup)
            offers = setup.query_one("#vote-offers", OptionList)
            offers.highlighted = offers.option_count - 1
            await pilot.press("enter", *"Pilot with two teams first", "tab", "c")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("a", "s", "d", "b")
            await pilot.pause()
        [proposal] = store.list_proposals(session_id=session.id)
        assert proposal.title == "Pilot with two teams first"
        assert proposal.method is VoteMethod.CONSENT
        assert proposal.subject is ProposalSubject.GENERAL
        values = [b.value for b in store.list_ballots(proposal.id)]
        assert values == ["agree", "abstain", "disagree", "block"]


async def test_yes_no_and_dot_votes_record_with_their_keys(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        yes_no = store.add_proposal(
            Proposal(session_id=session.id, title="Ship it", method=VoteMethod.YES_NO)
        )
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("y", "n", "y")
            await pilot.pause()
            assert [b.value for b in store.list_ballots(yes_no.id)] == ["yes", "no", "yes"]
            await pilot.press("c", "enter")
            await pilot.pause()
            assert store.get_proposal(yes_no.id).outcome is Outcome.PASSED

            dot = store.add_proposal(
                Proposal(
                    session_id=session.id,
                    title="Which first",
                    method=VoteMethod.DOT,
                    options=["Calendar", "Rooms", "Budget"],
                    budget=2,
                )
            )
            screen.refresh_vote()
            screen.query_one(VoteGrid).focus()
            await pilot.press("1", "1", "enter", "2", "3", "enter", "2", "enter")
            await pilot.pause()
        dots = [b.dots for b in store.list_ballots(dot.id)]
        assert dots == [{"Calendar": 2}, {"Rooms": 1, "Budget": 1}, {"Rooms": 1}]


def shown_text(widget: VoteGrid) -> str:
    """What the grid draws, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.render())
    return console.export_text()


async def test_dot_votes_move_on_only_with_enter_as_the_hint_says(db_path: Path) -> None:
    """The sequence that once gave a person's dots to the next one: ``1 1 2 Enter 2 2 3
    Enter`` with a budget of 3 records two people's dots and leaves the third to vote."""
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        dot = store.add_proposal(
            Proposal(
                session_id=session.id,
                title="Which indicator first",
                method=VoteMethod.DOT,
                options=["Mentions", "Quotes", "Demos"],
                budget=3,
            )
        )
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            grid = app.screen.query_one(VoteGrid)
            hint = shown_text(grid)
            assert "1 Mentions · 2 Quotes · 3 Demos" in hint
            assert "Enter records them and moves on" in hint
            await pilot.press("1", "1", "2", "enter", "2", "2", "3", "enter")
            await pilot.pause()
            third = world.people[2]
            assert grid.highlighted == third
        by_person = {b.person_id: b.dots for b in store.list_ballots(dot.id)}
        first, second, third = world.people[:3]
        assert by_person == {
            first.id: {"Mentions": 2, "Quotes": 1},
            second.id: {"Quotes": 2, "Demos": 1},
        }


async def test_anonymous_vote_hides_names_when_presenting_and_drops_them_on_close(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        proposal = store.add_proposal(
            Proposal(session_id=session.id, title="Honest rating", anonymous=True)
        )
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("4", "2", "5")
            await pilot.pause()
            grid = screen.query_one(VoteGrid)
            # A new session starts presenter-safe: voters numbered, notes hidden.
            text = grid_text(grid)
            assert "Ana Ruiz" not in text and "Participant 1" in text
            assert not screen.notes.display
            await pilot.press("p")
            await pilot.pause()
            assert "Ana Ruiz" in grid_text(grid)
            assert screen.notes.display
            assert not store.get_session(session.id).presenter_safe
            await pilot.press("r", "c")
            await pilot.pause()
            assert isinstance(app.screen, DecisionForm)
            await pilot.press("enter")
            await pilot.pause()
        closed = store.get_proposal(proposal.id)
        assert closed.status is ProposalStatus.CLOSED and closed.outcome is Outcome.FAILED
        ballots = store.list_ballots(proposal.id)
        assert sorted(b.value or "" for b in ballots) == ["2", "4", "5"]
        assert all(b.person_id is None for b in ballots)
        [decision] = store.list_decisions(world.initiative.id)
        assert decision.proposal_id == proposal.id and decision.session_id == session.id
        assert decision.statement.startswith("Not agreed: Honest rating")


async def test_a_revote_opens_a_new_round_and_keeps_the_first(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        session = start_validation(world)
        proposal = store.add_proposal(Proposal(session_id=session.id, title="Agree"))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("1", "2", "r", "V")
            await pilot.pause()
            assert store.get_proposal(proposal.id).round == 2
            assert not store.get_proposal(proposal.id).revealed
            await pilot.press("4", "5")
            await pilot.pause()
            assert "Round 1:" in grid_text(screen.query_one(VoteGrid))
            await pilot.press("c")
            await pilot.pause()
            statement = app.screen.query_one("#decision-text", Input)
            statement.value = "We go ahead after the second round"
            await pilot.press("enter")
            await pilot.pause()
        rounds = sorted((b.round, b.value) for b in store.list_ballots(proposal.id))
        assert rounds == [(1, "1"), (1, "2"), (2, "4"), (2, "5")]
        closed = store.get_proposal(proposal.id)
        assert closed.outcome is Outcome.PASSED
        [decision] = store.list_decisions(world.initiative.id)
        assert decision.statement == "We go ahead after the second round"


async def test_a_vote_is_not_closed_without_a_statement(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        session = start_validation(world)
        proposal = store.add_proposal(Proposal(session_id=session.id, title="Agree"))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("c")
            await pilot.pause()
            app.screen.query_one("#decision-text", Input).value = "   "
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DecisionForm)
            assert "empty statement" in str(app.screen.query_one("#decision-hint").render())
        assert store.get_proposal(proposal.id).status is ProposalStatus.OPEN
        assert store.list_decisions(world.initiative.id) == []


# -- actions ---------------------------------------------------------------------------------


async def test_an_action_item_with_owner_and_due_date(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("a", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ActionItemForm)
            assert "empty action is not saved" in str(app.screen.query_one("#action-hint").render())
            await pilot.press(*"Book the rooms", "enter", "2", "+", "7", "enter")
            await pilot.pause()
        mine = store.list_session_actions(session.id)
        assert [(a.text, a.owner_id, a.due_on) for a in mine] == [
            ("Book the rooms", world.people[1].id, date.today() + timedelta(days=7))
        ]


async def test_open_actions_are_carried_over_and_ticked_there(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            carried = screen.query_one("#live-carried", OptionList)
            assert "Send the scheduling survey" in str(carried.get_option_at_index(0).prompt)
            carried.focus()
            await pilot.press("x")
            await pilot.pause()
            assert [a.done for a in store.list_actions(world.initiative.id)] == [True]
            # Ticked here, it stays in the list (struck through) and can be unticked.
            assert carried.option_count == 1
            await pilot.press("enter")
            await pilot.pause()
        assert store.list_actions(world.initiative.id, open_only=True)[0].id == world.carried.id


# -- timer, agenda, notes ------------------------------------------------------------------------


async def test_timer_records_actual_time_overrun_and_extra_minutes(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    # The wall clock moves with the timer's clock, pauses included.
    monkeypatch.setattr(
        "opstui.screens.live.utcnow", lambda: STARTED + timedelta(seconds=clock.now - 1000)
    )
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id, start_timer=True, clock=clock)
            assert screen.timer.running
            clock.now += 125
            await pilot.press("n")
            await pilot.pause()
            agenda = store.list_agenda(session.id)
            assert agenda[0].elapsed_seconds == 125 and agenda[0].ended_at is not None
            assert agenda[1].started_at is not None
            assert store.get_session(session.id).current_item == 1

            clock.now += 15 * 60 + 30  # the second item has 15 minutes
            await pilot.press("space")  # pause: the reading freezes here
            await pilot.pause()
            assert screen.timer.has_class("-overrun") and screen.timer.reading.clock == "+00:30"
            await pilot.press("plus")
            await pilot.pause()
            assert not screen.timer.has_class("-overrun")
            clock.now += 500  # paused: none of this counts
            await pilot.press("n")
            await pilot.pause()
            agenda = store.list_agenda(session.id)
            assert agenda[1].elapsed_seconds == 930 and agenda[1].extra_minutes == 1
            # "Actual" is the wall time the item was current: the pause counts.
            assert agenda[1].actual_seconds == 930 + 500 and agenda[1].overran
            assert screen.timer.running  # the next item starts its own count

            await pilot.press("b")
            await pilot.pause()
            assert store.get_session(session.id).current_item == 1
            assert screen.timer.elapsed == 930


async def test_a_running_timer_is_saved_every_few_seconds(db_path: Path) -> None:
    clock = FakeClock()
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id, start_timer=True, clock=clock)
            clock.now += 7
            await pilot.pause(1.3)  # the timer ticks once a second and saves every 5 s
            assert store.list_agenda(session.id)[0].elapsed_seconds == 7


async def test_private_notes_are_saved_as_typed(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("p", "w", *"Ana seems unsure")  # notes shown, then written
            await pilot.pause(0.8)
            assert store.get_session(session.id).notes == "Ana seems unsure"
            await pilot.press("escape")  # leaves the notes, not the session
            await pilot.pause()
            assert app.screen is screen and not screen.notes.has_focus
            screen.notes.focus()
            await pilot.press(*" about dates")
            await pilot.press("escape", "escape")  # out of the notes, then asked
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("y")  # leaving saves at once
            await pilot.pause()
            assert not isinstance(app.screen, LiveSessionScreen)
        saved = store.get_session(session.id)
        assert saved.notes == "Ana seems unsure about dates"
        assert saved.state is SessionState.LIVE  # leaving is not ending


async def test_a_private_note_is_written_in_presenter_safe_view_without_showing(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        store.save_notes(session.id, "Ana seems unsure")
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            assert screen.presenter_safe and not screen.notes.display
            await pilot.press("w", *"Ben is worried", "enter")
            await pilot.pause()
            assert app.screen is screen
            shown = app.export_screenshot()
            assert "Ben is worried" not in shown and "Ana seems unsure" not in shown
            assert "PRESENTER-SAFE" in shown
        assert store.get_session(session.id).notes == "Ana seems unsure\nBen is worried"


async def test_a_late_joiner_is_added_and_takes_part(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=4)
        ana, ben, chi, dev = world.people
        session = start_validation(world, participant_ids=[ana.id, ben.id, chi.id])
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("j")
            await pilot.pause()
            assert isinstance(top(app), ChooseModal)
            await pilot.press("down", "enter")  # Dev Patel, after "New person…"
            await pilot.pause()
            await pilot.press("f", "4", "5", *"Glad I made it", "enter")  # Dev is key 4
            await pilot.press("j", "enter", *"Eve Stone", "enter")  # someone new
            await pilot.pause()
        participants = store.get_session(session.id).participant_ids
        eve = next(p for p in store.list_people() if p.name == "Eve Stone")
        assert participants == [ana.id, ben.id, chi.id, dev.id, eve.id]
        [remark] = store.list_feedback(session_id=session.id)
        assert remark.person_id == dev.id and remark.text == "Glad I made it"


async def test_a_saved_remark_is_edited_whole(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("f", "1", "4", *"Slots help", "enter")
            await pilot.pause()
            screen.captures.focus()
            await pilot.press("enter")  # the newest capture: the remark, in its form
            await pilot.pause()
            assert isinstance(top(app), FeedbackForm)
            form = top(app)
            form.query_one("#feedback-who").focus()  # as a click on it would
            await pilot.press("2", "2")  # Ben, and negative (then on to the words)
            form.query_one("#feedback-kind").focus()
            await pilot.press("c")  # a concern
            form.query_one("#feedback-text").focus()
            await pilot.press("end", *" on Fridays", "tab", *"calendar, fridays", "enter")
            await pilot.pause()
        [remark] = store.list_feedback(session_id=session.id)
        assert remark.person_id == world.people[1].id
        assert remark.sentiment is Sentiment.NEGATIVE and remark.kind is FeedbackKind.CONCERN
        assert remark.text == "Slots help on Fridays"
        assert remark.tags == ["calendar", "fridays"]


# -- resuming, ending, reviewing -------------------------------------------------------------------


async def test_a_session_left_live_is_resumed_where_it_stood(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=4)
        session = start_validation(world, current_item=2)
        third = store.list_agenda(session.id)[2]
        store.update_agenda_item(third.model_copy(update={"elapsed_seconds": 200}))
        proposal = store.add_proposal(Proposal(session_id=session.id, title="Metric ok"))
        for person, value in zip(world.people[:3], "453", strict=True):
            store.cast_ballot(
                Ballot(
                    proposal_id=proposal.id,
                    person_id=person.id,
                    method=proposal.method,
                    value=value,
                )
            )
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeSession)
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LiveSessionScreen)
            assert screen.session_id == session.id
            assert screen.live.current.title == "Agree on the metrics"
            assert screen.timer.elapsed == 200 and not screen.timer.running
            grid = screen.query_one(VoteGrid)
            assert grid.proposal is not None and grid.proposal.id == proposal.id
            assert len(grid.ballots) == 3 and grid.has_focus
            await pilot.press("2")  # the fourth person, where the grid stands
            await pilot.pause()
        assert len(store.list_ballots(proposal.id)) == 4


async def test_ending_shows_a_summary_and_makes_the_session_read_only(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("f", "1", "5", *"Great", "enter")
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, EndSession)
            await pilot.press("escape")  # keep going
            await pilot.pause()
            assert store.get_session(session.id).state is SessionState.LIVE
            await pilot.press("e", "enter")
            await pilot.pause()
            assert top(app) is screen and screen.ended
            ended = store.get_session(session.id)
            assert ended.state is SessionState.ENDED and ended.ended_at is not None
            assert store.list_agenda(session.id)[0].ended_at is not None
            await pilot.press("f")
            await pilot.pause()
            assert top(app) is screen  # no capture once ended
            assert screen.notes.read_only
            await pilot.press("e")  # now shows the summary only
            await pilot.pause()
            assert isinstance(app.screen, EndSession) and app.screen.ended
            assert app.screen.summary.feedback_total == 1


async def test_ending_with_a_vote_open_asks_what_to_do_with_it(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=3)
        session = start_validation(world)
        secret = store.add_proposal(
            Proposal(
                session_id=session.id, title="Happy?", method=VoteMethod.YES_NO, anonymous=True
            )
        )
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("y", "n")
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(top(app), ChooseModal)  # not the summary: the vote first
            await pilot.press("escape")  # back to the vote: nothing changed
            await pilot.pause()
            assert top(app) is screen and store.get_proposal(secret.id).status.value == "open"
            await pilot.press("e", "down", "enter")  # close it with its result, no decision
            await pilot.pause()
            assert isinstance(app.screen, EndSession)
            await pilot.press("enter")
            await pilot.pause()
            assert screen.ended
        closed = store.get_proposal(secret.id)
        assert closed.status is ProposalStatus.CLOSED and closed.outcome is not None
        assert store.get_session(session.id).state is SessionState.ENDED
        assert store.list_decisions(world.initiative.id) == []
        # Closed, so sealed: the ballots carry no names.
        assert all(b.person_id is None for b in store.list_ballots(secret.id))


async def test_an_ended_session_opens_read_only(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, world.previous.id)
            assert screen.ended and not screen.timer.running
            names = {c.title for c in app.get_system_commands(top(app))}
            assert "Capture feedback" not in names and "End session" not in names
            assert "Session summary" in names
            await pilot.press("v", "a", "n")
            await pilot.pause()
            assert app.screen is screen


async def test_a_read_only_database_allows_no_capture(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("f", "space")
            await pilot.pause()
            assert app.screen is screen and not screen.timer.running
            assert screen.notes.read_only


async def test_every_action_has_its_plain_name_in_the_palette(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            before = {c.title for c in app.get_system_commands(top(app))}
            assert "Call a vote" in before and "Reveal votes" not in before
            store.add_proposal(Proposal(session_id=session.id, title="Open"))
            screen.refresh_vote()
            await pilot.pause()
            names = {c.title for c in app.get_system_commands(top(app))}
            assert "Call a vote" not in names  # one vote at a time
            for name in (
                "Capture feedback",
                "Fill in template",
                "Reveal votes",
                "Close vote",
                "Add action item",
                "Next agenda item",
                "Previous agenda item",
                "Pause/resume timer",
                "One more minute",
                "Presenter-safe view",
                "End session",
                "Leave session",
            ):
                assert name in names, name
            assert "Start session" not in names  # not from inside a live session
            # A blind round is revealed before it may be voted again.
            assert "Re-vote" not in names
            screen.action_reveal_votes()
            await pilot.pause()
            assert "Re-vote" in {c.title for c in app.get_system_commands(top(app))}


async def test_quitting_mid_session_keeps_notes_and_timer(db_path: Path) -> None:
    clock = FakeClock()
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id, start_timer=True, clock=clock)
            await pilot.press("p", "w", *"Half a thought")  # notes shown, written
            clock.now += 3  # less than the save interval, and the notes not yet saved
            await pilot.press("ctrl+q")
            await pilot.pause()
        saved = store.get_session(session.id)
        assert saved.notes == "Half a thought" and saved.state is SessionState.LIVE
        assert store.list_agenda(session.id)[0].elapsed_seconds == 3


async def test_an_overdue_carried_action_is_marked(store: Store) -> None:
    world = build_world(store)
    store.update_action(world.carried.model_copy(update={"due_on": date(2026, 3, 1)}))
    session = start_validation(world)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(app, pilot, session.id)
        carried = screen.query_one("#live-carried", OptionList)
        line = str(carried.get_option_at_index(0).prompt)
        assert "due 2026-03-01" in line and "overdue" in line
