"""Bringing a research survey in: its answers as a metric's reading (or baseline), its
comments as remarks tagged ``survey``, all in one transaction or nothing at all.

Called by ``opstui import survey`` and by the metrics screen's dialog alike: the file
is read and checked (``check_survey``), the plan shown (``SurveyPlan.preview``), and
only a plan without problems is written (``import_survey``). Free of Textual.

What is written, and the choices behind it:

* the aggregate becomes the metric's **baseline** (value and day) when it has none
  yet, else a **reading** for the cohort "all" on the survey's day (refused when that
  day already has one: importing twice would double the chart);
* the comments are kept in **one ended discovery session** titled "Survey: <file>"
  held on the survey's day (``--on``, else today): a remark belongs to a session, and a
  survey is discovery research;
* each non-empty comment is a remark of kind **observation** tagged ``survey`` (and
  ``group:<value>`` when a group column is given: a remark has no group of its own).
  Its sentiment comes from the respondent's answer where the answers are points of a
  scale (top2, or mean with ``--scale``), else it is neutral;
* remarks are **anonymous** unless a name column is given; then each name must be
  exactly one person's (ignoring case and spacing). A name matching nobody, or
  several people, is a bad row: nobody is ever created or guessed silently. An empty
  name stays anonymous;
* a ``surveys`` row records the import.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from opstui.domain.base import new_id, utcnow
from opstui.domain.metric_events import refuses_entered_readings
from opstui.domain.metrics import Cohort, Metric, Reading, format_value
from opstui.domain.progress import Cancelled, Progress, silent
from opstui.domain.readings_csv import RowProblem
from opstui.domain.session import Feedback, FeedbackKind, Session, SessionKind, SessionState
from opstui.domain.survey_csv import (
    ParsedSurvey,
    SurveyColumns,
    SurveyTextError,
    column_key,
    decode_survey,
    parse_survey_csv,
    read_header,
)
from opstui.domain.surveys import (
    SURVEY_TAG,
    Aggregate,
    AggregateKind,
    Scale,
    Survey,
    group_tag,
    reading_note,
    survey_title,
)
from opstui.domain.values import Sentiment
from opstui.files import read_regular_file

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.domain.initiative import Person

#: A survey export is text; anything larger is not one (a survey of 50,000 respondents
#: with a paragraph each stays well under it).
MAX_BYTES = 32 * 1024 * 1024
#: Comments checked between two progress calls, and the phases progress is told in.
PROGRESS_EVERY = 500
CHECKING = "checking"
WRITING = "writing"
#: The hour the survey's session is set at, in UTC: its day reads the same anywhere.
SESSION_HOUR = time(12, 0, tzinfo=UTC)
#: The built-in playbook a survey's session is said to come from.
PLAYBOOK = "discovery"


class SurveyFileError(ValueError):
    """The file could not be read as text; the message says why, for the user."""


def read_survey_text(path: Path) -> str:
    """The text of a survey file: a regular file of at most ``MAX_BYTES`` (a link to
    one is followed; a FIFO, a device or a folder is refused without being opened)."""
    path = path.expanduser()
    try:
        return decode_survey(read_regular_file(path, MAX_BYTES))
    except SurveyTextError as exc:
        raise SurveyFileError(f"{path} {exc}") from None
    except OSError as exc:  # UnsafeFile says what the path is; others, what the system said
        raise SurveyFileError(
            str(exc) if not exc.strerror else f"cannot read {path}: {exc.strerror}"
        ) from None


def survey_columns(path: Path) -> list[str]:
    """The column names in a survey file's header, to offer as choices."""
    return read_header(read_survey_text(path))[0]


@dataclass(frozen=True)
class SurveyRequest:
    """What to import: the file, the metric, and how to read the columns."""

    path: Path
    metric: Metric
    columns: SurveyColumns
    aggregate: Aggregate
    scale: Scale | None = None
    #: The survey's day (None: today).
    on: date | None = None


@dataclass
class SurveyPlan:
    """What importing a survey would write, or the problems that stop it."""

    request: SurveyRequest
    parsed: ParsedSurvey
    day: date
    problems: list[RowProblem] = field(default_factory=list)
    survey: Survey | None = None
    session: Session | None = None
    remarks: list[Feedback] = field(default_factory=list)
    reading: Reading | None = None
    baseline: tuple[float, date] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.survey is not None

    @property
    def file_name(self) -> str:
        return self.request.path.name

    @property
    def value_column(self) -> str:
        """The value column as the file's header spells it."""
        wanted = column_key(self.request.columns.value)
        return next(
            (c for c in self.parsed.columns if column_key(c) == wanted),
            self.request.columns.value.strip(),
        )

    def preview(self) -> list[str]:
        """What would be written, one line each, for the dialog and ``--dry-run``."""
        request, parsed = self.request, self.parsed
        if not self.ok or parsed.value is None:
            return []
        metric = request.metric
        value = format_value(parsed.value, request.aggregate.unit or metric.unit)
        scale = request.scale or (Scale() if request.aggregate.kind is AggregateKind.TOP2 else None)
        how = request.aggregate.describe(self.value_column, scale)
        if self.baseline is not None:
            went = f"the baseline of {metric.name} on {self.day.isoformat()} (it has none yet)"
        else:
            went = f"a reading of {metric.name} for all on {self.day.isoformat()}"
        named = sum(1 for r in self.remarks if r.person_id is not None)
        lines = [
            f"{parsed.respondents} respondents; {how}: {value}",
            f"{value} becomes {went}",
        ]
        if self.remarks:
            lines.append(
                f"{len(self.remarks)} comments become remarks tagged {SURVEY_TAG} "
                f"({named} named, {len(self.remarks) - named} anonymous) in the ended "
                f"discovery session “{survey_title(self.file_name)}”"
            )
        else:
            lines.append("no comments to keep as remarks")
        return lines


def _people_by_name(people: list[Person]) -> dict[str, list[Person]]:
    found: dict[str, list[Person]] = {}
    for person in people:
        found.setdefault(column_key(person.name), []).append(person)
    return found


def check_survey(store: Store, request: SurveyRequest, progress: Progress = silent) -> SurveyPlan:
    """Read and check a survey file against the database; nothing is written.

    ``progress`` is told the comments checked, and may stop it with ``Cancelled``.

    Raises:
        SurveyFileError: The file cannot be read as text.
    """
    return plan_survey(store, request, read_survey_text(request.path), progress=progress)


def plan_survey(
    store: Store,
    request: SurveyRequest,
    text: str,
    *,
    new_id: Callable[[], str] = new_id,
    now: Callable[[], datetime] = utcnow,
    progress: Progress = silent,
) -> SurveyPlan:
    """Check a survey's text against the database and plan what importing it writes.

    ``new_id`` and ``now`` give the records their ids and the import its time (the demo
    passes its seeded ones, so that its file is the same every time).
    """
    parsed = parse_survey_csv(text, request.columns, request.aggregate, request.scale)
    day = request.on or date.today()
    plan = SurveyPlan(request, parsed, day, problems=list(parsed.problems))
    if plan.problems or parsed.value is None:
        return plan
    metric = store.get_metric(request.metric.id)
    people = _people_by_name(store.list_people()) if request.columns.name else {}
    held = datetime.combine(day, SESSION_HOUR)
    session = Session(
        id=new_id(),
        initiative_id=metric.initiative_id,
        playbook_key=PLAYBOOK,
        kind=SessionKind.DISCOVERY,
        title=survey_title(plan.file_name),
        state=SessionState.ENDED,
        planned_at=held,
        started_at=held,
        ended_at=held,
    )
    scale = request.scale or (Scale() if request.aggregate.kind is AggregateKind.TOP2 else None)
    for done, comment in enumerate(parsed.comments):
        if done % PROGRESS_EVERY == 0:
            progress(CHECKING, done, len(parsed.comments))
        person_id = None
        if comment.name:
            matches = people.get(column_key(comment.name), [])
            if len(matches) != 1:
                why = "nobody" if not matches else f"{len(matches)} people"
                plan.problems.append(
                    RowProblem(
                        comment.line,
                        f"the name {comment.name!r} is {why} among the people; add them "
                        "first, correct the name, or leave the name column out",
                    )
                )
                continue
            person_id = matches[0].id
        sentiment = Sentiment.NEUTRAL
        if scale is not None and comment.answer:
            sentiment = scale.sentiment(float(comment.answer))
        tags = [SURVEY_TAG] + ([group_tag(comment.group)] if comment.group else [])
        try:
            plan.remarks.append(
                Feedback(
                    id=new_id(),
                    session_id=session.id,
                    person_id=person_id,
                    sentiment=sentiment,
                    kind=FeedbackKind.OBSERVATION,
                    text=comment.text,
                    tags=tags,
                    created_at=held,
                )
            )
        except ValidationError as exc:
            plan.problems.append(
                RowProblem(comment.line, "; ".join(e["msg"] for e in exc.errors()))
            )
    if plan.problems:
        return plan
    value = parsed.value
    note = reading_note(
        plan.file_name, request.aggregate, plan.value_column, scale, len(parsed.answers)
    )
    if metric.baseline_value is None:
        if metric.target_on is not None and day > metric.target_on:
            plan.problems.append(
                RowProblem(
                    1,
                    f"the survey's day {day.isoformat()} comes after the target date "
                    f"{metric.target_on.isoformat()} of {metric.name}, so it cannot be the "
                    "baseline; give the day the survey ran with --on",
                )
            )
            return plan
        plan.baseline = (value, day)
    elif refused := refuses_entered_readings(metric):
        # Its baseline may come from a survey; its readings come from events or checks.
        plan.problems.append(RowProblem(1, refused))
        return plan
    else:
        stored = [
            r
            for r in store.list_readings(metric.id)
            if r.taken_on == day and r.cohort is Cohort.ALL
        ]
        if stored:
            plan.problems.append(
                RowProblem(
                    1,
                    f"{metric.name} already has a reading for all on {day.isoformat()} "
                    f"(value {format_value(stored[0].value)}); give the survey's day with --on",
                )
            )
            return plan
        plan.reading = Reading(
            id=new_id(), metric_id=metric.id, taken_on=day, value=value, note=note
        )
    aggregate = str(request.aggregate)
    if request.aggregate.kind is not AggregateKind.SHARE and scale is not None:
        aggregate += f" (scale {scale})"
    plan.session = session
    plan.survey = Survey(
        id=new_id(),
        initiative_id=metric.initiative_id,
        metric_id=metric.id,
        session_id=session.id,
        reading_id=plan.reading.id if plan.reading else None,
        file_name=plan.file_name,
        value_column=plan.value_column,
        aggregate=aggregate,
        respondents=parsed.respondents,
        comments=len(plan.remarks),
        imported_at=now(),
    )
    return plan


def import_survey(store: Store, plan: SurveyPlan, progress: Progress = silent) -> Survey:
    """Write a checked survey, all of it in one transaction.

    ``progress`` is told before and after; it may stop it with ``Cancelled`` only
    before (a survey's remarks are written in one short transaction, whole or not).

    Raises:
        ValueError: The plan has problems (never written).
        StoreError: The file refused the write; nothing of it is kept.
    """
    if not plan.ok or plan.survey is None or plan.session is None:
        raise ValueError("a survey with problems is never imported")
    progress(WRITING, 0, len(plan.remarks))
    written = store.add_survey(
        plan.survey,
        session=plan.session,
        remarks=plan.remarks,
        reading=plan.reading,
        baseline=plan.baseline,
    )
    with contextlib.suppress(Cancelled):  # too late to stop: it is written
        progress(WRITING, len(plan.remarks), len(plan.remarks))
    return written
