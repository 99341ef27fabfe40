"""The process map's line syntax and its four checks (``opstui.domain.process_map``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opstui.domain.process_map import (
    MAX_LINES,
    MAX_NAME,
    HandOff,
    MapCheck,
    MapSyntaxError,
    ProcessMap,
    check_map,
    parse_map,
    step_key,
)


def parse(text: str) -> ProcessMap:
    return parse_map(text.splitlines())


def error_of(text: str) -> MapSyntaxError:
    with pytest.raises(MapSyntaxError) as caught:
        parse(text)
    return caught.value


# -- the syntax ---------------------------------------------------------------------------


def test_the_docstring_example_reads_as_steps_roles_marks_and_labelled_hand_offs() -> None:
    found = parse(
        "[start] Write brief (PM) -> Review brief (Design): brief\n"
        "Review brief (Design) -> Build (Eng) -> Test (QA): build\n"
        "Ship (Eng) [end]\n"
    )
    assert [(s.name, s.role, s.start, s.end, s.line) for s in found.steps] == [
        ("Write brief", "PM", True, False, 1),
        ("Review brief", "Design", False, False, 1),
        ("Build", "Eng", False, False, 2),
        ("Test", "QA", False, False, 2),
        ("Ship", "Eng", False, True, 3),
    ]
    assert found.hand_offs == (
        HandOff("write brief", "review brief", "brief", 1),
        HandOff("review brief", "build", "", 2),
        HandOff("build", "test", "build", 2),
    )


def test_a_step_without_a_role_takes_its_name_and_a_later_role_is_kept() -> None:
    found = parse("PM -> Design: brief\nDesign (Designers) -> Build")
    assert [(s.name, s.role) for s in found.steps] == [
        ("PM", "PM"),
        ("Design", "Designers"),
        ("Build", "Build"),
    ]
    again = parse("Review (Design) -> Build\nreview -> Ship\n  REVIEW  [end]")
    assert again.step("review").role == "Design"
    assert again.step("review").end
    assert again.step("review").name == "Review"


def test_comments_blank_lines_long_arrows_and_colons_in_labels_and_roles() -> None:
    found = parse("# a comment\n\n   \nA (QA: lead) --> B → C: spec: v2\n")
    assert found.step("a").role == "QA: lead"
    assert [(h.source, h.target, h.label, h.line) for h in found.hand_offs] == [
        ("a", "b", "", 4),
        ("b", "c", "spec: v2", 4),
    ]


def test_names_are_the_same_step_after_nfkc_casefold_and_spaces() -> None:
    found = parse("Ｒeview   Brief -> Ship\nreview brief [END]")
    assert len(found.steps) == 2
    assert found.steps[0].name == "Ｒeview Brief"
    assert found.steps[0].end
    assert step_key("  Straße  X ") == "strasse x"


def test_control_characters_are_dropped_before_reading() -> None:
    found = parse("Re\x1b]52;c;aGk=\x07view\u202e (P\x9bM) -> Ship\x00: br\x1b[2Jief")
    text = repr(found)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "\u202e" not in text
    assert found.steps[0].role == "PM"
    assert found.hand_offs[0].label == "br[2Jief"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("A -> B\n -> C", 2, "needs a step on each side"),
        ("A ->", 1, "needs a step on each side"),
        ("A -> -> B", 1, "needs a step on each side"),
        ("A -> [start]", 1, "has no name"),
        ("A -> B\n\nB -> b", 3, "hands off to itself"),
        ("A (PM) -> B\nA (Design)", 2, "one role"),
        ("A -> B ()", 1, "empty role"),
        ("[begin] A -> B", 1, "unknown mark [begin]"),
        ("[bold red]x[/]", 1, "unknown mark"),
        ("Just a step: with a label", 1, "only a hand-off takes a label"),
        (f"A -> {'b' * (MAX_NAME + 1)}", 1, "longer than"),
        (f"A ({'r' * (MAX_NAME + 1)})", 1, "longer than"),
        (f"A -> B: {'l' * (MAX_NAME + 1)}", 1, "longer than"),
        ("A -> B\n" + "x" * 2000, 2, "line is longer"),
    ],
)
def test_a_bad_line_is_refused_with_its_number_and_why(text: str, line: int, says: str) -> None:
    error = error_of(text)
    assert error.line == line
    assert says in error.message
    assert str(error).startswith(f"line {line}: ")


def test_too_many_lines_are_refused_at_the_first_one_past_the_limit() -> None:
    lines = [f"S{i} -> S{i + 1}" for i in range(MAX_LINES)]
    assert len(parse_map(lines).hand_offs) == MAX_LINES
    with pytest.raises(MapSyntaxError) as caught:
        parse_map([*lines, "# one too many"])
    assert caught.value.line == MAX_LINES + 1


def test_an_empty_map_has_no_steps() -> None:
    assert parse_map([]) == ProcessMap((), ())
    assert parse("# only\n\n") == ProcessMap((), ())


_PIECES = st.sampled_from(
    [
        "->",
        " -> ",
        "-->",
        "→",
        ":",
        "(",
        ")",
        "[start]",
        "[end]",
        "[",
        "]",
        "#",
        " ",
        "A",
        "b",
        "Review",
        "(PM)",
        "\x1b",
        "\x00",
        "\x9b",
        "\u202e",
        "\r",
        "\n",
        "\u2028",
        "Ｒ",
        "ß",
        "İ",
        "\ufeff",
    ]
)
_LINE = st.one_of(st.text(max_size=40), st.lists(_PIECES, max_size=12).map("".join))


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, max_size=12))
def test_any_text_gives_a_map_or_an_error_naming_a_line_of_it(lines: list[str]) -> None:
    try:
        found = parse_map(lines)
    except MapSyntaxError as error:
        assert 1 <= error.line <= len(lines)
        assert error.message
        return
    keys = {s.key for s in found.steps}
    assert len(keys) == len(found.steps)
    for hand_off in found.hand_offs:
        assert {hand_off.source, hand_off.target} <= keys
        assert hand_off.source != hand_off.target
        assert 1 <= hand_off.line <= len(lines)
    for step in found.steps:
        assert step.name.strip() and step.role.strip()
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in step.name + step.role)
    check_map(found, ["PM", "A"])  # the checks read any map the parser gives


# -- the checks ---------------------------------------------------------------------------


def checks(text: str, known: tuple[str, ...] = ()) -> list[MapCheck]:
    found = parse(text)
    roles = known or tuple(s.role for s in found.steps)
    return [f.check for f in check_map(found, roles)]


def test_a_step_leading_nowhere_and_not_an_end_is_a_dead_end() -> None:
    found = parse("[start] Brief (PM) -> Review (Design)\nOrphan (PM)")
    dead = [f for f in check_map(found, ["PM", "Design"]) if f.check is MapCheck.DEAD_END]
    assert [f.steps for f in dead] == [("review",), ("orphan",)]
    assert "Review (Design) on line 1" in dead[0].evidence
    assert "[end]" in dead[0].advice
    assert MapCheck.DEAD_END not in checks("Brief (PM) -> Review (Design)\nReview [end]")


def test_a_step_receiving_from_three_steps_is_a_bottleneck() -> None:
    text = "A -> Review\nB -> Review\nC -> Review\nReview -> Ship [end]"
    found = parse(text)
    neck = check_map(found, ["A", "B", "C", "Review", "Ship"])
    assert [f.check for f in neck] == [MapCheck.BOTTLENECK]
    assert neck[0].steps == ("a", "review", "b", "c")
    assert "Review (Review) on line 1 receives hand-offs from 3 steps" in neck[0].evidence
    assert "C (C) on line 3" in neck[0].evidence
    # the same step twice is one sender
    assert MapCheck.BOTTLENECK not in checks("A -> R\nA -> R\nB -> R\nR [end]")


def test_one_role_on_half_of_four_steps_or_more_is_a_bottleneck() -> None:
    text = "Brief (PM) -> Plan (PM) -> Build (Eng) -> Ship (QA) [end]"
    found = check_map(parse(text), ["PM", "Eng", "QA"])
    assert [f.check for f in found] == [MapCheck.BOTTLENECK]
    assert found[0].evidence == "PM does 2 of the 4 steps: Brief (line 1) and Plan (line 1)."
    # three steps, two of them PM: too small a map to say
    assert checks("Brief (PM) -> Plan (PM) -> Ship (Eng) [end]") == []
    # five steps, two of them PM: under half
    assert checks("Brief (PM) -> Plan (PM) -> Build (Eng) -> Test (QA) -> Ship (Ops) [end]") == []


def test_the_same_work_under_two_roles_is_a_redundancy() -> None:
    text = (
        "Brief (PM) -> Design review (Design) -> Build (Eng)\n"
        "Build -> Eng review (Eng) -> Ship (Ops) [end]"
    )
    found = check_map(parse(text), ["PM", "Design", "Eng", "Ops"])
    assert [f.check for f in found] == [MapCheck.REDUNDANCY]
    assert found[0].steps == ("design review", "eng review")
    assert "Design review (Design) on line 1 and Eng review (Eng) on line 2" in found[0].evidence
    # different work, or the same role twice, is not
    assert checks("Brief (PM) -> Design review (Design) -> Eng build (Eng) -> X [end]") == []


def test_steps_with_the_same_hand_offs_in_and_out_are_a_redundancy() -> None:
    text = "Build -> Legal (Legal) -> Release [end]\nBuild -> Security (Sec) -> Release"
    found = check_map(parse(text), ["Build", "Legal", "Sec", "Release"])
    assert [f.check for f in found] == [MapCheck.REDUNDANCY]
    assert found[0].steps == ("legal", "security")
    assert "take work from Build and hand it to Release" in found[0].evidence
    # a different successor, or no predecessor, is not
    assert checks("Build -> Legal -> Release [end]\nBuild -> Security -> Ship [end]") == []
    assert checks("Legal -> Release [end]\nSecurity -> Release") == []


def test_a_role_nobody_holds_is_new_people() -> None:
    text = "Brief (PM) -> Contract check (Legal) -> Sign (legal) -> Ship (Eng) [end]"
    found = check_map(parse(text), ["pm", " ENG ", "Priya"])
    new = [f for f in found if f.check is MapCheck.NEW_PEOPLE]
    assert len(new) == 1
    assert new[0].steps == ("contract check", "sign")
    assert "is Legal, who does Contract check (line 1) and Sign (line 1)" in new[0].evidence
    assert MapCheck.NEW_PEOPLE not in [
        f.check for f in check_map(parse(text), ["PM", "Legal", "Eng"])
    ]


def test_a_step_with_no_role_is_new_people_unless_its_name_is_known() -> None:
    found = check_map(parse("Write brief -> PM [end]"), ["PM"])
    assert [f.check for f in found] == [MapCheck.NEW_PEOPLE]
    assert "no role given" in found[0].evidence


def test_findings_come_in_a_fixed_order() -> None:
    text = "X review (X) -> R (Y)\nB (X) -> R\nZ review (Z) -> R\nR -> D (Y)"
    assert checks(text, ("Q",)) == [
        MapCheck.DEAD_END,
        MapCheck.BOTTLENECK,
        MapCheck.REDUNDANCY,
        MapCheck.NEW_PEOPLE,
        MapCheck.NEW_PEOPLE,
        MapCheck.NEW_PEOPLE,
    ]
