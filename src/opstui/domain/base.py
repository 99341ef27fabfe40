"""Shared building blocks of the domain models: ids, timestamps, constrained text."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from opstui.domain.text import printable


def _without_controls(value: object) -> object:
    """Text as typed or pasted, its control characters dropped; line breaks kept."""
    return printable(value, drop=True) if isinstance(value, str) else value


def _one_line_without_controls(value: object) -> object:
    """Text as typed or pasted, its control characters dropped, on one line."""
    return printable(value, lines=False, drop=True) if isinstance(value, str) else value


# Every text a person or a received file gives the domain goes through one of these, so
# no control character is ever stored, whoever writes it: the app, the CLI, an import.
# A BeforeValidator listed after the constraints runs before them: white space left at an
# end by a dropped character is stripped, and what is left is measured.
#: Drops control characters and keeps line breaks: for text on several lines.
SEVERAL_LINES = BeforeValidator(_without_controls)
#: Drops control characters and makes line breaks spaces: for text on one line.
ONE_LINE = BeforeValidator(_one_line_without_controls)
#: Free text on one or more lines (a remark, a note, a plan), possibly empty.
Prose = Annotated[str, SEVERAL_LINES]
#: Free text on one line (a role, a unit), possibly empty.
Line = Annotated[str, ONE_LINE]
#: Text that must say something: surrounding white space is dropped, empty is refused.
NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), SEVERAL_LINES]
#: A short label such as a title or a name, on one line.
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), ONE_LINE
]
#: A person's rating on a 1-5 scale.
Rating = Annotated[int, Field(ge=1, le=5)]

#: Dates the product accepts: wide enough for any real plan, narrow enough to catch typos.
EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2199, 12, 31)
PlanDate = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]


def new_id() -> str:
    """A fresh text UUID: files from several facilitators can be merged without clashes."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """The current time, timezone-aware, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


class Model(BaseModel):
    """Base of every domain model: validated on creation and on assignment."""

    # Each model's validator is built the first time it is used, not when its module is
    # imported: starting the app uses few of them, and should not wait for the rest.
    model_config = ConfigDict(validate_assignment=True, extra="forbid", defer_build=True)


class Record(Model):
    """A model stored in its own row, identified by a text UUID."""

    id: str = Field(default_factory=new_id, min_length=1)
