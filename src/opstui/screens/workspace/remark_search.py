"""The Feedback tab's search field, answered in a thread worker: keys stay responsive
however large the file, and the latest query wins.

A part of the workspace screen: the tab says what was typed (``SearchChanged``); this
asks the store which of the initiative's remarks hold those words
(``Store.feedback_matching``) on a connection of its own (``Searcher``) and tells the
tab (``RemarksFound``), which shows them if the field still holds that query.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from opstui.db.errors import database_errors, describe_error
from opstui.db.store import Store, fts_query
from opstui.screens.searcher import Searcher
from opstui.screens.workspace.feedback import FeedbackTab

if TYPE_CHECKING:
    from opstui.screens.workspace import WorkspaceScreen

#: The worker group of the field's searches: a newer query cancels those still waiting.
GROUP = "remark-search"


class RemarkSearch:
    """Find the remarks of the workspace's initiative that hold the words typed."""

    def __init__(self, screen: WorkspaceScreen) -> None:
        self.screen = screen
        self._searcher: Searcher | None = None

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = Searcher(self.screen.database.path)
        return self._searcher

    def find(self, query: str) -> None:
        """Search for ``query``; the tab is told when the answer is in."""
        tab = self.screen.query_one(FeedbackTab)
        if not fts_query(query):
            # Only letters and digits are searched: punctuation alone narrows nothing.
            tab.show_matches(None)
            return
        self.screen.run_worker(
            partial(self._find, query, tab),
            thread=True,
            exclusive=True,
            group=GROUP,
            exit_on_error=False,
        )

    def prepare(self) -> None:
        """Read the initiative's remarks into their own index before the first key."""
        initiative_id = self.screen.initiative_id
        self.screen.run_worker(
            partial(self._run, lambda store: store.prepare_feedback_search(initiative_id)),
            thread=True,
            group=GROUP,
            exit_on_error=False,
        )

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()

    def _run(self, search: Callable[[Store], object]) -> None:
        try:
            self.searcher.run(search)
        except database_errors():
            pass  # the search itself will say so

    def _find(self, query: str, tab: FeedbackTab) -> None:
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        initiative_id = self.screen.initiative_id

        def search(store: Store) -> set[str] | None:
            # A newer query may have come while this one waited for the connection.
            return None if worker.is_cancelled else store.feedback_matching(query, initiative_id)

        try:
            hits = self.searcher.run(search)
        except database_errors() as exc:
            tab.post_message(FeedbackTab.RemarksFound(query, None, describe_error(exc)))
            return
        if hits is not None and not worker.is_cancelled:
            tab.post_message(FeedbackTab.RemarksFound(query, hits))
