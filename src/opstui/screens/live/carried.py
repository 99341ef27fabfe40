"""The live session's carried-over actions: open ones from before, ticked off on the call."""

from __future__ import annotations

from textual import on
from textual.widgets import OptionList

from opstui.screens import clock
from opstui.screens.base import guarded
from opstui.screens.live.captures import refused
from opstui.services.live_session import LiveSession, LiveSessionError
from opstui.widgets.live_panels import CarriedList


class CarriedDesk(CarriedList):
    """The carried-over actions of one live session; Enter (or x) ticks one off."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live: LiveSession | None = None

    def show_live(self, live: LiveSession) -> None:
        self.live = live
        self.show(live.carried, live.people, clock.today())

    @guarded()
    def tick_highlighted(self) -> None:
        """Tick the highlighted action done, or open it again."""
        if (live := self.live) is None or refused(self, live):
            return
        if self.highlighted_id is None:
            self.notify("Highlight a carried-over action first (Tab to the list).")
            return
        try:
            live.tick_carried(self.highlighted_id)
        except LiveSessionError as exc:
            self.notify(str(exc), severity="warning", markup=False)
        self.show_live(live)

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.tick_highlighted()
