"""The shape of a story's ``[[maps]]``: the process maps drawn for its initiative.

Each entry is one map: its ``title``, the ``session`` it was drawn in (the title of a
held session of this story; the map is dated a minute after that session started) and
its ``lines`` in the map's line syntax (``opstui.domain.process_map``), which are read
here, so a line that does not read is a mistake in the data, reported with its number.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from opstui.demo.schema import Entry
from opstui.domain.process_map import MapSyntaxError, parse_map


class MapEntry(Entry):
    title: str = Field(min_length=1)
    #: The title of a held session of this story.
    session: str = Field(min_length=1)
    lines: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _lines_read(self) -> Self:
        try:
            parse_map(self.lines)
        except MapSyntaxError as exc:
            raise ValueError(f"lines: {exc}") from None
        return self
