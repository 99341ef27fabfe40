"""The live session's keyboard: which key picks which person, feeling, kind or vote.

These are choices of the interface, not of the method: a digit for each of the first
nine participants (0 for anonymous), the digit of the point on the sentiment scale,
a kind's first letter, and one key per value of a vote.
"""

from __future__ import annotations

from collections.abc import Sequence

from opstui.domain.session import FeedbackKind, Sentiment
from opstui.domain.voting import Proposal, VoteMethod

#: The key that records a remark as anonymous.
ANONYMOUS_KEY = "0"

#: Sentiment keys: the digit is the point on the scale.
SENTIMENT_KEYS: dict[str, Sentiment] = {str(int(s)): s for s in Sentiment}

#: Feedback kinds by their first letter.
KIND_KEYS: dict[str, FeedbackKind] = {kind.value[0]: kind for kind in FeedbackKind}


def participant_keys(person_ids: Sequence[str]) -> dict[str, str | None]:
    """Digits 1-9 for the first nine participants in the order picked; 0 for anonymous."""
    keys: dict[str, str | None] = {str(n): pid for n, pid in enumerate(person_ids[:9], 1)}
    keys[ANONYMOUS_KEY] = None
    return keys


_VALUE_KEYS: dict[VoteMethod, dict[str, str]] = {
    VoteMethod.FIST_OF_FIVE: {str(n): str(n) for n in range(6)},
    VoteMethod.CONSENT: {"a": "agree", "s": "abstain", "d": "disagree", "b": "block"},
    VoteMethod.YES_NO: {"y": "yes", "n": "no"},
}


def vote_keys(proposal: Proposal) -> dict[str, str]:
    """The key for each value of a vote: one key records one person's ballot.

    A dot vote has a digit per option instead: each press places one dot.
    """
    if proposal.method is VoteMethod.DOT:
        return {str(n): option for n, option in enumerate(proposal.options[:9], 1)}
    return dict(_VALUE_KEYS[proposal.method])


def vote_key_hint(proposal: Proposal) -> str:
    """The keys of a vote, as the grid's hint line says them."""
    if proposal.method is VoteMethod.FIST_OF_FIVE:
        return "0-5 record a fist"
    if proposal.method is VoteMethod.DOT:
        options = " · ".join(f"{key} {option}" for key, option in vote_keys(proposal).items())
        return f"{options} — a key places a dot; Enter records them and moves on"
    return " · ".join(f"{key} {value}" for key, value in vote_keys(proposal).items())
