"""``opstui bundle``: one initiative written to a file of its own, to hand to a colleague.

The source is the database every other command uses (``--db`` before or after the
command, ``--demo``, ``OPSTUI_DB``); it is only read, so a file opened ``--read-only``
can be bundled too, while the app keeps writing to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from opstui import paths
from opstui.cli_support import UserError, db_option, echo, missing_database
from opstui.db.errors import StoreError

#: How the line printed names each table's rows (those not named are not counted).
_SHOWN = {
    "sessions": ("session", "sessions"),
    "feedback": ("remark", "remarks"),
    "proposals": ("vote", "votes"),
    "decisions": ("decision", "decisions"),
    "action_items": ("action item", "action items"),
    "metrics": ("metric", "metrics"),
    "readings": ("reading", "readings"),
    "people": ("person", "people"),
    "tombstones": ("deletion", "deletions"),
}


@click.command("bundle")
@click.argument("initiative")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="The file to write (default: <title>-<id>.opstui.db in the current folder).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists already.")
@click.option(
    "--with-private-notes",
    "private_notes",
    is_flag=True,
    help="Include the facilitator's private notes pad of each session (left out by default).",
)
@db_option
def bundle(
    initiative: str,
    output: Path | None,
    force: bool,
    private_notes: bool,
    db_path: Path | None,
) -> None:
    """Write one initiative, everything it holds and the people it names, to a new file.

    INITIATIVE is any unique start of its id (see `opstui list initiatives`). A colleague
    merges the file into theirs with `opstui merge`. The database is only read, and may be
    open in the app meanwhile; nothing is written over an existing file without --force.
    """
    from opstui.cli_progress import shown_progress
    from opstui.services.bundling import bundle_initiative

    if output is not None and str(output) == "-":
        raise UserError("a bundle is a database file: give a file name to -o, not -")
    source = paths.resolve_db_path(db_path)
    if not source.exists():
        raise UserError(missing_database(source))
    try:
        with shown_progress("no bundle written") as progress:
            done = bundle_initiative(
                source,
                initiative,
                output,
                force=force,
                private_notes=private_notes,
                progress=progress,
            )
    except StoreError as exc:
        raise UserError(str(exc)) from None
    notes = " with private notes" if private_notes else ""
    echo(
        f"Bundled {done.title!r} ({done.initiative_id[:8]}) into {done.path}{notes}: "
        f"{count_words(done.counts)}"
    )


def count_words(counts: Mapping[str, int]) -> str:
    """ "9 sessions, 40 remarks, 1 vote, …": what a bundle holds, in the user's words."""
    words = []
    for table, (one, many) in _SHOWN.items():
        n = counts.get(table, 0)
        words.append(f"{n} {one if n == 1 else many}")
    return ", ".join(words)
