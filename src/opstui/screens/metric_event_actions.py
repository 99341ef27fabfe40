"""Logging events and checking people on the metrics screen, and changing the events
and checks listed for a metric measured from them (``opstui.domain.metric_events``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import DataTable

from opstui.domain.metric_events import CapabilityCheck, MetricEvent
from opstui.domain.metrics import Metric
from opstui.screens.metric_rows import SEPARATOR, people_to_check
from opstui.screens.modals.check_people import CheckPeople
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.event_form import EventForm

if TYPE_CHECKING:
    from opstui.screens.metrics import MetricsScreen


class MetricEventActions:
    """The metrics screen's acts on events and checks; it saves through the store, then
    has the screen read everything again."""

    def __init__(self, screen: MetricsScreen) -> None:
        self.screen = screen

    def log_event(self) -> None:
        screen = self.screen
        if screen.refuse_if_read_only() or (metric := screen._selected_metric()) is None:
            return

        def logged(event: MetricEvent | None) -> None:
            if event is not None and screen._write(
                "log the event", lambda: screen.store.add_event(event)
            ):
                screen.reload()

        screen.app.push_screen(EventForm(metric), logged)

    def check_people(self) -> None:
        screen = self.screen
        if screen.refuse_if_read_only() or (metric := screen._selected_metric()) is None:
            return
        if not screen.people:
            screen.people = {p.id: p for p in screen.store.list_people()}
        offered = people_to_check(
            screen.store.list_sessions(screen.initiative_id),
            screen.people,
            [c for c in screen.checks if c.metric_id == metric.id],
        )
        if not offered:
            screen.app.notify("Nobody to check yet: add people first (p).", severity="warning")
            return

        def checked(checks: list[CapabilityCheck] | None) -> None:
            if checks and screen._write("save the checks", lambda: screen.store.add_checks(checks)):
                screen.reload()
                count = len(checks)
                screen.app.notify(f"Checked {count} {'person' if count == 1 else 'people'}.")

        screen.app.push_screen(CheckPeople(metric, offered), checked)

    def _selected_row_key(self) -> str | None:
        table = self.screen.query_one("#readings-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def edit_row(self, metric: Metric) -> None:
        """Edit the event on the readings table's row; a check is re-checked instead."""
        screen = self.screen
        key = self._selected_row_key()
        event = next((e for e in screen.events if e.id == key), None)
        if event is None:
            screen.app.notify(
                "Only an event can be edited here: readings are worked out from the events "
                "and checks above them, and a person is checked again with r.",
                severity="warning",
            )
            return

        def edited(changed: MetricEvent | None) -> None:
            if changed is not None and screen._write(
                "save the event", lambda: screen.store.update_event(changed)
            ):
                screen.reload()

        screen.app.push_screen(EventForm(metric, event), edited)

    def delete_row(self) -> None:
        """Delete the event or check on the readings table's row, once confirmed."""
        screen = self.screen
        key = self._selected_row_key()
        event = next((e for e in screen.events if e.id == key), None)
        check = next((c for c in screen.checks if c.id == key), None)
        if event is not None:
            question = f"Delete the event of {event.happened_on.isoformat()}?"
            delete: Callable[[], object] = lambda: screen.store.delete_event(event.id)  # noqa: E731
        elif check is not None:
            person = screen.people.get(check.person_id)
            name = person.name if person else "someone removed"
            question = f"Delete the check of {name} on {check.checked_on.isoformat()}?"
            delete = lambda: screen.store.delete_check(check.id)  # noqa: E731
        else:
            why = "" if key == SEPARATOR or key is None else ": readings are worked out"
            screen.app.notify(f"Pick an event or a check to delete{why}.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes and screen._write("delete it", delete):
                screen.reload()

        screen.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep"), answered)
