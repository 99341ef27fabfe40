"""Search across everything: each kind found, ranked, private notes only when asked,
pages that add up, and no query, however hostile, raising."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opstui.db.search_everything import _like
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.search import Found, HitKind
from opstui.domain.session import (
    ActionItem,
    Decision,
    Feedback,
    FillIn,
    Session,
    SessionKind,
    SessionState,
)
from tests.demo_cache import build_demo

STARTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ENDED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def world(store: Store) -> Store:
    """Two initiatives; the word "zephyr" in one thing of every kind."""
    first = store.add_initiative(Initiative(title="Quick interviews"))
    other = store.add_initiative(Initiative(title="Release dates"))
    ended = store.add_session(
        Session(
            initiative_id=first.id,
            playbook_key="discovery",
            kind=SessionKind.DISCOVERY,
            title="Discovery with design",
            state=SessionState.ENDED,
            started_at=STARTED,
            ended_at=ENDED,
        )
    )
    live = store.add_session(
        Session(
            initiative_id=other.id,
            playbook_key="pilot",
            kind=SessionKind.PILOT,
            title="Pilot check-in",
            state=SessionState.LIVE,
            started_at=STARTED,
        )
    )
    store.add_feedback(Feedback(session_id=ended.id, text="The zephyr calendar is slow"))
    store.add_fill_in(
        FillIn(
            session_id=live.id,
            template_key="interview",
            title="Interview notes",
            values={"pain": "Zephyr reviews take a week", "count": 3},
        )
    )
    store.add_decision(Decision(initiative_id=other.id, statement="Adopt zephyr for pilots"))
    store.add_action(
        ActionItem(initiative_id=first.id, session_id=ended.id, text="Ask about zephyr_limits")
    )
    store.save_notes(ended.id, "Private: zephyr is Priya's pet project")
    # Notes of a session still live stay out even when private notes are asked for.
    store.save_notes(live.id, "zephyr live scratch")
    return store


def kinds(hits: list[Found]) -> set[HitKind]:
    return {hit.kind for hit in hits}


def test_every_kind_is_found_with_its_place(world: Store) -> None:
    hits = world.search_everything("zeph", private_notes=True)
    assert kinds(hits) == set(HitKind)
    assert len(hits) == 5  # the live session's notes are not among them
    by_kind = {hit.kind: hit for hit in hits}
    remark = by_kind[HitKind.REMARK]
    assert remark.initiative_title == "Quick interviews"
    assert remark.session_title == "Discovery with design"
    assert remark.snippet.bracketed() == "The [zeph]yr calendar is slow"
    fill_in = by_kind[HitKind.FILL_IN]
    assert fill_in.detail == "Interview notes · pain"
    assert fill_in.snippet.text == "Zephyr reviews take a week"  # the JSON decoded
    decision = by_kind[HitKind.DECISION]
    assert (decision.initiative_title, decision.session_id) == ("Release dates", None)
    assert by_kind[HitKind.NOTES].on == "2026-03-02"


def test_private_notes_stay_out_unless_asked(world: Store) -> None:
    assert HitKind.NOTES not in kinds(world.search_everything("priya"))
    assert world.search_everything("priya") == []
    assert kinds(world.search_everything("priya", private_notes=True)) == {HitKind.NOTES}


def test_every_word_must_start_a_word(world: Store) -> None:
    # "ephyr" is inside "zephyr", not at its start: LIKE would find it, the rule does not.
    assert world.search_everything("ephyr", private_notes=True) == []
    assert world.search_everything("limits")[0].kind is HitKind.ACTION  # zephyr_limits
    assert world.search_everything("zephyr nowhere") == []


def test_like_wildcards_are_literal(world: Store) -> None:
    # A query's words hold letters and digits only; the pattern escapes the rest anyway.
    assert world.search_everything("%") == world.search_everything("_") == []
    assert _like("50%_a\\") == "%50\\%\\_a\\\\%"


def test_a_better_match_comes_first(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="I"))
    session = store.add_session(
        Session(
            initiative_id=initiative.id,
            playbook_key="discovery",
            kind=SessionKind.DISCOVERY,
            title="S",
        )
    )
    padding = " ".join(["words about something else entirely"] * 6)
    weak = store.add_feedback(Feedback(session_id=session.id, text=f"onboarding {padding}"))
    strong = store.add_feedback(
        Feedback(session_id=session.id, text="Onboarding, onboarding: onboarding is slow")
    )
    decision = store.add_decision(
        Decision(initiative_id=initiative.id, statement=f"Fix onboarding, {padding}")
    )
    ids = [hit.id for hit in store.search_everything("onboarding")]
    assert ids[0] == strong.id
    assert set(ids) == {weak.id, strong.id, decision.id}
    # A whole word counts for more than the start of one.
    store.add_action(ActionItem(initiative_id=initiative.id, text="Onboard them"))
    exact = store.add_action(ActionItem(initiative_id=initiative.id, text="Onboard"))
    assert store.search_everything("onboard")[0].id == exact.id


def test_pages_add_up_to_the_whole(store: Store) -> None:
    build_demo(store)
    whole = store.search_everything("the", limit=200, private_notes=True)
    assert len(whole) > 40
    paged: list[Found] = []
    for offset in range(0, 40, 10):
        paged += store.search_everything("the", limit=10, offset=offset, private_notes=True)
    assert [hit.id for hit in paged] == [hit.id for hit in whole[:40]]
    scores = [hit.score for hit in whole]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "typed",
    ['"', 'say "hi', "AND", "a OR b", "NEAR(a b)", "*", "zeph*", "-x", "col:val", "^zeph",
     "([{", "!!!", "", "   ", "\x1b[2J", "\x00zeph", "z" * 10_000, "zeph " * 5000, "%_\\"],
)  # fmt: skip
def test_hostile_queries_never_raise(world: Store, typed: str) -> None:
    assert isinstance(world.search_everything(typed, private_notes=True), list)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=300))
def test_any_text_searches_without_raising(world: Store, typed: str) -> None:
    hits = world.search_everything(typed, limit=5, private_notes=True)
    assert isinstance(hits, list)
    for hit in hits:  # a snippet is safe to print, whatever was typed or stored
        assert all(c.isprintable() for c in hit.snippet.text)
