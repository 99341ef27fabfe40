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


class KeptApart:
    """What is alive now left out of the collector's scans (``gc.freeze``) until ``end``.

    A long-running initiative's workspace keeps what it read (6,320 sessions, 63,000
    remarks: millions of objects) for as long as it is open. Each full collection
    scanned all of it while the screen waited: 140-320 ms of the loop's own CPU time on
    the deep benchmark file, after it was read, against 60-80 ms once it is kept apart
    (``benchmarks/deep.py``, issue 23). The live session keeps its screen apart too: a
    full collection comes every few dialogs opened and closed, and scanned the whole app
    (75-140 ms in a test app with a small file, the key that set it off waiting) where it
    now scans what the session made since it opened (5-18 ms). Freezing costs no memory:
    what is freed by its last reference is freed as before; only a cycle among frozen
    objects waits for its hold to end.

    Holds are counted, as the collector's own (a live session opened over a workspace):
    when the last ends, everything is scanned again; when another is still on, what was
    kept is collected at once (one full collection, as a screen closes) and the rest kept
    apart again, so a closed screen's widgets do not wait for the other screen to close.
    """

    _lock = threading.Lock()
    _holds = 0

    def __init__(self, *, collect: bool = False) -> None:
        """``collect``: collect first, so that garbage of earlier screens is not kept
        apart with the rest (one full collection, as a screen opens)."""
        with KeptApart._lock:
            if collect:
                gc.collect()
            gc.freeze()
            KeptApart._holds += 1
        self.kept = True

    def end(self) -> None:
        """Scan everything again (a second end counts for nothing)."""
        with KeptApart._lock:
            if not self.kept:
                return
            self.kept = False
            KeptApart._holds -= 1
            gc.unfreeze()
            if KeptApart._holds:
                gc.collect()
                gc.freeze()
