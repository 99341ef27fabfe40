"""The rules of merging facilitators' files into one, and what a merge reports.

Each rule is decided here once and asked by the storage layer (``opstui.db.merge``),
which does the copying: how a colleague entered in two files is recognised, which of
two versions of one row is kept, when a deletion wins over an edit. The order of
versions is total, so a merge's result never depends on the order its files are given.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

#: Why a version was not taken, as a report says it.
OLDER_EDIT = "older edit"
OWNER_WINS = "the owning file's version wins"
SAME_TIME = "neither is a later edit than the other: one kept by a fixed order"
PARENT_DELETED = "its {parent} was deleted"
PARENT_MISSING = "its {parent} is not in either file"
CLASHES = "another row holds its place ({what})"
VOTE_KEPT_WHOLE = "an anonymous vote is taken whole: the other version of the vote was kept"


def deleted_in(site_label: str) -> str:
    """The reason given for a version that a deletion made elsewhere beats."""
    return f"deleted in {site_label}"


def person_key(name: str, group: str) -> str:
    """Who a colleague is across files: their name, normalised, and their group.

    The name is compared as people read it: Unicode compatibility forms folded (NFKC),
    case folded, runs of white space made one space, ends trimmed.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return f"{group}\t{' '.join(folded.split())}"


#: The instant a version never edited since it was written sorts at: before any edit.
_NEVER = datetime.min.replace(tzinfo=UTC)


def instant(stamp: str | None) -> datetime:
    """An edit stamp as a point in time (``Z`` or ``+00:00``); ``None`` is never edited."""
    if not stamp:
        return _NEVER
    try:
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return _NEVER  # a stamp that is not a time counts as no edit at all
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def canonical(row: Mapping[str, Any]) -> str:
    """A row's content as one text, the same for equal rows: the last tie-breaker."""
    return json.dumps(dict(row), sort_keys=True, ensure_ascii=False, default=str)


def version_rank(
    row: Mapping[str, Any], *, owner_site: str | None = None, initiative_level: bool = False
) -> tuple[bool, datetime, str, str]:
    """Where a version of a row stands in the order that picks the one kept (highest).

    Args:
        row: The version's columns, ``updated_at`` and ``updated_site`` among them.
        owner_site: The owning site of the initiative the row belongs to.
        initiative_level: The row belongs to the initiative as a whole (its title, its
            groups, cohorts, metrics, checklist): then its owner's version comes first.
    """
    site = row.get("updated_site")
    owners = initiative_level and (site is None or site == owner_site)
    return (owners, instant(row.get("updated_at")), site or "", canonical(row))


def incoming_wins(
    incoming: Mapping[str, Any],
    kept: Mapping[str, Any],
    *,
    owner_site: str | None = None,
    initiative_level: bool = False,
) -> tuple[bool, str]:
    """Whether the incoming version beats the one kept, and why the loser lost."""
    theirs = version_rank(incoming, owner_site=owner_site, initiative_level=initiative_level)
    ours = version_rank(kept, owner_site=owner_site, initiative_level=initiative_level)
    if theirs[0] != ours[0]:
        reason = OWNER_WINS
    else:
        reason = OLDER_EDIT if theirs[1] != ours[1] else SAME_TIME
    return theirs > ours, reason


def tombstone_beats(deleted_at: str, updated_at: str | None) -> bool:
    """A deletion wins over a version edited no later than it (or never edited)."""
    return updated_at is None or instant(deleted_at) >= instant(updated_at)


def later_deletion(first: str, second: str) -> str:
    """Of two deletions of one row, the one kept: the later, which beats more edits."""
    return first if instant(first) >= instant(second) else second


# -- what a merge reports ---------------------------------------------------------------


class FieldDifference(BaseModel):
    """One field whose value differs between the version kept and the one not taken."""

    field: str
    kept: Any = None
    dropped: Any = None


class NotTaken(BaseModel):
    """A version the merge did not take, and why."""

    table: str
    row_key: str
    label: str
    reason: str
    differences: list[FieldDifference] = Field(default_factory=list)
    #: The file each version came from, and the site its last edit was made in.
    kept_from: str | None = None
    kept_site: str | None = None
    dropped_from: str = ""
    dropped_site: str | None = None


class TableCounts(BaseModel):
    """Rows of one table added, updated and deleted in the file merged into."""

    added: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.deleted


class PersonMatch(BaseModel):
    """A colleague entered in the source under another id, recognised as one kept."""

    alias_id: str
    alias_name: str
    person_id: str
    person_name: str


class SourceReport(BaseModel):
    """What merging one file did."""

    path: str
    site_id: str
    site_label: str
    counts: dict[str, TableCounts] = Field(default_factory=dict)
    people_matched: list[PersonMatch] = Field(default_factory=list)
    not_taken: list[NotTaken] = Field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(count.total for count in self.counts.values())


class MergeReport(BaseModel):
    """What a merge did, file by file (or would have done, in a dry run)."""

    into: str
    dry_run: bool = False
    sources: list[SourceReport] = Field(default_factory=list)
