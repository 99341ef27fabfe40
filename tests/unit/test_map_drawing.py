"""The process map drawn as text: boxes apart, every hand-off drawn, names literal."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from opstui.domain.process_map import HandOff, MapCheck, MapFinding, ProcessMap, Step
from opstui.widgets.map_drawing import (
    draw_map,
    findings_lines,
    wants_ascii,
)
from opstui.widgets.map_layout import fit, lay_out


def step(name: str, role: str = "", *, start: bool = False, end: bool = False) -> Step:
    return Step(name.casefold(), name, role or name, start, end, 1)


def make_map(steps: list[Step], pairs: list[tuple[str, str, str]]) -> ProcessMap:
    keys = {s.name: s.key for s in steps}
    hand_offs = tuple(
        HandOff(keys[a], keys[b], label, i + 1) for i, (a, b, label) in enumerate(pairs)
    )
    return ProcessMap(tuple(steps), hand_offs)


FLOW = make_map(
    [
        step("Write brief", "PM", start=True),
        step("Review", "Design"),
        step("Build", "Eng"),
        step("Test", "QA"),
        step("Ship", "Eng", end=True),
    ],
    [
        ("Write brief", "Review", "brief"),
        ("Review", "Build", "spec"),
        ("Build", "Test", "build"),
        ("Test", "Build", "bugs"),
        ("Test", "Ship", "release"),
        ("Write brief", "Build", ""),
    ],
)


def plain(lines: list[Text]) -> list[str]:
    return [line.plain for line in lines]


def arrow_heads(lines: list[str]) -> int:
    return sum(line.count("▶") + line.count("◀") for line in lines)


def test_a_flow_is_drawn_as_boxes_with_every_hand_off_and_its_label() -> None:
    drawing = draw_map(FLOW, width=200)
    assert drawing.graph
    text = plain(drawing.lines)
    joined = "\n".join(text)
    for name in ("Write brief", "Review", "Build", "Test", "Ship", "(PM)", "(QA)"):
        assert name in joined
    for label in ("brief", "spec", "build", "bugs", "release"):
        assert label in joined
    # One arrow head per hand-off, and one ▶ marking the start inside its box.
    assert arrow_heads(text) == len(FLOW.hand_offs) + 1
    assert "◀" in joined  # the hand-off back from Test to Build points left
    assert "start" in text[0] and " end " in joined and "■" in joined
    assert all(cell_len(line) <= drawing.width for line in text)


def test_the_columns_follow_the_longest_path_and_boxes_never_overlap() -> None:
    layout = lay_out(FLOW)
    columns = [[slot.key for slot in column if slot.key] for column in layout.columns]
    assert columns == [["write brief"], ["review"], ["build"], ["test"], ["ship"]]
    for column in layout.columns:
        spans = sorted((slot.top, slot.top + slot.height) for slot in column)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end < start


def test_a_cycle_without_a_start_is_laid_out_and_drawn() -> None:
    loop = make_map(
        [step("A"), step("B"), step("C")],
        [("A", "B", "x"), ("B", "C", "y"), ("C", "A", "z"), ("A", "A", "again")],
    )
    drawing = draw_map(loop, width=200)
    text = plain(drawing.lines)
    assert drawing.graph
    assert arrow_heads(text) == 3
    assert any("A hands back to itself (again)" in line for line in text)


def test_too_wide_for_one_row_it_is_cut_into_strips_joined_by_letters() -> None:
    drawing = draw_map(FLOW, width=80)
    assert drawing.graph
    text = plain(drawing.lines)
    assert all(cell_len(line) <= 80 for line in text)
    assert arrow_heads(text) == len(FLOW.hand_offs) + 1
    # Two hand-offs cross the cut: each ends its strip with a letter, the next begins with it.
    ends = [line[-1] for line in text if line.endswith(("─a", "─b"))]
    starts = [line[0] for line in text if line[:1] in ("a", "b")]
    assert ends == starts == ["a", "b"]
    assert "" in text  # the strips are apart


def test_too_narrow_for_strips_it_becomes_a_readable_list() -> None:
    drawing = draw_map(FLOW, width=45)
    assert not drawing.graph
    text = plain(drawing.lines)
    assert "▶ Write brief (PM) ──brief──▶ Review (Design)" in text
    assert "Test (QA) ──release──▶ Ship (Eng) ■" in text
    assert all(cell_len(line) <= 45 for line in text)


def test_a_long_list_line_wraps_to_the_room() -> None:
    long = make_map([step("A" * 50), step("B" * 50)], [("A" * 50, "B" * 50, "c" * 30)])
    text = plain(draw_map(long, width=40).lines)
    assert len(text) > 1 and all(cell_len(line) <= 40 for line in text)


def test_ascii_only_draws_with_plain_characters() -> None:
    text = plain(draw_map(FLOW, width=200, ascii=True).lines)
    assert all(ord(char) < 128 for line in text for char in line)
    assert sum(line.count(">") + line.count("<") for line in text) == len(FLOW.hand_offs) + 1
    assert any("Ship []" in line for line in text)


def test_flagged_steps_are_marked_without_colour() -> None:
    finding = MapFinding(MapCheck.DEAD_END, ("review",), "Review leads nowhere.", "Say what next.")
    text = plain(draw_map(FLOW, [finding], width=200).lines)
    assert any("!1" in line and "╔" in line for line in text)
    ascii_text = plain(draw_map(FLOW, [finding], width=200, ascii=True).lines)
    assert any("!1" in line and "#" in line for line in ascii_text)
    listed = plain(draw_map(FLOW, [finding], width=45).lines)
    assert "Review (Design) !1 ──spec──▶ Build (Eng)" in listed
    below = plain(findings_lines(FLOW, [finding]))
    assert below[0] == "!1 Dead end: Review"
    assert "Review leads nowhere." in below[1] and "Say what next." in below[2]


HOSTILE = ["[bold red]x[/]", "\x1b[2Jwipe", "会议记录", "🚀 launch", "e\u0301te", "\x9b31m"]


def test_hostile_names_are_literal_and_boxes_stay_closed() -> None:
    for name in HOSTILE:
        single = make_map([step(name, name)], [])
        drawing = draw_map(single, width=200)
        text = plain(drawing.lines)
        assert drawing.graph
        widths = {cell_len(line) for line in text}
        assert len(widths) == 1, (name, text)  # every side of the box lines up
        assert not any(char in line for line in text for char in "\x1b\x9b")
    markup = plain(draw_map(make_map([step(HOSTILE[0])], []), width=200).lines)
    assert any("[bold red]x[/]" in line for line in markup)
    wide = plain(
        draw_map(
            make_map([step("会议记录"), step("🚀 launch")], [("会议记录", "🚀 launch", "文件")]),
            width=200,
        ).lines
    )
    assert any("会议记录" in line and "文件" in line for line in wide)


def test_text_is_cut_by_cells_not_characters() -> None:
    assert fit("会议记录会议记录", 7) == "会议记…"
    assert cell_len(fit("会议记录会议记录", 7)) <= 7
    assert fit("short", 10) == "short"


def test_ascii_is_asked_for_or_follows_the_locale() -> None:
    assert wants_ascii({"OPSTUI_ASCII": "1", "LANG": "en_US.UTF-8"})
    assert not wants_ascii({"LANG": "en_US.UTF-8"})
    assert wants_ascii({"LANG": "C"})
    assert not wants_ascii({})


names = st.sampled_from(["A", "B", "C", "D", "E", "F", "G", "H"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(names, names), max_size=20),
    st.sets(names, min_size=1),
    st.integers(min_value=30, max_value=220),
)
def test_any_map_is_drawn_within_the_room_with_every_hand_off(
    pairs: list[tuple[str, str]], alone: set[str], width: int
) -> None:
    used = sorted(alone | {n for pair in pairs for n in pair})
    the_map = make_map([step(n) for n in used], [(a, b, "") for a, b in pairs])
    drawing = draw_map(the_map, width=width)
    text = plain(drawing.lines)
    assert all(cell_len(line) <= max(width, drawing.width) for line in text)
    assert drawing.width <= width or not drawing.graph
    joined = "\n".join(text)
    assert all(n in joined for n in used)
    loops = sum(1 for a, b in pairs if a == b)
    if drawing.graph:
        assert arrow_heads(text) == len(pairs) - loops
        layout = lay_out(the_map)
        for column in layout.columns:
            spans = sorted((slot.top, slot.top + slot.height) for slot in column)
            for (_, end), (start, _) in itertools.pairwise(spans):
                assert end < start
    else:
        assert arrow_heads(text) == len(pairs)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=5, unique=True),
    st.text(max_size=10),
    st.integers(min_value=30, max_value=200),
    st.booleans(),
)
def test_any_text_in_names_is_drawn_literally_within_the_room(
    names_typed: list[str], label: str, width: int, ascii: bool
) -> None:
    steps = [Step(f"k{i}", name, name, i == 0, False, 1) for i, name in enumerate(names_typed)]
    hand_offs = tuple(HandOff(f"k{i}", f"k{i + 1}", label, 1) for i in range(len(steps) - 1))
    drawing = draw_map(ProcessMap(tuple(steps), hand_offs), width=width, ascii=ascii)
    text = plain(drawing.lines)
    assert all(cell_len(line) <= max(width, 20) for line in text)
    assert not any(0 < ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for line in text for char in line)
