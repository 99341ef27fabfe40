"""``opstui export actions INITIATIVE|SESSION``: action items for a tracker.

Kept apart from ``cli_export`` (which only dispatches here) so that the formats of
action items and their option checks read on their own.
"""

from __future__ import annotations

from pathlib import Path

from opstui.cli_support import UserError, echo, open_for_reading
from opstui.db.errors import StoreError

#: The ``--format`` values that only action items are written in.
ACTIONS_ONLY_FORMATS = ("jira-csv", "linear-csv", "gh")


def check_not_actions(what: str, fmt: str | None, open_only: bool | None) -> None:
    """Refuse, in one line, the action items' own options given to another export."""
    if fmt in ACTIONS_ONLY_FORMATS:
        raise UserError(f"--format {fmt} goes with `export actions ID`, not `export {what}`")
    if open_only is not None:
        flag = "--open-only" if open_only else "--all"
        raise UserError(f"{flag} goes with `export actions ID`, not `export {what}`")


def export_actions_to(
    record_ref: str,
    fmt: str | None,
    output: Path | None,
    *,
    force: bool,
    excel: bool,
    anonymize: bool,
    open_only: bool | None,
    db_path: Path | None,
) -> None:
    """Write (or print) the action items of an initiative or a session."""
    from opstui import export as exports
    from opstui.export.actions_export import ACTIONS_FORMATS, ActionsFormat
    from opstui.services.action_export import export_actions
    from opstui.services.exporting import ExportError, ExportFile, write_files

    chosen = fmt or "csv"
    if chosen not in ACTIONS_FORMATS:
        choices = ", ".join(ACTIONS_FORMATS)
        raise UserError(f"action items are written as --format {choices}; not {chosen}")
    form: ActionsFormat = chosen  # narrowed by the check above
    if excel and form != "csv":
        raise UserError(
            f"--excel goes with --format csv, not --format {form} (an importer reads "
            "the byte order mark as part of the first column's name)"
        )
    if output is not None and str(output) == "-":
        output = None  # "-o -": standard output
    with open_for_reading(db_path) as store:
        try:
            text = export_actions(
                store, record_ref, form, open_only=open_only is not False, anonymize=anonymize
            )
        except (StoreError, ExportError) as exc:
            raise UserError(str(exc)) from None
    if excel:
        text = exports.EXCEL_BOM + text
    if output is None:
        echo(text, nl=False)
        return
    try:
        written = write_files([ExportFile(output, text)], overwrite=force)
    except exports.ExportExists as exc:
        raise UserError(f"{exc.path} already exists; add --force to replace it") from None
    except ExportError as exc:
        raise UserError(str(exc)) from None
    for done in written:
        echo(f"Wrote {done}", err=True)
