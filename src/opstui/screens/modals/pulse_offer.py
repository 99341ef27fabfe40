"""The closing pulse offered at the end of a session: ask a question, or skip it.

A ``ChooseModal`` with one more key: ``s`` skips the whole pulse at once, since a session
that overran must be able to end without a question more.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from opstui.domain.pulse import PulseQuestion
from opstui.screens.modals.choose import Choice, ChooseModal

#: What the facilitator may answer; the dialog returns the key (None: back to the session).
ASK, SKIP_QUESTION, SKIP_PULSE = "ask", "skip-question", "skip-pulse"


class PulseOffer(ChooseModal):
    """Enter asks the question; ``s`` skips the pulse; Esc goes back to the session."""

    BINDINGS = [*ChooseModal.BINDINGS, Binding("s", "skip", "Skip the closing pulse")]

    def __init__(self, question: PulseQuestion) -> None:
        super().__init__(
            f"Closing pulse: {question.question}",
            [
                Choice(ASK, Text(f"Ask it now (fist of five, anonymous) → {question.metric_name}")),
                Choice(SKIP_QUESTION, Text("Skip this question")),
                Choice(SKIP_PULSE, Text("Skip the closing pulse and end")),
            ],
            hint="Enter choose · s skip the pulse · Esc back to the session",
        )
        self.question = question

    def action_skip(self) -> None:
        self.dismiss(SKIP_PULSE)
