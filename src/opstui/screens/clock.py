"""The day the screens judge against (overdue actions, the doctor's timing rules).

Screens call ``clock.today()`` instead of ``date.today()`` so that tests and snapshots
can freeze the day by patching this one function.
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    """Today's date, on the machine's clock."""
    return date.today()
