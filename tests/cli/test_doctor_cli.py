"""`opstui doctor`: the same findings as the workspace, and exit codes 0, 1 and 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.store import Store, load_facts
from opstui.domain.doctor import diagnose
from opstui.domain.initiative import AffectedGroup, Group, Initiative


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def healthy(db_path: Path) -> tuple[Path, str]:
    """One initiative at step 1 with engineering among its groups: nothing to find."""
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        store.set_affected_group(
            AffectedGroup(initiative_id=initiative.id, group=Group.ENGINEERING, note="Waits.")
        )
        assert diagnose(load_facts(store, initiative.id)) == []
    return db_path, initiative.id


def test_no_findings_exits_0(healthy: tuple[Path, str]) -> None:
    path, initiative_id = healthy
    code, out, err = run("doctor", "--db", str(path))
    assert code == 0, err
    assert "Quick interviews" in out and initiative_id[:8] in out
    assert "No findings." in out
    assert out.rstrip().endswith("0 findings in 0 of 1 initiative.")


def test_findings_print_seen_why_and_todo_and_exit_1(demo_file: Path) -> None:
    code, out, _ = run("doctor", "--db", str(demo_file))
    assert code == 1
    with Store.open(demo_file, read_only=True) as store:
        initiatives = store.list_initiatives()
        found = {i.id: diagnose(load_facts(store, i.id)) for i in initiatives}
    total = sum(len(f) for f in found.values())
    assert total > 0
    flat = " ".join(out.split())
    for initiative in initiatives:
        assert initiative.title in out  # every initiative is listed, with or without findings
        for finding in found[initiative.id]:
            assert finding.title in out
            for part in (finding.seen, finding.why, finding.todo):
                assert " ".join(part.split()) in flat
    assert out.count("Seen: ") == out.count("Why: ") == out.count("To do: ") == total
    with_findings = sum(1 for f in found.values() if f)
    assert f"{total} finding" in out and f"in {with_findings} of {len(initiatives)}" in out


def test_findings_are_grouped_under_their_initiative(demo_file: Path) -> None:
    code, out, _ = run("doctor", "--db", str(demo_file))
    assert code == 1
    with Store.open(demo_file, read_only=True) as store:
        docs = next(i for i in store.list_initiatives() if "documentation" in i.title)
        titles = [f.title for f in diagnose(load_facts(store, docs.id))]
    block = out[out.index(docs.title) :].split("\n\n")[0]
    for title in titles:
        assert title in block


def test_one_initiative_by_id_prefix(demo_file: Path) -> None:
    with Store.open(demo_file, read_only=True) as store:
        initiatives = store.list_initiatives()
        docs = next(i for i in initiatives if "documentation" in i.title)
        clean = next(i for i in initiatives if not diagnose(load_facts(store, i.id)))
    code, out, _ = run("doctor", docs.id[:6], "--db", str(demo_file))
    assert code == 1
    assert docs.title in out
    assert all(i.title not in out for i in initiatives if i.id != docs.id)
    code, out, _ = run("doctor", clean.id[:8], "--db", str(demo_file))
    assert code == 0 and clean.title in out and "No findings." in out


def test_unknown_or_ambiguous_id_is_a_user_error(healthy: tuple[Path, str]) -> None:
    path, _ = healthy
    code, out, err = run("doctor", "zzzz", "--db", str(path))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("opstui: ")
    assert "no initiative has an id starting with 'zzzz'" in lines[0]
    with Store.open(path) as store:
        store.add_initiative(Initiative(id="aaaa-1", title="One"))
        store.add_initiative(Initiative(id="aaaa-2", title="Two"))
    code, _, err = run("doctor", "aaaa", "--db", str(path))
    assert code == 2 and "several initiatives" in err and "Traceback" not in err


def test_empty_database_and_missing_file(db_path: Path, tmp_path: Path) -> None:
    Store.open(db_path).close()
    code, out, _ = run("doctor", "--db", str(db_path))
    assert code == 0 and "No initiatives" in out
    code, _, err = run("doctor", "--db", str(tmp_path / "absent.db"))
    assert code == 2 and "no database at" in err


def test_doctor_never_changes_the_file(demo_file: Path) -> None:
    before = demo_file.read_bytes()
    run("doctor", "--db", str(demo_file))
    assert demo_file.read_bytes() == before


def test_doctor_runs_without_importing_textual(demo_file: Path) -> None:
    probe = (
        "import sys\n"
        "from opstui.cli import main\n"
        "try:\n"
        f"    main(['doctor', '--db', {str(demo_file)!r}])\n"
        "except SystemExit as exit:\n"
        "    print('EXIT', exit.code, file=sys.stderr)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print('TEXTUAL', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert "EXIT 1" in result.stderr
    assert "TEXTUAL []" in result.stderr
    assert "Seen:" in result.stdout
