"""Exporting action items (``opstui export actions``): which record is meant, its
action items, and their text in the format asked for.

Only reads. The argument names an initiative (any unique start of its id, or its
title) or a session (any unique start of its id); one that could be either is refused,
so the export is never of something the user did not mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from opstui.db.errors import AmbiguousId, UnknownId
from opstui.db.store import Store, load_facts, load_session_facts
from opstui.export.actions_export import (
    ActionLine,
    ActionsFormat,
    action_lines,
    render_actions,
)
from opstui.services.exporting import ExportError

Kind = Literal["initiative", "session"]


@dataclass(frozen=True)
class ActionsSource:
    """The initiative or session whose action items are exported."""

    kind: Kind
    id: str


def resolve_source(store: Store, ref: str) -> ActionsSource:
    """The initiative or session ``ref`` names, or an ``ExportError`` saying why not."""
    found: list[ActionsSource] = []
    problems: list[str] = []
    for kind in ("initiative", "session"):
        try:
            found.append(ActionsSource(kind, store.resolve(kind, ref)))
        except AmbiguousId as exc:
            problems.append(str(exc))
        except UnknownId:
            pass
    wanted = " ".join(ref.split()).casefold()
    by_title = [
        ActionsSource("initiative", i.id)
        for i in store.list_initiatives()
        if " ".join(i.title.split()).casefold() == wanted
    ]
    found += [source for source in by_title if source not in found]
    if len(found) == 1 and not problems:
        return found[0]
    if problems:
        raise ExportError(problems[0])
    if not found:
        raise ExportError(
            f"no initiative or session is named {ref!r}: give the start of an id "
            "(see `opstui list initiatives` / `opstui list sessions`) or an initiative's title"
        )
    shown = ", ".join(f"{s.kind} {s.id[:12]}" for s in found)
    raise ExportError(f"{ref!r} could mean several records ({shown}); type more of the id")


def gather_actions(
    store: Store, source: ActionsSource, *, open_only: bool = True, anonymize: bool = False
) -> list[ActionLine]:
    """The action items of the initiative, or those raised in the session, in order."""
    if source.kind == "session":
        facts, session, _agenda = load_session_facts(store, source.id)
        return action_lines(facts, session.id, open_only=open_only, anonymize=anonymize)
    facts = load_facts(store, source.id)
    return action_lines(facts, open_only=open_only, anonymize=anonymize)


def export_actions(
    store: Store,
    ref: str,
    fmt: ActionsFormat,
    *,
    open_only: bool = True,
    anonymize: bool = False,
) -> str:
    """The action items ``ref`` names, rendered: the whole use case in one call."""
    source = resolve_source(store, ref)
    lines = gather_actions(store, source, open_only=open_only, anonymize=anonymize)
    return render_actions(lines, fmt)
