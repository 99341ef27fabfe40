"""`opstui export actions`: initiative or session, formats, files, and refusals."""

from __future__ import annotations

import csv
import io
import shlex
from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import ActionItem, Session, SessionKind
from tests.cli.test_export_cli import one_line_error, run
from tests.demo_cache import build_demo

INITIATIVE = "Make customer interviews quick to schedule"
EVALUATION = "Evaluation: eight weeks after launch"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("actions-cli") / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
    return path


def ids(db: Path) -> tuple[str, str]:
    """The evaluation session's id and its initiative's id."""
    with Store.open(db, read_only=True) as store:
        (session,) = [s for s in store.list_sessions() if s.title == EVALUATION]
        return session.id, session.initiative_id


def records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_an_initiative_by_title_or_id_gives_its_open_actions_as_csv(demo: Path) -> None:
    _, initiative_id = ids(demo)
    code, by_title, err = run("export", "actions", INITIATIVE.upper(), "--db", str(demo))
    assert code == 0, err
    code, by_id, _ = run("export", "actions", initiative_id[:8], "--db", str(demo))
    assert by_id == by_title
    found = records(by_title)
    assert found and {r["status"] for r in found} == {"open"}
    assert {r["initiative"] for r in found} == {INITIATIVE}
    code, everything, _ = run("export", "actions", initiative_id[:8], "--all", "--db", str(demo))
    assert len(records(everything)) > len(found)
    assert {r["status"] for r in records(everything)} == {"open", "done"}
    dues = [r["due"] for r in records(everything)]
    assert dues == sorted(dues)


def test_a_session_gives_only_the_actions_raised_in_it(demo: Path) -> None:
    session_id, _ = ids(demo)
    code, out, err = run("export", "actions", session_id[:8], "--all", "--db", str(demo))
    assert code == 0, err
    found = records(out)
    assert found and {r["session"] for r in found} == {EVALUATION}


@pytest.mark.parametrize("fmt", ["jira-csv", "linear-csv"])
def test_tracker_csv_formats(demo: Path, fmt: str) -> None:
    code, out, err = run("export", "actions", INITIATIVE, "--format", fmt, "--db", str(demo))
    assert code == 0, err
    header = next(csv.reader(io.StringIO(out, newline="")))
    assert header[0] == ("Summary" if fmt == "jira-csv" else "Title")


def test_gh_script_to_a_private_file_never_overwritten_without_force(
    demo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "issues.sh"
    args = ["export", "actions", INITIATIVE, "--format", "gh", "-o", str(target), "--db", str(demo)]
    code, out, err = run(*args)
    assert code == 0 and out == "" and f"Wrote {target}" in err
    assert target.stat().st_mode & 0o777 == 0o600
    text = target.read_text(encoding="utf-8")
    issues = [shlex.split(t) for t in text.splitlines() if t.startswith("gh issue create")]
    assert len(issues) == len(records(run("export", "actions", INITIATIVE, "--db", str(demo))[1]))

    target.write_text("mine\n", encoding="utf-8")
    code, _, err = run(*args)
    assert code == 2 and "already exists; add --force" in one_line_error(err)
    assert target.read_text(encoding="utf-8") == "mine\n"
    code, _, _ = run(*args, "--force")
    assert code == 0 and target.read_text(encoding="utf-8") == text


def test_dash_is_standard_output_and_excel_adds_the_mark(demo: Path) -> None:
    code, out, _ = run("export", "actions", INITIATIVE, "-o", "-", "--db", str(demo))
    assert code == 0 and out.startswith("id,text,owner,due,status")
    code, out, _ = run("export", "actions", INITIATIVE, "--excel", "--db", str(demo))
    assert code == 0 and out.startswith("\ufeffid,text")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["export", "actions", INITIATIVE, "--format", "md"], "action items are written as"),
        (["export", "actions", INITIATIVE, "--format", "jira-csv", "--excel"], "--excel goes"),
        (["export", "actions", INITIATIVE, "--group", "product"], "do not go with"),
        (["export", "session", "abc", "--format", "gh"], "goes with `export actions ID`"),
        (["export", "initiative", "abc", "--all"], "--all goes with `export actions ID`"),
        (["export", "actions", "no such thing"], "no initiative or session is named"),
        (["export", "actions", "   "], "no initiative or session is named"),
    ],
)
def test_refusals_are_one_line_and_exit_2(demo: Path, args: list[str], says: str) -> None:
    code, out, err = run(*args, "--db", str(demo))
    assert code == 2 and out == ""
    assert says in one_line_error(err)


def test_a_prefix_of_both_an_initiative_and_a_session_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "both.db"
    with Store.open(db) as store:
        initiative = store.add_initiative(
            Initiative(id="abc10000-0000-4000-8000-000000000000", title="Docs")
        )
        session = store.add_session(
            Session(
                id="abc20000-0000-4000-8000-000000000000",
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Kick-off",
            )
        )
        store.add_action(
            ActionItem(initiative_id=initiative.id, session_id=session.id, text="Book")
        )
    code, _, err = run("export", "actions", "abc", "--db", str(db))
    assert code == 2
    message = one_line_error(err)
    assert "could mean several records" in message and "initiative abc1" in message
    code, out, _ = run("export", "actions", "abc2", "--db", str(db))
    assert code == 0 and records(out)[0]["session"] == "Kick-off"
    code, out, _ = run("export", "actions", "Docs", "--db", str(db))
    assert code == 0 and records(out)[0]["text"] == "Book"
