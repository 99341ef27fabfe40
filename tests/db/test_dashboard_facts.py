"""The dashboard's facts: a few queries over every initiative, summarized as load_facts is."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from opstui.db.store import Store, load_facts
from opstui.demo import DEMO_TODAY
from opstui.domain.doctor import diagnose
from opstui.domain.initiative import CohortScope, CohortStage, Initiative, PilotCohort
from opstui.domain.initiative_summary import summarize_initiative
from opstui.domain.metrics import Cohort, Metric, Reading
from opstui.domain.session import (
    ActionItem,
    Feedback,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.step_outputs import step_output_present, step_warning
from opstui.domain.steps import Step
from tests.demo_cache import build_demo

GENERATE = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generate() -> Iterator[ModuleType]:
    """benchmarks/generate.py, a script rather than a package module, loaded by path."""
    spec = importlib.util.spec_from_file_location("bench_generate_for_dashboard", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def assert_summaries_agree(store: Store, today: date) -> None:
    """Every row computed from dashboard_facts is the one load_facts would give."""
    ids = [i.id for i in store.list_initiatives()]
    facts = store.dashboard_facts(ids, today=today)
    assert [f.initiative.id for f in facts] == ids
    for fact in facts:
        full = load_facts(store, fact.initiative.id, today=today)
        assert summarize_initiative(fact) == summarize_initiative(full), fact.initiative.title
        # The workspace's outline: its heading, step indicator and overview.
        assert diagnose(fact) == diagnose(full), fact.initiative.title
        assert [step_output_present(fact, step) for step in Step] == [
            step_output_present(full, step) for step in Step
        ]
        assert [step_warning(fact, step) for step in Step] == [
            step_warning(full, step) for step in Step
        ]
        assert (fact.initiative, fact.groups, fact.cohorts) == (
            full.initiative,
            full.groups,
            full.cohorts,
        )


def test_the_demo_summarizes_the_same(store: Store) -> None:
    build_demo(store)
    assert_summaries_agree(store, DEMO_TODAY)


@pytest.mark.parametrize("seed", [3, 17, 2026])
def test_generated_files_summarize_the_same(
    generate: ModuleType, tmp_path: Path, seed: int
) -> None:
    path = tmp_path / f"tiny-{seed}.db"
    generate.build(path, "tiny", seed=seed)
    with Store.open(path, read_only=True) as store:
        ids = [h.id for h in store.initiative_headings()]
        assert len(store.dashboard_facts(ids, today=date(2026, 11, 2))) == 6
        # Asked for in any batches, in any order, the facts are the same.
        halves = store.dashboard_facts(ids[3:]) + store.dashboard_facts(ids[:3])
        assert [f.initiative.id for f in halves] == ids[3:] + ids[:3]
        whole = {f.initiative.id: summarize_initiative(f) for f in store.dashboard_facts(ids)}
        assert {f.initiative.id: summarize_initiative(f) for f in halves} == whole
        assert_summaries_agree(store, date(2026, 11, 2))


def test_latest_pilot_session_mood_and_readings(store: Store) -> None:
    """The cases the dashboard reads only part of: they must still agree."""
    start = datetime(2026, 9, 1, 10, tzinfo=UTC)
    initiative = store.add_initiative(Initiative(title="Pilot the new intake", step=Step(5)))
    store.add_cohort(
        PilotCohort(
            initiative_id=initiative.id,
            name="Two teams",
            scope=CohortScope.TEAMS,
            stage=CohortStage.RUNNING,
        )
    )
    sessions = [
        store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="pilot",
                kind=SessionKind.PILOT,
                title=f"Pilot check-in {n}",
                state=SessionState.ENDED,
                started_at=start + timedelta(days=7 * n),
                ended_at=start + timedelta(days=7 * n, hours=1),
            )
        )
        for n in range(3)
    ]
    for n, session in enumerate(sessions):
        for sentiment in (Sentiment(1 + n), Sentiment(5), Sentiment(2)):
            store.add_feedback(
                Feedback(
                    session_id=session.id,
                    sentiment=sentiment,
                    text=f"Remark at {sentiment}",
                    created_at=(session.started_at or start) + timedelta(minutes=int(sentiment)),
                )
            )
    metric = store.add_metric(
        Metric(
            initiative_id=initiative.id,
            name="Days from request to interview",
            baseline_value=20,
            target_value=5,
            baseline_on=date(2026, 8, 1),
            target_on=date(2026, 12, 1),
        )
    )
    for day, value, cohort in (
        (date(2026, 9, 1), 15, Cohort.ALL),
        (date(2026, 10, 1), 11, Cohort.ALL),
        (date(2026, 10, 1), 9, Cohort.ALL),  # the same day again: the later one counts
        (date(2026, 10, 20), 4, Cohort.PILOT),  # another cohort: not the dashboard's
    ):
        store.add_reading(Reading(metric_id=metric.id, taken_on=day, value=value, cohort=cohort))
    store.add_action(ActionItem(initiative_id=initiative.id, text="Call the second team"))
    done = store.add_action(ActionItem(initiative_id=initiative.id, text="Book the room"))
    store.set_action_done(done.id)
    other = store.add_initiative(Initiative(title="Nothing yet"))

    assert_summaries_agree(store, date(2026, 10, 25))
    ids = [initiative.id, other.id]
    ours = {f.initiative.id: f for f in store.dashboard_facts(ids, today=date(2026, 10, 25))}
    row = summarize_initiative(ours[initiative.id])
    assert row.last_session_sentiment == pytest.approx((3 + 5 + 2) / 3)
    assert row.open_actions == 1
    assert row.metric_progress is not None and row.metric_progress.latest == 9
    assert ours[other.id].sessions == []


def test_the_number_of_queries_does_not_grow_with_the_initiatives(store: Store) -> None:
    assert store.dashboard_facts([]) == []

    def queries() -> int:
        seen: list[str] = []
        store.conn.set_trace_callback(seen.append)
        try:
            store.dashboard_facts([h.id for h in store.initiative_headings()])
        finally:
            store.conn.set_trace_callback(None)
        return len(seen)

    def add_one(title: str) -> None:
        initiative = store.add_initiative(Initiative(title=title))
        store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Discovery",
                started_at=datetime(2026, 9, 1, tzinfo=UTC),
            )
        )

    add_one("The first")
    few = queries()
    for number in range(30):
        add_one(f"Another {number}")
    assert queries() == few


def test_headings_are_the_initiatives_in_the_same_order(store: Store) -> None:
    build_demo(store)
    store.add_initiative(Initiative(title="  A later one  ", step=Step(3)))
    headings = store.initiative_headings()
    initiatives = store.list_initiatives()
    assert [(h.id, h.title, h.step, h.status) for h in headings] == [
        (i.id, i.title, i.step, i.status) for i in initiatives
    ]
    assert headings[-1].title == "A later one" and headings[-1].step is Step.VALIDATE
