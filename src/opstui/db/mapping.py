"""How each domain model maps to its table's row, and back.

Plain data and two functions, with no connection: every module of the store uses them
to turn a model into the columns it writes and a row it reads into a model. A row the
models refuse (an edited or damaged file) is an ``UnreadableRecord``, a ``StoreError``
like every other problem with the file, never pydantic's own error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from opstui.db.errors import UnreadableRecord
from opstui.domain.base import Record
from opstui.domain.buy_in import CheckIn, CommItem, LearningPath, RemarkLink
from opstui.domain.device_remarks import QueuedRemark
from opstui.domain.initiative import AffectedGroup, Initiative, Person, PilotCohort
from opstui.domain.metric_events import CapabilityCheck, MetricEvent
from opstui.domain.metrics import Metric, Reading
from opstui.domain.process_map_records import MapLine, ProcessMapRecord
from opstui.domain.prototypes import Prototype
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FillIn,
    ReadinessAssessment,
    Session,
)
from opstui.domain.surveys import Survey
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
    MetricEvent: TableSpec("metric_events"),
    CapabilityCheck: TableSpec("capability_checks"),
    ReadinessAssessment: TableSpec("readiness"),
    QueuedRemark: TableSpec("device_remarks"),
    RemarkLink: TableSpec("remark_links"),
    CommItem: TableSpec("comm_items"),
    LearningPath: TableSpec("learning_paths", json_fields=frozenset({"slots"})),
    CheckIn: TableSpec("check_ins", renames=(("group", "grp"),)),
    Prototype: TableSpec("prototypes"),
    ProcessMapRecord: TableSpec("process_maps"),
    MapLine: TableSpec("process_map_lines"),
    Survey: TableSpec("surveys"),
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


#: Columns the file keeps for merging (schema 5), not part of the models that lack them.
MERGE_COLUMNS = ("updated_at", "updated_site", "origin_site")


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
    """Build a model back from its row (and the fields kept in other tables).

    Raises:
        UnreadableRecord: The row holds a value this version cannot take.
    """
    spec = SPECS[cls]
    data = dict(row)
    data.pop("rowid", None)
    for column in MERGE_COLUMNS:
        if column not in cls.model_fields:
            data.pop(column, None)
    for field, column in spec.renames:
        data[field] = data.pop(column)
    name = cls.__name__.lower()
    for field in spec.json_fields:
        try:
            data[field] = json.loads(data[field])
        except (TypeError, ValueError) as exc:
            raise UnreadableRecord(
                f"a {name} in the database could not be read ({field}: not valid JSON)"
            ) from exc
    data.update(extra)
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise UnreadableRecord(_unreadable(name, exc)) from exc


def _unreadable(name: str, exc: ValidationError) -> str:
    """What the models refused in a stored row, in one line: the first field and why."""
    first = exc.errors()[0] if exc.error_count() else None
    where = ".".join(str(part) for part in first["loc"]) if first else ""
    why = first["msg"] if first else "invalid"
    return f"a {name} in the database could not be read ({where}: {why})"
