"""The forms of the Buy-in tab: a message of the communication plan, a way to learn,
and a stakeholder check-in. Each is dismissed with its record, or None when cancelled;
the workspace saves it.

A message or a way to learn is for one affected group, one pilot cohort, or everyone;
a message with a "sent on" day is sent, one without is planned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from rich.text import Text
from textual.app import ComposeResult
from textual.validation import Length
from textual.widgets import Input, Select, TextArea

from opstui.domain.buy_in import (
    CheckIn,
    CommItem,
    CommPurpose,
    CommStatus,
    LearningKind,
    LearningPath,
)
from opstui.domain.initiative import Group, Person, PilotCohort
from opstui.domain.text import printable
from opstui.screens.modals.form import FormModal, date_text, text_or_none

#: The audience "everyone affected": neither a group nor a cohort.
EVERYONE = "everyone"
NOBODY = ""


def one_line(value: str) -> str:
    """Stored text made safe to put back into a one-line field."""
    return printable(value, lines=False, drop=True)


def audience_options(cohorts: Iterable[PilotCohort]) -> list[tuple[Text, str]]:
    options = [(Text("Everyone affected"), EVERYONE)]
    options += [(Text(group.label), f"group:{group.value}") for group in Group]
    options += [(Text(f"Cohort: {one_line(c.name)}"), f"cohort:{c.id}") for c in cohorts]
    return options


def audience_value(group: Group | None, cohort_id: str | None) -> str:
    if group is not None:
        return f"group:{group.value}"
    return f"cohort:{cohort_id}" if cohort_id is not None else EVERYONE


def audience_fields(value: str) -> dict[str, Any]:
    kind, _, key = value.partition(":")
    return {
        "audience_group": key if kind == "group" else None,
        "cohort_id": key if kind == "cohort" else None,
    }


def person_options(people: Iterable[Person]) -> list[tuple[Text, str]]:
    return [(Text("(nobody named)"), NOBODY)] + [
        (Text(f"{one_line(p.name)} · {p.group.label}"), p.id) for p in people
    ]


def date_input(value: date | None, widget_id: str) -> Input:
    return Input(
        date_text(value),
        placeholder="YYYY-MM-DD",
        restrict=r"[0-9-]*",
        max_length=10,
        id=widget_id,
        classes="form-date",
        compact=True,
    )


T = TypeVar("T", bound=BaseModel)


class PlanForm(FormModal[T], Generic[T]):
    """What the three forms share: the initiative, the record edited, and the choices."""

    NOUN = "record"

    def __init__(
        self,
        initiative_id: str,
        item: T | None,
        *,
        cohorts: Sequence[PilotCohort] = (),
        people: Sequence[Person] = (),
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        self.item = item
        self.cohorts = list(cohorts)
        self.people = list(people)
        self.today = today or date.today()
        self.heading = f"Edit {self.NOUN}" if item else f"Add {self.NOUN}"
        self.save_label = "Save" if item else "Add"

    def select(self, widget_id: str, options: list[tuple[Text, Any]], value: Any) -> Select[Any]:
        known = {v for _, v in options}
        return Select(
            options,
            allow_blank=False,
            value=value if value in known else options[0][1],
            id=widget_id,
            compact=True,
        )

    def made(self, model: type[T], fields: dict[str, Any]) -> T:
        """The record from the form's fields, keeping what the form does not show."""
        base = self.item.model_dump() if self.item is not None else {}
        return model.model_validate({**base, "initiative_id": self.initiative_id, **fields})


class CommItemForm(PlanForm[CommItem]):
    """A message of the communication plan."""

    NOUN = "message"
    LABELS = {
        "audience_group": "To",
        "cohort_id": "To",
        "channel": "Channel",
        "purpose": "Why",
        "planned_on": "Planned on",
        "sent_on": "Sent on",
        "draft": "Draft",
    }

    def compose_fields(self) -> ComposeResult:
        item = self.item
        yield from self.inline(
            "To",
            self.select(
                "comm-audience",
                audience_options(self.cohorts),
                audience_value(item.audience_group, item.cohort_id) if item else EVERYONE,
            ),
        )
        yield from self.labelled(
            "Channel",
            Input(
                one_line(item.channel) if item else "",
                placeholder="e.g. #eng-announce, all-hands, email to leads",
                id="comm-channel",
                validators=[Length(minimum=1, failure_description="a channel is needed")],
            ),
        )
        yield from self.inline(
            "Why",
            self.select(
                "comm-purpose",
                [(Text(p.value.capitalize()), p) for p in CommPurpose],
                item.purpose if item else CommPurpose.UPDATE,
            ),
            hint="sent = results shared",
        )
        yield from self.inline(
            "Planned on", date_input(item.planned_on if item else None, "comm-planned")
        )
        yield from self.inline(
            "Sent on",
            date_input(item.sent_on if item else None, "comm-sent"),
            hint="empty while it is only planned",
        )
        yield from self.labelled(
            "Draft",
            TextArea(
                printable(item.draft, drop=True) if item else "",
                id="comm-draft",
                classes="form-text",
                soft_wrap=True,
                tab_behavior="focus",
            ),
        )

    def build(self) -> CommItem:
        sent_on = text_or_none(self.value_of("comm-sent"))
        return self.made(
            CommItem,
            {
                **audience_fields(self.choice_of("comm-audience")),
                "channel": self.value_of("comm-channel"),
                "purpose": self.choice_of("comm-purpose"),
                "planned_on": text_or_none(self.value_of("comm-planned")),
                "status": CommStatus.SENT if sent_on else CommStatus.PLANNED,
                "sent_on": sent_on,
                "draft": self.value_of("comm-draft").strip(),
            },
        )


class LearningPathForm(PlanForm[LearningPath]):
    """A way to learn: its kind, for whom, when it is offered, who runs it."""

    NOUN = "way to learn"
    LABELS = {
        "kind": "Kind",
        "title": "Title",
        "audience_group": "For",
        "cohort_id": "For",
        "slots": "When",
        "owner_id": "Owner",
        "link": "Link",
    }

    def compose_fields(self) -> ComposeResult:
        item = self.item
        yield from self.inline(
            "Kind",
            self.select(
                "path-kind",
                [(Text(k.label.capitalize()), k) for k in LearningKind],
                item.kind if item else LearningKind.DOC,
            ),
        )
        yield from self.labelled(
            "Title",
            Input(
                one_line(item.title) if item else "",
                placeholder="e.g. Booking a user interview, step by step",
                id="path-title",
                validators=[Length(minimum=1, failure_description="a title is needed")],
            ),
        )
        yield from self.inline(
            "For",
            self.select(
                "path-audience",
                audience_options(self.cohorts),
                audience_value(item.audience_group, item.cohort_id) if item else EVERYONE,
            ),
        )
        yield from self.labelled(
            "When",
            TextArea(
                "\n".join(one_line(s) for s in item.slots) if item else "",
                id="path-slots",
                classes="form-text",
                tab_behavior="focus",
            ),
            hint="one time per line, e.g. 2026-04-08 14:00 — time people can set aside",
        )
        yield from self.inline(
            "Owner",
            self.select(
                "path-owner",
                person_options(self.people),
                (item.owner_id if item else None) or NOBODY,
            ),
        )
        yield from self.labelled(
            "Link",
            Input(one_line(item.link) if item else "", placeholder="optional", id="path-link"),
        )

    def build(self) -> LearningPath:
        slots = [line.strip() for line in self.value_of("path-slots").splitlines() if line.strip()]
        return self.made(
            LearningPath,
            {
                "kind": self.choice_of("path-kind"),
                "title": self.value_of("path-title"),
                **audience_fields(self.choice_of("path-audience")),
                "slots": slots,
                "owner_id": self.choice_of("path-owner") or None,
                "link": self.value_of("path-link").strip(),
            },
        )


class CheckInForm(PlanForm[CheckIn]):
    """A stakeholder consulted: who, in which group, when, about what, and the outcome."""

    NOUN = "check-in"
    LABELS = {
        "held_on": "When",
        "person_id": "Who",
        "group": "Group",
        "about": "About",
        "outcome": "Outcome",
    }

    def compose_fields(self) -> ComposeResult:
        item = self.item
        yield from self.inline(
            "When", date_input(item.held_on if item else self.today, "check-in-held")
        )
        yield from self.inline(
            "Who",
            self.select(
                "check-in-person",
                person_options(self.people),
                (item.person_id if item else None) or NOBODY,
            ),
            hint="or only the group",
        )
        yield from self.inline(
            "Group",
            self.select(
                "check-in-group",
                [(Text(g.label), g) for g in Group],
                item.group if item else Group.LEADERSHIP,
            ),
        )
        yield from self.labelled(
            "About",
            Input(
                one_line(item.about) if item else "",
                placeholder="e.g. What discovery found, and the metrics",
                id="check-in-about",
                validators=[Length(minimum=1, failure_description="say what it was about")],
            ),
        )
        yield from self.labelled(
            "Outcome",
            TextArea(
                printable(item.outcome, drop=True) if item else "",
                id="check-in-outcome",
                classes="form-text",
                soft_wrap=True,
                tab_behavior="focus",
            ),
        )

    def build(self) -> CheckIn:
        return self.made(
            CheckIn,
            {
                "held_on": text_or_none(self.value_of("check-in-held")),
                "person_id": self.choice_of("check-in-person") or None,
                "group": self.choice_of("check-in-group"),
                "about": self.value_of("check-in-about"),
                "outcome": self.value_of("check-in-outcome").strip(),
            },
        )
