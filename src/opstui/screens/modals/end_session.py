"""End a session: what it produced (remarks by kind, votes, decisions, actions) and when."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from opstui.domain.session_summary import SessionSummary
from opstui.domain.text import printable, shorten
from opstui.domain.voting import Outcome
from opstui.screens.modals.live_modal import LiveModal
from opstui.widgets.tones import BAD_BOLD, GOOD_BOLD, MUTED, WARN, WARN_BOLD


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")


def render_summary(summary: SessionSummary, owners: dict[str, str]) -> Group:
    """The summary as the end-of-session dialog shows it."""
    parts: list[Text | Table] = []
    ended = summary.ended_at
    parts.append(Text(f"Ends {_when(ended)}" if ended else "Not ended yet", style="bold"))
    time = summary.time
    time_line = Text(f"Time: {time.actual_minutes} of {time.planned_minutes} min planned")
    if time.added_minutes:
        time_line.append(f" ({time.added_minutes} added)")
    if time.overruns:
        time_line.append(
            "  ·  ran over: " + ", ".join(printable(t) for t in time.overruns), style=BAD_BOLD
        )
    parts.append(time_line)

    parts.append(Text(f"\nFeedback ({summary.feedback_total})", style="bold underline"))
    kinds = Table.grid(padding=(0, 2))
    kinds.add_row(
        *[Text(f"{kind.value} {count}") for kind, count in summary.feedback_by_kind.items()]
    )
    parts.append(kinds)

    if summary.fill_ins:
        parts.append(
            Text(f"\nTemplates filled in ({len(summary.fill_ins)})", style="bold underline")
        )
        parts.append(Text("\n".join(f"• {printable(t)}" for t in summary.fill_ins)))

    parts.append(Text(f"\nVotes ({len(summary.votes)})", style="bold underline"))
    if not summary.votes:
        parts.append(Text("none", style=MUTED))
    for vote in summary.votes:
        line = Text("• ")
        line.append(shorten(printable(vote.title), 70))
        line.append(": ")
        if vote.outcome is None:
            line.append("still open", style=WARN_BOLD)
        else:
            line.append(
                vote.outcome.value,
                style=GOOD_BOLD if vote.outcome is Outcome.PASSED else BAD_BOLD,
            )
        line.append(f" ({vote.counts})", style=MUTED)
        parts.append(line)
    if summary.open_votes:
        parts.append(
            Text("An open vote stays open: close it (c) to record its decision.", style=WARN)
        )

    if summary.decisions:
        parts.append(Text(f"\nDecisions ({len(summary.decisions)})", style="bold underline"))
        parts.append(Text("\n".join(f"• {shorten(printable(d), 110)}" for d in summary.decisions)))

    parts.append(Text(f"\nAction items ({len(summary.actions)})", style="bold underline"))
    if not summary.actions:
        parts.append(Text("none", style=MUTED))
    for action in summary.actions:
        line = Text(("✓ " if action.done else "☐ ") + shorten(printable(action.text), 80))
        owner = owners.get(action.owner_id or "", "")
        extra = ", ".join(
            x for x in (printable(owner), f"due {action.due_on}" if action.due_on else "") if x
        )
        if extra:
            line.append(f"  {extra}", style=MUTED)
        parts.append(line)
    return Group(*parts)


def waiting_line(count: int) -> Text:
    """What the end says of remarks from devices that were never accepted."""
    remarks = "1 remark" if count == 1 else f"{count} remarks"
    verb = "was" if count == 1 else "were"
    return Text(
        f"{remarks} from devices {verb} not accepted: not in the feedback, "
        "kept queued in the file.",
        style="bold",
    )


class EndSession(LiveModal[bool]):
    """The summary, with Enter to end the session (or just to close it when ended)."""

    BINDINGS = [
        Binding("escape", "answer(False)", "Keep going"),
    ]

    def __init__(
        self,
        summary: SessionSummary,
        owners: dict[str, str],
        *,
        ended: bool,
        remarks_waiting: int = 0,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.owners = owners
        self.ended = ended
        #: Remarks from devices never accepted: they stay queued in the file.
        self.remarks_waiting = remarks_waiting

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="end-box"):
            title = "Session summary" if self.ended else "End the session?"
            yield Static(Text(title), classes="form-title")
            with VerticalScroll(id="end-summary"):
                yield Static(render_summary(self.summary, self.owners))
            if self.remarks_waiting:
                yield Static(waiting_line(self.remarks_waiting), id="end-waiting")
            with Horizontal(classes="form-buttons"):
                if self.ended:
                    yield Button("Close", variant="primary", id="end-close")
                else:
                    yield Button("End session", variant="error", id="end-yes")
                    yield Button("Keep going", variant="primary", id="end-no")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "end-yes")

    def action_answer(self, end: bool) -> None:
        self.dismiss(end)
