"""The app's one way to run a long job: a dialog with Textual's ``ProgressBar``.

The job (an import, a bundle, an export of every session) runs in a thread worker and is
handed a ``Progress`` (``opstui.domain.progress``); the dialog shows its phase and how
far it is, redrawn at most ``REDRAWS_PER_SECOND`` times, while every key stays answered.
Where the job says stopping is safe (``cancellable``), Escape asks it to stop: its next
progress call raises ``Cancelled`` and it takes back what it began. The dialog is
dismissed with a ``JobEnded``: the job's result, or that it was cancelled, or the error
it failed with, which the caller tells the user as it tells any other.

    def ended(outcome: JobEnded[int]) -> None: ...
    app.push_screen(JobProgress("Importing readings", job), ended)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from opstui.domain.progress import Cancelled, Progress
from opstui.domain.text import printable
from opstui.screens.base import OpstuiModal
from opstui.widgets.tones import MUTED

T = TypeVar("T")

#: Redraws of the bar per second at most: a job may report every row.
REDRAWS_PER_SECOND = 10


@dataclass(frozen=True)
class JobEnded(Generic[T]):
    """How a job ended: its result, or cancelled, or the error it raised."""

    result: T | None = None
    cancelled: bool = False
    error: Exception | None = None

    def unwrap(self) -> T:
        """The job's result, or the error it failed with raised again."""
        if self.error is not None:
            raise self.error
        if self.cancelled or self.result is None:
            raise ValueError("a cancelled job has no result")
        return self.result


class JobProgress(OpstuiModal[JobEnded[T]], Generic[T]):
    """Runs ``job`` in a thread worker, showing its progress until it ends."""

    BINDINGS = [Binding("escape", "cancel_job", "Cancel")]

    def __init__(
        self, title: str, job: Callable[[Progress], T], *, cancellable: bool = True
    ) -> None:
        super().__init__()
        self.title_text = title
        self.job = job
        self.cancellable = cancellable
        #: Set by Escape; the job's next progress call raises ``Cancelled``.
        self.cancel_asked = threading.Event()
        self._next_draw = 0.0
        self._phase = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="job-box"):
            yield Static(Text(printable(self.title_text), style="bold"), classes="form-title")
            yield Static(Text("starting…"), id="job-phase")
            yield ProgressBar(total=None, show_eta=True, id="job-bar")
            hint = "Esc cancels: nothing of it is kept." if self.cancellable else ""
            yield Static(Text(hint, style=MUTED), id="job-hint")

    def on_mount(self) -> None:
        self.run_worker(self._run, thread=True, exit_on_error=False, group="job")

    def on_unmount(self) -> None:
        # Taken away unfinished (the app quitting): a job that may stop, stops.
        if self.cancellable:
            self.cancel_asked.set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_job" and not self.cancellable:
            return False
        return super().check_action(action, parameters)

    def action_cancel_job(self) -> None:
        if not self.cancellable or self.cancel_asked.is_set():
            return
        self.cancel_asked.set()
        self.query_one("#job-hint", Static).update(Text("Cancelling…", style=MUTED))

    # -- in the worker's thread --------------------------------------------------------

    def _run(self) -> None:
        try:
            outcome: JobEnded[T] = JobEnded(result=self.job(self._told))
        except Cancelled:
            outcome = JobEnded(cancelled=True)
        except Exception as exc:  # told by the caller, as any failed write
            outcome = JobEnded(error=exc)
        if self.is_attached:
            self.app.call_from_thread(self.dismiss, outcome)

    def _told(self, phase: str, done: int, total: int) -> None:
        if self.cancel_asked.is_set():
            raise Cancelled
        now = time.monotonic()
        if now < self._next_draw and done != total:
            return
        self._next_draw = now + 1 / REDRAWS_PER_SECOND
        self.app.call_from_thread(self._show, phase, done, total)

    # -- back in the app's thread -------------------------------------------------------

    def _show(self, phase: str, done: int, total: int) -> None:
        counted = f"{done:,} of {total:,}" if total else f"{done:,}"
        self.query_one("#job-phase", Static).update(Text(f"{phase.capitalize()}: {counted}"))
        bar = self.query_one("#job-bar", ProgressBar)
        if phase != self._phase:  # a new phase: its time left is guessed afresh
            self._phase = phase
            bar.update(total=None)
        bar.update(total=total or None, progress=done)
