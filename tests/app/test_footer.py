"""The footer: the keys of the screen, rebuilt only when they change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Label
from textual.widgets._footer import FooterKey

from opstui.widgets.footer import Footer


class Keys(App[None]):
    BINDINGS = [
        Binding("a", "add", "Add thing"),
        Binding("d", "drop", "Drop thing"),
        Binding("h", "hidden", "Hidden thing", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.can_drop = True

    def compose(self) -> ComposeResult:
        yield Label("keys")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None shows the key dimmed (False would hide it).
        return None if action == "drop" and not self.can_drop else True


def footer_keys(app: App[None]) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_it_shows_the_keys_and_keeps_them_while_nothing_changes() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = footer_keys(app)
        assert [k.description for k in keys if k.description] == [
            "Add thing",
            "Drop thing",
            "palette",
        ]
        for _ in range(3):
            app.screen.refresh_bindings()
            await pilot.pause()
        # The same widgets: nothing was unmounted and mounted again.
        assert footer_keys(app) == keys


async def test_it_rebuilds_when_a_key_changes() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = footer_keys(app)
        drop = next(k for k in before if k.description == "Drop thing")
        assert not drop.has_class("-disabled")
        app.can_drop = False
        app.screen.refresh_bindings()
        await pilot.pause()
        after = footer_keys(app)
        assert after != before
        assert next(k for k in after if k.description == "Drop thing").has_class("-disabled")
