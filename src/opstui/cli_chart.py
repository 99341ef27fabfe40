"""``opstui chart``: the metrics screen's charts in the terminal, for reviewing offline.

``opstui chart METRIC`` draws a metric's readings; ``--sentiment INITIATIVE``, ``--vote
PROPOSAL`` and ``--adoption INITIATIVE`` draw the screen's Sentiment, Votes and Adoption
charts. Each reads the same series as the app (``domain.chart_series``) and draws them
with the same functions (``charting``), so the terminal shows what the call saw.

Colour only on a terminal and never with NO_COLOR (or ``--no-color``); the series are
told apart by their marks either way. Names typed by people are made printable before
they are drawn, and every other line goes out through ``echo``.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from opstui.cli_support import UserError, db_option, echo, open_for_reading
from opstui.db.errors import StoreError
from opstui.no_colour import no_colour

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.domain.chart_series import SessionSentiment
    from opstui.domain.initiative import PilotCohort
    from opstui.domain.metrics import Metric, Reading

#: What to say when no chart (or more than one) is asked for.
CHOOSE = (
    "chart one thing: a METRIC id, or --sentiment INITIATIVE, --adoption INITIATIVE "
    "or --vote PROPOSAL (ids from `opstui list`)"
)


def find_metric(store: Store, prefix: str) -> Metric:
    """The metric whose id starts with ``prefix``, or a one-line error."""
    return store.get_metric(_resolve(store, "metric", prefix))


def _resolve(store: Store, kind: str, prefix: str) -> str:
    try:
        return store.resolve(kind, prefix)
    except StoreError as exc:
        raise UserError(str(exc)) from None


@click.command()
@click.argument("metric", required=False)
@click.option(
    "--sentiment",
    "sentiment_of",
    metavar="INITIATIVE",
    default=None,
    help="Chart an initiative's sentiment across its sessions instead of a metric.",
)
@click.option(
    "--vote",
    "vote_of",
    metavar="PROPOSAL",
    default=None,
    help="Chart a vote's result (its current round; see `opstui list votes`).",
)
@click.option(
    "--adoption",
    "adoption_of",
    metavar="INITIATIVE",
    default=None,
    help="Chart an initiative's adoption: people in its started pilot cohorts over time.",
)
@click.option(
    "--width",
    type=click.IntRange(30, 400),
    default=None,
    help="Chart width in columns (default: the terminal's, at most 120).",
)
@click.option(
    "--height",
    type=click.IntRange(8, 200),
    default=None,
    help="Chart height in lines (default: fits the terminal, at most 24).",
)
@click.option(
    "--color/--no-color",
    "colour",
    default=None,
    help="Draw in colour (default: on a terminal, unless NO_COLOR is set).",
)
@click.option(
    "--leading/--no-leading",
    default=True,
    help="With an outcome metric, chart the leading indicators that predict it too (the default).",
)
@db_option
def chart(
    metric: str | None,
    sentiment_of: str | None,
    vote_of: str | None,
    adoption_of: str | None,
    width: int | None,
    height: int | None,
    colour: bool | None,
    leading: bool,
    db_path: Path | None,
) -> None:
    """Print a metric's chart: readings per cohort, with baseline and target as lines.

    METRIC is any unique start of a metric's id (see `opstui list metrics`). Below the
    chart, each cohort's latest reading is set against the baseline and the target.
    An outcome's leading indicators follow, each charted on its own axes (--no-leading
    leaves them out); a leading indicator names the outcome it predicts.

    Instead of a metric: --sentiment INITIATIVE charts the average sentiment of each
    session and how its remarks felt; --vote PROPOSAL charts a vote's current round;
    --adoption INITIATIVE charts the people in started pilot cohorts, cohort by cohort.
    """
    asked = [v for v in (metric, sentiment_of, vote_of, adoption_of) if v is not None]
    if len(asked) != 1:
        raise UserError(CHOOSE)
    terminal = shutil.get_terminal_size((100, 30))
    if colour is None:
        colour = sys.stdout.isatty() and not no_colour(os.environ)
    size = Size(
        width or min(terminal.columns, 120),
        height or max(min(terminal.lines - 8, 24), 12),
        colour,
    )
    if sentiment_of is not None:
        _sentiment(db_path, sentiment_of, size)
    elif vote_of is not None:
        _vote(db_path, vote_of, size)
    elif adoption_of is not None:
        _adoption(db_path, adoption_of, size)
    elif metric is not None:
        _metric(db_path, metric, leading, size)


@dataclass(frozen=True)
class Size:
    """How big to draw, and whether in colour."""

    width: int
    height: int
    colour: bool

    def draw(self, render: Callable[..., str], what: object, *, height: int | None = None) -> None:
        """Print ``render(what, width=…, height=…, colour=…)``, one of ``charting``'s."""
        drawn = render(what, width=self.width, height=height or self.height, colour=self.colour)
        # The chart carries colour codes: its text was made printable before it was drawn.
        click.echo(drawn, color=self.colour)


# -- a metric ----------------------------------------------------------------------------


def _metric(db_path: Path | None, prefix: str, leading: bool, size: Size) -> None:
    from opstui.domain.metric_tree import leading_of, predicted

    with open_for_reading(db_path) as store:
        found = find_metric(store, prefix)
        siblings = store.list_metrics(found.initiative_id)
        indicators = leading_of(found, siblings) if leading else []
        readings = {m.id: store.list_readings(m.id) for m in (found, *indicators)}
    outcome = predicted(found, siblings)
    if outcome is not None:
        echo(
            f"{found.name} is a leading indicator of {outcome.name} "
            f"(`opstui chart {outcome.id[:8]}` charts them together)."
        )
    _print_metric(found, readings[found.id], size.height, size)
    for number, indicator in enumerate(indicators, start=1):
        echo()
        echo(f"Leading indicator {number} of {len(indicators)}: {indicator.name}")
        smaller = max(size.height * 2 // 3, 10)
        _print_metric(indicator, readings[indicator.id], smaller, size)


def _print_metric(metric: Metric, readings: list[Reading], height: int, size: Size) -> None:
    """One metric's chart and, below it, each cohort's progress in a sentence."""
    from opstui.charting import render_metric
    from opstui.domain.chart_series import COHORT_LABELS, metric_chart
    from opstui.domain.metrics import (
        Measure,
        cohorts_measured,
        describe_progress,
        progress_by_cohort,
    )

    drawn = metric_chart(metric, readings)
    if drawn.empty_message is not None:
        echo(drawn.empty_message)
        if metric.measure is Measure.EVENTS:
            echo("Log its events in the app: on the metrics screen, r logs an event.")
        elif metric.measure is Measure.CAPABILITY:
            echo("Check people in the app: on the metrics screen, r checks people.")
        else:
            echo(f"Add readings in the app, or: opstui import readings {metric.id[:8]} FILE.csv")
        return
    size.draw(render_metric, drawn, height=height)
    if drawn.note:
        echo(drawn.note)
    results = progress_by_cohort(metric, readings, today=date.today())
    for cohort in cohorts_measured(readings):
        echo(f"{COHORT_LABELS[cohort]}: {describe_progress(metric, results[cohort])}")


# -- an initiative's sentiment -----------------------------------------------------------


def _sentiment(db_path: Path | None, prefix: str, size: Size) -> None:
    from opstui.charting import SENTIMENT_KEYS, render_sentiment
    from opstui.domain.chart_series import legend_swatch, sentiment_by_session

    with open_for_reading(db_path) as store:
        initiative = store.get_initiative(_resolve(store, "initiative", prefix))
        sessions = store.list_sessions(initiative.id)
        feedback = store.list_feedback(initiative_id=initiative.id)
    by_session = sentiment_by_session(sessions, feedback)
    echo(f"Sentiment across the sessions of {initiative.title}")
    if not by_session:
        echo("No feedback captured in this initiative's sessions yet, so no sentiment to chart.")
        return
    size.draw(render_sentiment, by_session)
    echo("Bars: " + "  ".join(f"{legend_swatch(key)} {name}" for key, name in SENTIMENT_KEYS))
    for line in sentiment_lines(by_session):
        echo(line)


def sentiment_lines(by_session: Sequence[SessionSentiment]) -> list[str]:
    """Each session's remarks in words: how many, their average, and how they felt."""
    from opstui.charting import SENTIMENT_KEYS

    lines = []
    for entry in by_session:
        felt = ", ".join(
            f"{name} {count}"
            for (_, name), count in zip(SENTIMENT_KEYS, entry.counts, strict=True)
            if count
        )
        average = f"average {entry.average:.1f}" if entry.average is not None else "no average"
        remarks = f"{entry.total} remark{'' if entry.total == 1 else 's'}"
        lines.append(f"{entry.label} {entry.title}: {remarks}, {average} ({felt})")
    return lines


# -- a vote ------------------------------------------------------------------------------


def _vote(db_path: Path | None, prefix: str, size: Size) -> None:
    from opstui.charting import render_vote
    from opstui.domain.chart_series import vote_bars

    with open_for_reading(db_path) as store:
        proposal = store.get_proposal(_resolve(store, "proposal", prefix))
        ballots = store.list_ballots(proposal.id)
        session = store.get_session(proposal.session_id)
    bars = vote_bars(proposal, ballots)
    echo(
        f"Vote: {proposal.title} — {proposal.method.value}, round {proposal.round}, "
        f"in {session.title}"
    )
    if bars.empty_message is not None:
        echo(bars.empty_message)
        return
    size.draw(render_vote, bars)
    for label, count in zip(bars.labels, bars.counts, strict=True):
        echo(f"{label}: {count}")
    # The chart's title holds the summary, which plotext drops when it does not fit.
    echo(f"In all: {bars.summary}")


# -- adoption by cohort ------------------------------------------------------------------


def _adoption(db_path: Path | None, prefix: str, size: Size) -> None:
    from opstui.charting import render_adoption
    from opstui.domain.chart_series import adoption_chart

    today = date.today()
    with open_for_reading(db_path) as store:
        initiative = store.get_initiative(_resolve(store, "initiative", prefix))
        cohorts = store.list_cohorts(initiative.id)
    drawn = adoption_chart(cohorts, today)
    echo(f"Adoption of {initiative.title}: people in started pilot cohorts")
    if drawn.empty_message is not None:
        echo(drawn.empty_message)
    else:
        size.draw(render_adoption, drawn)
        if drawn.note:
            echo(drawn.note)
    for line in cohort_lines(cohorts, today):
        echo(line)


def cohort_lines(cohorts: Sequence[PilotCohort], today: date) -> list[str]:
    """Each cohort in words, started ones first by their start: size, scope, stage."""
    from opstui.domain.cohorts import has_started

    def when(cohort: PilotCohort) -> tuple[bool, str, str]:
        started = cohort.started_on
        return (started is None, started.isoformat() if started else "", cohort.id)

    lines = []
    for cohort in sorted(cohorts, key=when):
        started = cohort.started_on
        if started is not None and has_started(cohort, today):
            since = f"since {started.isoformat()}"
        elif started is not None:
            since = f"starts {started.isoformat()}"
        else:
            since = "not started"
        lines.append(
            f"{cohort.name}: {cohort.size} people ({cohort.scope.value}), {since}, "
            f"{cohort.stage.value}"
        )
    return lines
