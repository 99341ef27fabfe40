"""Merging facilitators' files into one: the use case the command line calls.

Every source is checked before any is merged, so that a refused file stops the run
before anything is written; then each is merged in turn, in short write transactions
(``opstui.db.merge``), telling ``progress`` how far it is between them. A merge
stopped part way (``Cancelled`` from ``progress``, Ctrl+C, a kill) leaves the target
whole, holding part of the merge; running the same merge again completes it. A dry run
merges into a private copy of the target; a target that does not exist yet is not
created by a dry run (it is rehearsed on a new file in a private temporary folder).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from opstui.db.merge import Merger, check_rehearsal_target, check_source
from opstui.db.store import Store
from opstui.domain.merging import MergeReport
from opstui.domain.progress import Progress, silent


def merge_files(
    sources: Sequence[Path],
    into: Path,
    *,
    dry_run: bool = False,
    private_notes: bool = False,
    progress: Progress = silent,
) -> MergeReport:
    """Merge each source file into ``into`` (created if it does not exist), in turn.

    Raises:
        MergeRefused: A source cannot be merged (nothing was written), or a span of a
            merge would leave the target inconsistent (that span was rolled back).
        StoreError: The target cannot be opened or written.
        Cancelled: ``progress`` stopped the merge between two write transactions.
    """
    for source in sources:
        check_source(source, into)
    if dry_run and into.exists():
        check_rehearsal_target(into)
    report = MergeReport(into=str(into), dry_run=dry_run)
    if dry_run and not into.exists():
        with tempfile.TemporaryDirectory(prefix="opstui-merge-") as folder:
            rehearsal = Path(folder) / into.name
            _merge_each(sources, rehearsal, report, True, private_notes, progress)
        return report
    _merge_each(sources, into, report, dry_run, private_notes, progress)
    return report


def _merge_each(
    sources: Sequence[Path],
    into: Path,
    report: MergeReport,
    dry_run: bool,
    private_notes: bool,
    progress: Progress,
) -> None:
    with Store.open(into) as store:
        merger = Merger(store, private_notes=private_notes)
        for source in sources:
            report.sources.append(merger.merge(source, dry_run=dry_run, progress=progress))
