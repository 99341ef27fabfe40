"""The Sessions tab: every session of the initiative, newest first, with what it captured."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult

from opstui.domain.counted_sessions import state_label
from opstui.domain.facts import InitiativeFacts
from opstui.domain.session import Session, SessionState
from opstui.domain.text import shorten
from opstui.screens.commands import Command
from opstui.screens.modals.choose import Choice, ChooseModal
from opstui.screens.modals.link_remark import SHOWN
from opstui.screens.workspace.tab import InitiativeRead, WorkspaceTab, columns
from opstui.screens.workspace.text import cell, dim, name_of
from opstui.widgets.row_table import RowTable
from opstui.widgets.tones import GOOD_BOLD, MUTED, MUTED_STRIKE
from opstui.widgets.user_text import printable, user_text

if TYPE_CHECKING:
    from textual.app import App

    from opstui.services.remark_links import FilledAnswer

STATE_STYLE: dict[SessionState, str] = {
    SessionState.PLANNED: MUTED,
    SessionState.LIVE: GOOD_BOLD,
    SessionState.ENDED: "",
}


class SessionsTab(WorkspaceTab):
    """A row per session: when, what kind, who took part and how much was captured."""

    KEY = "sessions"
    TITLE = "Sessions"
    COMMANDS = (
        Command("o", "open_session", "Open session"),
        Command("R", "rename_session", "Rename session", edits=True, footer=False),
        Command("X", "cancel_session", "Cancel session", edits=True, footer=False),
    )
    #: F6 exports the highlighted session's notes; the app binds it everywhere, but only
    #: here (and in a live session) is there a session to export, so only here is it shown.
    LATER_COMMANDS = (
        Command("f6", "export_session", "Export session notes", label="Export notes"),
        Command("L", "link_answer", "Link an answer", edits=True, footer=False),
        Command("M", "process_map", "Process map", footer=False),
    )
    COLUMNS = {
        "sessions": columns(
            ("when", "Date", 10),
            ("kind", "Kind", 15),
            ("title", "Session", 0, 3),
            ("state", "State", 7),
            ("people", "Participants", 0, 2),
            ("captures", "Captures", 8),
        ),
    }

    def enables(self, action: str) -> bool:
        if action == "export_session":
            return self.highlighted_session is not None
        return True

    def compose_content(self) -> ComposeResult:
        # Thousands of sessions on a long-running initiative: a table that draws only the
        # rows on screen. Textual's DataTable took 1.5-5.7 s to fill with 6,320 (issue 23).
        yield RowTable(id="sessions", zebra_stripes=True)

    @property
    def highlighted_session(self) -> str | None:
        """The id of the session under the cursor, if any."""
        return self.highlighted_key("#sessions")

    @classmethod
    def prepare(cls, facts: InitiativeFacts) -> SessionRows:
        captures: Counter[str] = Counter()
        captures.update(f.session_id for f in facts.feedback)
        captures.update(f.session_id for f in facts.fill_ins)
        captures.update(p.session_id for p in facts.proposals)
        captures.update(d.session_id for d in facts.decisions if d.session_id)
        captures.update(a.session_id for a in facts.actions if a.session_id)
        return SessionRows({session.id: session for session in reversed(facts.sessions)}, captures)

    def show(self, read: InitiativeRead) -> None:
        rows = self.prepared(read)
        if not isinstance(rows, SessionRows):
            raise TypeError(f"the sessions tab cannot show {rows!r}")
        table = self.query_one("#sessions", RowTable)
        table.set_contents(
            self.row_table_columns("sessions"),
            list(rows.sessions),
            partial(session_cells, read.facts, rows),
            cursor_key=table.highlighted_key,
        )

    @on(RowTable.RowSelected, "#sessions")
    def on_row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.open_highlighted()

    def open_highlighted(self) -> None:
        """Open the session under the cursor in its own screen."""
        session_id = self.highlighted_session
        if session_id is None:
            return
        try:
            from opstui.screens.live import LiveSessionScreen
        except ImportError:
            self.notify("Opening sessions is not available in this build.", severity="warning")
            return
        self.app.push_screen(LiveSessionScreen(session_id))


@dataclass(frozen=True)
class SessionRows:
    """The sessions, newest first, by id; and how many captures each holds."""

    sessions: dict[str, Session]
    captures: Counter[str]


def session_cells(facts: InitiativeFacts, rows: SessionRows, key: str) -> list[Text]:
    """A session's row, made when the table first draws it."""
    session = rows.sessions[key]
    captures = rows.captures
    held = session.held_at
    names = [name_of(facts, pid) for pid in session.participant_ids]
    people = dim(f"{len(names)}: " if names else "–")
    people.append(printable(", ".join(names)))
    return [
        cell(held.date().isoformat() if held else None),
        Text(session.kind.label),
        user_text(session.title),
        Text(
            state_label(session),
            style=MUTED_STRIKE if session.cancelled else STATE_STYLE[session.state],
        ),
        people,
        Text(str(captures[session.id]).rjust(8)),
    ]


def answer_line(filled: FilledAnswer) -> Text:
    """ "Template — Field: answer", the user's words shown as data."""
    line = Text(f"{printable(filled.fill_in.title, lines=False)} — ", style=MUTED)
    line.append(f"{printable(filled.answer.label, lines=False)}: ", style="bold")
    line.append(shorten(printable(filled.answer.text, lines=False), SHOWN))
    return line


def choose_answer(
    app: App[Any],
    session: Session,
    filled: list[FilledAnswer],
    chosen: Callable[[FilledAnswer], None],
) -> None:
    """Pick one of a session's answers (when it has more than one) and hand it on."""
    if len(filled) == 1:
        chosen(filled[0])
        return
    choices = [Choice(str(number), answer_line(one)) for number, one in enumerate(filled)]

    def picked(key: str | None) -> None:
        if key is not None:
            chosen(filled[int(key)])

    title = f"Link an answer of {printable(session.title, lines=False)}"
    app.push_screen(ChooseModal(title, choices), picked)
