"""Search across everything: remarks, fill-in answers, decisions, actions and, when
asked, the private notes of ended sessions, in every initiative.

Remarks and fill-in answers have full-text indexes. The remarks are those
``search_feedback`` lists first (the newest matches, ranked: ``search.best_remarks``);
the fill-in answers' index ranks its matches (BM25). Only ``pool`` rows of each are
read. Decisions, actions and notes have no index: a ``LIKE`` per word (escaped) narrows
them, newest first and capped, and ``holds_every_word`` keeps those where each word
starts a word, as the index would. Every candidate is then scored by the one rule of
``opstui.domain.search`` and the page asked for is cut from the merged list.

Measured with ``benchmarks/search_scale.py`` (the file's remarks grow; decisions and
actions stay the large file's 6,000 and 30,000): on 1M remarks the first 20 hits took
323 ms before the remarks were ranked among the newest only, 141 ms after (medians of
one interleaved run on a loaded machine; p99 6.2 s before, 0.5 s after).

Known difference: ``LIKE`` folds the case of ASCII letters only, and no accents, so in
decisions, actions and notes "ecole" does not find "École" (the index would).
"""

from __future__ import annotations

import json
from typing import Any

from opstui.db.records import Records
from opstui.db.search import best_remarks, fts_query
from opstui.domain.search import (
    Found,
    HitKind,
    holds_every_word,
    query_words,
    scorer,
    snippet,
)

#: The columns every part of the search reads, in this order.
_PLACE = (
    "s.id AS session_id, s.title AS session_title, i.id AS initiative_id, "
    "i.title AS initiative_title"
)


def _like(word: str) -> str:
    """A ``LIKE`` pattern that finds ``word`` anywhere, its ``%``, ``_`` and ``\\`` literal."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _answer(value: str | None) -> str:
    """A fill-in value (JSON) as the words it holds."""
    if value is None:
        return ""
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    if isinstance(decoded, list):
        return ", ".join(str(item) for item in decoded)
    return "" if decoded is None else str(decoded)


class EverythingQueries(Records):
    """Everything said, written, decided or assigned, found by the words it holds."""

    def search_everything(
        self,
        query: str,
        *,
        limit: int = 50,
        offset: int = 0,
        private_notes: bool = False,
    ) -> list[Found]:
        """The hits for ``query``, best first: ``limit`` of them after the first ``offset``.

        Every word typed must start a word of the hit. An empty query (nothing but
        punctuation, say) finds nothing.
        """
        words = query_words(query)
        if not words or limit <= 0:
            return []
        pool = max(offset, 0) + limit
        rows: list[tuple[HitKind, dict[str, Any]]] = []
        match = fts_query(query)
        rows += [(HitKind.REMARK, row) for row in self._found_remarks(query, pool)]
        rows += [(HitKind.FILL_IN, row) for row in self._found_fill_ins(match, pool)]
        # Without an index the rows LIKE finds are not ranked: read more of them, so the
        # best by score are among those read.
        cap = 4 * pool + 100
        rows += [(HitKind.DECISION, row) for row in self._found_decisions(words, cap)]
        rows += [(HitKind.ACTION, row) for row in self._found_actions(words, cap)]
        if private_notes:
            rows += [(HitKind.NOTES, row) for row in self._found_notes(words, cap)]
        scored = scorer(words)
        found = []
        for order, (kind, row) in enumerate(rows):
            text = _answer(row["text"]) if kind is HitKind.FILL_IN else row["text"] or ""
            if kind not in (HitKind.REMARK, HitKind.FILL_IN) and not holds_every_word(text, words):
                continue
            found.append((-scored(text), (row["at"] or "")[:10] or None, order, kind, row, text))
        # Best score first; among equals the newest, then the index's order.
        found.sort(key=lambda hit: hit[2])
        found.sort(key=lambda hit: hit[1] or "", reverse=True)
        found.sort(key=lambda hit: hit[0])
        # Snippets for the page only: making one costs more than scoring.
        return [
            Found(
                kind=kind,
                id=row["id"],
                initiative_id=row["initiative_id"],
                initiative_title=row["initiative_title"],
                session_id=row["session_id"],
                session_title=row["session_title"],
                on=on,
                detail=row.get("detail") or "",
                snippet=snippet(text, words),
                score=-negative,
            )
            for negative, on, _, kind, row, text in found[max(offset, 0) : max(offset, 0) + limit]
        ]

    # -- the parts -------------------------------------------------------------------

    def _found_remarks(self, query: str, pool: int) -> list[dict[str, Any]]:
        # The remarks ``search_feedback`` lists first: only the newest matches ranked.
        rowids = best_remarks(self, query, pool)
        if not rowids:
            return []
        place = {rowid: n for n, rowid in enumerate(rowids)}
        rows = []
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            rows += self._rows(
                f"SELECT f.rowid AS _rowid, f.id, f.text, f.created_at AS at, {_PLACE} "
                "FROM feedback f JOIN sessions s ON s.id = f.session_id "
                "JOIN initiatives i ON i.id = s.initiative_id "
                f"WHERE f.rowid IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        rows.sort(key=lambda row: place[row["_rowid"]])
        for row in rows:
            del row["_rowid"]
        return rows

    def _found_fill_ins(self, match: str, pool: int) -> list[dict[str, Any]]:
        return self._rows(
            f"SELECT fi.id, v.value AS text, fi.updated_at AS at, "
            f"fi.title || ' · ' || v.field_key AS detail, {_PLACE} FROM "
            "(SELECT rowid, rank FROM fill_in_values_fts WHERE fill_in_values_fts MATCH ? "
            " ORDER BY rank LIMIT ?) AS best "
            "JOIN fill_in_values v ON v.rowid = best.rowid "
            "JOIN fill_ins fi ON fi.id = v.fill_in_id "
            "JOIN sessions s ON s.id = fi.session_id "
            "JOIN initiatives i ON i.id = s.initiative_id ORDER BY best.rank",
            (match, pool),
        )

    def _found_liked(
        self,
        table: str,
        columns: str,
        column: str,
        words: list[str],
        cap: int,
        order: str,
        also: str = "",
    ) -> list[dict[str, Any]]:
        # The newest ``cap`` rows holding every word are picked in the table alone, and
        # only they are joined to their places (on 1M remarks' file, "the steps a" took
        # 430 ms over 30,000 actions, most of it joining every action to its places).
        where = " AND ".join(
            [*(f"{column} LIKE ? ESCAPE '\\'" for _ in words), *([also] if also else [])]
        )
        return self._rows(
            f"SELECT {columns}, {_PLACE} FROM "
            f"(SELECT rowid AS picked FROM {table} WHERE {where} ORDER BY {order} DESC LIMIT ?) "
            f"JOIN {table} x ON x.rowid = picked "
            "JOIN initiatives i ON i.id = x.initiative_id "
            "LEFT JOIN sessions s ON s.id = x.session_id "
            f"ORDER BY x.{order} DESC",
            [*(_like(w) for w in words), cap],
        )

    def _found_decisions(self, words: list[str], cap: int) -> list[dict[str, Any]]:
        return self._found_liked(
            "decisions",
            "x.id, x.statement AS text, x.decided_at AS at",
            "statement",
            words,
            cap,
            "decided_at",
        )

    def _found_actions(self, words: list[str], cap: int) -> list[dict[str, Any]]:
        return self._found_liked(
            "action_items", "x.id, x.text, x.created_at AS at", "text", words, cap, "created_at"
        )

    def _found_notes(self, words: list[str], cap: int) -> list[dict[str, Any]]:
        # The facilitator's private pad: only for ended sessions, only when asked.
        return self._rows(
            f"SELECT s.id, s.notes AS text, s.ended_at AS at, {_PLACE} FROM "
            "(SELECT rowid AS picked FROM sessions WHERE "
            + " AND ".join([*("notes LIKE ? ESCAPE '\\'" for _ in words), "state = 'ended'"])
            + " ORDER BY ended_at DESC LIMIT ?) "
            "JOIN sessions s ON s.rowid = picked JOIN initiatives i ON i.id = s.initiative_id "
            "ORDER BY s.ended_at DESC",
            [*(_like(w) for w in words), cap],
        )
