"""Where every id and time of the demo comes from: one seeded generator and one anchor day."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass
class Anchor:
    """Ids drawn from the seed, days and months counted from the anchor day, never the clock.

    The order of the draws is part of the demo: the same data written in the same order
    gives the same file, ids included.
    """

    rng: random.Random
    today: date

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day(self, offset: int) -> date:
        """The day ``offset`` days from the anchor, moved off the weekend to a Monday."""
        when = self.today + timedelta(days=offset)
        while when.weekday() >= 5:
            when += timedelta(days=1)
        return when

    def at(self, offset: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.day(offset), time(hour, minute), tzinfo=UTC)

    def month(self, offset: int) -> date:
        """The first day of the month ``offset`` months from the anchor's (negative: before)."""
        index = self.today.year * 12 + self.today.month - 1 + offset
        return date(index // 12, index % 12 + 1, 1)
