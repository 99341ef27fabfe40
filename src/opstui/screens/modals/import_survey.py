"""The dialog that brings a research survey in: the file, then its columns to choose from,
and a preview of what would be written, kept up to date as choices change.

It only reads and checks (``services.survey_import``, through the ``check`` it is
given); the screen writes what it is dismissed with, in one transaction, so a survey is
imported whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select, SelectionList, Static

from opstui.db.errors import StoreError
from opstui.domain.metrics import Metric
from opstui.domain.readings_csv import parse_date
from opstui.domain.survey_csv import SurveyColumns
from opstui.domain.surveys import Aggregate, AggregateKind, parse_scale
from opstui.domain.text import printable
from opstui.screens.base import METRICS_CSS
from opstui.screens.modals.form import FormModal
from opstui.services.survey_import import (
    SurveyFileError,
    SurveyPlan,
    SurveyRequest,
    survey_columns,
)

#: Bad rows listed in the dialog; the count says how many more there are.
SHOWN_PROBLEMS = 10

AGGREGATES: tuple[tuple[str, AggregateKind], ...] = (
    ("Mean of the answers", AggregateKind.MEAN),
    ("Top two points of the scale (%)", AggregateKind.TOP2),
    ("Share equal to a value (%)", AggregateKind.SHARE),
)


class ImportSurvey(FormModal[SurveyPlan]):
    """Dismissed with a checked survey plan without a problem, or None."""

    CSS_PATH = METRICS_CSS

    def __init__(
        self,
        metric: Metric,
        check: Callable[[SurveyRequest], SurveyPlan],
        *,
        today: date,
        path: str = "",
    ) -> None:
        super().__init__()
        self.metric = metric
        self.check = check
        self.today = today
        self.initial_path = path
        self.heading = f"Import a survey into {printable(metric.name, lines=False)}"
        self.save_label = "Import"
        #: The file's columns once read; empty until a file is read.
        self.columns: list[str] = []
        #: What the last check found, for the preview and the tests.
        self.plan: SurveyPlan | None = None
        #: The path as typed, offered again next time.
        self.chosen_path = path

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled(
            "CSV file",
            Input(self.initial_path, placeholder="~/survey.csv", id="survey-path"),
            hint="Enter reads its columns",
        )
        yield from self.labelled(
            "Answers",
            Select[str]([], prompt="the column of answers", id="survey-value"),
        )
        yield from self.labelled(
            "Sum up as",
            Select(
                [(Text(label), kind) for label, kind in AGGREGATES],
                allow_blank=False,
                value=AggregateKind.MEAN,
                id="survey-aggregate",
            ),
        )
        yield Input(placeholder="the answer to count, e.g. Yes", id="survey-share")
        yield from self.labelled(
            "Scale",
            Input(placeholder="1-5", id="survey-scale", max_length=9),
            hint="the answers' points (top2: 1-5 when empty)",
        )
        yield from self.labelled(
            "Comments",
            SelectionList[str](id="survey-comments"),
            hint="space picks; each comment becomes a remark tagged survey",
        )
        yield from self.labelled("Group column", Select[str]([], prompt="none", id="survey-group"))
        yield from self.labelled(
            "Name column",
            Select[str]([], prompt="none: remarks are anonymous", id="survey-name"),
            hint="each name must be one person's",
        )
        yield from self.labelled(
            "Survey date",
            Input(
                self.today.isoformat(),
                placeholder="YYYY-MM-DD",
                restrict=r"[0-9-]*",
                max_length=10,
                id="survey-on",
            ),
        )
        yield Static(id="survey-preview")

    def on_mount(self) -> None:
        self.query_one("#survey-share", Input).display = False
        self.query_one("#survey-preview", Static).update(
            Text("Type the file's path and press Enter to read its columns.", style="italic")
        )

    # -- reading the file ------------------------------------------------------------

    def read_columns(self) -> None:
        """Read the header of the file typed, and offer its columns in every choice."""
        raw = self.value_of("survey-path").strip()
        if not raw:
            raise ValueError("File: type the path of a CSV file")
        self.chosen_path = raw
        try:
            columns = list(dict.fromkeys(c for c in survey_columns(Path(raw)) if c))
        except SurveyFileError as exc:
            said = str(exc)
            raise ValueError(said[:1].upper() + said[1:]) from None
        if not columns:
            raise ValueError("File: it has no header line to read columns from")
        self.columns = columns
        options = [(Text(printable(c, lines=False)), c) for c in columns]
        for select in ("#survey-value", "#survey-group", "#survey-name"):
            self.query_one(select, Select).set_options(options)
        comments = self.query_one("#survey-comments", SelectionList)
        comments.clear_options()
        comments.add_options(options)
        self.show_error("")
        self.refresh_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "survey-path" and not self.columns:
            try:
                self.read_columns()
            except ValueError as exc:
                self.show_error(str(exc))
            else:
                self.query_one("#survey-value", Select).focus()
            return
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "survey-path":
            if self.columns and event.value.strip() != self.chosen_path:
                self.columns = []  # another file: its columns are read again
        else:
            self.refresh_preview()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "survey-aggregate":
            share = event.value == AggregateKind.SHARE
            self.query_one("#survey-share", Input).display = share
        self.refresh_preview()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        self.refresh_preview()

    # -- checking ----------------------------------------------------------------------

    def request(self) -> SurveyRequest:
        """What the choices ask for; a ValueError naming the field that is missing."""
        value = self.choice_of("survey-value")
        if value is None:
            raise ValueError("Answers: choose the column holding the answers")
        kind = AggregateKind(self.choice_of("survey-aggregate"))
        share = self.value_of("survey-share").strip()
        if kind is AggregateKind.SHARE and not share:
            raise ValueError("Sum up as: type the answer whose share to count")
        scale_text = self.value_of("survey-scale").strip()
        try:
            scale = parse_scale(scale_text) if scale_text else None
        except ValueError as exc:
            raise ValueError(f"Scale: {exc}") from None
        on_text = self.value_of("survey-on").strip()
        try:
            on = parse_date(on_text) if on_text else self.today
        except ValueError as exc:
            raise ValueError(f"Survey date: {exc}") from None
        comments = tuple(self.query_one("#survey-comments", SelectionList).selected)
        columns = SurveyColumns(
            value,
            comments=tuple(c for c in self.columns if c in comments),
            group=self.choice_of("survey-group"),
            name=self.choice_of("survey-name"),
        )
        aggregate = Aggregate(kind, share if kind is AggregateKind.SHARE else "")
        return SurveyRequest(Path(self.chosen_path), self.metric, columns, aggregate, scale, on)

    def refresh_preview(self) -> None:
        """Check the choices against the file and show what would be written, or why not."""
        if not self.columns or not self.is_mounted:
            return
        preview = self.query_one("#survey-preview", Static)
        try:
            self.plan = plan = self.check(self.request())
        except (ValueError, StoreError) as exc:
            self.plan = None
            preview.update(Text(str(exc), style="italic"))
            return
        if plan.problems:
            listed = Text(f"Nothing can be imported: {len(plan.problems)} problem(s)\n")
            for problem in plan.problems[:SHOWN_PROBLEMS]:
                listed.append(f"line {problem.line}", style="bold")
                listed.append(f": {printable(problem.reason)}\n")
            more = len(plan.problems) - SHOWN_PROBLEMS
            if more > 0:
                listed.append(f"…and {more} more.\n")
            preview.update(listed)
            return
        shown = Text("Import will write:\n", style="bold")
        for line in plan.preview():
            shown.append(f"• {printable(line)}\n", style="")
        preview.update(shown)

    def build(self) -> SurveyPlan:
        if not self.columns:
            self.read_columns()
            raise ValueError("Choose the column of answers, then import.")
        plan = self.check(self.request())
        self.plan = plan
        if not plan.ok:
            self.refresh_preview()
            raise ValueError(
                f"Nothing imported: {len(plan.problems)} problem(s) in "
                f"{Path(self.chosen_path).name}. See the list above."
            )
        return plan
