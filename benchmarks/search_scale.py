"""`run.py --only search`: search as a file grows to 200,000, 1 million and 4 million remarks.

The files are the generator's scale sizes (``scale_data.py``: realistic words, the large
file's initiatives and sessions). Each figure is measured twice in one run, interleaved
query by query, so that a busy moment of the machine hits both alike:

- **before**: search as it was before issue 23 — the queries below, copied from it, on
  a copy of the file whose search index has no prefix indexes (as schema 7 left it);
- **after**: the store's search on the file itself.

Measured: full-text search (``search_feedback``, its first page of 20 hits) for a common
word, a rare word, a phrase, a prefix and two words; search as you type in the workspace
of the largest initiative (the same five queries typed a letter at a time, each prefix
searched as the field searches it, ``feedback_matching``, after the field has read the
initiative's remarks into their own index as it does when focused — that read is timed
on its own line); and search everything's first 20 hits.

    .venv/bin/python benchmarks/search_scale.py [--sizes 200k,1m,4m] [--repeats 5]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from harness import OUT, Database, Results, ms, percentile, prepare, verdict
from vocabulary import FUNCTION_WORDS, Vocabulary

from opstui.db.search import fts_query
from opstui.db.store import Store

SCALE = ("200k", "1m", "4m")
#: Goals of issue 23, at 1M remarks.
FULL_TEXT_GOAL = 0.020
TYPED_GOAL = 0.050


def queries() -> dict[str, str]:
    """The five queries, picked from the vocabulary by how often its words are drawn."""
    words = Vocabulary()
    common = words.at_share(0.004)  # in about one remark in twenty
    rare = words.at_share(0.00004)  # in about one remark in two thousand
    mid = words.at_share(0.001)
    other = words.at_share(0.0005)
    return {
        "common word": common,
        "rare word": rare,
        "phrase": f"{FUNCTION_WORDS[0]} {mid} {FUNCTION_WORDS[3]}",
        "prefix": words.at_share(0.002)[:4],
        "two words": f"{mid} {other}",
    }


# -- before: the queries as they were --------------------------------------------------------


#: The hits of a first page, as the command prints them.
PAGE = 20


def before_search(conn: sqlite3.Connection, query: str, limit: int = PAGE) -> list[Any]:
    """``search_feedback`` before: every match ranked, joined, then cut."""
    return conn.execute(
        "SELECT f.*, s.initiative_id AS _initiative, "
        "snippet(feedback_fts, 0, '«', '»', '…', 12) AS _snippet "
        "FROM feedback_fts JOIN feedback f ON f.rowid = feedback_fts.rowid "
        "JOIN sessions s ON s.id = f.session_id WHERE feedback_fts MATCH ? "
        "ORDER BY rank LIMIT ?",
        (fts_query(query), limit),
    ).fetchall()


def before_matching(conn: sqlite3.Connection, query: str, initiative_id: str) -> set[str]:
    """``feedback_matching`` before: every match of the file, kept if the initiative's."""
    match = fts_query(query)
    if not match:
        return set()
    rows = conn.execute(
        "SELECT f.id FROM feedback f JOIN sessions s ON s.id = f.session_id "
        "WHERE s.initiative_id = ? AND f.rowid IN "
        "(SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ?)",
        (initiative_id, match),
    )
    return {feedback_id for (feedback_id,) in rows}


class BeforeStore(Store):
    """``search_everything`` with its remarks found as before: every match ranked."""

    def _found_remarks(self, query: str, pool: int) -> list[dict[str, Any]]:
        match = fts_query(query)
        return self._rows(
            "SELECT f.id, f.text, f.created_at AS at, s.id AS session_id, "
            "s.title AS session_title, i.id AS initiative_id, i.title AS initiative_title FROM "
            "(SELECT rowid, rank FROM feedback_fts WHERE feedback_fts MATCH ? "
            " ORDER BY rank LIMIT ?) AS best "
            "JOIN feedback f ON f.rowid = best.rowid "
            "JOIN sessions s ON s.id = f.session_id "
            "JOIN initiatives i ON i.id = s.initiative_id ORDER BY best.rank",
            (match, pool),
        )


def before_copy(db: Database) -> Path:
    """A copy of the file whose remarks' index is as schema 7 left it (no prefix indexes)."""
    copy = OUT / f"before-{db.size}.db"
    if copy.exists() and copy.stat().st_mtime >= db.original.stat().st_mtime:
        return copy
    print(f"writing the before copy of {db.size} (index without prefixes)...", file=sys.stderr)
    generate.remove_database(copy)
    shutil.copyfile(db.original, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("DROP TABLE feedback_fts")  # its triggers stay: they name it only
        conn.execute(
            'CREATE VIRTUAL TABLE "feedback_fts" USING FTS5 ("text", "tags", content="feedback")'
        )
        conn.execute("INSERT INTO feedback_fts (feedback_fts) VALUES ('rebuild')")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return copy


# -- timing --------------------------------------------------------------------------------


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure_size(db: Database, repeats: int) -> dict[str, Any]:
    """Every figure of one file, before and after, interleaved."""
    asked = queries()
    figures: dict[str, Any] = {"queries": asked}
    old_path = before_copy(db)
    with (
        Store.open(db.work, read_only=True) as after,
        BeforeStore.open(old_path, read_only=True) as before,
    ):
        old = before.conn
        full: dict[str, dict[str, list[float]]] = {k: {"before": [], "after": []} for k in asked}
        for query in asked.values():  # warm both caches
            before_search(old, query)
            after.search_feedback(query, limit=PAGE)
        for _ in range(repeats):
            for kind, query in asked.items():
                full[kind]["before"].append(timed(lambda q=query: before_search(old, q)))
                full[kind]["after"].append(
                    timed(lambda q=query: after.search_feedback(q, limit=PAGE))
                )
        figures["full_text"] = full

        initiative = db.largest_initiative
        figures["prepare"] = timed(lambda: after.prepare_feedback_search(initiative))
        typed: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(max(1, repeats // 2)):
            for query in asked.values():
                for end in range(1, len(query) + 1):
                    prefix = query[:end]
                    typed["before"].append(
                        timed(lambda p=prefix: before_matching(old, p, initiative))
                    )
                    typed["after"].append(
                        timed(lambda p=prefix: after.feedback_matching(p, initiative))
                    )
        figures["typed"] = typed

        everything: dict[str, list[float]] = {"before": [], "after": []}
        for query in asked.values():
            before.search_everything(query, limit=20)
            after.search_everything(query, limit=20)
        for _ in range(repeats):
            for query in asked.values():
                everything["before"].append(
                    timed(lambda q=query: before.search_everything(q, limit=20))
                )
                everything["after"].append(
                    timed(lambda q=query: after.search_everything(q, limit=20))
                )
        figures["everything"] = everything
        figures["remarks"] = after.conn.execute("SELECT count(*) FROM feedback").fetchone()[0]
        figures["initiative_remarks"] = len(after.prepare_feedback_search(initiative).ids)
    return figures


# -- the table -----------------------------------------------------------------------------


def spread(values: Sequence[float]) -> str:
    return f"{ms(percentile(values, 0.1))}–{ms(percentile(values, 0.9))}"


def change(before: float, after: float, show: Callable[[float], str] = ms) -> str:
    """Before → after, and how many times faster (or, below 1, slower) it became."""
    if not after:
        return f"{show(before)} → {show(after)}"
    ratio = before / after
    said = f"{ratio:.0f}x faster" if ratio >= 2 else f"{ratio:.2f}x"
    return f"{show(before)} → {show(after)} ({said})"


def add_rows(results: Results, size: str, figures: dict[str, Any]) -> None:
    name = f"{figures['remarks']:,} remarks"
    goal_here = size == "1m"
    full = figures["full_text"]
    before_all = [t for kind in full.values() for t in kind["before"]]
    after_all = [t for kind in full.values() for t in kind["after"]]
    results.add(
        f"search: full-text median, {name}",
        large=change(statistics.median(before_all), statistics.median(after_all)),
        goal="≤ 20 ms at 1M" if goal_here else "",
        verdict=verdict([statistics.median(after_all)], FULL_TEXT_GOAL) if goal_here else "",
    )
    results.add(
        "  its p99; after: p10–p90",
        large=change(percentile(before_all, 0.99), percentile(after_all, 0.99))
        + f"; {spread(after_all)}",
    )
    for kind, times in full.items():
        results.add(
            f"    {kind} ({figures['queries'][kind]}), median",
            large=change(statistics.median(times["before"]), statistics.median(times["after"])),
        )
    typed = figures["typed"]
    results.add(
        f"search as you type p99 (a key), {name}",
        large=change(percentile(typed["before"], 0.99), percentile(typed["after"], 0.99)),
        goal="≤ 50 ms at 1M" if goal_here else "",
        verdict=verdict([percentile(typed["after"], 0.99)], TYPED_GOAL) if goal_here else "",
    )
    results.add(
        "  its median; after: p10–p90",
        large=change(statistics.median(typed["before"]), statistics.median(typed["after"]))
        + f"; {spread(typed['after'])}",
    )
    results.add(
        f"  the field reads the initiative's {figures['initiative_remarks']:,} remarks (once)",
        large=ms(figures["prepare"]),
    )
    everything = figures["everything"]
    results.add(
        f"search everything, first 20 hits median, {name}",
        large=change(
            statistics.median(everything["before"]), statistics.median(everything["after"])
        ),
    )
    results.add(
        "  its p99",
        large=change(percentile(everything["before"], 0.99), percentile(everything["after"], 0.99)),
    )


def measure_search_scale(
    results: Results, repeats: int = 5, sizes: Sequence[str] = SCALE, seed: int | None = None
) -> None:
    """Add the search figures of each size to ``results`` (the files generated if needed)."""
    raw: dict[str, Any] = {}
    for size in sizes:
        db = prepare(size, generate.DEFAULT_SEED if seed is None else seed)
        figures = measure_size(db, repeats)
        raw[size] = figures
        add_rows(results, size, figures)
    results.raw["search_scale"] = raw


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SCALE))
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    results = Results()
    measure_search_scale(results, args.repeats, args.sizes.split(","))
    width = max(len(row.label) for row in results.rows)
    for row in results.rows:
        print(f"{row.label:<{width}}  {row.large:<44} {row.goal:<14} {row.verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
