"""Search that reads and ranks only the best candidates finds what a plain query finds.

The store answers a query without reading every match: ranked search ranks only the
newest ``RANKED`` matches (older ones follow, newest first), and search as you type
asks an index of the initiative's own remarks when the query is common. Here both
limits are made small, so that a few hundred remarks take every path, and each answer
is compared with a straightforward query of the file's whole index.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from opstui.db import search
from opstui.db.store import Store, fts_query
from opstui.domain.initiative import Initiative
from opstui.domain.search import HitKind
from opstui.domain.session import Feedback, Session, SessionKind

WORDS = [
    "the",
    "to",
    "and",
    "we",
    "calendar",
    "calendars",
    "scheduling",
    "schedule",
    "slow",
    "slower",
    "approval",
    "approvals",
    "pilot",
    "team",
    "teams",
    "École",
    "école",
    "naïve",
    "über",
    "straße",
    "handoff",
    "dashboard",
    "numbers",
    "42",
    "x1",
    "a",
    "b",
]
QUERIES = (
    "t", "th", "the", "c", "cal", "calendar", "e", "éc", "ecole", "na", "straße", "ü",
    "slow team", "pilot te", "the c", "42", "x", "b", "sched a", "nothing-here", "a b the",
)  # fmt: skip


@pytest.fixture
def world(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, list[str]]]:
    monkeypatch.setattr(search, "RANKED", 40)
    monkeypatch.setattr(search, "SELECTIVE", 25)
    rng = random.Random(7)
    initiatives = [store.add_initiative(Initiative(title=f"I{n}")).id for n in range(3)]
    sessions = [
        store.add_session(
            Session(
                initiative_id=rng.choice(initiatives),
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title=f"S{n}",
            )
        )
        for n in range(12)
    ]
    remarks = [
        Feedback(
            session_id=rng.choice(sessions).id,
            text=" ".join(rng.choices(WORDS, k=rng.randint(1, 12))),
            tags=rng.sample(["calendar", "pilot", "ops"], rng.randint(0, 2)),
        )
        for _ in range(600)
    ]
    store.add_feedback_many(remarks)
    yield store, initiatives


def everything_found(store: Store, typed: str) -> list[tuple[int, str]]:
    """(rowid, id) of every remark the file's index finds: the plain query."""
    match = fts_query(typed)
    if not match:
        return []
    return store.conn.execute(
        "SELECT f.rowid, f.id FROM feedback_fts JOIN feedback f ON f.rowid = feedback_fts.rowid "
        "WHERE feedback_fts MATCH ? ORDER BY f.rowid DESC",
        (match,),
    ).fetchall()


def in_initiative(store: Store, ids: set[str], initiative: str) -> set[str]:
    return {
        feedback_id
        for (feedback_id,) in store.conn.execute(
            "SELECT f.id FROM feedback f JOIN sessions s ON s.id = f.session_id "
            "WHERE s.initiative_id = ?",
            (initiative,),
        )
        if feedback_id in ids
    }


@pytest.mark.parametrize("typed", QUERIES)
def test_ranked_search_pages_through_every_match_newest_ranked_first(
    world: tuple[Store, list[str]], typed: str
) -> None:
    store, _ = world
    plain = everything_found(store, typed)
    paged = []
    for offset in range(0, len(plain) + 20, 17):
        paged += [hit.feedback.id for hit in store.search_feedback(typed, limit=17, offset=offset)]
    assert len(paged) == len(set(paged)) == len(plain)
    assert set(paged) == {feedback_id for _, feedback_id in plain}
    # The newest RANKED matches come first (ranked among themselves), then the older
    # ones, newest first.
    ranked = search.RANKED
    assert set(paged[:ranked]) == {feedback_id for _, feedback_id in plain[:ranked]}
    assert paged[ranked:] == [feedback_id for _, feedback_id in plain[ranked:]]
    assert [h.feedback.id for h in store.search_feedback(typed, limit=len(plain) + 5)] == paged


@pytest.mark.parametrize("typed", QUERIES)
def test_search_as_you_type_finds_what_the_whole_index_finds(
    world: tuple[Store, list[str]], typed: str
) -> None:
    store, initiatives = world
    found = {feedback_id for _, feedback_id in everything_found(store, typed)}
    for initiative in initiatives:
        expected = in_initiative(store, found, initiative)
        assert store.feedback_matching(typed, initiative) == expected  # either plan
        store.prepare_feedback_search(initiative)  # the initiative's own index
        assert store.feedback_matching(typed, initiative) == expected
        ranked = store.search_feedback(typed, initiative_id=initiative, limit=10_000)
        assert {hit.feedback.id for hit in ranked} == expected


def test_the_initiatives_index_follows_new_edited_and_deleted_remarks(
    world: tuple[Store, list[str]],
) -> None:
    store, initiatives = world
    initiative = initiatives[0]
    session = next(s for s in store.list_sessions() if s.initiative_id == initiative)
    store.prepare_feedback_search(initiative)
    before = store.feedback_matching("the", initiative)
    added = store.add_feedback(Feedback(session_id=session.id, text="The zyxt remark"))
    assert store.feedback_matching("the", initiative) == before | {added.id}
    assert store.feedback_matching("zyx", initiative) == {added.id}
    store.update_feedback(added.model_copy(update={"text": "Now quxw only"}))
    assert store.feedback_matching("zyx", initiative) == set()
    assert store.feedback_matching("qux", initiative) == {added.id}
    store.delete_feedback(added.id)
    assert store.feedback_matching("the", initiative) == before
    # Another connection's commit is seen too.
    with Store.open(store.path) as other:
        other_added = other.add_feedback(Feedback(session_id=session.id, text="the vwyz"))
    assert store.feedback_matching("the", initiative) == before | {other_added.id}


@pytest.mark.parametrize("typed", ["t", "the", "calendar", "slow team", "éc"])
def test_search_everything_lists_the_same_remarks(
    world: tuple[Store, list[str]], typed: str
) -> None:
    store, _ = world
    plain = {feedback_id for _, feedback_id in everything_found(store, typed)}
    found = store.search_everything(typed, limit=len(plain) + 50)
    assert {hit.id for hit in found if hit.kind is HitKind.REMARK} == plain
    scores = [hit.score for hit in found]
    assert scores == sorted(scores, reverse=True)
