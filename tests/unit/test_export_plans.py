"""The initiative report's options, chosen solution and plans: in Markdown and JSON, with
what people typed kept as text, and a plain line where nothing is recorded."""

from __future__ import annotations

import json

import pytest

from opstui.domain.buy_in import CommItem, LearningPath
from opstui.export import InitiativeBundle, render_initiative
from opstui.export.initiative_plans import NOT_RECORDED
from tests.unit.test_export_markdown import (
    BASELINE,
    NASTY,
    Sample,
    inline_texts,
    report_of,
    sample,
    seen_as,
    structure,
    table_widths,
)

PLAN_HEADINGS = [
    "## Options considered",
    "## Chosen solution",
    "## Rollout plan",
    "## Communication plan",
    "## Learning plan",
]


def section(report: str, heading: str) -> str:
    """The text under ``heading``, up to the next second-level heading."""
    rest = report.split(heading + "\n", 1)[1]
    return rest.split("\n## ", 1)[0]


def json_of(data: Sample) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        render_initiative(InitiativeBundle(data.facts, {"custom": data.playbook}), "json")
    )
    return loaded


def test_the_plans_show_their_words_and_their_records() -> None:
    report = report_of(BASELINE)
    for heading in PLAN_HEADINGS:
        assert "plain words" in section(report, heading), heading
    messages = section(report, "## Communication plan")
    assert "| To | Channel | Why | Planned | Status | Draft |" in messages
    # To a cohort (by its name) and sent; to everyone, unplanned.
    assert (
        "| plain words | plain words | results | 2026-06-01 | sent 2026-06-01 | plain words |"
        in messages
    )
    assert "| Everyone | Channel plain words | update | – | planned | plain words |" in messages
    learning = section(report, "## Learning plan")
    assert "| Kind | Way to learn | For | When | Owner | Link |" in learning
    assert (
        "| office hours | plain words | Design | plain words, Slot plain words "
        "| P2 plain words | Link plain words |" in learning
    )


def test_an_empty_plan_says_so_in_one_line() -> None:
    data = sample("plain words")
    initiative = data.facts.initiative
    for name in (
        "options_considered",
        "chosen_solution",
        "rollout_plan",
        "communication_plan",
        "learning_support",
    ):
        setattr(initiative, name, "")
    data.facts.comm_items = []
    data.facts.learning_paths = []
    report = report_of(data)
    for heading in PLAN_HEADINGS:
        assert section(report, heading).strip() == NOT_RECORDED, heading


def test_records_without_words_show_just_the_table() -> None:
    data = sample("plain words")
    data.facts.initiative.communication_plan = ""
    data.facts.learning_paths = []
    report = report_of(data)
    messages = section(report, "## Communication plan").strip()
    assert messages.startswith("| To |") and NOT_RECORDED not in messages
    learning = section(report, "## Learning plan").strip()
    assert learning == "plain words"


@pytest.mark.parametrize("text", NASTY)
def test_hostile_text_in_the_plans_stays_text(text: str) -> None:
    data = sample(text)
    report = report_of(data)
    baseline = report_of(BASELINE)
    expected = seen_as(text)
    for heading in PLAN_HEADINGS:
        mine, theirs = section(report, heading), section(baseline, heading)
        assert structure(mine) == structure(theirs), heading
        assert table_widths(mine) == table_widths(theirs), heading
        if expected:
            seen = [s.replace("http://www.", "www.") for s in inline_texts(mine)]
            assert any(expected in s for s in seen), (heading, mine)
    assert not any(c in report for c in "\x00\x07\x1b\x85")


def test_json_holds_the_plans_and_their_records_back() -> None:
    data = json_of(BASELINE)
    initiative = data["initiative"]
    assert isinstance(initiative, dict)
    for name in ("options_considered", "rollout_plan", "communication_plan", "learning_support"):
        assert initiative[name] == "plain words"
    messages = data["comm_items"]
    assert isinstance(messages, list)
    assert [m["audience"] for m in messages] == ["plain words", "Everyone"]
    assert [CommItem.model_validate(m["item"]).id for m in messages] == ["m1", "m2"]
    paths = data["learning_paths"]
    assert isinstance(paths, list)
    assert [LearningPath.model_validate(p["path"]).id for p in paths] == ["l1"]
    assert paths[0]["audience"] == "Design"
    people = data["people"]
    assert isinstance(people, dict) and "p2" in people  # the way to learn's owner


def test_json_of_no_plans_has_empty_lists() -> None:
    data = sample("plain words")
    data.facts.comm_items = []
    data.facts.learning_paths = []
    loaded = json_of(data)
    assert loaded["comm_items"] == [] and loaded["learning_paths"] == []
