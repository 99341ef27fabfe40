"""The Decisions tab: every vote with its tally and outcome, and every decision recorded."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Label, Static

from opstui.domain.buy_in import LinkTarget
from opstui.domain.remark_trail import Loop, loop_of
from opstui.domain.voting import Outcome, ProposalStatus, tally
from opstui.screens.workspace.tab import InitiativeRead, WorkspaceTab, columns
from opstui.screens.workspace.text import cell, dim, session_of
from opstui.widgets.tones import BAD, GOOD, WARN
from opstui.widgets.user_text import user_text
from opstui.widgets.you_said import said_text

OUTCOME_STYLE: dict[Outcome, str] = {
    Outcome.PASSED: GOOD,
    Outcome.FAILED: BAD,
    Outcome.NO_QUORUM: WARN,
}


class DecisionsTab(WorkspaceTab):
    """The votes above, the decisions below."""

    KEY = "decisions"
    TITLE = "Decisions"
    #: The votes come first on screen: the arrows go to them, Tab to the decisions.
    FRONT = "votes"
    COLUMNS = {
        "votes": columns(
            ("title", "Proposal", 0, 3),
            ("session", "Session", 10),
            ("method", "Method", 12),
            ("tally", "Tally", 0, 2),
            ("outcome", "Outcome", 9),
        ),
        "decisions": columns(
            ("when", "Decided", 10),
            ("statement", "Decision", 0, 3),
            ("review", "Review on", 10),
            ("vote", "From vote", 0, 1),
        ),
    }

    def compose_content(self) -> ComposeResult:
        yield Label(Text("Votes", style="bold"), classes="pane-heading")
        yield DataTable(id="votes", cursor_type="row", zebra_stripes=True)
        yield Label(Text("Decisions", style="bold"), classes="pane-heading")
        yield DataTable(id="decisions", cursor_type="row", zebra_stripes=True)
        yield Static(id="decisions-detail", classes="pane-detail")

    def show(self, read: InitiativeRead) -> None:
        facts = read.facts
        votes: DataTable[Text] = self.query_one("#votes", DataTable)
        keep = self.refill(votes)
        for proposal in facts.proposals:
            counted = tally(proposal, facts.ballots)
            session = session_of(facts, proposal.session_id)
            held = session.held_at if session else None
            summary = counted.summary()
            if proposal.round > 1:
                summary = f"round {proposal.round}: {summary}"
            if proposal.status is ProposalStatus.CLOSED and proposal.outcome is not None:
                outcome = Text(proposal.outcome.value, style=OUTCOME_STYLE[proposal.outcome])
            else:
                outcome = dim("open")
            votes.add_row(
                user_text(proposal.title),
                cell(held.date().isoformat() if held else None),
                Text(proposal.method.label),
                user_text(summary),
                outcome,
                key=proposal.id,
            )
        self.restore_cursor(votes, keep)

        decisions: DataTable[Text] = self.query_one("#decisions", DataTable)
        keep = self.refill(decisions)
        titles = {p.id: p.title for p in facts.proposals}
        for decision in facts.decisions:
            decisions.add_row(
                Text(decision.decided_at.date().isoformat()),
                user_text(decision.statement),
                cell(decision.review_on.isoformat() if decision.review_on else None),
                cell(titles.get(decision.proposal_id or "")),
                key=decision.id,
            )
        self.restore_cursor(decisions, keep)
        self.loop = loop_of(facts)
        self.show_behind()

    loop: Loop | None = None

    @on(DataTable.RowHighlighted, "#decisions")
    def show_behind(self) -> None:
        """The remarks behind the highlighted decision ("you said")."""
        decision_id = self.highlighted_key("#decisions")
        text = Text()
        if self.shown is not None and self.loop is not None and decision_id is not None:
            facts = self.shown.facts
            said = self.loop.said_behind(LinkTarget.DECISION, decision_id)
            sessions = {s.id: s for s in facts.sessions}
            text = said_text(said, facts.people, sessions)
        self.query_one("#decisions-detail", Static).update(text)
