"""The workspace's tallies, counted in one pass over an initiative's stored ballots, say
what the voting rule says of each proposal counted on its own (issue 23)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opstui.db.store import Store, load_facts
from opstui.domain.initiative import Initiative
from opstui.domain.session import Session, SessionKind
from opstui.domain.voting import (
    RULES_FOR,
    Ballot,
    PassRule,
    Proposal,
    ProposalStatus,
    VoteMethod,
    tallies,
    tally,
)

OPTIONS = ["Slots", "Links", "Bots"]


@st.composite
def ballot_value(draw: st.DrawFn, method: VoteMethod) -> dict[str, Any]:
    if method is VoteMethod.DOT:
        placed = draw(st.dictionaries(st.sampled_from(OPTIONS), st.integers(0, 1), max_size=3))
        return {"dots": placed}
    return {"value": draw(st.sampled_from(method.choices))}


@st.composite
def votes(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    """A proposal's settings, and its ballots as (round, value) pairs."""
    method = draw(st.sampled_from(list(VoteMethod)))
    rule: PassRule | None = draw(st.none() | st.sampled_from(RULES_FOR[method]))
    rounds = draw(st.integers(1, 3))
    setup: dict[str, Any] = {
        "method": method,
        "pass_rule": rule,
        "quorum": draw(st.integers(0, 4)),
        "round": rounds,
    }
    if method is VoteMethod.DOT:
        setup |= {"options": OPTIONS, "budget": 3}
    cast = draw(st.lists(st.tuples(st.integers(1, rounds), ballot_value(method)), max_size=8))
    return setup, cast


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(votes(), min_size=1, max_size=6), st.integers(1, 3))
def test_tallies_of_the_stored_ballots_are_the_rule_s_per_proposal(
    drawn: list[tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]], sessions: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "t.db") as store:
        initiative = store.add_initiative(Initiative(title="Deep"))
        held = [
            store.add_session(
                Session(
                    initiative_id=initiative.id,
                    playbook_key="validation",
                    kind=SessionKind.VALIDATION,
                    title=f"Session {n}",
                ),
                [],
            )
            for n in range(sessions)
        ]
        for number, (setup, cast) in enumerate(drawn):
            proposal = store.add_proposal(
                Proposal(session_id=held[number % sessions].id, title=f"P{number}", **setup)
            )
            for round_, value in cast:
                store.cast_ballot(
                    Ballot(proposal_id=proposal.id, method=proposal.method, round=round_, **value)
                )
            # A session holds one open vote at a time.
            store.update_proposal(proposal.model_copy(update={"status": ProposalStatus.CLOSED}))

        facts = load_facts(store, initiative.id)
        grouped = tallies(facts.proposals, facts.ballots)
        assert set(grouped) == {p.id for p in facts.proposals}
        for proposal in facts.proposals:
            own = store.list_ballots(proposal.id)
            assert grouped[proposal.id] == tally(proposal, own)
            # As the Decisions tab counted before: each proposal against every ballot.
            assert grouped[proposal.id] == tally(proposal, facts.ballots)
