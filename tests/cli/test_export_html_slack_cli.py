"""`opstui export … --format html|slack`: to a file, to standard output, into a folder."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.cli.test_export_cli import INITIATIVE, VALIDATION, demo_file, ids, one_line_error, run
from tests.unit.test_export_html import check_page, parse, text_of
from tests.unit.test_export_slack import check_safe

__all__ = ["demo_file"]  # the module-scoped fixture, shared


@pytest.fixture
def demo(demo_file: Path) -> Path:
    return demo_file  # exporting only reads: one copy serves every test here


def test_session_notes_as_an_html_file(demo: Path, tmp_path: Path) -> None:
    session_id, _ = ids(demo)
    target = tmp_path / "notes.html"
    args = ("export", "session", session_id[:8], "--format", "html", "--db", str(demo))
    code, out, err = run(*args, "-o", str(target))
    assert code == 0 and out == "" and f"Wrote {target}" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    root = check_page(page)
    assert text_of(next(root.iter("h1"))) == VALIDATION
    code, out, _ = run(*args, "-o", "-")
    assert code == 0 and out == page
    code, _, err = run(*args, "-o", str(target))
    assert code == 2 and "already exists; add --force" in one_line_error(err)


def test_initiative_report_as_slack_on_standard_output(demo: Path) -> None:
    _, initiative_id = ids(demo)
    code, out, err = run(
        "export", "initiative", initiative_id[:8], "--format", "slack", "-o", "-", "--db", str(demo)
    )
    assert code == 0, err
    assert out.startswith(f"*{INITIATIVE}*\n\n• *Step:*")
    assert "```\nGroup" in out and "#" not in out.split("\n", 1)[0]
    check_safe(out)


def test_results_report_as_html_and_slack(demo: Path) -> None:
    _, initiative_id = ids(demo)
    base = ("export", "results", initiative_id[:8], "--db", str(demo), "--format")
    code, out, err = run(*base, "html")
    assert code == 0, err
    assert text_of(next(parse(out).iter("h1"))) == f"Results: {INITIATIVE}"
    check_page(out)
    code, out, err = run(*base, "slack")
    assert code == 0 and out.startswith(f"*Results: {INITIATIVE}*"), err


def test_all_sessions_as_html_and_slack_files(demo: Path, tmp_path: Path) -> None:
    _, initiative_id = ids(demo)
    for fmt, suffix in (("html", "html"), ("slack", "txt")):
        folder = tmp_path / fmt
        code, _, err = run(
            "export", "initiative", initiative_id[:8], "--all-sessions", str(folder),
            "--format", fmt, "--db", str(demo),
        )  # fmt: skip
        assert code == 0, err
        names = sorted(p.name for p in folder.iterdir())
        assert f"make-customer-interviews-quick-to-schedule-report.{suffix}" in names
        assert f"2026-02-13-validation-interview-scheduling.{suffix}" in names
        assert all(name.endswith(f".{suffix}") for name in names)


def test_a_map_is_not_html(demo: Path) -> None:
    _, initiative_id = ids(demo)
    code, _, err = run("export", "map", initiative_id[:8], "--format", "html", "--db", str(demo))
    assert code == 2 and "md or mermaid, not html" in one_line_error(err)
