"""A newcomer's first commands: after `make run`, every command the README lists works
on the demo, and a missing database says exactly which command to run instead.

These run the real console entry point (`python -m opstui`) in a fresh home folder, the
way a newcomer types them, and follow the commands the errors print.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import opstui as opstui_package

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "OPSTUI_"))}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME="", XDG_CONFIG_HOME="")
    return env


def opstui(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opstui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def suggested(stderr: str) -> list[str]:
    """The last command an error line suggests, as words after `opstui`."""
    line = stderr.strip()
    assert "\n" not in line and "Traceback" not in line, stderr
    words = shlex.split(re.findall(r"`([^`]+)`", line)[-1])
    assert words[0] == "opstui"
    return words[1:]


def test_without_any_database_the_error_says_how_to_get_the_demo(
    home: dict[str, str],
) -> None:
    done = opstui(home, "list", "initiatives")
    assert done.returncode == 2
    assert "`opstui demo --no-tui`" in done.stderr and "`opstui` starts yours" in done.stderr
    assert opstui(home, "demo", "--no-tui").returncode == 0
    retry = opstui(home, *suggested(done.stderr))
    assert retry.returncode == 0 and "Predictable release dates" in retry.stdout


def test_after_the_demo_is_written_the_error_names_the_exact_command(
    home: dict[str, str],
) -> None:
    written = opstui(home, "demo", "--no-tui")
    assert "`opstui --demo list sessions`" in written.stderr
    failed = opstui(home, "list", "sessions", "--json")
    assert failed.returncode == 2 and "no database of your own yet" in failed.stderr
    assert suggested(failed.stderr) == ["--demo", "list", "sessions", "--json"]
    retry = opstui(home, *suggested(failed.stderr))
    assert retry.returncode == 0 and len(json.loads(retry.stdout)) > 3
    # Nothing was created where the user's own database goes.
    assert not (Path(home["HOME"]) / ".local/share/opstui/opstui.db").exists()


def test_a_mistyped_path_is_named_not_replaced_by_the_demo(
    home: dict[str, str], tmp_path: Path
) -> None:
    opstui(home, "demo", "--no-tui")
    done = opstui(home, "--db", str(tmp_path / "tema.db"), "list", "initiatives")
    assert done.returncode == 2 and f"no database at {tmp_path / 'tema.db'}" in done.stderr
    assert "--demo" not in done.stderr


def test_demo_and_db_together_are_refused(home: dict[str, str], tmp_path: Path) -> None:
    done = opstui(home, "--demo", "--db", str(tmp_path / "x.db"), "list", "sessions")
    assert done.returncode == 2 and "give one" in done.stderr


def readme_commands() -> set[str]:
    """The commands the README's command-line block lists (`list`, `playbooks list`...)."""
    block = README.read_text().split("## The command line", 1)[1].split("```", 2)[1]
    found = set()
    for line in block.splitlines():
        words = line.split()
        if not words or words[0] != "opstui" or len(words) < 2 or words[1].startswith("["):
            continue
        found.add(words[1] if words[1] != "playbooks" else f"playbooks {words[2]}")
    return found


def test_every_command_the_readme_lists_works_on_the_demo(
    home: dict[str, str], tmp_path: Path
) -> None:
    assert opstui(home, "demo", "--no-tui").returncode == 0
    sessions = json.loads(opstui(home, "--demo", "list", "sessions", "--json").stdout)
    initiatives = json.loads(opstui(home, "--demo", "list", "initiatives", "--json").stdout)
    metrics = json.loads(opstui(home, "--demo", "list", "metrics", "--json").stdout)
    readings = tmp_path / "readings.csv"
    readings.write_text("date,value,cohort,note\n2026-12-01,3.5,pilot,from the newcomer test\n")
    playbook = Path(opstui_package.__file__).parent / "playbooks" / "discovery.toml"
    ran = {
        "list": ["--demo", "list", "initiatives"],
        "doctor": ["--demo", "doctor"],
        "chart": ["--demo", "chart", metrics[0]["id"][:8]],
        "import": ["--demo", "import", "readings", metrics[0]["id"][:8], str(readings)],
        "export": ["--demo", "export", "initiative", initiatives[0]["id"][:8]],
        "bundle": [
            "--demo",
            "bundle",
            initiatives[0]["id"][:8],
            "-o",
            str(tmp_path / "b.opstui.db"),
        ],
        "merge": ["merge", str(tmp_path / "b.opstui.db"), "--into", str(tmp_path / "team.db")],
        "demo": ["demo", "--no-tui"],
        "search": ["--demo", "search", "calendar"],
        "playbooks list": ["playbooks", "list"],
        "playbooks check": ["playbooks", "check", str(playbook)],
    }
    assert set(ran) | {"[--db"} >= readme_commands(), "a README command is not tried here"
    for name, args in ran.items():
        done = opstui(home, *args)
        # doctor exits 1 when it finds the method's mistakes: that is its answer, not a failure.
        assert done.returncode in ((0, 1) if name == "doctor" else (0,)), (name, done.stderr)
        assert "Traceback" not in done.stderr
    session = opstui(home, "--demo", "export", "session", sessions[0]["id"][:8], "-o", "-")
    assert session.returncode == 0 and session.stdout.startswith("# ")


def test_the_readme_first_commands_run_as_written(home: dict[str, str], tmp_path: Path) -> None:
    """The `.venv/bin/opstui --demo …` lines the README shows, typed as they are."""
    shown = [
        shlex.split(line)[1:]
        for line in README.read_text().splitlines()
        if line.startswith(".venv/bin/opstui ")
    ]
    assert len(shown) >= 3
    assert opstui(home, "demo", "--no-tui").returncode == 0
    for args in shown:
        done = subprocess.run(
            [sys.executable, "-m", "opstui", *args],
            env=home,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode in (0, 1), (args, done.stderr)
        assert done.stderr.count("\n") <= 1 and "Traceback" not in done.stderr
    assert (tmp_path / "report.md").read_text().startswith("# ")
