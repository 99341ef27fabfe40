"""Whether the user has asked for no colour: the one NO_COLOR rule of the app and the CLI.

Textual decides it for the app on its own (``App.no_color``): NO_COLOR set to anything,
even empty. The no-color.org convention ignores an empty value; following Textual instead
keeps the app and ``opstui chart`` in step, as the app cannot do otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping


def no_colour(environ: Mapping[str, str]) -> bool:
    """Whether NO_COLOR is set, whatever its value."""
    return environ.get("NO_COLOR") is not None
