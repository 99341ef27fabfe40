"""The votes a facilitator can call in a session: its playbook's, one per metric where asked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from opstui.domain.metrics import Metric
from opstui.domain.playbook import Playbook, ProposalSpec
from opstui.domain.voting import PassRule, Proposal, ProposalSubject, VoteMethod


@dataclass(frozen=True)
class VoteOffer:
    """A vote the facilitator can call: a playbook proposal, or one per metric."""

    title: str
    description: str = ""
    method: VoteMethod = VoteMethod.FIST_OF_FIVE
    pass_rule: PassRule | None = None
    subject: ProposalSubject = ProposalSubject.GENERAL
    options: tuple[str, ...] = ()
    budget: int = 0
    anonymous: bool = False
    metric_id: str | None = None

    def proposal(self, session_id: str, *, quorum: int = 0) -> Proposal:
        return Proposal(
            session_id=session_id,
            title=self.title,
            description=self.description,
            method=self.method,
            pass_rule=self.pass_rule,
            quorum=quorum,
            options=list(self.options),
            budget=self.budget,
            anonymous=self.anonymous,
            subject=self.subject,
            metric_id=self.metric_id,
        )


def _offer(spec: ProposalSpec, title: str, metric_id: str | None = None) -> VoteOffer:
    return VoteOffer(
        title=title[:300],
        description=spec.description,
        method=spec.method,
        pass_rule=spec.pass_rule,
        subject=spec.subject,
        options=tuple(spec.options),
        budget=spec.budget,
        anonymous=spec.anonymous,
        metric_id=metric_id,
    )


def vote_offers(playbook: Playbook | None, metrics: Sequence[Metric]) -> list[VoteOffer]:
    """The votes a playbook brings; a proposal about metrics is offered once per metric."""
    offers: list[VoteOffer] = []
    for spec in playbook.proposals if playbook else []:
        if spec.subject is ProposalSubject.METRIC and metrics:
            offers.extend(_offer(spec, f"{spec.title}: {m.name}", m.id) for m in metrics)
        else:
            offers.append(_offer(spec, spec.title))
    return offers
