"""Change readiness after Lippitt and Knoster: six elements, and what a missing one causes.

Complex change needs a shared vision, consensus, the skills to work the new way,
incentives to bother, the resources to do it, and a plan of action. When one of them is
missing the change tends to fail in a recognisable way: confusion, sabotage, anxiety,
resistance, frustration or false starts. An assessment rates each element 1-5; the
weak ones are named here with their likely symptom and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import fmean

from opstui.domain.session import ReadinessAssessment, ReadinessElement

#: Ratings at or below this count as weak unless the caller says otherwise.
WEAK_AT = 2


@dataclass(frozen=True)
class ElementInfo:
    """What goes wrong when an element is missing, and how to supply it."""

    symptom: str
    #: How the symptom shows in a rollout, in a sentence.
    looks_like: str
    advice: str


ELEMENTS: dict[ReadinessElement, ElementInfo] = {
    ReadinessElement.VISION: ElementInfo(
        "confusion",
        "People are unsure what the change is for or how their work will differ.",
        "Say plainly how everyone will work once it is in place, and repeat it in every session.",
    ),
    ReadinessElement.CONSENSUS: ElementInfo(
        "sabotage",
        "People who never agreed work around the change or quietly undo it.",
        "Bring the doubters into validation; vote on the problem and the metrics, and "
        "act on the objections.",
    ),
    ReadinessElement.SKILLS: ElementInfo(
        "anxiety",
        "People worry they cannot do their job the new way.",
        "Offer several ways to learn (walkthroughs, written steps, pairing) and time to practise.",
    ),
    ReadinessElement.INCENTIVES: ElementInfo(
        "resistance",
        "The change creeps along slowly, because nobody sees what is in it for them.",
        "Show each group what it gains, and remove what rewards the old way.",
    ),
    ReadinessElement.RESOURCES: ElementInfo(
        "frustration",
        "People want to change but lack the time, tools or help to do it.",
        "Find the time and tools people need, and take work off their plate to make room.",
    ),
    ReadinessElement.ACTION_PLAN: ElementInfo(
        "false starts",
        "Effort starts and stalls, going round in circles like a treadmill.",
        "Write down who does what by when, in small steps, and review it in each session.",
    ),
}


@dataclass(frozen=True)
class Weakness:
    """An element rated low, with the symptom to expect and what to do."""

    element: ReadinessElement
    rating: int
    symptom: str
    advice: str


def diagnose_readiness(assessment: ReadinessAssessment, weak_at: int = WEAK_AT) -> list[Weakness]:
    """Elements rated ``weak_at`` or lower, weakest first (ties in the model's order)."""
    weak = [
        Weakness(element, rating, ELEMENTS[element].symptom, ELEMENTS[element].advice)
        for element in ReadinessElement
        if (rating := assessment.rating(element)) <= weak_at
    ]
    # sorted() is stable, so equal ratings keep the model's order of elements.
    return sorted(weak, key=lambda w: w.rating)


def trend(
    assessments: list[ReadinessAssessment],
) -> dict[ReadinessElement, list[tuple[date, int]]]:
    """Each element's ratings over time, oldest first, one point per assessment."""
    ordered = sorted(assessments, key=lambda a: a.assessed_on)
    return {
        element: [(a.assessed_on, a.rating(element)) for a in ordered]
        for element in ReadinessElement
    }


def latest_assessment(assessments: list[ReadinessAssessment]) -> ReadinessAssessment | None:
    """The latest assessment by its date; of two on one day, the one stored later."""
    # sorted() is stable: equal dates keep the order they were stored in.
    ordered = sorted(assessments, key=lambda a: a.assessed_on)
    return ordered[-1] if ordered else None


def overall(assessment: ReadinessAssessment) -> float:
    """The mean rating over all six elements, 1.0 to 5.0."""
    return fmean(assessment.rating(element) for element in ReadinessElement)
