"""The captures' list: what it draws again when an entry is added, wrapping, the
highlight, the keys and the mouse."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from opstui.widgets.entry_list import Entry, EntryList


class CountedText(Text):
    """Text that counts how often it is drawn."""

    drawn = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        CountedText.drawn += 1
        yield from super().__rich_console__(console, options)


def entries(count: int, start: int = 0) -> list[Entry]:
    """Newest first: ``start + count - 1`` down to ``start``."""
    return [
        Entry(f"e{n}", CountedText(f"entry {n}")) for n in reversed(range(start, start + count))
    ]


class Lister(App[None]):
    CSS = "EntryList { height: 1fr; }"

    def __init__(self, shown: list[Entry]) -> None:
        super().__init__()
        self.shown = shown
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield EntryList()

    def on_mount(self) -> None:
        self.query_one(EntryList).set_entries(self.shown)
        self.query_one(EntryList).focus()

    def on_entry_list_selected(self, message: EntryList.Selected) -> None:
        self.selected.append(message.entry.id)


def lines(widget: EntryList) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


async def test_a_new_entry_on_top_draws_only_itself() -> None:
    old = entries(500)
    app = Lister(old)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(EntryList)
        assert lines(widget)[:2] == ["entry 499", "entry 498"]
        CountedText.drawn = 0
        widget.set_entries([*entries(1, start=500), *old])
        await pilot.pause()
        assert lines(widget)[:3] == ["entry 500", "entry 499", "entry 498"]
        # Every other line on screen moved down one, drawn from what was kept.
        assert CountedText.drawn == 1
        assert widget.highlighted == 0


async def test_long_entries_wrap_and_a_click_on_any_of_their_lines_selects_them() -> None:
    long = Entry("long", Text("word " * 30))
    app = Lister([Entry("short", Text("short one")), long, Entry("last", Text("last one"))])
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        widget = app.query_one(EntryList)
        shown = lines(widget)
        assert shown[0] == "short one"
        assert shown[1].startswith("word word") and shown[2].startswith("word word")
        assert "last one" in shown
        assert sum(line.count("word") for line in shown) == 30
        # The border and the padding are one cell each: the third line of the content.
        await pilot.click(EntryList, offset=(3, 3))
        assert widget.highlighted == 1 and app.selected == ["long"]


async def test_the_highlight_moves_with_keys_and_skips_what_cannot_be_highlighted() -> None:
    shown = [Entry("-", Text("nothing"), disabled=True), *entries(30)]
    app = Lister(shown)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        widget = app.query_one(EntryList)
        assert widget.highlighted == 1  # the first entry cannot have it
        await pilot.press("up")
        assert widget.highlighted == 1
        await pilot.press("down", "down")
        assert widget.highlighted == 3
        await pilot.press("end")
        assert widget.highlighted == 30
        assert widget.scroll_y > 0 and lines(widget)[-1] == "entry 0"
        await pilot.press("home")
        assert widget.highlighted == 1 and widget.scroll_y == 0
        await pilot.press("pagedown")
        assert widget.highlighted > 5
        await pilot.press("enter")
        assert app.selected == [widget.entry_at(widget.highlighted).id]


async def test_a_list_of_nothing_but_a_placeholder_selects_nothing() -> None:
    app = Lister([Entry("-", Text("Nothing yet"), disabled=True)])
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        widget = app.query_one(EntryList)
        assert widget.highlighted is None and widget.highlighted_entry is None
        await pilot.press("down", "enter")
        await pilot.click(EntryList, offset=(3, 1))
        assert app.selected == [] and lines(widget)[0] == "Nothing yet"


async def test_a_narrower_list_wraps_its_entries_again() -> None:
    app = Lister([Entry("a", Text("alpha beta gamma delta epsilon"))])
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        widget = app.query_one(EntryList)
        assert lines(widget)[0] == "alpha beta gamma delta epsilon"
        await resize(pilot, 20)
        shown = [line for line in lines(widget) if line]
        assert len(shown) > 1 and " ".join(shown) == "alpha beta gamma delta epsilon"


async def resize(pilot: Pilot[None], width: int) -> None:
    await pilot.resize_terminal(width, 8)
    await pilot.pause()
