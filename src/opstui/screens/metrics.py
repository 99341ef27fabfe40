"""The metrics screen of an initiative: progress against the baseline, charts and readings.

The table lists every metric with its progress overall and per cohort; adopters'
progress against the baseline, the question of the evaluation step, is spelled out
for the selected metric. Below, tabs hold the metric's chart beside its readings, the
sentiment of the initiative's sessions, satisfaction at evaluation, pilot adoption,
and the results of its votes.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from opstui.db.errors import StoreError
from opstui.domain.chart_series import (
    COHORT_LABELS,
    adoption_chart,
    metric_chart,
    satisfaction_by_session,
    sentiment_by_session,
    vote_bars,
)
from opstui.domain.initiative import Person
from opstui.domain.metric_events import (
    CapabilityCheck,
    MetricEvent,
    is_derived,
    refuses_entered_readings,
)
from opstui.domain.metric_tree import leading_of, predicted, tree, tree_prefix
from opstui.domain.metrics import (
    Cohort,
    Measure,
    Metric,
    Reading,
    format_value,
    progress_by_cohort,
    usage_warning,
)
from opstui.domain.remark_trail import Said
from opstui.domain.session import Session, SessionKind
from opstui.domain.voting import Proposal
from opstui.screens import clock
from opstui.screens.base import METRICS_CSS, DatabaseChanged, OpstuiScreen, guarded
from opstui.screens.commands import (
    EXPORT_INITIATIVE,
    Command,
    bindings,
    edit_actions,
    in_footer,
    keys_footer,
)
from opstui.screens.metric_event_actions import MetricEventActions
from opstui.screens.metric_readings_import import import_readings_on
from opstui.screens.metric_rows import fill_derived_rows, reading_columns
from opstui.screens.metric_survey import import_survey_on
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.metric_form import MetricForm
from opstui.screens.modals.reading_form import ReadingForm
from opstui.services.metric_saving import MetricLinkError, save_metric
from opstui.services.remark_links import remarks_behind_metrics
from opstui.widgets.charts import (
    AdoptionPlot,
    MetricChartPlot,
    RelatedChartsPlot,
    SatisfactionPlot,
    SentimentDistributionPlot,
    SentimentTrendPlot,
    VoteResultPlot,
)
from opstui.widgets.metric_text import metric_detail, progress_cell
from opstui.widgets.tones import MUTED, WARN
from opstui.widgets.user_text import printable, user_text
from opstui.widgets.you_said import said_text

#: Widths that keep the metrics table, all four cohorts included, within 120 columns.
NAME_WIDTH = 36
SPAN_WIDTH = 20
#: The readings' note column: the rest of the readings box after date, cohort and value.
NOTE_WIDTH = 11

TABS = ("tab-metric", "tab-sentiment", "tab-satisfaction", "tab-adoption", "tab-votes")

#: In the footer's order: a reading is what is added most, then metrics, then the
#: initiative's report; deleting is rare enough for F1 and the palette alone. ``r`` adds
#: to the selected metric however it is measured: a reading, an event, or checks of
#: people (one of the three is offered at a time, see ``check_action``).
COMMANDS = (
    Command("escape", "back", "Back"),
    Command("r", "add_reading", "Add reading", edits=True),
    Command("r", "log_event", "Log event", edits=True),
    Command("r", "check_people", "Check people", edits=True),
    Command("n", "add_metric", "New metric", edits=True),
    Command("e", "edit_metric", "Edit metric", edits=True),
    Command("i", "import_readings", "Import readings", edits=True, label="Import"),
    Command("u", "import_survey", "Import survey", edits=True, footer=False),
    in_footer(EXPORT_INITIATIVE),
    Command("t", "edit_reading", "Edit reading", edits=True),
    Command("d", "delete_metric", "Delete metric", edits=True, footer=False),
    Command("x", "delete_reading", "Delete reading", edits=True, footer=False),
    Command("1", "show_tab('tab-metric')", "Metric chart", footer=False),
    Command("2", "show_tab('tab-sentiment')", "Sentiment chart", footer=False),
    Command("3", "show_tab('tab-satisfaction')", "Satisfaction chart", footer=False),
    Command("4", "show_tab('tab-adoption')", "Adoption chart", footer=False),
    Command("5", "show_tab('tab-votes')", "Vote results", footer=False),
)


class MetricsScreen(OpstuiScreen):
    """Every metric of one initiative, with its progress, chart and readings."""

    CSS_PATH = METRICS_CSS
    #: Below 100 columns the readings give the chart half the width, and below 32 rows the
    #: heading gives it its line (see metrics.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = bindings(COMMANDS)
    EDIT_ACTIONS = edit_actions(COMMANDS)

    def __init__(self, initiative_id: str, *, metric_id: str | None = None) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        #: The metric whose chart and readings are shown.
        self.metric_id = metric_id
        self.metrics: list[Metric] = []
        self.readings: dict[str, list[Reading]] = {}
        #: The events and checks of the metrics measured from them.
        self.events: list[MetricEvent] = []
        self.checks: list[CapabilityCheck] = []
        self.proposals: list[Proposal] = []
        #: The remarks behind each metric ("you said"), and whom and where to name.
        self.behind: dict[str, list[Said]] = {}
        self.people: dict[str, Person] = {}
        self.sessions: dict[str, Session] = {}
        #: Where the last CSV came from, offered again for the next import.
        self.last_import = ""
        self.last_survey = ""
        self.event_actions = MetricEventActions(self)

    @property
    def context_initiative_id(self) -> str | None:
        return self.initiative_id

    #: Which of the ``r`` commands each way of measuring offers.
    ADDS = {
        "add_reading": Measure.READINGS,
        "log_event": Measure.EVENTS,
        "check_people": Measure.CAPABILITY,
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ADDS:
            metric = self.metric
            measure = metric.measure if metric else Measure.READINGS
            if self.ADDS[action] is not measure:
                return False
        return super().check_action(action, parameters)

    @property
    def metric(self) -> Metric | None:
        for metric in self.metrics:
            if metric.id == self.metric_id:
                return metric
        return None

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="metrics-heading")
        yield DataTable(id="metrics-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="metric-detail")
        yield Static(id="metric-said")
        with TabbedContent(id="metrics-tabs"):
            with TabPane("Metric", id="tab-metric"), Horizontal(id="metric-pane"):
                with Vertical(id="metric-charts"):
                    yield MetricChartPlot(id="metric-chart")
                    yield RelatedChartsPlot(id="related-chart")
                with Vertical(id="readings-box"):
                    yield Static(id="readings-title")
                    yield DataTable(id="readings-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Sentiment", id="tab-sentiment"), Horizontal(classes="chart-pair"):
                yield SentimentDistributionPlot(id="sentiment-chart")
                yield SentimentTrendPlot(id="sentiment-trend")
            with TabPane("Satisfaction", id="tab-satisfaction"):
                yield SatisfactionPlot(id="satisfaction-chart")
            with TabPane("Adoption", id="tab-adoption"):
                yield AdoptionPlot(id="adoption-chart")
            with TabPane("Votes", id="tab-votes"), Horizontal(id="votes-pane"):
                yield DataTable(id="votes-table", cursor_type="row", zebra_stripes=True)
                yield VoteResultPlot(id="vote-chart")
        yield keys_footer()

    @guarded(leave=True)
    def on_mount(self) -> None:
        metrics = self.query_one("#metrics-table", DataTable)
        metrics.add_column("Metric", key="name", width=NAME_WIDTH)
        metrics.add_column("Baseline → target", key="span")
        for cohort in Cohort:
            metrics.add_column(COHORT_LABELS[cohort], key=cohort.value)
        votes = self.query_one("#votes-table", DataTable)
        votes.add_column("Vote", key="title", width=30)
        votes.add_column("Outcome", key="outcome", width=9)
        self.reload()
        self.load_initiative_charts()
        metrics.focus()

    @guarded()
    def on_screen_resume(self) -> None:
        # Sessions may have added feedback or votes while this screen was underneath.
        if self.is_mounted:
            self.reload()
            self.load_initiative_charts()

    @guarded()
    def on_database_changed(self, _: DatabaseChanged) -> None:
        # Another process (a facilitator capturing live) wrote to the file.
        self.reload()
        self.load_initiative_charts()

    # -- loading -------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the metrics and readings again and show them, keeping the selection."""
        try:
            initiative = self.store.get_initiative(self.initiative_id)
        except StoreError:
            self.app.notify("This initiative no longer exists.", severity="error")
            self.dismiss_if_possible()
            return
        self.title = "Metrics"
        self.sub_title = printable(initiative.title)
        heading = Text("Metrics of ", style="bold")
        heading.append(printable(initiative.title), style="bold")
        heading.append(f"   step {initiative.step.label}", style=MUTED)
        self.query_one("#metrics-heading", Static).update(heading)
        # In the tree's order: each outcome, then the leading indicators predicting it.
        self.metrics = tree(self.store.list_metrics(self.initiative_id)).ordered()
        # Every metric's readings, worked out from events and checks where it is measured
        # from them, in a fixed number of queries; the events and checks, to list them.
        self.readings = self.store.readings_of_metrics(self.metrics)
        self.events, self.checks = self.store.events_and_checks(self.metrics)
        if self.checks and not self.people:
            self.people = {p.id: p for p in self.store.list_people()}
        self.behind = remarks_behind_metrics(self.store, self.initiative_id)
        if self.behind:  # names and sessions only when there are remarks to name
            self.people = {p.id: p for p in self.store.list_people()}
            self.sessions = {s.id: s for s in self.store.list_sessions(self.initiative_id)}
        if select is not None:
            self.metric_id = select
        if self.metric is None:
            self.metric_id = self._first_metric_id()
        self.fill_metrics_table()
        self.show_metric()

    def _first_metric_id(self) -> str | None:
        for metric in self.metrics:
            if metric.primary:
                return metric.id
        return self.metrics[0].id if self.metrics else None

    def fill_metrics_table(self) -> None:
        table = self.query_one("#metrics-table", DataTable)
        table.clear()
        today = clock.today()
        for metric, depth, last in tree(self.metrics).rows():
            results = progress_by_cohort(metric, self.readings[metric.id], today=today)
            name = user_text(metric.name)
            if depth:
                name = Text.assemble((tree_prefix(depth, last), MUTED), name)
            if metric.primary:
                name.append(" ★", style="bold")
            if usage_warning(metric.name, metric.kind):
                name.append(" ⚠", style=WARN)
            name.truncate(NAME_WIDTH, overflow="ellipsis")
            span = Text(format_value(metric.baseline_value))
            span.append(" → ", style=MUTED)
            span.append(printable(format_value(metric.target_value, metric.unit)))
            span.truncate(SPAN_WIDTH, overflow="ellipsis")
            table.add_row(
                name,
                span,
                *(progress_cell(metric, results[c]) for c in Cohort),
                key=metric.id,
            )
        if self.metric_id is not None:
            table.move_cursor(row=table.get_row_index(self.metric_id), scroll=True)
        self.refresh_bindings()

    def show_metric(self) -> None:
        """Show the selected metric's detail, chart and readings."""
        metric = self.metric
        detail = metric_detail(
            metric,
            self.readings.get(metric.id, []) if metric else [],
            today=clock.today(),
        )
        said = self.behind.get(metric.id, []) if metric else []
        self.query_one("#metric-detail", Static).update(detail)
        self.query_one("#metric-said", Static).update(said_text(said, self.people, self.sessions))
        chart = self.query_one("#metric-chart", MetricChartPlot)
        readings = self.query_one("#readings-table", DataTable)
        # A capability metric's rows name a person first: they stay in view at 80 columns.
        readings.clear(columns=True)
        for label, width in reading_columns(metric, NOTE_WIDTH):
            readings.add_column(label, key=label.lower(), width=width)
        title = self.query_one("#readings-title", Static)
        if metric is None:
            chart.show(None)
            self.query_one("#related-chart", RelatedChartsPlot).show("", [])
            title.update(Text("No metric yet.", style=MUTED))
            return
        mine = self.readings.get(metric.id, [])
        chart.show(metric_chart(metric, mine))
        self.show_related(metric)
        if is_derived(metric):
            title.update(
                fill_derived_rows(
                    readings,
                    metric,
                    mine,
                    [e for e in self.events if e.metric_id == metric.id],
                    [c for c in self.checks if c.metric_id == metric.id],
                    self.people,
                )
            )
            return
        count = len(mine)
        title.update(
            Text.assemble(
                (f"{count} reading{'' if count == 1 else 's'}", "bold"),
                ("  r add · t edit · x delete", MUTED),
            )
        )
        for reading in sorted(mine, key=lambda r: (r.taken_on, r.cohort.value), reverse=True):
            readings.add_row(
                Text(reading.taken_on.isoformat()),
                Text(COHORT_LABELS[reading.cohort]),
                Text(format_value(reading.value), justify="right"),
                Text(printable(reading.note), overflow="ellipsis", no_wrap=True),
                key=reading.id,
            )

    def show_related(self, metric: Metric) -> None:
        """Below the metric's chart: an outcome's leading indicators, or the outcome a
        leading indicator predicts, each on its own axes (their units differ)."""
        related = leading_of(metric, self.metrics)
        heading = f"Leading indicators of {printable(metric.name, lines=False)}"
        if not related and (outcome := predicted(metric, self.metrics)) is not None:
            related = [outcome]
            heading = f"Predicts {printable(outcome.name, lines=False)}"
        self.query_one("#related-chart", RelatedChartsPlot).show(
            heading, [metric_chart(m, self.readings.get(m.id, [])) for m in related]
        )

    def load_initiative_charts(self) -> None:
        """Sentiment, satisfaction, adoption and votes: about the initiative as a whole."""
        sessions = self.store.list_sessions(self.initiative_id)
        feedback = self.store.list_feedback(initiative_id=self.initiative_id)
        by_session = sentiment_by_session(sessions, feedback)
        self.query_one("#sentiment-chart", SentimentDistributionPlot).show(by_session)
        self.query_one("#sentiment-trend", SentimentTrendPlot).show(by_session)
        fill_ins = [
            f
            for s in sessions
            if s.kind is SessionKind.EVALUATION
            for f in self.store.list_fill_ins(s.id)
        ]
        self.query_one("#satisfaction-chart", SatisfactionPlot).show(
            satisfaction_by_session(sessions, fill_ins)
        )
        cohorts = self.store.list_cohorts(self.initiative_id)
        self.query_one("#adoption-chart", AdoptionPlot).show(adoption_chart(cohorts, clock.today()))
        self.proposals = self.store.list_proposals(initiative_id=self.initiative_id)
        votes = self.query_one("#votes-table", DataTable)
        votes.clear()
        for proposal in self.proposals:
            outcome = proposal.outcome.value.replace("-", " ") if proposal.outcome else "open"
            title = Text(printable(proposal.title), no_wrap=True)
            title.truncate(30, overflow="ellipsis")
            votes.add_row(title, Text(outcome), key=proposal.id)
        self.show_vote(self.proposals[0] if self.proposals else None)

    def show_vote(self, proposal: Proposal | None) -> None:
        chart = self.query_one("#vote-chart", VoteResultPlot)
        if proposal is None:
            chart.show(None)
            if not self.proposals:
                chart.message = "No votes in this initiative's sessions yet."
                chart.refresh()
            return
        chart.show(vote_bars(proposal, self.store.list_ballots(proposal.id)))

    # -- events --------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#metrics-table")
    def metric_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key != self.metric_id:
            self.metric_id = key
            self.show_metric()
            self.refresh_bindings()  # r adds what this metric is measured by

    @on(DataTable.RowSelected, "#readings-table")
    def reading_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_reading()

    @on(DataTable.RowHighlighted, "#votes-table")
    @guarded()
    def vote_highlighted(self, event: DataTable.RowHighlighted) -> None:
        for proposal in self.proposals:
            if proposal.id == event.row_key.value:
                self.show_vote(proposal)

    # -- actions -------------------------------------------------------------------------

    def dismiss_if_possible(self) -> None:
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()

    def action_back(self) -> None:
        self.dismiss_if_possible()

    def action_show_tab(self, tab: str) -> None:
        if tab in TABS:
            self.query_one("#metrics-tabs", TabbedContent).active = tab

    def _selected_metric(self) -> Metric | None:
        metric = self.metric
        if metric is None:
            self.app.notify("No metric yet: press n to add one.", severity="warning")
        return metric

    def _selected_reading(self) -> Reading | None:
        metric = self.metric
        table = self.query_one("#readings-table", DataTable)
        if metric is None or table.row_count == 0:
            self.app.notify("No reading to change: press r to add one.", severity="warning")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        for reading in self.readings.get(metric.id, []):
            if reading.id == key:
                return reading
        return None

    def _write(self, what: str, write: Callable[[], object]) -> bool:
        """Run a store write, saying plainly when it could not be done."""
        try:
            write()
        except (StoreError, MetricLinkError) as exc:
            self.app.notify(f"Could not {what}: {exc}", severity="error")
            return False
        return True

    def action_add_metric(self) -> None:
        if self.refuse_if_read_only():
            return

        def added(metric: Metric | None) -> None:
            if metric is not None and self._write(
                "add the metric", lambda: save_metric(self.store, metric, new=True)
            ):
                self.reload(select=metric.id)
                self.app.notify(f"Added the metric {metric.name}.")

        self.app.push_screen(MetricForm(self.initiative_id, metrics=self.metrics), added)

    def action_edit_metric(self) -> None:
        if self.refuse_if_read_only() or (metric := self._selected_metric()) is None:
            return

        def edited(changed: Metric | None) -> None:
            if changed is not None and self._write(
                "save the metric", lambda: save_metric(self.store, changed, new=False)
            ):
                self.reload(select=changed.id)

        self.app.push_screen(MetricForm(self.initiative_id, metric, metrics=self.metrics), edited)

    def action_delete_metric(self) -> None:
        if self.refuse_if_read_only() or (metric := self._selected_metric()) is None:
            return
        count = len(self.readings.get(metric.id, []))

        def answered(delete: bool | None) -> None:
            if delete and self._write(
                "delete the metric", lambda: self.store.delete_metric(metric.id)
            ):
                self.metric_id = None
                self.reload()
                self.app.notify(f"Deleted the metric {metric.name}.")

        question = (
            f"Delete the metric “{metric.name}”? "
            f"Its {count} reading{'' if count == 1 else 's'} will be deleted with it."
        )
        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep"), answered)

    def _refuse_derived(self, metric: Metric) -> bool:
        """Say why readings cannot be typed in or imported for this metric, if so."""
        why = refuses_entered_readings(metric)
        if why is not None:
            self.app.notify(why, severity="warning")
        return why is not None

    def action_add_reading(self) -> None:
        if self.refuse_if_read_only() or (metric := self._selected_metric()) is None:
            return
        if self._refuse_derived(metric):
            return

        def added(reading: Reading | None) -> None:
            if reading is not None and self._write(
                "add the reading", lambda: self.store.add_reading(reading)
            ):
                self.reload()

        self.app.push_screen(ReadingForm(metric), added)

    def action_edit_reading(self) -> None:
        if self.refuse_if_read_only() or (metric := self._selected_metric()) is None:
            return
        if is_derived(metric):
            self.event_actions.edit_row(metric)
            return
        reading = self._selected_reading()
        if reading is None:
            return

        def edited(changed: Reading | None) -> None:
            if changed is not None and self._write(
                "save the reading", lambda: self.store.update_reading(changed)
            ):
                self.reload()

        self.app.push_screen(ReadingForm(metric, reading), edited)

    def action_delete_reading(self) -> None:
        if self.refuse_if_read_only() or (metric := self._selected_metric()) is None:
            return
        if is_derived(metric):
            self.event_actions.delete_row()
            return
        reading = self._selected_reading()
        if reading is None:
            return

        def answered(delete: bool | None) -> None:
            if delete and self._write(
                "delete the reading", lambda: self.store.delete_reading(reading.id)
            ):
                self.reload()

        question = (
            f"Delete the reading of {format_value(reading.value, metric.unit)} for "
            f"{COHORT_LABELS[reading.cohort].lower()} on {reading.taken_on.isoformat()}?"
        )
        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep"), answered)

    def action_import_readings(self) -> None:
        import_readings_on(self)

    def action_import_survey(self) -> None:
        import_survey_on(self)

    # -- events and checks (``metric_event_actions``) -------------------------------------

    def action_log_event(self) -> None:
        self.event_actions.log_event()

    def action_check_people(self) -> None:
        self.event_actions.check_people()
