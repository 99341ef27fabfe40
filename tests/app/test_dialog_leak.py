"""Dialogs opened and closed in the live session leave nothing drawn behind.

Textual 8.2.8 keeps the line cache (``StylesCache``) of up to 1,024 dead widgets alive
through an ``lru_cache`` on an instance method (see ``OpstuiModal.on_screen_suspend``),
and the footer used to make and drop a key widget per key on every dialog closed. The
count of those caches still holding lines, and of footer keys, must not grow with the
number of dialogs.
"""

from __future__ import annotations

import gc
from pathlib import Path

from textual._styles_cache import StylesCache
from textual.widget import Widget

from opstui.app import make_app
from opstui.db.store import Store
from opstui.screens.base import FORGET_DRAWN_AFTER
from opstui.screens.modals.feedback_form import FeedbackForm
from opstui.widgets.keys_footer import ShownKey
from tests.app.test_live_session import SIZE, build_world, open_live, start_validation, top

DIALOGS = 15


def caches_holding_lines() -> int:
    """Widgets' line caches that still hold drawn lines (dead widgets' included)."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, StylesCache) and o._cache)


def alive(kind: type[Widget]) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


async def test_closed_dialogs_leave_no_drawings_or_footer_keys(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)

            async def open_and_close(saving: bool) -> None:
                await pilot.press("f")
                await pilot.pause()
                assert isinstance(top(app), FeedbackForm)
                if saving:
                    await pilot.press("2", "4", *"a remark", "enter")
                else:
                    await pilot.press("escape")
                await pilot.pause()
                assert not isinstance(top(app), FeedbackForm)

            # Once, so that everything drawn the first time is there to compare with.
            await open_and_close(saving=True)
            await pilot.pause(FORGET_DRAWN_AFTER + 0.3)  # once its drawings are dropped
            caches, keys = caches_holding_lines(), alive(ShownKey)
            for n in range(DIALOGS):
                await open_and_close(saving=n % 3 == 0)
            await pilot.pause(FORGET_DRAWN_AFTER + 0.3)
            shown = len(app.screen.query(ShownKey))
            assert alive(ShownKey) <= max(keys, shown) + 2
            # 525 more over 15 dialogs before the fix (35 a dialog).
            assert caches_holding_lines() - caches < 40
