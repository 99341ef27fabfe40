"""The demo database: four made-up initiatives a new user can explore.

The stories are data files in this package (``people.toml`` and ``stories/*.toml``, see
``schema``), checked when read, then written through the store in one transaction from a
seeded random generator and a fixed anchor day. The same seed and day always give the
same file, ids included. Nothing here reads the clock.
"""

from __future__ import annotations

import random
import uuid
from datetime import date

from opstui.db.store import Store
from opstui.demo.anchor import Anchor
from opstui.demo.loading import DemoDataError, load_demo
from opstui.demo.writing import write_demo

__all__ = ["DEMO_TODAY", "DemoDataError", "build_demo"]

#: The day the demo is written "as of": fixed, so the file never depends on the clock.
DEMO_TODAY = date(2026, 11, 2)


def build_demo(store: Store, *, seed: int = 2026, today: date | None = None) -> None:
    """Write the demo into ``store``: all of it, or nothing if anything fails."""
    data = load_demo()
    # The site id from its own generator, so that the stories draw exactly as before.
    site = uuid.UUID(int=random.Random(f"site {seed}").getrandbits(128)).hex
    with store.replaying(site):
        write_demo(store, data, Anchor(random.Random(seed), today or DEMO_TODAY))
        store.set_meta("demo", "1")
