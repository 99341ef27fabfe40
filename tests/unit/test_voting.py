"""Votes: each method's count, its pass rules, quorum, rounds, and the ballots it refuses."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.voting import (
    Ballot,
    BallotError,
    Outcome,
    PassRule,
    Proposal,
    Tally,
    VoteMethod,
    check_ballot,
    tally,
)

OPTIONS = ["Simplify the template", "Add an example", "Widen the pilot"]


def proposal(method: VoteMethod, rule: PassRule | None = None, **data: Any) -> Proposal:
    if method is VoteMethod.DOT:
        data = {"options": OPTIONS, "budget": 3} | data
    return Proposal(session_id="s", title="P", method=method, pass_rule=rule, **data)


def votes(prop: Proposal, *values: str, round_: int = 1) -> list[Ballot]:
    return [Ballot(proposal_id=prop.id, method=prop.method, value=v, round=round_) for v in values]


def dots(prop: Proposal, *placed: dict[str, int], round_: int = 1) -> list[Ballot]:
    return [
        Ballot(proposal_id=prop.id, method=VoteMethod.DOT, dots=d, round=round_) for d in placed
    ]


def count(method: VoteMethod, rule: PassRule | None, values: list[str]) -> Tally:
    prop = proposal(method, rule)
    return tally(prop, votes(prop, *values))


# -- each method and rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "values", "passed"),
    [
        (PassRule.ALL_AT_LEAST_THREE, ["3", "4", "5"], True),
        (PassRule.ALL_AT_LEAST_THREE, ["3", "3", "3"], True),
        (PassRule.ALL_AT_LEAST_THREE, ["5", "5", "5", "2"], False),
        (PassRule.ALL_AT_LEAST_THREE, ["0"], False),
        (PassRule.AVERAGE_AT_LEAST_THREE, ["5", "5", "5", "2"], True),
        (PassRule.AVERAGE_AT_LEAST_THREE, ["2", "2", "5"], True),
        (PassRule.AVERAGE_AT_LEAST_THREE, ["2", "2", "4"], False),
        (PassRule.AVERAGE_AT_LEAST_THREE, ["0", "5"], False),
    ],
)
def test_fist_of_five(rule: PassRule, values: list[str], passed: bool) -> None:
    result = count(VoteMethod.FIST_OF_FIVE, rule, values)
    assert result.passed is passed
    assert result.outcome is (Outcome.PASSED if passed else Outcome.FAILED)
    assert result.average == pytest.approx(sum(map(int, values)) / len(values))


def test_fist_of_five_counts_every_finger_in_order() -> None:
    result = count(VoteMethod.FIST_OF_FIVE, None, ["4", "5", "4", "3"])
    assert list(result.counts) == ["0", "1", "2", "3", "4", "5"]
    assert result.counts == {"0": 0, "1": 0, "2": 0, "3": 1, "4": 2, "5": 1}
    assert result.rule is PassRule.ALL_AT_LEAST_THREE
    assert result.ballots == 4
    assert result.summary() == "3: 1 · 4: 2 · 5: 1 (avg 4.0)"


@pytest.mark.parametrize(
    ("rule", "values", "passed"),
    [
        (PassRule.NO_BLOCK_MORE_AGREE, ["agree", "agree", "disagree"], True),
        (PassRule.NO_BLOCK_MORE_AGREE, ["agree", "abstain", "abstain"], True),
        (PassRule.NO_BLOCK_MORE_AGREE, ["agree"] * 5 + ["block"], False),
        (PassRule.NO_BLOCK_MORE_AGREE, ["agree", "disagree"], False),
        (PassRule.NO_BLOCK_MORE_AGREE, ["abstain", "abstain"], False),
        (PassRule.NO_BLOCK_MORE_AGREE, ["disagree", "disagree", "agree"], False),
        (PassRule.UNANIMOUS, ["agree", "agree"], True),
        (PassRule.UNANIMOUS, ["agree", "abstain"], False),
        (PassRule.UNANIMOUS, ["agree", "block"], False),
    ],
)
def test_consent(rule: PassRule, values: list[str], passed: bool) -> None:
    result = count(VoteMethod.CONSENT, rule, values)
    assert result.passed is passed
    assert result.average is None
    assert list(result.counts) == ["agree", "abstain", "disagree", "block"]


@pytest.mark.parametrize(
    ("rule", "values", "passed"),
    [
        (PassRule.MAJORITY, ["yes", "yes", "no"], True),
        (PassRule.MAJORITY, ["yes"], True),
        (PassRule.MAJORITY, ["yes", "no"], False),
        (PassRule.MAJORITY, ["no", "no", "yes"], False),
        (PassRule.UNANIMOUS, ["yes", "yes", "yes"], True),
        (PassRule.UNANIMOUS, ["yes", "yes", "no"], False),
    ],
)
def test_yes_no(rule: PassRule, values: list[str], passed: bool) -> None:
    result = count(VoteMethod.YES_NO, rule, values)
    assert result.passed is passed
    assert result.counts == {"yes": values.count("yes"), "no": values.count("no")}


def test_dot_vote_clear_winner() -> None:
    prop = proposal(VoteMethod.DOT)
    a, b, c = OPTIONS
    result = tally(prop, dots(prop, {a: 3}, {b: 2, a: 1}, {c: 1, b: 1}))
    assert result.passed and result.outcome is Outcome.PASSED
    assert result.winner == a
    # Most dots first; the summary and the screen read it top down.
    assert list(result.counts.items()) == [(a, 4), (b, 3), (c, 1)]
    assert result.average is None


def test_dot_vote_tie_has_no_winner() -> None:
    prop = proposal(VoteMethod.DOT)
    a, b, c = OPTIONS
    result = tally(prop, dots(prop, {a: 2, c: 1}, {b: 2, c: 1}))
    assert not result.passed and result.outcome is Outcome.FAILED
    assert result.winner is None
    # Equal counts keep the options' own order.
    assert list(result.counts) == [a, b, c]


def test_dot_vote_without_any_dot_placed_fails() -> None:
    prop = proposal(VoteMethod.DOT)
    result = tally(prop, dots(prop, {}, {}))
    assert result.ballots == 2 and not result.passed and result.winner is None
    assert result.counts == dict.fromkeys(OPTIONS, 0)
    assert result.summary() == "no votes"


# -- ballots a proposal refuses ------------------------------------------------------------


def test_check_ballot_accepts_dots_within_budget() -> None:
    prop = proposal(VoteMethod.DOT)
    check_ballot(prop, dots(prop, {OPTIONS[0]: 3})[0])
    check_ballot(prop, dots(prop, {OPTIONS[0]: 1, OPTIONS[2]: 2})[0])
    check_ballot(prop, dots(prop, {})[0])


def test_check_ballot_refuses_more_dots_than_the_budget() -> None:
    prop = proposal(VoteMethod.DOT)
    with pytest.raises(BallotError, match="at most 3 dots"):
        check_ballot(prop, dots(prop, {OPTIONS[0]: 2, OPTIONS[1]: 2})[0])


def test_check_ballot_refuses_an_unknown_option() -> None:
    prop = proposal(VoteMethod.DOT)
    with pytest.raises(BallotError, match="no such option: Rewrite everything"):
        check_ballot(prop, dots(prop, {"Rewrite everything": 1})[0])


@pytest.mark.parametrize(
    ("method", "ballot"),
    [
        (VoteMethod.FIST_OF_FIVE, Ballot(proposal_id="x", method=VoteMethod.YES_NO, value="yes")),
        (VoteMethod.YES_NO, Ballot(proposal_id="x", method=VoteMethod.CONSENT, value="agree")),
        (VoteMethod.CONSENT, Ballot(proposal_id="x", method=VoteMethod.DOT, dots={})),
        (VoteMethod.DOT, Ballot(proposal_id="x", method=VoteMethod.FIST_OF_FIVE, value="3")),
    ],
)
def test_check_ballot_refuses_another_method(method: VoteMethod, ballot: Ballot) -> None:
    with pytest.raises(BallotError, match=f"this vote is {method.label}"):
        check_ballot(proposal(method), ballot)


@pytest.mark.parametrize(
    ("method", "value"),
    [(VoteMethod.FIST_OF_FIVE, "4"), (VoteMethod.CONSENT, "block"), (VoteMethod.YES_NO, "no")],
)
def test_check_ballot_accepts_its_own_method(method: VoteMethod, value: str) -> None:
    prop = proposal(method)
    check_ballot(prop, votes(prop, value)[0])


# -- quorum, rounds and which ballots count ------------------------------------------------


@pytest.mark.parametrize(
    ("quorum", "values", "outcome"),
    [
        (0, [], Outcome.NO_QUORUM),
        (1, [], Outcome.NO_QUORUM),
        (3, ["5", "5"], Outcome.NO_QUORUM),
        (3, ["5", "5", "5"], Outcome.PASSED),
        (3, ["5", "5", "1"], Outcome.FAILED),
        (0, ["4"], Outcome.PASSED),
    ],
)
def test_quorum(quorum: int, values: list[str], outcome: Outcome) -> None:
    prop = proposal(VoteMethod.FIST_OF_FIVE, quorum=quorum)
    result = tally(prop, votes(prop, *values))
    assert result.outcome is outcome
    assert result.quorum_met is (outcome is not Outcome.NO_QUORUM)


def test_no_votes_at_all() -> None:
    prop = proposal(VoteMethod.FIST_OF_FIVE)
    result = tally(prop, [])
    assert result.ballots == 0 and not result.passed and result.average is None
    assert result.outcome is Outcome.NO_QUORUM
    assert result.summary() == "no votes"


def test_rounds_are_counted_separately() -> None:
    prop = proposal(VoteMethod.FIST_OF_FIVE, round=2)
    ballots = votes(prop, "1", "2", "1", round_=1) + votes(prop, "4", "5", round_=2)
    current = tally(prop, ballots)
    assert current.ballots == 2 and current.passed and current.average == 4.5
    first = tally(prop, ballots, round_=1)
    assert first.ballots == 3 and not first.passed
    assert first.counts["1"] == 2 and first.counts["4"] == 0
    assert tally(prop, ballots, round_=3).outcome is Outcome.NO_QUORUM


def test_ballots_of_other_proposals_are_ignored() -> None:
    mine, other = proposal(VoteMethod.YES_NO), proposal(VoteMethod.YES_NO)
    result = tally(mine, votes(mine, "yes") + votes(other, "no", "no", "no"))
    assert result.ballots == 1 and result.counts == {"yes": 1, "no": 0} and result.passed


# -- properties over random ballots --------------------------------------------------------

fingers = st.lists(st.sampled_from("012345"), max_size=30)
consent_values = st.lists(st.sampled_from(["agree", "abstain", "disagree", "block"]), max_size=30)
yes_no_values = st.lists(st.sampled_from(["yes", "no"]), max_size=30)


@given(
    method=st.sampled_from([VoteMethod.FIST_OF_FIVE, VoteMethod.CONSENT, VoteMethod.YES_NO]),
    data=st.data(),
)
def test_counts_sum_to_the_ballots(method: VoteMethod, data: st.DataObject) -> None:
    values = data.draw(st.lists(st.sampled_from(method.choices), max_size=30))
    result = count(method, None, values)
    assert result.ballots == len(values)
    assert sum(result.counts.values()) == len(values)
    assert list(result.counts) == list(method.choices)
    for choice in method.choices:
        assert result.counts[choice] == values.count(choice)


@given(values=fingers)
def test_all_at_least_three_passes_iff_the_lowest_is_three(values: list[str]) -> None:
    result = count(VoteMethod.FIST_OF_FIVE, PassRule.ALL_AT_LEAST_THREE, values)
    assert result.passed is (bool(values) and min(int(v) for v in values) >= 3)


@given(values=fingers)
def test_average_at_least_three_passes_iff_the_mean_is_three(values: list[str]) -> None:
    result = count(VoteMethod.FIST_OF_FIVE, PassRule.AVERAGE_AT_LEAST_THREE, values)
    total = sum(int(v) for v in values)
    # Whole-number arithmetic: no float rounding can blur the boundary.
    assert result.passed is (bool(values) and total >= 3 * len(values))


@given(
    values=consent_values, rule=st.sampled_from([PassRule.NO_BLOCK_MORE_AGREE, PassRule.UNANIMOUS])
)
def test_a_block_always_fails_consent(values: list[str], rule: PassRule) -> None:
    result = count(VoteMethod.CONSENT, rule, [*values, "block"])
    assert not result.passed


@given(values=consent_values)
def test_consent_passes_iff_no_block_and_more_agree(values: list[str]) -> None:
    result = count(VoteMethod.CONSENT, PassRule.NO_BLOCK_MORE_AGREE, values)
    expected = "block" not in values and values.count("agree") > values.count("disagree")
    assert result.passed is expected


@given(values=yes_no_values)
def test_yes_no_rules(values: list[str]) -> None:
    majority = count(VoteMethod.YES_NO, PassRule.MAJORITY, values)
    unanimous = count(VoteMethod.YES_NO, PassRule.UNANIMOUS, values)
    assert majority.passed is (values.count("yes") > values.count("no"))
    assert unanimous.passed is (bool(values) and "no" not in values)
    # Everyone saying yes is always also a majority.
    assert not unanimous.passed or majority.passed


@given(
    rounds=st.lists(st.tuples(st.integers(1, 4), st.sampled_from("012345")), max_size=40),
    wanted=st.integers(1, 4),
)
def test_tally_counts_only_the_requested_round(rounds: list[tuple[int, str]], wanted: int) -> None:
    prop = proposal(VoteMethod.FIST_OF_FIVE)
    ballots = [Ballot(proposal_id=prop.id, method=prop.method, value=v, round=r) for r, v in rounds]
    in_round = [v for r, v in rounds if r == wanted]
    result = tally(prop, ballots, round_=wanted)
    assert result == count(VoteMethod.FIST_OF_FIVE, None, in_round)
    # By default the proposal's current round is counted.
    current = Proposal(**(prop.model_dump() | {"round": wanted}))
    assert tally(current, ballots) == result


@given(
    placed=st.lists(
        st.dictionaries(st.sampled_from(OPTIONS), st.integers(0, 3), max_size=3), max_size=20
    )
)
def test_dot_vote_counts_every_dot(placed: list[dict[str, int]]) -> None:
    prop = proposal(VoteMethod.DOT)
    result = tally(prop, dots(prop, *placed))
    assert sum(result.counts.values()) == sum(sum(d.values()) for d in placed)
    assert set(result.counts) == set(OPTIONS)
    assert list(result.counts.values()) == sorted(result.counts.values(), reverse=True)
    best = max(result.counts.values())
    leaders = [o for o, n in result.counts.items() if n == best]
    assert result.passed is (bool(placed) and best > 0 and len(leaders) == 1)
    assert result.winner == (leaders[0] if result.passed else None)


@given(placed=st.dictionaries(st.sampled_from(OPTIONS), st.integers(0, 5)))
def test_check_ballot_enforces_the_budget(placed: dict[str, int]) -> None:
    prop = proposal(VoteMethod.DOT)
    ballot = dots(prop, placed)[0]
    if sum(placed.values()) <= prop.budget:
        check_ballot(prop, ballot)
    else:
        with pytest.raises(BallotError):
            check_ballot(prop, ballot)


@given(values=fingers, quorum=st.integers(0, 35))
def test_outcome_follows_quorum_then_rule(values: list[str], quorum: int) -> None:
    prop = proposal(VoteMethod.FIST_OF_FIVE, quorum=quorum)
    result = tally(prop, votes(prop, *values))
    if len(values) < max(quorum, 1):
        assert result.outcome is Outcome.NO_QUORUM
    else:
        assert result.outcome is (Outcome.PASSED if result.passed else Outcome.FAILED)


@given(values=consent_values, data=st.data())
def test_ballot_order_does_not_matter(values: list[str], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(values))
    assert count(VoteMethod.CONSENT, None, values) == count(VoteMethod.CONSENT, None, shuffled)
