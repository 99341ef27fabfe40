"""Full-text search over feedback: the FTS5 index behind the search field and command.

What a user types becomes a query of quoted word prefixes (``fts_query``), so that no
character they type can be read as FTS5 syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opstui.db.mapping import from_row
from opstui.db.records import Records
from opstui.domain.search import query_words
from opstui.domain.session import Feedback


@dataclass(frozen=True)
class SearchHit:
    """A feedback item found by full-text search, with its place in the initiative."""

    feedback: Feedback
    session_id: str
    initiative_id: str
    snippet: str


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word, as a quoted prefix."""
    return " ".join(f'"{w}"*' for w in query_words(text))


class SearchQueries(Records):
    """Feedback found by the words it holds."""

    def search_feedback(
        self, query: str, *, initiative_id: str | None = None, limit: int = 200
    ) -> list[SearchHit]:
        """Full-text search over feedback; every word typed must appear (prefixes match)."""
        match = fts_query(query)
        if not match:
            return []
        sql = (
            "SELECT f.*, s.initiative_id AS _initiative, "
            "snippet(feedback_fts, 0, '«', '»', '…', 12) AS _snippet "
            "FROM feedback_fts JOIN feedback f ON f.rowid = feedback_fts.rowid "
            "JOIN sessions s ON s.id = f.session_id WHERE feedback_fts MATCH ?"
        )
        params: list[Any] = [match]
        if initiative_id is not None:
            sql += " AND s.initiative_id = ?"
            params.append(initiative_id)
        sql += " ORDER BY rank LIMIT ?"
        params.append(limit)
        hits = []
        for row in self._rows(sql, params):
            initiative, snippet = row.pop("_initiative"), row.pop("_snippet")
            feedback = from_row(Feedback, row)
            hits.append(SearchHit(feedback, feedback.session_id, initiative, snippet))
        return hits

    def feedback_matching(self, query: str, initiative_id: str) -> set[str]:
        """The ids of one initiative's remarks that hold every word typed (prefixes match).

        What a search field filters a list by, keystroke by keystroke: no ranking, no
        snippets and no models, and the initiative's remarks found by index first (a
        single typed letter matches a good part of the whole file).
        """
        match = fts_query(query)
        if not match:
            return set()
        rows = self._fetch(
            "SELECT f.id FROM feedback f JOIN sessions s ON s.id = f.session_id "
            "WHERE s.initiative_id = ? AND f.rowid IN "
            "(SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ?)",
            (initiative_id, match),
        )
        return {feedback_id for (feedback_id,) in rows}
