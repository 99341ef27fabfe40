"""The initiative workspace: its tabs on the demo data, step moves and every edit form."""

from __future__ import annotations

import gc
import io
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TextArea

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store, load_facts
from opstui.demo import DEMO_TODAY
from opstui.domain.checklist import ITEMS
from opstui.domain.doctor import diagnose
from opstui.domain.initiative import (
    AffectedGroup,
    CohortScope,
    CohortStage,
    Group,
    Initiative,
)
from opstui.domain.session import FeedbackKind, ReadinessElement
from opstui.domain.steps import Step
from opstui.screens import clock, workspace
from opstui.screens.modals.cohort_form import CohortForm
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.group_form import GroupForm
from opstui.screens.modals.initiative_form import InitiativeForm
from opstui.screens.modals.plan_form import PlanForm
from opstui.screens.modals.readiness_form import ReadinessForm
from opstui.screens.modals.step_move import StepMoveModal
from opstui.screens.modals.tick_note import TickNote
from opstui.screens.workspace import WorkspaceScreen
from opstui.widgets.findings import FindingView
from opstui.widgets.row_table import RowTable
from opstui.widgets.step_indicator import StepIndicator
from tests.demo_cache import build_demo

RELEASES = "Predictable release dates"
INTERVIEWS = "Make customer interviews quick to schedule"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


@pytest.fixture
def demo(store: Store) -> Store:
    build_demo(store)
    return store


def initiative_id(store: Store, title: str) -> str:
    return next(i.id for i in store.list_initiatives() if i.title == title)


async def open_workspace(app: OpstuiApp, pilot: Pilot[None], initiative: str) -> WorkspaceScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    screen = WorkspaceScreen(initiative)
    await app.push_screen(screen)
    await pilot.pause()
    # The whole initiative is read in the background: the tabs other than the overview
    # are filled once it is.
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def rows(screen: WorkspaceScreen, table_id: str) -> list[list[str]]:
    widget = screen.query_one(table_id)
    if isinstance(widget, RowTable):
        return [[str(c) for c in widget.cells_at(i)] for i in range(widget.row_count)]
    table: DataTable[object] = screen.query_one(table_id, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(screen: WorkspaceScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def show_tab(pilot: Pilot[None], screen: WorkspaceScreen, key: str, name: str) -> None:
    await pilot.press(key)
    await pilot.pause()
    assert screen.query_one("#tabs", TabbedContent).active == f"tab-{name}"
    assert screen.active_tab == name


async def test_every_tab_shows_the_demo_initiative(demo: Store) -> None:
    wanted = initiative_id(demo, RELEASES)
    facts = load_facts(demo, wanted, today=DEMO_TODAY)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        assert screen.title == RELEASES
        indicator = screen.query_one(StepIndicator)
        assert indicator.current is Step.PROTOTYPE_AND_EXPAND
        assert "Does it work in practice" in str(indicator.render())
        indicator.focus()
        await pilot.press("right")  # browse to step 6's question and output
        assert indicator.shown is Step.EVALUATE
        assert Step.EVALUATE.info.question in str(indicator.render())
        await pilot.press("home")  # back to the current step
        assert Step(indicator.shown) is Step.PROTOTYPE_AND_EXPAND
        commands = [c.title for c in app.get_system_commands(app.screen)]
        for name in ("Start session", "Next step", "Previous step", "Edit initiative", "Back"):
            assert name in commands

        overview = text_of(screen, "#overview-problem")
        assert facts.initiative.root_cause in overview
        assert [r[0] for r in rows(screen, "#groups")] == [g.group.label for g in facts.groups]
        assert facts.groups[0].note in rows(screen, "#groups")[0][1]
        assert [r[0] for r in rows(screen, "#cohorts")] == [c.name for c in facts.cohorts]
        assert facts.initiative.chosen_solution in text_of(screen, "#overview-solution")
        assert facts.initiative.communication_plan in text_of(screen, "#overview-plans")

        await show_tab(pilot, screen, "2", "sessions")
        sessions = rows(screen, "#sessions")
        assert [r[2] for r in sessions] == [s.title for s in reversed(facts.sessions)]
        newest = facts.sessions[-1]
        assert sessions[0][3] == newest.state.value
        assert sessions[0][4].startswith(f"{len(newest.participant_ids)}: ")

        await show_tab(pilot, screen, "3", "decisions")
        votes = rows(screen, "#votes")
        assert [r[0] for r in votes] == [p.title for p in facts.proposals]
        assert {r[4] for r in votes} <= {"passed", "failed", "no-quorum", "open"}
        assert any("avg" in r[3] for r in votes)
        assert [r[1] for r in rows(screen, "#decisions")] == [d.statement for d in facts.decisions]

        await show_tab(pilot, screen, "4", "feedback")
        assert len(rows(screen, "#feedback")) == len(facts.feedback)

        await show_tab(pilot, screen, "5", "actions")
        actions = rows(screen, "#actions")
        assert len(actions) == len(facts.actions)
        overdue = [r for r in actions if r[3].endswith("overdue")]
        assert overdue and all(r[0] == "☐" for r in overdue)
        assert [r[0] for r in actions] == sorted((r[0] for r in actions), key="☐✓".index)

        await show_tab(pilot, screen, "6", "checklist")
        checklist = rows(screen, "#checklist")
        items = [r[1].strip() for r in checklist if r[0]]
        assert items == [item.text for item in ITEMS]
        phases = [r[1] for r in checklist if not r[0]]
        assert phases == list(dict.fromkeys(item.phase.label for item in ITEMS))

        await show_tab(pilot, screen, "7", "doctor")
        assert [v.finding for v in screen.query(FindingView)] == diagnose(facts)

        await show_tab(pilot, screen, "8", "readiness")
        assert "No assessment yet" in text_of(screen, "#readiness-detail")


async def test_doctor_tab_explains_each_finding(demo: Store) -> None:
    wanted = initiative_id(demo, "A single home for product documentation")
    findings = diagnose(load_facts(demo, wanted, today=DEMO_TODAY))
    assert findings
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        await show_tab(pilot, screen, "7", "doctor")
        views = list(screen.query(FindingView))
        assert [v.finding for v in views] == findings
        for view in views:
            out = Console(file=io.StringIO(), width=100, color_system=None)
            out.print(view.content)
            shown = " ".join(out.file.getvalue().split())  # type: ignore[attr-defined]
            finding = view.finding
            assert finding.title in shown
            for label, part in (("Seen", finding.seen), ("Why", finding.why)):
                assert f"{label} {part.split()[0]}" in shown
            # Wrapped under its own column, each part reads whole once the lines are joined.
            assert all(word in shown for word in finding.todo.split())


async def test_readiness_over_time_names_the_symptom_of_weak_elements(demo: Store) -> None:
    wanted = initiative_id(demo, INTERVIEWS)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        await show_tab(pilot, screen, "8", "readiness")
        table = rows(screen, "#readiness")
        assert [r[0] for r in table[:6]] == [e.label for e in ReadinessElement]
        assert table[3][1] == "resistance" and table[3][2] == "2"
        detail = text_of(screen, "#readiness-detail")
        assert "Incentives 2" in detail and "resistance" in detail


@pytest.fixture
def read_held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The workspace's background read of the whole initiative waits until this is set."""
    read = threading.Event()

    def held_back(*args: object, **kwargs: object) -> object:
        assert threading.current_thread() is not threading.main_thread()
        read.wait(10)
        return load_facts(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workspace.reading, "load_facts", held_back)
    yield read
    read.set()


async def test_the_outline_shows_at_once_and_the_rest_follows(
    demo: Store, read_held: threading.Event
) -> None:
    """The heading comes at once; the step indicator and overview with the outline, read
    first in the background; the tabs that need the whole initiative say they are
    loading, and fill once it is read."""
    wanted = initiative_id(demo, RELEASES)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = WorkspaceScreen(wanted)
        await app.push_screen(screen)
        assert screen.title == RELEASES
        for _ in range(500):
            if screen.outline is not None:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        whole = load_facts(demo, wanted, today=DEMO_TODAY)
        # Until the whole is read the heading counts the outline's findings: it has no
        # links, so the rule about unanswered concerns is skipped rather than guessed.
        [outline] = demo.dashboard_facts([wanted], today=DEMO_TODAY)
        findings = len(diagnose(outline))
        health = f"{findings} doctor finding" + "s" * (findings != 1) if findings else "healthy"
        assert screen.sub_title == f"step {whole.initiative.step.label} · active · {health}"
        assert [r[0] for r in rows(screen, "#groups")] == [g.group.label for g in whole.groups]
        indicator = screen.query_one(StepIndicator)
        assert indicator.current is Step.PROTOTYPE_AND_EXPAND
        assert screen.facts is None and screen.reading
        # A tab that needs the rest shows that it is loading; its edits wait.
        await show_tab(pilot, screen, "5", "actions")
        assert screen.query_one("#tab-actions").loading
        assert not rows(screen, "#actions")
        await pilot.press("x")
        await pilot.pause()
        assert any("Still reading" in str(n.message) for n in app._notifications)

        read_held.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.reading and screen.facts is not None
        assert not screen.query_one("#tab-actions").loading
        assert len(rows(screen, "#actions")) == len(whole.actions)


async def test_tabs_are_built_when_first_opened(demo: Store) -> None:
    wanted = initiative_id(demo, RELEASES)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        assert screen.query("#groups")  # the first tab, filled at once
        assert not screen.query("#feedback") and not screen.query("#sessions")
        # A tab's key pressed the moment it is opened finds its widgets there.
        await pilot.press("4", "slash", *"security")
        await pilot.pause()
        assert screen.focused is screen.query_one("#feedback-search", Input)
        assert screen.query_one("#feedback-search", Input).value == "security"
        assert rows(screen, "#feedback")
        # Coming back to a built tab keeps its widgets (and the search typed).
        await pilot.press("escape", "1", "4")
        await pilot.pause()
        assert len(screen.query("#feedback-search")) == 1
        assert screen.query_one("#feedback-search", Input).value == "security"


async def test_feedback_filters_and_full_text_search(demo: Store) -> None:
    wanted = initiative_id(demo, RELEASES)
    facts = load_facts(demo, wanted, today=DEMO_TODAY)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        await show_tab(pilot, screen, "4", "feedback")
        screen.query_one("#feedback-kind", Select).value = FeedbackKind.CONCERN.value
        await pilot.pause()
        concerns = [f for f in facts.feedback if f.kind is FeedbackKind.CONCERN]
        assert len(rows(screen, "#feedback")) == len(concerns) > 0
        screen.query_one("#feedback-kind", Select).value = Select.NULL
        screen.query_one("#feedback-tag", Select).value = "security"
        await pilot.pause()
        tagged = [f for f in facts.feedback if "security" in f.tags]
        assert len(rows(screen, "#feedback")) == len(tagged) > 0
        screen.query_one("#feedback-tag", Select).value = Select.NULL
        screen.query_one("#feedback-group", Select).value = Group.GO_TO_MARKET.value
        await pilot.pause()
        gtm = [
            f
            for f in facts.feedback
            if f.person_id and facts.people[f.person_id].group is Group.GO_TO_MARKET
        ]
        assert len(rows(screen, "#feedback")) == len(gtm) > 0
        screen.query_one("#feedback-group", Select).value = Select.NULL
        await pilot.press("slash", *"security que")
        # The search runs in a worker: its answer reaches the tab after it.
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = demo.search_feedback("security que", initiative_id=wanted)
        shown = rows(screen, "#feedback")
        assert len(shown) == len(hits) > 0
        table = screen.query_one("#feedback", RowTable)
        assert set(table.row_keys) == {hit.feedback.id for hit in hits}
        assert "match the search" in text_of(screen, "#feedback-detail")
        await pilot.press("ctrl+u", *"-!?")  # nothing to search for: every remark
        await pilot.pause()
        assert len(rows(screen, "#feedback")) == len(facts.feedback)
        assert "match the search" not in text_of(screen, "#feedback-detail")


async def test_moving_past_a_missing_output_warns_and_stay_keeps_the_step(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="Fewer handoffs"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_workspace(app, pilot, initiative.id)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, StepMoveModal)
        assert any("root cause" in f.seen.lower() for f in modal.findings)
        await pilot.press("escape")  # Stay
        await pilot.pause()
        assert store.get_initiative(initiative.id).step is Step.IDENTIFY_PROBLEM

        await pilot.press("right_square_bracket")
        await pilot.pause()
        await pilot.click("#move-anyway")
        await pilot.pause()
        assert store.get_initiative(initiative.id).step is Step.DEFINE_SUCCESS
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.query_one(StepIndicator).current is Step.DEFINE_SUCCESS

        await pilot.press("left_square_bracket")  # back: never warned
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert store.get_initiative(initiative.id).step is Step.IDENTIFY_PROBLEM


async def test_moving_on_with_the_output_present_asks_nothing(store: Store) -> None:
    initiative = store.add_initiative(
        Initiative(title="Fewer handoffs", root_cause="Nobody owns the handoff.")
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_workspace(app, pilot, initiative.id)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert store.get_initiative(initiative.id).step is Step.DEFINE_SUCCESS
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert store.get_initiative(initiative.id).step is Step.IDENTIFY_PROBLEM


async def test_steps_move_before_the_whole_initiative_is_read(
    store: Store, read_held: threading.Event
) -> None:
    """The outline holds what moving needs: ] and [ pressed from the first frame move,
    once it is read (at once, or as soon as it is)."""
    initiative = store.add_initiative(
        Initiative(title="Fewer handoffs", root_cause="Nobody owns the handoff.")
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = WorkspaceScreen(initiative.id)
        await app.push_screen(screen)
        await pilot.press("right_square_bracket")
        for _ in range(500):
            if store.get_initiative(initiative.id).step is Step.DEFINE_SUCCESS:
                break
            await pilot.pause(0.01)
        assert store.get_initiative(initiative.id).step is Step.DEFINE_SUCCESS
        assert screen.whole is None  # still being read
        # No vision nor metric yet: the next move warns, from the outline read again.
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert isinstance(app.screen, StepMoveModal)
        read_held.set()


async def test_edit_the_initiative_and_its_plans(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="Fewer handoffs", problem="Slow."))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, initiative.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InitiativeForm)
        assert form.query_one("#initiative-problem", TextArea).text == "Slow."
        form.query_one("#initiative-vision", TextArea).text = "Work moves without waiting."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.get_initiative(initiative.id).vision == "Work moves without waiting."
        assert "Work moves without waiting." in text_of(screen, "#overview-solution")

        await pilot.press("l")
        await pilot.pause()
        plans = app.screen
        assert isinstance(plans, PlanForm)
        plans.query_one("#plan-learning_support", TextArea).text = "Office hours on Fridays."
        plans.query_one("#plan-rolled_out_on", Input).value = "2026-13-40"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanForm)
        assert "Rolled out on: is not a date" in str(plans.query_one(".form-error").render())
        plans.query_one("#plan-rolled_out_on", Input).value = "2026-10-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.get_initiative(initiative.id)
        assert saved.learning_support == "Office hours on Fridays."
        assert saved.rolled_out_on == date(2026, 10, 1)
        assert saved.vision == "Work moves without waiting." and saved.problem == "Slow."


async def test_add_edit_and_remove_an_affected_group(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="Fewer handoffs"))
    store.set_affected_group(AffectedGroup(initiative_id=initiative.id, group=Group.PRODUCT))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, initiative.id)
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GroupForm)
        assert form.query_one("#group-group", Select).value is Group.ENGINEERING
        form.query_one("#group-note", TextArea).text = "They [b]wait[/b] on reviews."
        await pilot.press("ctrl+s")
        await pilot.pause()
        groups = {g.group: g.note for g in store.list_affected_groups(initiative.id)}
        assert groups == {Group.PRODUCT: "", Group.ENGINEERING: "They [b]wait[/b] on reviews."}
        assert rows(screen, "#groups")[1] == ["Engineering", "They [b]wait[/b] on reviews."]

        screen.query_one("#groups", DataTable).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        edit = app.screen
        assert isinstance(edit, GroupForm) and edit.existing is not None
        edit.query_one("#group-note", TextArea).text = "Reviews take two days."
        await pilot.press("ctrl+s")
        await pilot.pause()
        groups = {g.group: g.note for g in store.list_affected_groups(initiative.id)}
        assert groups[Group.ENGINEERING] == "Reviews take two days."

        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert [g.group for g in store.list_affected_groups(initiative.id)] == [Group.PRODUCT]


async def test_add_and_edit_a_pilot_cohort(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="Fewer handoffs"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, initiative.id)
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CohortForm)
        form.query_one("#cohort-name", Input).value = "Checkout squad"
        form.query_one("#cohort-size", Input).value = "7"
        form.query_one("#cohort-started", Input).value = "2026-09-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [cohort] = store.list_cohorts(initiative.id)
        assert (cohort.name, cohort.size, cohort.started_on) == (
            "Checkout squad",
            7,
            date(2026, 9, 1),
        )
        assert cohort.scope is CohortScope.TEAMS and cohort.stage is CohortStage.PLANNED

        screen.query_one("#cohorts", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        edit = app.screen
        assert isinstance(edit, CohortForm)
        edit.query_one("#cohort-stage", Select).value = CohortStage.RUNNING
        await pilot.press("ctrl+s")
        await pilot.pause()
        [changed] = store.list_cohorts(initiative.id)
        assert changed.id == cohort.id and changed.stage is CohortStage.RUNNING


async def test_tick_an_action_done_and_open_again(demo: Store) -> None:
    wanted = initiative_id(demo, RELEASES)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        await show_tab(pilot, screen, "5", "actions")
        screen.query_one("#actions", RowTable).focus()
        first_open = next(
            a for a in demo.list_actions(wanted) if a.text in rows(screen, "#actions")[0][1]
        )
        assert not first_open.done
        await pilot.press("x")
        await pilot.pause()
        assert next(a for a in demo.list_actions(wanted) if a.id == first_open.id).done
        await pilot.press("x")
        await pilot.pause()
        assert not next(a for a in demo.list_actions(wanted) if a.id == first_open.id).done


async def test_checklist_hand_tick_with_a_note_and_untick(demo: Store) -> None:
    wanted = initiative_id(demo, RELEASES)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        await show_tab(pilot, screen, "6", "checklist")
        table = screen.query_one("#checklist", DataTable)
        table.focus()
        # Only by hand, and ticked in the demo: x unticks it, and x again asks for a note.
        table.move_cursor(row=table.get_row_index("survey-baseline"))
        await pilot.press("x")
        await pilot.pause()
        assert "survey-baseline" not in demo.list_ticks(wanted)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, TickNote)
        await pilot.press(*"Found in the Q1 survey", "enter")
        await pilot.pause()
        assert demo.list_ticks(wanted)["survey-baseline"] == "Found in the Q1 survey"
        how = rows(screen, "#checklist")[table.get_row_index("survey-baseline")][2]
        assert how == "ticked by hand: Found in the Q1 survey"

        table.move_cursor(row=table.get_row_index("root-cause"))  # proven by the data
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert "root-cause" not in demo.list_ticks(wanted)


async def test_add_a_readiness_assessment(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="Fewer handoffs"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, initiative.id)
        await show_tab(pilot, screen, "8", "readiness")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReadinessForm)
        ratings = {"vision": "4", "consensus": "3", "skills": "1", "incentives": "4"}
        for element, rating in ratings.items():
            form.query_one(f"#readiness-{element}", Input).value = rating
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not rated: Resources, Action plan" in str(form.query_one(".form-error").render())
        form.query_one("#readiness-resources", Input).value = "5"
        form.query_one("#readiness-action_plan", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [saved] = store.list_readiness(initiative.id)
        assert (saved.vision, saved.skills, saved.action_plan) == (4, 1, 2)
        assert saved.assessed_on == DEMO_TODAY
        detail = text_of(screen, "#readiness-detail")
        assert "Skills 1" in detail and "anxiety" in detail
        assert "Action plan 2" in detail and "false starts" in detail


async def test_enter_on_a_session_opens_it(demo: Store) -> None:
    from opstui.screens.live import LiveSessionScreen

    wanted = initiative_id(demo, RELEASES)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, wanted)
        await show_tab(pilot, screen, "2", "sessions")
        sessions = screen.query_one("#sessions", RowTable)
        sessions.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveSessionScreen)
        assert app.screen.session_id == demo.list_sessions(wanted)[-2].id


async def test_read_only_workspace_offers_no_edits(db_path: Path) -> None:
    with Store.open(db_path) as writable:
        build_demo(writable)
    with Store.open(db_path, read_only=True) as store:
        wanted = initiative_id(store, RELEASES)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_workspace(app, pilot, wanted)
            commands = [c.title for c in app.get_system_commands(app.screen)]
            for edit in ("Next step", "Edit initiative", "Add affected group"):
                assert edit not in commands
            assert "Back" in commands and "Sessions" in commands
            await pilot.press("right_square_bracket", "e", "g")
            await pilot.pause()
            assert app.screen is screen
            assert store.get_initiative(wanted).step is Step.PROTOTYPE_AND_EXPAND


async def test_the_collector_is_held_while_the_workspace_opens_and_back_after(
    demo: Store,
) -> None:
    assert gc.isenabled()
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(app, pilot, initiative_id(demo, RELEASES))
        assert screen.whole is not None  # read and shown: the hold has ended
        await pilot.pause()
        assert gc.isenabled()
