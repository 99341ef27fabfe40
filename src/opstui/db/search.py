"""Full-text search over feedback: the FTS5 index behind the search field and command.

What a user types becomes a query of quoted word prefixes (``fts_query``), so that no
character they type can be read as FTS5 syntax.

Search stays fast as a file grows because no query reads or ranks every match:

- Ranked search (``search_feedback``) ranks only the newest ``RANKED`` matches, by the
  scoring rule every search shares (``opstui.domain.search.score``); older matches
  follow, newest first. Ranking is what costs: FTS5's BM25 counts, for each word, every
  remark holding it, so that on 1M remarks ranking even 2,000 matches of "the steps a"
  took 230-300 ms (and all 760,000 of them 600 ms). Only the page asked for is read.
- Search as you type (``feedback_matching``) asks the file's index only when the query
  is selective (``SELECTIVE`` matches at most in the whole file); otherwise it asks an
  index of the initiative's own remarks, kept in memory (``remark_index``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from opstui.db.mapping import from_row
from opstui.db.records import Records
from opstui.db.remark_index import RemarkIndex
from opstui.domain.search import query_words, scorer, snippet
from opstui.domain.session import Feedback

#: Matches ranked by relevance at most (the newest); older ones follow, newest first.
RANKED = 300
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


def best_remarks(records: Records, query: str, pool: int) -> list[int]:
    """The rowids of the first ``pool`` remarks a search for ``query`` lists, in order.

    The newest ``RANKED`` matches, best first by the one scoring rule of every search
    (``opstui.domain.search.score``; among equals the newest first), then the older
    matches, newest first.
    """
    match, words = fts_query(query), query_words(query)
    if not match or pool <= 0:
        return []
    newest = [
        rowid
        for (rowid,) in records._fetch(
            "SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            (match, RANKED),
        )
    ]
    texts = dict(_by_rowid(records, "SELECT rowid, text FROM feedback WHERE rowid IN", newest))
    scored = scorer(words)
    ranked = sorted(newest, key=lambda rowid: (-scored(texts.get(rowid, "")), -rowid))
    if len(newest) == RANKED and pool > RANKED:
        ranked += [
            rowid
            for (rowid,) in records._fetch(
                "SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ? AND rowid < ? "
                "ORDER BY rowid DESC LIMIT ?",
                (match, newest[-1], pool - RANKED),
            )
        ]
    return ranked[:pool]


def _by_rowid(records: Records, select: str, rowids: list[int]) -> list[Any]:
    """``select`` (ending in ``rowid IN``) for every one of ``rowids``, in chunks."""
    rows: list[Any] = []
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        rows += records._fetch(f"{select} ({', '.join('?' * len(chunk))})", chunk)
    return rows


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
            # One initiative's matches are few enough to rank them all (BM25).
            return self._hits(
                self._rows(
                    "SELECT f.*, s.initiative_id AS _initiative, "
                    f"{_SNIPPET} AS _snippet "
                    "FROM feedback_fts JOIN feedback f ON f.rowid = feedback_fts.rowid "
                    "JOIN sessions s ON s.id = f.session_id "
                    "WHERE feedback_fts MATCH ? AND s.initiative_id = ? "
                    "ORDER BY rank LIMIT ? OFFSET ?",
                    (match, initiative_id, limit, offset),
                )
            )
        page = best_remarks(self, query, offset + limit)[offset:]
        place = {rowid: n for n, rowid in enumerate(page)}
        rows: list[dict[str, Any]] = []
        for start in range(0, len(page), 500):
            chunk = page[start : start + 500]
            rows += self._rows(
                "SELECT f.rowid AS _rowid, f.*, s.initiative_id AS _initiative, "
                "'' AS _snippet FROM feedback f JOIN sessions s ON s.id = f.session_id "
                f"WHERE f.rowid IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        rows.sort(key=lambda row: place[row.pop("_rowid")])
        words = query_words(query)
        return [
            replace(hit, snippet=snippet(hit.feedback.text, words).bracketed("«", "»"))
            for hit in self._hits(rows)
        ]

    def _hits(self, rows: list[dict[str, Any]]) -> list[SearchHit]:
        hits = []
        for row in rows:
            initiative, marked = row.pop("_initiative"), row.pop("_snippet")
            feedback = from_row(Feedback, row)
            hits.append(SearchHit(feedback, feedback.session_id, initiative, marked))
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
