"""Pilot cohorts: which are pilots, which have started, and when the broad rollout was.

Every screen, chart, export and rule that asks "has this cohort started?" or "has
the initiative reached everyone?" asks here, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from opstui.domain.initiative import CohortScope, CohortStage, Initiative, PilotCohort


def is_pilot(cohort: PilotCohort) -> bool:
    """A cohort smaller than the whole organization: one person or a few teams."""
    return cohort.scope is not CohortScope.ORGANIZATION


def has_started(cohort: PilotCohort, on: date) -> bool:
    """Whether a cohort had started by the day ``on``.

    A cohort with a start date started on that day (a date in the future means it has
    not started yet, whatever its stage says); one without a date has started once
    its stage is past "planned", on a day nobody wrote down.
    """
    if cohort.started_on is not None:
        return cohort.started_on <= on
    return cohort.stage is not CohortStage.PLANNED


def started_cohorts(cohorts: Iterable[PilotCohort], on: date) -> list[PilotCohort]:
    """The cohorts that had started by ``on``, in the order given."""
    return [c for c in cohorts if has_started(c, on)]


def dated_starts(cohorts: Iterable[PilotCohort], on: date) -> list[tuple[date, PilotCohort]]:
    """Cohorts started by ``on`` whose start day is known, earliest first (for charts)."""
    found = [(c.started_on, c) for c in cohorts if c.started_on is not None and c.started_on <= on]
    return sorted(found, key=lambda pair: (pair[0], pair[1].name))


def started_pilots(cohorts: Iterable[PilotCohort], on: date) -> list[PilotCohort]:
    """Pilot cohorts (one person or a few teams) that had started by ``on``."""
    return [c for c in cohorts if is_pilot(c) and has_started(c, on)]


def broad_rollout_on(initiative: Initiative, cohorts: Iterable[PilotCohort]) -> date | None:
    """The day the initiative went to the whole organization, when a day is recorded."""
    days = [c.started_on for c in cohorts if not is_pilot(c) and c.started_on is not None]
    if initiative.rolled_out_on is not None:
        days.append(initiative.rolled_out_on)
    return min(days, default=None)


def has_rolled_out(initiative: Initiative, cohorts: Iterable[PilotCohort], on: date) -> bool:
    """Whether the initiative had reached the whole organization by ``on``, dated or not."""
    cohorts = list(cohorts)
    rolled = broad_rollout_on(initiative, cohorts)
    if rolled is not None and rolled <= on:
        return True
    return any(not is_pilot(c) and has_started(c, on) for c in cohorts)
