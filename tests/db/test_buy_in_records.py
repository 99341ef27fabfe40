"""Schema 6 on a real file: what came of remarks, messages, ways to learn, check-ins.

Each round-trips through the store, the schema refuses what the models would, the
results message marks results shared, and each travels in a merge like the rest.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from opstui.db.errors import StoreError
from opstui.db.store import Store
from opstui.domain.buy_in import (
    CheckIn,
    CommItem,
    CommPurpose,
    CommStatus,
    LearningKind,
    LearningPath,
    LinkTarget,
    RemarkLink,
)
from opstui.domain.initiative import Group, Person
from opstui.domain.session import Decision, Feedback
from opstui.services.merging import merge_files
from tests.db.merge_world import add_initiative, copy_file, new_file, query


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = new_file(tmp_path / "alice.db", "alice")
    ids = add_initiative(path, "Quick interviews", "Scheduling takes a week")
    with Store.open(path) as store:
        ids["remark"] = store.list_feedback(session_id=ids["session"])[0].id
    return path, ids


def test_links_round_trip_and_name_their_target(world: tuple[Path, dict[str, str]]) -> None:
    path, ids = world
    with Store.open(path) as store:
        decision = store.add_decision(
            Decision(initiative_id=ids["initiative"], statement="Use one calendar")
        )
        made = [
            store.add_link(
                RemarkLink(initiative_id=ids["initiative"], feedback_id=ids["remark"], **target)
            )
            for target in (
                {"action_id": ids["action"]},
                {"decision_id": decision.id},
                {"change": "The problem statement names recruiters"},
            )
        ]
        assert store.links_of_remark(ids["remark"]) == made
        assert [link.target for link in store.list_links(ids["initiative"])] == [
            LinkTarget.ACTION,
            LinkTarget.DECISION,
            LinkTarget.CHANGE,
        ]
        # Deleting what a remark led to deletes the link, never the remark.
        store.delete_action(ids["action"])
        assert [link.target for link in store.links_of_remark(ids["remark"])] == [
            LinkTarget.DECISION,
            LinkTarget.CHANGE,
        ]


def test_a_link_has_one_source_and_one_target(world: tuple[Path, dict[str, str]]) -> None:
    _path, ids = world
    with pytest.raises(ValidationError, match="one decision, action, metric or change"):
        RemarkLink(
            initiative_id=ids["initiative"],
            feedback_id=ids["remark"],
            action_id=ids["action"],
            change="and a change",
        )
    with pytest.raises(ValidationError, match="one remark or one answer"):
        RemarkLink(initiative_id=ids["initiative"], action_id=ids["action"])


def test_the_schema_refuses_a_link_the_models_would(world: tuple[Path, dict[str, str]]) -> None:
    path, ids = world
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO remark_links (id, initiative_id, feedback_id, created_at) "
            "VALUES ('x', ?, ?, '2026-01-01')",
            (ids["initiative"], ids["remark"]),
        )
    conn.close()


def test_marking_the_results_message_sent_records_results_shared(
    world: tuple[Path, dict[str, str]],
) -> None:
    path, ids = world
    with Store.open(path) as store:
        update = store.add_comm_item(
            CommItem(initiative_id=ids["initiative"], channel="#eng", planned_on=date(2026, 3, 1))
        )
        store.update_comm_item(update.marked_sent(date(2026, 3, 2)))
        assert store.get_initiative(ids["initiative"]).results_shared_on is None
        results = store.add_comm_item(
            CommItem(
                initiative_id=ids["initiative"],
                channel="All-hands",
                purpose=CommPurpose.RESULTS,
                audience_group=Group.ENGINEERING,
            )
        )
        assert store.get_initiative(ids["initiative"]).results_shared_on is None
        store.update_comm_item(results.marked_sent(date(2026, 4, 9)))
        assert store.get_initiative(ids["initiative"]).results_shared_on == date(2026, 4, 9)
        items = store.list_comm_items(ids["initiative"])
        assert [(i.channel, i.status) for i in items] == [
            ("#eng", CommStatus.SENT),
            ("All-hands", CommStatus.SENT),
        ]


def test_a_sent_message_says_when_and_a_planned_one_does_not() -> None:
    with pytest.raises(ValidationError, match="on which day"):
        CommItem(initiative_id="i", channel="Slack", status=CommStatus.SENT)
    with pytest.raises(ValidationError, match="not been sent"):
        CommItem(initiative_id="i", channel="Slack", sent_on=date(2026, 1, 1))


def test_learning_paths_and_check_ins_round_trip(world: tuple[Path, dict[str, str]]) -> None:
    path, ids = world
    with Store.open(path) as store:
        owner = store.add_person(Person(name="Ben Carter", group=Group.ENGINEERING))
        hours = store.add_learning_path(
            LearningPath(
                initiative_id=ids["initiative"],
                kind=LearningKind.OFFICE_HOURS,
                title="Office hours \x1b[2J",
                slots=["2026-03-03 15:00", "2026-03-10 15:00"],
                owner_id=owner.id,
            )
        )
        assert store.list_learning_paths(ids["initiative"]) == [hours]
        assert hours.title == "Office hours [2J"
        check_in = store.add_check_in(
            CheckIn(
                initiative_id=ids["initiative"],
                person_id=owner.id,
                group=Group.LEADERSHIP,
                held_on=date(2026, 2, 20),
                about="Budget for the pilot",
            )
        )
        store.delete_person(owner.id)
        (kept,) = store.list_check_ins(ids["initiative"])
        assert kept.id == check_in.id and kept.person_id is None
        assert store.list_learning_paths(ids["initiative"])[0].owner_id is None


def test_the_new_records_travel_in_a_merge(
    world: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    alice, ids = world
    bob = copy_file(alice, tmp_path / "bob.db", "bob")
    with Store.open(bob) as store:
        store.add_link(
            RemarkLink(
                initiative_id=ids["initiative"], feedback_id=ids["remark"], action_id=ids["action"]
            )
        )
        store.add_check_in(
            CheckIn(
                initiative_id=ids["initiative"],
                group=Group.GO_TO_MARKET,
                held_on=date(2026, 2, 1),
                about="Sales wants the calendar too",
            )
        )
        store.add_feedback(Feedback(session_id=ids["session"], text="Bob heard this"))
    with Store.open(alice) as store:
        item = store.add_comm_item(CommItem(initiative_id=ids["initiative"], channel="#all"))
    merge_files([bob], alice)
    assert query(alice, "SELECT count(*) FROM remark_links") == [(1,)]
    assert query(alice, "SELECT about FROM check_ins") == [("Sales wants the calendar too",)]
    assert query(alice, "SELECT id FROM comm_items") == [(item.id,)]
    # A deleted message's deletion travels too.
    with Store.open(alice) as store:
        store.delete_comm_item(item.id)
    merge_files([alice], bob)
    assert query(bob, "SELECT count(*) FROM comm_items") == [(0,)]


def test_a_link_to_a_row_that_is_not_there_is_refused(
    world: tuple[Path, dict[str, str]],
) -> None:
    path, ids = world
    with Store.open(path) as store, pytest.raises(StoreError):
        store.add_link(
            RemarkLink(initiative_id=ids["initiative"], feedback_id=ids["remark"], action_id="nope")
        )
    assert query(path, "SELECT count(*) FROM remark_links") == [(0,)]
