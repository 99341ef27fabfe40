"""Schema 8: what lets the dashboard tell which initiatives changed without reading all.

The dashboard keeps every initiative's summary and, coming back to it, computes again
only those of initiatives whose rows changed (``opstui.db.dashboard_changes``). Rows
added are found by rowid; rows edited by their edit stamp (``updated_at``, set by
schema 5's triggers), which these partial indexes make a range read: they hold only
rows edited at least once, so a file of captures that are never edited pays nothing for
them. Without them, finding the edited remarks reads the whole ``feedback`` table
(92 ms at 200,000 remarks, growing with the file; benchmarks/dashboard.py).
"""

from __future__ import annotations

#: The tables of many rows that the dashboard's summaries read (``DashboardQueries``).
EDITED_INDEXED = (
    "sessions",
    "session_participants",
    "proposals",
    "feedback",
    "readings",
    "metric_events",
    "capability_checks",
    "action_items",
    "remark_links",
    "process_map_lines",
)

V8 = "".join(
    f"CREATE INDEX {table}_edited ON {table}(updated_at) WHERE updated_at IS NOT NULL;\n"
    for table in EDITED_INDEXED
)
