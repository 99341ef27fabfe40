"""The workspace and the metrics screen show the remarks behind a decision, an action and
a metric ("you said"), what came of a remark, and link a remark later from Feedback."""

from __future__ import annotations

from datetime import timedelta

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.buy_in import LinkTarget, RemarkLink
from opstui.domain.session import Decision, Feedback
from opstui.screens.modals.link_remark import LinkRemarkModal
from opstui.screens.workspace.feedback import FeedbackTab
from tests.app.test_live_session import BEFORE, SIZE, World, build_world
from tests.app.test_metrics_screen import open_metrics
from tests.app.test_workspace import open_workspace, text_of

SECRET = "Nobody answers the booking mails"
NAMED = "Thursdays suit the whole team"


def linked_world(store: Store) -> tuple[World, Decision, Feedback, Feedback]:
    """An anonymous remark behind the carried action and the first metric, and a named
    one behind a decision."""
    world = build_world(store)
    anonymous = store.add_feedback(
        Feedback(session_id=world.previous.id, text=SECRET, created_at=BEFORE)
    )
    named = store.add_feedback(
        Feedback(
            session_id=world.previous.id,
            person_id=world.people[1].id,
            text=NAMED,
            created_at=BEFORE + timedelta(minutes=1),
        )
    )
    decision = store.add_decision(
        Decision(
            initiative_id=world.initiative.id,
            session_id=world.previous.id,
            statement="Interviews happen on Thursdays",
        )
    )
    initiative_id = world.initiative.id
    for link in (
        RemarkLink(
            initiative_id=initiative_id, feedback_id=anonymous.id, action_id=world.carried.id
        ),
        RemarkLink(
            initiative_id=initiative_id, feedback_id=anonymous.id, metric_id=world.metrics[0].id
        ),
        RemarkLink(initiative_id=initiative_id, feedback_id=named.id, decision_id=decision.id),
    ):
        store.add_link(link)
    return world, decision, anonymous, named


async def test_actions_and_decisions_show_the_remarks_behind_them(store: Store) -> None:
    world, _decision, _anonymous, _named = linked_world(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, world.initiative.id)
        await pilot.press("5")  # Actions: the carried action is the only one
        await pilot.pause()
        shown = text_of(screen, "#actions-detail")
        assert f"“{SECRET}” — anonymous · Discovery interview" in shown
        await pilot.press("3")
        await pilot.pause()
        shown = text_of(screen, "#decisions-detail")
        assert f"“{NAMED}” — {world.people[1].name}" in shown
        assert SECRET not in shown


async def test_the_metrics_screen_shows_the_remarks_behind_a_metric(store: Store) -> None:
    world, *_ = linked_world(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_metrics(app, pilot, world.initiative.id)
        shown = str(screen.query_one("#metric-said").render())
        assert f"“{SECRET}” — anonymous" in shown


async def test_feedback_shows_what_came_of_a_remark_and_links_it_later(store: Store) -> None:
    world, decision, anonymous, named = linked_world(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, world.initiative.id)
        await pilot.press("4")
        await pilot.pause()
        tab = screen.query_one(FeedbackTab)
        remark = tab.highlighted_remark()
        assert remark is not None
        shown = text_of(screen, "#feedback-detail")
        if remark.id == anonymous.id:
            assert f"→ action: {world.carried.text}" in shown
        else:
            assert f"→ decision: {decision.statement}" in shown
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LinkRemarkModal)
        # The dialog offers the decision first; the named remark is linked to it already.
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    links = store.list_links(world.initiative.id)
    if remark.id == anonymous.id:
        assert (links[-1].feedback_id, links[-1].target) == (remark.id, LinkTarget.DECISION)
        assert len(links) == 4
    else:  # the same link twice is refused, and says so
        assert len(links) == 3
        assert remark.id == named.id
