"""How a long job tells how far it is, and how whoever shows it stops it.

A job that can take more than a second (an import, a merge, a bundle, exporting every
session) takes a ``Progress``: it calls it with the phase it is in and how much of it is
done, often enough to keep a bar moving and rarely enough to cost nothing. The caller
shows it (a bar on the command line when that is a terminal, Textual's ``ProgressBar``
in the app) and may stop the job by raising ``Cancelled`` from the call: a job only asks
at the points where stopping leaves nothing half-written, so the job itself decides
where cancelling is safe.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["Cancelled", "Progress", "silent"]


class Cancelled(Exception):
    """Raised from a progress call to stop the job; the job undoes what it began."""


class Progress(Protocol):
    """Told ``done`` of ``total`` units of ``phase`` (``total`` 0 when unknown)."""

    def __call__(self, phase: str, done: int, total: int) -> None: ...


def silent(phase: str, done: int, total: int) -> None:
    """The progress of a job nobody watches."""
