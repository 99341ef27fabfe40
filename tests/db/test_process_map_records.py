"""Process maps on a real file: maps and their lines round-trip, lines keep their order
through inserts, and no change that makes a map unreadable is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from opstui.db.errors import NotFound
from opstui.db.store import Store, load_facts
from opstui.domain.doctor import diagnose
from opstui.domain.map_reading import known_roles
from opstui.domain.process_map import MapSyntaxError
from opstui.domain.process_map_records import MapLine, ProcessMapRecord
from opstui.services.merging import merge_files
from tests.db.merge_world import add_initiative, add_person, copy_file, new_file, query


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = new_file(tmp_path / "alice.db", "alice")
    ids = add_initiative(path, "Quick interviews", "Scheduling takes a week")
    with Store.open(path) as store:
        made = store.add_process_map(
            ProcessMapRecord(
                initiative_id=ids["initiative"], session_id=ids["session"], title="Today's flow"
            )
        )
    ids["map"] = made.id
    return path, ids


def texts(store: Store, map_id: str) -> list[str]:
    return [line.text for line in store.map_lines(map_id)]


def test_maps_are_listed_by_initiative_and_by_session(world: tuple[Path, dict[str, str]]) -> None:
    path, ids = world
    with Store.open(path) as store:
        loose = store.add_process_map(
            ProcessMapRecord(initiative_id=ids["initiative"], title="Wished flow")
        )
        assert [m.title for m in store.list_process_maps(ids["initiative"])] == [
            "Today's flow",
            "Wished flow",
        ]
        assert [m.id for m in store.process_maps_of_session(ids["session"])] == [ids["map"]]
        assert store.get_process_map(loose.id) == loose
        store.update_process_map(loose.model_copy(update={"title": "Wished-for flow"}))
        assert store.get_process_map(loose.id).title == "Wished-for flow"


def test_lines_are_added_at_the_end_and_put_between_others(
    world: tuple[Path, dict[str, str]],
) -> None:
    path, ids = world
    with Store.open(path) as store:
        store.add_map_line(ids["map"], "PM -> Design: brief")
        store.add_map_line(ids["map"], "Eng -> QA [end]")
        store.insert_map_line(ids["map"], 1, "Design -> Eng: mock-ups")
        store.insert_map_line(ids["map"], 0, "# how a feature ships today")
        assert texts(store, ids["map"]) == [
            "# how a feature ships today",
            "PM -> Design: brief",
            "Design -> Eng: mock-ups",
            "Eng -> QA [end]",
        ]
        process_map = store.read_process_map(ids["map"])
        assert [s.name for s in process_map.steps] == ["PM", "Design", "Eng", "QA"]
        assert len(process_map.hand_offs) == 3


def test_many_lines_put_in_one_place_keep_their_order(
    world: tuple[Path, dict[str, str]],
) -> None:
    path, ids = world
    with Store.open(path) as store:
        store.add_map_line(ids["map"], "first")
        store.add_map_line(ids["map"], "last")
        for number in range(60):  # halving the gap 60 times crowds the positions
            store.insert_map_line(ids["map"], 1 + number, f"step {number}")
        assert texts(store, ids["map"]) == ["first", *(f"step {n}" for n in range(60)), "last"]


def test_lines_are_edited_and_deleted(world: tuple[Path, dict[str, str]]) -> None:
    path, ids = world
    with Store.open(path) as store:
        line = store.add_map_line(ids["map"], "PM -> Design")
        store.add_map_line(ids["map"], "Design -> Ship [end]")
        edited = store.edit_map_line(line.id, "PM -> Design: brief")
        assert edited.text == "PM -> Design: brief"
        assert store.read_process_map(ids["map"]).hand_offs[0].label == "brief"
        store.delete_map_line(line.id)
        assert texts(store, ids["map"]) == ["Design -> Ship [end]"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Design -> Design", "line 3: the step 'Design' hands off to itself"),
        ("Design (Eng) -> Ship", "line 3: the step 'Design' has the role 'Design'"),
        ("PM ->", "line 3: an arrow"),
    ],
)
def test_a_line_that_makes_the_map_unreadable_is_refused(
    world: tuple[Path, dict[str, str]], text: str, says: str
) -> None:
    path, ids = world
    with Store.open(path) as store:
        store.add_map_line(ids["map"], "PM (PM) -> Design (Design)")
        kept = store.add_map_line(ids["map"], "# comment")
        with pytest.raises(MapSyntaxError, match=says.replace("(", r"\(").replace(")", r"\)")):
            store.add_map_line(ids["map"], text)
        with pytest.raises(MapSyntaxError):
            store.edit_map_line(kept.id, text)
        assert texts(store, ids["map"]) == ["PM (PM) -> Design (Design)", "# comment"]
    assert query(path, "SELECT count(*) FROM process_map_lines") == [(2,)]


def test_a_map_already_unreadable_can_be_mended(world: tuple[Path, dict[str, str]]) -> None:
    path, ids = world
    with Store.open(path) as store:
        first = store.add_map_line(ids["map"], "A (PM) -> B")
    # as two merged files can leave it: the same step with two roles
    with Store.open(path) as store, store.write():
        store._insert(MapLine(map_id=ids["map"], position=5, text="A (Eng)"))
    with Store.open(path) as store:
        with pytest.raises(MapSyntaxError):
            store.read_process_map(ids["map"])
        store.add_map_line(ids["map"], "B -> C")
        store.edit_map_line(first.id, "A (Eng) -> B")
        assert len(store.read_process_map(ids["map"]).hand_offs) == 2


def test_control_characters_are_never_stored_and_huge_lines_refused(
    world: tuple[Path, dict[str, str]],
) -> None:
    path, ids = world
    with Store.open(path) as store:
        store.add_map_line(ids["map"], "PM\x1b]52;c;aGk=\x07 -> Des\x9bign\n")
        with pytest.raises(MapSyntaxError, match="line 2: the line is longer"):
            store.add_map_line(ids["map"], "A -> " + "b" * 5000)
    # what the escape sequences said stays, as text; the control characters do not
    assert query(path, "SELECT text FROM process_map_lines") == [("PM]52;c;aGk= -> Design",)]


def test_a_line_of_a_deleted_map_is_not_written(world: tuple[Path, dict[str, str]]) -> None:
    path, ids = world
    with Store.open(path) as store:
        store.add_map_line(ids["map"], "PM -> Design")
        store.delete_process_map(ids["map"])
        with pytest.raises(NotFound):
            store.add_map_line(ids["map"], "Design -> Eng")
    assert query(path, "SELECT count(*) FROM process_map_lines") == [(0,)]


def test_maps_and_lines_travel_in_a_merge(
    world: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    alice, ids = world
    with Store.open(alice) as store:
        store.add_map_line(ids["map"], "PM -> Design")
    bob = copy_file(alice, tmp_path / "bob.db", "bob")
    with Store.open(bob) as store:
        store.add_map_line(ids["map"], "Design -> Eng [end]")
    merge_files([bob], alice)
    with Store.open(alice) as store:
        assert texts(store, ids["map"]) == ["PM -> Design", "Design -> Eng [end]"]
        assert [line.text for line in store.initiative_map_lines(ids["initiative"])] == [
            "PM -> Design",
            "Design -> Eng [end]",
        ]


def test_the_dashboard_and_the_workspace_read_the_same_map_findings(
    world: tuple[Path, dict[str, str]],
) -> None:
    path, ids = world
    lawyer = add_person(path, "Lee", role="Legal")
    with Store.open(path) as store:
        store.add_map_line(ids["map"], "[start] A -> Review (Legal)")
        store.add_map_line(ids["map"], "B -> Review")
        store.add_map_line(ids["map"], "C -> Review -> Ship [end]")
        dashboard = store.dashboard_facts([ids["initiative"]])[0]
        full = load_facts(store, ids["initiative"])
        found = [f for f in diagnose(full) if f.rule.startswith("map-")]
        assert [f.rule for f in found] == ["map-bottleneck", "map-new-people"]
        assert "is Legal" in found[1].seen
        assert diagnose(dashboard) == diagnose(full)
        assert known_roles(dashboard) == known_roles(full)
        store.add_participant(ids["session"], lawyer)
        found = diagnose(load_facts(store, ids["initiative"]))
        assert "is Legal" not in next(f for f in found if f.rule == "map-new-people").seen
        dashboard = store.dashboard_facts([ids["initiative"]])[0]
        assert diagnose(dashboard) == found
        assert "Legal" in known_roles(dashboard)
