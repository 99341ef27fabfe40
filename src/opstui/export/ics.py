"""An iCalendar file (RFC 5545), written by hand: a few events and nothing else.

Only what a calendar needs to import timed and all-day events is written: the
VCALENDAR envelope (VERSION, PRODID, CALSCALE, METHOD:PUBLISH) and one VEVENT per
event with UID, DTSTAMP, DTSTART, DTEND, SUMMARY and DESCRIPTION. Text values are
escaped as RFC 5545 §3.3.11 asks (backslash, semicolon, comma, newline), control
characters are dropped (``domain.text.printable``), and every content line is folded
at 75 octets (§3.1) without ever splitting a UTF-8 character, each line ending CRLF.
The same events always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from opstui.domain.text import printable

#: Our product identifier, as §3.7.3 shapes it.
PRODID = "-//opstui//opstui session calendar//EN"
#: The longest content line, in octets, before the line break (§3.1).
LINE_OCTETS = 75
CRLF = "\r\n"


@dataclass(frozen=True)
class TimedEvent:
    """An event at a time: starts and ends in UTC."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class AllDay:
    """An event on one whole day."""

    day: date


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: a stable uid (the same record always gives the same one), when, what."""

    uid: str
    when: TimedEvent | AllDay
    summary: str
    description: str


def escape_text(value: str, *, one_line: bool = False) -> str:
    """A TEXT value as §3.3.11 writes it, its control characters dropped.

    ``one_line`` (a summary) makes line breaks and tabs spaces; otherwise each line
    break is written ``\\n``.
    """
    text = printable(value, lines=not one_line, drop=True)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets, each piece ending CRLF (§3.1).

    A continuation starts with one space, which counts towards its 75 octets. A
    character is never split between lines: its UTF-8 bytes stay together.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "".join(piece + CRLF for piece in pieces)


def _utc_stamp(value: datetime) -> str:
    """A date-time in UTC form (§3.3.5, "FORM #2"): 20261109T110000Z."""
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _when_lines(when: TimedEvent | AllDay) -> list[str]:
    if isinstance(when, AllDay):
        # DTEND is exclusive: an all-day event on one day ends the next (§3.6.1).
        following = when.day + timedelta(days=1)
        return [
            f"DTSTART;VALUE=DATE:{when.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{following.strftime('%Y%m%d')}",
        ]
    return [f"DTSTART:{_utc_stamp(when.start)}", f"DTEND:{_utc_stamp(when.end)}"]


def render_calendar(events: Sequence[CalendarEvent], stamped: datetime) -> str:
    """The calendar holding ``events`` (possibly none), in the order given.

    ``stamped`` is every event's DTSTAMP: when the export describes the data (the
    caller passes the export's own "today", so the same data gives the same bytes).
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid, one_line=True)}",
            f"DTSTAMP:{_utc_stamp(stamped)}",
            *_when_lines(event.when),
            f"SUMMARY:{escape_text(event.summary, one_line=True)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            "TRANSP:TRANSPARENT" if isinstance(event.when, AllDay) else "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
