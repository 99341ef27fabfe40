"""`opstui merge` end to end: two facilitators' files into a team file, as a user runs it."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.store import Store
from tests.db.merge_world import add_initiative, copy_file, edit_action, new_file, query


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def facilitators(tmp_path: Path) -> tuple[Path, Path]:
    """Alice and Bob, each with an initiative of their own and one they share."""
    alice = new_file(tmp_path / "alice.db", "alice")
    shared = add_initiative(alice, "Shared rollout", "alice says scheduling hurts")
    bob = copy_file(alice, tmp_path / "bob.db", "bob")
    add_initiative(alice, "Alice's own", "alicewords about calendars")
    add_initiative(bob, "Bob's own", "bobwords about rooms")
    edit_action(alice, shared["action"], "Alice's wording")
    edit_action(bob, shared["action"], "Bob's later wording")
    return alice, bob


def test_two_files_into_a_team_file(tmp_path: Path) -> None:
    alice, bob = facilitators(tmp_path)
    team = tmp_path / "team.db"
    code, out, err = run("merge", str(alice), str(bob), "--into", str(team))
    assert code == 0, err
    assert "Merged" in out and "action_items" in out
    assert "older edit" in out and "Alice's wording" in out
    assert query(team, "PRAGMA integrity_check") == [("ok",)]
    assert query(team, "PRAGMA foreign_key_check") == []
    titles = {r[0] for r in query(team, "SELECT title FROM initiatives")}
    assert titles == {"Shared rollout", "Alice's own", "Bob's own"}
    for word in ("alicewords", "bobwords"):
        assert query(
            team, "SELECT count(*) FROM feedback_fts WHERE feedback_fts MATCH ?", (word,)
        ) == [(1,)]
    with Store.open(team, read_only=True) as store:
        texts = {a.text for i in store.list_initiatives() for a in store.list_actions(i.id)}
    assert "Bob's later wording" in texts and "Alice's wording" not in texts

    before = team.read_bytes()
    code, out, _ = run("merge", str(alice), str(bob), "--into", str(team), "--dry-run")
    assert code == 0 and "Dry run" in out
    assert team.read_bytes() == before

    code, out, _ = run("merge", str(alice), str(bob), "--into", str(team), "--json")
    report = json.loads(out)
    assert all(source["counts"] == {} for source in report["sources"])
    assert "nothing changed" in run("merge", str(alice), "--into", str(team))[1]


def test_json_lists_the_conflicting_edit(tmp_path: Path) -> None:
    alice, bob = facilitators(tmp_path)
    team = tmp_path / "team.db"
    code, out, _ = run("merge", str(alice), str(bob), "--into", str(team), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["into"] == str(team) and report["dry_run"] is False
    lost = [n for s in report["sources"] for n in s["not_taken"]]
    assert [(n["table"], n["reason"]) for n in lost] == [("action_items", "older edit")]
    (difference,) = lost[0]["differences"]
    assert difference == {
        "field": "text",
        "kept": "Bob's later wording",
        "dropped": "Alice's wording",
    }
    assert lost[0]["dropped_site"] == "alice" and lost[0]["kept_site"] == "bob"


def test_mistakes_are_one_line(tmp_path: Path) -> None:
    alice, _bob = facilitators(tmp_path)
    code, _, err = run("merge", str(tmp_path / "nobody.db"), "--into", str(tmp_path / "t.db"))
    assert code == 2 and err.count("\n") == 1 and "does not exist" in err
    code, _, err = run("--read-only", "merge", str(alice), "--into", str(tmp_path / "t.db"))
    assert code == 2 and "--read-only" in err
    code, _, err = run("merge", str(alice), "--into", str(alice))
    assert code == 2 and "the file being merged into" in err


def test_into_defaults_to_the_database_every_command_uses(tmp_path: Path) -> None:
    alice, _bob = facilitators(tmp_path)
    mine = tmp_path / "mine.db"
    code, _, err = run("--db", str(mine), "merge", str(alice))
    assert code == 0, err
    assert len(query(mine, "SELECT id FROM initiatives")) == 2


def test_a_dry_run_never_upgrades_an_older_target(tmp_path: Path) -> None:
    alice, _bob = facilitators(tmp_path)
    team = tmp_path / "team.db"
    shutil.copyfile(Path(__file__).parents[1] / "db" / "fixtures" / "v4.db", team)
    before = team.read_bytes()
    code, _out, err = run("merge", str(alice), "--into", str(team), "--dry-run")
    assert code == 2
    assert "team.db is schema 4: a dry run cannot merge into it without upgrading it" in err
    assert team.read_bytes() == before
    assert list(tmp_path.glob("team.db*")) == [team]


def test_the_real_program_merges_and_writes_no_control_bytes(tmp_path: Path) -> None:
    """`python -m opstui merge` as a user runs it, with a colleague whose file's label and
    remark carry escape sequences and markup: the bytes written to the terminal hold no
    control character, and the team file holds the words without them."""
    alice, bob = facilitators(tmp_path)
    hostile = "\x1b]52;c;aGk=\x07\x1b[2J[bold red]bob[/]\x9b31m"
    with Store.open(bob) as store:
        store.set_meta("site_label", hostile)
    add_initiative(bob, "Rooms", "bobwords")
    # The store cleans what it writes; a hostile file is written by other means.
    conn = sqlite3.connect(bob)
    with conn:
        conn.execute(
            "UPDATE feedback SET text = ? WHERE text = 'bobwords'",
            ("bobwords \x1b]8;;http://x\x07link\x1b[2J",),
        )
        conn.execute("UPDATE initiatives SET title = ? WHERE title = 'Rooms'", ("Rooms\x1b[31m",))
    conn.close()
    team = tmp_path / "team.db"
    done = subprocess.run(
        [sys.executable, "-m", "opstui", "merge", str(alice), str(bob), "--into", str(team)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        assert not any(b < 0x20 and b not in (0x0A,) for b in stream), stream
        assert "\x9b" not in stream.decode()
    assert b"[bold red]bob[/]" in done.stdout  # markup shown as typed, not applied
    texts = [
        r[0] for r in query(team, "SELECT text FROM feedback UNION SELECT title FROM initiatives")
    ]
    assert any(t.startswith("bobwords") for t in texts) and "Rooms[31m" in texts
    assert all("\x1b" not in t and "\x07" not in t for t in texts)
    assert query(team, "PRAGMA integrity_check") == [("ok",)]
    assert query(team, "PRAGMA foreign_key_check") == []
