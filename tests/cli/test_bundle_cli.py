"""`opstui bundle`: where it writes, what it refuses, and what it prints."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from tests.cli.test_bad_input_cli import one_line_error, run
from tests.cli.test_replace_only_regular_cli import IN_THE_WAY, state_of
from tests.db.bundle_checks import assert_whole, connect
from tests.db.test_bundle_file import initiative_id

HOSTILE = "\x1b]52;c;b3duZWQ=\x07../../etc/[bold red]Evil[/] \x1b[2J\u202eplan\r\x9b31m"


def bundled_id(path: Path) -> str:
    with connect(path) as conn:
        found = str(conn.execute("SELECT value FROM meta WHERE key = 'bundle_of'").fetchone()[0])
    conn.close()
    return found


def test_the_default_name_goes_in_the_current_folder(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = initiative_id(demo_file)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run("bundle", chosen[:8], "--db", str(demo_file))
    assert code == 0, err
    name = f"make-customer-interviews-quick-to-schedule-{chosen[:8]}.opstui.db"
    assert [p.name for p in here.iterdir()] == [name]
    assert_whole(here / name)
    assert bundled_id(here / name) == chosen
    assert out.count("\n") == 1 and name in out and "10 sessions" in out and "45 remarks" in out


def test_o_names_the_file_and_db_may_come_before(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    target = tmp_path / "for-ana.db"
    code, out, err = run(
        "--db", str(demo_file), "--read-only", "bundle", chosen[:5], "-o", str(target)
    )
    assert code == 0, err
    assert str(target) in out and bundled_id(target) == chosen


def test_opstui_db_and_demo_name_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run("demo", "--no-tui")
    assert code == 0, err
    code, listing, _ = run("--demo", "list", "initiatives")
    first = listing.splitlines()[2].split()[0]
    code, _, err = run("--demo", "bundle", first[:8], "-o", str(tmp_path / "a.db"))
    assert code == 0, err
    with Store.open(tmp_path / "mine.db") as store:
        mine = store.add_initiative(Initiative(title="Mine alone"))
    monkeypatch.setenv("OPSTUI_DB", str(tmp_path / "mine.db"))
    code, _, err = run("bundle", mine.id[:8], "-o", str(tmp_path / "b.db"))
    assert code == 0, err
    assert bundled_id(tmp_path / "a.db").startswith(first[:8])
    assert bundled_id(tmp_path / "b.db") == mine.id


def test_an_existing_file_needs_force(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    target = tmp_path / "b.db"
    target.write_text("keep me\n", encoding="utf-8")
    code, _, err = run("bundle", chosen[:8], "-o", str(target), "--db", str(demo_file))
    assert code == 2
    assert one_line_error(err) == f"opstui: {target} already exists; add --force to replace it"
    assert target.read_text(encoding="utf-8") == "keep me\n"
    code, _, err = run("bundle", chosen[:8], "-o", str(target), "--force", "--db", str(demo_file))
    assert code == 0, err
    assert bundled_id(target) == chosen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "demo.db"]


@pytest.mark.parametrize("kind", list(IN_THE_WAY))
def test_force_never_replaces_anything_but_a_regular_file(
    demo_file: Path, tmp_path: Path, kind: str
) -> None:
    chosen = initiative_id(demo_file)
    target = tmp_path / "b.db"
    IN_THE_WAY[kind](target)
    before = state_of(target)
    code, _, err = run("bundle", chosen[:8], "-o", str(target), "--force", "--db", str(demo_file))
    assert code == 2
    assert "not a regular file" in one_line_error(err)
    assert state_of(target) == before
    assert not list(tmp_path.glob(".b.db.*"))


def test_a_folder_is_refused(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run("bundle", chosen[:8], "-o", str(folder), "--force", "--db", str(demo_file))
    assert code == 2 and "is a folder" in one_line_error(err)
    assert list(folder.iterdir()) == []
    code, _, err = run(
        "bundle", chosen[:8], "-o", str(tmp_path / "no" / "b.db"), "--db", str(demo_file)
    )
    assert code == 2 and "does not exist" in one_line_error(err)


def test_unknown_and_ambiguous_ids_are_one_line(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_initiative(Initiative(id="abcd1111-0000", title="One"))
        store.add_initiative(Initiative(id="abcd2222-0000", title="Two"))
    target = tmp_path / "b.db"
    code, _, err = run("bundle", "abcd", "-o", str(target), "--db", str(db_path))
    assert code == 2 and "matches several initiatives" in one_line_error(err)
    code, _, err = run("bundle", "ffff", "-o", str(target), "--db", str(db_path))
    assert code == 2 and "no initiative has an id starting with 'ffff'" in one_line_error(err)
    code, _, err = run("bundle", "abcd", "--db", str(tmp_path / "missing.db"))
    assert code == 2 and "no database at" in one_line_error(err)
    assert not target.exists() and not (tmp_path / "missing.db").exists()


def test_a_hostile_title_gives_a_safe_name_and_safe_output(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Plan"))
        # Written past the model's checks, as a file from someone else could hold it.
        store.conn.execute("UPDATE initiatives SET title = ?", (HOSTILE,))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run("bundle", initiative.id[:8], "--db", str(db_path))
    assert code == 0, err
    (made,) = list(here.iterdir())
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}\.opstui\.db", made.name), made.name
    assert stat.S_ISREG(made.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here", "opstui.db"]
    for control in ("\x1b", "\x07", "\x9b", "\u202e", "\r"):
        assert control not in out + err
    assert out.count("\n") == 1
    with connect(made) as conn:  # the title itself travels as it is: it is data
        assert conn.execute("SELECT title FROM initiatives").fetchone()[0] == HOSTILE
    conn.close()


def test_private_notes_only_with_the_flag(demo_file: Path, tmp_path: Path) -> None:
    chosen = initiative_id(demo_file)
    for flag, name in (([], "without.db"), (["--with-private-notes"], "with.db")):
        code, out, err = run(
            "bundle", chosen[:8], *flag, "-o", str(tmp_path / name), "--db", str(demo_file)
        )
        assert code == 0, err
        assert ("private notes" in out) == bool(flag)
    notes = []
    for name in ("without.db", "with.db"):
        with connect(tmp_path / name) as conn:
            notes.append(
                conn.execute("SELECT count(*) FROM sessions WHERE notes != ''").fetchone()[0]
            )
        conn.close()
    assert notes[0] == 0 and notes[1] > 0
