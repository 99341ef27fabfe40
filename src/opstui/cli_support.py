"""What every ``opstui`` command shares: safe output, one-line errors, the ``--db`` and
``--read-only`` given before a command, and opening the file as a command needs it.

Kept apart from the commands themselves (``opstui.cli``) so that each reads on its own.
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from opstui import paths
from opstui.db.errors import DatabaseFailure, StoreError
from opstui.domain.text import printable

if TYPE_CHECKING:
    from opstui.db.database import Database
    from opstui.db.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print text made safe for a terminal (``printable``): stored text is anyone's."""
    click.echo(printable(text), err=err, nl=nl)


class UserError(click.ClickException):
    """A mistake the user can fix: said in one line, exit code 2, no traceback."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(printable(f"opstui: {self.format_message()}"), err=True, file=file)


@dataclass(frozen=True)
class GroupOptions:
    """What was given before the subcommand (``opstui --db X --read-only list …``)."""

    db_path: Path | None = None
    read_only: bool = False
    #: ``--demo``: the demo database, wherever ``opstui demo`` writes it by default.
    demo: bool = False
    #: The words the command was run with (set by ``main``), to say what to run instead.
    argv: tuple[str, ...] = ()


def _group_options() -> GroupOptions:
    found = click.get_current_context().find_object(GroupOptions)
    return found if found is not None else GroupOptions()


def chosen_db_path(own: Path | None) -> Path | None:
    """The ``--db`` a subcommand was given, else the one (or ``--demo``) given before it.

    Both may be given when they name the same file; two different files are refused
    rather than one of them silently ignored.
    """
    group = _group_options()
    before = paths.demo_db_path() if group.demo else group.db_path
    if own is None or before is None:
        return own if own is not None else before
    if own.expanduser().resolve() != before.expanduser().resolve():
        given = "--demo" if group.demo else f"--db {before}"
        raise UserError(
            f"two databases were given ({given} before the command, --db {own} after it); give one"
        )
    return own


def group_db_path(db_path: Path | None, demo: bool) -> Path | None:
    """The file named before the command: ``--db`` or ``--demo``, not both."""
    if demo and db_path is not None:
        raise UserError("--demo and --db name two databases; give one")
    return paths.demo_db_path() if demo else db_path


def missing_database(path: Path) -> str:
    """Why a command found no file at ``path``, and the exact command that helps."""
    if path == paths.demo_db_path():
        return f"no demo database yet at {path}: `opstui demo --no-tui` writes it"
    if path != paths.default_db_path():
        return f"no database at {path}; check the path (`opstui --db {path}` creates one)"
    retry = _with_demo(click.get_current_context())
    if paths.demo_db_path().exists():
        return (
            f"no database of your own yet (it goes in {path}; `opstui` starts it). "
            f"For the demo: `{retry}`"
        )
    return (
        f"no database at {path}: `opstui` starts yours; for the demo, run "
        f"`opstui demo --no-tui`, then `{retry}`"
    )


def _with_demo(ctx: click.Context) -> str:
    """The command being run, given ``--demo`` instead of any ``--db``."""
    words = ctx.command_path.split()[1:]
    given = _group_options().argv
    if given:
        words, skip = [], False
        for word in given:
            if skip:
                skip = False
            elif word == "--db":
                skip = True
            elif not word.startswith("--db=") and word != "--demo":
                words.append(word)
    return shlex.join(["opstui", "--demo", *words])


def refuse_read_only(command: str) -> None:
    """A command that writes ends in one line when ``--read-only`` was asked for."""
    if _group_options().read_only:
        raise UserError(
            f"`opstui {command}` writes to the database; it cannot run with --read-only"
        )


def db_option(func: F) -> F:
    """A subcommand's ``--db``; the command receives it merged with the group's own."""

    @functools.wraps(func)
    def with_group_db(*args: Any, db_path: Path | None, **kwargs: Any) -> Any:
        return func(*args, db_path=chosen_db_path(db_path), **kwargs)

    return click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path, dir_okay=True),
        default=None,
        help=f"Database file (default: ${paths.DB_ENV}, else the user data folder).",
    )(with_group_db)  # type: ignore[return-value]


def export_output(
    what: str, fmt: str, output: Path | None, folder: Path | None, *, excel: bool
) -> Path | None:
    """The file ``opstui export`` writes (None: standard output), once its options agree."""
    if output is not None and str(output) == "-":
        output = None  # "-o -": standard output, as every command-line tool reads it
    if folder is not None and (what != "initiative" or output is not None):
        raise UserError("--all-sessions goes with `export initiative ID` and without -o")
    if folder is not None and folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file, not a folder")
    if excel and fmt != "csv":
        raise UserError(f"--excel goes with --format csv, not --format {fmt}")
    return output


def open_store(path: Path, *, read_only: bool = False, must_exist: bool = False) -> Store:
    """Open the database or explain in one line why it cannot be opened."""
    from opstui.db.store import Store

    return Store(open_database(path, read_only=read_only, must_exist=must_exist))


def open_database(path: Path, *, read_only: bool = False, must_exist: bool = False) -> Database:
    """Open the file, without loading the domain models (see ``db.database``).

    What cannot be opened is explained in one line.
    """
    from opstui.db.database import Database

    if must_exist and not path.exists():
        raise UserError(missing_database(path))
    try:
        if not read_only:
            paths.ensure_parent(path)
        database = Database.open(path, read_only=read_only)
    except DatabaseFailure as exc:
        raise UserError(f"{path} cannot be read as a database: {exc}") from None
    except StoreError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot open {path}: {exc.strerror or exc}") from None
    if database.tightened_from is not None:
        echo(
            f"opstui: {path} was readable by others (mode {database.tightened_from:04o}); "
            "made it private (0600)",
            err=True,
        )
    return database


def open_for_reading(db_path: Path | None) -> Store:
    """Open a database for a command that only reads: never created, never changed."""
    return open_store(paths.resolve_db_path(db_path), read_only=True, must_exist=True)


#: How ``opstui list initiatives`` names the file itself among the sources of its rows.
THIS_FILE = "this file"


def initiative_rows(store: Store, as_json: bool) -> tuple[list[dict[str, Any]], list[str]]:
    """What ``opstui list initiatives`` prints, and the table's columns.

    ``from`` is where each initiative comes from (``InitiativeHeading.origin``): null
    for this file in JSON; a table has the column only when some come from elsewhere.
    """
    origins = {heading.id: heading.origin for heading in store.initiative_headings()}
    rows: list[dict[str, Any]] = [
        {
            "id": i.id,
            "title": i.title,
            "step": int(i.step),
            "step_name": i.step.title,
            "status": i.status.value,
            "from": origins.get(i.id),
        }
        for i in store.list_initiatives()
    ]
    if as_json or all(row["from"] is None for row in rows):
        return rows, ["id", "step", "step_name", "status", "title"]
    for row in rows:
        row["from"] = row["from"] or THIS_FILE
    return rows, ["id", "step", "step_name", "status", "from", "title"]
