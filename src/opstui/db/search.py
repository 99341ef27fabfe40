"""Full-text search over feedback: the FTS5 index behind the search field and command.

What a user types becomes a query of quoted word prefixes (``fts_query``), so that no
character they type can be read as FTS5 syntax.

Search stays fast as a file grows because no query reads or ranks every match:

- Ranked search (``search_feedback``) ranks (BM25) only the newest ``RANKED`` matches;
  older matches follow, newest first. Ranking is what costs: on 200,000 remarks of
  realistic text, ranking the 110,000 holding "the" took 300 ms, the newest 2,000 ms.
  Only the page asked for is joined to its remark and session.
- Search as you type (``feedback_matching``) asks the file's index only when the query
  is selective (``SELECTIVE`` matches at most in the whole file); otherwise it asks an
  index of the initiative's own remarks, kept in memory (``remark_index``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opstui.db.mapping import from_row
from opstui.db.records import Records
from opstui.db.remark_index import RemarkIndex
from opstui.domain.search import query_words
from opstui.domain.session import Feedback

#: Matches ranked by relevance at most; older ones follow, newest first.
RANKED = 2_000
#: A query matching at most this many remarks of the whole file is answered from the
#: file's index; past it, from the initiative's own.
SELECTIVE = 3_000
#: The snippet of a hit: the match marked, about a dozen words around it.
_SNIPPET = "snippet(feedback_fts, 0, '«', '»', '…', 12)"


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


def nth_newest(records: Records, match: str, n: int) -> int | None:
    """The rowid of the ``n``th newest remark the FTS5 query finds, or None if fewer."""
    rows = records._fetch(
        "SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ? "
        "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (match, n - 1),
    )
    return int(rows[0][0]) if rows else None


def best_remarks(records: Records, match: str, pool: int) -> list[int]:
    """The rowids of the first ``pool`` remarks ``search_feedback`` would list."""
    oldest_ranked = nth_newest(records, match, RANKED)
    where = " AND rowid >= ?" if oldest_ranked is not None else ""
    bound = [oldest_ranked] if oldest_ranked is not None else []
    rowids = [
        rowid
        for (rowid,) in records._fetch(
            f"SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ?{where} "
            "ORDER BY rank LIMIT ?",
            [match, *bound, pool],
        )
    ]
    if oldest_ranked is not None and len(rowids) < pool:
        rowids += [
            rowid
            for (rowid,) in records._fetch(
                "SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ? AND rowid < ? "
                "ORDER BY rowid DESC LIMIT ?",
                (match, oldest_ranked, pool - len(rowids)),
            )
        ]
    return rowids


class SearchQueries(Records):
    """Feedback found by the words it holds."""

    _remark_index: RemarkIndex | None = None

    # -- ranked ----------------------------------------------------------------------

    def search_feedback(
        self,
        query: str,
        *,
        initiative_id: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Full-text search over feedback; every word typed must appear (prefixes match).

        Best first among the newest ``RANKED`` matches, then the older ones, newest
        first: ``limit`` hits after the first ``offset``. Within one initiative, every
        match of the initiative is ranked.
        """
        match = fts_query(query)
        if not match or limit <= 0:
            return []
        offset = max(offset, 0)
        if initiative_id is not None:
            return self._hits(
                "SELECT f.*, s.initiative_id AS _initiative, "
                f"{_SNIPPET} AS _snippet "
                "FROM feedback_fts JOIN feedback f ON f.rowid = feedback_fts.rowid "
                "JOIN sessions s ON s.id = f.session_id "
                "WHERE feedback_fts MATCH ? AND s.initiative_id = ? "
                "ORDER BY rank LIMIT ? OFFSET ?",
                (match, initiative_id, limit, offset),
            )
        oldest_ranked = nth_newest(self, match, RANKED)
        hits: list[SearchHit] = []
        if oldest_ranked is None or offset < RANKED:
            hits = self._page(match, "rank", oldest_ranked, ">=", limit, offset)
        if oldest_ranked is not None and len(hits) < limit:
            older = max(offset - RANKED, 0)
            hits += self._page(match, "rowid DESC", oldest_ranked, "<", limit - len(hits), older)
        return hits

    def _page(
        self, match: str, order: str, bound: int | None, side: str, limit: int, offset: int
    ) -> list[SearchHit]:
        # The snippets are made in the index's query, for the rows of the page only.
        where = f" AND rowid {side} ?" if bound is not None else ""
        params: list[Any] = [match, *([bound] if bound is not None else []), limit, offset]
        key = "rank" if order == "rank" else "-rowid"
        return self._hits(
            "SELECT f.*, s.initiative_id AS _initiative, best._snippet AS _snippet FROM "
            f"(SELECT rowid, {key} AS _order, {_SNIPPET} AS _snippet FROM feedback_fts "
            f"WHERE feedback_fts MATCH ?{where} ORDER BY {order} LIMIT ? OFFSET ?) AS best "
            "JOIN feedback f ON f.rowid = best.rowid "
            "JOIN sessions s ON s.id = f.session_id ORDER BY best._order",
            params,
        )

    def _hits(self, sql: str, params: Any) -> list[SearchHit]:
        hits = []
        for row in self._rows(sql, params):
            initiative, snippet = row.pop("_initiative"), row.pop("_snippet")
            feedback = from_row(Feedback, row)
            hits.append(SearchHit(feedback, feedback.session_id, initiative, snippet))
        return hits

    # -- as you type -----------------------------------------------------------------

    def feedback_matching(self, query: str, initiative_id: str) -> set[str]:
        """The ids of one initiative's remarks that hold every word typed (prefixes match).

        What a search field filters a list by, keystroke by keystroke: no ranking, no
        snippets and no models. A selective query is answered by the file's index; a
        common one (a single letter matches most of the file) by the initiative's own.
        """
        match = fts_query(query)
        if not match:
            return set()
        index = self._fresh_index(initiative_id)
        if index is None:
            found = self._fetch(
                "SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ? LIMIT ?",
                (match, SELECTIVE + 1),
            )
            if len(found) <= SELECTIVE:
                return self._ids_in_initiative([rowid for (rowid,) in found], initiative_id)
            index = self.prepare_feedback_search(initiative_id)
        return index.matching(match)

    def prepare_feedback_search(self, initiative_id: str) -> RemarkIndex:
        """The initiative's own index for ``feedback_matching``, read now if not fresh."""
        index = self._fresh_index(initiative_id)
        if index is not None:
            return index
        self.forget_feedback_search()
        index = RemarkIndex(initiative_id, self._version())
        index.fill(
            self._fetch(
                "SELECT f.rowid, f.id, f.text, f.tags FROM sessions s "
                "JOIN feedback f ON f.session_id = s.id WHERE s.initiative_id = ?",
                (initiative_id,),
            )
        )
        self._remark_index = index
        return index

    def close(self) -> None:
        self.forget_feedback_search()
        super().close()

    def forget_feedback_search(self) -> None:
        """Let the initiative's index go (the screen searching it has closed)."""
        if self._remark_index is not None:
            self._remark_index.close()
            self._remark_index = None

    def _fresh_index(self, initiative_id: str) -> RemarkIndex | None:
        index = self._remark_index
        if index is None or index.initiative_id != initiative_id:
            return None
        return index if index.version == self._version() else None

    def _version(self) -> tuple[int, int]:
        # Another connection's commit changes the first, this connection's the second.
        return self.data_version(), self.conn.total_changes

    def _ids_in_initiative(self, rowids: list[int], initiative_id: str) -> set[str]:
        if not rowids:
            return set()
        found: set[str] = set()
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            found.update(
                feedback_id
                for (feedback_id,) in self._fetch(
                    "SELECT f.id FROM feedback f JOIN sessions s ON s.id = f.session_id "
                    f"WHERE f.rowid IN ({', '.join('?' * len(chunk))}) AND s.initiative_id = ?",
                    [*chunk, initiative_id],
                )
            )
        return found
