"""The doctor's process-map rules: each fires on what its check finds in a map, stays
quiet on a map without it, and reads the roles of the initiative's people."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from opstui.domain.doctor import diagnose
from opstui.domain.facts import InitiativeFacts
from opstui.domain.findings import Finding, Severity
from opstui.domain.initiative import AffectedGroup, Group, Initiative, Person
from opstui.domain.map_reading import known_roles
from opstui.domain.process_map_records import MapLine, ProcessMapRecord
from opstui.domain.session import Session, SessionKind, SessionState
from opstui.domain.steps import Step

ID = "ini-map"
#: A map every check passes, given the roles of ``make_facts``.
SOUND = ("[start] Brief (PM) -> Design review (Design): brief", "Design review -> Build (Eng)")


def make_facts(*lines: str, title: str = "Today's flow") -> InitiativeFacts:
    initiative = Initiative(id=ID, title="Booking page")
    people = [
        Person(name="Priya", role="PM", group=Group.PRODUCT),
        Person(name="Dan", role="Eng", group=Group.ENGINEERING),
    ]
    start = datetime(2026, 3, 1, 10, tzinfo=UTC)
    held = Session(
        initiative_id=ID,
        playbook_key="process-mapping",
        kind=SessionKind.PROCESS_MAPPING,
        title="Mapping",
        state=SessionState.ENDED,
        started_at=start,
        ended_at=start + timedelta(hours=1),
        facilitator_id=people[0].id,
        participant_ids=[people[1].id],
    )
    facts = InitiativeFacts(
        initiative=initiative,
        groups=[AffectedGroup(initiative_id=ID, group=Group.DESIGN)],
        sessions=[held],
        people={p.id: p for p in people},
        today=date(2026, 6, 1),
    )
    if lines:
        add_map(facts, *lines, title=title)
    return facts


def add_map(facts: InitiativeFacts, *lines: str, title: str) -> None:
    record = ProcessMapRecord(initiative_id=ID, title=title)
    facts.process_maps.append(record)
    facts.map_lines += [
        MapLine(map_id=record.id, position=n, text=text) for n, text in enumerate(lines)
    ]


def fired(facts: InitiativeFacts, rule: str) -> list[Finding]:
    return [f for f in diagnose(facts) if f.rule == rule]


def map_rules(facts: InitiativeFacts) -> list[str]:
    return [f.rule for f in diagnose(facts) if f.rule.startswith("map-")]


def test_the_known_roles_are_the_session_peoples_and_the_groups() -> None:
    facts = make_facts()
    facts.people["stranger"] = Person(id="stranger", name="Zed", role="Legal")
    roles = known_roles(facts)
    assert {"Priya", "PM", "product", "Product", "Dan", "Eng", "design", "Design"} <= set(roles)
    assert "Legal" not in roles and "Zed" not in roles


def test_a_sound_map_or_none_gives_no_map_finding() -> None:
    assert map_rules(make_facts()) == []
    assert map_rules(make_facts(*SOUND, "Build [end]")) == []


def test_a_dead_end_is_a_warning_naming_the_map_step_and_line() -> None:
    [finding] = fired(make_facts(*SOUND), "map-dead-end")
    assert finding.severity is Severity.WARNING
    assert finding.seen == (
        "In the process map “Today's flow”: Build (Eng) on line 2 hands nothing on and is "
        "not marked [end]."
    )
    assert "[end]" in finding.todo and finding.why


def test_a_bottleneck_is_information_with_its_senders() -> None:
    lines = (*SOUND, "Brief -> Sign-off (PM)", "Design review -> Sign-off", "Build -> Sign-off")
    [finding] = fired(make_facts(*lines, "Sign-off [end]"), "map-bottleneck")
    assert finding.severity is Severity.INFO
    assert "Sign-off (PM) on line 3 receives hand-offs from 3 steps" in finding.seen
    assert fired(make_facts(*SOUND, "Build [end]"), "map-bottleneck") == []


def test_redundant_steps_are_named() -> None:
    lines = (*SOUND, "Build -> Eng review (Eng) -> Ship (Eng) [end]")
    [finding] = fired(make_facts(*lines), "map-redundancy")
    assert "Design review (Design) on line 1 and Eng review (Eng) on line 3" in finding.seen
    assert fired(make_facts(*SOUND, "Build -> Ship (Eng) [end]"), "map-redundancy") == []


def test_a_role_nobody_holds_needs_new_people() -> None:
    [finding] = fired(make_facts(*SOUND, "Build -> Contract (Legal) [end]"), "map-new-people")
    assert finding.severity is Severity.WARNING
    assert "is Legal, who does Contract (line 3)" in finding.seen
    assert fired(make_facts(*SOUND, "Build -> Contract (Design) [end]"), "map-new-people") == []


def test_many_findings_of_one_check_are_one_finding_per_map() -> None:
    lines = ["A (PM) -> B (PM)", *(f"X{n} (Eng) -> Y{n} (Eng)" for n in range(5))]
    facts = make_facts(*lines)
    add_map(facts, "Ship (Eng)", title="Wished-for flow")
    dead = fired(facts, "map-dead-end")
    assert len(dead) == 2
    assert dead[0].seen.count("hands nothing on") == 3
    assert dead[0].seen.endswith("And 3 more.")
    assert "“Wished-for flow”: Ship (Eng) on line 1" in dead[1].seen


def test_past_prototyping_the_map_is_a_record_not_a_finding() -> None:
    facts = make_facts(*SOUND, "Build -> Contract (Legal)", "Broken (PM) -> Broken")
    assert map_rules(facts) == ["map-unreadable"]
    facts = make_facts(*SOUND, "Build -> Contract (Legal)")
    facts.initiative = facts.initiative.model_copy(update={"step": Step.PROTOTYPE_AND_EXPAND})
    assert map_rules(facts) == ["map-dead-end", "map-new-people"]
    facts.initiative = facts.initiative.model_copy(update={"step": Step.EVALUATE})
    assert map_rules(facts) == []
    facts.map_lines[0] = facts.map_lines[0].model_copy(update={"text": "A -> A"})
    assert map_rules(facts) == []


def test_an_unreadable_map_is_said_and_not_checked() -> None:
    facts = make_facts("Brief (PM) -> Build (Eng)", "Build (QA)")
    [finding] = fired(facts, "map-unreadable")
    assert "line 2: the step 'Build' has the role 'Eng'" in finding.seen
    assert map_rules(facts) == ["map-unreadable"]
