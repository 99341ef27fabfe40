"""The agenda item timer: a large countdown that turns to an overrun count past zero.

The widget keeps time itself from a monotonic clock (which tests can freeze) and
posts a ``Tick`` every second so the screen can save the seconds run.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Digits, Static

from opstui.domain.agenda_timer import ItemClock, TimerReading, format_clock

#: A monotonic clock in seconds; ``time.monotonic`` unless a test freezes it.
Clock = Callable[[], float]


class AgendaTimer(Vertical):
    """Countdown for the agenda item under way; pause, resume and one more minute."""

    DEFAULT_CSS = """
    AgendaTimer {
        width: 24;
        height: auto;
        align-horizontal: right;
    }
    AgendaTimer > Digits {
        width: 100%;
        text-align: right;
        color: $text-success;
    }
    AgendaTimer > .timer-status, AgendaTimer > .timer-keys {
        width: 100%;
        text-align: right;
        color: $text-muted;
    }
    AgendaTimer.-paused > Digits {
        color: $text-warning;
    }
    AgendaTimer.-overrun > Digits {
        color: $text-error;
    }
    AgendaTimer.-overrun > .timer-status {
        color: $text-error;
        text-style: bold;
    }
    AgendaTimer.-stopped > .timer-keys {
        display: none;
    }
    AgendaTimer.-stopped > Digits {
        color: $text-muted;
    }
    /* Small: no big digits; the status line carries the clock, in bold. */
    AgendaTimer.-small > Digits, AgendaTimer.-small > .timer-keys {
        display: none;
    }
    AgendaTimer.-small > .timer-status {
        color: $text;
        text-style: bold;
    }
    """

    class Tick(Message):
        """A second has passed on a running timer."""

        def __init__(self, timer: AgendaTimer, elapsed: int) -> None:
            super().__init__()
            self.timer = timer
            self.elapsed = elapsed

    def __init__(self, clock: Clock = time.monotonic, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.item_clock = ItemClock()
        self.allowed = 0
        #: A finished session shows its final times and never runs.
        self.stopped = False
        #: The status and keys lines as last shown.
        self._words = ("", "")

    def compose(self) -> ComposeResult:
        yield Digits("00:00")
        yield Static("", classes="timer-status")
        yield Static("", classes="timer-keys")

    def on_mount(self) -> None:
        self.set_interval(1, self._tick)
        self._show()

    @property
    def running(self) -> bool:
        return self.item_clock.running

    @property
    def elapsed(self) -> int:
        return self.item_clock.elapsed(self.clock())

    @property
    def reading(self) -> TimerReading:
        return TimerReading(self.elapsed, self.allowed)

    def load(self, elapsed: int, allowed: int, *, running: bool, stopped: bool = False) -> None:
        """Show an item: the seconds it has run, the seconds it may run, and whether to run."""
        self.allowed = allowed
        self.stopped = stopped
        self.item_clock.reset(elapsed, self.clock() if running and not stopped else None)
        self._show()

    def pause(self) -> int:
        elapsed = self.item_clock.pause(self.clock())
        self._show()
        return elapsed

    def resume(self) -> None:
        if not self.stopped:
            self.item_clock.start(self.clock())
            self._show()

    def add_minute(self) -> None:
        self.allowed += 60
        self._show()

    def _tick(self) -> None:
        if self.running:
            self._show()
            self.post_message(self.Tick(self, self.elapsed))

    def set_small(self, small: bool) -> None:
        """Draw the timer on one line (a small terminal) or with big digits."""
        if small != self.has_class("-small"):
            self.set_class(small, "-small")
            self._show()

    def _show(self) -> None:
        if not self.is_mounted:
            return
        reading = self.reading
        self.set_class(reading.overrun, "-overrun")
        self.set_class(not self.running and not self.stopped, "-paused")
        self.set_class(self.stopped, "-stopped")
        # A finished item shows the time it took; a running one the time left (or over).
        self.query_one(Digits).update(
            format_clock(reading.elapsed) if self.stopped else reading.clock
        )
        minutes = self.allowed // 60
        if self.stopped:
            status = f"took {reading.actual_minutes} of {minutes} min"
        elif reading.overrun:
            status = f"OVER {minutes} min" + ("" if self.running else " · paused")
        else:
            status = f"left of {minutes} min" + ("" if self.running else " · paused")
        if self.has_class("-small"):
            shown = format_clock(reading.elapsed) if self.stopped else reading.clock
            status = f"{shown} {status}"
        keys = "" if self.stopped else f"Space {'pause' if self.running else 'start'} · + 1 min"
        # A Static updated lays the screen out again: each second's tick would, though the
        # words change only with the state (the idle live screen's CPU, benchmarks/live.py).
        # (A small terminal's status holds the clock: same width, no layout needed.)
        shown_status, shown_keys = self._words
        if status != shown_status:
            self.query_one(".timer-status", Static).update(
                status, layout=len(status) != len(shown_status)
            )
        if keys != shown_keys:
            self.query_one(".timer-keys", Static).update(keys)
        self._words = (status, keys)
