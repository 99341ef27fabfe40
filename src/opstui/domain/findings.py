"""What the doctor and the step moves report: a finding, with why it matters and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How loudly a finding should be shown."""

    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One thing noticed about an initiative."""

    #: Stable key of the rule that found it, e.g. "no-group-outside-product".
    rule: str
    title: str
    #: What was seen in the data, naming the metric, session or cohort concerned.
    seen: str
    why: str
    todo: str
    severity: Severity = Severity.WARNING
