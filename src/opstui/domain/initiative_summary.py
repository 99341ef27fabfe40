"""One initiative as a dashboard row: step, health, metric progress and recent mood."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opstui.domain.doctor import diagnose
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import InitiativeStatus
from opstui.domain.latest_session import latest_session
from opstui.domain.metrics import Progress, progress
from opstui.domain.steps import Step


@dataclass(frozen=True)
class InitiativeSummary:
    """What the dashboard shows of one initiative."""

    initiative_id: str
    title: str
    step: Step
    status: InitiativeStatus
    #: How many doctor findings there are: 0 is healthy.
    health: int
    metric_name: str | None
    metric_progress: Progress | None
    #: Mean sentiment (1-5) of the feedback in the latest session; None if it had none.
    last_session_sentiment: float | None
    open_actions: int
    last_session_on: date | None


def summarize_initiative(facts: InitiativeFacts) -> InitiativeSummary:
    """The dashboard row of one initiative."""
    initiative = facts.initiative
    metric = facts.primary_metric
    metric_progress = (
        progress(metric, facts.readings_of(metric), today=facts.today) if metric else None
    )
    latest = latest_session(facts.sessions)
    sentiment: float | None = None
    if latest is not None:
        remarks = facts.feedback_in([latest])
        if remarks:
            sentiment = sum(int(f.sentiment) for f in remarks) / len(remarks)
    return InitiativeSummary(
        initiative_id=initiative.id,
        title=initiative.title,
        step=initiative.step,
        status=initiative.status,
        health=len(diagnose(facts)),
        metric_name=metric.name if metric else None,
        metric_progress=metric_progress,
        last_session_sentiment=sentiment,
        open_actions=sum(1 for a in facts.actions if not a.done),
        last_session_on=latest.started_at.date() if latest and latest.started_at else None,
    )
