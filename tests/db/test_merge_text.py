"""What a merge does to text from another file: control characters out, clean text
left byte for byte; and the quick test that decides which rows are looked at."""

from __future__ import annotations

import json
import sqlite3

import pytest

from opstui.db.merge_text import JSON, JSON_ASCII, LINE, LINES, clean, cleaning_update, dirty

HOSTILE = ["\x1b]52;c;aGk=\x07", "\x1b[2J", "\x9b31m", "\u202eevil", "nul\x00", "\x85next"]


@pytest.mark.parametrize("text", HOSTILE)
def test_anything_a_cleaning_would_change_is_looked_at(text: str) -> None:
    assert dirty(f"ok {text}") == 1
    for kind in (LINE, LINES):
        cleaned = clean(f"ok {text}", kind)
        kept = "\n" if kind == LINES else ""  # NEL is a line break: it becomes one
        assert not any((ord(c) < 32 or 0x7F <= ord(c) <= 0x9F) and c not in kept for c in cleaned)
        assert "\u202e" not in cleaned


def test_clean_text_is_not_looked_at_and_stays_as_it_came() -> None:
    for text in ("Plain words", "Accents é ü 漢字", "Emoji 🎉", "[bold red]markup[/]"):
        assert dirty(text) == 0
        assert clean(text, LINES) == text
    assert dirty(None, 3, 2.5) == 0


def test_several_lines_keep_their_lines_and_one_line_loses_them() -> None:
    assert dirty("one\ntwo") == 1  # looked at, and then kept as it is
    assert clean("one\ntwo", LINES) == "one\ntwo"
    assert "\n" not in clean("one\ntwo", LINE)


def test_json_is_cleaned_inside_its_strings() -> None:
    tags = json.dumps(["fine", "bad\u001b[2J"])
    assert dirty(tags) == 1  # the escape is written \\u001b: its backslash is enough
    assert json.loads(clean(tags, JSON)) == ["fine", "bad[2J"]
    clean_value = json.dumps("é", ensure_ascii=True)
    assert clean(clean_value, JSON_ASCII) == clean_value


def test_the_update_cleans_only_the_rows_that_need_it() -> None:
    from opstui.db.merge_text import register

    conn = sqlite3.connect(":memory:")
    register(conn)
    conn.execute("CREATE TABLE t (a TEXT, b TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [("fine", "x"), ("bad\x1b[31m", "y\x07")])
    changes = conn.total_changes
    conn.execute(cleaning_update("t", [("a", LINE), ("b", LINES)]))
    assert conn.total_changes - changes == 1
    assert conn.execute("SELECT a, b FROM t ORDER BY rowid").fetchall() == [
        ("fine", "x"),
        ("bad[31m", "y"),
    ]
