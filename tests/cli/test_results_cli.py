"""``opstui export results``: both formats, --group and its mistakes, and reading only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opstui.db.store import Store
from tests.cli.test_bad_input_cli import one_line_error, run
from tests.unit.results_world import ANONYMOUS_TEXT, build_results_world


@pytest.fixture
def world_file(tmp_path: Path) -> Path:
    path = tmp_path / "results.db"
    with Store.open(path) as store:
        build_results_world(store)
    return path


def files_of(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.glob(f"{db.name}*")}


def test_markdown_for_everyone_and_json_for_one_group(world_file: Path) -> None:
    before = files_of(world_file)
    code, out, _ = run("export", "results", "00000000", "--db", str(world_file))
    assert code == 0
    assert out.startswith("# Results: Quick interviews\n")
    assert "### Said anonymously" in out and ANONYMOUS_TEXT in out
    code, out, _ = run(
        "--db",
        str(world_file),
        "export",
        "results",
        "00000000",
        "--group",
        "Product",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["group"] == "product" and data["heard_anonymously"] == []
    assert ANONYMOUS_TEXT not in out
    assert files_of(world_file) == before  # read-only: not a byte changed


def test_writes_a_file_and_replaces_it_only_with_force(world_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "results.md"
    args = ["export", "results", "00000000", "--db", str(world_file), "-o", str(target)]
    assert run(*args)[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Results: Quick interviews")
    code, _, err = run(*args, "--group", "engineering")
    assert code == 2 and "add --force" in one_line_error(err)
    assert run(*args, "--group", "engineering", "--force")[0] == 0
    assert "- **For:** Engineering" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["results", "00000000", "--group", "sales"], "choose one of: product, engineering"),
        (["results", "00000000", "--group", "design"], "choose one of: product, engineering"),
        (["initiative", "00000000", "--group", "product"], "--group goes with `export results"),
        (["results", "00000000", "--format", "csv"], "md, json, html or slack, not csv"),
        (["results", "ffffffff"], "ffffffff"),
    ],
)
def test_mistakes_end_in_one_line(world_file: Path, args: list[str], said: str) -> None:
    before = files_of(world_file)
    code, out, err = run("export", *args, "--db", str(world_file))
    assert code == 2 and out == ""
    assert said in one_line_error(err)
    assert files_of(world_file) == before
