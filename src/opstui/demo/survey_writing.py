"""Writing a story's ``[[surveys]]`` (see ``survey_schema``): each survey as its export
would read, imported by the rule ``opstui import survey`` follows.

Written after every story and loop, so the records before keep their ids and times; the
survey's records take their ids from the demo's seeded generator and its time from the
anchor, so the demo stays the same file every time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from opstui.db.store import Store
from opstui.demo.anchor import Anchor
from opstui.demo.survey_schema import SurveyEntry
from opstui.domain.metrics import Metric
from opstui.domain.survey_csv import SurveyColumns
from opstui.domain.surveys import parse_aggregate, parse_scale
from opstui.services.survey_import import SurveyRequest, import_survey, plan_survey

#: The export's other columns: the respondent's team, and what they wrote.
TEAM, COMMENT = "Team", "Anything that gets in the way?"


def survey_text(entry: SurveyEntry) -> str:
    """The survey as its export reads: one row per respondent, comments on the first
    respondents who gave the answer each comment goes with."""
    rows = [["", str(answer), ""] for answer in entry.answers]
    for comment in entry.comments:
        row = next(r for r in rows if r[1] == str(comment.answer) and not r[2])
        row[0], row[2] = comment.group, comment.text
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([TEAM, entry.question, COMMENT])
    writer.writerows(rows)
    return out.getvalue()


def write_survey(
    store: Store, anchor: Anchor, metrics: Mapping[str, Metric], entry: SurveyEntry
) -> None:
    """Import one survey; a survey the rule refuses is a mistake in the data."""
    request = SurveyRequest(
        Path(entry.file),
        metrics[entry.metric],
        SurveyColumns(entry.question, comments=(COMMENT,), group=TEAM),
        parse_aggregate(entry.aggregate),
        parse_scale(entry.scale) if entry.scale else None,
        anchor.day(entry.day),
    )
    plan = plan_survey(
        store,
        request,
        survey_text(entry),
        new_id=anchor.new_id,
        now=lambda: anchor.at(entry.day, 16, 30),
    )
    if not plan.ok:
        raise ValueError("; ".join(str(p) for p in plan.problems) or "nothing to import")
    import_survey(store, plan)
