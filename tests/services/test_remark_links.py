"""The use case behind "you said → we did": choices, linking, refusing, unlinking."""

from __future__ import annotations

import pytest

from opstui.db.store import Store
from opstui.domain.buy_in import LinkTarget
from opstui.domain.session import Feedback
from opstui.services.remark_links import (
    CHANGE,
    LinkError,
    RemarkSource,
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
