"""The use case behind "you said → we did": choices, linking, refusing, unlinking."""

from __future__ import annotations

import pytest

from opstui.db.store import Store
from opstui.domain.buy_in import LinkTarget
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import Feedback, FillIn
from opstui.services.remark_links import (
    CHANGE,
    Answer,
    LinkError,
    RemarkSource,
    answers,
    link_choices,
    link_remark,
    unlink,
)
from tests.app.test_live_session import build_world


def test_link_a_remark_refuse_it_twice_and_take_it_back(store: Store) -> None:
    world = build_world(store)
    remark = store.add_feedback(Feedback(session_id=world.previous.id, text="Too many mails"))
    initiative_id = world.initiative.id
    choices = link_choices(store, initiative_id)
    assert [c.target for c in choices] == [
        LinkTarget.ACTION,
        LinkTarget.METRIC,
        LinkTarget.METRIC,
        LinkTarget.CHANGE,
    ]
    source = RemarkSource(feedback_id=remark.id)
    link = link_remark(store, initiative_id, source, choices[0])
    assert link.action_id == world.carried.id
    with pytest.raises(LinkError, match="already linked"):
        link_remark(store, initiative_id, source, choices[0])
    with pytest.raises(LinkError, match="what changed"):
        link_remark(store, initiative_id, source, CHANGE.with_change("  "))
    unlink(store, link.id)
    assert store.list_links(initiative_id) == []
    assert store.get_feedback(remark.id) == remark


def test_the_answers_offered_are_those_with_a_value_in_the_templates_order() -> None:
    book = next(b for b in builtin_playbooks() if b.key == "validation")
    fill_in = FillIn(
        session_id="s",
        template_key="problem-statement",
        title="Problem statement",
        values={"zz": "kept too", "baseline": 3, "problem": "Slow", "vision": " ", "metric": None},
    )
    assert answers(fill_in, book) == [
        Answer("problem", "Problem", "Slow"),
        Answer("baseline", "Baseline", "3"),
        Answer("zz", "zz", "kept too"),  # a field the template no longer names
    ]
    # Without its playbook, every answer is still offered, by its key.
    assert [a.label for a in answers(fill_in, None)] == ["baseline", "problem", "zz"]
