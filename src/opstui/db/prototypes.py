"""The prototype ladder's records (``opstui.domain.prototypes``)."""

from __future__ import annotations

from opstui.db.records import Records
from opstui.domain.prototypes import Prototype


class PrototypeRecords(Records):
    """An initiative's prototypes: added, edited, deleted, listed."""

    def add_prototype(self, prototype: Prototype) -> Prototype:
        with self.write():
            self._insert(prototype)
        return prototype

    def update_prototype(self, prototype: Prototype) -> Prototype:
        with self.write():
            self._update(prototype)
        return prototype

    def delete_prototype(self, prototype_id: str) -> None:
        with self.write():
            self._delete(Prototype, prototype_id)

    def list_prototypes(self, initiative_id: str) -> list[Prototype]:
        """The initiative's prototypes as recorded; ``domain.prototypes.ladder`` orders them."""
        return self._list(
            Prototype, "initiative_id = ?", (initiative_id,), order="created_at, rowid"
        )
