"""Change readiness: weak elements name their symptom; ratings trend over time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.readiness import ELEMENTS, WEAK_AT, diagnose_readiness, overall, trend
from opstui.domain.session import ReadinessAssessment, ReadinessElement

ratings = st.integers(min_value=1, max_value=5)
six_ratings = st.fixed_dictionaries({element.value: ratings for element in ReadinessElement})


def assessment(
    on: date = date(2026, 3, 1), ratings: dict[str, int] | None = None, **named: int
) -> ReadinessAssessment:
    """An assessment rating every element 4 unless told otherwise."""
    values = {element.value: 4 for element in ReadinessElement} | (ratings or {}) | named
    return ReadinessAssessment.model_validate(
        {"initiative_id": "ini-1", "assessed_on": on, **values}
    )


@pytest.mark.parametrize(
    ("element", "symptom"),
    [
        (ReadinessElement.VISION, "confusion"),
        (ReadinessElement.CONSENSUS, "sabotage"),
        (ReadinessElement.SKILLS, "anxiety"),
        (ReadinessElement.INCENTIVES, "resistance"),
        (ReadinessElement.RESOURCES, "frustration"),
        (ReadinessElement.ACTION_PLAN, "false starts"),
    ],
)
def test_a_missing_element_names_the_models_symptom(
    element: ReadinessElement, symptom: str
) -> None:
    [weakness] = diagnose_readiness(assessment(ratings={element.value: 1}))
    assert weakness.element is element
    assert weakness.rating == 1
    assert weakness.symptom == symptom
    assert weakness.advice == ELEMENTS[element].advice


def test_every_element_has_its_explanation() -> None:
    assert set(ELEMENTS) == set(ReadinessElement)
    assert all(info.symptom and info.looks_like and info.advice for info in ELEMENTS.values())


def test_a_rating_at_the_threshold_is_weak_and_above_it_is_not() -> None:
    weak = diagnose_readiness(assessment(skills=WEAK_AT, resources=WEAK_AT + 1))
    assert [w.element for w in weak] == [ReadinessElement.SKILLS]


def test_the_threshold_can_be_raised() -> None:
    found = diagnose_readiness(assessment(skills=3, vision=4), weak_at=3)
    assert [w.element for w in found] == [ReadinessElement.SKILLS]


def test_weakest_first_then_in_the_models_order() -> None:
    found = diagnose_readiness(assessment(action_plan=1, vision=2, consensus=1))
    assert [w.element for w in found] == [
        ReadinessElement.CONSENSUS,
        ReadinessElement.ACTION_PLAN,
        ReadinessElement.VISION,
    ]


@given(values=six_ratings, weak_at=st.integers(min_value=0, max_value=5))
def test_weak_elements_are_exactly_those_at_or_under_the_threshold(
    values: dict[str, int], weak_at: int
) -> None:
    found = diagnose_readiness(assessment(ratings=values), weak_at=weak_at)
    assert {w.element.value for w in found} == {k for k, v in values.items() if v <= weak_at}
    assert [w.rating for w in found] == sorted(w.rating for w in found)
    assert all(w.rating == values[w.element.value] for w in found)


@given(values=six_ratings)
def test_overall_is_the_mean_of_the_six(values: dict[str, int]) -> None:
    score = overall(assessment(ratings=values))
    assert score == pytest.approx(sum(values.values()) / 6)
    assert min(values.values()) <= score <= max(values.values())


def test_trend_is_oldest_first_per_element() -> None:
    later = assessment(date(2026, 4, 1), vision=5, skills=2)
    earlier = assessment(date(2026, 3, 1), vision=2, skills=3)
    lines = trend([later, earlier])
    assert set(lines) == set(ReadinessElement)
    assert lines[ReadinessElement.VISION] == [(date(2026, 3, 1), 2), (date(2026, 4, 1), 5)]
    assert lines[ReadinessElement.SKILLS] == [(date(2026, 3, 1), 3), (date(2026, 4, 1), 2)]


def test_trend_of_nothing_is_empty_lines() -> None:
    assert trend([]) == {element: [] for element in ReadinessElement}


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=365), six_ratings), max_size=8))
def test_trend_keeps_every_rating_in_date_order(points: list[tuple[int, dict[str, int]]]) -> None:
    start = date(2026, 1, 1)
    assessments = [assessment(start + timedelta(days=d), values) for d, values in points]
    lines = trend(assessments)
    for element in ReadinessElement:
        line = lines[element]
        assert len(line) == len(points)
        assert [day for day, _ in line] == sorted(day for day, _ in line)
        assert sorted(r for _, r in line) == sorted(v[element.value] for _, v in points)
