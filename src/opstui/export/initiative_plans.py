"""The initiative report's solution and plans: the options considered, the chosen
solution, and the rollout, communication and learning plans.

The communication plan is the messages of the Buy-in tab (``CommItem``) after the
plan's own words; the learning plan is the ways to learn (``LearningPath``) after the
learning support's words. Each piece is a small function returning Markdown blocks, and
the ordered records are shared with the JSON export (and any other renderer), so every
format lists the same messages in the same order.
"""

from __future__ import annotations

from datetime import date

from opstui.domain.buy_in import CommItem, CommStatus, LearningPath, audience
from opstui.export import markdown_safe as md
from opstui.export.bundle import InitiativeBundle
from opstui.export.common import day

NOT_RECORDED = "Not recorded yet."


# -- the records, in order ---------------------------------------------------------------


def comm_items_in_order(bundle: InitiativeBundle) -> list[CommItem]:
    """Messages by the day they are planned for (unplanned last), then as added."""
    return sorted(
        bundle.facts.comm_items,
        key=lambda m: (m.planned_on is None, m.planned_on or date.min, m.created_at, m.id),
    )


def learning_paths_in_order(bundle: InitiativeBundle) -> list[LearningPath]:
    """Ways to learn as they were added."""
    return sorted(bundle.facts.learning_paths, key=lambda p: (p.created_at, p.id))


def audience_of(bundle: InitiativeBundle, item: CommItem | LearningPath) -> str:
    """Who a message or a way to learn is for, as the Buy-in tab says it."""
    return audience(bundle.facts.cohorts, item.audience_group, item.cohort_id)


# -- Markdown ----------------------------------------------------------------------------


def solution_sections(bundle: InitiativeBundle) -> list[str]:
    """ "Options considered" and "Chosen solution", headings included."""
    initiative = bundle.facts.initiative
    return [
        "## Options considered",
        md.block(initiative.options_considered, empty=NOT_RECORDED),
        "## Chosen solution",
        md.block(initiative.chosen_solution, empty=NOT_RECORDED),
    ]


def plan_sections(bundle: InitiativeBundle) -> list[str]:
    """The rollout, communication and learning plans, headings included.

    A plan is its words, then its records (messages, ways to learn); "Not recorded yet."
    only when it has neither."""
    initiative = bundle.facts.initiative
    return [
        "## Rollout plan",
        md.block(initiative.rollout_plan, empty=NOT_RECORDED),
        "## Communication plan",
        *_words_and_table(initiative.communication_plan, communication_messages(bundle)),
        "## Learning plan",
        *_words_and_table(initiative.learning_support, ways_to_learn(bundle)),
    ]


def _words_and_table(words: str, table: str | None) -> list[str]:
    blocks = [md.block(words, empty="")] if words.strip() else []
    if table is not None:
        blocks.append(table)
    return blocks or [NOT_RECORDED]


def communication_messages(bundle: InitiativeBundle) -> str | None:
    """The messages as a table: to whom, through what, why, when, sent or not, the draft;
    None when no message is planned."""
    items = comm_items_in_order(bundle)
    if not items:
        return None
    rows = [
        [
            md.cell(audience_of(bundle, item)),
            md.cell(item.channel),
            item.purpose.value,
            day(item.planned_on) or "–",
            f"sent {day(item.sent_on)}" if item.status is CommStatus.SENT else "planned",
            md.cell(item.draft),
        ]
        for item in items
    ]
    return md.table(["To", "Channel", "Why", "Planned", "Status", "Draft"], rows)


def ways_to_learn(bundle: InitiativeBundle) -> str | None:
    """The ways to learn as a table: kind, what, for whom, when, who runs it, where;
    None when none is recorded."""
    paths = learning_paths_in_order(bundle)
    if not paths:
        return None
    people = bundle.people
    rows = [
        [
            path.kind.label,
            md.cell(path.title),
            md.cell(audience_of(bundle, path)),
            md.cell(", ".join(path.slots)),
            md.cell(people.name(path.owner_id, missing="–")),
            md.cell(path.link),
        ]
        for path in paths
    ]
    return md.table(["Kind", "Way to learn", "For", "When", "Owner", "Link"], rows)
