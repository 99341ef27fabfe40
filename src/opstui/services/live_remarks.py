"""Remarks sent from participants' devices: queued, then accepted or rejected.

Part of ``LiveSession`` (``opstui.services.live_session``), like ``LiveVotes``: the acts
on the queue of remarks that devices send, over the state the session object loads.
A remark is saved in the queue before the device hears it was received; it becomes the
session's feedback only when the facilitator accepts it (queue and feedback change in
one transaction), and is deleted when they reject it.

Remarks still waiting when the session ends or is cancelled stay in the file, queued:
nothing a participant sent is thrown away unseen. ``remarks_waiting`` says how many, so
that the ending dialog can say so; a session holding some is kept when cancelled
(see ``opstui.db.sessions.holds_captures``).

Free of Textual, like the session object itself.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import TYPE_CHECKING

from opstui.db.errors import NotFound
from opstui.domain.device_remarks import QueuedRemark, device_remark
from opstui.domain.session import Feedback, Session
from opstui.services.live_votes import Captures, LiveSessionError, replaced

if TYPE_CHECKING:
    from opstui.db.store import Store


class LiveRemarks:
    """The acts on the queue of remarks from devices (a base of ``LiveSession``)."""

    store: Store
    session_id: str
    session: Session
    captures: Captures
    #: The remarks from devices waiting for the facilitator, oldest first.
    queued: list[QueuedRemark]

    if TYPE_CHECKING:  # LiveSession's: the agenda item a remark arrives during

        @property
        def current_item_id(self) -> str | None: ...

    def queue(self) -> list[QueuedRemark]:
        """The remarks from devices waiting for the facilitator, oldest first."""
        return list(self.queued)

    @property
    def remarks_waiting(self) -> int:
        """How many remarks from devices wait (at the end: were never accepted)."""
        return len(self.queued)

    def waiting_from(self, person_id: str) -> int:
        """How many of one participant's remarks wait for the facilitator."""
        return sum(1 for r in self.queued if r.person_id == person_id)

    def receive_remark(
        self,
        person_id: str | None,
        sentiment: str,
        kind: str,
        text: str,
        *,
        now: datetime | None = None,
    ) -> QueuedRemark:
        """Queue a remark a device sent (raises ``RemarkRefused`` with a sentence for the
        person sending); saved before it returns. ``None``: sent without a name."""
        remark = device_remark(
            session_id=self.session_id,
            person_id=person_id,
            sentiment=sentiment,
            kind=kind,
            text=text,
            agenda_item_id=self.current_item_id,
            received_at=now,
        )
        saved = self.store.queue_remark(remark)
        self.queued = [*self.queued, saved]
        return saved

    def _waiting(self, remark_id: str) -> QueuedRemark:
        remark = next((r for r in self.queued if r.id == remark_id), None)
        if remark is None:
            raise LiveSessionError("That remark no longer waits: it was accepted or rejected.")
        return remark

    def _gone(self, remark_id: str) -> None:
        self.queued = [r for r in self.queued if r.id != remark_id]

    def accept(self, remark_id: str) -> Feedback:
        """Make a waiting remark the session's feedback, and take it off the queue: one
        transaction, so it is never both or neither."""
        remark = self._waiting(remark_id)
        feedback = remark.as_feedback()
        try:
            saved = self.store.accept_queued_remark(remark_id, feedback)
        except NotFound:
            self._gone(remark_id)
            raise LiveSessionError(
                "That remark no longer waits: it was accepted or rejected elsewhere."
            ) from None
        self._gone(remark_id)
        self.captures.feedback = replaced(self.captures.feedback, saved)
        return saved

    def reject(self, remark_id: str) -> None:
        """Delete a waiting remark: it never reaches the session's feedback."""
        self._waiting(remark_id)
        with contextlib.suppress(NotFound):  # rejected elsewhere meanwhile: gone either way
            self.store.reject_queued_remark(remark_id)
        self._gone(remark_id)
