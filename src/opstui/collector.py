"""The cyclic garbage collector, held off while much is built at once.

Three moments make many objects at once and little garbage: the start (Textual, the
first screen), opening a screen (its widgets and data), and reading many models in a
worker (the dashboard's summaries, a long-running initiative). A full collection in the
middle of one scans the whole heap, a tenth of a second or more on a large file, and
the screen waits for it. Each such moment holds the collector off; it comes back when
the last hold ends. Free of Textual: the command line takes the start's hold before
Textual is imported.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class CollectorHold:
    """The cyclic collector held off until ``release``.

    Holds are counted, from any thread: the collector comes back when the last one is
    released (the dashboard's summaries ending must not lift the hold of a workspace
    being opened), and only if it was on when the first began (a test may turn it off).
    """

    #: However a screen fares, the collector is back after this long.
    LIMIT_SECONDS = 5.0

    _lock = threading.Lock()
    _holds = 0
    #: Whether the collector was on when the first of the current holds began.
    _resume = False

    def __init__(self) -> None:
        with CollectorHold._lock:
            if CollectorHold._holds == 0:
                CollectorHold._resume = gc.isenabled()
                gc.disable()
            CollectorHold._holds += 1
            self.held = True

    def release(self) -> None:
        """End this hold (a second release counts for nothing)."""
        with CollectorHold._lock:
            if not self.held:
                return
            self.held = False
            CollectorHold._holds -= 1
            if CollectorHold._holds == 0 and CollectorHold._resume:
                gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while many models are read and summarized at once.

    On a large file that is tens of thousands of models (the dashboard's facts, a
    long-running initiative's sessions and remarks), made at once and freed by their
    reference counts soon after; meanwhile the collector would scan the growing heap
    again and again, each time holding the interpreter for up to a tenth of a second,
    and the screen would stutter.
    """
    hold = CollectorHold()
    try:
        yield
    finally:
        hold.release()


#: The start's hold, from the command line until the dashboard's first rows are drawn.
_start: CollectorHold | None = None


def pause_for_start() -> None:
    """Hold the collector off for the start (the command line, before Textual loads)."""
    global _start
    if _start is None:
        _start = CollectorHold()


def end_of_start() -> bool:
    """The first rows are on screen: the start's hold ends.

    What the start created lives as long as the app does: frozen, it is never scanned
    again. Says whether there was a start's hold (there is none in the tests, which
    start the app themselves); another hold still running keeps the collector off.
    """
    global _start
    hold, _start = _start, None
    if hold is None:
        return False
    gc.freeze()
    hold.release()
    return True
