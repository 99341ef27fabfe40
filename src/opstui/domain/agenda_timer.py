"""The timer of an agenda item: seconds run, time left or overrun, and moving between items."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from opstui.domain.session import AgendaItem


@dataclass
class ItemClock:
    """Seconds an agenda item's timer has run, pauses excluded.

    ``now`` is a monotonic reading in seconds (``time.monotonic()``), so changes of the
    wall clock during a call never make the timer jump.
    """

    banked: int = 0
    running_since: float | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def elapsed(self, now: float) -> int:
        if self.running_since is None:
            return self.banked
        return self.banked + max(int(now - self.running_since), 0)

    def start(self, now: float) -> None:
        if self.running_since is None:
            self.running_since = now

    def pause(self, now: float) -> int:
        """Stop the clock and bank the seconds run; returns the total."""
        self.banked = self.elapsed(now)
        self.running_since = None
        return self.banked

    def reset(self, banked: int, now: float | None = None) -> None:
        """Start over from ``banked`` seconds, running from ``now`` if given."""
        self.banked = banked
        self.running_since = now


def format_clock(seconds: int) -> str:
    """Minutes and seconds, as "04:05" (minutes keep counting past an hour: "75:00")."""
    seconds = abs(seconds)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@dataclass(frozen=True)
class TimerReading:
    """What the timer shows for an item: time left, or by how much it ran over."""

    elapsed: int
    allowed: int

    @property
    def overrun(self) -> bool:
        return self.elapsed > self.allowed

    @property
    def remaining(self) -> int:
        return self.allowed - self.elapsed

    @property
    def clock(self) -> str:
        return ("+" if self.overrun else "") + format_clock(self.remaining)

    @property
    def actual_minutes(self) -> int:
        return math.ceil(self.elapsed / 60)


def switch_item(
    agenda: Sequence[AgendaItem], current: int, target: int, elapsed: int, now: datetime
) -> tuple[AgendaItem, AgendaItem]:
    """Leave the item at ``current`` (recording its seconds) for the one at ``target``.

    Returns the two items as they should be stored. An item keeps its first start time
    when it is visited again, and its seconds (timer and wall clock) keep adding up.
    """
    left = agenda[current].model_copy(update={"elapsed_seconds": elapsed}).left_at(now)
    entered = agenda[target]
    entered = entered.model_copy(
        update={"started_at": entered.started_at or now, "ended_at": None, "entered_at": now}
    )
    return left, entered
