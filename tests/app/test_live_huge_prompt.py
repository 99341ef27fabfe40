"""A hostile playbook's agenda item: a 10 MB prompt opens at once, cut with a note."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from opstui.app import make_app
from opstui.db.store import Store
from opstui.widgets.live_panels import PROMPT_SHOWN
from tests.app.test_live_session import SIZE, build_world, open_live, start_validation

HUGE = 10 * 1024 * 1024


async def test_a_ten_megabyte_prompt_is_cut_with_a_note(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        first = store.list_agenda(session.id)[0]
        # Control characters too: what is drawn is still made safe.
        hostile = "\x1b[2J" + ("Say what you saw. " * (HUGE // 18 + 1))[:HUGE]
        store.update_agenda_item(
            first.model_copy(update={"prompt": hostile, "capture": "x" * HUGE})
        )
        stored = len(store.list_agenda(session.id)[0].prompt)
        assert stored > HUGE
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            shown = str(screen.query_one("#live-prompt", Static).render())
            assert "Say what you saw." in shown
            assert f"cut: {stored:,} characters in all" in shown
            assert "\x1b" not in shown
            assert "Capture: xxx" in shown
            assert len(shown) < PROMPT_SHOWN + 300
