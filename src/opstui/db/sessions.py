"""Sessions: each with its participants, in order, and its agenda."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from opstui.db.errors import NotFound
from opstui.db.mapping import from_row, to_row
from opstui.db.records import Records
from opstui.db.session_hold import SessionHold
from opstui.domain.session import AgendaItem, Session


class SessionRecords(Records):
    """Sessions, their participants and their agenda items."""

    def add_session(self, session: Session, agenda: Iterable[AgendaItem] = ()) -> Session:
        """Store a session with its participants and agenda, all or nothing."""
        with self.write():
            self._insert(session)
            self._set_participants(session.id, session.participant_ids)
            self._insert_all(list(agenda))
        return session

    def update_session(self, session: Session) -> Session:
        with self.write():
            self._update(session)
            self._set_participants(session.id, session.participant_ids)
        return session

    def _set_participants(self, session_id: str, person_ids: list[str]) -> None:
        self.conn.execute("DELETE FROM session_participants WHERE session_id = ?", (session_id,))
        self.db.table("session_participants").insert_all(
            {"session_id": session_id, "person_id": person_id, "position": position}
            for position, person_id in enumerate(dict.fromkeys(person_ids))
        )

    def delete_session(self, session_id: str) -> None:
        with self.write():
            self._delete(Session, session_id)

    def holds_captures(self, session_id: str) -> bool:
        """Whether anything was captured in the session: a remark, a fill-in, a vote, a
        decision, an action item or an assessment made in it, private notes, or a remark
        sent from a device and still waiting (a participant's words are not deleted
        unseen)."""
        found = self._fetch(
            "SELECT EXISTS (SELECT 1 FROM feedback WHERE session_id = :id)"
            " OR EXISTS (SELECT 1 FROM fill_ins WHERE session_id = :id)"
            " OR EXISTS (SELECT 1 FROM proposals WHERE session_id = :id)"
            " OR EXISTS (SELECT 1 FROM decisions WHERE session_id = :id)"
            " OR EXISTS (SELECT 1 FROM action_items WHERE session_id = :id)"
            " OR EXISTS (SELECT 1 FROM readiness WHERE session_id = :id)"
            " OR EXISTS (SELECT 1 FROM device_remarks WHERE session_id = :id)"
            " OR EXISTS (SELECT 1 FROM sessions"
            "  WHERE id = :id AND trim(notes, char(32, 9, 10, 13)) != '')",
            {"id": session_id},
        )
        return bool(found[0][0])

    def mark_cancelled(self, session: Session) -> Session:
        """Store a session's cancellation: when, and its state and end as cancelling left
        them (see ``opstui.domain.cancelling``)."""
        row = to_row(session)
        with self.write():
            cursor = self.conn.execute(
                "UPDATE sessions SET cancelled_at = ?, state = ?, ended_at = ? WHERE id = ?",
                (row["cancelled_at"], row["state"], row["ended_at"], session.id),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no session with id {session.id}")
        return self.get_session(session.id)

    def rename_session(self, session_id: str, title: str) -> Session:
        """Give a session another title (already checked: ``Session.title``)."""
        with self.write():
            cursor = self.conn.execute(
                "UPDATE sessions SET title = ? WHERE id = ?", (title, session_id)
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no session with id {session_id}")
        return self.get_session(session_id)

    def save_notes(self, session_id: str, notes: str) -> None:
        """The facilitator's notes pad, saved as typed."""
        with self.write():
            self.conn.execute("UPDATE sessions SET notes = ? WHERE id = ?", (notes, session_id))

    def add_participant(self, session_id: str, person_id: str) -> None:
        """Add someone who joined late, after those already taking part."""
        with self.write():
            self.conn.execute(
                "INSERT OR IGNORE INTO session_participants (session_id, person_id, position) "
                "SELECT ?, ?, coalesce(max(position) + 1, 0) FROM session_participants "
                "WHERE session_id = ?",
                (session_id, person_id, session_id),
            )

    def set_presenter_safe(self, session_id: str, on: bool) -> None:
        """Keep whether the session's shared screen hides notes and anonymous voters."""
        with self.write():
            self.conn.execute(
                "UPDATE sessions SET presenter_safe = ? WHERE id = ?", (int(on), session_id)
            )

    def hold_session(self, session_id: str) -> SessionHold | None:
        """Hold a live session for this app, or None when another app holds it (or the
        file is open read-only): see ``opstui.db.session_hold``."""
        if self.read_only:
            return None
        return SessionHold.take(self.path, session_id)

    def set_current_item(self, session_id: str, position: int) -> None:
        """Remember the agenda item under way, so a resumed session starts there."""
        with self.write():
            self.conn.execute(
                "UPDATE sessions SET current_item = ? WHERE id = ?", (position, session_id)
            )

    def end_session(self, session_id: str, ended_at: datetime) -> Session:
        """Mark a live session ended at the given time (its notes and agenda stay as saved)."""
        with self.write():
            self.conn.execute(
                "UPDATE sessions SET state = 'ended', ended_at = ? WHERE id = ?",
                (ended_at.isoformat(), session_id),
            )
        return self.get_session(session_id)

    def _participants(self, session_ids: Sequence[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {sid: [] for sid in session_ids}
        if not session_ids:
            return found
        for chunk_start in range(0, len(session_ids), 500):
            chunk = list(session_ids[chunk_start : chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            for sid, pid in self._fetch(
                f"SELECT session_id, person_id FROM session_participants "
                f"WHERE session_id IN ({marks}) ORDER BY session_id, position",
                chunk,
            ):
                found[sid].append(pid)
        return found

    def _sessions(self, where: str, params: Sequence[Any]) -> list[Session]:
        rows = self._rows(
            f"SELECT * FROM sessions WHERE {where} "
            "ORDER BY coalesce(started_at, planned_at), rowid",
            params,
        )
        people = self._participants([r["id"] for r in rows])
        return [from_row(Session, r, participant_ids=people[r["id"]]) for r in rows]

    def get_session(self, session_id: str) -> Session:
        sessions = self._sessions("id = ?", (session_id,))
        if not sessions:
            raise NotFound(f"no session with id {session_id}")
        return sessions[0]

    def list_sessions(self, initiative_id: str | None = None) -> list[Session]:
        if initiative_id is None:
            return self._sessions("1", ())
        return self._sessions("initiative_id = ?", (initiative_id,))

    def live_sessions(self) -> list[Session]:
        """Sessions left live, by a quit or a crash: offered for resuming."""
        return self._sessions("state = 'live'", ())

    def list_agenda(self, session_id: str) -> list[AgendaItem]:
        return self._list(AgendaItem, "session_id = ?", (session_id,), order="position")

    def update_agenda_item(self, item: AgendaItem) -> AgendaItem:
        with self.write():
            self._update(item)
        return item
