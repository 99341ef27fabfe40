"""Writing a story's ``[[maps]]`` (see ``map_schema``): each map with its lines, dated
from the session it was drawn in, ids drawn from the demo's generator."""

from __future__ import annotations

from datetime import timedelta

from opstui.db.store import Store
from opstui.demo.anchor import Anchor
from opstui.demo.loop_writing import the_one
from opstui.demo.map_schema import MapEntry
from opstui.domain.initiative import Initiative
from opstui.domain.process_map_records import MapLine, ProcessMapRecord


def write_map(store: Store, anchor: Anchor, initiative: Initiative, entry: MapEntry) -> None:
    """One map, drawn in its session: a minute after it started, a line a minute."""
    sessions = [s for s in store.list_sessions(initiative.id) if s.started_at is not None]
    session = the_one(sessions, entry.session, lambda s: s.title, "held session")
    assert session.started_at is not None
    drawn = session.started_at + timedelta(minutes=1)
    record = ProcessMapRecord(
        id=anchor.new_id(),
        initiative_id=initiative.id,
        session_id=session.id,
        title=entry.title,
        created_at=drawn,
    )
    lines = [
        MapLine(
            id=anchor.new_id(),
            map_id=record.id,
            position=float(number),
            text=text,
            created_at=drawn + timedelta(minutes=number),
        )
        for number, text in enumerate(entry.lines, start=1)
    ]
    store.write_process_map(record, lines)
