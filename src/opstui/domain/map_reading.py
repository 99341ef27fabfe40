"""An initiative's process maps as the rules read them, and who its people are to the map.

The doctor's map rules, the checklist's proof that a workflow was drawn and the map's
export all read the stored lines the same way: each map parsed (or the parser's error,
for a map two merged files left unreadable), checked against the roles the initiative
already has.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from opstui.domain.facts import InitiativeFacts
from opstui.domain.process_map import (
    MapFinding,
    MapSyntaxError,
    ProcessMap,
    check_map,
    parse_map,
)
from opstui.domain.process_map_records import ProcessMapRecord


@dataclass(frozen=True)
class ReadMap:
    """One stored map: what its lines make, or why they do not read."""

    record: ProcessMapRecord
    lines: tuple[str, ...]
    process_map: ProcessMap | None
    error: MapSyntaxError | None
    findings: tuple[MapFinding, ...]


def known_roles(facts: InitiativeFacts) -> list[str]:
    """The names, roles and groups of the people who took part in the initiative's
    sessions (or facilitated them), and its affected groups: who the map may name
    without needing new people. Groups count by their name and their label
    ("go-to-market", "Go to market")."""
    ids: dict[str, None] = {}
    for session in facts.sessions:
        for person_id in [session.facilitator_id, *session.participant_ids]:
            if person_id is not None:
                ids[person_id] = None
    roles: list[str] = []
    for person_id in ids:
        person = facts.people.get(person_id)
        if person is not None:
            roles += [person.name, person.role, person.group.value, person.group.label]
    for affected in facts.groups:
        roles += [affected.group.value, affected.group.label]
    return [role for role in dict.fromkeys(roles) if role.strip()]


def read_map(facts: InitiativeFacts, record: ProcessMapRecord) -> ReadMap:
    """One of the initiative's maps, parsed and checked."""
    lines = tuple(line.text for line in facts.lines_of(record))
    process_map, error, findings = _read(lines, tuple(known_roles(facts)))
    return ReadMap(record, lines, process_map, error, findings)


@functools.lru_cache(maxsize=64)
def _read(
    lines: tuple[str, ...], roles: tuple[str, ...]
) -> tuple[ProcessMap | None, MapSyntaxError | None, tuple[MapFinding, ...]]:
    # Each of the doctor's map rules reads the same maps: parsed and checked once.
    try:
        process_map = parse_map(lines)
    except MapSyntaxError as error:
        return None, error, ()
    return process_map, None, tuple(check_map(process_map, roles))


def read_maps(facts: InitiativeFacts) -> list[ReadMap]:
    """Every map of the initiative, oldest first, parsed and checked."""
    return [read_map(facts, record) for record in facts.process_maps]
