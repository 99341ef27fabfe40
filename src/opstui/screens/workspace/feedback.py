"""The Feedback tab: every remark of the initiative, filtered and searched.

Filters by kind, mood, participant group and tag work on the remarks already read; the
full-text search needs the database, so the tab says what was typed (``SearchChanged``)
and the screen answers with the matching remarks (``RemarksFound``, from a worker: see
``remark_search``), shown if the field still holds that query.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select, Static

from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Group
from opstui.domain.remark_trail import Loop
from opstui.domain.session import Feedback, FeedbackKind, Sentiment
from opstui.screens.commands import Command
from opstui.screens.workspace.tab import InitiativeRead, WorkspaceTab, columns
from opstui.screens.workspace.text import dim, name_of, session_of
from opstui.widgets.row_table import RowTable
from opstui.widgets.tones import BAD, BAD_BOLD, GOOD, GOOD_BOLD, INFO, MUTED, MUTED_ITALIC
from opstui.widgets.user_text import printable, user_text
from opstui.widgets.you_said import came_of_text

SENTIMENT_STYLE: dict[Sentiment, str] = {
    Sentiment.VERY_NEGATIVE: BAD_BOLD,
    Sentiment.NEGATIVE: BAD,
    Sentiment.NEUTRAL: "",
    Sentiment.POSITIVE: GOOD,
    Sentiment.VERY_POSITIVE: GOOD_BOLD,
}
#: The participant-group filter's value for remarks made anonymously.
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class RemarkIndex:
    """The remarks by id, in order, with the group each came from; the tags they have."""

    remarks: dict[str, Feedback]
    groups: dict[str, str]
    tags: list[str]


def group_of(facts: InitiativeFacts, remark: Feedback) -> str:
    """The filter value of the group a remark came from."""
    if remark.person_id is None:
        return ANONYMOUS
    person = facts.people.get(remark.person_id)
    return person.group.value if person else ANONYMOUS


class FeedbackTab(WorkspaceTab):
    """Filters and a search field above the remarks; the highlighted one in full below."""

    KEY = "feedback"
    TITLE = "Feedback"
    COMMANDS = (Command("slash", "search_feedback", "Search feedback", key_display="/"),)
    LATER_COMMANDS = (Command("L", "link_remark", "Link remark", edits=True, label="Link"),)
    COLUMNS = {
        "feedback": columns(
            ("when", "Date", 10),
            ("who", "Who", 16),
            ("mood", "Mood", 4),
            ("kind", "Kind", 11),
            ("text", "Remark", 0, 3),
            ("tags", "Tags", 0, 1),
        ),
    }

    @dataclass
    class SearchChanged(Message):
        """The search field changed: the screen searches, and answers with ``RemarksFound``."""

        query: str

    @dataclass
    class RemarksFound(Message):
        """The ids of the remarks holding the words of ``query`` (from a worker)."""

        query: str
        hits: set[str] | None
        error: str | None = None

    def __init__(self, *, build_now: bool = False) -> None:
        super().__init__(build_now=build_now)
        #: Feedback ids matching the full-text search, or None when nothing is searched.
        self.search_hits: set[str] | None = None
        #: What came of each remark, read with the facts shown.
        self.loop: Loop | None = None

    def compose_content(self) -> ComposeResult:
        with Horizontal(id="feedback-filters"):
            yield Input(placeholder="Search remarks  (/)", id="feedback-search", compact=True)
            yield Select(
                [(Text(k.value.capitalize()), k.value) for k in FeedbackKind],
                prompt="Any kind",
                id="feedback-kind",
                compact=True,
            )
            yield Select(
                [(Text(f"{s.symbol} {s.label}"), str(int(s))) for s in Sentiment],
                prompt="Any mood",
                id="feedback-sentiment",
                compact=True,
            )
            yield Select([], prompt="Any group", id="feedback-group", compact=True)
            yield Select([], prompt="Any tag", id="feedback-tag", compact=True)
        # Thousands of remarks on a long-running initiative: a table that draws
        # only the rows on screen, so that the tab opens at once.
        yield RowTable(id="feedback", zebra_stripes=True)
        yield Static(id="feedback-detail", classes="pane-detail")

    # -- the search field ------------------------------------------------------------

    def focus_search(self) -> None:
        # At once, not deferred like ``focus()``: the keys typed next belong to the field.
        self.screen.set_focus(self.query_one("#feedback-search", Input))

    def leave_search(self) -> None:
        """Back from the search field to the remarks."""
        self.screen.set_focus(self.query_one("#feedback", RowTable))

    @on(Input.Changed, "#feedback-search")
    def on_search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.SearchChanged(event.value))

    @on(RemarksFound)
    def on_remarks_found(self, message: RemarksFound) -> None:
        # An answer to a query no longer in the field is dropped: the latest one wins.
        if message.query != self.query_one("#feedback-search", Input).value:
            return
        if message.error is not None:
            self.notify(f"Could not search: {message.error}", severity="error", markup=False)
            return
        self.show_matches(message.hits)

    def show_matches(self, hits: set[str] | None) -> None:
        """Show only the remarks with these ids (None: every remark) that pass the filters."""
        self.search_hits = hits
        self.show_feedback()

    # -- showing ---------------------------------------------------------------------

    @classmethod
    def prepare(cls, facts: InitiativeFacts) -> RemarkIndex:
        remarks = {remark.id: remark for remark in facts.feedback}
        return RemarkIndex(
            remarks=remarks,
            groups={remark_id: group_of(facts, remark) for remark_id, remark in remarks.items()},
            tags=sorted({tag for remark in facts.feedback for tag in remark.tags}, key=str.lower),
        )

    def show(self, read: InitiativeRead) -> None:
        self.loop = read.trail()  # once per read: the detail asks it per highlight
        self.show_filters(self.index(read))
        self.show_feedback()

    def index(self, read: InitiativeRead) -> RemarkIndex:
        """The remarks of ``read`` by id, with their groups, and the tags they have."""
        index = self.prepared(read)
        if not isinstance(index, RemarkIndex):
            raise TypeError(f"the feedback tab cannot show {index!r}")
        return index

    def show_filters(self, index: RemarkIndex) -> None:
        """Offer the groups and tags the remarks actually have."""
        groups = set(index.groups.values())
        group_select: Select[str] = self.query_one("#feedback-group", Select)
        tag_select: Select[str] = self.query_one("#feedback-tag", Select)
        chosen_group, chosen_tag = group_select.value, tag_select.value
        group_options: list[tuple[Text, str]] = [
            (Text(g.label), g.value) for g in Group if g.value in groups
        ]
        if ANONYMOUS in groups:
            group_options.append((Text("Anonymous"), ANONYMOUS))
        tags = index.tags
        with self.prevent(Select.Changed):
            group_select.set_options(group_options)
            tag_select.set_options([(user_text(tag), tag) for tag in tags])
            if chosen_group in groups:
                group_select.value = chosen_group
            if chosen_tag in tags:
                tag_select.value = chosen_tag

    def remarks_shown(self, index: RemarkIndex) -> dict[str, Feedback]:
        """The remarks that pass every filter and the search, by id."""

        def chosen(select_id: str) -> str | None:
            value = self.query_one(select_id, Select).value
            return value if isinstance(value, str) else None

        kind = chosen("#feedback-kind")
        sentiment = chosen("#feedback-sentiment")
        group = chosen("#feedback-group")
        tag = chosen("#feedback-tag")
        if not (kind or sentiment or group or tag) and self.search_hits is None:
            return index.remarks  # as most often: 63,000 remarks, gone through in no time
        shown = {}
        for remark_id, remark in index.remarks.items():
            if kind and remark.kind.value != kind:
                continue
            if sentiment and str(int(remark.sentiment)) != sentiment:
                continue
            if group and index.groups[remark_id] != group:
                continue
            if tag and tag.lower() not in (t.lower() for t in remark.tags):
                continue
            if self.search_hits is not None and remark_id not in self.search_hits:
                continue
            shown[remark_id] = remark
        return shown

    def show_feedback(self) -> None:
        table = self.query_one("#feedback", RowTable)
        remarks = self.remarks_shown(self.index(self.shown)) if self.shown else {}
        table.set_contents(
            self.row_table_columns("feedback"),
            list(remarks),
            partial(self.remark_cells, remarks),
            # A remark that is gone (deleted, or filtered out) leaves the cursor on top.
            cursor_key=table.highlighted_key,
        )
        self.show_detail()

    def remark_cells(self, remarks: dict[str, Feedback], remark_id: str) -> list[Text]:
        """A remark's row, made when the table first draws it."""
        remark = remarks[remark_id]
        facts = self.shown.facts if self.shown else None
        who = user_text(name_of(facts, remark.person_id))
        if remark.person_id is None:
            who.stylize(MUTED_ITALIC)
        return [
            Text(remark.created_at.date().isoformat()),
            who,
            Text(remark.sentiment.symbol, style=SENTIMENT_STYLE[remark.sentiment]),
            Text(remark.kind.value),
            user_text(" ".join(remark.text.split())),
            user_text(", ".join(remark.tags), style=INFO),
        ]

    def show_detail(self) -> None:
        """How many remarks are shown, and the highlighted one in full."""
        facts = self.shown.facts if self.shown else None
        remark = self.highlighted_remark()
        total = len(facts.feedback) if facts else 0
        shown = self.query_one("#feedback", RowTable).row_count
        text = dim(f"{shown} of {total} remarks")
        if self.search_hits is not None:
            text.append(" match the search", style=MUTED)
        if remark is not None:
            session = session_of(facts, remark.session_id)
            text.append("\n")
            text.append(printable(name_of(facts, remark.person_id)), style="bold")
            text.append(
                f" · {remark.sentiment.label} {remark.kind.value}"
                + (f" · in {printable(session.title)}" if session else ""),
                style=MUTED,
            )
            text.append("\n")
            text.append(printable(remark.text))
            came = self.loop.came_of_remark(remark.id) if self.loop else []
            if came:
                text.append("\n")
                text.append(came_of_text(came))
        self.query_one("#feedback-detail", Static).update(text)

    def highlighted_remark(self) -> Feedback | None:
        remark_id = self.highlighted_key("#feedback")
        if self.shown is None or remark_id is None:
            return None
        return self.index(self.shown).remarks.get(remark_id)

    @on(Select.Changed, "#feedback-filters Select")
    def on_filter_changed(self) -> None:
        # The selects announce their first value as they mount: nothing to redo then.
        if self.shown is not None:
            self.show_feedback()

    @on(RowTable.RowHighlighted, "#feedback")
    def on_remark_highlighted(self) -> None:
        self.show_detail()
