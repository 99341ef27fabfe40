"""Plain values of the domain that need no validation: importable without pydantic.

The app's first screen (the dashboard's titles, steps and statuses) is drawn before the
models are loaded; what it shows of the domain lives here and in ``steps``. The model
modules import these back, so ``domain.initiative.InitiativeStatus`` and
``domain.session.Sentiment`` name the same classes.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class InitiativeStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DONE = "done"
    DROPPED = "dropped"


class Sentiment(IntEnum):
    """How a remark felt, on a five-point scale."""

    VERY_NEGATIVE = 1
    NEGATIVE = 2
    NEUTRAL = 3
    POSITIVE = 4
    VERY_POSITIVE = 5

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").lower()

    @property
    def symbol(self) -> str:
        return {1: "--", 2: "-", 3: "~", 4: "+", 5: "++"}[int(self)]


class FieldType(StrEnum):
    """The kinds of field a fill-in template has (here, so that the rule of what a field
    may fill can name them without importing the playbook that uses that rule)."""

    TEXT = "text"
    LONG_TEXT = "long-text"
    CHOICE = "choice"
    SCALE = "scale"
    NUMBER = "number"
    DATE = "date"
