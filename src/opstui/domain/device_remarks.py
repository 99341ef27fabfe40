"""Remarks sent from participants' own devices: what one may hold, and what it becomes.

A device is outside the facilitator's hands, so what it sends is taken as hostile: the
text goes through the same text type as every remark (control characters dropped,
surrounding white space stripped, never empty) and is held to ``REMARK_LIMIT``
characters; the sentiment and the kind must be ones the page offers. A remark waits in
the session's queue (``QueuedRemark``) until the facilitator accepts it, and only then
becomes the session's feedback (``QueuedRemark.as_feedback``). One sent by a device that
joined without a name is anonymous.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from opstui.domain.base import SEVERAL_LINES, Record, new_id, utcnow
from opstui.domain.session import Feedback, FeedbackKind, Sentiment

#: The longest remark a device may send, in characters once cleaned.
REMARK_LIMIT = 2000

#: A remark's text: controls dropped (``SEVERAL_LINES`` runs before the constraints), then
#: stripped, never empty, at most ``REMARK_LIMIT`` characters.
RemarkText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=REMARK_LIMIT),
    SEVERAL_LINES,
]

#: How a device names a sentiment: the five-point scale centred on zero, as text.
DEVICE_SENTIMENTS: dict[str, Sentiment] = {
    str(int(level) - int(Sentiment.NEUTRAL)): level for level in Sentiment
}


class QueuedRemark(Record):
    """A remark from a device, waiting for the facilitator to accept or reject it."""

    session_id: str
    #: Who sent it, or None for a device that joined without a name.
    person_id: str | None = None
    sentiment: Sentiment = Sentiment.NEUTRAL
    kind: FeedbackKind = FeedbackKind.OBSERVATION
    text: RemarkText
    #: The agenda item under way when it arrived (None when the agenda is not stored).
    agenda_item_id: str | None = None
    received_at: datetime = Field(default_factory=utcnow)

    @property
    def anonymous(self) -> bool:
        return self.person_id is None

    def as_feedback(self) -> Feedback:
        """The remark as the session's feedback once accepted: said when it arrived."""
        return Feedback(
            id=new_id(),
            session_id=self.session_id,
            person_id=self.person_id,
            sentiment=self.sentiment,
            kind=self.kind,
            text=self.text,
            agenda_item_id=self.agenda_item_id,
            created_at=self.received_at,
        )


class RemarkRefused(ValueError):
    """A remark a device may not send; the text is one sentence for the person sending."""


def device_remark(
    *,
    session_id: str,
    person_id: str | None,
    sentiment: str,
    kind: str,
    text: str,
    agenda_item_id: str | None,
    received_at: datetime | None = None,
) -> QueuedRemark:
    """The remark a device sent, checked (raises ``RemarkRefused`` with a sentence)."""
    level = DEVICE_SENTIMENTS.get(sentiment)
    if level is None:
        shown = ", ".join(DEVICE_SENTIMENTS)
        raise RemarkRefused(f"Choose how it felt on the scale offered ({shown}).")
    try:
        kind_ = FeedbackKind(kind)
    except ValueError:
        shown = ", ".join(k.value for k in FeedbackKind)
        raise RemarkRefused(f"Choose what kind of remark it is ({shown}).") from None
    try:
        return QueuedRemark(
            session_id=session_id,
            person_id=person_id,
            sentiment=level,
            kind=kind_,
            text=text,
            agenda_item_id=agenda_item_id,
            received_at=received_at or utcnow(),
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "string_too_short":
            raise RemarkRefused("Write something before sending the remark.") from None
        if error["type"] == "string_too_long":
            raise RemarkRefused(
                f"A remark holds at most {REMARK_LIMIT} characters: shorten it."
            ) from None
        raise RemarkRefused("This remark cannot be sent as it is.") from None
