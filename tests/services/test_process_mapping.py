"""The session's process map typed one line at a time: checked first, stored whole."""

from __future__ import annotations

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import AffectedGroup, Group, Initiative, Person
from opstui.domain.process_map import MAX_LINE
from opstui.services.process_mapping import MapLineError, ProcessMapping


def lines_in(store: Store) -> list[tuple[str, str | None, str]]:
    rows = store.database.rows(
        "SELECT m.title, m.session_id, l.text FROM process_map_lines l "
        "JOIN process_maps m ON m.id = l.map_id ORDER BY l.position"
    )
    return [(r["title"], r["session_id"], r["text"]) for r in rows]


def mapping(store: Store, **options: object) -> ProcessMapping:
    initiative = store.add_initiative(Initiative(title="Faster interviews"))
    store.add_person(Person(name="Ana", role="PM"))
    store.set_affected_group(AffectedGroup(initiative_id=initiative.id, group=Group.DESIGN))
    return ProcessMapping(store, initiative.id, session_title="Map the flow", **options)  # type: ignore[arg-type]


def test_the_first_line_makes_the_map_and_each_line_is_stored(store: Store) -> None:
    maps = mapping(store)
    view = maps.session_map()
    assert view.id is None and not lines_in(store)
    view = maps.add_line(view, "[start] Brief (PM) -> Review (Design): brief")
    view = maps.add_line(view, "Review (Design) -> Build (Eng)")
    assert lines_in(store) == [
        ("Map the flow", None, "[start] Brief (PM) -> Review (Design): brief"),
        ("Map the flow", None, "Review (Design) -> Build (Eng)"),
    ]
    assert view.process_map is not None and len(view.process_map.steps) == 3
    # Eng is neither a person's role nor an affected group; Build leads nowhere.
    checks = {(f.check.value, f.steps) for f in view.findings}
    assert ("new-people", ("build",)) in checks
    assert ("dead-end", ("build",)) in checks
    assert not any(f.check.value == "new-people" and "review" in f.steps for f in view.findings)
    assert [m.id for m in maps.maps()] == [view.id]


def test_a_bad_line_is_refused_and_nothing_is_written(store: Store) -> None:
    maps = mapping(store)
    view = maps.add_line(maps.session_map(), "A -> B")
    for bad in ("A -> (", "   ", "x" * (MAX_LINE + 1)):
        with pytest.raises(MapLineError):
            maps.add_line(view, bad)
    assert [text for _, _, text in lines_in(store)] == ["A -> B"]


def test_control_characters_never_reach_the_file(store: Store) -> None:
    maps = mapping(store)
    maps.add_line(maps.session_map(), "Ask\x1b -> Build\x9b: x\x07y\nz")
    assert [text for _, _, text in lines_in(store)] == ["Ask -> Build: xy z"]


def test_lines_are_edited_and_deleted_checked_the_same_way(store: Store) -> None:
    maps = mapping(store)
    view = maps.add_line(maps.session_map(), "A -> B")
    view = maps.add_line(view, "B -> C")
    first = view.lines[0].id
    with pytest.raises(MapLineError):
        maps.edit_line(view, first, "A -> (")
    view = maps.edit_line(view, first, "A -> D")
    view = maps.delete_line(view, view.lines[1].id)
    assert [text for _, _, text in lines_in(store)] == ["A -> D"]
    assert view.texts == ["A -> D"]
    assert maps.maps()[0].texts == ["A -> D"]


def test_a_review_reads_the_map_and_changes_nothing(store: Store) -> None:
    maps = mapping(store, editable=False)
    with pytest.raises(MapLineError, match="read here"):
        maps.add_line(maps.session_map(), "A -> B")
    assert not lines_in(store)


def test_a_paste_of_several_lines_is_added_whole_or_not_at_all(store: Store) -> None:
    maps = mapping(store)
    view = maps.session_map()
    with pytest.raises(MapLineError, match="Line 2 of the paste"):
        maps.add_lines(view, ["A -> B", "B -> (", "C -> D"])
    assert not lines_in(store)
    view = maps.add_lines(view, ["A -> B", "", "  ", "B -> C"])
    assert [text for _, _, text in lines_in(store)] == ["A -> B", "B -> C"]
    assert view.texts == ["A -> B", "B -> C"]
