"""The ``opstui`` command line: the app, the demo, and commands for reviewing offline.

Only opening the app imports Textual; every other command stays light so that an ops
lead's scripts start fast. A user's mistake ends with one line on stderr and exit 2.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from opstui import __version__, paths
from opstui.db.errors import StoreError
from opstui.db.store import Store

F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A mistake the user can fix: said in one line, exit code 2, no traceback."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"opstui: {self.format_message()}", err=True, file=file)


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path, dir_okay=True),
        default=None,
        help=f"Database file (default: ${paths.DB_ENV}, else the user data folder).",
    )(func)


def open_store(path: Path, *, read_only: bool = False, must_exist: bool = False) -> Store:
    """Open the database or explain in one line why it cannot be opened."""
    if must_exist and not path.exists():
        raise UserError(f"no database at {path}; run `opstui demo` or `opstui` to create one")
    try:
        if not read_only:
            paths.ensure_parent(path)
        return Store.open(path, read_only=read_only)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path} cannot be read as a database ({exc})") from None
    except OSError as exc:
        raise UserError(f"cannot open {path}: {exc.strerror or exc}") from None


def open_for_reading(db_path: Path | None) -> Store:
    """Open a database for a command that only reads: never created, never changed."""
    return open_store(paths.resolve_db_path(db_path), read_only=True, must_exist=True)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option("--read-only", is_flag=True, help="Open for review: nothing can be changed.")
@click.version_option(__version__, prog_name="opstui")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, read_only: bool) -> None:
    """Facilitate the working sessions of a product-operations rollout.

    With no command, opens the app on the database.
    """
    if ctx.invoked_subcommand is None:
        path = paths.resolve_db_path(db_path)
        store = open_store(path, read_only=read_only, must_exist=read_only)
        _run_app(store)


def _run_app(store: Store) -> None:
    from opstui.app import make_app  # Textual is imported only for the app itself.

    try:
        make_app(store).run()
    finally:
        store.close()


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
    """Write a realistic demo database if there is none yet, and open the app on it."""
    path = (db_path or paths.demo_db_path()).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file")
    if path.exists() and path.stat().st_size > 0:
        with open_store(path) as existing:
            is_demo = existing.is_demo
        if not is_demo:
            raise UserError(f"{path} holds real data, not a demo; choose another --db path")
        if reset:
            _remove_database(path)
    if not path.exists() or path.stat().st_size == 0:
        _write_demo(path)
        click.echo(f"Wrote the demo database to {path}", err=True)
    if no_tui:
        return
    _run_app(open_store(path))


def _write_demo(path: Path) -> None:
    """Build the demo in a scratch file, then move it into place: never half a demo."""
    from opstui.demo import build_demo

    paths.ensure_parent(path)
    scratch = path.with_name(f".{path.name}.building")
    _remove_database(scratch)
    try:
        with open_store(scratch) as store:
            build_demo(store)
        scratch.replace(path)
    finally:
        _remove_database(scratch)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


# -- list ----------------------------------------------------------------------------


@cli.command("list")
@click.argument("what", type=click.Choice(["initiatives", "sessions", "metrics"]))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_(what: str, as_json: bool, db_path: Path | None) -> None:
    """List initiatives, sessions or metrics, with their ids."""
    with open_for_reading(db_path) as store:
        titles = {i.id: i.title for i in store.list_initiatives()}
        rows: list[dict[str, Any]]
        if what == "initiatives":
            rows = [
                {
                    "id": i.id,
                    "title": i.title,
                    "step": int(i.step),
                    "step_name": i.step.title,
                    "status": i.status.value,
                }
                for i in store.list_initiatives()
            ]
            columns = ["id", "step", "step_name", "status", "title"]
        elif what == "sessions":
            rows = [
                {
                    "id": s.id,
                    "initiative": titles.get(s.initiative_id, ""),
                    "initiative_id": s.initiative_id,
                    "title": s.title,
                    "kind": s.kind.value,
                    "state": s.state.value,
                    "date": s.held_at.date().isoformat() if s.held_at else None,
                }
                for s in store.list_sessions()
            ]
            columns = ["id", "date", "kind", "state", "title", "initiative"]
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
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(format_table(rows, columns))


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
    for entry in discover_playbooks(folder):
        origin = "built-in" if entry.builtin else entry.source
        if entry.playbook is not None:
            book = entry.playbook
            click.echo(
                f"{book.key:<18} step {int(book.step)}  {book.kind.label:<16} "
                f"{book.minutes:>3} min  {book.title}  [{origin}]"
            )
        elif entry.error is not None:
            click.echo(f"{'(broken)':<18} {origin}: {entry.error.problems[0]}")
    click.echo(f"\nCustom playbooks are read from {folder}", err=True)


@playbooks.command("check")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def playbooks_check(file: Path) -> None:
    """Check a playbook file and print every problem with the field it is in."""
    from opstui.domain.playbook import PlaybookError, load_playbook_file

    try:
        book = load_playbook_file(file)
    except PlaybookError as exc:
        for problem in exc.problems:
            click.echo(f"{file}: {problem}", err=True)
        sys.exit(1)
    click.echo(
        f"{file}: OK — {book.title} ({book.kind.label}, step {int(book.step)}, "
        f"{len(book.agenda)} agenda items, {book.minutes} min)"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``opstui`` console script."""
    cli.main(args=argv, prog_name="opstui")
