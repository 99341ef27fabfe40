"""The footer of every full screen: the keys used most, as many as fit, then Help and Quit.

Textual's footer shows every binding marked ``show`` and lets the terminal's edge cut the
rest, Help and Quit included. This one takes the screen's keys in the order they are
declared (the most used first), keeps the prefix of them that fits the footer's width
beside the keys it always ends with, and lays itself out again when the width changes.
F1 and the command palette still list every key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

#: The column after each key (its right margin), so that keys do not run together.
GAP = 1


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer writes it: ``key_display`` then its short name."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool = True
    tooltip: str = ""

    @property
    def width(self) -> int:
        """The columns it takes, with the gap after it."""
        return cell_len(self.key_display) + 1 + cell_len(self.description) + GAP


def fitting(
    entries: Sequence[FooterEntry], last: Sequence[FooterEntry], width: int
) -> list[FooterEntry]:
    """The first of ``entries`` that fit ``width`` columns beside ``last``, then ``last``.

    The keys shown are always a prefix of ``entries`` (the most used first), so a wider
    terminal only ever adds keys at the end; ``last`` is never dropped. The gap after the
    final key may fall outside the width.
    """
    room = width + GAP - sum(entry.width for entry in last)
    shown: list[FooterEntry] = []
    for entry in entries:
        if entry.width > room:
            break
        shown.append(entry)
        room -= entry.width
    return [*shown, *last]


class ShownKey(Widget):
    """One key in the footer; a click runs it as if it were pressed."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"shown-key--key", "shown-key--description"}
    DEFAULT_CSS = """
    ShownKey {
        width: auto;
        height: 1;
        margin-right: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .shown-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .shown-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            background: $block-hover-background;
        }
        /* A key that does nothing here: muted, not dimmed (dim measured 2.8:1). */
        &.-disabled {
            .shown-key--key, .shown-key--description {
                color: $text-muted;
            }
        }
    }
    """

    def __init__(self, entry: FooterEntry) -> None:
        super().__init__(classes="" if entry.enabled else "-disabled")
        self.entry = entry
        if entry.tooltip:
            self.tooltip = entry.tooltip

    def render(self) -> Text:
        # Names come from the code's own bindings, but Text keeps them from being markup.
        return Text.assemble(
            (self.entry.key_display, self.get_component_rich_style("shown-key--key")),
            " ",
            (self.entry.description, self.get_component_rich_style("shown-key--description")),
        )

    def on_click(self) -> None:
        if self.entry.enabled:
            self.app.simulate_key(self.entry.key)
        else:
            self.app.bell()


def _bare(action: str) -> str:
    """An action without the ``app.`` namespace a screen may run it in."""
    return action.removeprefix("app.")


class KeysFooter(Footer):
    """The screen's most used keys that fit, then the keys it always ends with.

    Args:
        last: The actions whose keys close every footer, in order (Help, Quit); they are
            shown whether or not their binding asks to be.
    """

    def __init__(self, last: Iterable[str]) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self.last_actions = tuple(_bare(action) for action in last)
        #: The width the keys were last chosen for.
        self._laid_out_for = 0
        #: Whether the screen has said which keys apply (its first bindings update).
        self._keys_known = False
        #: The keys shown now, so that an update that changes nothing draws nothing.
        self._shown: list[FooterEntry] = []

    def entries(self) -> tuple[list[FooterEntry], list[FooterEntry]]:
        """The screen's keys in its order, and the ones the footer ends with.

        One key per action (the first bound), as Textual's footer shows them; a key whose
        action is hidden right now (read-only review, a tab not in view) is not there.
        """
        app = self.app
        ordered: list[FooterEntry] = []
        closing: dict[str, FooterEntry] = {}
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            action = _bare(binding.action)
            if action in seen or not (binding.show or action in self.last_actions):
                continue
            seen.add(action)
            entry = FooterEntry(
                binding.key.split(",")[0],
                app.get_key_display(binding),
                binding.description,
                binding.action,
                active.enabled,
                binding.tooltip,
            )
            if action in self.last_actions:
                closing[action] = entry
            else:
                ordered.append(entry)
        return ordered, [closing[a] for a in self.last_actions if a in closing]

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Lay the keys out again whenever the screen's keys change.

        Textual's footer skips this while the terminal reports it has lost focus (a
        screen-shared window often has), and would then keep showing the keys of the
        moment it was first drawn: in a review, edits that are not allowed.
        """
        self._keys_known = True
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.lay_out)

    def wanted(self) -> list[FooterEntry]:
        """The keys to show at the footer's width now."""
        width = self.size.width or self.app.size.width
        # Nothing before the screen has said which keys apply (its first bindings update).
        if not self.is_attached or width <= 0 or not self._keys_known:
            return []
        ordered, closing = self.entries()
        return fitting(ordered, closing, width)

    async def lay_out(self) -> None:
        """Draw the keys again only when they changed.

        Every dialog opened and closed updates the screen's bindings twice; the keys are
        almost always the same. Recomposing anyway made and dropped a ShownKey per key
        each time (about 20 on the live screen): the work of a key press, and what
        Textual 8.2.8 keeps of dead widgets (see ``OpstuiModal.on_screen_suspend``).
        Textual's own ``Footer`` leaks worse: its ``compose`` binds every ``FooterKey``
        with ``data_bind(compact=Footer.compact)`` (textual/widgets/_footer.py, lines
        277 and 289), which appends the key to the footer's watchers (reactive.py,
        ``_watch``, line 532); dead watchers are only pruned when ``compact`` changes
        (reactive.py, lines 401-407), which it never does, so each recompose keeps the
        previous keys alive for good. That is why this footer yields its own keys,
        unbound.
        """
        if self.is_attached and self.wanted() != self._shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        self._laid_out_for = self.size.width or self.app.size.width
        self._shown = self.wanted()
        for entry in self._shown:
            yield ShownKey(entry)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for:
            self.call_after_refresh(self.lay_out)
