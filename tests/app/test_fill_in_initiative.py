"""A template filled in live starts from the initiative and changes it: the workspace shows it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Label, TextArea

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import ReadinessAssessment
from opstui.domain.session_plan import plan_session
from opstui.screens.modals.fill_in_form import FillInForm
from opstui.screens.workspace import WorkspaceScreen
from tests.app.test_live_session import SIZE, STARTED, build_world, open_live, start_validation
from tests.app.test_workspace import open_workspace, rows, show_tab, text_of


async def test_the_root_cause_starts_from_the_initiative_and_goes_back_to_it(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        initiative = store.update_initiative(
            world.initiative.model_copy(
                update={
                    "problem": "Interviews take days to book",
                    "root_cause": "Calendars are not shared",
                }
            )
        )
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("t")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FillInForm)
            problem = form.query_one("#field-problem", TextArea)
            cause = form.query_one("#field-root_cause", TextArea)
            assert problem.text == "Interviews take days to book"
            assert cause.text == "Calendars are not shared"
            labels = " ".join(str(label.render()) for label in form.query(Label))
            assert "→ the initiative's root cause" in labels
            # Left as it was, nothing is written: no fill-in is made by opening the form.
            await pilot.press("tab", "escape")
            await pilot.pause()
            assert not isinstance(app.screen, FillInForm)
            assert store.list_fill_ins(session.id) == []

            await pilot.press("t")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FillInForm)
            cause = form.query_one("#field-root_cause", TextArea)
            cause.focus()
            await pilot.pause()
            # The cursor waits at the end of the text, to carry it on.
            await pilot.press(*" by default", "tab")
            await pilot.pause()
            stored = store.get_initiative(initiative.id)
            assert stored.root_cause == "Calendars are not shared by default"
            assert stored.problem == "Interviews take days to book"
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, FillInForm)

            workspace = await open_workspace(app, pilot, initiative.id)
            assert isinstance(app.screen, WorkspaceScreen)
            overview = text_of(workspace, "#overview-problem")
            assert "Calendars are not shared by default" in overview


async def test_readiness_ratings_start_from_the_last_and_show_in_the_readiness_tab(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        store.add_readiness(
            ReadinessAssessment(
                initiative_id=world.initiative.id,
                assessed_on=date(2026, 2, 1),
                vision=2, consensus=3, skills=1, incentives=4, resources=5, action_plan=2,
            )
        )  # fmt: skip
        book = next(b for b in builtin_playbooks() if b.key == "readiness")
        session, agenda = plan_session(
            initiative_id=world.initiative.id,
            playbook=book,
            title="Readiness",
            participant_ids=[p.id for p in world.people],
            facilitator_id=None,
            now=STARTED,
        )
        store.add_session(session, agenda)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("t")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FillInForm)
            skills = form.query_one("#field-skills", Input)
            assert form.query_one("#field-vision", Input).value == "2"
            assert skills.value == "1"
            skills.focus()
            await pilot.pause()
            skills.value = ""
            await pilot.press("4", "enter", "escape")
            await pilot.pause()
            assert not isinstance(app.screen, FillInForm)
            [_, ours] = store.list_readiness(world.initiative.id)
            assert ours.session_id == session.id
            assert (ours.vision, ours.skills, ours.action_plan) == (2, 4, 2)

            workspace = await open_workspace(app, pilot, world.initiative.id)
            await show_tab(pilot, workspace, "8", "readiness")
            table = rows(workspace, "#readiness")
            skills_row = next(r for r in table if r[0] == "Skills")
            assert skills_row[2:] == ["1", "4"]
            assert "Skills 1→4 ↑" in text_of(workspace, "#readiness-detail")
