"""The command line: each command, and each user mistake ending in one line and exit 2."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.schema import CURRENT_VERSION
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric
from opstui.domain.session import Session, SessionKind


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("opstui: ")
    return lines[0]


@pytest.fixture
def filled(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        first = store.add_initiative(Initiative(title="Quick interviews"))
        store.add_session(
            Session(
                initiative_id=first.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Interview with design",
            )
        )
        store.add_metric(
            Metric(
                initiative_id=first.id, name="Interviews per PM", baseline_value=1, target_value=4
            )
        )
    return db_path


def test_list_initiatives_table_and_json(filled: Path) -> None:
    code, out, _ = run("list", "initiatives", "--db", str(filled))
    assert code == 0
    assert "Quick interviews" in out and "Identify the problem" in out
    code, out, _ = run("list", "initiatives", "--json", "--db", str(filled))
    rows = json.loads(out)
    assert [r["title"] for r in rows] == ["Quick interviews"]
    assert rows[0]["step"] == 1 and len(rows[0]["id"]) == 36


def test_list_sessions_and_metrics(filled: Path) -> None:
    code, out, _ = run("list", "sessions", "--json", "--db", str(filled))
    assert code == 0
    assert [r["title"] for r in json.loads(out)] == ["Interview with design"]
    code, out, _ = run("list", "metrics", "--db", str(filled))
    assert code == 0 and "Interviews per PM" in out


def test_opstui_db_variable_is_used(filled: Path) -> None:
    code, out, _ = run("list", "initiatives", env={"OPSTUI_DB": str(filled)})
    assert code == 0 and "Quick interviews" in out


def test_list_does_not_change_the_file(filled: Path) -> None:
    before = filled.read_bytes()
    run("list", "initiatives", "--db", str(filled))
    assert filled.read_bytes() == before


def test_missing_database(tmp_path: Path) -> None:
    code, _, err = run("list", "initiatives", "--db", str(tmp_path / "none.db"))
    assert code == 2
    assert "no database at" in one_line_error(err)
    assert not (tmp_path / "none.db").exists()


def test_folder_instead_of_file(tmp_path: Path) -> None:
    code, _, err = run("list", "initiatives", "--db", str(tmp_path))
    assert code == 2 and "is a folder" in one_line_error(err)


def test_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 20)
    code, _, err = run("list", "initiatives", "--db", str(path))
    assert code == 2 and "not a SQLite database" in one_line_error(err)
    assert path.read_text() == "shopping list\n" * 20


def test_sqlite_file_that_is_not_opstui(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE orders (id INTEGER)")
    conn.commit()
    conn.close()
    for args in (["list", "initiatives", "--db", str(path)], ["--db", str(path)]):
        code, _, err = run(*args)
        assert code == 2 and "not an opstui one" in one_line_error(err)


def test_database_from_a_newer_opstui(filled: Path) -> None:
    conn = sqlite3.connect(filled)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.commit()
    conn.close()
    code, _, err = run("list", "initiatives", "--db", str(filled))
    assert code == 2 and "newer opstui" in one_line_error(err)
    code, _, err = run("--db", str(filled))
    assert code == 2 and "newer opstui" in one_line_error(err)


def test_truncated_database(filled: Path) -> None:
    data = filled.read_bytes()
    filled.write_bytes(data[:1000])
    for suffix in ("-wal", "-shm"):
        filled.with_name(filled.name + suffix).unlink(missing_ok=True)
    code, _, err = run("list", "initiatives", "--db", str(filled))
    assert code == 2
    one_line_error(err)


def test_read_only_app_needs_an_existing_file(tmp_path: Path) -> None:
    code, _, err = run("--read-only", "--db", str(tmp_path / "absent.db"))
    assert code == 2 and "no database" in one_line_error(err)


def test_unknown_subcommand_is_a_usage_error() -> None:
    code, _, err = run("lsit")
    assert code == 2 and "Traceback" not in err


def test_demo_writes_once_and_reset_rebuilds(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    code, _, err = run("demo", "--no-tui", "--db", str(path))
    assert code == 0 and "Wrote the demo" in err
    code, out, _ = run("list", "initiatives", "--json", "--db", str(path))
    assert len(json.loads(out)) == 4
    with Store.open(path) as store:
        store.add_initiative(Initiative(title="Added while exploring"))
    code, _, err = run("demo", "--no-tui", "--db", str(path))
    assert code == 0 and "Wrote" not in err  # reused, not rebuilt
    code, out, _ = run("list", "initiatives", "--json", "--db", str(path))
    assert len(json.loads(out)) == 5
    code, _, _ = run("demo", "--no-tui", "--reset", "--db", str(path))
    code, out, _ = run("list", "initiatives", "--json", "--db", str(path))
    assert code == 0 and len(json.loads(out)) == 4


def test_demo_default_location_is_the_user_data_folder(isolated_home: Path) -> None:
    code, _, _ = run("demo", "--no-tui")
    assert code == 0
    assert (isolated_home / "data" / "opstui" / "demo.db").exists()


def test_demo_reset_refuses_a_real_database(filled: Path) -> None:
    before = filled.read_bytes()
    code, _, err = run("demo", "--no-tui", "--reset", "--db", str(filled))
    assert code == 2 and "not a demo" in one_line_error(err)
    assert filled.read_bytes() == before


def test_playbooks_list_shows_builtins_and_broken_custom(isolated_home: Path) -> None:
    folder = isolated_home / "config" / "opstui" / "playbooks"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text("key = [broken")
    code, out, _ = run("playbooks", "list")
    assert code == 0
    for key in ("discovery", "validation", "process-mapping", "pilot", "evaluation", "readiness"):
        assert key in out
    assert "(broken)" in out and "mine.toml" in out


def test_playbooks_check(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('key = "x"\ntitle = "X"\nkind = "party"\nstep = 9\nagenda = []\n')
    code, _, err = run("playbooks", "check", str(bad))
    assert code == 1
    assert "kind" in err and "step" in err and "agenda" in err
    syntax = tmp_path / "syntax.toml"
    syntax.write_text('key = "x"\ntitle = \n')
    code, _, err = run("playbooks", "check", str(syntax))
    assert code == 1 and "line 2" in err
    good = tmp_path / "good.toml"
    good.write_text(
        'key = "mine"\ntitle = "Mine"\nkind = "custom"\nstep = 2\n'
        '[[agenda]]\ntitle = "Talk"\nminutes = 10\n'
    )
    code, out, _ = run("playbooks", "check", str(good))
    assert code == 0 and "OK" in out


def test_real_process_lists_without_importing_textual(filled: Path) -> None:
    probe = (
        "import sys\n"
        "from opstui.cli import main\n"
        "try:\n"
        f"    main(['list', 'initiatives', '--json', '--db', {str(filled)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print('TEXTUAL', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout)[0]["title"] == "Quick interviews"
    assert "TEXTUAL []" in result.stderr


def test_real_process_error_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "opstui", "list", "initiatives", "--db", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert one_line_error(result.stderr)
