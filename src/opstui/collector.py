"""The cyclic garbage collector, held off while a workspace opens: the one speed trick
kept, because the benchmark says it earns its place.

Opening the workspace of a long-running initiative builds tens of thousands of models
(its sessions, remarks, ballots, readings) and the widgets that show them, and frees
almost none of them: a full collection in the middle scans the whole heap while the
screen waits. Measured with ``make bench`` (2 cores, 7 opens, median), opening the
workspace of the largest initiative of the large file took 152-154 ms without this hold
and 115 ms with it (the demo's: 137-144 ms and 98 ms), against 100-123 ms before the
speed tricks were reviewed: more than 10%, so this one stays. Nothing else holds the
collector: the start and the dashboard measured the same without their holds.
"""

from __future__ import annotations

import gc
import threading


class CollectorHold:
    """The cyclic collector held off until ``release`` (at the latest after LIMIT_SECONDS).

    Holds are counted: the collector comes back when the last one is released, and only
    if it was on when the first began (a test may have turned it off).
    """

    #: However the screen fares, the collector is back after this long.
    LIMIT_SECONDS = 5.0

    _lock = threading.Lock()
    _holds = 0
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
