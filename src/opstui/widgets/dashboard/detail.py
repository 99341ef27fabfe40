"""Below the dashboard's table: the highlighted initiative's title and main metric in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from opstui.db.database import InitiativeHeading
from opstui.widgets.tones import GOOD, MUTED, WARN
from opstui.widgets.user_text import printable

if TYPE_CHECKING:
    from opstui.domain.initiative_summary import InitiativeSummary


def from_detail(origin: str | None) -> Text:
    """ " · from alice" for an initiative of another file; nothing for this file's own."""
    if origin is None:
        return Text()
    return Text(" · from ", style=MUTED).append(printable(origin, lines=False))


def summary_detail(summary: InitiativeSummary, origin: str | None = None) -> Text:
    """The title, step, source and doctor's findings; then the main metric and where it
    stands."""
    text = Text().append(printable(summary.title), style="bold")
    text.append(f"  · step {summary.step.label}", style=MUTED)
    text.append_text(from_detail(origin))
    findings = summary.health
    text.append(
        f" · {findings} doctor finding{'s' if findings != 1 else ''}"
        if findings
        else " · no doctor findings",
        style=WARN if findings else MUTED,
    )
    text.append("\n")
    progress = summary.metric_progress
    if summary.metric_name is None:
        text.append("No metric yet.", style=MUTED)
        return text
    text.append("Main metric: ", style=MUTED)
    text.append(printable(summary.metric_name))
    if progress is None or progress.latest is None:
        text.append(" — no readings yet", style=MUTED)
        return text
    text.append(f" — latest {progress.latest:g}")
    if progress.latest_on is not None:
        text.append(f" on {progress.latest_on.isoformat()}")
    if progress.share is not None:
        text.append(f", {progress.percent} of the way to target")
    if progress.reached:
        text.append(" (reached)", style=GOOD)
    elif progress.on_track is False:
        text.append(" (behind schedule)", style=WARN)
    return text


class InitiativeDetail(Static):
    """The highlighted initiative in full: its heading until its summary is computed."""

    def show(
        self, initiative: InitiativeSummary | InitiativeHeading | None, origin: str | None = None
    ) -> None:
        """Show an initiative, and the file it comes from (``origin``: None for this one)."""
        if initiative is None:
            self.update("")
        elif isinstance(initiative, InitiativeHeading):
            self.update(
                Text()
                .append(printable(initiative.title), style="bold")
                .append(f"  · step {initiative.step.label}", style=MUTED)
                .append_text(from_detail(origin))
            )
        else:
            self.update(summary_detail(initiative, origin))
