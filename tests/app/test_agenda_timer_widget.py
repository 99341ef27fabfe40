"""The agenda timer's second-by-second tick redraws the clock only.

Its status and keys lines change with the timer's state (running, paused, over time),
not every second; a Static updated lays the screen out again, which each tick did, and
that was most of an idle live screen's CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Digits, Static

from opstui.widgets.timer import AgendaTimer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TimerApp(App[None]):
    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield AgendaTimer(self.clock, id="timer")


def counting(update: Callable[..., None], seen: list[str]) -> Callable[..., None]:
    """``update``, noting each content it is given in ``seen``."""

    def counted(content: Any = "", *, layout: bool = True) -> None:
        seen.append(str(content))
        update(content, layout=layout)

    return counted


async def test_a_tick_redraws_the_clock_and_leaves_the_words_alone() -> None:
    clock = FakeClock()
    app = TimerApp(clock)
    async with app.run_test(size=(60, 12)) as pilot:
        timer = app.query_one(AgendaTimer)
        timer.load(0, 120, running=True)
        await pilot.pause()
        updates: list[str] = []
        for line in timer.query(Static):
            line.update = counting(line.update, updates)  # type: ignore[method-assign]
        for _ in range(3):
            clock.now += 1
            timer._tick()
        await pilot.pause()
        assert str(timer.query_one(Digits).value) == "01:57"  # the clock moved on...
        assert updates == []  # ...and the words were not touched
        clock.now += 200  # over time: the status says so, once
        timer._tick()
        timer._tick()
        assert updates == ["OVER 2 min"]
        timer.pause()
        assert updates[1:] == ["OVER 2 min · paused", "Space start · + 1 min"]
