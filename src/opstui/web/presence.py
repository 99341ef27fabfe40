"""Who holds which name, and how waiting page polls learn that something changed.

One browser per participant: a name is claimed by the first device that joins as it
and stays that device's until the facilitator frees it (``release``) or the device
joins as someone else. The claims live in memory only, for the life of one server.
"""

from __future__ import annotations

import asyncio
import contextlib


class Seating:
    """The claims: participant id → device id (the random id inside the signed cookie)."""

    def __init__(self) -> None:
        self._holders: dict[str, str] = {}
        #: Changes with every claim or release, so pages showing the names redraw.
        self.generation = 0

    def holder(self, person_id: str) -> str | None:
        return self._holders.get(person_id)

    def taken(self) -> set[str]:
        return set(self._holders)

    def claim(self, person_id: str, device: str) -> None:
        """Give the name to ``device``, freeing any other name it held (one name each)."""
        self.leave(device)
        self._holders[person_id] = device
        self.generation += 1

    def leave(self, device: str) -> None:
        """The device gives up its name (it joins as someone else, or without a name)."""
        for person_id, holder in list(self._holders.items()):
            if holder == device:
                del self._holders[person_id]
                self.generation += 1

    def release(self, person_id: str) -> bool:
        """The facilitator frees a name; the browser that held it must join again."""
        if self._holders.pop(person_id, None) is None:
            return False
        self.generation += 1
        return True


class Waker:
    """Wakes every page poll waiting for a change (``changed()`` on the server)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def wake(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, timeout: float) -> None:
        """Returns on the next wake, or after ``timeout`` seconds, whichever is first."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)
