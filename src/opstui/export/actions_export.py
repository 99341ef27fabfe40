"""Action items out to the trackers where the work happens: CSV, Jira's and Linear's
CSV importers, and a script of ``gh issue create`` commands.

Rendering is pure: ``action_lines`` picks and orders an initiative's (or a session's)
action items from its facts, and each renderer turns them into text, the same bytes
for the same data. opstui holds no tracker credentials and sends nothing anywhere:
the user imports the file, or reads the script and runs it.

Every CSV cell goes through ``structured.safe_cell``, as the other CSV exports do:
control characters are made visible and a cell a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
``'``, which the tracker then shows as part of the text. Rows end in CRLF.

What the importers read (looked up in their public documentation, December 2026):

- Jira Cloud's CSV importer (Atlassian, "Importing data from CSV", confluence.atlassian.com/
  adminjiracloud/importing-data-from-csv-776636762.html, and "Prepare a CSV file for
  import", support.atlassian.com/jira-work-management/docs/prepare-and-structure-your-
  csv-file): a header row with a ``Summary`` column is required; header names without
  punctuation map themselves to the Jira fields of the same name (``Summary``,
  ``Description``, ``Assignee``, ``Issue Type``, ``Status``, ``Labels``, ``Due Date``);
  several labels are several ``Labels`` columns; users are best given by email address,
  which opstui does not hold, so ``Assignee`` carries the owner's name to be matched
  to a Jira user at the importer's mapping step. Dates are read in the format the
  importer is told; ours are ``yyyy-MM-dd``.
- Linear's importer (linear.app/docs/import-issues) reads a CSV in the shape of
  Linear's own issue export; of its columns we fill ``Title``, ``Description``,
  ``Status``, ``Assignee``, ``Labels`` (comma-separated) and ``Due Date``
  (``yyyy-MM-dd``). opstui has no priority, so there is no ``Priority`` column.
"""

from __future__ import annotations

import csv
import io
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from opstui.domain.facts import InitiativeFacts
from opstui.domain.text import printable, shorten
from opstui.export.bundle import PeopleNames
from opstui.export.common import day, stamp
from opstui.export.files import slug
from opstui.export.markdown_safe import inline
from opstui.export.structured import safe_cell

ActionsFormat = Literal["csv", "jira-csv", "linear-csv", "gh"]
ACTIONS_FORMATS: tuple[ActionsFormat, ...] = ("csv", "jira-csv", "linear-csv", "gh")

#: Jira cuts a summary at 255 characters and GitHub a title at 256: the whole text
#: goes in the description or body, a shortened one in the title.
TITLE_LIMIT = 255
#: The label every tracker gets, beside the initiative's slug.
LABEL = "opstui"

CSV_COLUMNS = ("id", "text", "owner", "due", "status", "initiative", "session", "created")
JIRA_COLUMNS = (
    "Summary",
    "Description",
    "Assignee",
    "Due Date",
    "Labels",
    "Labels",
    "Status",
    "Issue Type",
)
LINEAR_COLUMNS = ("Title", "Description", "Status", "Assignee", "Labels", "Due Date")


@dataclass(frozen=True)
class ActionLine:
    """One action item with what a tracker needs to place it: names, not ids."""

    id: str
    text: str
    owner: str
    due_on: date | None
    done: bool
    created_at: datetime
    initiative_id: str
    initiative: str
    session_id: str | None
    session: str
    session_day: str

    @property
    def label(self) -> str:
        """The initiative as a label: lower case, no spaces (Jira's labels have none)."""
        return slug(self.initiative, "initiative")

    def source(self) -> str:
        """Where the action was raised, in one plain line, with ids to find it again."""
        where = f"initiative “{self.initiative}” ({self.initiative_id[:8]})"
        if self.session_id is not None:
            held = f", {self.session_day}" if self.session_day else ""
            where = f"session “{self.session}” ({self.session_id[:8]}{held}) of " + where
        return f"From opstui: {where}; action {self.id}."


def action_lines(
    facts: InitiativeFacts,
    session_id: str | None = None,
    *,
    open_only: bool = True,
    anonymize: bool = False,
) -> list[ActionLine]:
    """The initiative's action items (only those raised in ``session_id`` when given),
    open ones only unless ``open_only`` is false, by due day (undated last), then by
    when they were written."""
    people = PeopleNames(facts.people, anonymize=anonymize)
    sessions = {s.id: s for s in facts.sessions}
    lines = []
    for action in facts.actions:
        if session_id is not None and action.session_id != session_id:
            continue
        if open_only and action.done:
            continue
        session = sessions.get(action.session_id or "")
        lines.append(
            ActionLine(
                id=action.id,
                text=action.text,
                owner=people.name(action.owner_id, missing=""),
                due_on=action.due_on,
                done=action.done,
                created_at=action.created_at,
                initiative_id=facts.initiative.id,
                initiative=facts.initiative.title,
                session_id=session.id if session else None,
                session=session.title if session else "",
                session_day=day(session.held_at) if session else "",
            )
        )
    return sorted(lines, key=_order)


def _order(line: ActionLine) -> tuple[bool, date, datetime, str]:
    return (line.due_on is None, line.due_on or date.min, line.created_at, line.id)


def render_actions(lines: Iterable[ActionLine], fmt: ActionsFormat) -> str:
    """The action items in one of ``ACTIONS_FORMATS``."""
    lines = list(lines)
    if fmt == "csv":
        return _write_csv(CSV_COLUMNS, [_own_row(line) for line in lines])
    if fmt == "jira-csv":
        return _write_csv(JIRA_COLUMNS, [_jira_row(line) for line in lines])
    if fmt == "linear-csv":
        return _write_csv(LINEAR_COLUMNS, [_linear_row(line) for line in lines])
    if fmt == "gh":
        return gh_script(lines)
    raise ValueError(f"unknown actions format {fmt!r}")


def _write_csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _status(line: ActionLine) -> str:
    return "done" if line.done else "open"


def _own_row(line: ActionLine) -> list[str]:
    return [
        line.id,
        line.text,
        line.owner,
        day(line.due_on),
        _status(line),
        line.initiative,
        line.session,
        stamp(line.created_at),
    ]


def _gfm(text: str) -> str:
    """Text on one line, tabs too, escaped for GitHub Markdown (no mention, no HTML)."""
    return inline(printable(text, lines=False))


def _title(line: ActionLine) -> str:
    return shorten(printable(line.text, lines=False), TITLE_LIMIT)


def _description(line: ActionLine) -> str:
    """The whole text, then who and when, then where it came from: plain text."""
    parts = [line.text, ""]
    if line.owner:
        parts.append(f"Owner: {line.owner}")
    if line.due_on is not None:
        parts.append(f"Due: {day(line.due_on)}")
    parts.append(line.source())
    return "\n".join(parts)


def _jira_row(line: ActionLine) -> list[str]:
    return [
        _title(line),
        _description(line),
        line.owner,
        day(line.due_on),  # yyyy-MM-dd: the format to give the importer
        LABEL,
        line.label,
        "Done" if line.done else "To Do",
        "Task",
    ]


def _linear_row(line: ActionLine) -> list[str]:
    return [
        _title(line),
        _description(line),
        "Done" if line.done else "Todo",
        line.owner,
        f"{LABEL}, {line.label}",
        day(line.due_on),
    ]


GH_HEADER = """\
#!/bin/sh
# GitHub issues for action items exported by opstui: one `gh issue create` per action.
# opstui holds no credentials and runs nothing: read this script, then run it
# yourself (`bash FILE`) inside a clone of the repository, or with GH_REPO=owner/name
# set, logged in with `gh auth login`. Every argument is quoted for the shell, so no
# text in an action can run as a command. The labels are created first (--force
# leaves an existing label as it is, bar its colour and description).
set -e
"""


def gh_script(lines: list[ActionLine]) -> str:
    """A shell script of ``gh`` commands, one line each, every argument quoted.

    Text is put on one line with control characters made visible before quoting, so
    the script holds no control character but the newlines between commands, and
    each line reads back (``shlex.split``) as exactly the argv intended. The body is
    GitHub Markdown with the user's text escaped (``markdown_safe.inline``): no
    mention, image or HTML comes from an action's text. People have no GitHub login
    here, so there is no ``--assignee``: the owner is named in the body.
    """
    labels = sorted({LABEL} | {line.label for line in lines})
    commands = [["gh", "label", "create", label, "--force"] for label in labels]
    commands += [gh_issue_argv(line) for line in lines]
    return GH_HEADER + "".join(shlex.join(argv) + "\n" for argv in commands)


def gh_issue_argv(line: ActionLine) -> list[str]:
    """The argv of one ``gh issue create``, before quoting."""
    body = [_gfm(line.text)]
    if line.owner:
        body.append(f"Owner: {_gfm(line.owner)}")
    if line.due_on is not None:
        body.append(f"Due: {day(line.due_on)}")
    if line.done:
        body.append("Done in opstui")
    body.append(_gfm(line.source()))
    # "--title=TEXT" in one argument, so that a text starting with "-" is never read
    # as an option of its own, whatever gh's option parser does with a separate value.
    return [
        "gh",
        "issue",
        "create",
        f"--title={_title(line)}",
        f"--body={' · '.join(body)}",
        f"--label={LABEL}",
        f"--label={line.label}",
    ]
