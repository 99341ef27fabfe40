"""Offered when the app starts: sessions left live by a quit or a crash, to carry on."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from opstui.domain.session import Session
from opstui.domain.text import printable
from opstui.screens.modals.live_modal import LiveModal
from opstui.widgets.capture_list import clock_time
from opstui.widgets.tones import MUTED


def session_line(session: Session, initiative_title: str, items: int) -> Text:
    text = Text()
    text.append(printable(session.title), style="bold")
    text.append(f" — {printable(initiative_title)}")
    started = session.started_at
    when = f"started {started.astimezone():%a %d %b} {clock_time(started)}" if started else ""
    text.append(f"\n  {when}, at item {session.current_item + 1} of {items}", style=MUTED)
    return text


class ResumeSession(LiveModal[str | None]):
    """Enter resumes the highlighted session where it stood; Escape leaves it for later."""

    BINDINGS = [Binding("escape", "later", "Not now")]

    def __init__(self, lines: list[tuple[str, Text]]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="resume-box"):
            yield Static(Text("Resume a session left running?"), classes="form-title")
            yield Static(
                Text(
                    "These sessions were not ended (the app was closed or stopped). "
                    "Resuming brings back the agenda item, its timer and any open vote."
                ),
                classes="form-keys",
            )
            yield OptionList(*[Option(text, id=sid) for sid, text in self.lines], id="resume")
            yield Static("Enter resume · Esc not now", classes="form-keys")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_later(self) -> None:
        self.dismiss(None)
