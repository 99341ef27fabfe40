"""What a participant's own device may see and do in a live session: the one boundary
between the participant web server (``opstui.web``) and the session.

The server knows nothing of the store or the session's state: it asks a ``DeviceDesk``
for the view of one participant and hands it their acts. The desk performs each act
through the same rules and the same store as the facilitator's keys (``LiveSession``),
saves it before it returns, and tells the facilitator's screen that something changed.

Everything here is plain data that the server turns into JSON: no model, no id of
anything outside the session, no database path. The texts are as stored (already free
of control characters); the page shows them as text, never as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class DeviceRefused(ValueError):
    """An act the rules refuse (no vote open, a second ballot on an anonymous vote, a
    value the method does not offer, an empty remark...). The text is for the person on
    the device, in one sentence."""


@dataclass(frozen=True)
class DeviceParticipant:
    """Someone a device may join as: one of the session's participants."""

    id: str
    name: str


@dataclass(frozen=True)
class DeviceVote:
    """The vote open now, as a device shows it."""

    #: Changes with each round (a re-vote opens a new round): ``f"{proposal_id}:{round}"``.
    key: str
    title: str
    description: str
    #: ``VoteMethod`` value: "fist-of-five", "consent", "yes-no" or "dot".
    method: str
    #: The values a ballot may hold ("0".."5", "agree"/"abstain"/..., "yes"/"no");
    #: empty for a dot vote, which uses ``options`` and ``budget``.
    choices: tuple[str, ...]
    options: tuple[str, ...]
    budget: int
    anonymous: bool
    #: How many of the session's participants have voted in this round, and of how many.
    voted: int
    of: int
    #: Whether the person asking has voted in this round.
    you_voted: bool
    #: Their own ballot, only on a vote that is not anonymous (a value, or dots per option).
    your_value: str | None = None
    your_dots: dict[str, int] = field(default_factory=dict)
    #: Whether a new ballot from them is accepted now. False when: the vote is anonymous
    #: and they cast already; the round is revealed (wait for the next round); the device
    #: joined without a name (votes count the participants); the session takes no acts.
    can_vote: bool = True
    #: After the reveal: one line per value or option with its count ("4 — 3 votes"),
    #: and the outcome in words ("Passes: 4 of 5 at 3 or more"); empty before.
    result: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeviceView:
    """Everything a device shows now: the page is drawn from this alone."""

    session_title: str
    #: The agenda item under way.
    item_title: str
    #: Changes whenever anything in the view changes (the page polls with it).
    version: str
    ended: bool
    vote: DeviceVote | None
    #: The values a remark may take: sentiments (-2..2 as text) and kinds.
    sentiments: tuple[str, ...] = ("-2", "-1", "0", "1", "2")
    kinds: tuple[str, ...] = ("praise", "concern", "suggestion", "question", "observation")
    #: How many remarks this person sent that wait for the facilitator (always 0 for a
    #: device without a name: nameless devices are not told apart).
    your_waiting: int = 0


class DeviceDesk(Protocol):
    """A live session as participants' devices reach it (see the module's docstring).

    Every method runs on the app's event loop thread, like the facilitator's keys.
    ``person_id`` is always one of ``participants()`` (the server checks it against the
    device's signed cookie); ``None`` means a device that joined without a name.
    """

    @property
    def session_id(self) -> str: ...

    def participants(self) -> list[DeviceParticipant]:
        """Who may join by name: the session's participants, in the session's order."""
        ...

    def view(self, person_id: str | None) -> DeviceView:
        """What this person's device shows now (raises nothing: an ended session is a
        view with ``ended`` set)."""
        ...

    def vote(
        self, person_id: str, vote_key: str, value: str | None, dots: dict[str, int]
    ) -> DeviceView:
        """Cast (or, on a vote that is not anonymous, change) this person's ballot in the
        round ``vote_key`` names; saved before it returns. Raises ``DeviceRefused`` when
        that round is no longer open or the rules refuse the ballot."""
        ...

    def send_remark(
        self, person_id: str | None, sentiment: str, kind: str, text: str
    ) -> DeviceView:
        """Queue a remark for the facilitator to accept (saved before it returns; it
        reaches the session's feedback only when accepted). Raises ``DeviceRefused`` on
        an empty or overlong text or an unknown sentiment or kind."""
        ...
