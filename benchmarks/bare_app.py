"""The yardstick for start-up time: a bare Textual app with a header, a table and a footer.

It shows the same rows the dashboard shows (read from a JSON file that run.py writes:
a list of [title, step, status]), with no database, no domain models and no CSS of its
own, so that comparing opstui's start with this one's isolates what opstui adds on top
of Textual itself.

    python benchmarks/bare_app.py ROWS.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class BareApp(App[None]):
    """Header, one table of rows, footer: the least a dashboard can be."""

    TITLE = "bare"

    def __init__(self, rows: list[list[str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Initiative", "Step", "Status")
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    BareApp(rows).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
