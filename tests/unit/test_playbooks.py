"""Playbooks: the built-in ones load and say what the app relies on; bad files say what is wrong."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from pydantic import ValidationError

from opstui.domain.playbook import (
    FieldSpec,
    FieldType,
    Playbook,
    PlaybookError,
    ProposalSpec,
    builtin_playbooks,
    discover_playbooks,
    load_playbook_file,
    parse_playbook,
)
from opstui.domain.session import FieldValue, ReadinessElement, SessionKind
from opstui.domain.steps import Step
from opstui.domain.voting import Proposal, ProposalSubject, VoteMethod

EXPECTED = {
    "discovery": (SessionKind.DISCOVERY, Step.IDENTIFY_PROBLEM),
    "validation": (SessionKind.VALIDATION, Step.VALIDATE),
    "process-mapping": (SessionKind.PROCESS_MAPPING, Step.PROTOTYPE_AND_EXPAND),
    "pilot": (SessionKind.PILOT, Step.PROTOTYPE_AND_EXPAND),
    "evaluation": (SessionKind.EVALUATION, Step.EVALUATE),
    "readiness": (SessionKind.READINESS, Step.PROTOTYPE_AND_EXPAND),
}

MINIMAL = """\
key = "mine"
title = "Mine"
kind = "custom"
step = 2

[[agenda]]
title = "Talk"
minutes = 10
"""


def builtin(key: str) -> Playbook:
    return {book.key: book for book in builtin_playbooks()}[key]


def problems(text: str) -> dict[str, str]:
    """Parse text that must fail; return its problems as location -> message."""
    with pytest.raises(PlaybookError) as caught:
        parse_playbook(text, "mine.toml")
    assert caught.value.source == "mine.toml"
    return {p.location: p.message for p in caught.value.problems}


# -- the built-in playbooks ---------------------------------------------------------------


def test_every_builtin_playbook_loads_with_a_unique_key() -> None:
    books = builtin_playbooks()
    keys = [book.key for book in books]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(EXPECTED)


def test_every_toml_in_the_package_is_a_builtin_playbook() -> None:
    files = [f for f in resources.files("opstui.playbooks").iterdir() if f.name.endswith(".toml")]
    assert len(files) == len(builtin_playbooks()) == len(EXPECTED)
    # The file is named after the playbook, so a reader finds it.
    assert {f.name.removesuffix(".toml") for f in files} == set(EXPECTED)


def test_builtin_playbooks_come_in_the_order_of_the_method() -> None:
    steps = [int(book.step) for book in builtin_playbooks()]
    assert steps == sorted(steps)


@pytest.mark.parametrize(("key", "kind", "step"), [(k, *v) for k, v in EXPECTED.items()])
def test_builtin_playbook_kind_and_step(key: str, kind: SessionKind, step: Step) -> None:
    book = builtin(key)
    assert book.kind is kind
    assert book.step is step


@pytest.mark.parametrize("key", list(EXPECTED))
def test_builtin_playbook_is_ready_to_facilitate(key: str) -> None:
    book = builtin(key)
    assert book.description
    assert 30 <= book.minutes <= 60
    for item in book.agenda:
        assert item.prompt.strip(), item.title
        assert item.capture.strip(), item.title
        # Line continuations must not leave stray breaks or doubled spaces in read-aloud text.
        assert "\n" not in item.prompt and "  " not in item.prompt, item.title
    assert book.templates, "every built-in playbook has something to fill in"


@pytest.mark.parametrize("key", list(EXPECTED))
def test_builtin_proposals_can_be_put_to_a_vote(key: str) -> None:
    for spec in builtin(key).proposals:
        proposal = Proposal(
            session_id="s",
            title=spec.title,
            method=spec.method,
            pass_rule=spec.pass_rule,
            options=spec.options,
            budget=spec.budget,
            subject=spec.subject,
        )
        assert proposal.method is spec.method


def test_discovery_interview_notes() -> None:
    template = builtin("discovery").template("interview-notes")
    assert template.field("severity").type is FieldType.SCALE
    assert template.field("severity").bounds == (1, 5)
    for key in ("workflow", "pain_points", "root_cause"):
        assert template.field(key).type is FieldType.LONG_TEXT
    titles = " ".join(item.title.lower() for item in builtin("discovery").agenda)
    assert "observe" in titles and "root cause" in titles


def test_validation_votes_on_the_problem_and_each_metric() -> None:
    book = builtin("validation")
    by_key = {p.key: p for p in book.proposals}
    assert by_key["problem-statement"].subject is ProposalSubject.PROBLEM
    assert by_key["metrics"].subject is ProposalSubject.METRIC
    assert {p.method for p in by_key.values()} == {VoteMethod.FIST_OF_FIVE}
    template = book.template("problem-statement")
    assert template.field("problem").required
    assert template.field("baseline").type is FieldType.NUMBER
    assert template.field("target").type is FieldType.NUMBER
    assert template.field("target_date").type is FieldType.DATE


def test_process_mapping_checks_the_four_failure_points() -> None:
    book = builtin("process-mapping")
    fields = book.template("process-check").fields
    assert {f.key for f in fields} == {
        "bottlenecks",
        "redundancies",
        "new_people",
        "dead_ends",
        "changes",
    }
    assert all(f.type is FieldType.LONG_TEXT for f in fields)
    assert [p.method for p in book.proposals] == [VoteMethod.CONSENT]


def test_pilot_decides_the_next_iteration() -> None:
    book = builtin("pilot")
    by_key = {p.key: p for p in book.proposals}
    assert by_key["next-iteration"].subject is ProposalSubject.NEXT_ITERATION
    assert by_key["next-iteration"].method is VoteMethod.CONSENT
    dot = by_key["which-change-first"]
    assert dot.method is VoteMethod.DOT
    assert dot.budget == 3
    assert 3 <= len(dot.options) <= 4
    template = book.template("pilot-review")
    assert template.field("potential").type is FieldType.SCALE
    expand = template.field("ready_to_expand")
    assert expand.choices == ["yes", "not yet", "no"]
    assert expand.parse("Not Yet") == "not yet"


def test_evaluation_templates_have_the_keys_the_rules_read() -> None:
    book = builtin("evaluation")
    satisfaction = book.template("satisfaction")
    for key in ("solution_satisfaction", "rollout_satisfaction"):
        spec = satisfaction.field(key)
        assert spec.type is FieldType.SCALE and spec.required and spec.bounds == (1, 5)
    assert satisfaction.field("comments")
    assert {f.key for f in book.template("lessons").fields} >= {"lessons_learned", "share_with"}
    (share,) = book.proposals
    assert share.key == "share-results" and share.method is VoteMethod.YES_NO


def test_readiness_template_matches_the_readiness_assessment() -> None:
    book = builtin("readiness")
    template = book.template("readiness")
    for element in ReadinessElement:
        spec = template.field(element.value)
        assert spec.type is FieldType.SCALE and spec.required and spec.bounds == (1, 5)
    assert template.field("note").required is False
    titles = [item.title for item in book.agenda]
    for element in ReadinessElement:
        assert element.label in titles


# -- reading a playbook file --------------------------------------------------------------


def test_minimal_playbook_parses_with_defaults() -> None:
    book = parse_playbook(MINIMAL)
    assert book.key == "mine" and book.kind is SessionKind.CUSTOM and book.step is Step(2)
    assert book.minutes == 10
    assert book.templates == [] and book.proposals == []


def test_toml_syntax_error_names_the_line() -> None:
    found = problems('key = "x"\ntitle = \n')
    assert list(found) == ["TOML syntax"]
    assert "line 2" in found["TOML syntax"]


@pytest.mark.parametrize(
    ("extra", "location", "words"),
    [
        ('[[agenda]]\ntitle = "Late"\nminutes = 0\n', "agenda[2].minutes", "greater than"),
        ('[[agenda]]\ntitle = "  "\n', "agenda[2].title", "at least 1"),
        ('[[agenda]]\ntitle = "Odd"\nwho = "me"\n', "agenda[2].who", "not permitted"),
        (
            '[[templates]]\nkey = "t"\ntitle = "T"\n[[templates.fields]]\nkey = "f"\n'
            'label = "F"\ntype = "colour"\n',
            "templates[1].fields[1].type",
            "long-text",
        ),
        (
            '[[templates]]\nkey = "t"\ntitle = "T"\n[[templates.fields]]\nkey = "f"\n'
            'label = "F"\ntype = "choice"\nchoices = ["only"]\n',
            "templates[1].fields[1]",
            "at least two choices",
        ),
        ('[[templates]]\nkey = "t"\ntitle = "T"\nfields = []\n', "templates[1].fields", "1 item"),
        (
            '[[templates]]\nkey = "Bad Key"\ntitle = "T"\n[[templates.fields]]\nkey = "f"\n'
            'label = "F"\n',
            "templates[1].key",
            "pattern",
        ),
        (
            '[[proposals]]\nkey = "p"\ntitle = "P"\nmethod = "dot"\n',
            "proposals[1]",
            "at least two options",
        ),
        (
            '[[proposals]]\nkey = "p"\ntitle = "P"\npass_rule = "majority"\n',
            "proposals[1]",
            "no pass rule for Fist of five",
        ),
    ],
)
def test_schema_errors_name_their_field(extra: str, location: str, words: str) -> None:
    found = problems(MINIMAL + extra)
    assert location in found, found
    assert words in found[location]


def test_every_problem_is_reported_at_once() -> None:
    found = problems('key = "x"\ntitle = "X"\nkind = "party"\nstep = 9\nagenda = []\n')
    assert set(found) == {"kind", "step", "agenda"}


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (
            '[[templates]]\nkey = "t"\ntitle = "T"\n[[templates.fields]]\nkey = "f"\nlabel = "F"\n'
            '[[templates]]\nkey = "t"\ntitle = "U"\n[[templates.fields]]\nkey = "f"\n'
            'label = "F"\n',
            "template key 't' is used twice",
        ),
        (
            '[[proposals]]\nkey = "p"\ntitle = "P"\n[[proposals]]\nkey = "p"\ntitle = "Q"\n',
            "proposal key 'p' is used twice",
        ),
        (
            '[[templates]]\nkey = "t"\ntitle = "T"\n[[templates.fields]]\nkey = "f"\nlabel = "F"\n'
            '[[templates.fields]]\nkey = "f"\nlabel = "G"\n',
            "field key 'f' is used twice",
        ),
    ],
)
def test_duplicate_keys_are_refused(extra: str, words: str) -> None:
    found = problems(MINIMAL + extra)
    assert any(words in message for message in found.values()), found


def test_playbook_error_says_source_and_every_problem() -> None:
    with pytest.raises(PlaybookError) as caught:
        parse_playbook('key = "x"\ntitle = "X"\nkind = "party"\nstep = 9\nagenda = []\n', "a.toml")
    text = str(caught.value)
    assert text.startswith("a.toml: ")
    assert "kind:" in text and "step:" in text and "agenda:" in text


def test_load_playbook_file_reads_and_reports_unreadable_files(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(MINIMAL, encoding="utf-8")
    assert load_playbook_file(good).key == "mine"
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00not text")
    with pytest.raises(PlaybookError, match="cannot read"):
        load_playbook_file(binary)
    with pytest.raises(PlaybookError, match="cannot read"):
        load_playbook_file(tmp_path / "missing.toml")


# -- proposals in a playbook --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"method": "dot", "options": ["A", "B"], "budget": 3}, True),
        ({"method": "dot", "options": ["A"], "budget": 3}, False),
        ({"method": "dot", "options": ["A", "a"], "budget": 3}, False),
        ({"method": "dot", "options": ["A", "B"]}, False),
        ({"method": "consent", "options": ["A", "B"]}, False),
        ({"method": "consent", "pass_rule": "unanimous"}, True),
        ({"method": "yes-no", "pass_rule": "all-at-least-3"}, False),
        ({"method": "fist-of-five", "pass_rule": "average-at-least-3"}, True),
        ({"method": "dot", "options": ["A", "B"], "budget": 1, "pass_rule": "majority"}, False),
    ],
)
def test_proposal_spec_fits_its_method(fields: dict[str, object], ok: bool) -> None:
    data = {"key": "p", "title": "P", **fields}
    if ok:
        ProposalSpec.model_validate(data)
    else:
        with pytest.raises(ValidationError):
            ProposalSpec.model_validate(data)


# -- template fields ------------------------------------------------------------------------


def spec(type_: FieldType, **extra: object) -> FieldSpec:
    return FieldSpec.model_validate({"key": "f", "label": "Field", "type": type_, **extra})


CHOICES = {"choices": ["yes", "not yet", "no"]}


@pytest.mark.parametrize(
    ("type_", "extra", "raw", "value"),
    [
        (FieldType.TEXT, {}, "  hello  ", "hello"),
        (FieldType.TEXT, {}, "[bold]x[/]", "[bold]x[/]"),
        (FieldType.LONG_TEXT, {}, "line one\n  line two\n", "line one\n  line two\n"),
        (FieldType.CHOICE, CHOICES, "yes", "yes"),
        (FieldType.CHOICE, CHOICES, " NOT YET ", "not yet"),
        (FieldType.SCALE, {}, "1", 1),
        (FieldType.SCALE, {}, " 5 ", 5),
        (FieldType.SCALE, {"min": 0, "max": 10}, "0", 0),
        (FieldType.SCALE, {"min": 0, "max": 10}, "10", 10),
        (FieldType.NUMBER, {}, "42", 42),
        (FieldType.NUMBER, {}, "2.0", 2),
        (FieldType.NUMBER, {}, "-3.25", -3.25),
        (FieldType.NUMBER, {}, "1e3", 1000),
        (FieldType.NUMBER, {"min": 0}, "0", 0),
        (FieldType.NUMBER, {"min": 0, "max": 100}, "99.5", 99.5),
        (FieldType.DATE, {}, "2026-03-31", "2026-03-31"),
        (FieldType.DATE, {}, " 2026-01-02 ", "2026-01-02"),
        (FieldType.TEXT, {}, "", None),
        (FieldType.SCALE, {}, "   ", None),
        (FieldType.DATE, {}, "", None),
    ],
)
def test_field_parse_accepts(
    type_: FieldType, extra: dict[str, object], raw: str, value: FieldValue
) -> None:
    parsed = spec(type_, **extra).parse(raw)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize(
    ("type_", "extra", "raw", "words"),
    [
        (FieldType.TEXT, {"required": True}, "   ", "required"),
        (FieldType.LONG_TEXT, {"required": True}, "\n\n", "required"),
        (FieldType.CHOICE, CHOICES, "maybe", "choose one of yes, not yet, no"),
        (FieldType.SCALE, {}, "0", "between 1 and 5"),
        (FieldType.SCALE, {}, "6", "between 1 and 5"),
        (FieldType.SCALE, {}, "3.5", "whole number"),
        (FieldType.SCALE, {}, "three", "whole number"),
        (FieldType.SCALE, {"required": True}, "", "required"),
        (FieldType.NUMBER, {}, "abc", "must be a number"),
        (FieldType.NUMBER, {}, "nan", "finite"),
        (FieldType.NUMBER, {}, "inf", "finite"),
        (FieldType.NUMBER, {}, "-1e400", "finite"),
        (FieldType.NUMBER, {"min": 0}, "-1", "at least 0"),
        (FieldType.NUMBER, {"min": 0, "max": 1.5}, "2", "between 0 and 1.5"),
        (FieldType.DATE, {}, "31/03/2026", "date like"),
        (FieldType.DATE, {}, "2026-02-30", "date like"),
        (FieldType.DATE, {"required": True}, " ", "required"),
    ],
)
def test_field_parse_refuses(
    type_: FieldType, extra: dict[str, object], raw: str, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        spec(type_, **extra).parse(raw)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"type": "choice", "choices": ["one"]}, "at least two choices"),
        ({"type": "choice"}, "at least two choices"),
        ({"type": "text", "choices": ["a", "b"]}, "only a choice field"),
        ({"type": "number", "min": 5, "max": 1}, "min is larger than max"),
        ({"type": "text", "key": "Has Space"}, "pattern"),
        ({"type": "text", "key": "-leading"}, "pattern"),
        ({"type": "text", "label": "   "}, "at least 1"),
        ({"type": "slider"}, "Input should be"),
    ],
)
def test_field_spec_refuses_inconsistent_definitions(data: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        FieldSpec.model_validate({"key": "f", "label": "F", **data})


@pytest.mark.parametrize(
    ("type_", "extra", "bounds"),
    [
        (FieldType.SCALE, {}, (1, 5)),
        (FieldType.SCALE, {"min": 0, "max": 10}, (0, 10)),
        (FieldType.NUMBER, {}, (None, None)),
        (FieldType.NUMBER, {"max": 9}, (None, 9)),
    ],
)
def test_field_bounds(
    type_: FieldType, extra: dict[str, object], bounds: tuple[float | None, float | None]
) -> None:
    assert spec(type_, **extra).bounds == bounds


# -- finding playbooks ---------------------------------------------------------------------


def test_discover_without_a_custom_folder_lists_the_builtins() -> None:
    for folder in (None, Path("/nonexistent/opstui/playbooks")):
        entries = discover_playbooks(folder)
        assert [e.playbook.key for e in entries if e.playbook] == [
            b.key for b in builtin_playbooks()
        ]
        assert all(e.builtin and e.error is None for e in entries)


def test_discover_lists_broken_custom_files_without_raising(tmp_path: Path) -> None:
    (tmp_path / "a-good.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b-syntax.toml").write_text("key = [broken", encoding="utf-8")
    (tmp_path / "c-schema.toml").write_text(MINIMAL.replace("step = 2", "step = 7"), "utf-8")
    (tmp_path / "d-binary.toml").write_bytes(b"\xff\xfe")
    (tmp_path / "notes.txt").write_text("not a playbook", encoding="utf-8")

    entries = discover_playbooks(tmp_path)
    custom = [e for e in entries if not e.builtin]
    assert len(entries) == len(EXPECTED) + 4
    assert [Path(e.source).name for e in custom] == [
        "a-good.toml",
        "b-syntax.toml",
        "c-schema.toml",
        "d-binary.toml",
    ]
    good, syntax, schema, binary = custom
    assert good.playbook is not None and good.playbook.key == "mine" and good.error is None
    for broken in (syntax, schema, binary):
        assert broken.playbook is None and broken.error is not None
    assert syntax.error is not None and "line 1" in str(syntax.error)
    assert schema.error is not None and [p.location for p in schema.error.problems] == ["step"]
    assert binary.error is not None and "cannot read" in str(binary.error)


def test_scale_with_impossible_bounds_is_refused() -> None:
    with pytest.raises(ValueError, match="min is larger than max"):
        FieldSpec(key="s", label="S", type=FieldType.SCALE, min=6)


def test_schema_problems_read_without_pydantic_prefix() -> None:
    with pytest.raises(PlaybookError) as caught:
        parse_playbook(
            'key = "k"\ntitle = "T"\nkind = "custom"\nstep = 1\n[[agenda]]\ntitle = "A"\n'
            '[[proposals]]\nkey = "p"\ntitle = "P"\nmethod = "dot"\n'
        )
    assert all(not p.message.startswith("Value error") for p in caught.value.problems)
