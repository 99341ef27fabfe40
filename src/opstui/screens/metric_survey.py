"""Importing a research survey from the metrics screen (``u``): the dialog, then the
same checks and the one transaction ``opstui import survey`` uses
(``opstui.services.survey_import``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.domain.surveys import Survey
from opstui.screens import clock
from opstui.screens.modals.import_survey import ImportSurvey
from opstui.screens.modals.job_progress import JobEnded, JobProgress
from opstui.services.survey_import import SurveyPlan, check_survey, import_survey

if TYPE_CHECKING:
    from opstui.screens.metrics import MetricsScreen


def import_survey_on(screen: MetricsScreen) -> None:
    """Ask for the survey and import it into the selected metric; the screen remembers
    the file's path for the next time."""
    if screen.refuse_if_read_only() or (metric := screen._selected_metric()) is None:
        return
    dialog = ImportSurvey(
        metric,
        lambda request: check_survey(screen.store, request),
        today=clock.today(),
        path=screen.last_survey,
    )

    def checked(plan: SurveyPlan | None) -> None:
        if plan is None:
            return
        screen.last_survey = dialog.chosen_path

        def written(outcome: JobEnded[Survey] | None) -> None:
            if outcome is None:
                return
            if outcome.cancelled:
                screen.app.notify("Survey import cancelled: nothing of it was written.")
            elif screen._write("import the survey", outcome.unwrap):
                screen.reload()
                screen.load_initiative_charts()
                went = "baseline" if plan.baseline is not None else "reading"
                screen.app.notify(
                    f"Imported the survey: a {went} and {len(plan.remarks)} remarks tagged survey."
                )

        screen.app.push_screen(
            JobProgress(
                f"Importing the survey {plan.file_name}",
                lambda progress: import_survey(screen.store, plan, progress),
            ),
            written,
        )

    screen.app.push_screen(dialog, checked)
