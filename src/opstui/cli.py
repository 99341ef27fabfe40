"""The ``opstui`` command line: the app, the demo, and commands for reviewing offline.

Only opening the app imports Textual; every other command stays light so that an ops
lead's scripts start fast. A user's mistake ends with one line on stderr and exit 2.
Every line goes out through ``echo``, so text from the database, a playbook file or
the command line never writes control sequences to the terminal.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from opstui import __version__, paths
from opstui.cli_bundle import bundle
from opstui.cli_chart import chart, find_metric
from opstui.cli_demo import demo_in_place, remove_database, write_demo
from opstui.cli_export import export
from opstui.cli_merge import merge
from opstui.cli_search import search
from opstui.cli_support import (
    GroupOptions,
    UserError,
    chosen_db_path,
    db_option,
    echo,
    group_db_path,
    initiative_rows,
    open_database,
    open_for_reading,
    open_store,
    refuse_read_only,
)
from opstui.cli_survey import survey
from opstui.db.errors import StoreError

if TYPE_CHECKING:
    from opstui.db.database import Database
    from opstui.db.store import Store
    from opstui.domain.findings import Finding


class OpstuiGroup(click.Group):
    """The command group, whose commands never end in a traceback over a damaged file.

    A problem found only while reading (a corrupted page, a write refused by the disk)
    surfaces as one line and exit code 2, like any other mistake the user can act on.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from opstui.db.errors import database_errors, describe_error

        try:
            return super().invoke(ctx)
        except database_errors() as exc:
            raise UserError(describe_error(exc)) from None


@click.group(
    cls=OpstuiGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@db_option
@click.option("--demo", is_flag=True, help="Use the demo database (`opstui demo` writes it).")
@click.option("--read-only", is_flag=True, help="Open for review: nothing can be changed.")
@click.option(
    "--devices-lan",
    "devices_lan",
    metavar="ADDRESS",
    default=None,
    help="Serve participants' devices on this machine's LAN address (e.g. 192.168.1.20) "
    "instead of this machine only: anyone on the network who has the link can join.",
)
@click.version_option(__version__, prog_name="opstui")
@click.pass_context
def cli(
    ctx: click.Context,
    db_path: Path | None,
    demo: bool,
    read_only: bool,
    devices_lan: str | None,
) -> None:
    """Facilitate the working sessions of a product-operations rollout.

    With no command, opens the app on the database. --db, --demo and --read-only given
    here apply to the command that follows as well.
    """
    db_path = group_db_path(db_path, demo)
    argv = ctx.obj.argv if isinstance(ctx.obj, GroupOptions) else ()
    ctx.obj = GroupOptions(db_path, read_only, demo, argv)
    if ctx.invoked_subcommand is None:
        lan = lan_address(devices_lan) if devices_lan is not None else None
        path = paths.resolve_db_path(db_path)
        # The models are not loaded for the app's first screen: they come just after it.
        _run_app(open_database(path, read_only=read_only, must_exist=read_only), devices_lan=lan)


def lan_address(given: str) -> str:
    """The address ``--devices-lan`` names, checked: one that people on the network reach."""
    # Imported here: every command and the app's start paid for it (5-10 ms, -X importtime).
    import ipaddress

    try:
        address = ipaddress.ip_address(given.strip())
    except ValueError:
        raise UserError(
            f"--devices-lan takes this machine's IP address on the network "
            f"(such as 192.168.1.20), not {given!r}"
        ) from None
    if address.is_unspecified:
        raise UserError(
            "--devices-lan names the address participants reach (such as 192.168.1.20), "
            "not 0.0.0.0 or ::"
        )
    return str(address)


def _run_app(database: Database, *, devices_lan: str | None = None) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        database.close()
        # Without a terminal the app would write escape codes into a pipe and wait.
        raise UserError(
            "the app needs a terminal (standard input and output are not one); "
            "for a script use `opstui list`, `doctor`, `chart` or `export`"
        )
    try:
        from opstui.app import make_app  # Textual is imported only for the app itself.

        make_app(database, devices_lan=devices_lan).run()
    finally:
        database.close()  # the app's store wraps this same handle


# -- demo ----------------------------------------------------------------------------


@cli.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the demo (default: demo.db in the user data folder).",
)
@click.option("--no-tui", is_flag=True, help="Write the demo database and exit.")
@click.option("--reset", is_flag=True, help="Rebuild the demo database from scratch.")
def demo(db_path: Path | None, no_tui: bool, reset: bool) -> None:
    """Write a realistic demo database if there is none yet, and open the app on it.

    Only a demo database is ever replaced: an empty file, a link, a FIFO, a device or
    a database with real data at the path is refused and left as it is.
    """
    refuse_read_only("demo")
    path = (chosen_db_path(db_path) or paths.demo_db_path()).expanduser()
    exists = demo_in_place(path)
    if exists and reset:
        remove_database(path)
        exists = False
    if not exists:
        write_demo(path)
        echo(f"Wrote the demo database to {path}", err=True)
        if path == paths.demo_db_path():
            echo("Other commands read it with --demo: `opstui --demo list sessions`", err=True)
    if no_tui:
        return
    _run_app(open_database(path))


# -- list ----------------------------------------------------------------------------


@cli.command("list")
@click.argument("what", type=click.Choice(["initiatives", "sessions", "metrics", "votes"]))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_(what: str, as_json: bool, db_path: Path | None) -> None:
    """List initiatives, sessions, metrics or votes, with their ids."""
    from opstui.domain.counted_sessions import state_label

    with open_for_reading(db_path) as store:
        titles = {i.id: i.title for i in store.list_initiatives()}
        rows: list[dict[str, Any]]
        if what == "initiatives":
            rows, columns = initiative_rows(store, as_json)
        elif what == "sessions":
            rows = [
                {
                    "id": s.id,
                    "initiative": titles.get(s.initiative_id, ""),
                    "initiative_id": s.initiative_id,
                    "title": s.title,
                    "kind": s.kind.value,
                    "state": state_label(s),
                    "cancelled_at": s.cancelled_at.isoformat() if s.cancelled_at else None,
                    "date": s.held_at.date().isoformat() if s.held_at else None,
                }
                for s in store.list_sessions()
            ]
            columns = ["id", "date", "kind", "state", "title", "initiative"]
        elif what == "votes":
            rows, columns = vote_rows(store, titles)
        else:
            rows = [
                {
                    "id": m.id,
                    "initiative": titles.get(m.initiative_id, ""),
                    "initiative_id": m.initiative_id,
                    "name": m.name,
                    "kind": m.kind.value,
                    "unit": m.unit,
                    "direction": m.direction.value,
                    "baseline": m.baseline_value,
                    "target": m.target_value,
                }
                for m in store.list_metrics()
            ]
            columns = ["id", "kind", "name", "baseline", "target", "initiative"]
    if as_json:
        echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        echo(format_table(rows, columns))


def vote_rows(store: Store, titles: dict[str, str]) -> tuple[list[dict[str, Any]], list[str]]:
    """What ``opstui list votes`` prints (a vote's id is what ``opstui chart --vote`` takes)."""
    sessions = {s.id: s for s in store.list_sessions()}
    rows = []
    for proposal in store.list_proposals():
        session = sessions.get(proposal.session_id)
        rows.append(
            {
                "id": proposal.id,
                "date": proposal.created_at.date().isoformat(),
                "method": proposal.method.value,
                "outcome": proposal.outcome.value if proposal.outcome else "open",
                "title": proposal.title,
                "session": session.title if session else "",
                "session_id": proposal.session_id,
                "initiative": titles.get(session.initiative_id, "") if session else "",
            }
        )
    return rows, ["id", "date", "method", "outcome", "title", "session"]


def format_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """A plain aligned table; ids are shortened to 8 characters (any unique prefix works)."""
    if not rows:
        return "(none)"

    def cell(row: dict[str, Any], column: str) -> str:
        value = row.get(column)
        if value is None:
            return "–"
        text = str(value)
        if column == "id":
            text = text[:8]
        return " ".join(text.split())

    table = [[c.replace("_", " ").upper() for c in columns]]
    table += [[cell(r, c) for c in columns] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in table
    )


# -- playbooks ---------------------------------------------------------------------------


@cli.group()
def playbooks() -> None:
    """Built-in and custom session playbooks."""


@playbooks.command("list")
def playbooks_list() -> None:
    """List every playbook, built-in and custom; broken custom ones show their error."""
    from opstui.domain.playbook import discover_playbooks

    folder = paths.playbooks_dir()
    # File names, titles and the errors quoting them are anyone's text: ``echo`` makes
    # them printable, never terminal control.
    for entry in discover_playbooks(folder):
        origin = "built-in" if entry.builtin else entry.source
        if entry.playbook is not None:
            book = entry.playbook
            echo(
                f"{book.key:<18} step {int(book.step)}  {book.kind.label:<16} "
                f"{book.minutes:>3} min  {book.title}  [{origin}]"
            )
        elif entry.error is not None:
            echo(f"{'(broken)':<18} {origin}: {entry.error.problems[0]}")
    echo(f"\nCustom playbooks are read from {folder}", err=True)


@playbooks.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def playbooks_check(file: Path) -> None:
    """Check a playbook file and print every problem with the field it is in.

    Only a regular file (or a link to one) of at most 256 KiB is read: anything else
    is reported as a problem, like a mistake inside the file.
    """
    from opstui.domain.playbook import PlaybookError, load_playbook_file

    try:
        book = load_playbook_file(file)
    except PlaybookError as exc:
        for problem in exc.problems:
            echo(f"{file}: {problem}", err=True)
        sys.exit(1)
    echo(
        f"{file}: OK — {book.title} ({book.kind.label}, step {int(book.step)}, "
        f"{len(book.agenda)} agenda items, {book.minutes} min)"
    )


# -- doctor ------------------------------------------------------------------------------


@cli.command()
@click.argument("initiative", required=False)
@db_option
def doctor(initiative: str | None, db_path: Path | None) -> None:
    """Check initiatives for the method's known mistakes; exit 1 when any is found.

    INITIATIVE is any unique start of an initiative's id; without it, every initiative
    is checked. Each finding says what was seen, why it matters and what to do.
    """
    from opstui.db.store import load_facts
    from opstui.domain.doctor import diagnose

    with open_for_reading(db_path) as store:
        if initiative is None:
            ids = [i.id for i in store.list_initiatives()]
        else:
            try:
                ids = [store.resolve("initiative", initiative)]
            except StoreError as exc:
                raise UserError(str(exc)) from None
        checked: list[tuple[str, str, list[Finding]]] = []
        for initiative_id in ids:
            facts = load_facts(store, initiative_id)
            found = diagnose(facts)
            heading = (
                f"{' '.join(facts.initiative.title.split())}  ({initiative_id[:8]}, step "
                f"{facts.initiative.step.label}, {facts.initiative.status.value})"
            )
            checked.append((heading, initiative_id, found))
    if not checked:
        echo("No initiatives to check.")
        return
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    for number, (heading, _, found) in enumerate(checked):
        if number:
            echo()
        echo(heading)
        if not found:
            echo("  No findings.")
        for finding in found:
            echo(format_finding(finding, width))
    total = sum(len(found) for _, _, found in checked)
    affected = sum(1 for _, _, found in checked if found)
    echo()
    echo(
        f"{total} finding{'' if total == 1 else 's'} in {affected} of {len(checked)} "
        f"initiative{'' if len(checked) == 1 else 's'}."
    )
    if total:
        sys.exit(1)


def format_finding(finding: Finding, width: int = 100) -> str:
    """A doctor's finding as indented plain text: its title, then seen, why and to do."""
    marker = "!" if finding.severity.value == "warning" else "i"
    lines = [f"  {marker} {finding.title}" + ("" if marker == "!" else " (for information)")]
    for label, text in (("Seen", finding.seen), ("Why", finding.why), ("To do", finding.todo)):
        lines += textwrap.wrap(
            " ".join(text.split()),
            width=max(width, 40),
            initial_indent=f"      {label + ':':<7}",
            subsequent_indent=" " * 13,
            # "go-to-market" stays one word: a line never ends in "go-to-".
            break_on_hyphens=False,
        )
    return "\n".join(lines)


# -- metrics: import (``opstui chart`` is in cli_chart) ---------------------------------


@cli.group("import")
def import_() -> None:
    """Bring data in from files."""


@import_.command("readings")
@click.argument("metric")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
def import_readings(metric: str, file: Path, db_path: Path | None) -> None:
    """Add a metric's readings from a CSV file: all of them, or none at all.

    METRIC is any unique start of a metric's id. The file begins with the header
    `date,value,cohort,note`; cohort (all, adopters, pilot, non-adopters; all when
    empty) and note may be left out. Rows repeating a date and cohort already stored
    are refused. When any row is wrong, every bad row is listed on stderr with its line
    number and reason, nothing is written, and the exit code is 2. On a terminal a bar
    shows how far it is; Ctrl+C stops it, and takes back whatever it wrote.
    """
    from opstui.cli_progress import shown_progress
    from opstui.services.readings_import import (
        ReadingsFileError,
        bad_rows,
        import_readings,
        read_readings_file,
    )

    refuse_read_only("import readings")
    with open_store(paths.resolve_db_path(db_path), must_exist=True) as store:
        found = find_metric(store, metric)
        with shown_progress("nothing imported") as progress:
            try:
                parsed = read_readings_file(file, found, store.list_readings(found.id), progress)
            except ReadingsFileError as exc:
                raise UserError(str(exc)) from None
            if parsed.problems:
                progress.clear()  # the bad rows are listed where the bar was
                for problem in parsed.problems:
                    echo(f"{file}:{problem.line}: {problem.reason}", err=True)
                raise UserError(f"nothing imported: {bad_rows(len(parsed.problems))} in {file}")
            try:
                added = import_readings(store, parsed, progress)
            except StoreError as exc:
                raise UserError(f"nothing imported: {exc}") from None
    echo(f"Added {added} reading{'' if added == 1 else 's'} to {found.name}.")


import_.add_command(survey)
cli.add_command(bundle)
cli.add_command(chart)
cli.add_command(export)
cli.add_command(merge)
cli.add_command(search)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``opstui`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Kept for the one-line errors that say which command to run instead.
    cli.main(args=args, prog_name="opstui", obj=GroupOptions(argv=tuple(args)))
