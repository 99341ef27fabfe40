"""``opstui export``: a session's notes, an initiative's report, its results, its
process map, or action items for a tracker (``cli_actions``).

Exporting only reads: the database is opened read-only, whoever's copy it is, and no
record of the export is kept in it (the plan's "results shared on" is the user's, set
by marking the results message sent).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from opstui import paths
from opstui.cli_support import UserError, db_option, echo, export_output, open_for_reading
from opstui.db.errors import StoreError

if TYPE_CHECKING:
    from opstui.domain.initiative import Group
    from opstui.services.exporting import Exporter


@click.command("export")
@click.argument("what", type=click.Choice(["session", "initiative", "results", "map", "actions"]))
@click.argument("record_id", metavar="ID")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file instead of standard output (`-` is standard output).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        ["md", "json", "csv", "html", "slack", "mermaid", "ics", "jira-csv", "linear-csv", "gh"]
    ),
    default=None,
    help="md (the default) to paste into a doc or chat; html, a self-contained page to "
    "open in a browser and copy into Google Docs, Notion, Word or Confluence; slack, "
    "Slack's mrkdwn (tables in code blocks); json with the same content; csv of feedback, "
    "votes and actions, one row each, kind in the `record` column (not for results); "
    "mermaid (map only): the flowchart alone; ics (session only): a calendar of the next "
    "planned session and the open actions' due dates. Actions: csv (the default), "
    "jira-csv and linear-csv for those trackers' CSV importers, gh for a script of "
    "`gh issue create` commands to read and run.",
)
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@click.option(
    "--all-sessions",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Initiative only: write the report and every session's notes into this folder.",
)
@click.option(
    "--session",
    "session_ref",
    metavar="ID",
    default=None,
    help="Map only: the map drawn in this session (any unique start of its id).",
)
@click.option("--anonymize", is_flag=True, help="Name people by their role and group only.")
@click.option(
    "--excel",
    is_flag=True,
    help="With --format csv: start with a UTF-8 byte order mark, so that Excel shows "
    "accented letters right (rows end in CRLF, as it expects).",
)
@click.option(
    "--group",
    "group_name",
    metavar="GROUP",
    default=None,
    help="Results only: the report for one affected group (product, engineering, …); "
    "without it, for everyone.",
)
@click.option(
    "--open-only/--all",
    "open_only",
    default=None,
    help="Actions only: the open action items (the default), or all of them.",
)
@db_option
def export(
    what: str,
    record_id: str,
    output: Path | None,
    fmt: str,
    force: bool,
    folder: Path | None,
    anonymize: bool,
    excel: bool,
    group_name: str | None,
    session_ref: str | None,
    open_only: bool | None,
    db_path: Path | None,
) -> None:
    """Export a session's notes, an initiative's report, its results or its process map.

    ID is any unique start of the session's or initiative's id (see `opstui list`);
    `results` and `map` take an initiative's. `map` writes the initiative's latest
    process map (with --session, the latest drawn in that session) as Markdown, with
    the flowchart in a mermaid block, its hand-offs and what the checks found, or with
    --format mermaid the flowchart alone. The results report says, for everyone or for one
    affected group (--group), what we heard and what we did about it, the outcome
    against its baseline, satisfaction, lessons and the results messages; anonymous
    remarks appear only in the report for everyone, never attributed. Nothing is
    written over an existing file without --force. The database is only read.

    `actions` takes an initiative (start of its id, or its title) or a session (start
    of its id) and writes its action items, open ones unless --all, by due date, for a
    tracker: csv, jira-csv, linear-csv, or gh (a script of `gh issue create` lines that
    you read, then run yourself; opstui holds no credentials).
    """
    from opstui.cli_actions import check_not_actions, export_actions_to

    if what == "actions":
        if folder is not None or group_name is not None or session_ref is not None:
            raise UserError("--all-sessions, --group and --session do not go with `export actions`")
        export_actions_to(
            record_id,
            fmt,
            output,
            force=force,
            excel=excel,
            anonymize=anonymize,
            open_only=open_only,
            db_path=db_path,
        )
        return
    check_not_actions(what, fmt, open_only)
    fmt = fmt or "md"
    from opstui import export as exports
    from opstui.services.exporting import Exporter, ExportError, ExportFile, write_files

    if group_name is not None and what != "results":
        raise UserError(f"--group goes with `export results INITIATIVE`, not `export {what}`")
    if what == "results" and fmt == "csv":
        raise UserError(
            "the results report is written as --format md, json, html or slack, not csv"
        )
    _check_map_options(what, fmt, session_ref, anonymize)
    if fmt == "ics" and what != "session":
        raise UserError(f"--format ics goes with `export session ID`, not `export {what}`")
    output = export_output(what, fmt, output, folder, excel=excel)
    bom = exports.EXCEL_BOM if excel else ""
    form: exports.Format = next((f for f in exports.FORMATS if f == fmt), "md")
    with open_for_reading(db_path) as store:
        try:
            kind = "initiative" if what in ("results", "map") else what
            full_id = store.resolve(kind, record_id)
        except StoreError as exc:
            raise UserError(str(exc)) from None
        exporter = Exporter(store, exports.available_playbooks(paths.playbooks_dir()))
        if what == "map":
            try:
                session_id = None if session_ref is None else store.resolve("session", session_ref)
                rendered = exporter.render_map(
                    full_id, session_id, "mermaid" if fmt == "mermaid" else "md"
                )
            except (StoreError, ExportError) as exc:
                raise UserError(str(exc)) from None
            files = [] if output is None else [ExportFile(output, rendered.text)]
            text = rendered.text
        elif fmt == "ics":
            calendar = exporter.render_calendar(full_id, anonymize=anonymize)
            for note in calendar.notes:
                echo(f"opstui: {note}", err=True)
            text = calendar.text
            files = [] if output is None else [ExportFile(output, text)]
        elif folder is not None:
            from opstui.cli_progress import shown_progress

            with shown_progress("nothing written") as progress:
                files = exporter.folder_files(
                    full_id, folder, form, anonymize=anonymize, progress=progress
                )
            files = [ExportFile(file.path, bom + file.text) for file in files]
        else:
            if what == "results":
                group = _chosen_group(exporter, full_id, group_name)
                rendered = exporter.render_results(full_id, group, form, anonymize=anonymize)
            else:
                rendered = exporter.render(
                    "session" if what == "session" else "initiative",
                    full_id,
                    form,
                    anonymize=anonymize,
                )
            text = bom + rendered.text
            files = [] if output is None else [ExportFile(output, text)]
    if not files:
        echo(text, nl=False)
        return
    try:
        written = write_files(files, overwrite=force)
    except exports.ExportExists as exc:
        raise UserError(f"{exc.path} already exists; add --force to replace it") from None
    except ExportError as exc:
        raise UserError(str(exc)) from None
    for done in written:
        echo(f"Wrote {done}", err=True)


def _check_map_options(what: str, fmt: str, session_ref: str | None, anonymize: bool) -> None:
    """Refuse, in one line, options that do not go with ``what``."""
    if what != "map":
        if fmt == "mermaid":
            raise UserError(f"--format mermaid goes with `export map INITIATIVE`, not `{what}`")
        if session_ref is not None:
            raise UserError(f"--session goes with `export map INITIATIVE`, not `{what}`")
        return
    if fmt not in ("md", "mermaid"):
        raise UserError(f"a process map is written as --format md or mermaid, not {fmt}")
    if anonymize:
        raise UserError("a process map names roles, not people: leave out --anonymize")


def _chosen_group(exporter: Exporter, initiative_id: str, name: str | None) -> Group | None:
    """The affected group ``--group`` names (None: everyone), or a line listing them."""
    from opstui.domain.results_report import group_named

    if name is None:
        return None
    valid = exporter.results_groups(initiative_id)
    group = group_named(name)
    if group is not None and group in valid:
        return group
    if not valid:
        raise UserError(
            f"no affected group {name!r}: this initiative has no affected groups yet; "
            "leave out --group for the report to everyone"
        )
    choices = ", ".join(g.value for g in valid)
    raise UserError(f"no affected group {name!r} in this initiative; choose one of: {choices}")
