"""A story's ``[[ladder]]``: the prototypes the initiative tried, rung by rung.

Each entry is one prototype (``opstui.domain.prototypes``): its ``stage``, ``title``,
the ``assumption`` it tests, what was ``learned``, its ``status``, and the days it
``started`` and ``ended`` (offsets from the demo's anchor day, as everywhere in the
stories). ``created`` says when it was recorded: the day it started if left out.

The ladders are written after every story and its loop, so every other record keeps the
id it had before ladders existed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.demo.schema import Entry, Offset
from opstui.domain.prototypes import Prototype, Stage, Status

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.demo.anchor import Anchor
    from opstui.domain.initiative import Initiative


class PrototypeEntry(Entry):
    stage: Stage
    title: str
    assumption: str = ""
    learned: str = ""
    status: Status = Status.PLANNED
    started: Offset | None = None
    ended: Offset | None = None
    created: Offset | None = None


def write_prototype(
    store: Store, anchor: Anchor, initiative: Initiative, entry: PrototypeEntry
) -> None:
    """Write one rung's prototype (its record checked by the domain, as the app's are)."""
    created = entry.created if entry.created is not None else entry.started or 0
    store.add_prototype(
        Prototype(
            id=anchor.new_id(),
            initiative_id=initiative.id,
            stage=entry.stage,
            title=entry.title,
            assumption=entry.assumption,
            learned=entry.learned,
            status=entry.status,
            started_on=None if entry.started is None else anchor.day(entry.started),
            ended_on=None if entry.ended is None else anchor.day(entry.ended),
            created_at=anchor.at(created, 16, 30),
        )
    )
