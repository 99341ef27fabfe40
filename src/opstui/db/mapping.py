"""How each domain model maps to its table's row, and back.

Plain data and two functions, with no connection: every module of the store uses them
to turn a model into the columns it writes and a row it reads into a model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from opstui.domain.base import Record
from opstui.domain.initiative import AffectedGroup, Initiative, Person, PilotCohort
from opstui.domain.metrics import Metric, Reading
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FillIn,
    ReadinessAssessment,
    Session,
)
from opstui.domain.voting import Ballot, Proposal

M = TypeVar("M", bound=Record)


@dataclass(frozen=True)
class TableSpec:
    """How a model maps to its table: renamed columns, JSON columns, fields kept elsewhere."""

    table: str
    renames: tuple[tuple[str, str], ...] = ()
    json_fields: frozenset[str] = frozenset()
    elsewhere: frozenset[str] = frozenset()


SPECS: dict[type[Record], TableSpec] = {
    Person: TableSpec("people", renames=(("group", "grp"),)),
    Initiative: TableSpec("initiatives"),
    AffectedGroup: TableSpec("affected_groups", renames=(("group", "grp"),)),
    PilotCohort: TableSpec("pilot_cohorts"),
    Session: TableSpec("sessions", elsewhere=frozenset({"participant_ids"})),
    AgendaItem: TableSpec("agenda_items"),
    Feedback: TableSpec("feedback", json_fields=frozenset({"tags"})),
    FillIn: TableSpec("fill_ins", elsewhere=frozenset({"values"})),
    Proposal: TableSpec("proposals", json_fields=frozenset({"options"})),
    Ballot: TableSpec("ballots", json_fields=frozenset({"dots"})),
    Decision: TableSpec("decisions"),
    ActionItem: TableSpec("action_items"),
    Metric: TableSpec("metrics"),
    Reading: TableSpec("readings"),
    ReadinessAssessment: TableSpec("readiness"),
}

#: The kinds of record a user can name by id prefix, and their tables.
ID_KINDS: dict[str, str] = {
    "initiative": "initiatives",
    "session": "sessions",
    "metric": "metrics",
    "person": "people",
    "proposal": "proposals",
    "feedback": "feedback",
    "action": "action_items",
}


def to_row(model: Record) -> dict[str, Any]:
    """The columns of a model's row: JSON-ready values, renamed where SQL needs it."""
    spec = SPECS[type(model)]
    data = model.model_dump(mode="json", exclude=set(spec.elsewhere))
    for field in spec.json_fields:
        data[field] = json.dumps(data[field], ensure_ascii=False, sort_keys=True)
    for field, column in spec.renames:
        data[column] = data.pop(field)
    return data


def from_row(cls: type[M], row: dict[str, Any], **extra: Any) -> M:
    """Build a model back from its row (and the fields kept in other tables)."""
    spec = SPECS[cls]
    data = dict(row)
    data.pop("rowid", None)
    for field, column in spec.renames:
        data[field] = data.pop(column)
    for field in spec.json_fields:
        data[field] = json.loads(data[field])
    data.update(extra)
    return cls.model_validate(data)
