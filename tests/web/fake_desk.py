"""A test double of ``DeviceDesk``: a live session in memory, with the protocol's rules.

It stands in for the real desk (built on ``LiveSession``) until the two are joined; it
keeps what the protocol promises — participants, one open vote with its method, blind
counts until revealed, one ballot each on an anonymous vote, a queue of remarks — and
records every act exactly as it arrived, so tests can see that text passed unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opstui.services.device_desk import (
    DeviceParticipant,
    DeviceRefused,
    DeviceView,
    DeviceVote,
)

CHOICES = {
    "fist-of-five": ("0", "1", "2", "3", "4", "5"),
    "consent": ("agree", "abstain", "disagree", "block"),
    "yes-no": ("yes", "no"),
    "dot": (),
}
SENTIMENTS = ("-2", "-1", "0", "1", "2")
KINDS = ("praise", "concern", "suggestion", "question", "observation")


@dataclass
class FakeVote:
    proposal_id: str
    title: str
    method: str
    description: str = ""
    options: tuple[str, ...] = ()
    budget: int = 0
    anonymous: bool = False
    round: int = 1
    revealed: bool = False
    #: person id → value (or None for a dot ballot)
    values: dict[str, str | None] = field(default_factory=dict)
    dots: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.proposal_id}:{self.round}"


@dataclass(frozen=True)
class Remark:
    person_id: str | None
    sentiment: str
    kind: str
    text: str


class FakeDesk:
    """An in-memory desk. ``version`` grows with every change, as the real one's does."""

    def __init__(self, names: list[str], *, title: str = "Validation session") -> None:
        self._participants = [
            DeviceParticipant(id=f"p{index}-{name.lower()}", name=name)
            for index, name in enumerate(names, start=1)
        ]
        self.title = title
        self.item_title = "Walk through the current process"
        self.ended = False
        self.open_vote: FakeVote | None = None
        self.remarks: list[Remark] = []
        self.ballots: list[tuple[str, str, str | None, dict[str, int]]] = []
        self.fail_with: Exception | None = None
        self._version = 0

    # -- the facilitator's side, for tests ------------------------------------

    def touch(self) -> None:
        self._version += 1

    def call_vote(self, vote: FakeVote) -> None:
        self.open_vote = vote
        self.touch()

    def reveal(self) -> None:
        assert self.open_vote is not None
        self.open_vote.revealed = True
        self.touch()

    def person(self, name: str) -> str:
        return next(p.id for p in self._participants if p.name == name)

    # -- DeviceDesk ----------------------------------------------------------

    @property
    def session_id(self) -> str:
        return "session-1"

    def participants(self) -> list[DeviceParticipant]:
        return list(self._participants)

    def view(self, person_id: str | None) -> DeviceView:
        if self.fail_with is not None:
            raise self.fail_with
        waiting = sum(1 for r in self.remarks if person_id and r.person_id == person_id)
        return DeviceView(
            session_title=self.title,
            item_title=self.item_title,
            version=f"v{self._version}",
            ended=self.ended,
            vote=self._vote_view(person_id),
            your_waiting=waiting,
        )

    def _vote_view(self, person_id: str | None) -> DeviceVote | None:
        vote = self.open_vote
        if vote is None:
            return None
        voted = set(vote.values)
        you_voted = person_id in voted
        mine = not vote.anonymous and you_voted and person_id is not None
        return DeviceVote(
            key=vote.key,
            title=vote.title,
            description=vote.description,
            method=vote.method,
            choices=CHOICES[vote.method],
            options=vote.options,
            budget=vote.budget,
            anonymous=vote.anonymous,
            voted=len(voted),
            of=len(self._participants),
            you_voted=you_voted,
            your_value=vote.values.get(person_id) if mine and person_id else None,
            your_dots=dict(vote.dots.get(person_id, {})) if mine and person_id else {},
            can_vote=not vote.revealed and not (vote.anonymous and you_voted),
            result=self._result(vote) if vote.revealed else (),
        )

    def _result(self, vote: FakeVote) -> tuple[str, ...]:
        if vote.method == "dot":
            totals = dict.fromkeys(vote.options, 0)
            for ballot in vote.dots.values():
                for option, count in ballot.items():
                    totals[option] += count
            return tuple(f"{option} — {count} dots" for option, count in totals.items())
        counts = dict.fromkeys(CHOICES[vote.method], 0)
        for value in vote.values.values():
            if value is not None:
                counts[value] += 1
        return tuple(f"{value} — {count} votes" for value, count in counts.items() if count)

    def vote(
        self, person_id: str, vote_key: str, value: str | None, dots: dict[str, int]
    ) -> DeviceView:
        assert person_id in {p.id for p in self._participants}, "the server let a stranger in"
        vote = self.open_vote
        if vote is None or vote.key != vote_key or vote.revealed:
            raise DeviceRefused("That vote is closed.")
        if vote.anonymous and person_id in vote.values:
            raise DeviceRefused("This vote is anonymous: your ballot is in and cannot change.")
        if vote.method == "dot":
            if set(dots) - set(vote.options) or sum(dots.values()) > vote.budget:
                raise DeviceRefused(f"You have {vote.budget} dots to place among the options.")
            vote.dots[person_id] = dict(dots)
            vote.values[person_id] = None
        else:
            if value not in CHOICES[vote.method]:
                raise DeviceRefused("That is not one of this vote's choices.")
            vote.values[person_id] = value
        self.ballots.append((person_id, vote_key, value, dict(dots)))
        self.touch()
        return self.view(person_id)

    def send_remark(
        self, person_id: str | None, sentiment: str, kind: str, text: str
    ) -> DeviceView:
        if person_id is not None:
            assert person_id in {p.id for p in self._participants}, "a stranger's remark"
        if not text.strip():
            raise DeviceRefused("A remark needs some text.")
        if len(text) > 2000:
            raise DeviceRefused("A remark holds at most 2000 characters.")
        if sentiment not in SENTIMENTS or kind not in KINDS:
            raise DeviceRefused("Pick a feeling and a kind from the lists.")
        self.remarks.append(Remark(person_id, sentiment, kind, text))
        self.touch()
        return self.view(person_id)
