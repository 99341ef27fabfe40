"""A checklist tick's note, the one text stored without a model, keeps no control."""

from __future__ import annotations

from opstui.db.store import Store
from opstui.domain.initiative import Initiative


def test_a_tick_note_is_stored_without_control_characters(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="Interviews"))
    store.tick(initiative.id, "baseline", "see \x1b]52;c;aGk=\x07 the \x9b31m sheet\u202e")
    (note,) = store.conn.execute("SELECT note FROM checklist_ticks").fetchone()
    assert note == "see ]52;c;aGk= the 31m sheet"
