"""The live session as participants' devices reach it: ``LiveDeviceDesk``.

It implements ``opstui.services.device_desk.DeviceDesk`` over the ``LiveSession`` the
live screen owns: every act goes through that same object (so the screen's state stays
what the file holds) and the same rules as the facilitator's keys, and is saved before
the device hears back. After each act the desk calls ``on_change``, so the screen can
show it (the screen posts itself a message from there).

What a device sees of a vote follows ``opstui.domain.vote_visibility``: while a round
is blind, only how many have voted and of how many, never a value or a count per value;
after the reveal, the result in the grid's words (``opstui.domain.vote_result``). On an
anonymous vote a device learns that its ballot was received, never what it held.

A device that joined without a name sees the session and may send anonymous remarks,
but cannot vote: votes count the session's participants, one ballot each.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, replace

from opstui.domain.device_remarks import RemarkRefused
from opstui.domain.vote_result import revealed_result
from opstui.domain.voting import BallotError, Proposal, VoteMethod, check_recast
from opstui.services.device_desk import (
    DeviceParticipant,
    DeviceRefused,
    DeviceView,
    DeviceVote,
)
from opstui.services.live_session import LiveSession, LiveSessionError

__all__ = ["LiveDeviceDesk", "round_key"]


def round_key(vote: Proposal) -> str:
    """The key of a vote's current round: a ballot sent for another round is refused."""
    return f"{vote.id}:{vote.round}"


def _nothing() -> None:
    return None


def _sentence(message: str) -> str:
    """A domain rule's refusal ("at most 3 dots per person") as a sentence."""
    message = message.strip().rstrip(".")
    return f"{message[:1].upper()}{message[1:]}." if message else "That is refused."


class LiveDeviceDesk:
    """A ``DeviceDesk`` over the live screen's own ``LiveSession``."""

    def __init__(self, live: LiveSession, on_change: Callable[[], None] = _nothing) -> None:
        self.live = live
        self.on_change = on_change

    @property
    def session_id(self) -> str:
        return self.live.session_id

    def participants(self) -> list[DeviceParticipant]:
        return [DeviceParticipant(id=p.id, name=p.name) for p in self.live.participants]

    # -- what a device shows -----------------------------------------------------------------

    def view(self, person_id: str | None) -> DeviceView:
        live = self.live
        person_id = self._known(person_id)
        shown = DeviceView(
            session_title=live.session.title,
            item_title=live.current.title,
            version="",
            ended=live.ended,
            vote=None if live.ended else self._vote(person_id),
            your_waiting=0 if person_id is None else live.waiting_from(person_id),
        )
        return replace(shown, version=_version(shown))

    def _known(self, person_id: str | None) -> str | None:
        """``person_id`` if a participant's; anyone else is shown what a nameless device is."""
        if person_id is not None and person_id in self.live.session.participant_ids:
            return person_id
        return None

    def _vote(self, person_id: str | None) -> DeviceVote | None:
        live = self.live
        vote = live.vote
        if vote is None:
            return None
        voted = live.voted
        you_voted = person_id is not None and person_id in voted
        your_value: str | None = None
        your_dots: dict[str, int] = {}
        if you_voted and not vote.anonymous:
            ballot = next(
                (b for b in live.ballots if b.round == vote.round and b.person_id == person_id),
                None,
            )
            if ballot is not None:
                your_value, your_dots = ballot.value, dict(ballot.dots)
        return DeviceVote(
            key=round_key(vote),
            title=vote.title,
            description=vote.description,
            method=vote.method.value,
            choices=vote.method.choices,
            options=tuple(vote.options),
            budget=vote.budget,
            anonymous=vote.anonymous,
            voted=len(voted),
            of=len(live.participants),
            you_voted=you_voted,
            your_value=your_value,
            your_dots=your_dots,
            can_vote=self._refusal(person_id, vote) is None,
            result=revealed_result(vote, live.ballots),
        )

    def _refusal(self, person_id: str | None, vote: Proposal) -> str | None:
        """Why this person may not cast a ballot in the vote's current round now, or None."""
        live = self.live
        if not live.editable:
            return "The session is not taking votes now."
        if person_id is None:
            return "Join with your name to vote: votes count the session's participants."
        if vote.revealed:
            return "This round is revealed: wait for the facilitator to call the next one."
        try:
            check_recast(vote, person_id in live.voted)
        except BallotError:
            return "You have voted: an anonymous vote cannot be changed."
        return None

    # -- what a device does ------------------------------------------------------------------

    def vote(
        self, person_id: str, vote_key: str, value: str | None, dots: dict[str, int]
    ) -> DeviceView:
        live = self.live
        vote = live.vote
        if live.ended:
            raise DeviceRefused("The session has ended: it takes no more votes.")
        if vote is None or round_key(vote) != vote_key:
            raise DeviceRefused("That vote is no longer open: your page now shows what is.")
        known = self._known(person_id)
        refusal = self._refusal(known, vote)
        if refusal is not None:
            raise DeviceRefused(refusal)
        assert known is not None
        if vote.method is not VoteMethod.DOT and value not in vote.method.choices:
            # Said here without echoing what was sent: it may be anything.
            offered = ", ".join(vote.method.choices)
            raise DeviceRefused(f"That is not a choice of this vote: choose one of {offered}.")
        try:
            live.cast(known, value, dict(dots))
        except (BallotError, LiveSessionError) as exc:
            raise DeviceRefused(_sentence(str(exc))) from None
        self.on_change()
        return self.view(known)

    def send_remark(
        self, person_id: str | None, sentiment: str, kind: str, text: str
    ) -> DeviceView:
        live = self.live
        if live.ended:
            raise DeviceRefused("The session has ended: it takes no more remarks.")
        if not live.editable:
            raise DeviceRefused("The session is not taking remarks now.")
        if person_id is not None and self._known(person_id) is None:
            raise DeviceRefused("You are not among this session's participants.")
        try:
            live.receive_remark(person_id, sentiment, kind, text)
        except RemarkRefused as exc:
            raise DeviceRefused(str(exc)) from None
        self.on_change()
        return self.view(person_id)


def _version(view: DeviceView) -> str:
    """A digest of everything the view shows (its version left out): it changes exactly
    when the page would look different."""
    fields = asdict(view)
    fields.pop("version")
    encoded = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=list)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:16]
