"""The results report ("you said → we did"): golden files per group, anonymity, structure.

Regenerate the golden files after a deliberate change with

    OPSTUI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_results_report.py

and read the diff before keeping it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from opstui.db.store import Store, load_facts
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Group
from opstui.domain.metrics import Cohort, describe_progress, progress
from opstui.domain.results_report import (
    Topic,
    group_named,
    report_groups,
    results_of,
    satisfaction_topic,
)
from opstui.export.bundle import PeopleNames
from opstui.export.results_report import render_results
from tests.unit.results_world import ANONYMOUS_TEXT, HOSTILE, TODAY, build_results_world

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("OPSTUI_UPDATE_GOLDEN") == "1"
NAMES = ("Ana Alvarez", "Ben Okafor")


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InitiativeFacts]:
    with Store.open(tmp_path_factory.mktemp("results") / "results.db") as store:
        world = build_results_world(store)
        yield load_facts(store, world.initiative_id, today=TODAY)


def rendered(facts: InitiativeFacts, group: Group | None, fmt: str = "md") -> str:
    people = PeopleNames(facts.people, anonymize=False)
    return render_results(results_of(facts, group), people, fmt)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize(
    ("group", "name"),
    [
        (None, "results-everyone.md"),
        (Group.PRODUCT, "results-product.md"),
        (Group.ENGINEERING, "results-engineering.md"),
        (None, "results-everyone.json"),
    ],
)
def test_golden_report_per_group(facts: InitiativeFacts, group: Group | None, name: str) -> None:
    check_golden(name, rendered(facts, group, name.rpartition(".")[2]))


def test_a_group_report_holds_its_own_remarks_and_never_the_anonymous_one(
    facts: InitiativeFacts,
) -> None:
    product = rendered(facts, Group.PRODUCT)
    engineering = rendered(facts, Group.ENGINEERING)
    assert "Ana Alvarez" in product and "Ben Okafor" not in product
    assert "Ben Okafor" in engineering and "Ana Alvarez" not in engineering
    for text in (product, engineering, rendered(facts, Group.PRODUCT, "json")):
        assert "Night shifts" not in text
        assert "night shifts" not in text  # nor what came of it, which would point at it


def test_the_anonymous_remark_is_in_everyone_s_report_next_to_no_name(
    facts: InitiativeFacts,
) -> None:
    everyone = rendered(facts, None)
    [line] = [line for line in everyone.splitlines() if "Night shifts" in line]
    assert not any(name in line for name in NAMES)
    assert "Engineering" not in line and "Product" not in line and "2026" not in line
    # It sits under its own heading, not under a group's.
    heading = everyone[: everyone.index(ANONYMOUS_TEXT)].rpartition("\n### ")[2]
    assert heading.startswith("Said anonymously")
    assert "The rollout plan now covers night shifts" in everyone

    data = json.loads(rendered(facts, None, "json"))
    [anonymous] = data["heard_anonymously"]
    assert anonymous["text"] == ANONYMOUS_TEXT
    assert set(anonymous) == {"kind", "sentiment", "text", "done"}
    assert all(r["text"] != ANONYMOUS_TEXT for r in data["heard"])


def test_json_parses_back_with_what_the_markdown_says(facts: InitiativeFacts) -> None:
    data = json.loads(rendered(facts, Group.PRODUCT, "json"))
    assert data["group"] == "product"
    [heard] = data["heard"]
    assert heard["text"] == HOSTILE and heard["speaker"] == "Ana Alvarez"
    assert [d["what"] for d in heard["done"]] == ["decision", "action"]
    assert heard["done"][1]["done"] is True
    cohorts = [c["cohort"] for c in data["outcome"]["cohorts"]]
    assert cohorts == ["all", "adopters", "non-adopters"]
    # Engineering's results message was sent; the one to everyone is still planned.
    assert [m["status"] for m in data["results_messages"]] == ["planned"]
    assert json.loads(rendered(facts, Group.ENGINEERING, "json"))["results_messages"][0] == {
        "audience": "Engineering",
        "channel": "#eng-all",
        "planned_on": None,
        "sent_on": "2026-05-25",
        "status": "sent",
    }


def test_hostile_text_leaves_the_markdown_structure_intact(facts: InitiativeFacts) -> None:
    tokens = MarkdownIt("commonmark").parse(rendered(facts, Group.PRODUCT))
    headings = [tokens[n + 1].content for n, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Results: Quick interviews",
        "What you told us, and what we did",
        "The outcome",
        "How satisfied people are",
        "Lessons learned",
        "What we will do differently",
        "Sharing these results",
    ]
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "html_inline", "link_open", "em_open", "strong_open"} - {
        "strong_open"  # the overview's labels are bold on purpose
    }
    html = MarkdownIt("commonmark").render(rendered(facts, Group.PRODUCT))
    assert "<a " not in html and "<b>" not in html and "<em>" not in html
    assert "# Heading? | *bold* [link](javascript:alert(1)) &lt;b&gt;html&lt;/b&gt;" in html


def test_the_outcome_uses_the_one_rule_of_progress(facts: InitiativeFacts) -> None:
    report = results_of(facts)
    assert report.outcome is not None
    metric = report.outcome.metric
    for shown in report.outcome.cohorts:
        expected = progress(metric, facts.readings_of(metric), cohort=shown.cohort, today=TODAY)
        assert shown.progress == expected
        assert shown.sentence == describe_progress(metric, expected)
    assert [c.cohort for c in report.outcome.cohorts] == [
        Cohort.ALL,
        Cohort.ADOPTERS,
        Cohort.NON_ADOPTERS,
    ]


def test_satisfaction_reads_sentiment_metrics_and_the_remarks(facts: InitiativeFacts) -> None:
    scores = {s.topic: s for s in results_of(facts).satisfaction}
    assert scores[Topic.ROLLOUT].label == "Rollout pulse" and scores[Topic.ROLLOUT].value == 3.5
    assert scores[Topic.REMARKS].count == 4  # the anonymous remark counts for everyone
    product = {s.topic: s for s in results_of(facts, Group.PRODUCT).satisfaction}
    assert product[Topic.REMARKS].count == 1 and product[Topic.REMARKS].value == 2


def test_what_we_will_do_differently_comes_from_the_lessons_answer(
    facts: InitiativeFacts,
) -> None:
    assert results_of(facts).do_differently == ("Announce it earlier",)


def test_groups_are_named_by_value_or_label() -> None:
    assert group_named("go-to-market") is Group.GO_TO_MARKET
    assert group_named("Go to Market") is Group.GO_TO_MARKET
    assert group_named(" ENGINEERING ") is Group.ENGINEERING
    assert group_named("sales") is None


def test_the_report_groups_are_the_affected_ones(facts: InitiativeFacts) -> None:
    assert report_groups(facts) == [Group.PRODUCT, Group.ENGINEERING]


@pytest.mark.parametrize(
    ("name", "topic"),
    [
        ("Rollout pulse", Topic.ROLLOUT),
        ("Value of the session", Topic.SESSIONS),
        ("Happy with the calendar", Topic.SOLUTION),
    ],
)
def test_a_sentiment_metric_s_topic_comes_from_its_name(name: str, topic: Topic) -> None:
    from opstui.domain.metrics import Metric, MetricKind

    metric = Metric(initiative_id="i", name=name, kind=MetricKind.SENTIMENT)
    assert satisfaction_topic(metric) is topic
