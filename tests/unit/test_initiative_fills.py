"""Template fields that fill the initiative: what may be named, what fits it, what a value does."""

from __future__ import annotations

from datetime import date

import pytest

from opstui.domain.initiative import Initiative
from opstui.domain.initiative_fills import (
    INITIATIVE_TEXTS,
    UNRATED,
    InitiativeFill,
    apply_fill,
    check_fills,
    fill_target,
    prefilled,
)
from opstui.domain.playbook import (
    FieldType,
    PlaybookError,
    TemplateSpec,
    builtin_playbooks,
    parse_playbook,
)
from opstui.domain.readiness import latest_assessment
from opstui.domain.session import FieldValue, ReadinessAssessment, ReadinessElement

SESSION = "session-now"
TODAY = date(2026, 3, 9)

PLAYBOOK = """\
key = "mine"
title = "Mine"
kind = "custom"
step = 1

[[agenda]]
title = "Talk"

[[templates]]
key = "sheet"
title = "Sheet"
"""


def with_field(field: str) -> str:
    return PLAYBOOK + f'[[templates.fields]]\nkey = "f"\nlabel = "F"\n{field}\n'


def problems(text: str) -> dict[str, str]:
    with pytest.raises(PlaybookError) as caught:
        parse_playbook(text)
    return {p.location: p.message for p in caught.value.problems}


def assessment(on: date, session_id: str | None = None, **ratings: int) -> ReadinessAssessment:
    values = {e.value: 4 for e in ReadinessElement} | ratings
    return ReadinessAssessment.model_validate(
        {"initiative_id": "ini", "session_id": session_id, "assessed_on": on, **values}
    )


def template(*fields: tuple[str, str, str | None]) -> TemplateSpec:
    return TemplateSpec.model_validate(
        {
            "key": "t",
            "title": "T",
            "fields": [
                {"key": key, "label": key, "type": kind, "fills": fills}
                for key, kind, fills in fields
            ],
        }
    )


# -- what a playbook may say ----------------------------------------------------------------


@pytest.mark.parametrize("name", INITIATIVE_TEXTS)
@pytest.mark.parametrize("kind", ["text", "long-text"])
def test_a_text_field_fills_any_initiative_text(name: str, kind: str) -> None:
    book = parse_playbook(with_field(f'type = "{kind}"\nfills = "{name}"'))
    assert book.template("sheet").field("f").fills == name
    assert fill_target(name) == name


@pytest.mark.parametrize("element", list(ReadinessElement))
def test_a_scale_from_one_to_five_fills_a_readiness_element(element: ReadinessElement) -> None:
    book = parse_playbook(with_field(f'type = "scale"\nfills = "readiness.{element.value}"'))
    assert book.template("sheet").field("f").fills == f"readiness.{element.value}"
    assert fill_target(f"readiness.{element.value}") is element


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ('type = "text"\nfills = "root_caus"', "'root_caus' is nothing a field can fill"),
        ('type = "text"\nfills = "title"', "root_cause"),  # the title is no fill-in's
        ('type = "text"\nfills = "step"', "use one of the initiative's texts"),
        ('type = "scale"\nfills = "readiness.vison"', "not a readiness element"),
        ('type = "scale"\nfills = "readiness."', "readiness.action_plan"),
        ('type = "scale"\nfills = "root_cause"', "root cause is text"),
        ('type = "number"\nfills = "vision"', "must be text or long-text, not number"),
        ('type = "choice"\nchoices = ["a", "b"]\nfills = "problem"', "not choice"),
        ('type = "text"\nfills = "readiness.vision"', "must be a scale from 1 to 5"),
        ('type = "long-text"\nfills = "readiness.skills"', "not a long-text field"),
        ('type = "scale"\nmax = 10\nfills = "readiness.vision"', "a scale of other bounds"),
        ('type = "scale"\nmin = 0\nfills = "readiness.vision"', "a scale of other bounds"),
    ],
)
def test_a_field_that_cannot_fill_what_it_names_is_refused_clearly(field: str, words: str) -> None:
    found = problems(with_field(field))
    assert list(found) == ["templates[1].fields[1]"], found
    assert words in found["templates[1].fields[1]"]


def test_two_fields_of_one_template_may_not_fill_the_same_thing() -> None:
    text = (
        with_field('type = "text"\nfills = "vision"')
        + '[[templates.fields]]\nkey = "g"\nlabel = "G"\ntype = "long-text"\nfills = "vision"\n'
    )
    found = problems(text)
    assert "'vision' is used twice" in found["templates[1]"]


def test_check_fills_takes_the_scale_bounds_it_is_given() -> None:
    check_fills("readiness.vision", FieldType.SCALE, (1, 5))
    with pytest.raises(ValueError, match="scale from 1 to 5"):
        check_fills("readiness.vision", FieldType.SCALE, (1, 10))


# -- what the form starts with ---------------------------------------------------------------


def test_fields_start_with_the_initiative_text_and_the_latest_rating() -> None:
    initiative = Initiative(title="I", root_cause="No shared calendar\nfor research", vision="")
    sheet = template(
        ("cause", "long-text", "root_cause"),
        ("vision", "long-text", "vision"),
        ("skills", "scale", "readiness.skills"),
        ("note", "text", None),
    )
    older = assessment(date(2026, 1, 1), skills=1)
    newer = assessment(date(2026, 2, 1), skills=2)
    values = prefilled(sheet, initiative, [newer, older], SESSION)
    # An empty text is no value to start from.
    assert values == {"cause": "No shared calendar\nfor research", "skills": 2}
    assert prefilled(sheet, initiative, [], SESSION) == {
        "cause": "No shared calendar\nfor research"
    }
    # A one-line field shows the text on one line.
    line = template(("cause_line", "text", "root_cause"))
    assert prefilled(line, initiative, [], SESSION) == {
        "cause_line": "No shared calendar for research"
    }


def test_the_sessions_own_ratings_come_first_then_the_latest() -> None:
    sheet = template(("skills", "scale", "readiness.skills"))
    ours = assessment(date(2026, 1, 1), SESSION, skills=5)
    later = assessment(date(2026, 2, 1), "other", skills=1)
    assert prefilled(sheet, Initiative(title="I"), [ours, later], SESSION) == {"skills": 5}
    assert prefilled(sheet, Initiative(title="I"), [later, ours], "third") == {"skills": 1}


def test_the_latest_assessment_of_one_day_is_the_one_stored_later() -> None:
    first = assessment(TODAY, "a", vision=1)
    second = assessment(TODAY, "b", vision=2)
    assert latest_assessment([first, second]) is second
    later = assessment(date(2026, 4, 1))
    assert latest_assessment([later, first, second]) is later
    assert latest_assessment([]) is None


# -- what a value saved does -----------------------------------------------------------------


def fill(
    fills: str | None,
    value: FieldValue,
    initiative: Initiative | None = None,
    assessments: list[ReadinessAssessment] | None = None,
) -> InitiativeFill:
    return apply_fill(
        fills,
        value,
        initiative=initiative or Initiative(id="ini", title="I"),
        assessments=assessments or [],
        session_id=SESSION,
        assessed_on=TODAY,
    )


def test_a_text_sets_the_initiatives_text_and_nothing_else() -> None:
    initiative = Initiative(id="ini", title="I", problem="Old", vision="Kept")
    filled = fill("problem", "Interviews take days to book", initiative)
    assert filled.initiative is not None and filled.assessment is None
    assert filled.initiative.problem == "Interviews take days to book"
    assert filled.initiative.model_dump(exclude={"problem"}) == initiative.model_dump(
        exclude={"problem"}
    )


def test_an_emptied_text_empties_the_initiatives_and_the_same_text_changes_nothing() -> None:
    initiative = Initiative(id="ini", title="I", root_cause="Old")
    emptied = fill("root_cause", None, initiative)
    assert emptied.initiative is not None and emptied.initiative.root_cause == ""
    assert fill("root_cause", "Old", initiative).initiative is None
    assert fill(None, "anything", initiative) == fill(None, None, initiative)
    assert fill(None, "anything", initiative).initiative is None


def test_the_first_rating_makes_the_sessions_assessment_from_the_latest_earlier() -> None:
    earlier = assessment(date(2026, 1, 5), "old", vision=2, consensus=1, skills=5)
    oldest = assessment(date(2025, 12, 1), "older", vision=5, consensus=5)
    filled = fill("readiness.consensus", 4, assessments=[earlier, oldest])
    made = filled.assessment
    assert filled.new_assessment and made is not None and filled.initiative is None
    assert made.session_id == SESSION and made.initiative_id == "ini"
    assert made.assessed_on == TODAY
    assert (made.vision, made.consensus, made.skills) == (2, 4, 5)


def test_with_no_earlier_assessment_the_unrated_elements_take_the_middle() -> None:
    made = fill("readiness.action_plan", 1).assessment
    assert made is not None
    assert made.action_plan == 1
    assert {made.rating(e) for e in ReadinessElement if e.value != "action_plan"} == {UNRATED}


def test_later_ratings_change_the_sessions_own_assessment() -> None:
    ours = assessment(TODAY, SESSION, resources=2)
    filled = fill("readiness.resources", 5, assessments=[ours, assessment(TODAY, "x")])
    assert not filled.new_assessment and filled.assessment is not None
    assert filled.assessment.id == ours.id and filled.assessment.resources == 5
    assert fill("readiness.resources", 2, assessments=[ours]).assessment is None
    # A rating cannot be emptied: the assessment keeps it.
    assert fill("readiness.resources", None, assessments=[ours]).assessment is None


@pytest.mark.parametrize("value", [0, 6, 2.5, "3"])
def test_a_rating_off_the_scale_is_refused(value: FieldValue) -> None:
    with pytest.raises(ValueError):
        fill("readiness.vision", value)


# -- the built-in playbooks ------------------------------------------------------------------


def test_builtin_templates_fill_what_the_method_asks_of_their_step() -> None:
    books = {book.key: book for book in builtin_playbooks()}

    def fills(book: str, template: str) -> dict[str, str]:
        spec = books[book].template(template)
        return {f.key: f.fills for f in spec.fields if f.fills}

    # Step 1's output is the root cause; validation confirms problem, cause and vision;
    # evaluation ends with lessons learned; the readiness check rates the six elements.
    assert fills("discovery", "interview-notes") == {"root_cause": "root_cause"}
    assert fills("validation", "problem-statement") == {
        "problem": "problem",
        "root_cause": "root_cause",
        "vision": "vision",
    }
    assert fills("evaluation", "lessons") == {"lessons_learned": "lessons_learned"}
    assert fills("readiness", "readiness") == {
        e.value: f"readiness.{e.value}" for e in ReadinessElement
    }
