"""How a doctor's finding reads on screen: its title, then what was seen, why, what to do."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from opstui.domain.findings import Finding, Severity
from opstui.widgets.tones import INFO_BOLD, MUTED, WARN_BOLD


def finding_title(finding: Finding) -> Text:
    warning = finding.severity is Severity.WARNING
    title = Text()
    title.append("⚠ " if warning else "ℹ ", style=WARN_BOLD if warning else INFO_BOLD)
    title.append(finding.title, style="bold")
    if not warning:
        title.append("  (for information)", style=MUTED)
    return title


def finding_renderable(finding: Finding) -> RenderableType:
    """The title, then Seen / Why / To do in a column so that long lines wrap under their text.

    Every part is data, so nothing in it is read as markup.
    """
    parts = Table.grid(padding=(0, 1))
    parts.add_column(width=7)
    parts.add_column(ratio=1)
    for label, text in (("Seen", finding.seen), ("Why", finding.why), ("To do", finding.todo)):
        # The tone on the Text, not the column: a Text leaves out a style its console does
        # not know, a column's style is looked up and fails.
        parts.add_row(Text(f"  {label}", style=MUTED), Text(text))
    return Group(finding_title(finding), parts)


class FindingView(Static):
    """One finding of the doctor, shown in the workspace and before a step move."""

    def __init__(self, finding: Finding, *, classes: str = "finding") -> None:
        super().__init__(finding_renderable(finding), classes=classes)
        self.finding = finding
