"""Checking several people at once for a capability metric ("can demo the feature"):
one key per person, y or n, as votes are recorded."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Select, Static

from opstui.domain.initiative import Person
from opstui.domain.metric_events import CapabilityCheck
from opstui.domain.metrics import Cohort, Metric
from opstui.screens import clock
from opstui.screens.base import METRICS_CSS
from opstui.screens.modals.form import FormModal
from opstui.screens.modals.reading_form import COHORT_TEXT
from opstui.widgets.tones import MUTED
from opstui.widgets.user_text import printable

#: The answer column's marks.
ANSWER = {True: Text("yes", style="bold"), False: Text("no"), None: Text("–", style=MUTED)}


@dataclass(frozen=True)
class Checkable:
    """A person who can be checked, and what their latest check said (None: never)."""

    person: Person
    last: CapabilityCheck | None = None


class CheckPeople(FormModal[list[CapabilityCheck]]):
    """Dismissed with a check for everyone answered (none left out by mistake: a person
    left blank is simply not checked this time), or None."""

    CSS_PATH = METRICS_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Can", show=False),
        Binding("n", "answer(False)", "Cannot", show=False),
        Binding("minus,backspace", "answer(None)", "Not checked", show=False),
    ]
    LABELS = {"checked_on": "Date", "cohort": "Cohort"}
    FIRST_FIELD = "#check-people"

    def __init__(self, metric: Metric, people: list[Checkable]) -> None:
        super().__init__()
        self.metric = metric
        self.people = people
        self.answers: dict[str, bool] = {}
        self.heading = f"Check people: {metric.name}"
        self.save_label = "Save"

    def compose_fields(self) -> ComposeResult:
        yield from self.inline(
            "Date",
            Input(
                clock.today().isoformat(),
                placeholder="YYYY-MM-DD",
                restrict=r"[0-9-]*",
                max_length=10,
                id="check-date",
                classes="form-date",
                compact=True,
            ),
        )
        yield from self.inline(
            "Cohort",
            Select(
                [(Text(COHORT_TEXT[c]), c) for c in Cohort],
                allow_blank=False,
                value=Cohort.ALL,
                id="check-cohort",
                compact=True,
            ),
        )
        yield Static(
            Text("y can · n cannot · - not checked · ↑↓ move · ctrl+s save", style=MUTED),
            classes="form-label",
        )
        yield DataTable(id="check-people", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#check-people", DataTable)
        table.add_column("Person", key="name", width=24)
        table.add_column("Role", key="role", width=14)
        table.add_column("Last check", key="last", width=16)
        table.add_column("Now", key="now", width=5)
        for entry in self.people:
            last = entry.last
            table.add_row(
                Text(printable(entry.person.name), no_wrap=True, overflow="ellipsis"),
                Text(printable(entry.person.role), no_wrap=True, overflow="ellipsis"),
                Text(
                    "never"
                    if last is None
                    else f"{'yes' if last.capable else 'no'} {last.checked_on.isoformat()}",
                    style=MUTED,
                ),
                ANSWER[None],
                key=entry.person.id,
            )
        # FormModal's own mount handler runs after this one, and focuses the table.

    def action_answer(self, capable: bool | None) -> None:
        """Mark the highlighted person, and move to the next one."""
        table = self.query_one("#check-people", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if key.value is None:
            return
        if capable is None:
            self.answers.pop(key.value, None)
        else:
            self.answers[key.value] = capable
        table.update_cell(key, "now", ANSWER[capable])
        if capable is not None and table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def build(self) -> list[CapabilityCheck]:
        if not self.answers:
            raise ValueError("Nobody is marked yet: y can, n cannot, for each person checked")
        shared: dict[str, object] = {
            "metric_id": self.metric.id,
            "checked_on": self.value_of("check-date").strip() or None,
            "cohort": self.choice_of("check-cohort"),
        }
        return [
            CapabilityCheck.model_validate({**shared, "person_id": entry.person.id, "capable": ok})
            for entry in self.people
            if (ok := self.answers.get(entry.person.id)) is not None
        ]
