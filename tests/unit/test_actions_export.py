"""Action items for trackers: each CSV flavour reads back through ``csv`` as written,
the gh script reads back through ``shlex`` as exactly the argv meant, and no text in
an action can run as a formula, a command or a terminal control sequence."""

from __future__ import annotations

import csv
import io
import re
import shlex
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Initiative, Person
from opstui.domain.session import ActionItem, Session, SessionKind
from opstui.export.actions_export import (
    CSV_COLUMNS,
    GH_HEADER,
    JIRA_COLUMNS,
    LINEAR_COLUMNS,
    ActionLine,
    action_lines,
    gh_issue_argv,
    render_actions,
)

HOSTILE = (
    "Ship it, \"now\"; then $(rm -rf ~) and `reboot` \\ 'quoted'\n"
    "second line\r\nthird\x1b]52;c;aGVsbG8=\x07 ESC\x1b[2J \u202eevil\u202c @channel"
)
FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
#: What a terminal could act on: C0 controls but tab and newline (and CR before LF),
#: DEL, C1, and bidi overrides.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def line(text: str = "Book the room", **changes: object) -> ActionLine:
    values: dict[str, object] = {
        "id": "a1b2c3d4-0000-4000-8000-000000000001",
        "text": text,
        "owner": "Noor Haddad",
        "due_on": date(2026, 3, 2),
        "done": False,
        "created_at": datetime(2026, 2, 1, 9, 30, tzinfo=UTC),
        "initiative_id": "i1b2c3d4-0000-4000-8000-000000000001",
        "initiative": "Predictable release dates",
        "session_id": "s1b2c3d4-0000-4000-8000-000000000001",
        "session": "Validation, round two",
        "session_day": "2026-02-01",
    }
    values.update(changes)
    return ActionLine(**values)  # type: ignore[arg-type]


def rows(text: str) -> list[list[str]]:
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_own_csv_reads_back_cell_for_cell_with_hostile_text() -> None:
    text = render_actions([line(HOSTILE, owner='Zoë "Z", Jr.')], "csv")
    (record,) = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(record) == CSV_COLUMNS
    assert record["owner"] == 'Zoë "Z", Jr.'
    assert record["text"].startswith('Ship it, "now"; then $(rm -rf ~)')
    assert "second line\r\nthird" in record["text"]  # line breaks kept, inside quotes
    assert "␛]52;c;aGVsbG8=␇" in record["text"]  # OSC 52 shown, not sent
    assert record["due"] == "2026-03-02" and record["status"] == "open"
    assert record["session"] == "Validation, round two"
    assert record["created"] == "2026-02-01 09:30 UTC"
    assert not CONTROL.search(text.replace("\r\n", "\n"))


@pytest.mark.parametrize("fmt", ["csv", "jira-csv", "linear-csv"])
@pytest.mark.parametrize("formula", FORMULAS)
def test_no_cell_starts_a_formula(fmt: str, formula: str) -> None:
    text = render_actions([line(formula, owner=formula)], fmt)  # type: ignore[arg-type]
    (cells,) = rows(text)[1:]
    for value in cells:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (fmt, value)
    # Quoted, not dropped (a lone CR is shown as ␍, which no spreadsheet runs).
    shown = formula.replace("\r", "␍")
    assert any(value.startswith(("'" + shown, shown)) for value in cells), cells
    assert formula.startswith("\r") or any(v.startswith("'" + formula) for v in cells)


def test_jira_csv_has_the_importer_columns_and_reads_back() -> None:
    done = line("Write the runbook", done=True, due_on=None, owner="", session_id=None)
    text = render_actions([line(HOSTILE), done], "jira-csv")
    header, first, second = rows(text)
    assert tuple(header) == JIRA_COLUMNS
    record = dict(zip(header[:4], first[:4], strict=True))
    assert record["Summary"].startswith('Ship it, "now"; then $(rm -rf ~)')
    assert "\n" not in record["Summary"] and "\r" not in record["Summary"]
    description = record["Description"]
    assert description.startswith(HOSTILE.split("\x1b")[0])  # the whole text first
    assert "Owner: Noor Haddad\nDue: 2026-03-02\nFrom opstui: session “Validation, round two”" in (
        description
    )
    assert "(s1b2c3d4, 2026-02-01) of initiative “Predictable release dates” (i1b2c3d4)" in (
        description
    )
    assert record["Assignee"] == "Noor Haddad" and record["Due Date"] == "2026-03-02"
    assert first[4:] == ["opstui", "predictable-release-dates", "To Do", "Task"]
    assert second[0] == "Write the runbook" and second[2:4] == ["", ""]
    assert second[6] == "Done"
    assert "From opstui: initiative “Predictable release dates”" in second[1]


def test_jira_summary_is_cut_to_its_limit_and_the_description_keeps_it_all() -> None:
    long = "word " * 100
    _header, first = rows(render_actions([line(long)], "jira-csv"))
    assert len(first[0]) == 255 and first[0].endswith("…")
    assert first[1].startswith(long)


def test_linear_csv_has_the_importer_columns_and_reads_back() -> None:
    text = render_actions([line(HOSTILE), line("Done one", done=True)], "linear-csv")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(records[0]) == LINEAR_COLUMNS
    assert records[0]["Title"].startswith('Ship it, "now"; then $(rm -rf ~)')
    assert records[0]["Status"] == "Todo" and records[1]["Status"] == "Done"
    assert records[0]["Labels"] == "opstui, predictable-release-dates"
    assert records[0]["Assignee"] == "Noor Haddad" and records[0]["Due Date"] == "2026-03-02"
    assert "action a1b2c3d4-0000-4000-8000-000000000001" in records[0]["Description"]


def script_commands(script: str) -> list[list[str]]:
    assert script.startswith(GH_HEADER)
    commands = []
    for text_line in script.splitlines():
        if text_line.startswith("#") or text_line == "set -e":
            continue
        commands.append(shlex.split(text_line))
    return commands


def test_gh_script_reads_back_as_exactly_the_argv_meant() -> None:
    hostile = line(HOSTILE, owner="$(whoami); `id`")
    script = render_actions([hostile, line("Plain")], "gh")
    commands = script_commands(script)
    assert commands[:2] == [
        ["gh", "label", "create", "opstui", "--force"],
        ["gh", "label", "create", "predictable-release-dates", "--force"],
    ]
    assert commands[2:] == [gh_issue_argv(hostile), gh_issue_argv(line("Plain"))]
    argv = commands[2]
    assert argv[:3] == ["gh", "issue", "create"]
    assert argv[3].startswith('--title=Ship it, "now"; then $(rm -rf ~) and `reboot`')
    assert not any(arg.startswith("--assignee") for arg in argv)
    assert argv[5:] == ["--label=opstui", "--label=predictable-release-dates"]
    body = argv[4].removeprefix("--body=")
    assert "Owner: \\$(whoami); \\`id\\`" in body  # named in the body, Markdown-escaped
    assert "\\@channel" in body  # no mention from an action's text
    assert not CONTROL.search(script) and "\t" not in script
    assert script.count("\n") == len(GH_HEADER.splitlines()) + 4  # one line per command


def test_the_script_run_by_a_shell_passes_the_text_as_arguments_and_runs_nothing(
    tmp_path: Path,
) -> None:
    """A stand-in ``gh`` records its arguments; the text's commands must not run."""
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text(
        '#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done >> "$LOG"\nprintf "\\n" >> "$LOG"\n'
    )
    fake.chmod(0o700)
    hostile = line(f"$(touch {tmp_path}/pwned) `touch {tmp_path}/pwned2`; touch {tmp_path}/p3")
    script = tmp_path / "issues.sh"
    script.write_text(render_actions([hostile], "gh"))
    log = tmp_path / "log"
    env = {"PATH": f"{fake.parent}:/usr/bin:/bin", "LOG": str(log)}
    subprocess.run(["sh", str(script)], check=True, env=env, cwd=tmp_path)
    calls = [c.split("\0")[:-1] for c in log.read_text().split("\n")[:-1]]
    assert calls[-1] == gh_issue_argv(hostile)[1:]
    assert not any(tmp_path.glob("p*"))


def test_a_text_that_looks_like_an_option_stays_the_value_of_its_option() -> None:
    argv = script_commands(render_actions([line("--help"), line("-R evil/repo")], "gh"))[2:]
    assert [a[3] for a in argv] == ["--title=--help", "--title=-R evil/repo"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(min_size=1, max_size=200),
    owner=st.text(max_size=40),
    title=st.text(min_size=1, max_size=60),
)
def test_any_text_reads_back_as_one_command_per_action(text: str, owner: str, title: str) -> None:
    actions = [line(text, owner=owner, initiative=title), line("second", initiative=title)]
    script = render_actions(actions, "gh")
    assert not CONTROL.search(script) and "\t" not in script
    commands = script_commands(script)
    assert commands[-2:] == [gh_issue_argv(a) for a in actions]
    for argv in commands:
        assert all("\n" not in arg and "\t" not in arg for arg in argv)


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=200), owner=st.text(max_size=40))
def test_any_text_reads_back_from_every_csv(text: str, owner: str) -> None:
    for fmt in ("csv", "jira-csv", "linear-csv"):
        rendered = render_actions([line(text, owner=owner)], fmt)
        assert not CONTROL.search(rendered.replace("\r\n", "\n"))
        assert len(rows(rendered)) == 2


def facts_with_actions() -> InitiativeFacts:
    initiative = Initiative(title="Docs home")
    noor = Person(name="Noor Haddad")
    session = Session(
        initiative_id=initiative.id,
        playbook_key="discovery",
        kind=SessionKind.DISCOVERY,
        title="Discovery",
    )
    at = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)

    def action(text: str, minutes: int, **kw: object) -> ActionItem:
        return ActionItem(
            initiative_id=initiative.id,
            text=text,
            created_at=at.replace(minute=minutes),
            **kw,
        )

    return InitiativeFacts(
        initiative=initiative,
        sessions=[session],
        people={noor.id: noor},
        actions=[
            action("undated", 1, session_id=session.id),
            action("late", 2, due_on=date(2026, 2, 1), owner_id=noor.id),
            action("early, written second", 4, due_on=date(2026, 1, 20), session_id=session.id),
            action("early, written first", 3, due_on=date(2026, 1, 20)),
            action("done", 5, due_on=date(2026, 1, 1), done=True, session_id=session.id),
        ],
    )


def test_actions_come_by_due_day_then_as_written_and_open_ones_unless_all() -> None:
    facts = facts_with_actions()
    assert [a.text for a in action_lines(facts)] == [
        "early, written first",
        "early, written second",
        "late",
        "undated",
    ]
    assert next(a.text for a in action_lines(facts, open_only=False)) == "done"
    session_id = facts.sessions[0].id
    assert [a.text for a in action_lines(facts, session_id, open_only=False)] == [
        "done",
        "early, written second",
        "undated",
    ]
    late = action_lines(facts)[2]
    assert late.owner == "Noor Haddad" and late.session_id is None
    assert action_lines(facts, anonymize=True)[2].owner != "Noor Haddad"


def test_rendering_is_deterministic() -> None:
    facts = facts_with_actions()
    for fmt in ("csv", "jira-csv", "linear-csv", "gh"):
        first = render_actions(action_lines(facts, open_only=False), fmt)
        again = render_actions(action_lines(facts, open_only=False), fmt)
        assert first == again
