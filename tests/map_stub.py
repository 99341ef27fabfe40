"""A small stand-in for the map's parser and checks, for the screens' tests only.

The real ``parse_map``/``check_map`` are written in ``opstui.domain.process_map`` by
the map's parser work; until they land they raise ``NotImplementedError``, and the
screens' tests use this instead (``stub_map_domain``). Once they exist the fixture leaves
them alone, so the same tests run against the real thing.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

import pytest

from opstui.domain import process_map as maps
from opstui.domain.process_map import (
    HandOff,
    MapCheck,
    MapFinding,
    MapSyntaxError,
    ProcessMap,
    Step,
)

_STEP = re.compile(
    r"^\s*(\[start\]\s*)?(?P<name>[^()\[\]]+?)\s*(\((?P<role>[^()]*)\))?\s*(\[end\])?\s*$"
)


def key_of(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def parse_map(lines: Sequence[str]) -> ProcessMap:
    steps: dict[str, Step] = {}
    hand_offs: list[HandOff] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        body, label = line, ""
        if "->" in line and ":" in line.rsplit("->", 1)[1]:
            body, _, label = line.rpartition(":")
        parts = [p.strip() for p in body.split("->")]
        keys = []
        for part in parts:
            match = _STEP.match(part)
            if not part or match is None:
                raise MapSyntaxError(number, f"{part!r} is not a step: Name (Role)")
            name = match["name"].strip()
            key = key_of(name)
            start, end = "[start]" in part, "[end]" in part
            old = steps.get(key)
            if old is None:
                steps[key] = Step(key, name, (match["role"] or name).strip(), start, end, number)
            elif start or end:
                steps[key] = Step(
                    key, old.name, old.role, old.start or start, old.end or end, old.line
                )
            keys.append(key)
        for source, target in itertools.pairwise(keys):
            last = target == keys[-1]
            hand_offs.append(HandOff(source, target, label.strip() if last else "", number))
    return ProcessMap(tuple(steps.values()), tuple(hand_offs))


def check_map(process_map: ProcessMap, known_roles: Iterable[str]) -> list[MapFinding]:
    findings = []
    leaving = {h.source for h in process_map.hand_offs}
    for step in process_map.steps:
        if not step.end and step.key not in leaving:
            findings.append(
                MapFinding(
                    MapCheck.DEAD_END,
                    (step.key,),
                    f"{step.name} ({step.role}) on line {step.line} leads nowhere.",
                    "Say what comes next, or mark it [end].",
                )
            )
    known = {key_of(r) for r in known_roles}
    for step in process_map.steps:
        if key_of(step.role) not in known:
            findings.append(
                MapFinding(
                    MapCheck.NEW_PEOPLE,
                    (step.key,),
                    f"{step.role} is not among the initiative's people.",
                    "Talk to them before trying the flow.",
                )
            )
    return findings


def real_domain_missing() -> bool:
    try:
        maps.parse_map(["A -> B"])
    except NotImplementedError:
        return True
    except ValueError:
        return False  # written, and stricter than this line: it is the real one
    return False


@pytest.fixture
def stub_map_domain(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in parser and checks, where the real ones are not written yet."""
    if real_domain_missing():
        monkeypatch.setattr(maps, "parse_map", parse_map)
        monkeypatch.setattr(maps, "check_map", check_map)
