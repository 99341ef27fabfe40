"""The shape of a story's ``[measured]``: metrics measured from events or from checks of
people (``opstui.domain.metric_events``), the Keoki Andrus way.

Written after every story and loop, so the records before it keep their ids and times:

- ``[[measured.tree]]``: an ``outcome`` metric (as ``[[metrics]]`` are written) that the
  story's leading indicators ``predicted_by`` (their keys) predict: the metric tree;
- ``[[measured.people]]``: people only this table names (``key``, ``name``, ``role``,
  ``group``), e.g. the sales reps who are checked;
- ``[[measured.events]]``: a metric (its ``metric`` key) measured from events, with its
  rule (``window_days``, ``beyond_weight``, ``period``) and its ``log``: each event's
  ``day``, ``before`` (days before its GA), ``size``, ``cohort`` and ``note``. Any
  readings its story typed in first are replaced by the events';
- ``[[measured.checks]]``: a metric measured from checks of people, its ``period``, and
  its ``rounds``: on a ``day``, the people who ``can`` and those who ``cannot``.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from opstui.demo.schema import Entry, MetricEntry, Offset
from opstui.domain.initiative import Group
from opstui.domain.metrics import Cohort, Period
from opstui.domain.playbook import Key


class PersonToCheck(Entry):
    key: Key
    name: str
    role: str = ""
    group: Group = Group.OTHER


class LoggedEvent(Entry):
    day: Offset
    #: Days before the milestone (GA); None: no milestone, counts fully.
    before: int | None = Field(default=None, ge=0)
    size: float = 1
    cohort: Cohort = Cohort.ALL
    note: str = ""


class EventsEntry(Entry):
    metric: Key
    window_days: int | None = Field(default=None, ge=0)
    beyond_weight: float | None = Field(default=None, ge=0, le=1)
    period: Period = Period.MONTH
    log: list[LoggedEvent] = Field(default_factory=list)


class CheckRound(Entry):
    day: Offset
    can: list[str] = Field(default_factory=list)
    cannot: list[str] = Field(default_factory=list)
    cohort: Cohort = Cohort.ALL

    @model_validator(mode="after")
    def _each_once(self) -> CheckRound:
        both = set(self.can) & set(self.cannot)
        if both:
            raise ValueError(f"{sorted(both)[0]!r} both can and cannot in one round")
        return self


class ChecksEntry(Entry):
    metric: Key
    period: Period = Period.MONTH
    rounds: list[CheckRound] = Field(default_factory=list)


class TreeEntry(Entry):
    outcome: MetricEntry
    predicted_by: list[Key] = Field(min_length=1)


class MeasuredEntry(Entry):
    tree: list[TreeEntry] = Field(default_factory=list)
    people: list[PersonToCheck] = Field(default_factory=list)
    events: list[EventsEntry] = Field(default_factory=list)
    checks: list[ChecksEntry] = Field(default_factory=list)
