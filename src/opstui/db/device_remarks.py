"""Remarks sent from participants' devices, queued until the facilitator accepts them.

A remark is saved the moment it arrives; accepting it writes it to the session's
feedback and takes it off the queue in one transaction, so that it is never both
waiting and accepted, nor neither.
"""

from __future__ import annotations

from opstui.db.errors import NotFound
from opstui.db.records import Records
from opstui.domain.device_remarks import QueuedRemark
from opstui.domain.session import Feedback


class DeviceRemarkRecords(Records):
    """The queue of remarks from devices, per session."""

    def queue_remark(self, remark: QueuedRemark) -> QueuedRemark:
        with self.write():
            self._insert(remark)
        return remark

    def get_queued_remark(self, remark_id: str) -> QueuedRemark:
        return self._get(QueuedRemark, remark_id)

    def list_queued_remarks(self, session_id: str) -> list[QueuedRemark]:
        """The session's waiting remarks, in the order they arrived."""
        return self._list(QueuedRemark, "session_id = ?", (session_id,), order="received_at, rowid")

    def count_queued_remarks(self, session_id: str) -> int:
        found = self._fetch(
            "SELECT count(*) FROM device_remarks WHERE session_id = ?", (session_id,)
        )
        return int(found[0][0])

    def _take_queued(self, remark_id: str) -> None:
        cursor = self.conn.execute("DELETE FROM device_remarks WHERE id = ?", (remark_id,))
        if cursor.rowcount == 0:
            raise NotFound(f"the remark {remark_id[:8]} no longer waits (accepted or rejected)")

    def accept_queued_remark(self, remark_id: str, feedback: Feedback) -> Feedback:
        """Take a remark off the queue and store it as ``feedback``: both or neither.

        Raises:
            NotFound: The remark no longer waits (another hand accepted or rejected it).
        """
        with self.write():
            self._take_queued(remark_id)
            self._insert(feedback)
        return feedback

    def reject_queued_remark(self, remark_id: str) -> None:
        """Delete a waiting remark (raises ``NotFound`` when it no longer waits)."""
        with self.write():
            self._take_queued(remark_id)
