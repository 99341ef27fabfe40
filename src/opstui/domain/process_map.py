"""A process map: how new infrastructure fits the product development flow.

The method's paper prototype: steps, the roles doing them and the hand-offs between
them, typed live one line per hand-off and checked for bottlenecks, redundancies, new
people needed in the process and dead ends. The lines are the stored data
(``process_map_lines``); this module reads them into a map and checks it.

The line syntax (one line each, blank lines and lines starting with ``#`` ignored)::

    [start] Write brief (PM) -> Review brief (Design): brief
    Review brief (Design) -> Build (Eng) -> Test (QA): build
    Ship (Eng) [end]

- ``A -> B`` is a hand-off from step A to step B; ``A -> B -> C`` chains two; text
  after the last ``:`` names what is handed over (the label of the last hand-off...
  see ``parse_map`` for the exact rule).
- ``Name (Role)`` gives a step its role; a step named without a role takes its name as
  its role (``PM -> Design: brief`` is two steps whose roles are "PM" and "Design").
- ``[start]`` and ``[end]`` mark a step where the process starts or ends.
- A line holding only a step declares it (with its role and marks).
- Steps are the same step when their names are the same after NFKC, casefold and
  collapsing whitespace; the first spelling is kept.

THIS FILE IS THE CONTRACT between the map's parser and checks (written in
``parse_map``/``check_map``) and the screens that draw the map. The names, fields
and signatures below are fixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Step:
    """One step of the process."""

    #: The normalised name that identifies the step (NFKC, casefold, single spaces).
    key: str
    #: The name as first typed.
    name: str
    #: Who does it: the role in parentheses, or the name when none was given.
    role: str
    start: bool
    end: bool
    #: The 1-based line where the step first appears.
    line: int


@dataclass(frozen=True)
class HandOff:
    """Work passing from one step to another."""

    source: str  # Step.key
    target: str  # Step.key
    #: What is handed over ("brief"); may be empty.
    label: str
    line: int


@dataclass(frozen=True)
class ProcessMap:
    """Steps in order of first appearance, and hand-offs in order of their lines."""

    steps: tuple[Step, ...]
    hand_offs: tuple[HandOff, ...]

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)


class MapSyntaxError(ValueError):
    """A line that is not a hand-off, a step or a comment: says which line and why."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


class MapCheck(StrEnum):
    DEAD_END = "dead-end"
    BOTTLENECK = "bottleneck"
    REDUNDANCY = "redundancy"
    NEW_PEOPLE = "new-people"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


@dataclass(frozen=True)
class MapFinding:
    """What a check found, the evidence (steps and lines) and what to do about it."""

    check: MapCheck
    #: The steps concerned (Step.key), in map order.
    steps: tuple[str, ...]
    #: Why, in words, naming the steps, roles and lines ("Review (Design) on line 2 ...").
    evidence: str
    #: What to do about it.
    advice: str


def parse_map(lines: Sequence[str]) -> ProcessMap:
    """Read ``lines`` (in order) into a map, or raise ``MapSyntaxError`` for the first bad line."""
    raise NotImplementedError  # written by the map's parser work


def check_map(process_map: ProcessMap, known_roles: Iterable[str]) -> list[MapFinding]:
    """Every finding of the four checks, in a fixed order.

    ``known_roles`` are the names, roles and affected groups of the initiative's people:
    a role of the map matching none of them (normalised as step keys are) is new people.
    """
    raise NotImplementedError  # written by the map's parser work
