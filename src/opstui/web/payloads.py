"""What goes over the wire: the desk's view as JSON, and acts read from JSON bodies.

A body is checked for shape and size here, before the desk sees it; whether an act is
allowed (the vote still open, a value the method offers...) is the desk's to say. Text
passes through unchanged: the desk, not the server, decides what to keep of it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from opstui.services.device_desk import DeviceParticipant, DeviceView

#: The longest remark a device may send (the desk may refuse shorter ones).
MAX_REMARK_CHARS = 2000
_MAX_SHORT = 200
_MAX_DOT_OPTIONS = 100
_MAX_DOTS = 10_000


class BadPayload(ValueError):
    """A body the page would never send; the text says what was wrong, in one sentence."""


def view_json(view: DeviceView) -> dict[str, Any]:
    """The view as plain JSON (tuples become lists); nothing is added to it."""
    return asdict(view)


def participants_json(
    participants: list[DeviceParticipant], taken: set[str], yours: str | None
) -> list[dict[str, Any]]:
    """The names to pick from, each marked taken when another browser holds it."""
    return [
        {
            "id": person.id,
            "name": person.name,
            "taken": person.id in taken and person.id != yours,
            "yours": person.id == yours,
        }
        for person in participants
    ]


def _text(body: dict[str, Any], name: str, limit: int = _MAX_SHORT) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise BadPayload(f"The request has no {name}.")
    if len(value) > limit:
        raise BadPayload(f"The {name} is longer than {limit} characters.")
    return value


def _body(raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise BadPayload("The request is not a JSON object.")
    return raw


@dataclass(frozen=True)
class JoinAct:
    #: ``None``: join without a name (remarks only).
    person_id: str | None

    @classmethod
    def parse(cls, raw: object) -> JoinAct:
        body = _body(raw)
        person = body.get("person")
        if person is None:
            return cls(person_id=None)
        if not isinstance(person, str) or not person or len(person) > _MAX_SHORT:
            raise BadPayload("The request names nobody to join as.")
        return cls(person_id=person)


@dataclass(frozen=True)
class CodeAct:
    code: str

    @classmethod
    def parse(cls, raw: object) -> CodeAct:
        return cls(code=_text(_body(raw), "code", limit=40))


@dataclass(frozen=True)
class BallotAct:
    vote_key: str
    value: str | None
    dots: dict[str, int]

    @classmethod
    def parse(cls, raw: object) -> BallotAct:
        body = _body(raw)
        key = _text(body, "vote", limit=_MAX_SHORT)
        value = body.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > _MAX_SHORT):
            raise BadPayload("The ballot's value is not one the page offers.")
        dots_raw = body.get("dots", {})
        if not isinstance(dots_raw, dict) or len(dots_raw) > _MAX_DOT_OPTIONS:
            raise BadPayload("The dots are not given per option.")
        dots: dict[str, int] = {}
        for option, count in dots_raw.items():
            # bool is an int in Python; a page never sends one as a count.
            if (
                not isinstance(count, int)
                or isinstance(count, bool)
                or not 0 <= count <= _MAX_DOTS
                or len(option) > _MAX_SHORT
            ):
                raise BadPayload("A dot count is not a whole number of dots.")
            dots[option] = count
        return cls(vote_key=key, value=value, dots=dots)


@dataclass(frozen=True)
class RemarkAct:
    sentiment: str
    kind: str
    text: str

    @classmethod
    def parse(cls, raw: object) -> RemarkAct:
        body = _body(raw)
        return cls(
            sentiment=_text(body, "sentiment", limit=10),
            kind=_text(body, "kind", limit=40),
            text=_text(body, "text", limit=MAX_REMARK_CHARS),
        )
