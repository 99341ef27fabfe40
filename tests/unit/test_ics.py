"""The hand-written iCalendar writer: read back by the ``icalendar`` package, as a
calendar would read it, and checked line by line against RFC 5545's folding rules."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from opstui.domain.text import printable
from opstui.export.ics import (
    LINE_OCTETS,
    PRODID,
    AllDay,
    CalendarEvent,
    TimedEvent,
    escape_text,
    fold,
    render_calendar,
)

STAMPED = datetime(2026, 3, 12, tzinfo=UTC)
#: Everything a calendar file or a terminal could trip on, and enough CJK and emoji
#: (several octets each) that folding must fall in the middle of them.
HOSTILE = (
    "Fix it, then; ship it \\ now\nsecond line\r\nthird\x1b[2J\x1b]52;c;aGVsbG8=\x07"
    "\x9b31m\u202eevil\u202c 日本語のテキスト🙂🚀 " * 4
)


def lines_of(text: str) -> list[bytes]:
    """The physical lines of a calendar, each still with its CRLF."""
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    return [line + b"\r\n" for line in raw.split(b"\r\n")[:-1]]


def unfold(text: str) -> list[str]:
    """The content lines, unfolded as RFC 5545 §3.1 says."""
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def assert_well_formed(text: str) -> None:
    for line in lines_of(text):
        assert len(line) - 2 <= LINE_OCTETS, line
        assert b"\r" not in line[:-2] and b"\n" not in line[:-2], line
        line.decode("utf-8")  # no character split between two lines


def test_text_is_escaped_as_rfc_5545_says() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("a\r\nb\rc") == "a\\nb\\nc"
    assert escape_text("one\ntwo\tthree", one_line=True) == "one two three"
    assert escape_text("\x1b[31mred\x1b[0m \x9b1m\x07") == "[31mred[0m 1m"


def test_a_short_line_is_not_folded_and_ends_in_crlf() -> None:
    assert fold("SUMMARY:short") == "SUMMARY:short\r\n"
    assert fold("X" * 75) == "X" * 75 + "\r\n"
    assert fold("X" * 76) == "X" * 75 + "\r\n X\r\n"


def test_folding_counts_octets_not_characters() -> None:
    folded = fold("SUMMARY:" + "日" * 40)  # 8 + 120 octets
    first, second = folded.split("\r\n")[:2]
    assert len(first.encode()) == 74  # one more 日 (3 octets) would make 77
    assert second.startswith(" 日")
    assert_well_formed(folded)


@settings(max_examples=300)
@given(st.text())
def test_folding_keeps_every_line_short_whole_and_reversible(value: str) -> None:
    line = "DESCRIPTION:" + escape_text(value)
    folded = fold(line)
    assert_well_formed(folded)
    assert unfold(folded) == [line]


def calendar_of(*events: CalendarEvent) -> Calendar:
    text = render_calendar(events, STAMPED)
    assert_well_formed(text)
    return Calendar.from_ical(text)


def test_an_empty_calendar_is_still_a_calendar() -> None:
    text = render_calendar([], STAMPED)
    assert text == (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + PRODID + "\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
    )
    calendar = Calendar.from_ical(text)
    assert calendar.events == []
    assert str(calendar.get("VERSION")) == "2.0" and str(calendar.get("METHOD")) == "PUBLISH"


def test_hostile_text_reads_back_exactly_without_control_characters() -> None:
    start = datetime(2026, 11, 9, 11, 0, tzinfo=UTC)
    calendar = calendar_of(
        CalendarEvent(
            "session-1@opstui", TimedEvent(start, start + timedelta(minutes=55)), HOSTILE, HOSTILE
        ),
        CalendarEvent("action-2@opstui", AllDay(date(2026, 12, 31)), "Due: " + HOSTILE, HOSTILE),
    )
    timed, all_day = calendar.events
    assert timed.uid == "session-1@opstui"
    assert timed.start == start
    assert timed.end == datetime(2026, 11, 9, 11, 55, tzinfo=UTC)
    assert timed.DTSTAMP == STAMPED
    assert timed.summary == printable(HOSTILE, lines=False, drop=True)
    assert timed.description == printable(HOSTILE, drop=True)
    for shown in (timed.summary, timed.description):
        assert not any(c in shown for c in "\x1b\x07\x9b\u202e\r")
        assert "日本語のテキスト🙂🚀" in shown and "Fix it, then; ship it \\ now" in shown
    assert all_day.uid == "action-2@opstui"
    assert all_day.start == date(2026, 12, 31)
    assert all_day.end == date(2027, 1, 1)  # exclusive: the day after
    assert all_day.summary == "Due: " + printable(HOSTILE, lines=False, drop=True)


@settings(max_examples=200)
@given(st.text(min_size=1), st.text())
def test_any_text_reads_back_as_written(summary: str, description: str) -> None:
    (event,) = calendar_of(
        CalendarEvent("x@opstui", AllDay(date(2026, 1, 1)), summary, description)
    ).events
    assert event.summary == printable(summary, lines=False, drop=True)
    assert event.description == printable(description, drop=True)


def test_naive_times_are_taken_as_utc() -> None:
    start = datetime(2026, 1, 1, 9, 30)
    text = render_calendar(
        [CalendarEvent("n@opstui", TimedEvent(start, start + timedelta(hours=1)), "s", "")],
        STAMPED,
    )
    assert "DTSTART:20260101T093000Z\r\n" in text and "DTEND:20260101T103000Z\r\n" in text


def test_the_product_writes_calendars_without_the_icalendar_package() -> None:
    code = (
        "import sys, opstui.services.exporting, opstui.cli_export;print('icalendar' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"
