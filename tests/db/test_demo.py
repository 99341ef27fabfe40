"""The demo database: complete, deterministic, written in one go, and never from the clock."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from opstui.db.store import Store, load_facts
from opstui.demo import DEMO_TODAY, DemoDataError, build_demo
from opstui.demo.loading import load_demo
from opstui.domain.metrics import Cohort, MetricKind, progress, usage_warning
from opstui.domain.session import SessionKind, SessionState
from opstui.domain.voting import Outcome, ProposalStatus, ProposalSubject, tally


# The user's own files are kept out by the autouse fixture in tests/conftest.py.
@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "demo.db") as store:
        build_demo(store)
        yield store


def snapshot(store: Store) -> dict[str, Any]:
    """Everything the store hands out, as JSON-ready data."""

    def dump(models: list[Any]) -> list[Any]:
        return [m.model_dump(mode="json") for m in models]

    data: dict[str, Any] = {
        "meta": store.get_meta("demo"),
        "people": dump(store.list_people()),
        "initiatives": [],
    }
    for initiative in store.list_initiatives():
        sessions = []
        for session in store.list_sessions(initiative.id):
            proposals = store.list_proposals(session_id=session.id)
            sessions.append(
                {
                    "session": session.model_dump(mode="json"),
                    "agenda": dump(store.list_agenda(session.id)),
                    "feedback": dump(store.list_feedback(session_id=session.id)),
                    "fill_ins": dump(store.list_fill_ins(session.id)),
                    "proposals": dump(proposals),
                    "ballots": [dump(store.list_ballots(p.id)) for p in proposals],
                }
            )
        metrics = store.list_metrics(initiative.id)
        data["initiatives"].append(
            {
                "initiative": initiative.model_dump(mode="json"),
                "groups": dump(store.list_affected_groups(initiative.id)),
                "cohorts": dump(store.list_cohorts(initiative.id)),
                "sessions": sessions,
                "decisions": dump(store.list_decisions(initiative.id)),
                "actions": dump(store.list_actions(initiative.id)),
                "metrics": dump(metrics),
                "readings": [dump(store.list_readings(m.id)) for m in metrics],
                "readiness": dump(store.list_readiness(initiative.id)),
                "ticks": store.list_ticks(initiative.id),
            }
        )
    return data


def walk_values(data: Any) -> Iterator[Any]:
    if isinstance(data, dict):
        for value in data.values():
            yield from walk_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from walk_values(value)
    else:
        yield data


def test_demo_is_marked_and_has_four_initiatives_at_their_steps(demo: Store) -> None:
    assert demo.is_demo
    initiatives = demo.list_initiatives()
    assert [int(i.step) for i in initiatives] == [6, 5, 2, 1]
    # Fourteen in the stories, and three sales reps checked for a capability metric.
    assert 10 <= len(demo.list_people()) <= 17
    assert {p.group.value for p in demo.list_people()} >= {
        "product",
        "engineering",
        "design",
        "go-to-market",
        "leadership",
    }


def test_two_builds_are_identical_to_the_byte(tmp_path: Path) -> None:
    dumps = []
    snapshots = []
    for name in ("one.db", "two.db"):
        with Store.open(tmp_path / name) as store:
            build_demo(store)
            dumps.append("\n".join(store.conn.iterdump()))
            snapshots.append(json.dumps(snapshot(store), sort_keys=True))
    assert dumps[0] == dumps[1]
    assert snapshots[0] == snapshots[1]
    # A different seed really changes the data, so the comparison above means something.
    with Store.open(tmp_path / "other.db") as store:
        build_demo(store, seed=7)
        assert "\n".join(store.conn.iterdump()) != dumps[0]


#: The sha256 of the sorted SQL dump of the demo, taken from the demo as it was written in
#: Python before its stories became data files. The same seed and day must keep giving the
#: same file, so changing how the demo is stored must not change one byte of what it writes.
#: A deliberate change to the stories changes these, and says so in its commit.
#: Schema 2 changed them once: its search indexes are made the way sqlite-utils makes
#: them (feedback_fts, fill_in_values_fts and their triggers); compared line by line,
#: only those index tables and triggers differ, not one row of data.
#: Schema 4 changed them again: its empty device_remarks table and two indexes are the
#: only lines that differ.
#: Schema 5 changed them again: compared column by column with the rows schema 4 wrote,
#: every row is the same; the new stamp columns are empty (the demo is written as
#: replayed), the file has a site id drawn from the seed and each initiative that site.
#: The readable views of schema 5 were then made fuller for Datasette (opstui.db.team_views):
#: compared line by line, only the CREATE VIEW statements differ. A row written again
#: after its deletion is then stamped (the revive triggers): only those triggers differ.
#: Schema 6 added four empty tables (links from remarks, messages, ways to learn,
#: check-ins) with their indexes and triggers: compared line by line, only lines added.
#: Issue 20 gave each story a [loop] (links from remarks, messages, ways to learn,
#: check-ins, closing pulses), written after every story: compared line by line (sorted
#: dumps, both seeds), no line removed or changed, 152 added — the rows of remark_links,
#: comm_items, learning_paths, check_ins, and the pulses' proposals, ballots, receipts,
#: metrics and readings. Then eight more links and a message to product, so that every
#: concern of the finished and the piloting initiatives has an answer and every group a
#: message: rows of remark_links and comm_items added, and the stamp triggers of the two
#: tables whose time the store keeps (initiatives, fill_ins) name the site only.
#: Issue 21 gave the two initiatives past prototyping a [[ladder]], drew a process map in
#: each process-mapping session (stories 1 and 2, their [[maps]]), imports a research
#: survey (the interviews initiative's sentiment baseline, 18%, now comes from it) and
#: gave two stories a [measured]: "Size of date changes close to GA" measured from 15
#: events (its 7 typed-in readings deleted, the readings worked out from the events
#: having the same dates and values) and "Reps able to demo the newest features" from 7
#: checks of 4 reps (3 people added); the sales story's four leading indicators predict a
#: new outcome, deals won with new features (the tree). All are written after the loops.
#: Compared line by line (sorted dumps, both seeds): 8 rows of prototypes, 2 of
#: process_maps, 16 of process_map_lines, the survey's session, 5 remarks (with their
#: search index rows), a surveys row, the events, checks, people and the outcome added;
#: the measured and the linked metrics' rows, the wording of the vote on the size metric
#: and the search index's two summary rows changed.
#: Schema 8 (issue 23) gave the remarks' search index prefix indexes and added ten partial
#: indexes of edited rows: compared statement by statement (sorted dumps, both seeds), only
#: the feedback_fts table's definition and data rows, and the ten CREATE INDEX lines differ.
PINNED_DEMO = {
    (2026, DEMO_TODAY): "2bb87d39d44032d22096586fff150b56c58bb1a916dfb1b185123d72b31a0439",
    # Another seed and an anchor on a Friday: the weekend shift and other draws are pinned too.
    (7, date(2001, 6, 29)): "682ed1ab009f1a2394162fe61010061e804567054743a80dc5e39b87c5ea6f10",
}


@pytest.mark.parametrize(("seed", "today"), list(PINNED_DEMO))
def test_the_demo_is_the_file_it_always_was(tmp_path: Path, seed: int, today: date) -> None:
    with Store.open(tmp_path / "pinned.db") as store:
        build_demo(store, seed=seed, today=today)
        dump = "\n".join(sorted(store.conn.iterdump()))
    assert hashlib.sha256(dump.encode()).hexdigest() == PINNED_DEMO[seed, today]


def test_nothing_comes_from_the_clock(tmp_path: Path) -> None:
    # Anchored far in the past, a stray real-time stamp would stand out by decades.
    today = date(2001, 6, 29)
    with Store.open(tmp_path / "old.db") as store:
        build_demo(store, today=today)
        data = snapshot(store)
        dump = "\n".join(store.conn.iterdump())
    earliest, latest = today - timedelta(days=400), today + timedelta(days=400)
    # Every date stored anywhere, including columns no model exposes (such as ticked_at).
    stored = re.findall(r"(?<=['\"])(\d{4}-\d{2}-\d{2})", dump)
    assert len(stored) > 200
    assert all(earliest <= date.fromisoformat(day) <= latest for day in stored)
    checked = 0
    for value in walk_values(data):
        if not isinstance(value, str) or len(value) < 10 or value[4] != "-":
            continue
        try:
            day = datetime.fromisoformat(value).date()
        except ValueError:
            continue
        checked += 1
        assert earliest <= day <= latest, value
    assert checked > 200


def test_interviews_per_pm_has_baseline_target_and_improves(demo: Store) -> None:
    metric = next(
        m for m in demo.list_metrics() if m.name == "Interviews per PM over the past 30 days"
    )
    assert metric.primary
    assert metric.kind is MetricKind.OUTCOME
    assert metric.baseline_value == 0.8
    assert metric.baseline_on is not None
    assert metric.target_value == 4
    assert metric.target_on is not None
    readings = demo.list_readings(metric.id)
    overall = [r.value for r in readings if r.cohort is Cohort.ALL]
    assert len(overall) >= 6
    assert overall == sorted(overall)
    assert overall[-1] > overall[0] >= 0.5
    assert progress(metric, readings, today=DEMO_TODAY).reached
    # Adopters are ahead of those who did not adopt, month by month.
    adopters = {r.taken_on: r.value for r in readings if r.cohort is Cohort.ADOPTERS}
    others = {r.taken_on: r.value for r in readings if r.cohort is Cohort.NON_ADOPTERS}
    assert adopters.keys() == others.keys()
    assert all(adopters[day] > others[day] for day in adopters)


def test_validation_votes_passed_with_every_participant(demo: Store) -> None:
    first = demo.list_initiatives()[0]
    facts = load_facts(demo, first.id, DEMO_TODAY)
    (validation,) = facts.sessions_of_kind(SessionKind.VALIDATION.value)
    proposals = [p for p in facts.proposals if p.session_id == validation.id]
    assert {p.subject for p in proposals} == {ProposalSubject.PROBLEM, ProposalSubject.METRIC}
    for proposal in proposals:
        ballots = facts.ballots_of(proposal)
        assert proposal.status is ProposalStatus.CLOSED
        assert proposal.outcome is Outcome.PASSED
        assert tally(proposal, ballots).outcome is Outcome.PASSED
        assert {b.person_id for b in ballots} == set(validation.participant_ids)
        assert any(d.proposal_id == proposal.id for d in facts.decisions)


def test_done_initiative_has_the_whole_method_behind_it(demo: Store) -> None:
    first = demo.list_initiatives()[0]
    facts = load_facts(demo, first.id, DEMO_TODAY)
    kinds = [s.kind for s in facts.sessions]
    assert kinds.count(SessionKind.DISCOVERY) >= 2
    assert kinds.count(SessionKind.PILOT) == 2
    for kind in (SessionKind.PROCESS_MAPPING, SessionKind.READINESS, SessionKind.EVALUATION):
        assert kind in kinds
    assert all(s.state is SessionState.ENDED for s in facts.sessions)
    assert facts.readiness
    (evaluation,) = facts.sessions_of_kind(SessionKind.EVALUATION.value)
    assert evaluation.started_at is not None and first.rolled_out_on is not None
    assert (evaluation.started_at.date() - first.rolled_out_on).days >= 30
    (satisfaction,) = [f for f in facts.fill_ins if f.template_key == "satisfaction"]
    assert isinstance(satisfaction.values["solution_satisfaction"], int)
    assert isinstance(satisfaction.values["rollout_satisfaction"], int)
    assert {f.template_key for f in facts.fill_ins} >= {"interview-notes", "pilot-review"}
    assert [c.scope.value for c in facts.cohorts] == ["teams", "organization"]
    assert any(a.done for a in facts.actions) and any(not a.done for a in facts.actions)
    # Some agenda items ran over, as real sessions do.
    agenda = [item for s in facts.sessions for item in demo.list_agenda(s.id)]
    assert any(item.overran for item in agenda)
    assert not all(item.overran for item in agenda)


def test_release_dates_has_an_overdue_action(demo: Store) -> None:
    second = demo.list_initiatives()[1]
    actions = demo.list_actions(second.id, open_only=True)
    assert any(a.due_on is not None and a.due_on < DEMO_TODAY for a in actions)


def test_documentation_counts_logins_and_touches_only_product(demo: Store) -> None:
    fourth = demo.list_initiatives()[3]
    (metric,) = demo.list_metrics(fourth.id)
    assert usage_warning(metric.name, metric.kind) is not None
    assert [g.group.value for g in demo.list_affected_groups(fourth.id)] == ["product"]


def test_a_failure_leaves_no_half_demo(
    tmp_path: Path, demo_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The last story is refused only once the three before it have been written: the vote
    # comes out passed, and the data says it must fail.
    last = demo_data / "stories" / "9-release-dates.toml"
    (demo_data / "stories" / "2-release-dates.toml").rename(last)
    text = last.read_text(encoding="utf-8")
    last.write_text(text.replace('expect = "passed"', 'expect = "failed"', 1), encoding="utf-8")
    monkeypatch.setattr("opstui.demo.load_demo", lambda: load_demo(demo_data))
    with Store.open(tmp_path / "half.db") as store:
        with pytest.raises(DemoDataError) as caught:
            build_demo(store)
        assert store.is_empty()
        assert store.list_people() == []
        assert not store.is_demo
    assert str(caught.value) == (
        "demo/stories/9-release-dates.toml: "
        'story[3] (session "Validation: release predictability") > captures[3]: '
        "the vote on 'The problem statement describes the problem as we experience it' "
        "came out passed, not failed"
    )


def test_a_record_the_domain_refuses_is_named_with_its_file(
    tmp_path: Path, demo_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the Initiative model knows a title's longest length: checked as it is written.
    story = demo_data / "stories" / "4-documentation.toml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("A single home", "A single home " + "x" * 300), "utf-8")
    monkeypatch.setattr("opstui.demo.load_demo", lambda: load_demo(demo_data))
    with Store.open(tmp_path / "long.db") as store:
        with pytest.raises(DemoDataError) as caught:
            build_demo(store)
        assert store.is_empty()
    assert str(caught.value) == (
        "demo/stories/4-documentation.toml: "
        "initiative > title: String should have at most 300 characters"
    )
