"""The demo closes the loop on its initiatives: what came of remarks, the messages, the
ways to learn, the check-ins, and the closing pulses read into their metrics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.demo import DemoDataError, build_demo
from opstui.demo.loading import load_demo
from opstui.domain.buy_in import CommPurpose, CommStatus, LinkTarget
from opstui.domain.initiative import Group, Initiative
from opstui.domain.metrics import MetricKind
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.pulse import PULSE_QUESTIONS, PULSE_UNIT
from opstui.domain.session import SessionState
from opstui.domain.voting import ProposalStatus, tally


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("loop") / "demo.db") as store:
        build_demo(store)
        yield store


def initiatives(demo: Store) -> list[Initiative]:
    return demo.list_initiatives()


def test_every_initiative_with_remarks_shows_what_came_of_some(demo: Store) -> None:
    kinds: set[LinkTarget] = set()
    for initiative in initiatives(demo):
        remarks = {f.id for f in demo.list_feedback(initiative_id=initiative.id)}
        links = demo.list_links(initiative.id)
        if remarks:
            assert links, initiative.title
        assert all(link.feedback_id in remarks for link in links)
        kinds |= {link.target for link in links}
    assert kinds == set(LinkTarget)  # decisions, actions, metrics and changes in words
    evaluated = initiatives(demo)[0]
    assert len(demo.list_links(evaluated.id)) >= 5  # several "you said, we did"


def test_the_evaluated_initiative_sent_its_results_others_are_planned(demo: Store) -> None:
    evaluated, *others = initiatives(demo)
    items = demo.list_comm_items(evaluated.id)
    [results] = [i for i in items if i.purpose is CommPurpose.RESULTS]
    assert results.status is CommStatus.SENT and results.sent_on is not None
    assert demo.get_initiative(evaluated.id).results_shared_on == results.sent_on
    assert any(i.status is CommStatus.PLANNED for i in items)
    for initiative in others:
        messages = demo.list_comm_items(initiative.id)
        assert messages, initiative.title
        assert not any(i.purpose is CommPurpose.RESULTS for i in messages)
        assert any(i.status is CommStatus.PLANNED for i in messages)


def test_rolled_out_and_piloted_initiatives_offer_several_ways_to_learn(demo: Store) -> None:
    for initiative in initiatives(demo)[:2]:
        paths = demo.list_learning_paths(initiative.id)
        assert len({p.kind for p in paths}) >= 2, initiative.title
        assert all(p.owner_id for p in paths)
        assert any(p.slots for p in paths)


def test_leadership_and_go_to_market_are_consulted(demo: Store) -> None:
    groups: set[Group] = set()
    for initiative in initiatives(demo):
        check_ins = demo.list_check_ins(initiative.id)
        assert check_ins, initiative.title
        assert any(c.group is Group.LEADERSHIP for c in check_ins), initiative.title
        groups |= {c.group for c in check_ins}
    assert Group.GO_TO_MARKET in groups


def test_each_pulse_session_has_its_pulse_votes_read_into_their_metrics(demo: Store) -> None:
    asks = {b.key: b.pulse.subjects for b in builtin_playbooks()}
    pulsed = 0
    for initiative in initiatives(demo):
        metrics = {m.id: m for m in demo.list_metrics(initiative.id)}
        readings = {r.id: r for m in metrics for r in demo.list_readings(m)}
        for session in demo.list_sessions(initiative.id):
            if session.state is not SessionState.ENDED or not asks[session.playbook_key]:
                continue
            pulsed += 1
            votes = [
                p
                for p in demo.list_proposals(session_id=session.id)
                if p.subject in PULSE_QUESTIONS
            ]
            assert {v.subject for v in votes} == set(asks[session.playbook_key]), session.title
            for vote in votes:
                assert vote.status is ProposalStatus.CLOSED and vote.anonymous
                metric = metrics[vote.metric_id or ""]
                assert metric.name == PULSE_QUESTIONS[vote.subject].metric_name
                assert metric.kind is MetricKind.SENTIMENT and metric.unit == PULSE_UNIT
                average = tally(vote, demo.list_ballots(vote.id)).average
                assert average is not None
                [reading] = [
                    r
                    for r in readings.values()
                    if r.metric_id == metric.id and session.title in r.note
                ]
                assert reading.value == round(average, 2)
                assert session.started_at is not None
                assert reading.taken_on == session.started_at.date()
    assert pulsed == 4  # three in the evaluated story, one in the piloted one


def test_a_loop_naming_no_remark_of_its_story_stops_the_demo(
    tmp_path: Path, demo_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = demo_data / "stories" / "3-sales-adoption.toml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace('remark = "Calls are already', 'remark = "Nobody said', 1))
    monkeypatch.setattr("opstui.demo.load_demo", lambda: load_demo(demo_data))
    with Store.open(tmp_path / "spoilt.db") as store:
        with pytest.raises(DemoDataError) as caught:
            build_demo(store)
        assert store.is_empty()
    assert str(caught.value) == (
        "demo/stories/3-sales-adoption.toml: "
        "loop.links[2]: no remark starting 'Nobody said transcribed.' in this story"
    )
