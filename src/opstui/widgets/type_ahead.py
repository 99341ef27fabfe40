"""Keys typed ahead reach the place they were meant for, in the order they were typed.

Textual hands each key to whatever has the focus when the key is read, while what a key
sets off (a binding run once the key has bubbled up to the app, the message it posts,
the dialog it opens) happens a few steps later. A facilitator who types ``f 2 4``, a
remark and Enter in one go, faster than the dialog opens, used to lose the remark to
the screen behind it; a digit meant for a dialog could reach the vote grid.

So a key that may move the focus (anything but a character typed into a text field)
closes a gate behind it. Keys read while the gate is closed are held, in order, and
handed on once the key before them has had its full effect:

- A probe message is posted to the widget the key went to, right behind the key. It
  bubbles up the same way the key does, so it reaches the app after the key's binding
  has run; it then makes a second lap from the widget that has the focus by then, which
  lets the message the binding posted (an ``Input.Submitted``, an ``OptionList``
  choice) be handled too.
- A screen pushed or popped keeps the gate closed until the screen on top has resumed
  and set its focus: a ``ScreenSettled`` message posted to it as it comes on top
  reaches the app after its Mount and ScreenResume (``screen_ready``), whatever
  happened to the probes on the way. Only the latest screen change's message opens
  the gate: a dialog dismissed with a callback that pushes the next screen (Start
  session, then the live screen) changes screens twice, and the keys typed after the
  first change belong to the second screen, not to the one in between.

Characters typed into a text field pass at once: they cannot move the focus, and a
paste or a fast typist must not wait on a probe per character.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.timer import Timer

#: Hands a key on as Textual would, and says where it went.
Dispatch = Callable[[events.Key], Awaitable["MessagePump"]]

#: How many laps a probe makes: the key's own path, then the path of what it posted.
LAPS = 2
#: However a probe fares (its widget removed on the way), the keys flow again after this.
GIVE_UP_SECONDS = 3.0

SCREEN = "screen"


class KeyHandled(Message):
    """A probe following a key: when it reaches the app, the key has had its effect."""

    def __init__(self, ticket: int, lap: int) -> None:
        super().__init__()
        self.ticket = ticket
        self.lap = lap


class ScreenSettled(Message):
    """Posted to a screen as it comes on top; it reaches the app once the screen is up."""

    def __init__(self, change: int) -> None:
        super().__init__()
        #: Which screen change it follows: only the latest one's opens the gate.
        self.change = change


def types_text(key: events.Key, target: MessagePump) -> bool:
    """Whether ``key`` is a character typed into a text field (it cannot move the focus)."""
    if not key.is_printable or key.key == "tab":
        return False
    if isinstance(target, Input):
        return True
    # Imported at the first key rather than at start: the first screen needs no TextArea,
    # and importing it there cost the start 18-47 ms (issue 23).
    from textual.widgets import TextArea

    return isinstance(target, TextArea)


class TypeAhead:
    """The app's gate for keys: open, or closed with the keys read meanwhile held."""

    def __init__(self, app: App[Any], dispatch: Dispatch) -> None:
        self.app = app
        self._dispatch = dispatch
        #: Keys read and not handed on yet, oldest first.
        self.held: deque[events.Key] = deque()
        #: Why the gate is closed: probe tickets in flight, and SCREEN.
        self.reasons: set[object] = set()
        self._tickets = itertools.count(1)
        self._changes = itertools.count(1)
        #: The latest screen change: what the gate waits for the screen of.
        self.change = 0
        self._give_up: Timer | None = None

    @property
    def closed(self) -> bool:
        return bool(self.reasons)

    async def take(self, key: events.Key) -> None:
        """A key was read: hand it on now if nothing is held before it, else keep it."""
        self.held.append(key)
        await self._drain()

    async def _drain(self) -> None:
        """Hand on held keys, oldest first, while the gate stays open."""
        while self.held and not self.reasons:
            key = self.held.popleft()
            target = await self._dispatch(key)
            self._sent(key, target)
        if not self.reasons and self._give_up is not None:
            self._give_up.stop()
            self._give_up = None

    def _close(self, reason: object) -> None:
        """Close the gate for ``reason``; the give-up timer counts from the latest close."""
        self.reasons.add(reason)
        if self._give_up is None:
            self._give_up = self.app.set_timer(GIVE_UP_SECONDS, self._open_all)
        else:
            self._give_up.reset()

    def _sent(self, key: events.Key, target: MessagePump) -> None:
        """``key`` was handed to ``target``: close the gate until it has had its effect."""
        if types_text(key, target):
            return
        ticket = next(self._tickets)
        self._close(ticket)
        if not target.post_message(KeyHandled(ticket, 1)):
            self.reasons.discard(ticket)

    async def probe_arrived(self, probe: KeyHandled) -> None:
        """A probe reached the app: send it round again, or open for its key."""
        if probe.ticket not in self.reasons:
            return
        if probe.lap < LAPS:
            target = self.app.focused or self.app.screen
            if target.post_message(KeyHandled(probe.ticket, probe.lap + 1)):
                return
        self.reasons.discard(probe.ticket)
        await self._drain()

    def screen_changing(self) -> int:
        """A screen is pushed or popped: hold the keys until the one on top is ready.

        Returns the change's number, for its ``ScreenSettled``.
        """
        self.change = next(self._changes)
        self._close(SCREEN)
        return self.change

    async def screen_ready(self, change: int) -> None:
        """The screen of ``change`` has resumed and set its focus: keys may go on to it.

        A screen that settles after another change (pushed over at once) opens nothing.
        Probes still out may have gone with the screen that closed; the screen's being
        ready is what they waited for, so they are forgotten.
        """
        if change != self.change:
            return
        self.reasons.clear()
        await self._drain()

    async def _open_all(self) -> None:
        self._give_up = None
        if self.reasons:
            self.app.log.warning(f"type-ahead: gave up waiting for {self.reasons}")
            self.reasons.clear()
            await self._drain()
