"""The dashboard's filters: words that narrow the list by title, a status, a step, and
where the initiatives come from when the file holds more than one source."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Input, Select

from opstui.domain.steps import Step
from opstui.domain.values import InitiativeStatus
from opstui.widgets.dashboard.rows import ANY_SOURCE, THIS_FILE, Filters
from opstui.widgets.user_text import printable

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
#: The source filter's id: its choices are the file's sources (``source_choices``).
SOURCE_FILTER = "filter-source"


def source_choices(sources: list[str | None]) -> list[tuple[Text, str | None]]:
    """ "Any source", then one choice per source: another file's label is plain text."""
    return [(Text("Any source"), ANY_SOURCE)] + [
        (Text(THIS_FILE if source is None else printable(source, lines=False)), source)
        for source in sources
    ]


class DashboardFilters(Horizontal):
    """The field that narrows the list by title, and the status and step filters beside it
    (and the source filter, when there is more than one source)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The sources the source filter offers: none while it is not shown.
        self.sources: list[str | None] = []
        self._mounted_selects = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type to narrow by title  (/)", id="narrow", compact=True)
        # The filters are mounted once the rows are on screen (``mount_selects``):
        # building them would hold the first frame back by a tenth of the start.

    def mount_selects(self, sources: list[str | None]) -> None:
        """Add the status and step filters beside the narrowing field, and the source
        filter if ``sources`` (``shown_sources``) has any."""
        if not self.is_attached:  # the app is closing already
            return
        self._mounted_selects = True
        self.sources = list(sources)
        self.set_class(bool(sources), "-with-source")
        self.mount(
            Select(STATUS_FILTER, allow_blank=False, value="", id="filter-status", compact=True),
            Select(STEP_FILTER, allow_blank=False, value=0, id="filter-step", compact=True),
            *([self._source_select(sources)] if sources else []),
        )

    def show_sources(self, sources: list[str | None]) -> None:
        """Offer these sources (none: no source filter), keeping the one chosen while it
        is still among them. Before ``mount_selects``, nothing is mounted yet."""
        if not self._mounted_selects or not self.is_attached or sources == self.sources:
            return
        self.sources = list(sources)
        self.set_class(bool(sources), "-with-source")
        select = self._select(SOURCE_FILTER)
        if select is None:
            if sources:
                self.mount(self._source_select(sources))
        elif not sources:
            select.remove()
        else:
            chosen = select.value
            select.set_options(source_choices(sources))
            select.value = chosen if chosen in sources else ANY_SOURCE

    @staticmethod
    def _source_select(sources: list[str | None]) -> Select[str | None]:
        return Select(
            source_choices(sources),
            allow_blank=False,
            value=ANY_SOURCE,
            id=SOURCE_FILTER,
            compact=True,
        )

    @property
    def narrow_field(self) -> Input:
        return self.query_one("#narrow", Input)

    def current(self) -> Filters:
        """The status, step, source and words the list is narrowed by."""
        status = self._value("filter-status")
        step = self._value("filter-step")
        source = self._select(SOURCE_FILTER)
        chosen = ANY_SOURCE if source is None else source.value
        return Filters(
            status if isinstance(status, str) else "",
            step if isinstance(step, int) else 0,
            tuple(self.narrow_field.value.casefold().split()),
            chosen if chosen is None or isinstance(chosen, str) else ANY_SOURCE,
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
        """Any status, any step, any source, no words."""
        self.narrow_field.value = ""
        for select_id, choices in CHOICES.items():
            select = self._select(select_id)
            if select is not None:
                select.value = choices[0][1]
        source = self._select(SOURCE_FILTER)
        if source is not None:
            source.value = ANY_SOURCE
