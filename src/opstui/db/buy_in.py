"""What came of remarks, and the plans that keep people on board: links, messages,
ways to learn and check-ins (``opstui.domain.buy_in``)."""

from __future__ import annotations

from datetime import date

from opstui.db.records import Records
from opstui.domain.base import utcnow
from opstui.domain.buy_in import CheckIn, CommItem, CommPurpose, LearningPath, RemarkLink


class BuyInRecords(Records):
    """Links from remarks to what came of them; messages, ways to learn, check-ins."""

    # -- links ---------------------------------------------------------------------------

    def add_link(self, link: RemarkLink) -> RemarkLink:
        with self.write():
            self._insert(link)
        return link

    def delete_link(self, link_id: str) -> None:
        with self.write():
            self._delete(RemarkLink, link_id)

    def list_links(self, initiative_id: str) -> list[RemarkLink]:
        """Every link of the initiative, oldest first: one read for a whole screen."""
        return self._list(
            RemarkLink, "initiative_id = ?", (initiative_id,), order="created_at, rowid"
        )

    def links_of_remark(self, feedback_id: str) -> list[RemarkLink]:
        return self._list(RemarkLink, "feedback_id = ?", (feedback_id,), order="created_at, rowid")

    # -- the communication plan ---------------------------------------------------------

    def add_comm_item(self, item: CommItem) -> CommItem:
        with self.write():
            self._insert(item)
            self._record_results_shared(item)
        return item

    def update_comm_item(self, item: CommItem) -> CommItem:
        """Save a message; marking the results message sent records that results were
        shared, on the day it was sent (the initiative's "results shared on")."""
        with self.write():
            self._update(item)
            self._record_results_shared(item)
        return item

    def _record_results_shared(self, item: CommItem) -> None:
        if item.purpose is CommPurpose.RESULTS and item.sent_on is not None:
            self._share_results(item.initiative_id, item.sent_on)

    def _share_results(self, initiative_id: str, on: date) -> None:
        self.conn.execute(
            "UPDATE initiatives SET results_shared_on = ?, updated_at = ? WHERE id = ? "
            "AND (results_shared_on IS NULL OR results_shared_on < ?)",
            (on.isoformat(), utcnow().isoformat(), initiative_id, on.isoformat()),
        )

    def delete_comm_item(self, item_id: str) -> None:
        with self.write():
            self._delete(CommItem, item_id)

    def list_comm_items(self, initiative_id: str) -> list[CommItem]:
        return self._list(
            CommItem,
            "initiative_id = ?",
            (initiative_id,),
            order="planned_on IS NULL, planned_on, rowid",
        )

    # -- ways to learn -------------------------------------------------------------------

    def add_learning_path(self, path: LearningPath) -> LearningPath:
        with self.write():
            self._insert(path)
        return path

    def update_learning_path(self, path: LearningPath) -> LearningPath:
        with self.write():
            self._update(path)
        return path

    def delete_learning_path(self, path_id: str) -> None:
        with self.write():
            self._delete(LearningPath, path_id)

    def list_learning_paths(self, initiative_id: str) -> list[LearningPath]:
        return self._list(LearningPath, "initiative_id = ?", (initiative_id,), order="rowid")

    # -- check-ins -----------------------------------------------------------------------

    def add_check_in(self, check_in: CheckIn) -> CheckIn:
        with self.write():
            self._insert(check_in)
        return check_in

    def update_check_in(self, check_in: CheckIn) -> CheckIn:
        with self.write():
            self._update(check_in)
        return check_in

    def delete_check_in(self, check_in_id: str) -> None:
        with self.write():
            self._delete(CheckIn, check_in_id)

    def list_check_ins(self, initiative_id: str) -> list[CheckIn]:
        return self._list(CheckIn, "initiative_id = ?", (initiative_id,), order="held_on, rowid")
