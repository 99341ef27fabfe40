"""The command line's one way to show a long job's progress and to stop it with Ctrl+C.

A command wraps its job in ``shown_progress`` and hands the job the ``Progress`` it
yields (``opstui.domain.progress``); this is the one entry point for every command
(``opstui merge`` takes it the same way, with what a cancelled merge leaves)::

    with shown_progress("nothing imported") as progress:
        added = import_readings(store, parsed, progress)

    with shown_progress("nothing merged") as progress:
        report = merge_files(..., progress=progress)

While the job runs:

- a one-line bar is drawn on stderr, only when stderr is a terminal: a pipe or a file
  receives nothing, so a script's output stays clean. It appears once the job has run
  for ``SHOW_AFTER`` seconds (a quick job draws nothing), is redrawn at most
  ``REDRAWS_PER_SECOND`` times, and is wiped when the job ends. It writes only ``\\r``,
  the bar's own text and "erase to end of line" (``ESC [K``): no cursor moves, colours
  or other controls.
- Ctrl+C asks the job to stop: the next progress call (a job calls it only where
  stopping leaves nothing half-written) raises ``Cancelled``, the job undoes what it
  began, and the command ends with one line, ``opstui: cancelled: <what was left>``,
  exit code 130, no traceback. A second Ctrl+C stops at once, as Python does.

Nothing here imports more than the standard library: a command that shows no bar pays
nothing for it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

import click

from opstui.domain.progress import Cancelled

__all__ = ["Cancelled", "ProgressLine", "shown_progress"]

#: Seconds a job runs before its bar is drawn: quicker jobs never flash one.
SHOW_AFTER = 0.3
#: Redraws of the bar per second at most: a job may report every row.
REDRAWS_PER_SECOND = 10
#: The exit code of a command stopped with Ctrl+C (128 + SIGINT), as shells expect.
CANCELLED_EXIT = 130
_ERASE = "\x1b[K"


class CancelledByUser(click.ClickException):
    """A job stopped with Ctrl+C: one line on stderr, exit code 130, no traceback."""

    exit_code = CANCELLED_EXIT

    def show(self, file: object = None) -> None:
        click.echo(f"opstui: cancelled: {self.format_message()}", err=True)


class ProgressLine:
    """A ``Progress`` that draws itself as one line on a terminal (or nothing elsewhere),
    and raises ``Cancelled`` once ``cancel`` has been called."""

    def __init__(self, stream: TextIO, *, draw: bool, now: float | None = None) -> None:
        self.stream = stream
        self.draw = draw
        self.started = time.monotonic() if now is None else now
        self.cancel_asked = threading.Event()
        self._next_draw = self.started + SHOW_AFTER
        self._drawn = False

    def cancel(self) -> None:
        self.cancel_asked.set()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.cancel_asked.is_set():
            raise Cancelled
        if not self.draw:
            return
        now = time.monotonic()
        if now < self._next_draw:
            return
        self._next_draw = now + 1 / REDRAWS_PER_SECOND
        self._write(self.line(phase, done, total, self._width(), now - self.started))

    @staticmethod
    def line(phase: str, done: int, total: int, width: int, elapsed: float) -> str:
        """The bar's text, at most ``width - 1`` characters (the last column left free, so
        that no terminal wraps it): ``phase  [#####-----]  45%  1,234/5,678  3s``."""
        seconds = f"{elapsed:.0f}s"
        if total > 0:
            share = min(max(done / total, 0.0), 1.0)
            counts = f"{share:.0%}  {done:,}/{total:,}  {seconds}"
        else:
            share = None
            counts = f"{done:,}  {seconds}" if done else seconds
        room = width - 1 - len(phase) - len(counts) - 6
        if share is None or room < 10:
            text = f"{phase}  {counts}"
        else:
            bar_width = min(room, 40)
            filled = int(share * bar_width)
            text = f"{phase}  [{'#' * filled}{'-' * (bar_width - filled)}]  {counts}"
        return text[: max(width - 1, 0)]

    def _width(self) -> int:
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
        # A terminal that does not say its size (0) is taken as the usual 80 columns.
        return columns or shutil.get_terminal_size().columns

    def _write(self, text: str) -> None:
        self.stream.write(f"\r{text}{_ERASE}")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        """Wipe the bar, if one was drawn, leaving the cursor where it began."""
        if self._drawn:
            self.stream.write(f"\r{_ERASE}")
            self.stream.flush()
            self._drawn = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def shown_progress(
    left_behind: str, *, cancellable: bool = True, stream: TextIO | None = None
) -> Iterator[ProgressLine]:
    """A ``Progress`` for a job run inside the block: its bar on a terminal, and Ctrl+C
    turned into ``Cancelled`` when ``cancellable`` (the job stops at its next safe point).

    A job that ends by ``Cancelled`` ends the command with ``opstui: cancelled:
    <left_behind>`` (e.g. "nothing imported") and exit code 130. A job that cannot be
    stopped safely passes ``cancellable=False``: Ctrl+C then interrupts it as usual.
    Before printing anything else on stderr inside the block, call its ``clear()``.
    """
    out = sys.stderr if stream is None else stream
    progress = ProgressLine(out, draw=_is_terminal(out))
    previous: object = None
    handling = cancellable and threading.current_thread() is threading.main_thread()
    if handling:

        def asked_to_stop(signum: int, frame: FrameType | None) -> None:
            progress.cancel()
            # The next Ctrl+C interrupts at once, for a job stuck between two safe points.
            signal.signal(signal.SIGINT, signal.default_int_handler)

        previous = signal.signal(signal.SIGINT, asked_to_stop)
    try:
        yield progress
    except Cancelled:
        progress.clear()
        raise CancelledByUser(left_behind) from None
    except BaseException:
        progress.clear()
        raise
    finally:
        if handling:
            signal.signal(signal.SIGINT, previous)  # type: ignore[arg-type]
    progress.clear()
