"""Text arriving in a merge, cleaned in SQL as the domain models clean what they store.

A received file is hostile: its text columns may hold escape sequences (OSC 52 writes
the clipboard), C1 controls or bidi overrides that the store's own writes would never
have let through (``opstui.domain.base``'s text types). A merge copies rows with
``INSERT … SELECT``, not through the models, so each text column is passed through the
same ``printable(…, drop=True)`` as a registered SQL function. SQLite's ``GLOB``
decides first, in C, whether a value holds anything to clean: only those values reach
Python, so a clean file of 300,000 rows costs a pattern match per value, not a call.
A whole table is cleaned after it is read (``cleaning_update``): one call per row asks
whether any of its text columns holds something to clean, which costs less than a GLOB
per column (on the benchmark's 200,000 remarks, 0.4 s against 2.7 s), and only the
rows that do are cleaned column by column.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from opstui.db.mapping import SPECS
from opstui.domain.base import ONE_LINE
from opstui.domain.text import printable

#: How a column's text is cleaned: one line, several lines, or JSON holding text.
LINE, LINES, JSON, JSON_ASCII = "line", "lines", "json", "json-ascii"

#: Columns holding JSON: the strings inside are cleaned, not the JSON text. The store
#: writes fill-in values with ``json.dumps``' ASCII escapes and the rest without.
_JSON_COLUMNS = {
    ("feedback", "tags"): JSON,
    ("proposals", "options"): JSON,
    ("ballots", "dots"): JSON,
    ("fill_in_values", "value"): JSON_ASCII,
}
_BIDI = "\u202a-\u202e\u2066-\u2069\u2028\u2029"
#: What makes a value worth a look: any character ``printable`` changes (NUL aside,
#: which GLOB cannot name: see ``_NUL``). Several lines keep tab and newline.
_PATTERNS = {
    LINE: f"*[\x01-\x1f\x7f-\x9f{_BIDI}]*",
    LINES: f"*[\x01-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]*",
    # A JSON string writes a control character as \u001b: any backslash-u is looked at.
    JSON: f"*[\\\x01-\x1f\x7f-\x9f{_BIDI}]*",
    JSON_ASCII: f"*[\\\x01-\x1f\x7f-\x9f{_BIDI}]*",
}
_NUL = "instr(CAST({value} AS BLOB), x'00') > 0"
#: The name of the SQL function ``register`` adds to a connection.
FUNCTION = "opstui_merge_clean"
#: The name of the SQL function telling whether any of its arguments may need cleaning.
DIRTY = "opstui_merge_dirty"
#: Anything any kind of cleaning could change (the union of the patterns above, NUL too).
_ANY = re.compile("[\\\\\x00-\x1f\x7f-\x9f" + _BIDI + "]")


def dirty(*values: Any) -> int:
    """1 when a text value holds a character some cleaning would look at, else 0."""
    return int(any(isinstance(v, str) and _ANY.search(v) is not None for v in values))


def clean(value: Any, kind: str) -> Any:
    """A value as the models would have stored it: control characters dropped."""
    if not isinstance(value, str):
        return value
    if kind == LINE:
        return printable(value, lines=False, drop=True).strip()
    if kind == LINES:
        return printable(value, drop=True)
    try:
        data = json.loads(value)
    except ValueError:
        return printable(value, drop=True)
    cleaned = _clean_json(data)
    if cleaned == data:
        return value  # nothing to drop: the text stays byte for byte as it came
    return json.dumps(cleaned, ensure_ascii=kind == JSON_ASCII, sort_keys=kind == JSON)


def _clean_json(data: Any) -> Any:
    if isinstance(data, str):
        return printable(data, lines=False, drop=True)
    if isinstance(data, list):
        return [_clean_json(item) for item in data]
    if isinstance(data, dict):
        return {_clean_json(key): _clean_json(item) for key, item in data.items()}
    return data


def register(conn: sqlite3.Connection) -> None:
    """Give the connection the cleaning function the merge's SQL calls."""
    conn.create_function(FUNCTION, 2, clean, deterministic=True)
    conn.create_function(DIRTY, -1, dirty, deterministic=True)


def kind_of(table: str, column: str) -> str:
    """How a text column is cleaned: as the model's field type says, else several lines."""
    if (table, column) in _JSON_COLUMNS:
        return _JSON_COLUMNS[(table, column)]
    for model, spec in SPECS.items():
        if spec.table != table:
            continue
        field = {c: f for f, c in spec.renames}.get(column, column)
        info = model.model_fields.get(field)
        if info is not None and ONE_LINE in info.metadata:
            return LINE
    return LINES


def cleaned_sql(value: str, kind: str) -> str:
    """SQL giving ``value`` (an expression) cleaned; clean values pass without a call."""
    pattern = _PATTERNS[kind].replace("'", "''")
    test = f"{value} GLOB '{pattern}' OR {_NUL.format(value=value)}"
    return f"CASE WHEN {test} THEN {FUNCTION}({value}, '{kind}') ELSE {value} END"


def cleaning_update(table: str, columns: Sequence[tuple[str, str]]) -> str:
    """SQL cleaning ``columns`` (name, kind) of ``table`` in the rows that need it."""
    sets = ", ".join(f'"{c}" = {FUNCTION}("{c}", \'{kind}\')' for c, kind in columns)
    args = ", ".join(f'"{c}"' for c, _kind in columns)
    return f"UPDATE {table} SET {sets} WHERE {DIRTY}({args})"
