"""`opstui merge` end to end: two facilitators' files into a team file, as a user runs it."""

from __future__ import annotations

import json
import shutil
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
