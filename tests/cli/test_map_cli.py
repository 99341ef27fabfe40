"""``opstui export map``: Markdown and Mermaid, --session, -o and --force, and mistakes
said in one line, all without changing the file it reads."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.process_map_records import ProcessMapRecord
from opstui.domain.session import Session, SessionKind
from tests.cli.test_bad_input_cli import one_line_error, run

INITIATIVE = "00000000-0000-4000-8000-000000000001"
OTHER = "11111111-0000-4000-8000-000000000002"
SESSION = "22222222-0000-4000-8000-000000000003"


@pytest.fixture
def world_file(tmp_path: Path) -> Path:
    path = tmp_path / "maps.db"
    with Store.open(path) as store:
        store.add_initiative(Initiative(id=INITIATIVE, title="Quick interviews"))
        store.add_initiative(Initiative(id=OTHER, title="No map here"))
        store.add_session(
            Session(
                id=SESSION,
                initiative_id=INITIATIVE,
                playbook_key="process-mapping",
                kind=SessionKind.PROCESS_MAPPING,
                title="Mapping the booking flow",
            )
        )
        drawn = store.add_process_map(
            ProcessMapRecord(initiative_id=INITIATIVE, session_id=SESSION, title="Today")
        )
        store.add_map_line(drawn.id, "[start] Brief (PM) -> Review (Design): brief")
        store.add_map_line(drawn.id, "Review -> Build (Eng) [end]")
        later = store.add_process_map(ProcessMapRecord(initiative_id=INITIATIVE, title="Wished"))
        store.add_map_line(later.id, "Brief (PM) -> Build (Eng)")
    return path


def files_of(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.glob(f"{db.name}*")}


def test_the_latest_map_as_markdown_or_that_of_a_session_as_mermaid(world_file: Path) -> None:
    before = files_of(world_file)
    code, out, _ = run("--db", str(world_file), "export", "map", "0000")
    assert code == 0
    assert out.startswith("# Process map: Wished\n\n- Initiative: Quick interviews\n")
    assert "```mermaid\nflowchart LR\n" in out
    code, out, _ = run(
        "export", "map", "0000", "--session", "2222", "--format", "mermaid", "--db", str(world_file)
    )
    assert code == 0
    assert out == (
        "flowchart LR\n"
        '    n1(["Brief<br/>(PM)"])\n'
        '    n2["Review<br/>(Design)"]\n'
        '    n3((("Build<br/>(Eng)")))\n'
        '    n1 -->|"brief"| n2\n'
        "    n2 --> n3\n"
    )
    assert files_of(world_file) == before  # read-only: not a byte changed


def test_writes_a_private_file_and_replaces_it_only_with_force(
    world_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "map.md"
    args = ["export", "map", "0000", "--db", str(world_file), "-o", str(target)]
    assert run(*args)[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Process map: Wished")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, _, err = run(*args, "--session", "2222")
    assert code == 2 and "add --force" in one_line_error(err)
    assert run(*args, "--session", "2222", "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Process map: Today")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["map", "1111"], "“No map here” has no process map yet"),
        (["map", "1111", "--session", "2222"], "is not a session of “No map here”"),
        (["map", "0000", "--session", "9999"], "no session has an id starting with '9999'"),
        (["map", "0000", "--format", "csv"], "md or mermaid, not csv"),
        (["map", "0000", "--anonymize"], "leave out --anonymize"),
        (["map", "0000", "--group", "product"], "--group goes with `export results"),
        (["map", "0000", "--all-sessions", "x"], "--all-sessions goes with `export initiative"),
        (["initiative", "0000", "--format", "mermaid"], "--format mermaid goes with `export map"),
        (["session", "2222", "--session", "2222"], "--session goes with `export map"),
        (["map", "ffff"], "no initiative has an id starting with 'ffff'"),
    ],
)
def test_mistakes_end_in_one_line(world_file: Path, args: list[str], said: str) -> None:
    before = files_of(world_file)
    code, out, err = run("export", *args, "--db", str(world_file))
    assert code == 2 and out == ""
    assert said in one_line_error(err)
    assert files_of(world_file) == before
