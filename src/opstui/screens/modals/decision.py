"""Close a vote with its outcome and a decision, or record a decision taken without a vote.

Closing reveals the count, records the outcome the pass rule gives, and stores the
outcome statement as a decision linked to the proposal. An anonymous vote loses its
names at this moment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from opstui.domain.session import Decision, Session
from opstui.domain.text import printable
from opstui.domain.voting import Ballot, Outcome, Proposal, decision_statement, tally
from opstui.screens.modals.live_modal import LiveModal
from opstui.widgets.tones import BAD_BOLD, GOOD_BOLD

EMPTY_HINT = "Write what was decided first: an empty statement is not saved."
DATE_HINT = "A review date like 2026-03-31, or leave it empty."


class DecisionForm(LiveModal[Decision | None]):
    """The outcome statement and an optional review date."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Record decision"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        *,
        session: Session,
        save: Callable[[Decision], object],
        proposal: Proposal | None = None,
        ballots: list[Ballot] | None = None,
    ) -> None:
        super().__init__()
        #: Closes the vote with the decision, or records the decision alone.
        self.save = save
        self.session = session
        self.proposal = proposal
        self.ballots = ballots or []

    def compose(self) -> ComposeResult:
        proposal = self.proposal
        title = "Close the vote" if proposal else "Record a decision"
        statement = ""
        with Vertical(classes="form-box", id="decision-box"):
            yield Static(Text(title), classes="form-title")
            if proposal is not None:
                result = tally(proposal, self.ballots)
                statement = decision_statement(proposal, result)
                summary = Text()
                summary.append(printable(proposal.title), style="bold")
                summary.append(f"\n{proposal.method.label}, round {proposal.round}: ")
                summary.append(result.summary())
                summary.append(f"\nPasses when {proposal.rule.description}; ")
                summary.append(f"{result.ballots} voted, quorum {max(proposal.quorum, 1)}.\n")
                summary.append("Outcome: ")
                style = GOOD_BOLD if result.outcome is Outcome.PASSED else BAD_BOLD
                summary.append(result.outcome.value.upper(), style=style)
                if proposal.anonymous:
                    summary.append("\nThe names on this anonymous vote are dropped now.")
                yield Static(summary, id="decision-tally")
            yield Label("What was decided", classes="form-label")
            yield Input(
                printable(statement, lines=False, drop=True),
                placeholder="the outcome, in a sentence",
                id="decision-text",
            )
            yield Label("Review on (optional)", classes="form-label")
            yield Input(placeholder="2026-03-31", id="decision-review")
            yield Static("", classes="form-hint", id="decision-hint")
            yield Static("Enter record · Esc cancel", classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#decision-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def hint(self, text: str) -> None:
        self.query_one("#decision-hint", Static).update(Text(text))

    def action_save(self) -> None:
        statement = self.query_one("#decision-text", Input).value
        if not statement.strip():
            self.hint(EMPTY_HINT)
            return
        review_text = self.query_one("#decision-review", Input).value.strip()
        try:
            review_on = date.fromisoformat(review_text) if review_text else None
            decision = Decision(
                initiative_id=self.session.initiative_id,
                session_id=self.session.id,
                proposal_id=self.proposal.id if self.proposal else None,
                statement=statement,
                review_on=review_on,
            )
        except ValueError:
            self.hint(DATE_HINT)
            return
        if self.try_save(self.save, decision) is not None:
            self.dismiss(decision)

    def action_cancel(self) -> None:
        self.dismiss(None)
