"""Bringing a metric's readings in from a CSV file: every row, or none at all."""

from __future__ import annotations

from pathlib import Path

from opstui.db.store import Store
from opstui.domain.metric_events import refuses_entered_readings
from opstui.domain.metrics import Metric, Reading
from opstui.domain.progress import Progress, silent
from opstui.domain.readings_csv import ParsedReadings, parse_readings_csv


class ReadingsFileError(ValueError):
    """The file could not be read as text; the message says why, for the user."""


def read_readings_file(
    path: Path, metric: Metric, existing: list[Reading], progress: Progress = silent
) -> ParsedReadings:
    """Read and check a CSV file of ``metric``'s readings against ``existing`` ones.

    Nothing is written: the caller shows the problems, or imports with
    ``import_readings``. A file that cannot be read, or a metric whose readings are
    worked out from events or checks, raises ``ReadingsFileError``. ``progress`` is told
    the lines checked, and may stop it with ``Cancelled``.
    """
    if why := refuses_entered_readings(metric):
        raise ReadingsFileError(f"{why}; readings cannot be imported for it")
    path = path.expanduser()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ReadingsFileError(f"no file at {path}") from None
    except IsADirectoryError:
        raise ReadingsFileError(f"{path} is a folder; give the path of a .csv file") from None
    except UnicodeDecodeError:
        raise ReadingsFileError(f"{path} is not UTF-8 text; save it as CSV (UTF-8)") from None
    except OSError as exc:
        raise ReadingsFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_readings_csv(text, metric.id, existing=existing, progress=progress)


def import_readings(store: Store, parsed: ParsedReadings, progress: Progress = silent) -> int:
    """Store every reading of a file without a bad row; how many. All of them or none.

    They are written in short transactions (``Store.import_readings``), so the app and
    devices writing to the same file meanwhile never wait long; ``progress`` is told
    after each, and may stop the import with ``Cancelled``, which takes back what it
    wrote. An import stopped by a killed process is taken back the next time the file
    is opened for writing.
    """
    if parsed.problems:
        raise ValueError("a file with bad rows is never imported")
    return store.import_readings(parsed.readings, parsed.id_prefix, progress)


def bad_rows(count: int) -> str:
    """ "3 bad rows": how the CLI and the dialog both say it."""
    return f"{count} bad row{'' if count == 1 else 's'}"
