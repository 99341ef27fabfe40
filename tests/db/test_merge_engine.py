"""The merge engine: each rule taking effect when it should, and only then."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from opstui.db import schema
from opstui.db.errors import StoreError
from opstui.db.merge import Merger, MergeRefused
from opstui.db.store import Store
from opstui.domain.initiative import Group
from opstui.domain.merging import OLDER_EDIT, OWNER_WINS, SourceReport
from opstui.domain.session import Feedback
from opstui.services.merging import merge_files
from tests.db.merge_world import (
    add_initiative,
    add_person,
    copy_file,
    edit_action,
    new_file,
    query,
    rename_initiative,
)

FIXTURES = Path(__file__).parent / "fixtures"


def merge(source: Path, target: Path, *, dry_run: bool = False) -> SourceReport:
    with Store.open(target) as store:
        return Merger(store).merge(source, dry_run=dry_run)


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """Alice's file, owning one initiative, and Bob's, a copy of it with his own site."""
    alice = new_file(tmp_path / "alice.db", "alice")
    ids = add_initiative(alice, "Quick interviews", "Scheduling takes a week")
    bob = copy_file(alice, tmp_path / "bob.db", "bob")
    return alice, bob, ids


def test_capture_union_and_second_merge_changes_nothing(tmp_path: Path) -> None:
    alice = new_file(tmp_path / "alice.db", "alice")
    bob = new_file(tmp_path / "bob.db", "bob")
    add_initiative(alice, "Alice's rollout", "Alice heard this")
    add_initiative(bob, "Bob's rollout", "Bob heard that")
    team = tmp_path / "team.db"
    first = merge(alice, team)
    assert first.counts["initiatives"].added == 1 and first.site_label == "alice"
    merge(bob, team)
    titles = {row[0] for row in query(team, "SELECT title FROM initiatives")}
    assert titles == {"Alice's rollout", "Bob's rollout"}
    again = merge(alice, team)
    assert again.changed == 0 and again.not_taken == []
    assert {r[0] for r in query(team, "SELECT label FROM sites")} == {"alice", "bob"}


def test_owner_wins_on_initiative_title_even_when_edited_earlier(
    shared: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    alice, bob, ids = shared
    rename_initiative(alice, ids["initiative"], "Owner's title")
    rename_initiative(bob, ids["initiative"], "Bob's later title")
    # Bob's edit is the later one, but Alice's file owns the initiative.
    for order in ((alice, bob), (bob, alice)):
        team = tmp_path / f"team-{order[0].stem}.db"
        reports = [merge(source, team) for source in order]
        assert query(team, "SELECT title FROM initiatives") == [("Owner's title",)]
        lost = [n for r in reports for n in r.not_taken if n.table == "initiatives"]
        assert len(lost) == 1 and lost[0].reason == OWNER_WINS
        assert lost[0].differences[0].dropped == "Bob's later title"


def test_owner_rule_does_not_touch_session_level_rows(
    shared: tuple[Path, Path, dict[str, str]],
) -> None:
    alice, bob, ids = shared
    edit_action(alice, ids["action"], "Alice's wording")
    edit_action(bob, ids["action"], "Bob's later wording")
    report = merge(bob, alice)
    # An action is not initiative-level: the later edit wins even over the owner's file.
    assert query(alice, "SELECT text FROM action_items") == [("Bob's later wording",)]
    assert report.counts["action_items"].updated == 1
    (lost,) = report.not_taken
    assert lost.reason == OLDER_EDIT and lost.dropped_from == str(alice)
    assert lost.label == "Bob's later wording"
    # And the older edit arriving later loses.
    edit_action(alice, ids["action"], "Alice again, latest")
    assert merge(bob, alice).not_taken[0].reason == OLDER_EDIT
    assert query(alice, "SELECT text FROM action_items") == [("Alice again, latest",)]


def test_person_matched_by_name_and_group_and_mapped_again(tmp_path: Path) -> None:
    alice = new_file(tmp_path / "alice.db", "alice")
    bob = new_file(tmp_path / "bob.db", "bob")
    kept = add_person(alice, "Dana Ruiz", Group.DESIGN)
    other = add_person(bob, "  dana   RUIZ ", Group.DESIGN)
    add_person(bob, "Dana Ruiz", Group.ENGINEERING)  # another group: someone else
    merge(alice, alice.with_name("team.db"))
    team = alice.with_name("team.db")
    report = merge(bob, team)
    assert [(m.alias_id, m.person_id) for m in report.people_matched] == [(other, kept)]
    assert query(team, "SELECT alias_id, person_id FROM person_aliases") == [(other, kept)]
    assert query(team, "SELECT count(*) FROM people") == [(2,)]
    # Bob's file still names Dana by his id: a later merge maps it through the alias,
    # even once the name no longer matches.
    with Store.open(bob) as store:
        person = store.get_person(other)
        store.update_person(person.model_copy(update={"name": "Dana R."}))
    ids = add_initiative(bob, "Bob's rollout")
    with Store.open(bob) as store:
        action = store.list_actions(ids["initiative"])[0]
        store.update_action(action.model_copy(update={"owner_id": other}))
    report = merge(bob, team)
    assert [m.person_id for m in report.people_matched] == [kept]
    assert query(team, "SELECT owner_id FROM action_items") == [(kept,)]
    assert query(team, "SELECT name FROM people WHERE id = ?", (kept,)) == [("Dana R.",)]


def test_tombstone_deletes_and_cascades(shared: tuple[Path, Path, dict[str, str]]) -> None:
    alice, bob, ids = shared
    with Store.open(bob) as store:
        store.delete_session(ids["session"])
    report = merge(bob, alice)
    assert query(alice, "SELECT count(*) FROM sessions") == [(0,)]
    assert query(alice, "SELECT count(*) FROM feedback") == [(0,)]
    assert report.counts["sessions"].deleted == 1
    assert query(alice, "SELECT count(*) FROM tombstones WHERE tbl = 'sessions'") == [(1,)]


def test_later_edit_of_a_composite_key_row_beats_an_older_tombstone(
    shared: tuple[Path, Path, dict[str, str]],
) -> None:
    alice, bob, ids = shared
    initiative = ids["initiative"]
    for path in (alice, bob):
        with Store.open(path) as store:
            store.tick(initiative, "baseline", "first note")
    merge(alice, bob)
    with Store.open(alice) as store:
        store.untick(initiative, "baseline")  # deleted first ...
    with Store.open(bob) as store:
        store.tick(initiative, "baseline", "edited after")  # ... edited after
    merge(bob, alice)
    assert query(alice, "SELECT note FROM checklist_ticks") == [("edited after",)]
    # Without the later edit, the deletion wins.
    with Store.open(alice) as store:
        store.untick(initiative, "baseline")
    report = merge(bob, alice)
    assert query(alice, "SELECT count(*) FROM checklist_ticks") == [(0,)]
    assert [n.reason for n in report.not_taken] == ["deleted in alice"]


def test_a_tick_redone_after_a_merge_beats_the_deletion_the_team_file_holds(
    shared: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    alice, _bob, ids = shared
    initiative = ids["initiative"]
    team = new_file(tmp_path / "team.db")
    with Store.open(alice) as store:
        store.tick(initiative, "baseline", "from the survey")
        store.untick(initiative, "baseline")
    merge(alice, team)  # the team file now holds the deletion ...
    with Store.open(alice) as store:
        store.tick(initiative, "baseline", "ticked again")  # ... which Alice then undoes
    report = merge(alice, team)
    assert query(team, "SELECT note FROM checklist_ticks") == [("ticked again",)]
    assert report.not_taken == []


def test_orphan_is_skipped_and_reported(shared: tuple[Path, Path, dict[str, str]]) -> None:
    alice, bob, ids = shared
    with Store.open(alice) as store:
        store.delete_session(ids["session"])
    # Alice's file forgets the remark's own deletion (only the session's is left): Bob's
    # copy of the remark then has no session to go in.
    conn = sqlite3.connect(alice)
    conn.execute("DELETE FROM tombstones WHERE tbl = 'feedback'")
    conn.commit()
    conn.close()
    report = merge(bob, alice)
    reasons = {(n.table, n.reason) for n in report.not_taken}
    assert ("feedback", "its session was deleted") in reasons
    assert ("sessions", "deleted in alice") in reasons
    assert query(alice, "SELECT count(*) FROM feedback") == [(0,)]


def test_control_characters_never_reach_the_target(tmp_path: Path) -> None:
    alice = new_file(tmp_path / "alice.db", "alice")
    ids = add_initiative(alice, "Clean", "a remark")
    conn = sqlite3.connect(alice)
    conn.execute(
        "UPDATE feedback SET text = 'copy \x1b]52;c;ZXZpbA==\x07 this \x9b2J', tags = ?",
        ('["ok", "bad\\u001b[31m"]',),
    )
    conn.execute("UPDATE initiatives SET title = 'Two\nlines\x1b[2J'")
    conn.execute("UPDATE action_items SET text = 'bidi \u202eevil'")
    conn.commit()
    conn.close()
    team = tmp_path / "team.db"
    merge(alice, team)
    text, tags = query(team, "SELECT text, tags FROM feedback")[0]
    assert text == "copy ]52;c;ZXZpbA== this 2J"
    assert "\x1b" not in tags and "\\u001b" not in tags
    assert query(team, "SELECT title FROM initiatives") == [("Two lines[2J",)]
    assert query(team, "SELECT text FROM action_items WHERE id = ?", (ids["action"],)) == [
        ("bidi evil",)
    ]
    for (value,) in query(
        team, "SELECT text FROM feedback UNION ALL SELECT title FROM initiatives"
    ):
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value)


def test_dry_run_leaves_the_target_byte_identical(
    shared: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    alice, bob, ids = shared
    edit_action(bob, ids["action"], "Bob's wording")
    add_initiative(bob, "Only Bob's")
    before = alice.read_bytes()
    report = merge(bob, alice, dry_run=True)
    assert report.counts["action_items"].updated == 1
    assert alice.read_bytes() == before
    assert query(alice, "SELECT text FROM action_items") == [("Book the room",)]
    missing = tmp_path / "not-yet.db"
    merge_files([bob], missing, dry_run=True)
    assert not missing.exists()


def test_private_notes_stay_behind_unless_asked(
    shared: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    alice, _bob, ids = shared
    with Store.open(alice) as store:
        session = store.get_session(ids["session"])
        store.update_session(session.model_copy(update={"notes": "Dana seemed tired"}))
    merge_files([alice], tmp_path / "team.db")
    assert query(tmp_path / "team.db", "SELECT notes FROM sessions") == [("",)]
    merge_files([alice], tmp_path / "mine.db", private_notes=True)
    assert query(tmp_path / "mine.db", "SELECT notes FROM sessions") == [("Dana seemed tired",)]


def refused(source: Path, target: Path) -> str:
    before = target.read_bytes() if target.exists() else None
    with pytest.raises(StoreError) as caught:
        merge_files([source], target)
    if before is not None:
        assert target.read_bytes() == before
    return str(caught.value)


def test_hostile_sources_are_refused(tmp_path: Path) -> None:
    team = new_file(tmp_path / "team.db")
    old = tmp_path / "alice.db"
    shutil.copyfile(FIXTURES / "v4.db", old)
    assert (
        f"alice.db is schema 4, this opstui writes schema {schema.CURRENT_VERSION}: "
        "open it once with "
    ) in refused(old, team)
    assert f"`opstui --db {old}`" in refused(old, team)

    trapped = new_file(tmp_path / "trapped.db")
    conn = sqlite3.connect(trapped)
    conn.execute("CREATE TRIGGER evil AFTER INSERT ON feedback BEGIN DELETE FROM initiatives; END")
    conn.commit()
    conn.close()
    assert "did not create" in refused(trapped, team)

    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n" * 100)
    assert "not a SQLite database" in refused(text, team)

    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(fifo, team)
    assert "folder" in refused(tmp_path, team)

    link = tmp_path / "link.db"
    link.symlink_to(team)
    assert "the file being merged into" in refused(team, team)
    assert "the file being merged into" in refused(link, team)

    newer = new_file(tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert "upgrade opstui" in refused(newer, team)


def test_refused_source_stops_the_run_before_anything_is_written(tmp_path: Path) -> None:
    alice = new_file(tmp_path / "alice.db", "alice")
    add_initiative(alice, "Alice's rollout")
    team = new_file(tmp_path / "team.db")
    with pytest.raises(MergeRefused):
        merge_files([alice, tmp_path / "missing.db"], team)
    assert query(team, "SELECT count(*) FROM initiatives") == [(0,)]


def test_read_only_store_refuses(shared: tuple[Path, Path, dict[str, str]]) -> None:
    alice, _bob, _ids = shared
    with Store.open(alice, read_only=True) as store, pytest.raises(StoreError):
        Merger(store)


def test_a_source_is_read_as_a_review_reads_it_leaving_nothing_beside_it(
    shared: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    alice, _bob, _ids = shared
    before = alice.read_bytes()
    assert sorted(p.name for p in tmp_path.glob("alice.db*")) == ["alice.db"]
    merge(alice, new_file(tmp_path / "team.db"))
    assert alice.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("alice.db*")) == ["alice.db"]


def test_a_source_open_in_the_app_is_merged_as_last_committed(
    shared: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    alice, _bob, ids = shared
    team = new_file(tmp_path / "team.db")
    with Store.open(alice) as app:  # Alice's app holds her file, its log beside it
        app.add_feedback(Feedback(session_id=ids["session"], text="Written while merging"))
        merge(alice, team)
    assert query(team, "SELECT count(*) FROM feedback WHERE text = 'Written while merging'") == [
        (1,)
    ]


def test_a_leading_indicator_keeps_the_outcome_it_predicts_unless_that_was_deleted(
    tmp_path: Path,
) -> None:
    from opstui.domain.metrics import Metric, MetricKind

    alice = new_file(tmp_path / "alice.db", "alice")
    ids = add_initiative(alice, "Sales adoption")
    with Store.open(alice) as store:
        # The indicator is written first, so it comes before its outcome in the file.
        lead = store.add_metric(
            Metric(initiative_id=ids["initiative"], name="Demos", kind=MetricKind.LEADING)
        )
        outcome = store.add_metric(Metric(initiative_id=ids["initiative"], name="Deals won"))
        store.update_metric(lead.model_copy(update={"predicts_id": outcome.id}))
    team = tmp_path / "team.db"
    merge(alice, team)
    predicts = "SELECT predicts_id FROM metrics WHERE name = 'Demos'"
    assert query(team, predicts) == [(outcome.id,)]
    # The team file deletes the outcome; merging Alice's file again does not bring back
    # a link to it (the deletion wins over her older row), and nothing dangles.
    with Store.open(team) as store:
        store.delete_metric(outcome.id)
    merge(alice, team)
    assert query(team, predicts) == [(None,)]
    assert query(team, "PRAGMA foreign_key_check") == []
