"""Each initiative's heading says which file it comes from, read in the headings' query."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from opstui.db.store import Store
from opstui.domain.initiative import Initiative


def test_the_origin_is_none_for_this_file_else_the_label_else_a_short_id(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        for title in ("Own", "Never stamped", "Alice's", "Blank label", "Unnamed"):
            store.add_initiative(Initiative(title=title))
        own_site = store.site_id
    conn = sqlite3.connect(db_path)
    with conn:  # test setup: what merges leave behind
        conn.executemany(
            "INSERT INTO sites (id, label, first_merged_at) VALUES (?, ?, '2026-10-01')",
            [("a" * 32, "alice"), ("b" * 32, "  ")],
        )
        conn.executemany(
            "UPDATE initiatives SET origin_site = ? WHERE title = ?",
            [
                (None, "Never stamped"),
                ("a" * 32, "Alice's"),
                ("b" * 32, "Blank label"),
                ("1a2b3c4d" + "9" * 24, "Unnamed"),
            ],
        )
    conn.close()
    with Store.open(db_path, read_only=True) as store:
        assert store.site_id == own_site
        origins = {h.title: h.origin for h in store.initiative_headings()}
    assert origins == {
        "Own": None,
        "Never stamped": None,
        "Alice's": "alice",
        "Blank label": "site bbbbbbbb",
        "Unnamed": "site 1a2b3c4d",
    }
