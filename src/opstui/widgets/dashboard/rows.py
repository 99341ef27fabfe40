"""A dashboard row: an initiative's heading, its summary once computed, and its cells.

The columns say how each sorts; the cells say how each value reads on screen. Which
rows pass the filters is ``Filters.admit``; whether the list tells where its initiatives
come from (a column and a filter) is ``shown_sources``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from opstui.db.database import InitiativeHeading
from opstui.domain.values import InitiativeStatus, Sentiment
from opstui.widgets.step_indicator import SHORT_TITLES
from opstui.widgets.tones import BAD, GOOD, INFO, MUTED, WARN
from opstui.widgets.user_text import printable, user_text

if TYPE_CHECKING:
    # The summaries (and the doctor behind them) are computed in the loading worker.
    from opstui.domain.initiative_summary import InitiativeSummary

STATUS_STYLE: dict[InitiativeStatus, str] = {
    InitiativeStatus.ACTIVE: "",
    InitiativeStatus.PAUSED: WARN,
    InitiativeStatus.DONE: GOOD,
    InitiativeStatus.DROPPED: MUTED,
}
STATUS_ORDER = {status: index for index, status in enumerate(InitiativeStatus)}


@dataclass(frozen=True)
class DashboardRow:
    """One initiative on the dashboard: its summary, once the worker has computed it."""

    initiative: InitiativeHeading
    summary: InitiativeSummary | None = None

    @property
    def initiative_id(self) -> str:
        return self.initiative.id


#: The source filter's value for every source; this file is None, another its label
#: (never empty: ``Database.initiative_headings`` names an unlabelled file by its id).
ANY_SOURCE = ""
#: How the initiatives of the file itself are shown where others are too.
THIS_FILE = "This file"


def shown_sources(initiatives: Iterable[InitiativeHeading]) -> list[str | None]:
    """The sources the list tells apart: this file (None) first, then the others' labels.

    None at all when every initiative comes from one place, as in a file nobody merged
    into: then the dashboard shows neither the "From" column nor the source filter.
    """
    found = {initiative.origin for initiative in initiatives}
    if len(found) < 2:
        return []
    others = sorted((o for o in found if o is not None), key=lambda o: (o.casefold(), o))
    return [None, *others] if None in found else [*others]


def source_text(origin: str | None) -> Text:
    """A source as one line of plain text: another facilitator's label is never markup."""
    if origin is None:
        return Text(THIS_FILE, style=MUTED)
    return Text(printable(origin, lines=False))


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed by: a status ("" any), a step (0 any), a source
    (``ANY_SOURCE``, None for this file, or another file's label) and title words."""

    status: str = ""
    step: int = 0
    #: Typed words, case-folded: a row's title must hold every one.
    words: tuple[str, ...] = ()
    source: str | None = ANY_SOURCE

    def admit(self, initiative: InitiativeHeading) -> bool:
        """Whether a row passes the status, step and source filters and holds every
        typed word."""
        if self.status and initiative.status.value != self.status:
            return False
        if self.step and int(initiative.step) != self.step:
            return False
        if self.source != ANY_SOURCE and initiative.origin != self.source:
            return False
        title = initiative.title.casefold()
        return all(word in title for word in self.words)


@dataclass(frozen=True)
class Column:
    """A dashboard column: its key, header, widths (wide, narrow) and how it sorts."""

    key: str
    label: str
    wide: int
    narrow: int
    sort_key: Callable[[DashboardRow], Any]
    #: A shorter header for narrow terminals.
    short_label: str = ""


def _of_summary(read: Callable[[InitiativeSummary], Any]) -> Callable[[DashboardRow], Any]:
    """A sort key read from the summary; rows still being computed have none."""
    return lambda row: None if row.summary is None else read(row.summary)


def _share(summary: InitiativeSummary) -> float | None:
    progress = summary.metric_progress
    return None if progress is None else progress.share


COLUMNS: tuple[Column, ...] = (
    Column("title", "Initiative", 0, 0, lambda r: r.initiative.title.casefold()),
    Column("step", "Step", 23, 11, lambda r: int(r.initiative.step)),
    Column("status", "Status", 7, 7, lambda r: STATUS_ORDER[r.initiative.status]),
    Column("health", "Health", 6, 6, _of_summary(lambda s: s.health)),
    Column("progress", "Progress", 8, 4, _of_summary(_share), "Goal"),
    Column("sentiment", "Mood", 4, 4, _of_summary(lambda s: s.last_session_sentiment)),
    Column("actions", "Open", 4, 4, _of_summary(lambda s: s.open_actions)),
    Column("last", "Last met", 10, 6, _of_summary(lambda s: s.last_session_on), "Met"),
)
#: Where an initiative comes from: shown after the title when the file holds more than
#: one source (``shown_sources``), as wide as their labels, up to ``SOURCE_WIDTH``.
SOURCE_COLUMN = Column(
    "origin",
    "From",
    0,
    0,
    lambda r: (r.initiative.origin is not None, (r.initiative.origin or "").casefold()),
)
SOURCE_WIDTH = 16
COLUMN_BY_KEY = {column.key: column for column in (*COLUMNS, SOURCE_COLUMN)}
#: The columns read from the initiative itself, known before any summary.
HEADING_COLUMNS = frozenset({"title", "origin", "step", "status"})


def sort_rows(rows: list[DashboardRow], column: str | None, reverse: bool) -> list[DashboardRow]:
    """Sorted by a column (rows without a value last either way); None keeps stored order."""
    if column is None:
        return list(reversed(rows)) if reverse else list(rows)
    key = COLUMN_BY_KEY[column].sort_key
    known = [r for r in rows if key(r) is not None]
    unknown = [r for r in rows if key(r) is None]
    return sorted(known, key=key, reverse=reverse) + unknown


def progress_cell(summary: InitiativeSummary, narrow: bool) -> Text:
    """The main metric's way from baseline to target: a small bar and a percentage."""
    progress = summary.metric_progress
    if progress is None or progress.share is None:
        return Text("–", style=MUTED)
    share = min(max(progress.share, 0.0), 1.0)
    style = GOOD if progress.reached else (WARN if progress.on_track is False else "")
    text = Text()
    if not narrow:
        filled = round(share * 3)
        text.append("█" * filled + "░" * (3 - filled) + " ", style=style or INFO)
    text.append(progress.percent.rjust(4), style=style)
    return text


def sentiment_cell(average: float | None) -> Text:
    """The average sentiment of the last session, with its sign: 3.8+ ."""
    if average is None:
        return Text("–", style=MUTED)
    symbol = Sentiment(min(max(round(average), 1), 5)).symbol
    style = GOOD if average >= 3.5 else (BAD if average < 2.5 else "")
    return Text(f"{average:.1f}{symbol}", style=style)


def last_met_cell(summary: InitiativeSummary, narrow: bool) -> Text:
    """The day of the last session: "2026-10-19", or "19 Oct" where room is short."""
    day = summary.last_session_on
    if day is None:
        return Text("–", style=MUTED)
    return Text(f"{day.day} {day:%b}" if narrow else day.isoformat())


def health_cell(findings: int) -> Text:
    if findings == 0:
        return Text("ok", style=GOOD)
    return Text(f"⚠ {findings}", style=WARN)


def summary_cells(summary: InitiativeSummary | None, narrow: bool) -> list[Text]:
    """The cells computed from the summary, in column order; dots while it is computed."""
    if summary is None:
        computed = sum(1 for column in COLUMNS if column.key not in HEADING_COLUMNS)
        return [Text("…", style=MUTED) for _ in range(computed)]
    return [
        health_cell(summary.health),
        progress_cell(summary, narrow),
        sentiment_cell(summary.last_session_sentiment),
        Text(
            str(summary.open_actions) if summary.open_actions else "–",
            style="" if summary.open_actions else MUTED,
        ),
        last_met_cell(summary, narrow),
    ]


def row_cells(row: DashboardRow, narrow: bool, with_source: bool = False) -> list[Text]:
    """Every cell of a row, in column order (the source after the title, if shown)."""
    initiative = row.initiative
    step = (
        f"{int(initiative.step)} {SHORT_TITLES[initiative.step]}"
        if narrow
        else initiative.step.label
    )
    return [
        user_text(initiative.title),
        *([source_text(initiative.origin)] if with_source else []),
        Text(step),
        Text(initiative.status.value, style=STATUS_STYLE[initiative.status]),
        *summary_cells(row.summary, narrow),
    ]
