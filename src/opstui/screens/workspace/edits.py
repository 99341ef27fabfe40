"""Saving what the user did in a tab of the workspace (an ``Edit`` message) through the store."""

from __future__ import annotations

from opstui.db.store import Store
from opstui.screens.workspace.actions import ActionsTab
from opstui.screens.workspace.buy_in import BuyInTab, delete_plan_item, save_plan_item
from opstui.screens.workspace.checklist import ChecklistTab
from opstui.screens.workspace.ladder import LadderTab
from opstui.screens.workspace.overview import OverviewTab
from opstui.screens.workspace.readiness import ReadinessTab
from opstui.screens.workspace.tab import Edit


def save_edit(store: Store, initiative_id: str, edit: Edit) -> None:
    """Save one edit of a tab of the initiative's workspace."""
    match edit:
        case OverviewTab.GroupSaved(group):
            store.set_affected_group(group)
        case OverviewTab.GroupRemoved(group):
            store.remove_affected_group(initiative_id, group.group.value)
        case OverviewTab.CohortSaved(cohort, new=True):
            store.add_cohort(cohort)
        case OverviewTab.CohortSaved(cohort):
            store.update_cohort(cohort)
        case ActionsTab.MarkedDone(action_id, done):
            store.set_action_done(action_id, done)
        case ChecklistTab.Ticked(item_key, None):
            store.untick(initiative_id, item_key)
        case ChecklistTab.Ticked(item_key, str(note)):
            store.tick(initiative_id, item_key, note)
        case ReadinessTab.Assessed(assessment):
            store.add_readiness(assessment)
        case BuyInTab.Saved(item, new):
            save_plan_item(store, item, new=new)
        case BuyInTab.Deleted(item):
            delete_plan_item(store, item)
        case LadderTab.Saved(prototype, new=True):
            store.add_prototype(prototype)
        case LadderTab.Saved(prototype):
            store.update_prototype(prototype)
        case LadderTab.Deleted(prototype):
            store.delete_prototype(prototype.id)
        case _:
            raise TypeError(f"the workspace has no way to save {edit!r}")
