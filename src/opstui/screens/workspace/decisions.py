"""The Decisions tab: every vote with its tally and outcome, and every decision recorded."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, Static

from opstui.domain.buy_in import LinkTarget
from opstui.domain.facts import InitiativeFacts
from opstui.domain.remark_trail import Loop
from opstui.domain.session import Decision, Session
from opstui.domain.voting import Outcome, Proposal, ProposalStatus, Tally, tallies
from opstui.screens.workspace.tab import InitiativeRead, WorkspaceTab, columns
from opstui.screens.workspace.text import cell, dim
from opstui.widgets.row_table import RowTable
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
        # Thousands of votes on a long-running initiative: tables that draw only the rows
        # on screen. With Textual's DataTable, a workspace of 6,320 sessions (3,160 votes)
        # blocked the screen for 10 s on this tab (issue 23).
        yield Label(Text("Votes", style="bold"), classes="pane-heading")
        yield RowTable(id="votes", zebra_stripes=True)
        yield Label(Text("Decisions", style="bold"), classes="pane-heading")
        yield RowTable(id="decisions", zebra_stripes=True)
        yield Static(id="decisions-detail", classes="pane-detail")

    @classmethod
    def prepare(cls, facts: InitiativeFacts) -> VoteRows:
        # Each vote's tally is worked out in one pass over the ballots.
        return VoteRows(
            proposals={p.id: p for p in facts.proposals},
            tallies=tallies(facts.proposals, facts.ballots),
            sessions={s.id: s for s in facts.sessions},
            decisions={d.id: d for d in facts.decisions},
        )

    def show(self, read: InitiativeRead) -> None:
        rows = self.prepared(read)
        if not isinstance(rows, VoteRows):
            raise TypeError(f"the decisions tab cannot show {rows!r}")
        # A row's cells are made only when the row is first drawn.
        votes = self.query_one("#votes", RowTable)
        votes.set_contents(
            self.row_table_columns("votes"),
            list(rows.proposals),
            partial(vote_cells, rows),
            cursor_key=votes.highlighted_key,
        )
        table = self.query_one("#decisions", RowTable)
        table.set_contents(
            self.row_table_columns("decisions"),
            list(rows.decisions),
            partial(decision_cells, rows),
            cursor_key=table.highlighted_key,
        )
        self.loop = read.trail()
        self.show_behind()

    loop: Loop | None = None

    @on(RowTable.RowHighlighted, "#decisions")
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


@dataclass(frozen=True)
class VoteRows:
    """The votes and decisions by id, in order; each vote's tally, and the sessions."""

    proposals: dict[str, Proposal]
    tallies: dict[str, Tally]
    sessions: dict[str, Session]
    decisions: dict[str, Decision]


def vote_cells(rows: VoteRows, proposal_id: str) -> list[Text]:
    """A vote's row, made when the table first draws it."""
    proposal = rows.proposals[proposal_id]
    session = rows.sessions.get(proposal.session_id)
    held = session.held_at if session else None
    summary = rows.tallies[proposal_id].summary()
    if proposal.round > 1:
        summary = f"round {proposal.round}: {summary}"
    if proposal.status is ProposalStatus.CLOSED and proposal.outcome is not None:
        outcome = Text(proposal.outcome.value, style=OUTCOME_STYLE[proposal.outcome])
    else:
        outcome = dim("open")
    return [
        user_text(proposal.title),
        cell(held.date().isoformat() if held else None),
        Text(proposal.method.label),
        user_text(summary),
        outcome,
    ]


def decision_cells(rows: VoteRows, key: str) -> list[Text]:
    """A decision's row, made when the table first draws it."""
    decision = rows.decisions[key]
    vote = rows.proposals.get(decision.proposal_id or "")
    return [
        Text(decision.decided_at.date().isoformat()),
        user_text(decision.statement),
        cell(decision.review_on.isoformat() if decision.review_on else None),
        cell(vote.title if vote else None),
    ]
