"""Bundling an initiative into a file of its own, to hand to a colleague or the team file.

The source is opened for review only: bundling reads it and never changes it, and it may
be open in the app meanwhile (``opstui.db.bundle`` reads one snapshot of it). The
colleague merges the bundle into their own file with ``opstui merge``.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from opstui.db.bundle import BundleExists, BundleRefused, write_bundle
from opstui.db.store import Store
from opstui.domain.progress import Progress, silent
from opstui.export.files import slug

__all__ = [
    "BundleExists",
    "BundleRefused",
    "BundleResult",
    "bundle_file_name",
    "bundle_initiative",
]

#: What every bundle's name ends in: a colleague sees what it is, and opstui opens it.
SUFFIX = ".opstui.db"


@dataclass(frozen=True)
class BundleResult:
    """A bundle written: where, of which initiative, and how many rows of each table."""

    path: Path
    initiative_id: str
    title: str
    counts: Mapping[str, int]


def bundle_file_name(title: str, initiative_id: str) -> str:
    """``quick-interviews-b91dddd9.opstui.db``: safe ASCII whatever the title holds."""
    short = slug(initiative_id[:8], "initiative")
    return f"{slug(title, 'initiative')}-{short}{SUFFIX}"


def bundle_initiative(
    source: Path,
    initiative: str,
    out: Path | None,
    *,
    force: bool = False,
    private_notes: bool = False,
    progress: Progress = silent,
) -> BundleResult:
    """Write the initiative whose id starts with ``initiative`` into a new file.

    ``out`` None names the file after the initiative, in the current folder. Raises
    the store's ``StoreError`` (``UnknownId``, ``AmbiguousId``, ``BundleExists``,
    ``BundleRefused``, a source that cannot be read …), each said in one line.
    ``progress`` is told each table copied and may stop it with ``Cancelled``: no file
    is left.
    """
    with Store.open(source, read_only=True) as review:
        initiative_id = review.resolve("initiative", initiative)
        if out is None:
            title = review.get_initiative(initiative_id).title
            out = Path(bundle_file_name(title, initiative_id))
        written = write_bundle(
            review,
            initiative_id,
            out,
            force=force,
            private_notes=private_notes,
            label=_who_is_bundling(),
            progress=progress,
        )
    return BundleResult(out, initiative_id, written.title, written.counts)


def _who_is_bundling() -> str:
    """The login name of whoever runs the bundle: it is their own file they bundle, so
    the team sees the initiatives it holds as theirs (a file's ``site_label`` wins)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
