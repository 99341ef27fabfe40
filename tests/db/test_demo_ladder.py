"""The demo's prototype ladders: the finished initiative climbed every rung in order, the
piloting one is at the manual rung with automation only planned, and no ladder earns a
doctor finding. A ladder entry the domain refuses stops the demo, named by its file."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from opstui.db.store import Store, load_facts
from opstui.demo import DemoDataError, build_demo
from opstui.demo.loading import load_demo
from opstui.domain.doctor import diagnose
from opstui.domain.prototypes import Stage, Status, ladder
from opstui.domain.steps import Step


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("ladder") / "demo.db") as store:
        build_demo(store)
        yield store


def test_initiatives_past_prototyping_have_a_ladder_and_the_rest_none(demo: Store) -> None:
    for initiative in demo.list_initiatives():
        found = demo.list_prototypes(initiative.id)
        assert bool(found) == (initiative.step >= Step.PROTOTYPE_AND_EXPAND), initiative.title
        rules = {f.rule for f in diagnose(load_facts(demo, initiative.id))}
        assert not rules & {"automation-before-manual", "no-prototype"}, initiative.title


def test_the_finished_initiative_climbed_every_rung_in_order(demo: Store) -> None:
    done = next(i for i in demo.list_initiatives() if i.step is Step.EVALUATE)
    rungs = ladder(demo.list_prototypes(done.id))
    assert [len(r.prototypes) for r in rungs] == [1, 1, 1, 1]
    prototypes = [r.prototypes[0] for r in rungs]
    assert all(p.status is Status.DONE and p.assumption and p.learned for p in prototypes)
    for earlier, later in itertools.pairwise(prototypes):
        assert earlier.ended_on is not None and later.started_on is not None
        assert earlier.ended_on <= later.started_on
    assert done.rolled_out_on is not None and prototypes[-1].ended_on is not None
    assert prototypes[-1].ended_on <= done.rolled_out_on


def test_the_piloting_initiative_is_on_the_manual_rung(demo: Store) -> None:
    piloting = next(i for i in demo.list_initiatives() if i.step is Step.PROTOTYPE_AND_EXPAND)
    status = {p.stage: p.status for p in demo.list_prototypes(piloting.id)}
    assert status == {
        Stage.WORKFLOW_DIAGRAM: Status.DONE,
        Stage.DOCUMENTATION: Status.DONE,
        Stage.MANUAL_PROCESS: Status.TRYING,
        Stage.AUTOMATION: Status.PLANNED,
    }


def test_a_ladder_entry_the_domain_refuses_is_named_with_its_file(
    tmp_path: Path, demo_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = demo_data / "stories" / "2-release-dates.toml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text + '\n[[ladder]]\nstage = "automation"\ntitle = "  "\n', "utf-8")
    monkeypatch.setattr("opstui.demo.load_demo", lambda: load_demo(demo_data))
    with Store.open(tmp_path / "bad.db") as store:
        with pytest.raises(DemoDataError) as caught:
            build_demo(store)
        assert store.is_empty()
    assert str(caught.value).startswith("demo/stories/2-release-dates.toml: ladder[5] > title")
