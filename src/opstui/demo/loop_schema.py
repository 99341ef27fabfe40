"""The shape of a story's ``[loop]``: how the loop was closed with the people who spoke.

Each story may end with a ``[loop]`` table, written after every story (so the records of
the stories themselves keep the ids and times they had before it existed):

- ``[[loop.links]]``: a remark (the start of what was ``said``, in this story) and what
  came of it: a ``decision`` or an ``action`` (the start of its words), a ``metric`` (its
  key) or a ``change`` in the initiative, in words;
- ``[[loop.messages]]``: the communication plan: ``channel``, ``purpose``, an
  ``audience`` group or a pilot ``cohort`` (its name), the day ``planned`` and, once
  sent, the day ``sent``, and the ``draft``;
- ``[[loop.learning]]``: the ways to learn: ``kind``, ``title``, ``audience`` or
  ``cohort``, ``slots`` (when people can take it, as said), ``owner`` and ``link``;
- ``[[loop.check_ins]]``: stakeholders consulted: ``who`` (a person, whose group is
  taken unless ``group`` says otherwise), ``day``, ``about`` and ``outcome``;
- ``[[loop.pulses]]``: the closing pulse of a held session (by its title), as each
  participant's fist in order: ``session_value`` and ``rollout``.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from opstui.demo.schema import Entry, Offset, PersonKey
from opstui.domain.buy_in import CommPurpose, LearningKind
from opstui.domain.initiative import Group
from opstui.domain.playbook import Key

Fist = Annotated[int, Field(ge=0, le=5)]


class LinkEntry(Entry):
    #: The start of a remark said in this story.
    remark: str = Field(min_length=1)
    decision: str | None = None
    action: str | None = None
    metric: Key | None = None
    change: str | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        targets = [self.decision, self.action, self.metric, self.change]
        if sum(t is not None for t in targets) != 1:
            raise ValueError("a link leads to one of decision, action, metric or change")
        return self


class MessageEntry(Entry):
    channel: str
    purpose: CommPurpose = CommPurpose.UPDATE
    audience: Group | None = None
    #: The name of a pilot cohort of this story.
    cohort: str | None = None
    planned: Offset | None = None
    sent: Offset | None = None
    draft: str = ""


class LearningEntry(Entry):
    kind: LearningKind
    title: str
    audience: Group | None = None
    cohort: str | None = None
    slots: list[str] = Field(default_factory=list)
    owner: PersonKey | None = None
    link: str = ""


class CheckInEntry(Entry):
    who: PersonKey | None = None
    #: The group consulted; the person's own group when left out.
    group: Group | None = None
    day: Offset
    about: str
    outcome: str = ""

    @model_validator(mode="after")
    def _someone(self) -> Self:
        if self.who is None and self.group is None:
            raise ValueError("a check-in names who was consulted, or their group")
        return self


class PulseEntry(Entry):
    #: The title of a session of this story whose playbook asks for the pulse.
    pulse: str
    #: Each participant's fist, in the order of the session's participants.
    session_value: list[Fist] = Field(default_factory=list)
    rollout: list[Fist] = Field(default_factory=list)


class LoopEntry(Entry):
    links: list[LinkEntry] = Field(default_factory=list)
    messages: list[MessageEntry] = Field(default_factory=list)
    learning: list[LearningEntry] = Field(default_factory=list)
    check_ins: list[CheckInEntry] = Field(default_factory=list)
    pulses: list[PulseEntry] = Field(default_factory=list)
