"""The prototype ladder on a real file: round trips, the schema's refusals, the facts the
doctor reads (the workspace's and the dashboard's alike), and a merge."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from opstui.db.errors import NotFound
from opstui.db.store import Store, load_facts
from opstui.domain.prototypes import Prototype, Stage, Status
from opstui.services.merging import merge_files
from tests.db.merge_world import add_initiative, copy_file, new_file, query


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, str]:
    path = new_file(tmp_path / "alice.db", "alice")
    return path, add_initiative(path, "Quick interviews")["initiative"]


def test_prototypes_round_trip_edit_and_delete(world: tuple[Path, str]) -> None:
    path, initiative_id = world
    with Store.open(path) as store:
        diagram = store.add_prototype(
            Prototype(
                initiative_id=initiative_id,
                stage=Stage.WORKFLOW_DIAGRAM,
                title="Booking flow on paper",
                assumption="Recruiters hand off at one point",
                status=Status.DONE,
                started_on=date(2026, 2, 1),
                ended_on=date(2026, 2, 3),
            )
        )
        manual = store.add_prototype(
            Prototype(initiative_id=initiative_id, stage=Stage.MANUAL_PROCESS, title="By hand")
        )
        assert store.list_prototypes(initiative_id) == [diagram, manual]
        tried = manual.model_copy(
            update={"status": Status.TRYING, "started_on": date(2026, 3, 1), "learned": "Slow"}
        )
        store.update_prototype(tried)
        assert store.list_prototypes(initiative_id) == [diagram, tried]
        store.delete_prototype(diagram.id)
        assert store.list_prototypes(initiative_id) == [tried]
        store.delete_prototype(tried.id)
        with pytest.raises(NotFound):
            store.update_prototype(tried)
        assert store.list_prototypes(initiative_id) == []


@pytest.mark.parametrize(
    ("columns", "values"),
    [
        ("stage, title, status", "'robot', 'x', 'planned'"),
        ("stage, title, status", "'automation', '  ', 'planned'"),
        ("stage, title, status", "'automation', 'x', 'maybe'"),
        (
            "stage, title, status, started_on, ended_on",
            "'automation', 'x', 'done', '2026-03-02', '2026-03-01'",
        ),
    ],
)
def test_the_schema_refuses_what_the_model_would(
    world: tuple[Path, str], columns: str, values: str
) -> None:
    path, initiative_id = world
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            f"INSERT INTO prototypes (id, initiative_id, created_at, {columns}) "
            f"VALUES ('x', ?, '2026-01-01', {values})",
            (initiative_id,),
        )
    conn.close()


def test_the_doctor_reads_the_same_ladder_from_both_reads(world: tuple[Path, str]) -> None:
    path, initiative_id = world
    with Store.open(path) as store:
        other = add_initiative(path, "Another")["initiative"]
        made = [
            store.add_prototype(
                Prototype(initiative_id=initiative_id, stage=stage, title=stage.label)
            )
            for stage in reversed(list(Stage))
        ]
        store.add_prototype(
            Prototype(initiative_id=other, stage=Stage.DOCUMENTATION, title="Elsewhere")
        )
        whole = load_facts(store, initiative_id)
        [outline, other_outline] = store.dashboard_facts([initiative_id, other])
        assert sorted(p.id for p in whole.prototypes) == sorted(p.id for p in made)
        assert sorted(p.id for p in outline.prototypes) == sorted(p.id for p in made)
        assert [p.title for p in other_outline.prototypes] == ["Elsewhere"]


def test_deleting_the_initiative_deletes_its_ladder(world: tuple[Path, str]) -> None:
    path, initiative_id = world
    with Store.open(path) as store:
        store.add_prototype(
            Prototype(initiative_id=initiative_id, stage=Stage.AUTOMATION, title="Bot")
        )
        store.delete_initiative(initiative_id)
    assert query(path, "SELECT count(*) FROM prototypes") == [(0,)]


def test_prototypes_travel_in_a_merge(world: tuple[Path, str], tmp_path: Path) -> None:
    alice, initiative_id = world
    bob = copy_file(alice, tmp_path / "bob.db", "bob")
    with Store.open(bob) as store:
        store.add_prototype(
            Prototype(
                initiative_id=initiative_id,
                stage=Stage.DOCUMENTATION,
                title="One-page booking guide",
            )
        )
    with Store.open(alice) as store:
        mine = store.add_prototype(
            Prototype(initiative_id=initiative_id, stage=Stage.AUTOMATION, title="Calendar bot")
        )
    merge_files([bob], alice)
    assert sorted(query(alice, "SELECT title FROM prototypes")) == [
        ("Calendar bot",),
        ("One-page booking guide",),
    ]
    with Store.open(alice) as store:
        store.delete_prototype(mine.id)
    merge_files([alice], bob)
    assert query(bob, "SELECT title FROM prototypes") == [("One-page booking guide",)]
