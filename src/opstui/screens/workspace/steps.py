"""The workspace's step indicator, which also moves the initiative from step to step.

Moving is the facilitator's choice and never blocked: moving forward past a step whose
expected output is missing names what is missing and asks first; moving back never asks.
"""

from __future__ import annotations

from collections.abc import Callable

from opstui.domain.facts import InitiativeFacts
from opstui.domain.step_outputs import step_output_present, step_warning
from opstui.domain.steps import Step
from opstui.widgets.step_indicator import StepIndicator


class WorkspaceSteps(StepIndicator):
    """Steps 1-6 of the initiative in view, and moving it to the next or previous one."""

    def __init__(self, move_to: Callable[[Step], None], *, id: str | None = None) -> None:
        """Make the indicator.

        Args:
            move_to: Saves the initiative at a step. Called at once, not through a
                message: a move right after another one must start from the step just set.
            id: The widget's id.
        """
        super().__init__(id=id)
        self._move_to = move_to
        #: The outline shown: the step warnings are worked out from it.
        self.outline: InitiativeFacts | None = None

    def show(self, outline: InitiativeFacts) -> None:
        """Show where the initiative stands, from its outline read last."""
        self.outline = outline
        self.set_state(
            outline.initiative.step, {step: step_output_present(outline, step) for step in Step}
        )

    def move(self, delta: int) -> None:
        """Move by one step; moving forward past a missing output asks first."""
        if self.outline is None:
            return
        initiative = self.outline.initiative
        target_number = int(initiative.step) + delta
        if not 1 <= target_number <= 6:
            where = "first" if delta < 0 else "last"
            self.notify(f"Already at the {where} step.", severity="warning")
            return
        target = Step(target_number)
        warnings = step_warning(self.outline, target) if delta > 0 else []
        if not warnings:
            self._move_to(target)
            return
        from opstui.screens.modals.step_move import StepMoveModal

        def decided(move: bool | None) -> None:
            if move:
                self._move_to(target)

        self.app.push_screen(
            StepMoveModal(initiative.title, initiative.step, target, warnings), decided
        )

    def on_unmount(self) -> None:
        self.outline = None
