"""The doctor's rules about the process map: what its four checks found.

The method's paper prototype is checked for bottlenecks, redundancies, new people
needed in the process and dead ends (``opstui.domain.process_map.check_map``). These
rules turn what the checks found in each of the initiative's maps into findings, one
per map and check, so that the doctor, the dashboard and ``opstui doctor`` show them
with the rest; a map whose lines no longer read (two merged files can leave one so) is
a finding too. They are registered with the others in ``doctor.RULES``.

The map is a prototype: its findings are the doctor's until the initiative reaches the
evaluation step. By then the flow has been tried and changed, and the map drawn before
it (kept as a record, and still exported with what its checks found) no longer says how
work runs.
"""

from __future__ import annotations

from collections.abc import Callable

from opstui.domain.evidence import quoted
from opstui.domain.facts import InitiativeFacts
from opstui.domain.findings import Finding, Severity
from opstui.domain.map_reading import ReadMap, read_maps
from opstui.domain.process_map import MapCheck
from opstui.domain.steps import Step

#: At most this many of a check's findings are spelt out in one doctor's finding.
SHOWN = 3

#: Per check: the rule's key, its title, why it matters, and how loudly it is shown.
_RULES: dict[MapCheck, tuple[str, str, str, Severity]] = {
    MapCheck.DEAD_END: (
        "map-dead-end",
        "Dead end in the process map",
        "Work that reaches a step leading nowhere waits there, or is dropped without "
        "anyone noticing; the paper prototype is the cheap place to find it.",
        Severity.WARNING,
    ),
    MapCheck.BOTTLENECK: (
        "map-bottleneck",
        "Bottleneck in the process map",
        "When many hand-offs meet in one step, or one role does much of the work, the "
        "whole flow moves at that step's pace once the new way is in use.",
        Severity.INFO,
    ),
    MapCheck.REDUNDANCY: (
        "map-redundancy",
        "Redundant steps in the process map",
        "Steps doing the same thing cost people's time twice and leave them unsure "
        "whose word counts.",
        Severity.INFO,
    ),
    MapCheck.NEW_PEOPLE: (
        "map-new-people",
        "New people needed in the process",
        "A role nobody in the initiative holds yet is work without an owner: those "
        "people have to be found, asked and brought along before the rollout.",
        Severity.WARNING,
    ),
}


def _where(read: ReadMap) -> str:
    return f"In the process map {quoted(read.record.title)}"


def _check(check: MapCheck) -> Callable[[InitiativeFacts], list[Finding]]:
    key, title, why, severity = _RULES[check]

    def rule(facts: InitiativeFacts) -> list[Finding]:
        found: list[Finding] = []
        if facts.initiative.step > Step.PROTOTYPE_AND_EXPAND:
            return found
        for read in read_maps(facts):
            of_check = [f for f in read.findings if f.check is check]
            if not of_check:
                continue
            said = " ".join(f.evidence for f in of_check[:SHOWN])
            more = len(of_check) - SHOWN
            if more > 0:
                said += f" And {more} more."
            found.append(
                Finding(key, title, f"{_where(read)}: {said}", why, of_check[0].advice, severity)
            )
        return found

    rule.__doc__ = f"What the {check.label} check found in each process map."
    rule.__name__ = f"check_map_{check.name.lower()}"
    return rule


check_map_dead_ends = _check(MapCheck.DEAD_END)
check_map_bottlenecks = _check(MapCheck.BOTTLENECK)
check_map_redundancies = _check(MapCheck.REDUNDANCY)
check_map_new_people = _check(MapCheck.NEW_PEOPLE)


def check_map_unreadable(facts: InitiativeFacts) -> list[Finding]:
    """A map whose lines no longer read (as two merged files can leave it) is not checked."""
    return [
        Finding(
            "map-unreadable",
            "A process map that does not read",
            f"{_where(read)}, {read.error}.",
            "Until its lines read again, the map is not checked for dead ends, "
            "bottlenecks, redundancies or new people.",
            "Open the map in the app and mend or delete that line.",
            Severity.INFO,
        )
        for read in read_maps(facts)
        if read.error is not None and facts.initiative.step <= Step.PROTOTYPE_AND_EXPAND
    ]


#: The rules' keys and one-line descriptions, for ``doctor.RULES``.
MAP_RULES: tuple[tuple[str, str, Callable[[InitiativeFacts], list[Finding]]], ...] = (
    (
        "map-dead-end",
        "A step of a process map leads nowhere and is not an end",
        check_map_dead_ends,
    ),
    (
        "map-bottleneck",
        "A process map step receives from 3+ steps, or one role does half of 4+ steps",
        check_map_bottlenecks,
    ),
    (
        "map-redundancy",
        "Two steps of a process map do the same thing",
        check_map_redundancies,
    ),
    (
        "map-new-people",
        "A process map names a role none of the initiative's people or groups hold",
        check_map_new_people,
    ),
    ("map-unreadable", "A process map whose lines no longer read", check_map_unreadable),
)
