"""You said → we did: what came of each remark, and the remarks behind each outcome.

One initiative's links (``opstui.domain.buy_in.RemarkLink``) are read once and indexed
here both ways, so that every screen and export answers "what came of this remark?"
and "who asked for this?" the same way, without a query per row.

Who said a remark is only ever its ``person_id``: an anonymous remark has none, and
nothing here adds one. An answer of a template filled in together belongs to the
session, not to a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from opstui.domain.buy_in import LinkTarget, RemarkLink
from opstui.domain.facts import InitiativeFacts
from opstui.domain.metrics import Metric
from opstui.domain.session import ActionItem, Decision, Feedback, FillIn

#: What an outcome is called when the thing it pointed at is no longer in the file.
GONE = "no longer recorded"


@dataclass(frozen=True)
class Outcome:
    """One thing that came of a remark: its kind, and its words (a statement, a name)."""

    link: RemarkLink
    kind: LinkTarget
    text: str


@dataclass(frozen=True)
class Said:
    """A remark (or an answer) behind an outcome, as the people who spoke gave it."""

    link: RemarkLink
    text: str
    #: Who said it; None for an anonymous remark and for an answer filled in together.
    person_id: str | None
    session_id: str | None
    #: For an answer: the template's title and the field's key; empty for a remark.
    template: str = ""

    @property
    def is_answer(self) -> bool:
        return bool(self.template)


@dataclass
class Trail:
    """The links of one initiative, indexed by where they start and where they lead."""

    links: list[RemarkLink] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._from: dict[tuple[str, str], list[RemarkLink]] = {}
        self._to: dict[tuple[LinkTarget, str], list[RemarkLink]] = {}
        for link in self.links:
            self._from.setdefault(source_key(link), []).append(link)
            if link.target_id is not None:
                self._to.setdefault((link.target, link.target_id), []).append(link)

    def of_remark(self, feedback_id: str) -> list[RemarkLink]:
        """What came of one remark, oldest link first."""
        return list(self._from.get(("feedback", feedback_id), []))

    def of_answer(self, fill_in_id: str, field_key: str) -> list[RemarkLink]:
        """What came of one answer of a filled-in template."""
        return list(self._from.get((f"fillin:{field_key}", fill_in_id), []))

    def of_fill_in(self, fill_in_id: str) -> list[RemarkLink]:
        """What came of any answer of one filled-in template."""
        return [link for link in self.links if link.fill_in_id == fill_in_id]

    def behind(self, kind: LinkTarget, target_id: str) -> list[RemarkLink]:
        """The links that lead to one decision, action or metric."""
        return list(self._to.get((kind, target_id), []))

    def has(self, link: RemarkLink) -> bool:
        """Whether the same source already leads to the same outcome."""
        return any(
            same.target is link.target
            and same.target_id == link.target_id
            and same.change.strip() == link.change.strip()
            for same in self._from.get(source_key(link), [])
        )


def source_key(link: RemarkLink) -> tuple[str, str]:
    if link.feedback_id is not None:
        return ("feedback", link.feedback_id)
    return (f"fillin:{link.field_key}", link.fill_in_id or "")


def trail(links: Iterable[RemarkLink] | None) -> Trail:
    """The trail of an initiative's links (none when they were not read)."""
    return Trail(list(links or []))


@dataclass(frozen=True)
class Outcomes:
    """What links can lead to, by id: to name each outcome in words."""

    decisions: Mapping[str, Decision] = field(default_factory=dict)
    actions: Mapping[str, ActionItem] = field(default_factory=dict)
    metrics: Mapping[str, Metric] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        decisions: Iterable[Decision],
        actions: Iterable[ActionItem],
        metrics: Iterable[Metric],
    ) -> Outcomes:
        return cls(
            {d.id: d for d in decisions}, {a.id: a for a in actions}, {m.id: m for m in metrics}
        )

    def outcome(self, link: RemarkLink) -> Outcome:
        """What one link leads to, in words."""
        kind = link.target
        if kind is LinkTarget.DECISION:
            decision = self.decisions.get(link.decision_id or "")
            text = decision.statement if decision else GONE
        elif kind is LinkTarget.ACTION:
            action = self.actions.get(link.action_id or "")
            text = action.text if action else GONE
        elif kind is LinkTarget.METRIC:
            metric = self.metrics.get(link.metric_id or "")
            text = metric.name if metric else GONE
        else:
            text = link.change
        return Outcome(link, kind, text)

    def outcomes(self, links: Iterable[RemarkLink]) -> list[Outcome]:
        return [self.outcome(link) for link in links]


def said_behind(
    links: Iterable[RemarkLink],
    feedback: Mapping[str, Feedback],
    fill_ins: Mapping[str, FillIn],
) -> list[Said]:
    """The remarks and answers behind some links (those still in the file), in order."""
    said: list[Said] = []
    for link in links:
        if link.feedback_id is not None:
            remark = feedback.get(link.feedback_id)
            if remark is not None:
                said.append(Said(link, remark.text, remark.person_id, remark.session_id))
            continue
        fill_in = fill_ins.get(link.fill_in_id or "")
        if fill_in is None:
            continue
        value = fill_in.values.get(link.field_key)
        text = "" if value is None else str(value)
        template = f"{fill_in.title}, {link.field_key}"
        said.append(Said(link, text, None, fill_in.session_id, template))
    return said


@dataclass(frozen=True)
class Loop:
    """An initiative's trail with what it leads to and what it starts from, named."""

    trail: Trail
    outcomes: Outcomes
    feedback: Mapping[str, Feedback]
    fill_ins: Mapping[str, FillIn]

    def came_of_remark(self, feedback_id: str) -> list[Outcome]:
        return self.outcomes.outcomes(self.trail.of_remark(feedback_id))

    def came_of_answer(self, fill_in_id: str, field_key: str) -> list[Outcome]:
        return self.outcomes.outcomes(self.trail.of_answer(fill_in_id, field_key))

    def said_behind(self, kind: LinkTarget, target_id: str) -> list[Said]:
        return said_behind(self.trail.behind(kind, target_id), self.feedback, self.fill_ins)

    def changes(self) -> list[Said]:
        """The remarks that led to a change in the initiative, with the change."""
        return said_behind(
            [link for link in self.trail.links if link.target is LinkTarget.CHANGE],
            self.feedback,
            self.fill_ins,
        )


def loop_of(facts: InitiativeFacts) -> Loop:
    """The trail of an initiative's facts, ready to name both ends of every link."""
    return Loop(
        trail(facts.links),
        Outcomes.of(facts.decisions, facts.actions, facts.metrics),
        {f.id: f for f in facts.feedback},
        {f.id: f for f in facts.fill_ins},
    )
