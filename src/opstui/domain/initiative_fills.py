"""Template fields that fill the initiative: what a field may fill, and what its value does.

A field of a fill-in template may name what it fills: one of the initiative's texts
(``fills = "root_cause"``) or one element of change readiness
(``fills = "readiness.vision"``). The form starts from what the initiative holds, and
the value saved goes back into the initiative, so the facilitator types nothing twice:

- a text sets the initiative's text (emptying the field empties it);
- a rating sets that element in the session's readiness assessment, one per session,
  made when its first element is rated; the elements not rated in the session are
  taken from the latest earlier assessment, or are ``UNRATED`` when there is none.

This module is the one place that decides it: the playbook checks its fields with
``check_fills``; the live session asks ``prefilled`` and ``apply_fill``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from opstui.domain.initiative import Initiative
from opstui.domain.readiness import latest_assessment
from opstui.domain.session import FieldValue, ReadinessAssessment, ReadinessElement
from opstui.domain.values import FieldType

if TYPE_CHECKING:
    from opstui.domain.playbook import TemplateSpec

#: The initiative's texts a field may fill, in the order the workspace shows them.
INITIATIVE_TEXTS = (
    "problem",
    "strategic_reason",
    "root_cause",
    "vision",
    "options_considered",
    "chosen_solution",
    "rollout_plan",
    "communication_plan",
    "learning_support",
    "lessons_learned",
)
#: How a field names a readiness element: ``readiness.`` and the element.
READINESS_PREFIX = "readiness."
#: The field kinds that can fill an initiative's text.
TEXT_KINDS = (FieldType.TEXT, FieldType.LONG_TEXT)
#: The rating of an element that no assessment has rated yet, when a session rates
#: another one first: the middle of the 1-5 scale, neither missing nor solid, so that it
#: is not reported weak (with a symptom) before anyone has rated it.
UNRATED = 3

FillTarget = str | ReadinessElement


def fill_target(fills: str) -> FillTarget:
    """What ``fills`` names: an initiative text's name, or a readiness element.

    Raises:
        ValueError: saying what may be named instead.
    """
    if fills in INITIATIVE_TEXTS:
        return fills
    if fills.startswith(READINESS_PREFIX):
        name = fills.removeprefix(READINESS_PREFIX)
        for element in ReadinessElement:
            if element.value == name:
                return element
        elements = ", ".join(READINESS_PREFIX + e.value for e in ReadinessElement)
        raise ValueError(f"fills {fills!r} is not a readiness element: use one of {elements}")
    raise ValueError(
        f"fills {fills!r} is nothing a field can fill: use one of the initiative's texts "
        f"({', '.join(INITIATIVE_TEXTS)}) or a readiness element (readiness.vision, "
        "readiness.consensus, …)"
    )


def fills_label(fills: str) -> str:
    """What a field fills, in words: "the initiative's root cause", "readiness: vision"."""
    target = fill_target(fills)
    if isinstance(target, ReadinessElement):
        return f"readiness: {target.label.lower()}"
    return f"the initiative's {target.replace('_', ' ')}"


def check_fills(fills: str, kind: FieldType, bounds: tuple[float | None, float | None]) -> None:
    """Refuse a field that names nothing it can fill, or is of a kind that cannot fill it.

    Raises:
        ValueError: saying what is wrong and which kind of field would do.
    """
    target = fill_target(fills)
    if isinstance(target, ReadinessElement):
        if kind is not FieldType.SCALE or bounds != (1, 5):
            shown = (
                f"a {kind.value} field"
                if kind is not FieldType.SCALE
                else "a scale of other bounds"
            )
            raise ValueError(
                f"fills {fills!r}: a readiness element is rated 1 to 5, so the field must be "
                f"a scale from 1 to 5, not {shown}"
            )
    elif kind not in TEXT_KINDS:
        raise ValueError(
            f"fills {fills!r}: {fills_label(fills)} is text, so the field must be text or "
            f"long-text, not {kind.value}"
        )


def session_assessment(
    assessments: list[ReadinessAssessment], session_id: str
) -> ReadinessAssessment | None:
    """The assessment a session's ratings went into, if it rated anything yet."""
    return next((a for a in assessments if a.session_id == session_id), None)


def _earlier(assessments: list[ReadinessAssessment], session_id: str) -> ReadinessAssessment | None:
    return latest_assessment([a for a in assessments if a.session_id != session_id])


def prefilled(
    template: TemplateSpec,
    initiative: Initiative,
    assessments: list[ReadinessAssessment],
    session_id: str,
) -> dict[str, FieldValue]:
    """What the template's fields start with: what the initiative holds for each.

    A text field starts with the initiative's text (on one line for a one-line field),
    a rating with the session's own assessment, else the latest earlier one. Fields
    for which the initiative holds nothing are left out.
    """
    ratings = session_assessment(assessments, session_id) or _earlier(assessments, session_id)
    values: dict[str, FieldValue] = {}
    for spec in template.fields:
        if spec.fills is None:
            continue
        target = fill_target(spec.fills)
        if isinstance(target, ReadinessElement):
            if ratings is not None:
                values[spec.key] = ratings.rating(target)
            continue
        text: str = getattr(initiative, target)
        if spec.type is FieldType.TEXT:
            text = " ".join(text.split())
        if text.strip():
            values[spec.key] = text
    return values


@dataclass(frozen=True)
class InitiativeFill:
    """What one saved value changes: the initiative, the session's assessment, or nothing."""

    #: The initiative with the text set, to store; None when nothing changed.
    initiative: Initiative | None = None
    #: The session's readiness assessment, new or changed, to store; None when unchanged.
    assessment: ReadinessAssessment | None = None
    #: Whether ``assessment`` is the session's first (to add) rather than a change.
    new_assessment: bool = False


def apply_fill(
    fills: str | None,
    value: FieldValue,
    *,
    initiative: Initiative,
    assessments: list[ReadinessAssessment],
    session_id: str,
    assessed_on: date,
) -> InitiativeFill:
    """What the value of a field that ``fills`` something changes in the initiative.

    ``assessments`` are the initiative's; ``assessed_on`` is the day a new assessment
    of the session is dated. An emptied rating changes nothing: an assessment rates
    every element, so it keeps the rating it had.

    Raises:
        ValueError: a rating that is not a whole number from 1 to 5.
    """
    if fills is None:
        return InitiativeFill()
    target = fill_target(fills)
    if not isinstance(target, ReadinessElement):
        text = "" if value is None else str(value)
        if getattr(initiative, target) == text:
            return InitiativeFill()
        changed = Initiative.model_validate(initiative.model_dump() | {target: text})
        return InitiativeFill(initiative=changed)
    if value is None:
        return InitiativeFill()
    if isinstance(value, str) or value != int(value):
        raise ValueError(f"a {target.label.lower()} rating must be a whole number from 1 to 5")
    rating = int(value)
    own = session_assessment(assessments, session_id)
    if own is not None:
        if own.rating(target) == rating:
            return InitiativeFill()
        data = own.model_dump() | {target.value: rating}
        return InitiativeFill(assessment=ReadinessAssessment.model_validate(data))
    earlier = _earlier(assessments, session_id)
    ratings = {e.value: earlier.rating(e) if earlier else UNRATED for e in ReadinessElement}
    ratings[target.value] = rating
    made = ReadinessAssessment.model_validate(
        {
            "initiative_id": initiative.id,
            "session_id": session_id,
            "assessed_on": assessed_on,
            **ratings,
        }
    )
    return InitiativeFill(assessment=made, new_assessment=True)
