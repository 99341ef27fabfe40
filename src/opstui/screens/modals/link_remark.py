"""Link a remark (or one answer of a filled-in template) to what came of it: a decision,
an action, a metric, or a change in words.

The list offers the decisions and open actions (the session's own first), the metrics,
"A change in the initiative…" (which asks for one line of text), and the remark's
existing links, to take one back. Enter on a line links (or unlinks) through the
``link``/``unlink`` the caller gave: the dialog knows no store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from opstui.domain.buy_in import LinkTarget, RemarkLink
from opstui.domain.remark_trail import Outcome
from opstui.domain.text import printable, shorten
from opstui.screens.modals.live_modal import SAVE_ERRORS, LiveModal
from opstui.services.remark_links import LinkChoice, LinkError
from opstui.widgets.tones import MUTED

M = TypeVar("M")

#: How much of a long statement a line of the list shows.
SHOWN = 90

KIND_LABEL = {
    LinkTarget.DECISION: "decision",
    LinkTarget.ACTION: "action",
    LinkTarget.METRIC: "metric",
    LinkTarget.CHANGE: "change",
}


def outcome_line(kind: LinkTarget, text: str) -> Text:
    """ "→ action: Send the calendar link", user text shown as data."""
    line = Text(f"→ {KIND_LABEL[kind]}: ", style="bold")
    line.append(shorten(printable(text), SHOWN))
    return line


class LinkRemarkModal(LiveModal[RemarkLink | None]):
    """Dismissed with the link made or taken back, or None."""

    PASTE_INTO = "#link-change"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        *,
        quote: str,
        choices: list[LinkChoice],
        linked: list[Outcome],
        link: Callable[[LinkChoice], RemarkLink],
        unlink: Callable[[RemarkLink], RemarkLink],
        what: str = "remark",
    ) -> None:
        """``quote``: the remark's (or the answer's) words; ``what``: what the heading
        calls it ("remark", or an answer and its field)."""
        super().__init__()
        self.quote = quote
        self.what = what
        self.choices = choices
        self.linked = linked
        self.link = link
        self.unlink = unlink

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="link-box"):
            heading = Text(f"Link {printable(self.what, lines=False)}: what came of it")
            yield Static(heading, classes="form-title", id="link-heading")
            quote = Text("“", style=MUTED)
            quote.append(shorten(printable(self.quote), 160))
            quote.append("”", style=MUTED)
            yield Static(quote, id="link-quote")
            yield OptionList(*self._options(), id="link-choices")
            yield Label("What changed in the initiative", classes="form-label", id="link-label")
            yield Input(placeholder="e.g. the vision now names Sales", id="link-change")
            yield Static(
                "Enter links the highlighted line · Esc cancel", classes="form-keys", id="link-keys"
            )

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for n, choice in enumerate(self.choices):
            if choice.target is LinkTarget.CHANGE:
                label = Text("→ change: ", style="bold")
                label.append("A change in the initiative…")
            else:
                label = outcome_line(choice.target, choice.text)
                if choice.this_session:
                    label.append("  this session", style=MUTED)
            options.append(Option(label, id=f"choice:{n}"))
        for n, outcome in enumerate(self.linked):
            label = Text("✕ unlink ", style="bold")
            label.append(outcome_line(outcome.kind, outcome.text))
            options.append(Option(label, id=f"unlink:{n}"))
        return options

    def on_mount(self) -> None:
        self.query_one("#link-label").display = False
        self.query_one("#link-change").display = False
        self.query_one("#link-choices", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        how, _, number = (event.option.id or "").partition(":")
        if how == "unlink":
            link = self.linked[int(number)].link
            self._done(self.try_link(self.unlink, link))
            return
        choice = self.choices[int(number)]
        if choice.target is LinkTarget.CHANGE:
            self.query_one("#link-label").display = True
            change = self.query_one("#link-change", Input)
            change.display = True
            change.focus()
            return
        self._done(self.try_link(self.link, choice))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        change = next(c for c in self.choices if c.target is LinkTarget.CHANGE)
        self._done(self.try_link(self.link, change.with_change(event.value)))

    def try_link(self, act: Callable[[M], RemarkLink], what: M) -> RemarkLink | None:
        """``act(what)``, or None after saying why it was not done (the dialog stays)."""
        try:
            return act(what)
        except (*SAVE_ERRORS, LinkError) as exc:
            self.hint(f"Not linked: {str(exc).removeprefix('Not linked: ')}")
            return None

    def _done(self, link: RemarkLink | None) -> None:
        if link is not None:
            self.dismiss(link)

    def action_cancel(self) -> None:
        self.dismiss(None)
