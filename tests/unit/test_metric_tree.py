"""The metric tree: which links a leading indicator may make, and the tree's order."""

from __future__ import annotations

import pytest

from opstui.domain.metric_tree import (
    BRANCH,
    LAST_BRANCH,
    leading_of,
    link_problem,
    predictable_targets,
    predicted,
    tree,
    tree_prefix,
)
from opstui.domain.metrics import Metric, MetricKind

INITIATIVE = "i-1"


def metric(name: str, kind: MetricKind, predicts: Metric | None = None, **more: object) -> Metric:
    return Metric(
        initiative_id=str(more.pop("initiative_id", INITIATIVE)),
        name=name,
        kind=kind,
        predicts_id=predicts.id if predicts else None,
        **more,
    )


def test_a_leading_indicator_may_predict_an_outcome_or_a_sentiment_metric() -> None:
    outcome = metric("On-time releases", MetricKind.OUTCOME)
    mood = metric("How reps feel", MetricKind.SENTIMENT)
    for target in (outcome, mood):
        lead = metric("Mentions in BDR calls", MetricKind.LEADING, target)
        assert link_problem(lead, [outcome, mood]) is None


@pytest.mark.parametrize("kind", [MetricKind.LEADING, MetricKind.USAGE])
def test_a_leading_indicator_cannot_predict_a_leading_or_usage_metric(kind: MetricKind) -> None:
    target = metric("Other", kind)
    lead = metric("Mentions", MetricKind.LEADING, target)
    problem = link_problem(lead, [target])
    assert problem is not None and "predicts an outcome or a sentiment metric" in problem


@pytest.mark.parametrize("kind", [MetricKind.OUTCOME, MetricKind.SENTIMENT, MetricKind.USAGE])
def test_only_a_leading_indicator_predicts(kind: MetricKind) -> None:
    outcome = metric("On-time releases", MetricKind.OUTCOME)
    other = metric("Other", kind, outcome)
    problem = link_problem(other, [outcome])
    assert problem is not None and "only a leading indicator predicts" in problem


def test_the_predicted_metric_must_be_of_the_same_initiative() -> None:
    elsewhere = metric("Outcome elsewhere", MetricKind.OUTCOME, initiative_id="i-2")
    lead = metric("Mentions", MetricKind.LEADING, elsewhere)
    assert link_problem(lead, [elsewhere]) == (
        "the metric it predicts is not one of this initiative's metrics"
    )
    assert link_problem(lead, []) is not None  # gone


def test_an_outcome_predicted_by_others_cannot_change_kind() -> None:
    outcome = metric("On-time releases", MetricKind.OUTCOME)
    lead = metric("Mentions", MetricKind.LEADING, outcome)
    changed = outcome.model_copy(update={"kind": MetricKind.LEADING})
    problem = link_problem(changed, [outcome, lead])
    assert problem is not None and "“Mentions” predicts “On-time releases”" in problem
    # Unlinked, the change is fine.
    unlinked = lead.model_copy(update={"predicts_id": None})
    assert link_problem(changed, [outcome, unlinked]) is None


def test_a_cycle_in_a_file_changed_by_hand_is_named() -> None:
    outcome = metric("On-time releases", MetricKind.OUTCOME)
    lead = metric("Mentions", MetricKind.LEADING, outcome)
    # Stored by hand: the outcome points back at the indicator.
    looped = outcome.model_copy(update={"predicts_id": lead.id})
    problem = link_problem(lead, [looped, lead])
    assert problem is not None and "cycle" in problem
    # The tree still draws: the link the rule refuses leaves both unlinked or rooted.
    assert {m.id for m in tree([looped, lead]).ordered()} == {looped.id, lead.id}


def test_the_tree_hangs_leading_indicators_under_their_outcome() -> None:
    usage = metric("Logins", MetricKind.USAGE)
    outcome = metric("On-time releases", MetricKind.OUTCOME)
    main = metric("Deals with the feature", MetricKind.OUTCOME, primary=True)
    lone = metric("Reps able to demo", MetricKind.LEADING)
    a = metric("Mentions in BDR calls", MetricKind.LEADING, main)
    b = metric("Mentions in quotes", MetricKind.LEADING, main)
    c = metric("Late schedule changes", MetricKind.LEADING, outcome)
    metrics = [usage, outcome, c, lone, a, main, b]
    found = tree(metrics)
    # The primary metric's branch first, then the others', then the rest as stored.
    assert [(m.name, depth, last) for m, depth, last in found.rows()] == [
        ("Deals with the feature", 0, False),
        ("Mentions in BDR calls", 1, False),
        ("Mentions in quotes", 1, True),
        ("On-time releases", 0, False),
        ("Late schedule changes", 1, True),
        ("Logins", 0, False),
        ("Reps able to demo", 0, False),
    ]
    assert leading_of(main, metrics) == [a, b]
    assert predicted(c, metrics) == outcome
    assert predicted(lone, metrics) is None
    assert tree_prefix(0, False) == ""
    assert tree_prefix(1, False) == BRANCH and tree_prefix(1, True) == LAST_BRANCH


def test_a_dangling_link_leaves_the_indicator_unlinked() -> None:
    gone = metric("Deleted", MetricKind.OUTCOME)
    lead = metric("Mentions", MetricKind.LEADING, gone)
    found = tree([lead])
    assert found.branches == () and found.unlinked == (lead,)


def test_the_form_offers_outcomes_and_sentiment_of_the_initiative_but_not_itself() -> None:
    outcome = metric("On-time releases", MetricKind.OUTCOME)
    mood = metric("Mood", MetricKind.SENTIMENT)
    lead = metric("Mentions", MetricKind.LEADING)
    elsewhere = metric("Elsewhere", MetricKind.OUTCOME, initiative_id="i-2")
    metrics = [outcome, mood, lead, elsewhere]
    assert predictable_targets(lead, metrics) == [outcome, mood]
    assert predictable_targets(outcome, metrics) == [mood]


def test_the_primary_metric_heads_the_tree_even_unpredicted() -> None:
    outcome = metric("On-time releases", MetricKind.OUTCOME)
    lead = metric("Late schedule changes", MetricKind.LEADING, outcome)
    main = metric("Deals with the feature", MetricKind.OUTCOME, primary=True)
    assert [m.name for m in tree([outcome, lead, main]).ordered()] == [
        "Deals with the feature",
        "On-time releases",
        "Late schedule changes",
    ]


def test_a_primary_leading_indicator_stays_under_its_outcome_whose_branch_comes_first() -> None:
    other = metric("On-time releases", MetricKind.OUTCOME)
    deals = metric("Deals with the feature", MetricKind.OUTCOME)
    demos = metric("Reps able to demo", MetricKind.LEADING, deals)
    mentions = metric("Mentions in calls", MetricKind.LEADING, deals, primary=True)
    late = metric("Late changes", MetricKind.LEADING, other)
    ordered = tree([other, late, deals, demos, mentions]).ordered()
    # Listed once (the metrics table keys its rows by id), the primary's branch first.
    assert [m.name for m in ordered] == [
        "Deals with the feature",
        "Reps able to demo",
        "Mentions in calls",
        "On-time releases",
        "Late changes",
    ]


def test_the_initiative_report_lists_metrics_as_a_tree() -> None:
    from opstui.domain.facts import InitiativeFacts
    from opstui.domain.initiative import Initiative
    from opstui.export import InitiativeBundle, render_initiative

    initiative = Initiative(title="Sales adopt the feature")
    main = Metric(initiative_id=initiative.id, name="Deals", kind=MetricKind.OUTCOME, primary=True)
    other = Metric(initiative_id=initiative.id, name="Interviews", kind=MetricKind.OUTCOME)
    calls = Metric(
        initiative_id=initiative.id, name="BDR calls", kind=MetricKind.LEADING, predicts_id=main.id
    )
    demo = Metric(
        initiative_id=initiative.id, name="Can demo", kind=MetricKind.LEADING, predicts_id=main.id
    )
    facts = InitiativeFacts(initiative=initiative, metrics=[other, calls, main, demo])
    report = render_initiative(InitiativeBundle(facts, {}))
    names = [
        line.split("|")[1].strip()
        for line in report[report.index("## Metrics") :].splitlines()[4:8]
    ]
    assert names == ["Deals (primary)", "├─ BDR calls", "└─ Can demo", "Interviews"]


# -- the doctor's rule: a leading indicator that predicts nothing ------------------------


def doctor_facts(*metrics: Metric) -> object:
    from opstui.domain.facts import InitiativeFacts
    from opstui.domain.initiative import Initiative

    return InitiativeFacts(
        initiative=Initiative(id=INITIATIVE, title="Sales adopt the feature"), metrics=list(metrics)
    )


def test_the_doctor_names_a_leading_indicator_that_predicts_nothing() -> None:
    from opstui.domain.doctor import check_unlinked_leading, diagnose
    from opstui.domain.facts import InitiativeFacts
    from opstui.domain.findings import Severity

    outcome = metric("Deals with the feature", MetricKind.OUTCOME)
    linked = metric("BDR calls", MetricKind.LEADING, outcome)
    loose = metric("Reps able to demo", MetricKind.LEADING)
    facts = doctor_facts(outcome, linked, loose)
    assert isinstance(facts, InitiativeFacts)
    [finding] = check_unlinked_leading(facts)
    assert finding.rule == "leading-predicts-nothing" and finding.severity is Severity.INFO
    assert "“Reps able to demo”" in finding.seen and "BDR calls" not in finding.seen
    assert "“Deals with the feature”" in finding.todo
    assert finding in diagnose(facts)


@pytest.mark.parametrize("case", ["all linked", "nothing to predict", "no leading"])
def test_the_doctor_stays_quiet_when_every_indicator_predicts(case: str) -> None:
    from opstui.domain.doctor import check_unlinked_leading
    from opstui.domain.facts import InitiativeFacts

    outcome = metric("Deals with the feature", MetricKind.OUTCOME)
    metrics = {
        "all linked": [outcome, metric("BDR calls", MetricKind.LEADING, outcome)],
        # Only leading indicators: there is no outcome to link them to yet.
        "nothing to predict": [metric("BDR calls", MetricKind.LEADING)],
        "no leading": [outcome, metric("Logins", MetricKind.USAGE)],
    }[case]
    facts = doctor_facts(*metrics)
    assert isinstance(facts, InitiativeFacts)
    assert check_unlinked_leading(facts) == []
