"""A merge's report as plain text, for the command line: short, one line per fact."""

from __future__ import annotations

from typing import Any

from opstui.domain.merging import MergeReport, NotTaken, SourceReport
from opstui.domain.text import shorten


def render_report(report: MergeReport) -> str:
    """Per file merged, a line of counts and the people recognised; then each version
    not taken, with why and what differed."""
    lines: list[str] = []
    verb = "Would merge" if report.dry_run else "Merged"
    for source in report.sources:
        lines.append(
            f"{verb} {source.path} ({source.site_label}) into {report.into}: {_counts(source)}"
        )
        for match in source.people_matched:
            lines.append(
                f"  same person: {match.alias_name} ({match.alias_id[:8]}) "
                f"is {match.person_name} ({match.person_id[:8]})"
            )
        if source.not_taken:
            lines.append(f"  {len(source.not_taken)} version(s) not taken:")
            lines.extend(_not_taken(item) for item in source.not_taken)
    if report.dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines) + "\n"


def _counts(source: SourceReport) -> str:
    if not source.changed:
        return "nothing changed"
    parts = []
    for table, counts in source.counts.items():
        said = [
            f"{n} {word}"
            for n, word in (
                (counts.added, "added"),
                (counts.updated, "updated"),
                (counts.deleted, "deleted"),
            )
            if n
        ]
        parts.append(f"{table} {', '.join(said)}")
    return "; ".join(parts)


def _not_taken(item: NotTaken) -> str:
    where = f" from {item.dropped_site}" if item.dropped_site else ""
    line = f"  - {item.table} {item.row_key[:8]} \u201c{item.label}\u201d{where}: {item.reason}"
    for diff in item.differences:
        line += f"\n      {diff.field}: kept {_value(diff.kept)}, not taken {_value(diff.dropped)}"
    return line


def _value(value: Any) -> str:
    return "(none)" if value is None else repr(shorten(str(value), 60))
