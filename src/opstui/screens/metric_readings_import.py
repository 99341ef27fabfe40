"""Importing a metric's readings from a CSV file on the metrics screen (``i``).

The dialog checks the file, and then the readings are written, each behind a progress
bar in a worker (``JobProgress``): the same checks and the same batched, cancellable
import ``opstui import readings`` uses (``opstui.services.readings_import``). Cancelled,
nothing of the import is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.domain.readings_csv import ParsedReadings
from opstui.screens.modals.import_readings import ImportReadings
from opstui.screens.modals.job_progress import JobEnded, JobProgress
from opstui.services.readings_import import import_readings

if TYPE_CHECKING:
    from opstui.screens.metrics import MetricsScreen


def import_readings_on(screen: MetricsScreen) -> None:
    """Ask for the file and import it into the selected metric; the screen remembers the
    file's path for the next time."""
    if screen.refuse_if_read_only() or (metric := screen._selected_metric()) is None:
        return
    if screen._refuse_derived(metric):
        return
    dialog = ImportReadings(metric, screen.readings.get(metric.id, []), screen.last_import)

    def checked(parsed: ParsedReadings | None) -> None:
        if parsed is None:
            return
        screen.last_import = dialog.chosen_path
        count = len(parsed.readings)
        screen.app.push_screen(
            JobProgress(
                f"Importing {count:,} reading{'' if count == 1 else 's'} of {metric.name}",
                lambda progress: import_readings(screen.store, parsed, progress),
            ),
            written,
        )

    def written(outcome: JobEnded[int] | None) -> None:
        if outcome is None:
            return
        if outcome.cancelled:
            screen.app.notify("Import cancelled: none of its readings were kept.")
        elif screen._write("import the readings", outcome.unwrap):
            count = outcome.unwrap()
            screen.app.notify(f"Imported {count} reading{'' if count == 1 else 's'}.")
        screen.reload()

    screen.app.push_screen(dialog, checked)
