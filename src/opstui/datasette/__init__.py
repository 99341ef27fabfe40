"""Datasette's metadata for browsing a team file: titles, searchable views, hidden tables.

opstui never imports Datasette; users install it themselves and pass this file:
``datasette --immutable team.db -m "$(python -m opstui.datasette)"``. Datasette names a
database after its file, so the metadata, written for ``team``, applies to ``team.db``.
"""

from __future__ import annotations

from pathlib import Path

#: The metadata file shipped with the package (``-m``/``--metadata`` in Datasette 0.65).
METADATA = Path(__file__).with_name("metadata.json")
