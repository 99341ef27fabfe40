"""The base of the live session's dialogs, so one block of app CSS styles them all."""

from __future__ import annotations

from typing import TypeVar

from opstui.screens.base import LIVE_CSS, OpstuiModal

T = TypeVar("T")


class LiveModal(OpstuiModal[T]):
    """A centred dialog of the live session (its CSS is under ``LiveModal`` in live.tcss)."""

    CSS_PATH = LIVE_CSS
