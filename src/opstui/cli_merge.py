"""``opstui merge``: facilitators' files merged into one (a team file, or your own).

Registered on the command group by ``opstui.cli``; the merge itself is the use case
``opstui.services.merging``, and its report is rendered by ``opstui.export.merge_report``.
"""

from __future__ import annotations

from pathlib import Path

import click

from opstui import paths
from opstui.cli_support import UserError, chosen_db_path, echo, refuse_read_only


class Stopped(UserError):
    """The merge was stopped part way (Ctrl+C): said in one line, as a shell expects."""

    exit_code = 130


@click.command()
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, dir_okay=True),
    metavar="FILE...",
)
@click.option(
    "--into",
    "into",
    type=click.Path(path_type=Path, dir_okay=True),
    default=None,
    help="The file merged into (default: the database every command uses; created if absent).",
)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--with-private-notes",
    "private_notes",
    is_flag=True,
    help="Merge the facilitators' private session notes too (left out by default).",
)
def merge(
    files: tuple[Path, ...], into: Path | None, dry_run: bool, as_json: bool, private_notes: bool
) -> None:
    """Merge opstui files (FILE...) into one; report every edit not taken, and why.

    Each row is kept in the version the rules pick whatever order the files are given
    in: an initiative's owning file wins on the initiative itself, else the later edit;
    a deletion wins over an older edit. A colleague entered in two files is recognised
    by name and group.

    The target stays usable while it runs: the merge writes in short steps, so an app
    with the file open keeps saving. Stopped part way (Ctrl+C, a kill, a power cut),
    it leaves the target whole, holding part of the merge: run the same merge again to
    complete it.
    """
    from opstui.cli_progress import shown_progress
    from opstui.db.errors import StoreError
    from opstui.domain.progress import Cancelled
    from opstui.export.merge_report import render_report
    from opstui.services.merging import merge_files

    refuse_read_only("merge")
    target = paths.resolve_db_path(into if into is not None else chosen_db_path(None))
    if target.exists() and target.is_dir():
        raise UserError(f"{target} is a folder, not a database file")
    if not dry_run:
        paths.ensure_parent(target)
    try:
        # The bar on stderr when it is a terminal; Ctrl+C stops between two transactions,
        # and says what a stopped merge leaves (the bar's own "cancelled" line would not).
        with shown_progress("nothing merged") as progress:
            try:
                report = merge_files(
                    list(files),
                    target,
                    dry_run=dry_run,
                    private_notes=private_notes,
                    progress=progress,
                )
            except (KeyboardInterrupt, Cancelled):
                if dry_run:
                    raise Stopped("dry run stopped; nothing was written") from None
                raise Stopped(
                    f"merge stopped: {target} holds part of it, whole; "
                    "run the same merge again to complete it"
                ) from None
    except StoreError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot merge into {target}: {exc.strerror or exc}") from None
    if as_json:
        echo(report.model_dump_json(indent=2))
    else:
        echo(render_report(report), nl=False)
