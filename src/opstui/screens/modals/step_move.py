"""The warning shown before moving an initiative past a step whose output is missing.

Moving is the facilitator's choice and is never blocked: the dialog names what is
missing, with the doctor's reasons, and offers "Move anyway" or "Stay".
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from opstui.domain.findings import Finding
from opstui.domain.steps import Step
from opstui.screens.base import OpstuiModal
from opstui.widgets.findings import FindingView
from opstui.widgets.tones import MUTED


class StepMoveModal(OpstuiModal[bool]):
    """Dismissed with True to move anyway, False to stay."""

    BINDINGS = [
        Binding("escape", "stay", "Stay"),
        Binding("m", "move", "Move anyway"),
    ]

    def __init__(self, title: str, current: Step, target: Step, findings: list[Finding]) -> None:
        super().__init__()
        self.initiative_title = title
        self.current = current
        self.target = target
        self.findings = findings

    def compose(self) -> ComposeResult:
        heading = Text.assemble(
            ("Move ", "bold"),
            (f"“{self.initiative_title}”", "bold"),
            (f" from step {self.current.label} to step {self.target.label}?", "bold"),
        )
        count = len(self.findings)
        intro = Text(
            f"{'This step has' if count == 1 else 'These steps have'} no output yet:",
            style=MUTED,
        )
        with Vertical(classes="form-box", id="step-move-box"):
            yield Static(heading, classes="form-title")
            yield Static(intro)
            with VerticalScroll(classes="form-fields"):
                for finding in self.findings:
                    yield FindingView(finding)
            with Horizontal(classes="form-buttons"):
                yield Button("Move anyway", variant="warning", id="move-anyway")
                yield Button("Stay", variant="primary", id="move-stay")

    def on_mount(self) -> None:
        self.query_one("#move-stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "move-anyway")

    def action_move(self) -> None:
        self.dismiss(True)

    def action_stay(self) -> None:
        self.dismiss(False)
