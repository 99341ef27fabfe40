"""The Overview tab: the initiative from its problem to its lessons, its groups and cohorts.

It shows the outline (what the dashboard reads), so it fills as soon as the screen opens.
Enter on an affected group or a pilot cohort edits it, and the screen's commands add and
remove them; the dialogs' answers go up as messages for the screen to save.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from opstui.domain.initiative import AffectedGroup, PilotCohort
from opstui.screens.base import READ_ONLY_HINT
from opstui.screens.commands import Command
from opstui.screens.workspace.tab import Edit, EditingTab, InitiativeRead, columns
from opstui.screens.workspace.text import cell, dim, section
from opstui.widgets.tones import MUTED
from opstui.widgets.user_text import user_text


class OverviewTab(EditingTab):
    """Problem, vision, solution and plans in words; affected groups and pilot cohorts."""

    KEY = "overview"
    TITLE = "Overview"
    SHOWS_OUTLINE = True
    COMMANDS = (
        Command("g", "add_group", "Add affected group", edits=True, label="Add group"),
        Command("c", "add_cohort", "Add pilot cohort", edits=True, footer=False),
        Command("delete", "remove_group", "Remove affected group", edits=True, footer=False),
    )
    COLUMNS = {
        "groups": columns(("group", "Group", 14), ("note", "Note", 0, 1)),
        "cohorts": columns(
            ("name", "Cohort", 20),
            ("scope", "Who", 12),
            ("size", "People", 6),
            ("started", "Started", 10),
            ("stage", "Stage", 8),
            ("note", "Note", 0, 1),
        ),
    }

    @dataclass
    class GroupSaved(Edit):
        """An affected group was added, or its note changed."""

        group: AffectedGroup

    @dataclass
    class GroupRemoved(Edit):
        """The user confirmed removing an affected group."""

        group: AffectedGroup

    @dataclass
    class CohortSaved(Edit):
        """A pilot cohort was added (``new``) or changed."""

        cohort: PilotCohort
        new: bool

    def compose_content(self) -> ComposeResult:
        with VerticalScroll(id="overview"):
            yield Static(id="overview-problem", classes="overview-text")
            yield Label(Text("Affected groups", style="bold"), classes="overview-heading")
            yield DataTable(id="groups", cursor_type="row", classes="overview-table")
            yield Static(id="overview-solution", classes="overview-text")
            yield Label(Text("Pilot cohorts", style="bold"), classes="overview-heading")
            yield DataTable(id="cohorts", cursor_type="row", classes="overview-table")
            yield Static(id="overview-plans", classes="overview-text")

    def enables(self, action: str) -> bool:
        if action == "remove_group":
            return self.query_one("#groups", DataTable).has_focus
        return True

    # -- showing ---------------------------------------------------------------------

    def show(self, read: InitiativeRead) -> None:
        facts = read.facts
        initiative = facts.initiative
        problem = Text()
        section(problem, "Problem", initiative.problem)
        section(problem, "Strategic reason", initiative.strategic_reason)
        section(problem, "Root cause", initiative.root_cause)
        self.query_one("#overview-problem", Static).update(problem)

        groups: DataTable[Text] = self.query_one("#groups", DataTable)
        keep = self.refill(groups)
        for group in facts.groups:
            groups.add_row(
                Text(group.group.label),
                Text(group.note) if group.note else dim("(no note: press Enter to add one)"),
                key=group.group.value,
                height=None,
            )
        if not facts.groups:
            groups.add_row(dim("(none)"), dim("Press g to add the groups this touches"))
        self.restore_cursor(groups, keep)

        solution = Text()
        section(solution, "Vision", initiative.vision)
        section(solution, "Options considered", initiative.options_considered)
        section(solution, "Chosen solution", initiative.chosen_solution, "not chosen yet")
        self.query_one("#overview-solution", Static).update(solution)

        cohorts: DataTable[Text] = self.query_one("#cohorts", DataTable)
        keep = self.refill(cohorts)
        for cohort in facts.cohorts:
            cohorts.add_row(
                user_text(cohort.name),
                Text(cohort.scope.value),
                Text(str(cohort.size)),
                cell(cohort.started_on.isoformat() if cohort.started_on else None),
                Text(cohort.stage.value),
                cell(cohort.note),
                key=cohort.id,
                height=None,
            )
        if not facts.cohorts:
            cohorts.add_row(
                dim("(none)"), *(dim("") for _ in range(4)), dim("Press c to add a pilot cohort")
            )
        self.restore_cursor(cohorts, keep)

        plans = Text()
        section(plans, "Rollout plan", initiative.rollout_plan)
        if initiative.rolled_out_on:
            plans.append(f"\nRolled out to everyone on {initiative.rolled_out_on}", MUTED)
        section(plans, "Communication plan", initiative.communication_plan)
        section(plans, "Learning support", initiative.learning_support)
        section(plans, "Lessons learned", initiative.lessons_learned)
        if initiative.results_shared_on:
            plans.append(f"\nResults shared on {initiative.results_shared_on}", MUTED)
        plans.append("\n\nPress e to edit the problem and vision, l the solution and plans.", MUTED)
        self.query_one("#overview-plans", Static).update(plans)

    # -- editing groups and cohorts --------------------------------------------------

    @on(DataTable.RowSelected, "#groups, #cohorts")
    def on_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.read_only:
            self.notify(READ_ONLY_HINT, severity="warning")
        elif event.data_table.id == "groups":
            self.edit_group(event.row_key.value)
        else:
            self.edit_cohort(event.row_key.value)

    def edit_group(self, group_value: str | None) -> None:
        """Ask for an affected group's note: a new group's when ``group_value`` is None."""
        if self.shown is None:
            return
        from opstui.screens.modals.group_form import GroupForm

        outline = self.shown.facts
        existing = next((g for g in outline.groups if g.group.value == group_value), None)
        notes = {g.group: g.note for g in outline.groups}

        def saved(group: AffectedGroup | None) -> None:
            if group is not None:
                self.post_message(self.GroupSaved(group))

        # The "(none)" placeholder row has no group: Enter on it adds one.
        self.app.push_screen(GroupForm(outline.initiative.id, existing, notes), saved)

    def remove_highlighted_group(self) -> None:
        """Ask before removing the affected group under the cursor."""
        if self.shown is None:
            return
        group_value = self.highlighted_key("#groups")
        existing = next((g for g in self.shown.facts.groups if g.group.value == group_value), None)
        if existing is None:
            return
        from opstui.screens.modals.confirm import ConfirmModal

        def confirmed(remove: bool | None) -> None:
            if remove:
                self.post_message(self.GroupRemoved(existing))

        self.app.push_screen(
            ConfirmModal(f"Remove {existing.group.label} and its note from this initiative?"),
            confirmed,
        )

    def edit_cohort(self, cohort_id: str | None) -> None:
        """Ask for a pilot cohort's details: a new cohort's when ``cohort_id`` is None."""
        if self.shown is None:
            return
        from opstui.screens.modals.cohort_form import CohortForm

        outline = self.shown.facts
        existing = next((c for c in outline.cohorts if c.id == cohort_id), None)

        def saved(cohort: PilotCohort | None) -> None:
            if cohort is not None:
                self.post_message(self.CohortSaved(cohort, new=existing is None))

        self.app.push_screen(CohortForm(outline.initiative.id, existing), saved)
