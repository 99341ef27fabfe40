"""Reading an initiative for its workspace, in the loading thread: its outline, then the
whole of it with what the rules and the tabs work out from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from textual.message import Message

from opstui.db.errors import NotFound
from opstui.db.store import Store, load_facts
from opstui.domain.checklist import evaluate
from opstui.domain.doctor import diagnose
from opstui.domain.remark_trail import loop_of
from opstui.screens.workspace.tab import InitiativeRead, WorkspaceTab


@dataclass
class OutlineRead(Message):
    """The loading worker has read the initiative's outline; the rest comes next."""

    generation: int
    read: InitiativeRead


@dataclass
class FactsRead(Message):
    """The loading worker has read the whole initiative (None: it is gone), or could not."""

    generation: int
    read: InitiativeRead | None = None
    error: str | None = None


def read_outline(store: Store, initiative_id: str, today: date) -> InitiativeRead:
    """What the dashboard reads of the initiative, with the doctor's findings (it holds all
    the doctor reads: ``Store.dashboard_facts``). Raises ``NotFound`` if it is gone."""
    outlines = store.dashboard_facts([initiative_id], today=today)
    if not outlines:
        raise NotFound(f"no initiative {initiative_id}")
    return InitiativeRead(outlines[0], diagnose(outlines[0]))


def read_whole(
    store: Store, initiative_id: str, today: date, tabs: Iterable[type[WorkspaceTab]]
) -> InitiativeRead:
    """The whole initiative, with the doctor's findings, the checklist, the trail of remarks
    and what the ``tabs`` that show it work out (``WorkspaceTab.prepare``)."""
    facts = load_facts(store, initiative_id, today=today)
    prepared = {tab.KEY: tab.prepare(facts) for tab in tabs if not tab.SHOWS_OUTLINE}
    return InitiativeRead(facts, diagnose(facts), evaluate(facts), loop_of(facts), prepared)
