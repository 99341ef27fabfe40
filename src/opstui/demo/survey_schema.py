"""The shape of a story's ``[[surveys]]``: research surveys imported into a metric.

Each entry is a survey as its export would read, written after every story and its loop
(so the records before it keep their ids and times) through the same rule the
``opstui import survey`` command follows (``services.survey_import``):

- ``file``: the export's file name; ``day``: the day it ran (an offset);
- ``metric``: the key of the metric its answers give a baseline (or a reading);
- ``question``: the header of the answers column, ``aggregate`` and ``scale`` as the
  command takes them, and ``answers``: every respondent's answer in order;
- ``[[surveys.comments]]``: the respondents who wrote a comment: their ``answer``
  (matched to the first unused respondent with that answer), ``group`` and ``text``.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from opstui.demo.schema import Entry, Offset
from opstui.domain.playbook import Key


class SurveyCommentEntry(Entry):
    answer: int
    group: str = ""
    text: str = Field(min_length=1)


class SurveyEntry(Entry):
    file: str = Field(min_length=1)
    day: Offset
    metric: Key
    question: str = Field(min_length=1)
    aggregate: str = "mean"
    scale: str | None = None
    answers: list[int] = Field(min_length=1)
    comments: list[SurveyCommentEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _comments_answered(self) -> Self:
        left = list(self.answers)
        for comment in self.comments:
            if comment.answer not in left:
                raise ValueError(f"no respondent left who answered {comment.answer}")
            left.remove(comment.answer)
        return self
