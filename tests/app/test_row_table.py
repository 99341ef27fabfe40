"""The dashboard's light table: drawing, the row cursor, the keys and the mouse."""

from __future__ import annotations

from rich.color import Color
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot

from opstui.widgets.row_table import RowTable, TableColumn

COLUMNS = [
    TableColumn("name", Text("Name", style="bold"), 12),
    TableColumn("count", Text("Count", style="bold"), 5),
]


def keys(count: int) -> list[str]:
    return [f"r{n}" for n in range(count)]


class Table(App[None]):
    def __init__(self, count: int = 100) -> None:
        super().__init__()
        self.count = count
        self.messages: list[Message] = []
        #: What the table shows: rows not in it are drawn from their key.
        self.cells: dict[str, list[Text]] = {}
        #: The keys whose cells the table asked for, in order.
        self.asked: list[str] = []

    def cells_of(self, key: str) -> list[Text]:
        self.asked.append(key)
        return self.cells.get(key) or [Text(f"Row {key[1:]}"), Text(key[1:])]

    def compose(self) -> ComposeResult:
        yield RowTable(id="table", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(RowTable).set_contents(COLUMNS, keys(self.count), self.cells_of)
        self.query_one(RowTable).focus()

    def on_row_table_row_highlighted(self, message: RowTable.RowHighlighted) -> None:
        self.messages.append(message)

    def on_row_table_row_selected(self, message: RowTable.RowSelected) -> None:
        self.messages.append(message)

    def on_row_table_header_selected(self, message: RowTable.HeaderSelected) -> None:
        self.messages.append(message)


def lines(table: RowTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def table_of(app: Table) -> RowTable:
    return app.query_one(RowTable)


def said(app: Table, kind: type[Message]) -> list[str]:
    """The keys carried by the messages of this kind, in order."""
    return [
        m.column_key if isinstance(m, RowTable.HeaderSelected) else getattr(m, "row_key", "")
        for m in app.messages
        if isinstance(m, kind)
    ]


async def started(app: Table, pilot: Pilot[None]) -> RowTable:
    await pilot.pause()
    app.messages.clear()
    return table_of(app)


async def test_it_draws_the_header_and_the_rows_cut_to_their_columns() -> None:
    app = Table(count=3)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        app.cells["r1"] = [Text("A title far too long for it"), Text("12345678")]
        app.cells["r2"] = [Text("Green", style="green"), Text.from_markup("[red]1[/]2")]
        app.cells["r0"] = [Text("Two\nlines"), Text("a\tb")]
        for key in ("r0", "r1", "r2"):
            table.refresh_row(key)
        await pilot.pause()
        drawn = lines(table)
        # Each cell has a space either side, and its column's width between.
        assert drawn[0] == (" " + "Name".ljust(12) + "  " + "Count").ljust(40)
        assert drawn[1].rstrip() == " " + "Two…".ljust(12) + "  a   …"  # one line each
        assert drawn[2].rstrip() == " A title far…  1234…"
        assert drawn[4].strip() == ""  # below the rows: blank
        # Each cell keeps its own colours, whether its style is its own or a span's.
        colours = {s.text.strip(): s.style.color for s in table.render_line(3) if s.style}
        assert colours["Green"] == Color.parse("green")
        assert colours["1"] == Color.parse("red") and colours["2"] != Color.parse("red")
        assert len(drawn[0]) == 40


async def test_the_cursor_moves_by_keys_within_the_rows_and_stays_in_view() -> None:
    app = Table(count=100)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        assert table.highlighted_key == "r0"
        await pilot.press("up")  # already at the top
        assert table.cursor_row == 0
        await pilot.press("down", "down")
        assert table.highlighted_key == "r2"
        await pilot.press("pagedown")  # ten lines: the header and nine rows
        assert table.cursor_row == 11
        await pilot.pause()
        assert 11 - 8 <= table.scroll_y <= 11
        assert "Row 11 " in "".join(lines(table))
        await pilot.press("end")
        await pilot.pause()
        assert table.highlighted_key == "r99"
        assert lines(table)[-1].startswith(" Row 99 ")
        await pilot.press("down")
        assert table.cursor_row == 99
        await pilot.press("pageup")
        assert table.cursor_row == 99 - 9
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 0
        assert said(app, RowTable.RowHighlighted) == ["r1", "r2", "r11", "r99", "r90", "r0"]


async def test_enter_selects_the_highlighted_row() -> None:
    app = Table(count=5)
    async with app.run_test(size=(40, 10)) as pilot:
        await started(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert said(app, RowTable.RowSelected) == ["r1"]


async def test_an_empty_table_draws_its_header_and_selects_nothing() -> None:
    app = Table(count=0)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        await pilot.press("down", "end", "enter")
        await pilot.pause()
        assert table.highlighted_key is None and table.row_count == 0
        assert lines(table)[0].startswith(" Name")
        assert app.messages == []


async def test_a_click_highlights_a_row_and_a_second_click_selects_it() -> None:
    app = Table(count=5)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        await pilot.click(RowTable, offset=(2, 3))  # the third row
        await pilot.pause()
        assert table.highlighted_key == "r2"
        assert said(app, RowTable.RowSelected) == []
        await pilot.click(RowTable, offset=(2, 3))
        await pilot.pause()
        assert said(app, RowTable.RowSelected) == ["r2"]
        await pilot.click(RowTable, offset=(2, 8))  # below the rows: nothing
        await pilot.pause()
        assert table.highlighted_key == "r2"


async def test_clicking_a_heading_names_its_column() -> None:
    app = Table(count=5)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        await pilot.click(RowTable, offset=(16, 0))  # "Count": after 12 + 2 cells of "Name"
        await pilot.click(RowTable, offset=(3, 0))
        await pilot.click(RowTable, offset=(30, 0))  # past the last column
        await pilot.pause()
        assert said(app, RowTable.HeaderSelected) == ["count", "name"]
        assert table.cursor_row == 0


async def test_the_wheel_scrolls_the_rows_under_a_header_that_stays() -> None:
    app = Table(count=100)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        for _ in range(3):
            table.post_message(events.MouseScrollDown(table, 2, 4, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert table.scroll_y > 0
        drawn = lines(table)
        assert drawn[0].startswith(" Name")
        assert drawn[1].startswith(f" Row {round(table.scroll_y)} ")
        assert table.cursor_row == 0  # the wheel moves the view, not the cursor


async def test_new_contents_keep_the_cursor_on_its_row_where_it_still_is() -> None:
    app = Table(count=20)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        table.move_cursor(12)
        shuffled = list(reversed(keys(20)))
        table.set_contents(COLUMNS, shuffled, app.cells_of, cursor_key="r12")
        await pilot.pause()
        assert table.highlighted_key == "r12" and table.cursor_row == 7
        table.set_contents(COLUMNS, keys(3), app.cells_of, cursor_key="r12")  # gone
        assert table.cursor_row == 0
        table.refresh_row("nowhere")  # not shown: nothing happens
        assert [table.cells_at(i)[0].plain for i in range(3)] == ["Row 0", "Row 1", "Row 2"]


async def test_only_the_rows_drawn_are_asked_for_their_cells_once_until_refreshed() -> None:
    app = Table(count=10_000)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        assert sorted(set(app.asked)) == sorted(keys(9))  # the nine rows on screen
        assert len(app.asked) == 9  # each once, though drawn more than once
        app.asked.clear()
        await pilot.press("down")
        await pilot.pause()
        assert app.asked == []  # the cursor moved over rows already drawn
        table.refresh_row("r3")
        table.refresh_row("r5000")  # off screen: asked for when it is drawn
        await pilot.pause()
        assert app.asked == ["r3"]
        await pilot.press("end")
        await pilot.pause()
        assert "r9999" in app.asked and "r5000" not in app.asked


async def test_the_cursor_and_the_stripes_have_their_own_backgrounds() -> None:
    app = Table(count=4)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)

        def background(y: int) -> object:
            first = next(iter(table.render_line(y)))
            return None if first.style is None else first.style.bgcolor

        cursor, odd, even = background(1), background(2), background(3)
        assert len({cursor, odd, even}) == 3  # row 0 (cursor), row 1, row 2 (striped)
        assert background(4) == odd  # row 3, like row 1
        await pilot.press("down")
        await pilot.pause()
        assert background(2) == cursor
        assert background(1) != cursor


async def test_fewer_rows_after_scrolling_far_down_are_shown_from_the_top() -> None:
    app = Table(count=1000)
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_y > 900
        table.set_contents(COLUMNS, keys(3), app.cells_of)
        await pilot.pause()
        assert table.scroll_y == 0
        assert [line.rstrip() for line in lines(table)[1:4]] == [
            " " + f"Row {n}".ljust(12) + f"  {n}" for n in range(3)
        ]


async def test_many_rows_after_a_few_scroll_to_a_cursor_far_down() -> None:
    app = Table(count=3)  # fits: no scrollbar yet
    async with app.run_test(size=(40, 10)) as pilot:
        table = await started(app, pilot)
        table.set_contents(COLUMNS, keys(1000), app.cells_of, cursor_key="r900")
        await pilot.pause()
        assert table.cursor_row == 900
        assert any(line.startswith(" Row 900 ") for line in lines(table))
