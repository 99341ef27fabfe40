"""A process map: how new infrastructure fits the product development flow.

The method's paper prototype: steps, the roles doing them and the hand-offs between
them, typed live one line per hand-off and checked for bottlenecks, redundancies, new
people needed in the process and dead ends. The lines are the stored data
(``process_map_lines``); this module reads them into a map and checks it.

The line syntax (one line each, blank lines and lines starting with ``#`` ignored)::

    [start] Write brief (PM) -> Review brief (Design): brief
    Review brief (Design) -> Build (Eng) -> Test (QA): build
    Ship (Eng) [end]

- ``A -> B`` is a hand-off from step A to step B; ``A -> B -> C`` chains two. An arrow
  may be drawn longer (``-->``) or as ``→``.
- ``: label`` after the line's last step names what is handed over on the line's LAST
  hand-off only (``A -> B -> C: build`` labels B to C; A to B has no label). The label
  is everything after the first ``:`` (outside parentheses) that follows the last
  arrow, so it may hold colons itself, and so may a role or an earlier step's name.
  A line with no arrow takes no label.
- ``Name (Role)`` gives a step its role; a step named without a role takes its name as
  its role (``PM -> Design: brief`` is two steps whose roles are "PM" and "Design").
  A step given a role once keeps it where it is named again without one; giving it a
  different role is an error.
- ``[start]`` and ``[end]`` (any case) mark a step where the process starts or ends,
  written before or after the step (``[start] Brief``, ``Ship (Eng) [end]``); marks
  add up over the lines that name the step.
- A line holding only a step declares it (with its role and marks).
- Steps are the same step when their names are the same after NFKC, casefold and
  collapsing whitespace; the first spelling is kept.

Control characters (and bidi overrides) are dropped from every line before it is read,
so that no name, role or label can carry one to a screen. A line is refused with its
1-based number for: a step with no name, an arrow with no step on one side, a step
handing off to itself, a step given two roles, an empty role ``()``, a bracket left
open (``Review (Design``), a mark other than
``[start]``/``[end]``, a label on a line with no arrow, a name, role or label longer
than ``MAX_NAME`` characters, a line longer than ``MAX_LINE``; a map of more than
``MAX_LINES`` lines is refused at the first line past the limit.

The screens that draw the map (``opstui.widgets.map_drawing``) and the doctor
(``opstui.domain.map_reading``) read what ``parse_map`` and ``check_map`` give.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise

from opstui.domain.text import printable

#: The longest step name, role or label, in characters.
MAX_NAME = 80
#: The longest line, in characters (a chain of several steps with roles and a label).
MAX_LINE = 1000
#: The most lines a map holds (blank lines and comments included).
MAX_LINES = 500


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


# -- reading the lines -----------------------------------------------------------------

_ARROW = re.compile(r"-+>|→")
_LEADING_MARK = re.compile(r"^\[([^\[\]]*)\]")
_TRAILING_MARK = re.compile(r"\[([^\[\]]*)\]$")
_MARKS = ("start", "end")


def step_key(name: str) -> str:
    """What identifies a step (and compares roles): NFKC, casefold, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _clean(text: str) -> str:
    """A line with its control characters (and bidi overrides) dropped, on one line."""
    return printable(text, lines=False, drop=True)


@dataclass(frozen=True)
class _Named:
    """A step as one line names it."""

    name: str
    role: str | None
    start: bool
    end: bool


def _too_long(what: str, text: str, line: int) -> None:
    if len(text) > MAX_NAME:
        raise MapSyntaxError(line, f"{what} is longer than {MAX_NAME} characters")


def _marks(text: str, line: int) -> tuple[str, set[str]]:
    """``text`` without the ``[mark]``s at its ends, and those marks."""
    found: set[str] = set()
    text = text.strip()
    while True:
        match = None
        if text.startswith("["):
            match = _LEADING_MARK.match(text)
        if match is None and text.endswith("]"):
            # Only from the last "[": a search from every "[" would be quadratic.
            match = _TRAILING_MARK.match(text, max(text.rfind("["), 0))
        if match is None:
            return text, found
        mark = step_key(match.group(1))
        if mark not in _MARKS:
            shown = " ".join(match.group(1).split())[:MAX_NAME]
            raise MapSyntaxError(line, f"unknown mark [{shown}]; use [start] or [end]")
        found.add(mark)
        text = (text[: match.start()] + text[match.end() :]).strip()


def _named(segment: str, line: int) -> _Named:
    """One step of a line: ``[mark] Name (Role) [mark]``."""
    text, marks = _marks(segment, line)
    role: str | None = None
    opening = text.rfind("(")
    if text.endswith(")") and opening >= 0 and ")" not in text[opening + 1 : -1]:
        role = " ".join(text[opening + 1 : -1].split())
        if not role:
            raise MapSyntaxError(line, "empty role (); write the role between the brackets")
        _too_long(f"the role {role[:20]!r}…", role, line)
        text, more = _marks(text[:opening], line)
        marks |= more
    elif text.count("(") != text.count(")"):
        # "Review (Design" is a role left open, not a step named with a bracket.
        raise MapSyntaxError(line, "a bracket is not closed; write a role as Name (Role)")
    name = " ".join(text.split())
    if not name:
        raise MapSyntaxError(line, "a step has no name")
    _too_long(f"the step name {name[:20]!r}…", name, line)
    return _Named(name, role, "start" in marks, "end" in marks)


def _label_colon(segment: str) -> int:
    """Where the label starts: the first ``:`` outside parentheses (-1: none)."""
    depth = 0
    for index, char in enumerate(segment):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == ":" and depth == 0:
            return index
    return -1


def _read_line(text: str, line: int) -> tuple[list[_Named], str]:
    """The steps a line names, in order, and the label of its last hand-off."""
    if len(text) > MAX_LINE:
        raise MapSyntaxError(line, f"the line is longer than {MAX_LINE} characters")
    segments = _ARROW.split(text)
    label = ""
    colon = _label_colon(segments[-1])
    if colon >= 0:
        if len(segments) == 1:
            raise MapSyntaxError(
                line, "only a hand-off takes a label after ':' (write A -> B: what is handed over)"
            )
        segments[-1], label = segments[-1][:colon], segments[-1][colon + 1 :]
        label = " ".join(label.split())
        _too_long(f"the label {label[:20]!r}…", label, line)
    if len(segments) > 1 and any(not s.strip() for s in segments):
        raise MapSyntaxError(line, "an arrow (->) needs a step on each side")
    return [_named(segment, line) for segment in segments], label


class _Builder:
    """The steps met so far, by key, and the hand-offs."""

    def __init__(self) -> None:
        self.steps: dict[str, Step] = {}
        #: Steps whose role was given in parentheses (not taken from the name).
        self.roled: set[str] = set()
        self.hand_offs: list[HandOff] = []

    def step(self, named: _Named, line: int) -> str:
        key = step_key(named.name)
        known = self.steps.get(key)
        if known is None:
            self.steps[key] = Step(
                key, named.name, named.role or named.name, named.start, named.end, line
            )
            if named.role is not None:
                self.roled.add(key)
            return key
        role = known.role
        if named.role is not None:
            if key in self.roled and step_key(named.role) != step_key(known.role):
                raise MapSyntaxError(
                    line,
                    f"the step {known.name!r} has the role {known.role!r} (line {known.line}), "
                    f"here {named.role!r}; a step has one role",
                )
            role = named.role if key not in self.roled else role
            self.roled.add(key)
        self.steps[key] = replace(
            known, role=role, start=known.start or named.start, end=known.end or named.end
        )
        return key


def parse_map(lines: Sequence[str]) -> ProcessMap:
    """Read ``lines`` (in order) into a map, or raise ``MapSyntaxError`` for the first bad line.

    See the module's docstring for the syntax; every error names its 1-based line.
    """
    builder = _Builder()
    for number, raw in enumerate(lines, start=1):
        if number > MAX_LINES:
            raise MapSyntaxError(number, f"a map holds at most {MAX_LINES} lines")
        text = _clean(raw).strip()
        if not text or text.startswith("#"):
            continue
        named, label = _read_line(text, number)
        keys = [builder.step(step, number) for step in named]
        for index, (source, target) in enumerate(pairwise(keys)):
            if source == target:
                name = builder.steps[source].name
                raise MapSyntaxError(number, f"the step {name!r} hands off to itself")
            last = index == len(keys) - 2
            builder.hand_offs.append(HandOff(source, target, label if last else "", number))
    return ProcessMap(tuple(builder.steps.values()), tuple(builder.hand_offs))


# -- checking the map -----------------------------------------------------------------

#: A step receiving hand-offs from this many distinct steps is a bottleneck.
BOTTLENECK_SOURCES = 3
#: A role doing at least this share of the steps is a bottleneck...
ROLE_SHARE = 0.5
#: ...in a map of at least this many steps.
ROLE_SHARE_MIN_STEPS = 4


def _who(step: Step) -> str:
    """ "Review (Design) on line 2"."""
    return f"{step.name} ({step.role}) on line {step.line}"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _neighbours(
    process_map: ProcessMap,
) -> tuple[dict[str, dict[str, None]], dict[str, dict[str, None]]]:
    """Per step key, the steps handing to it and the steps it hands to, in order."""
    before: dict[str, dict[str, None]] = {step.key: {} for step in process_map.steps}
    after: dict[str, dict[str, None]] = {step.key: {} for step in process_map.steps}
    for hand_off in process_map.hand_offs:
        before[hand_off.target][hand_off.source] = None
        after[hand_off.source][hand_off.target] = None
    return before, after


def _dead_ends(process_map: ProcessMap) -> list[MapFinding]:
    sources = {h.source for h in process_map.hand_offs}
    return [
        MapFinding(
            MapCheck.DEAD_END,
            (step.key,),
            f"{_who(step)} hands nothing on and is not marked [end].",
            "Say what happens after it: add a hand-off to the next step, or mark it [end] "
            "if the work really stops there. Work that stops without anyone knowing is lost.",
        )
        for step in process_map.steps
        if not step.end and step.key not in sources
    ]


def _bottlenecks(process_map: ProcessMap) -> list[MapFinding]:
    found: list[MapFinding] = []
    before, _ = _neighbours(process_map)
    for step in process_map.steps:
        sources = list(before[step.key])
        if len(sources) >= BOTTLENECK_SOURCES:
            senders = [_who(process_map.step(key)) for key in sources]
            found.append(
                MapFinding(
                    MapCheck.BOTTLENECK,
                    tuple(sorted({step.key, *sources}, key=_order(process_map))),
                    f"{_who(step)} receives hand-offs from {len(sources)} steps: "
                    f"{_listed(senders)}.",
                    "Work from several steps waits in one queue here: share the step among "
                    "more people, split it, or let some of the work go round it.",
                )
            )
    steps = process_map.steps
    if len(steps) < ROLE_SHARE_MIN_STEPS:
        return found
    by_role: dict[str, list[Step]] = {}
    for step in steps:
        by_role.setdefault(step_key(step.role), []).append(step)
    for doing in by_role.values():
        if len(doing) >= 2 and len(doing) >= ROLE_SHARE * len(steps):
            names = [f"{s.name} (line {s.line})" for s in doing]
            found.append(
                MapFinding(
                    MapCheck.BOTTLENECK,
                    tuple(s.key for s in doing),
                    f"{doing[0].role} does {len(doing)} of the {len(steps)} steps: "
                    f"{_listed(names)}.",
                    f"Much of the flow waits on one role ({doing[0].role}): hand some of these "
                    "steps to another role, or make sure that role has the time before the "
                    "rollout.",
                )
            )
    return found


def _activity(step: Step) -> str:
    """What a step does apart from who does it: its name without its role's words."""
    role = set(step_key(step.role).split())
    return " ".join(word for word in step.key.split() if word not in role)


def _redundancies(process_map: ProcessMap) -> list[MapFinding]:
    found: list[MapFinding] = []
    steps = process_map.steps
    by_activity: dict[str, list[Step]] = {}
    for step in steps:
        if step_key(step.role) != step.key and (activity := _activity(step)):
            by_activity.setdefault(activity, []).append(step)
    for alike in by_activity.values():
        if len({step_key(s.role) for s in alike}) > 1:
            found.append(
                MapFinding(
                    MapCheck.REDUNDANCY,
                    tuple(s.key for s in alike),
                    f"{_listed([_who(s) for s in alike])} do the same thing under different roles.",
                    "Two roles doing the same work is time spent twice: agree who does it, or "
                    "say what each one checks that the other does not.",
                )
            )
    around: dict[tuple[frozenset[str], frozenset[str]], list[Step]] = {}
    sources, targets = _neighbours(process_map)
    for step in steps:
        before = frozenset(sources[step.key])
        after = frozenset(targets[step.key])
        if before and after:
            around.setdefault((before, after), []).append(step)
    for (before, after), alike in around.items():
        if len(alike) > 1:
            came = [process_map.step(k).name for k in sorted(before, key=_order(process_map))]
            went = [process_map.step(k).name for k in sorted(after, key=_order(process_map))]
            found.append(
                MapFinding(
                    MapCheck.REDUNDANCY,
                    tuple(s.key for s in alike),
                    f"{_listed([_who(s) for s in alike])} "
                    f"{'both' if len(alike) == 2 else 'all'} take work from {_listed(came)} "
                    f"and hand it to {_listed(went)}.",
                    "Steps with the same place in the flow may be doing the same thing: merge "
                    "them, or say what each adds that the others do not.",
                )
            )
    return found


def _order(process_map: ProcessMap) -> Callable[[str], int]:
    """A sort key putting step keys in map order."""
    return {s.key: i for i, s in enumerate(process_map.steps)}.__getitem__


def _new_people(process_map: ProcessMap, known_roles: Iterable[str]) -> list[MapFinding]:
    known = {step_key(_clean(role)) for role in known_roles}
    by_role: dict[str, list[Step]] = {}
    for step in process_map.steps:
        if (role := step_key(step.role)) not in known:
            by_role.setdefault(role, []).append(step)
    found = []
    for doing in by_role.values():
        role = doing[0].role
        unnamed = ""
        if len(doing) == 1 and doing[0].key == step_key(role):
            unnamed = " (no role given: its name stands for the role)"
        names = [f"{s.name} (line {s.line})" for s in doing]
        found.append(
            MapFinding(
                MapCheck.NEW_PEOPLE,
                tuple(s.key for s in doing),
                f"Nobody among the initiative's people or affected groups is {role}, who does "
                f"{_listed(names)}{unnamed}.",
                f"A new role needs people: find who will be {role}, ask them early and add "
                "them to the initiative's people, or give the work to a role that exists.",
            )
        )
    return found


def check_map(process_map: ProcessMap, known_roles: Iterable[str]) -> list[MapFinding]:
    """Every finding of the four checks, in a fixed order.

    ``known_roles`` are the names, roles and affected groups of the initiative's people:
    a role of the map matching none of them (normalised as step keys are) is new people.

    The order: dead ends, bottlenecks (steps receiving from ``BOTTLENECK_SOURCES`` or
    more steps, then roles doing ``ROLE_SHARE`` or more of ``ROLE_SHARE_MIN_STEPS`` or
    more steps), redundancies (steps doing the same thing under different roles, then
    steps with the same hand-offs in and out), new people; within each, map order.
    """
    return [
        *_dead_ends(process_map),
        *_bottlenecks(process_map),
        *_redundancies(process_map),
        *_new_people(process_map, known_roles),
    ]
