"""The cyclic garbage collector, held off while much is built and kept at once: the one
speed trick kept, because the benchmark says it earns its place.

Opening the workspace of a long-running initiative builds tens of thousands of models
(its sessions, remarks, ballots, readings) and the widgets that show them, and the
dashboard's loading worker does the same for every initiative's summary; almost none
of it is garbage. A full collection in the middle scans the whole heap while the
screen waits. Measured with ``make bench`` on 2 cores, against the code before the
speed tricks were reviewed (d2ef032), run back to back:

- opening the largest initiative's workspace (7 opens, median): 152-154 ms on the large
  file without the hold, 115 ms with it, 100-123 ms before (the demo's: 137-144 ms
  without, 98 ms with);
- the dashboard until every row is loaded, large file: 3.3 s and 2.3 s without the hold
  where the earlier code took 2.3 s and 1.7 s in the same pairs of runs; 2.3-2.5 s with
  it, against 2.3 s.

Both are over 10%, so these two holds stay (``WorkspaceScreen`` and
``HomeScreen.load_summaries``). The start's hold measured under 10% and was dropped.
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
