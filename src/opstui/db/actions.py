"""Action items: what someone owes by a date, open until done."""

from __future__ import annotations

from opstui.db.records import Records
from opstui.domain.base import utcnow
from opstui.domain.session import ActionItem


class ActionRecords(Records):
    """Action items of an initiative, and of the session that raised them."""

    def add_action(self, action: ActionItem) -> ActionItem:
        with self.write():
            self._insert(action)
        return action

    def update_action(self, action: ActionItem) -> ActionItem:
        with self.write():
            self._update(action)
        return action

    def set_action_done(self, action_id: str, done: bool = True) -> ActionItem:
        with self.write():
            self.conn.execute(
                "UPDATE action_items SET done = ?, done_at = ? WHERE id = ?",
                (int(done), utcnow().isoformat() if done else None, action_id),
            )
        return self._get(ActionItem, action_id)

    def delete_action(self, action_id: str) -> None:
        with self.write():
            self._delete(ActionItem, action_id)

    def list_actions(self, initiative_id: str, *, open_only: bool = False) -> list[ActionItem]:
        where = "initiative_id = ?" + (" AND done = 0" if open_only else "")
        return self._list(ActionItem, where, (initiative_id,), order="created_at, rowid")

    def list_session_actions(self, session_id: str) -> list[ActionItem]:
        return self._list(ActionItem, "session_id = ?", (session_id,), order="created_at, rowid")
