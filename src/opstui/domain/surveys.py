"""A research survey brought in as a metric's reading and the remarks in its comments.

The guide: earlier research surveys may already hold the baseline, and their comments
guide discovery. One column of answers is summed up into one number (``Aggregate``):

* ``mean``: the average of the answers (numbers; on the scale, when one is given);
* ``top2``: the percent of answers in the top two points of the scale ("agree" and
  "strongly agree" on 1-5); the scale is 1-5 unless another is given (``Scale``);
* ``share=VALUE``: the percent of answers equal to VALUE, ignoring case and the spaces
  around it ("Yes", "weekly").

Rows whose answer is empty are not respondents: they count for nothing. A ``Survey``
records the import itself (schema 7's ``surveys`` table).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import Field

from opstui.domain.base import Line, Record, Title, utcnow
from opstui.domain.metrics import format_value
from opstui.domain.values import Sentiment

#: The tag every remark from a survey carries.
SURVEY_TAG = "survey"
#: The prefix of the tag naming a respondent's group ("group:Engineering").
GROUP_TAG = "group:"
#: Tags are at most this long (``session.Tag``).
TAG_LIMIT = 60


class AggregateKind(StrEnum):
    MEAN = "mean"
    TOP2 = "top2"
    SHARE = "share"


@dataclass(frozen=True)
class Scale:
    """The points answers are given on: whole numbers from ``low`` to ``high``."""

    low: int = 1
    high: int = 5

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high

    def sentiment(self, value: float) -> Sentiment:
        """Where an answer sits on the scale, as a remark's 1-5 sentiment."""
        share = (value - self.low) / (self.high - self.low)
        return Sentiment(min(max(1 + round(share * 4), 1), 5))


def parse_scale(text: str) -> Scale:
    """A scale as typed: "1-5", "0-10"; a ValueError in plain words otherwise."""
    low, sep, high = text.strip().partition("-")
    try:
        scale = Scale(int(low), int(high))
    except ValueError:
        raise ValueError(f"scale {text.strip()!r} is not like 1-5 or 0-10") from None
    if not sep or scale.high - scale.low < 2:
        raise ValueError(f"scale {text.strip()!r} needs at least three points, like 1-5")
    return scale


@dataclass(frozen=True)
class Aggregate:
    """How a column of answers becomes one number."""

    kind: AggregateKind
    #: The answer counted by ``share`` (as typed; compared ignoring case).
    value: str = ""

    def __str__(self) -> str:
        return f"share={self.value}" if self.kind is AggregateKind.SHARE else self.kind.value

    @property
    def numeric(self) -> bool:
        """Whether every answer must be a number (mean and top2)."""
        return self.kind is not AggregateKind.SHARE

    @property
    def unit(self) -> str:
        """What the number is in: percent of answers, or the answers' own unit."""
        return "" if self.kind is AggregateKind.MEAN else "%"

    def describe(self, column: str, scale: Scale | None) -> str:
        """The aggregate in words, e.g. "share of 4-5 answers in “Q3” (scale 1-5)"."""
        if self.kind is AggregateKind.MEAN:
            on = f" (scale {scale})" if scale is not None else ""
            return f"mean of “{column}”{on}"
        if self.kind is AggregateKind.TOP2:
            top = scale or Scale()
            return f"percent of “{column}” answers at {top.high - 1} or {top.high} (scale {top})"
        return f"percent of “{column}” answers equal to “{self.value}”"


def parse_aggregate(text: str) -> Aggregate:
    """``mean``, ``top2`` or ``share=VALUE``; a ValueError in plain words otherwise."""
    raw = text.strip()
    name, sep, value = raw.partition("=")
    key = name.strip().lower()
    if key == AggregateKind.SHARE and sep and value.strip():
        return Aggregate(AggregateKind.SHARE, value.strip())
    if not sep and key in (AggregateKind.MEAN, AggregateKind.TOP2):
        return Aggregate(AggregateKind(key))
    raise ValueError(f"aggregate {raw!r} is not mean, top2 or share=VALUE (such as share=Yes)")


def summarise(aggregate: Aggregate, answers: list[str], scale: Scale | None) -> float:
    """The one number a column's answers come to (``answers`` are non-empty and, for
    mean and top2, already checked to be numbers on the scale)."""
    if not answers:
        raise ValueError("no answers to sum up")
    if aggregate.kind is AggregateKind.MEAN:
        return math.fsum(float(a) for a in answers) / len(answers)
    if aggregate.kind is AggregateKind.TOP2:
        top = scale or Scale()
        hits = sum(1 for a in answers if float(a) >= top.high - 1)
    else:
        wanted = aggregate.value.strip().casefold()
        hits = sum(1 for a in answers if a.strip().casefold() == wanted)
    return 100 * hits / len(answers)


def group_tag(value: str) -> str:
    """The tag naming a respondent's group, cut to the length a tag may have."""
    words = " ".join(value.split())
    return (GROUP_TAG + words)[:TAG_LIMIT].rstrip()


def survey_title(file_name: str) -> str:
    """The title of the session a survey's remarks are kept in."""
    return f"Survey: {file_name}"


def reading_note(
    file_name: str, aggregate: Aggregate, column: str, scale: Scale | None, n: int
) -> str:
    """The note on the reading (or baseline) a survey gives: where the number comes from."""
    return (
        f"From the survey {file_name}: {aggregate.describe(column, scale)}, "
        f"{n} respondent{'' if n == 1 else 's'}"
    )


def describe_value(aggregate: Aggregate, value: float) -> str:
    return format_value(value, aggregate.unit)


class Survey(Record):
    """A survey file imported: where its number and its remarks went."""

    initiative_id: str
    metric_id: str | None = None
    #: The ended discovery session holding the survey's remarks.
    session_id: str | None = None
    #: The reading it gave; None when it gave the metric's baseline instead.
    reading_id: str | None = None
    file_name: Title
    value_column: Line
    #: As given: mean, top2 (with its scale) or share=VALUE.
    aggregate: Line
    respondents: int = Field(ge=0)
    comments: int = Field(default=0, ge=0)
    imported_at: datetime = Field(default_factory=utcnow)
