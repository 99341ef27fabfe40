"""Which initiatives changed since a mark, and the dashboard's summaries kept between visits."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from opstui.db.dashboard_changes import INITIATIVE_OF, change_mark, changes_since
from opstui.db.store import Store, load_facts
from opstui.demo import DEMO_TODAY
from opstui.domain.initiative_summary import summarize_initiative
from opstui.domain.session import Feedback, FeedbackKind
from opstui.services.dashboard_summaries import DashboardSummaries
from opstui.services.merging import merge_files
from tests.demo_cache import build_demo


@pytest.fixture
def demo(store: Store) -> Store:
    build_demo(store)
    return store


def test_every_table_the_summaries_read_is_watched(demo: Store) -> None:
    read: list[str] = []
    demo.conn.set_trace_callback(read.append)
    try:
        demo.dashboard_facts([i.id for i in demo.list_initiatives()], DEMO_TODAY)
    finally:
        demo.conn.set_trace_callback(None)
    tables = {
        name
        for sql in read
        for name in re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", sql, flags=re.IGNORECASE)
    }
    assert tables, read
    assert tables <= set(INITIATIVE_OF), tables - set(INITIATIVE_OF)


def test_nothing_written_nothing_changed(demo: Store) -> None:
    mark = change_mark(demo.database)
    changes = changes_since(demo.database, mark)
    assert changes.initiatives == set()
    assert changes.mark == mark


def test_a_remark_added_then_edited_names_its_initiative_each_time(demo: Store) -> None:
    session = demo.list_sessions()[-1]
    mark = change_mark(demo.database)
    remark = demo.add_feedback(
        Feedback(session_id=session.id, kind=FeedbackKind.CONCERN, text="Too slow")
    )
    added = changes_since(demo.database, mark)
    assert added.initiatives == {session.initiative_id}
    assert changes_since(demo.database, added.mark).initiatives == set()
    demo.update_feedback(remark.model_copy(update={"text": "Far too slow"}))
    edited = changes_since(demo.database, added.mark)
    assert edited.initiatives == {session.initiative_id}
    # Seen once, an edit is not told again (though later edits may share its stamp).
    assert changes_since(demo.database, edited.mark).initiatives == set()


def test_edits_of_two_initiatives_name_both(demo: Store) -> None:
    first, second = demo.list_initiatives()[:2]
    mark = change_mark(demo.database)
    demo.update_initiative(first.model_copy(update={"problem": "Changed"}))
    for action in load_facts(demo, second.id).actions[:1]:
        demo.update_action(action.model_copy(update={"done": not action.done}))
    assert changes_since(demo.database, mark).initiatives == {first.id, second.id}


def test_a_person_edited_changes_the_initiatives_with_a_process_map(demo: Store) -> None:
    person = demo.list_people()[0]
    mapped = {
        m.initiative_id for i in demo.list_initiatives() for m in demo.list_process_maps(i.id)
    }
    assert mapped
    mark = change_mark(demo.database)
    demo.update_person(person.model_copy(update={"role": "Someone else"}))
    assert changes_since(demo.database, mark).initiatives == mapped


def test_a_deletion_asks_for_every_initiative(demo: Store) -> None:
    action = demo.list_actions(demo.list_initiatives()[0].id)[0]
    mark = change_mark(demo.database)
    demo.delete_action(action.id)
    changes = changes_since(demo.database, mark)
    assert changes.initiatives is None
    assert changes_since(demo.database, changes.mark).initiatives == set()


def test_summaries_are_computed_again_only_where_the_file_changed(demo: Store) -> None:
    kept = DashboardSummaries(batch=2)
    initiatives = demo.list_initiatives()
    batches = list(kept.refresh(demo, DEMO_TODAY))
    assert kept.computed == len(initiatives)
    assert [done for _, done in batches] == [False] * (len(batches) - 1) + [True]
    assert list(kept.refresh(demo, DEMO_TODAY)) == [([], True)]
    assert kept.computed == len(initiatives)
    target = initiatives[1]
    demo.update_initiative(target.model_copy(update={"title": "Renamed"}))
    ((fresh, done),) = list(kept.refresh(demo, DEMO_TODAY))
    assert done and [s.title for s in fresh] == ["Renamed"]
    assert kept.computed == len(initiatives) + 1
    for initiative in demo.list_initiatives():
        facts = load_facts(demo, initiative.id, today=DEMO_TODAY)
        assert kept.summaries[initiative.id] == summarize_initiative(facts)
    # Another day: the rules read the date, so every summary is computed again.
    list(kept.refresh(demo, DEMO_TODAY + timedelta(days=1)))
    assert kept.computed == 2 * len(initiatives) + 1


def test_a_cancelled_refresh_leaves_the_rest_for_the_next(demo: Store) -> None:
    kept = DashboardSummaries(batch=1)
    initiatives = demo.list_initiatives()
    cancel: list[bool] = []
    for _ in kept.refresh(demo, DEMO_TODAY, lambda: bool(cancel)):
        cancel.append(True)
    assert kept.computed == 1
    list(kept.refresh(demo, DEMO_TODAY))
    assert kept.computed == len(initiatives)
    assert set(kept.summaries) == {i.id for i in initiatives}


def test_a_merge_of_older_edits_asks_for_every_initiative(tmp_path: Path) -> None:
    """A merged edit keeps the other file's stamp, older than anything the dashboard saw
    here: only the merge's own mark can tell the dashboard."""
    target, source = tmp_path / "team.db", tmp_path / "colleague.db"
    with Store.open(target) as store:
        build_demo(store)
    shutil.copyfile(target, source)
    with Store.open(source) as theirs:
        remark = theirs.list_feedback()[0]
        theirs.update_feedback(remark.model_copy(update={"text": "Said in another file"}))
    # Their edit is older than every edit of the team file.
    with sqlite3.connect(source) as conn:
        conn.execute(
            "UPDATE feedback SET updated_at = '2001-01-01T00:00:00+00:00' WHERE id = ?",
            (remark.id,),
        )
    with Store.open(target) as ours:
        mark = change_mark(ours.database)
        merge_files([source], target)
        changes = changes_since(ours.database, mark)
        assert ours.get_feedback(remark.id).text == "Said in another file"
        assert changes.initiatives is None
        assert changes_since(ours.database, changes.mark).initiatives == set()
