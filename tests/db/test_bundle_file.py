"""The bundle file: exactly one initiative's rows, as they were, whole on its own."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from opstui.db.bundle import BundleExists, BundleRefused, write_bundle
from opstui.db.merge_schema import TABLES_IN_ORDER
from opstui.db.records import Records
from opstui.db.store import Store
from opstui.domain.session import Feedback
from tests.db.bundle_checks import (
    all_rows,
    assert_whole,
    connect,
    meta,
    owned_rows,
    referenced_people,
)

#: The demo's initiative with the most in it (sessions with private notes among them).
CHOSEN = "Make customer interviews quick to schedule"


def initiative_id(path: Path, title: str = CHOSEN) -> str:
    with connect(path) as conn:
        found = conn.execute("SELECT id FROM initiatives WHERE title = ?", (title,)).fetchone()
    conn.close()
    assert found is not None
    return str(found[0])


def bundle(
    source: Path, out: Path, chosen: str, *, force: bool = False, private_notes: bool = False
) -> dict[str, int]:
    with Records.open(source, read_only=True) as review:
        written = write_bundle(review, chosen, out, force=force, private_notes=private_notes)
        return dict(written.counts)


def test_the_bundle_holds_the_initiatives_rows_exactly_as_they_are(
    demo_file: Path, tmp_path: Path
) -> None:
    chosen = initiative_id(demo_file)
    out = tmp_path / "out" / "bundle.opstui.db"
    out.parent.mkdir()
    counts = bundle(demo_file, out, chosen, private_notes=True)
    assert_whole(out)
    with connect(demo_file) as src, connect(out) as got:
        expected = owned_rows(src, chosen)
        assert owned_rows(got, chosen) == expected
        for table in expected:
            assert all_rows(got, table) == expected[table], table  # and nothing else
            assert counts[table] == len(expected[table])
        people = referenced_people(expected)
        assert people and {r["id"] for r in all_rows(got, "people")} == people
        assert [r for r in all_rows(src, "people") if r["id"] in people] == all_rows(got, "people")
        assert all_rows(got, "exports") == []
        assert set(counts) >= set(TABLES_IN_ORDER)
    src.close()
    got.close()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_nothing_of_the_other_initiatives_is_in_the_bundles_bytes(
    demo_file: Path, tmp_path: Path
) -> None:
    chosen = initiative_id(demo_file)
    out = tmp_path / "bundle.opstui.db"
    bundle(demo_file, out, chosen)
    data = out.read_bytes()
    with connect(demo_file) as src:
        mine = owned_rows(src, chosen)
        mine_text = " ".join(r["text"] for r in mine["feedback"])
        others = src.execute("SELECT id, title FROM initiatives WHERE id != ?", (chosen,))
        other_ids = [(row[0], row[1]) for row in others]
        assert len(other_ids) == 3
        people = referenced_people(mine)
        strangers = [r["id"] for r in all_rows(src, "people") if r["id"] not in people]
        foreign_remarks = [
            str(row[0])
            for row in src.execute(
                "SELECT f.text FROM feedback f JOIN sessions s ON s.id = f.session_id "
                "WHERE s.initiative_id != ?",
                (chosen,),
            )
            if str(row[0]) not in mine_text
        ]
        foreign_sessions = [
            str(row[0])
            for row in src.execute("SELECT id FROM sessions WHERE initiative_id != ?", (chosen,))
        ]
    src.close()
    assert strangers and foreign_remarks and foreign_sessions
    for other_id, title in other_ids:
        assert other_id.encode() not in data
        assert title.encode() not in data
    for text in foreign_remarks:
        assert text.encode() not in data, text
    for id_ in strangers + foreign_sessions:
        assert id_.encode() not in data


def test_private_notes_stay_behind_unless_asked(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    with connect(demo_file) as src:
        notes = [
            str(row[0])
            for row in src.execute(
                "SELECT notes FROM sessions WHERE initiative_id = ? AND notes != ''", (chosen,)
            )
        ]
    src.close()
    assert notes
    without, with_notes = tmp_path / "without.db", tmp_path / "with.db"
    bundle(demo_file, without, chosen)
    bundle(demo_file, with_notes, chosen, private_notes=True)
    for note in notes:
        # Each note's longest line: the notes pad's text, stored as UTF-8.
        line = max(note.splitlines(), key=len).encode()
        assert line not in without.read_bytes()
        assert line in with_notes.read_bytes()
    with connect(without) as got:
        assert {str(r[0]) for r in got.execute("SELECT notes FROM sessions")} == {""}
    got.close()


def test_edit_stamps_tombstones_and_sites_travel(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    other = initiative_id(demo_file, "Predictable release dates")
    with Store.open(demo_file) as store:
        store.set_meta("site_label", "Ana's laptop")
        mine = [
            f
            for f in store.list_feedback()
            if store.get_session(f.session_id).initiative_id == chosen
        ]
        theirs = [
            f
            for f in store.list_feedback()
            if store.get_session(f.session_id).initiative_id == other
        ]
        edited = store.update_feedback(mine[0].model_copy(update={"text": "Said again, better"}))
        store.delete_feedback(mine[1].id)
        store.delete_feedback(theirs[0].id)
        with store.replaying():
            # A colleague's edit, merged earlier: stamped with their site, which is named.
            store.conn.execute(
                "INSERT INTO sites (id, label, first_merged_at) VALUES "
                "('c0ffee', 'Colleague', '2026-10-01T00:00:00Z'), "
                "('unnamed', 'Nobody here', '2026-10-01T00:00:00Z')"
            )
            store.conn.execute(
                "UPDATE feedback SET updated_site = 'c0ffee', updated_at = '2026-10-02T00:00:00Z'"
                " WHERE id = ?",
                (mine[2].id,),
            )
        site = store.site_id
    out = tmp_path / "bundle.opstui.db"
    bundle(demo_file, out, chosen)
    with connect(demo_file) as src, connect(out) as got:
        stamped = got.execute(
            "SELECT text, updated_at, updated_site FROM feedback WHERE id = ?", (edited.id,)
        ).fetchone()
        assert stamped[0] == "Said again, better"
        assert stamped[1] is not None and stamped[2] == site
        assert all_rows(got, "feedback") == owned_rows(src, chosen)["feedback"]
        assert all_rows(got, "tombstones") == all_rows(src, "tombstones")
        assert {r["row_key"] for r in all_rows(got, "tombstones")} >= {mine[1].id, theirs[0].id}
        sites = {r["id"]: r["label"] for r in all_rows(got, "sites")}
        assert sites == {site: "Ana's laptop", "c0ffee": "Colleague"}
        found = meta(got)
        assert found["bundle_of"] == chosen and found["bundled_from"] == site
        assert found["site_id"] not in (site, "") and "replaying" not in found
    src.close()
    got.close()


def test_the_source_files_stem_names_its_site_without_a_label(
    demo_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bundle.opstui.db"
    bundle(demo_file, out, initiative_id(demo_file))
    with connect(out) as got:
        assert [tuple(r) for r in got.execute("SELECT label FROM sites")] == [("demo",)]
    got.close()


def test_the_source_is_not_changed(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    before = demo_file.read_bytes()
    bundle(demo_file, tmp_path / "one.db", chosen)
    assert demo_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db", "one.db"]
    # Open in the app meanwhile (its log beside it), nobody writing: the log stays too.
    with Store.open(demo_file) as app:
        app.add_feedback(Feedback(session_id=app.list_sessions()[0].id, text="kept in the log"))
        wal = demo_file.with_name("demo.db-wal")
        main, log = demo_file.read_bytes(), wal.read_bytes()
        bundle(demo_file, tmp_path / "two.db", chosen)
        assert (demo_file.read_bytes(), wal.read_bytes()) == (main, log)


def test_an_existing_file_is_replaced_only_when_asked(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    out = tmp_path / "bundle.opstui.db"
    out.write_bytes(b"someone's file")
    with pytest.raises(BundleExists):
        bundle(demo_file, out, chosen)
    assert out.read_bytes() == b"someone's file"
    bundle(demo_file, out, chosen, force=True)
    assert_whole(out)
    with pytest.raises(BundleRefused, match="is the database being bundled"):
        bundle(demo_file, demo_file, chosen, force=True)
    with Store.open(demo_file):  # open in the app: its log is not a place to write either
        wal = demo_file.with_name("demo.db-wal")
        log = wal.read_bytes()
        with pytest.raises(BundleRefused, match="is the database being bundled"):
            bundle(demo_file, wal, chosen, force=True)
        assert wal.read_bytes() == log
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.opstui.db", "demo.db"]


def test_a_failed_bundle_leaves_nothing_behind(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    other = initiative_id(demo_file, "Predictable release dates")
    # A vote pointing at another initiative's metric: the bundle would not be whole.
    with Store.open(demo_file) as store, store.replaying():
        store.conn.execute(
            "UPDATE proposals SET metric_id = (SELECT id FROM metrics WHERE initiative_id = ?) "
            "WHERE id = (SELECT p.id FROM proposals p JOIN sessions s ON s.id = p.session_id "
            "WHERE s.initiative_id = ? LIMIT 1)",
            (other, chosen),
        )
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(BundleRefused, match=r"point outside it \(proposals -> metrics\)"):
        bundle(demo_file, folder / "bundle.opstui.db", chosen)
    assert list(folder.iterdir()) == []
