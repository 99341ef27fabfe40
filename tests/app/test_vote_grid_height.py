"""The vote grid is laid out again only when its height can change, and its height always
fits its lines: through blind ballots, a reveal, a new round, at a narrow width where the
result's line wraps."""

from __future__ import annotations

from pathlib import Path

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.voting import Proposal
from opstui.widgets.vote_grid import VoteGrid
from tests.app.test_live_session import build_world, open_live, start_validation


def fits(grid: VoteGrid) -> bool:
    """Whether the grid is as tall as its lines at its width (measured afresh)."""
    width = grid.content_size.width
    wanted = grid.get_content_height(grid.size, grid.screen.size, width)
    return grid.content_size.height == wanted


async def test_the_grid_is_as_tall_as_its_lines_after_every_act(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=4)
        session = start_validation(world)
        store.add_proposal(Proposal(session_id=session.id, title="Agree"))
        app = make_app(store)
        async with app.run_test(size=(72, 40)) as pilot:
            screen = await open_live(app, pilot, session.id)
            grid = screen.query_one(VoteGrid)
            heights = [grid.content_size.height]
            for key in ("4", "5", "3", "2", "r", "V", "4", "5"):
                await pilot.press(key)
                await pilot.pause()
                assert fits(grid), key
                heights.append(grid.content_size.height)
            # Blind ballots keep its height; the reveal and the new round change its lines.
            assert heights[0] == heights[1] == heights[2] == heights[3]
            assert len(set(heights)) > 1
