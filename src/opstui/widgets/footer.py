"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Textual's footer rebuilds itself (a widget per key, unmounted and mounted again) each
time the screen's bindings are refreshed: when the focus moves, when a screen comes
back, when a screen asks for it; often several times for one change, and nearly always
to show the very same keys. Measured on the dashboard's start and on opening an
initiative, that was five and ten rebuilds, a sizeable share of the time before the
screen was complete. This footer looks first, and rebuilds only for a difference.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A drop-in for ``textual.widgets.Footer`` that skips rebuilding the same keys."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        show_command_palette: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__(
            name=name,
            id=id,
            classes=classes,
            show_command_palette=show_command_palette,
            compact=compact,
        )
        #: What the keys shown were built from; None until they are built.
        self._shown: Hashable | None = None
        self._rebuild_pending = False

    def keys_shown(self) -> Hashable | None:
        """Everything the footer's keys are built from, or None when not ready yet."""
        if not self._bindings_ready:
            return None
        shown = tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                binding.tooltip,
                self.app.get_key_display(binding),
                None if binding.group is None else id(binding.group),
                enabled,
                tooltip,
                binding.show,
            )
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
        return (shown, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE)

    def compose(self) -> ComposeResult:
        self._shown = self.keys_shown()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            # One look after the refresh, however many changes were announced before it.
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self.keys_shown() != self._shown:
            await self.recompose()
