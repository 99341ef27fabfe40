"""A process map as stored: the map (per initiative, and the session it was drawn in)
and its lines, one per hand-off or step as typed (``opstui.domain.process_map`` reads
them into steps and hand-offs).

Lines are ordered by ``position``, a number that leaves room between two lines, so a
line can be put between two others without renumbering the rest; merged files' lines
interleave by it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from opstui.domain.base import Line, Record, Title, utcnow
from opstui.domain.process_map import MAX_LINE

#: A map's line as stored: on one line, control characters dropped, at most ``MAX_LINE``.
MapText = Annotated[Line, StringConstraints(strip_whitespace=True, max_length=MAX_LINE)]


class ProcessMapRecord(Record):
    """One process map of an initiative, drawn in a session or on its own."""

    initiative_id: str
    session_id: str | None = None
    title: Title
    created_at: datetime = Field(default_factory=utcnow)


class MapLine(Record):
    """One line of a map, as typed."""

    map_id: str
    position: float = Field(allow_inf_nan=False)
    text: MapText
    created_at: datetime = Field(default_factory=utcnow)
