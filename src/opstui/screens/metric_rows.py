"""The metrics screen's rows for a metric measured from events or checks: the events (or
checks) themselves, then the readings worked out from them, and who can be checked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from opstui.domain.chart_series import COHORT_LABELS
from opstui.domain.initiative import Person
from opstui.domain.metric_events import CapabilityCheck, MetricEvent, event_weight
from opstui.domain.metrics import Measure, Metric, Reading, format_value
from opstui.domain.session import Session
from opstui.screens.modals.check_people import Checkable
from opstui.widgets.tones import MUTED
from opstui.widgets.user_text import printable

#: The key of the line between the events (or checks) and the readings made of them.
SEPARATOR = "derived-heading"


def reading_columns(metric: Metric | None, note_width: int) -> list[tuple[str, int]]:
    """The readings table's columns: for checks, who before the answer and the cohort."""
    if metric is not None and metric.measure is Measure.CAPABILITY:
        return [("Date", 10), ("Person", 16), ("Can", 5), ("Cohort", 12)]
    return [("Date", 10), ("Cohort", 12), ("Value", 7), ("Note", note_width)]


def _row(table: DataTable[object], key: str, *cells: Text) -> None:
    table.add_row(*cells, key=key)


def fill_derived_rows(
    table: DataTable[object],
    metric: Metric,
    readings: list[Reading],
    events: list[MetricEvent],
    checks: list[CapabilityCheck],
    people: dict[str, Person],
) -> Text:
    """Fill the readings table for a derived metric; return the box's title."""
    if metric.measure is Measure.EVENTS:
        for event in sorted(events, key=lambda e: (e.happened_on, e.created_at), reverse=True):
            weight = event_weight(metric, event)
            value = format_value(event.magnitude)
            if weight != 1:
                value = f"{value}×{weight:g}"
            days = "" if event.days_before is None else f"{event.days_before}d before · "
            _row(
                table,
                event.id,
                Text(event.happened_on.isoformat()),
                Text(COHORT_LABELS[event.cohort]),
                Text(value, justify="right"),
                Text(days + printable(event.note), overflow="ellipsis", no_wrap=True),
            )
        count, noun, adds = len(events), "event", "r log"
    else:
        for check in sorted(checks, key=lambda c: (c.checked_on, c.created_at), reverse=True):
            person = people.get(check.person_id)
            name = printable(person.name) if person else "someone removed"
            note = f" · {printable(check.note)}" if check.note.strip() else ""
            _row(
                table,
                check.id,
                Text(check.checked_on.isoformat()),
                Text(name + note, overflow="ellipsis", no_wrap=True),
                Text("yes" if check.capable else "no", justify="right"),
                Text(COHORT_LABELS[check.cohort]),
            )
        count, noun, adds = len(checks), "check", "r check people"
    capability = metric.measure is Measure.CAPABILITY
    heading = [
        Text(f"per {metric.period.value}", style=MUTED),
        Text("readings", style=MUTED),
        Text(""),
        Text("worked out from the above", style=MUTED),
    ]
    if capability:
        heading = [heading[0], Text("readings, % can", style=MUTED), Text(""), Text("")]
    _row(table, SEPARATOR, *heading)
    for reading in sorted(readings, key=lambda r: (r.taken_on, r.cohort.value), reverse=True):
        cohort = Text(COHORT_LABELS[reading.cohort], style=MUTED)
        says = Text(printable(reading.note), style=MUTED, overflow="ellipsis", no_wrap=True)
        middle, last = (says, cohort) if capability else (cohort, says)
        _row(
            table,
            reading.id,
            Text(reading.taken_on.isoformat(), style=MUTED),
            middle,
            Text(format_value(reading.value), justify="right"),
            last,
        )
    return Text.assemble(
        (f"{count} {noun}{'' if count == 1 else 's'}", "bold"),
        (f" → {len(readings)} reading{'' if len(readings) == 1 else 's'}", "bold"),
        (f"  {adds} · x delete", MUTED),
    )


def people_to_check(
    sessions: list[Session], people: dict[str, Person], checks: list[CapabilityCheck]
) -> list[Checkable]:
    """Who a capability check offers: everyone who took part in the initiative's sessions
    or was checked before, by name (everyone, when nobody has yet), with their latest
    check."""
    latest: dict[str, CapabilityCheck] = {}
    for check in sorted(checks, key=lambda c: (c.checked_on, c.created_at)):
        latest[check.person_id] = check
    ids = {p for s in sessions for p in s.participant_ids} | set(latest)
    chosen = [people[i] for i in ids if i in people] or list(people.values())
    chosen.sort(key=lambda p: p.name.casefold())
    return [Checkable(person, latest.get(person.id)) for person in chosen]
