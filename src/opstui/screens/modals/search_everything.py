"""Search everything: every initiative's remarks, fill-in answers, decisions and actions,
found by the words typed, best first; Enter opens a hit where it lives.

The search is the store's (``search_everything``), the same the ``opstui search``
command prints; it runs in a thread worker on a connection of its own (``Searcher``),
and only the hits for what the field still holds are listed. Private notes are never
searched here: this screen may be shared on a call (``opstui search
--with-private-notes`` reads them, offline). Every piece of user text is shown as
``Text`` made safe by the snippet rule, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from opstui.db.errors import database_errors, describe_error
from opstui.domain.search import Found, HitKind, one_line, query_words
from opstui.screens.base import OpstuiModal, guarded
from opstui.screens.searcher import Searcher
from opstui.widgets.tones import ACCENT_BOLD, MUTED, WARN_BOLD

if TYPE_CHECKING:
    from opstui.db.store import Store

#: How many hits the dialog lists.
SHOWN = 50
#: Seconds the typing must pause before a search runs: a burst of keys searches once.
SETTLE_SECONDS = 0.15
#: The workspace tab each kind of hit lives on.
TAB_OF: dict[HitKind, str] = {
    HitKind.REMARK: "feedback",
    HitKind.FILL_IN: "sessions",
    HitKind.DECISION: "decisions",
    HitKind.ACTION: "actions",
    HitKind.NOTES: "sessions",
}
#: What the dialog says before anything is typed.
PROMPT = "Type words to find in every initiative: remarks, fill-ins, decisions, actions."
NOTHING_TO_SEARCH = "Nothing to search for: type a word (letters or digits)."


@dataclass(frozen=True)
class Destination:
    """Where a hit opens: its initiative, the tab, and the row to select there."""

    initiative_id: str
    tab: str
    row: str


def destination(hit: Found) -> Destination:
    """Where ``hit`` lives in the workspace: fill-ins and notes on their session's row."""
    row = hit.id if hit.kind not in (HitKind.FILL_IN, HitKind.NOTES) else hit.session_id
    return Destination(hit.initiative_id, TAB_OF[hit.kind], row or hit.id)


def hit_label(hit: Found) -> Text:
    """Two lines: the kind, date and place, then the snippet with each match bold."""
    place = " · ".join(
        one_line(part) for part in (hit.initiative_title, hit.session_title, hit.detail) if part
    )
    label = Text.assemble(
        (f"{hit.kind.value:<8} ", ACCENT_BOLD),
        (f"{hit.on or '':<10}  ", MUTED),
        (place, MUTED),
        "\n  ",
    )
    snippet = Text(hit.snippet.text)
    for start, end in hit.snippet.spans:
        snippet.stylize(WARN_BOLD, start, end)
    label.append_text(snippet)
    label.no_wrap, label.overflow = True, "ellipsis"
    return label


class SearchEverything(OpstuiModal[Destination | None]):
    """Dismissed with where the chosen hit lives, or None."""

    AUTO_FOCUS = "#search-query"
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "to_hits", "Hits", show=False),
    ]

    @dataclass
    class HitsFound(Message):
        """The hits for ``query``, from the search's worker."""

        query: str
        hits: list[Found]
        error: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Found] = []
        #: The query the hits listed are for (None: none yet).
        self.searched: str | None = None
        self._settle: Timer | None = None
        #: The query a worker is searching for, and whether Enter waits for its hits.
        self._asked: str | None = None
        self._open_when_found = False
        self._searcher: Searcher | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text("Search everything"), classes="form-title")
            yield Input(placeholder="words to find", id="search-query", max_length=500)
            yield Static(Text(PROMPT), id="search-status")
            yield OptionList(id="search-hits")
            yield Static(
                Text("Enter open · ↓ the hits · Esc close (private notes are not searched)"),
                classes="form-keys",
            )

    def on_unmount(self) -> None:
        if self._searcher is not None:
            self._searcher.close()

    # -- searching -------------------------------------------------------------------

    @property
    def query_typed(self) -> str:
        return self.query_one("#search-query", Input).value

    @on(Input.Changed, "#search-query")
    def typed(self) -> None:
        self._open_when_found = False
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(SETTLE_SECONDS, self.search)

    @guarded()
    def search(self) -> None:
        """Search for what the field holds, unless its hits are listed or on their way.

        The search itself runs in a thread worker (``find``): keys stay responsive
        however large the file, and only the hits for what the field still holds are
        listed.
        """
        query = self.query_typed
        if query in (self.searched, self._asked):
            return
        if not query.strip() or not query_words(query):
            self._asked = None
            self.show(query, [])
            return
        self._asked = query
        if self._searcher is None:
            self._searcher = Searcher(self.store.path)
        self.find(query, self._searcher)

    @work(thread=True, exclusive=True, group="search-everything", exit_on_error=False)
    def find(self, query: str, searcher: Searcher) -> None:
        worker = get_current_worker()

        def search(store: Store) -> list[Found] | None:
            # A newer query may have come while this one waited for the connection.
            return None if worker.is_cancelled else store.search_everything(query, limit=SHOWN)

        try:
            hits = searcher.run(search)
        except database_errors() as exc:
            self.post_message(self.HitsFound(query, [], describe_error(exc)))
            return
        if hits is not None and not worker.is_cancelled:
            self.post_message(self.HitsFound(query, hits))

    @on(HitsFound)
    def found(self, message: SearchEverything.HitsFound) -> None:
        if message.query != self.query_typed:
            return  # an answer to an older query: a newer one is on its way
        self._asked = None
        if message.error is not None:
            self.notify(f"Could not search: {message.error}", severity="error", markup=False)
        self.show(message.query, message.hits)
        if self._open_when_found:
            self._open_when_found = False
            self.open_highlighted()

    def show(self, query: str, hits: list[Found]) -> None:
        """List ``hits`` as the hits for ``query`` (none: say why)."""
        self.searched = query
        self.hits = hits
        status = self.query_one("#search-status", Static)
        hits_list = self.query_one("#search-hits", OptionList)
        hits_list.clear_options()
        if not query.strip():
            status.update(Text(PROMPT))
            return
        if not query_words(query):
            status.update(Text(NOTHING_TO_SEARCH, style=WARN_BOLD))
            return
        hits_list.add_options(
            Option(hit_label(hit), id=str(number)) for number, hit in enumerate(self.hits)
        )
        if self.hits:
            hits_list.highlighted = 0
        count = len(self.hits)
        status.update(
            Text(
                "No matches."
                if not count
                else f"{count}{'+' if count == SHOWN else ''} hit{'s' if count != 1 else ''}, "
                "best first."
            )
        )

    # -- opening ---------------------------------------------------------------------

    @on(Input.Submitted, "#search-query")
    def open_first(self, event: Input.Submitted) -> None:
        event.stop()
        self.search()  # typed faster than the pause: search now
        if self.searched == self.query_typed:
            self.open_highlighted()
        else:
            self._open_when_found = True  # when the hits for it are in

    def open_highlighted(self) -> None:
        highlighted = self.query_one("#search-hits", OptionList).highlighted
        if highlighted is not None and self.hits:
            self.dismiss(destination(self.hits[highlighted]))

    @on(OptionList.OptionSelected, "#search-hits")
    def open_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(destination(self.hits[event.option_index]))

    def action_to_hits(self) -> None:
        hits_list = self.query_one("#search-hits", OptionList)
        if self.focused is not hits_list and self.hits:
            self.set_focus(hits_list)

    def action_cancel(self) -> None:
        self.dismiss(None)
