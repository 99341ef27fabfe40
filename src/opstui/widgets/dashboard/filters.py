"""The dashboard's filters: words that narrow the list by title, a status and a step."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Input, Select

from opstui.domain.steps import Step
from opstui.domain.values import InitiativeStatus
from opstui.widgets.dashboard.rows import Filters

#: Choices of the status filter: "" means any status.
STATUS_FILTER: list[tuple[Text, str]] = [(Text("Any status"), "")] + [
    (Text(s.value.capitalize()), s.value) for s in InitiativeStatus
]
#: Choices of the step filter: 0 means any step.
STEP_FILTER: list[tuple[Text, int]] = [(Text("Any step"), 0)] + [
    (Text(s.label), int(s)) for s in Step
]
#: Each filter's id, and its choices.
CHOICES: dict[str, list[tuple[Text, Any]]] = {
    "filter-status": list(STATUS_FILTER),
    "filter-step": list(STEP_FILTER),
}


class DashboardFilters(Horizontal):
    """The field that narrows the list by title, and the status and step filters beside it."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type to narrow by title  (/)", id="narrow", compact=True)
        # The two filters are mounted once the rows are on screen (``mount_selects``):
        # building them would hold the first frame back by a tenth of the start.

    def mount_selects(self) -> None:
        """Add the status and step filters beside the narrowing field."""
        if not self.is_attached:  # the app is closing already
            return
        self.mount(
            Select(STATUS_FILTER, allow_blank=False, value="", id="filter-status", compact=True),
            Select(STEP_FILTER, allow_blank=False, value=0, id="filter-step", compact=True),
        )

    @property
    def narrow_field(self) -> Input:
        return self.query_one("#narrow", Input)

    def current(self) -> Filters:
        """The status, step and words the list is narrowed by."""
        status = self._value("filter-status")
        step = self._value("filter-step")
        return Filters(
            status if isinstance(status, str) else "",
            step if isinstance(step, int) else 0,
            tuple(self.narrow_field.value.casefold().split()),
        )

    def _select(self, select_id: str) -> Select[Any] | None:
        """A filter; none in the moment before the filters are mounted."""
        try:
            return self.query_one(f"#{select_id}", Select)
        except NoMatches:
            return None

    def _value(self, select_id: str) -> object:
        select = self._select(select_id)
        return None if select is None else select.value

    def cycle(self, select_id: str) -> None:
        """Move a filter ("filter-status" or "filter-step") on to its next choice."""
        select = self._select(select_id)
        if select is None:
            return
        values = [value for _, value in CHOICES[select_id]]
        current = values.index(select.value) if select.value in values else 0
        select.value = values[(current + 1) % len(values)]

    def clear(self) -> None:
        """Any status, any step, no words."""
        self.narrow_field.value = ""
        for select_id, choices in CHOICES.items():
            select = self._select(select_id)
            if select is not None:
                select.value = choices[0][1]
