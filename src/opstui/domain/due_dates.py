"""Due dates as a facilitator types them: "2026-03-31", or "+7" for a week from today."""

from __future__ import annotations

from datetime import date, timedelta

_HINT = "a due date like 2026-03-31, or +7 for a week from today"


def parse_due(text: str, today: date) -> date | None:
    """A due date as typed: empty, "2026-03-31", or "+7" for a week from today."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("+"):
        try:
            days = int(text[1:].removesuffix("d"))
        except ValueError:
            raise ValueError(_HINT) from None
        return today + timedelta(days=days)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(_HINT) from None
