"""The workspace of a long-running initiative (issue 23): every tab shows it whole.

The timings are the benchmark's (``benchmarks/deep.py``); here, that the lists that draw
only the rows on screen still hold every row, in order, with the right cells.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import Static, TabbedContent

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import (
    ActionItem,
    Feedback,
    FeedbackKind,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.voting import Ballot, Proposal, ProposalStatus, VoteMethod, tally
from opstui.screens.workspace import TABS, WorkspaceScreen, tab_digit
from opstui.widgets.row_table import RowTable

SESSIONS = 1_200
START = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def deep_initiative(store: Store) -> tuple[Initiative, list[Proposal]]:
    """An initiative with SESSIONS sessions, a remark each, a vote every fourth, an action
    item every third; written in one transaction."""
    initiative = Initiative(title="Years of pilots")
    people = [Person(name=f"Person {n}", group=Group.ENGINEERING) for n in range(5)]
    proposals = []
    with store.write():
        store.add_initiative(initiative)
        for person in people:
            store.add_person(person)
        for number in range(SESSIONS):
            held = START + timedelta(days=number)
            session = store.add_session(
                Session(
                    initiative_id=initiative.id,
                    playbook_key="pilot",
                    kind=SessionKind.PILOT,
                    title=f"Pilot check-in {number}",
                    participant_ids=[p.id for p in people],
                    state=SessionState.ENDED,
                    started_at=held,
                    ended_at=held + timedelta(hours=1),
                )
            )
            store.add_feedback(
                Feedback(
                    session_id=session.id,
                    person_id=people[number % 5].id,
                    sentiment=Sentiment(number % 5 + 1),
                    kind=FeedbackKind.OBSERVATION,
                    text=f"Remark {number}",
                    created_at=held,
                )
            )
            if number % 3 == 0:
                store.add_action(
                    ActionItem(
                        initiative_id=initiative.id,
                        session_id=session.id,
                        text=f"Action {number}",
                        created_at=held,
                    )
                )
            if number % 4 == 0:
                proposal = store.add_proposal(
                    Proposal(
                        session_id=session.id,
                        title=f"Vote {number}",
                        method=VoteMethod.FIST_OF_FIVE,
                        created_at=held,
                    )
                )
                for n, person in enumerate(people):
                    store.cast_ballot(
                        Ballot(
                            proposal_id=proposal.id,
                            person_id=person.id,
                            method=VoteMethod.FIST_OF_FIVE,
                            value=str((number + n) % 6),
                        )
                    )
                proposals.append(store.update_proposal(
                    proposal.model_copy(update={"status": ProposalStatus.CLOSED})
                ))  # fmt: skip
    return initiative, proposals


async def test_every_tab_of_a_deep_initiative_shows_it(store: Store) -> None:
    initiative, proposals = deep_initiative(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = WorkspaceScreen(initiative.id)
        await app.push_screen(screen)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.title == "Years of pilots"
        assert str(screen.sub_title).startswith("step 1")
        for number, (key, _title) in enumerate(TABS, start=1):
            await pilot.press(tab_digit(number))
            await pilot.pause()
            assert screen.query_one("#tabs", TabbedContent).active == f"tab-{key}"
            tab = screen.tab(key)
            assert tab.is_built and not tab.loading
            assert tab.shown is (screen.outline if tab.SHOWS_OUTLINE else screen.whole)

        sessions = screen.query_one("#sessions", RowTable)
        assert sessions.row_count == SESSIONS
        newest = sessions.cells_at(0)
        assert str(newest[2]) == f"Pilot check-in {SESSIONS - 1}"
        assert str(newest[4]).startswith("5: Person 0")
        # Each holds a remark, and some an action item (every third) or a vote (fourth).
        captured = [str(sessions.cells_at(row)[5]).strip() for row in range(13)]
        numbers = range(SESSIONS - 1, SESSIONS - 14, -1)
        assert captured == [str(1 + (n % 3 == 0) + (n % 4 == 0)) for n in numbers]

        votes = screen.query_one("#votes", RowTable)
        assert votes.row_count == len(proposals)
        ballots = store.list_ballots(proposals[-1].id)
        last = votes.cells_at(len(proposals) - 1)
        assert str(last[0]) == proposals[-1].title
        assert str(last[3]) == tally(proposals[-1], ballots).summary()

        assert screen.query_one("#feedback", RowTable).row_count == SESSIONS
        assert "1200 of 1200 remarks" in str(screen.query_one("#feedback-detail", Static).render())
        actions = screen.query_one("#actions", RowTable)
        assert actions.row_count == len(range(0, SESSIONS, 3))
        assert "400 open, 0 done" in str(screen.query_one("#actions-detail", Static).render())
