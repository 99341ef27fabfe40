"""``opstui import survey``: a research survey's answers as a metric's reading (or its
baseline) and its comments as remarks, all of it or nothing (``services.survey_import``).

With ``--dry-run`` the database is opened read-only and only what would be written is
printed. Every line goes out through ``echo``: a comment or a column name from the file
is printed as text, never as terminal control.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from opstui import paths
from opstui.cli_support import (
    UserError,
    db_option,
    echo,
    open_for_reading,
    open_store,
    refuse_read_only,
)
from opstui.db.errors import StoreError


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    from opstui.domain.readings_csv import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("survey")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--metric", "metric", required=True, help="The metric (any unique start of its id).")
@click.option("--column", required=True, help="The column holding each respondent's answer.")
@click.option(
    "--aggregate",
    default="mean",
    show_default=True,
    help="mean; top2 (percent of answers in the scale's top two points); or share=VALUE "
    "(percent of answers equal to VALUE, ignoring case).",
)
@click.option(
    "--scale",
    default=None,
    help="The answers' points, like 1-5 or 0-10 (top2: 1-5 when not given; mean: any "
    "number when not given). An answer off the scale is a bad row.",
)
@click.option(
    "--comments",
    "comment_columns",
    multiple=True,
    help="A column of comments to keep as remarks tagged survey (repeat for several).",
)
@click.option("--group-column", default=None, help="A column naming each respondent's group.")
@click.option(
    "--name-column",
    default=None,
    help="A column naming each respondent: their remarks are theirs (each name must be "
    "one person's). Without it, remarks are anonymous.",
)
@click.option("--on", "on", callback=_day, default=None, help="The survey's day (default: today).")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be written.")
@db_option
def survey(
    file: Path,
    metric: str,
    column: str,
    aggregate: str,
    scale: str | None,
    comment_columns: tuple[str, ...],
    group_column: str | None,
    name_column: str | None,
    on: date | None,
    dry_run: bool,
    db_path: Path | None,
) -> None:
    """Bring in a survey export: the answers in one column become one number for a
    metric, its baseline if it has none yet, else a reading for all on the survey's day.

    Each comment in the --comments columns becomes a remark tagged survey, kept in one
    ended discovery session "Survey: FILE". When any row is wrong, every bad row is
    listed on stderr with its line number and reason, nothing is written, and the exit
    code is 2.
    """
    from opstui.cli_progress import shown_progress
    from opstui.domain.survey_csv import SurveyColumns
    from opstui.domain.surveys import parse_aggregate, parse_scale
    from opstui.services.survey_import import (
        SurveyFileError,
        SurveyRequest,
        check_survey,
        import_survey,
    )

    try:
        how = parse_aggregate(aggregate)
        points = parse_scale(scale) if scale is not None else None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if not dry_run:
        refuse_read_only("import survey")
    path = paths.resolve_db_path(db_path)
    store = open_for_reading(db_path) if dry_run else open_store(path, must_exist=True)
    with store:
        try:
            found = store.get_metric(store.resolve("metric", metric))
        except StoreError as exc:
            raise UserError(str(exc)) from None
        columns = SurveyColumns(column, comment_columns, group_column, name_column)
        request = SurveyRequest(file, found, columns, how, points, on)
        with shown_progress("nothing imported") as progress:
            try:
                plan = check_survey(store, request, progress)
            except SurveyFileError as exc:
                raise UserError(str(exc)) from None
        if plan.problems:
            for problem in plan.problems:
                echo(f"{file}:{problem.line}: {problem.reason}", err=True)
            count = len(plan.problems)
            raise UserError(
                f"nothing imported: {count} bad row{'' if count == 1 else 's'} in {file}"
            )
        if dry_run:
            for line in plan.preview():
                echo(f"Would write: {line}")
            echo("Nothing written (--dry-run).")
            return
        try:
            with shown_progress("nothing imported") as progress:
                import_survey(store, plan, progress)
        except StoreError as exc:
            raise UserError(f"nothing imported: {exc}") from None
    for line in plan.preview():
        echo(f"Imported: {line}")
