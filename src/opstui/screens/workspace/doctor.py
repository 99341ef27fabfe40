"""The Doctor tab: the known mistakes that show in the initiative's data, each explained."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from opstui.domain.doctor import RULES
from opstui.screens.workspace.tab import InitiativeRead, WorkspaceTab
from opstui.widgets.findings import FindingView
from opstui.widgets.tones import GOOD_BOLD, MUTED, WARN_BOLD


class DoctorTab(WorkspaceTab):
    """A count of the findings, each finding in full, and what the doctor checks for."""

    KEY = "doctor"
    TITLE = "Doctor"

    def compose_content(self) -> ComposeResult:
        with VerticalScroll(id="doctor"):
            yield Static(id="doctor-summary")
            yield VerticalScroll(id="doctor-findings")
            yield Static(id="doctor-rules")

    def show(self, read: InitiativeRead) -> None:
        count = len(read.findings)
        summary = (
            Text(f"{count} finding{'s' if count != 1 else ''}", style=WARN_BOLD)
            if count
            else Text(
                "✓ No findings: none of the known mistakes shows in the data.", style=GOOD_BOLD
            )
        )
        self.query_one("#doctor-summary", Static).update(summary)
        box = self.query_one("#doctor-findings", VerticalScroll)
        box.remove_children()
        box.mount_all([FindingView(finding) for finding in read.findings])
        rules = Text("The doctor checks for:", style=MUTED)
        for rule in RULES:
            rules.append(f"\n  · {rule.description}", style=MUTED)
        self.query_one("#doctor-rules", Static).update(rules)
