"""The demo's session calendars (.ics), byte for byte, CRLF and folding included.

Regenerate after a deliberate change with
``OPSTUI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_calendar_golden.py`` and
read the diff before keeping it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from icalendar import Calendar

from opstui.db.store import Store
from opstui.demo import DEMO_TODAY, build_demo
from opstui.export import available_playbooks, slug
from opstui.services.exporting import Exporter

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("OPSTUI_UPDATE_GOLDEN") == "1"
#: An ended pilot check-in with a later check-in planned and three open actions due.
SESSION = "Pilot check-in: Payments and Mobile, first month"


@pytest.fixture(scope="module")
def exporter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exporter]:
    with Store.open(tmp_path_factory.mktemp("calendar") / "demo.db") as store:
        build_demo(store)
        yield Exporter(store, available_playbooks(None))


def session_id(exporter: Exporter, title: str) -> str:
    (found,) = [s.id for s in exporter.store.list_sessions() if s.title == title]
    return found


def test_the_demo_session_calendar_matches_golden(exporter: Exporter) -> None:
    rendered = exporter.render_calendar(session_id(exporter, SESSION), today=DEMO_TODAY)
    path = GOLDEN / f"calendar-{slug(SESSION)}.ics"
    if UPDATE:
        path.write_bytes(rendered.text.encode("utf-8"))
    assert rendered.text.encode("utf-8") == path.read_bytes(), f"{path.name} differs"
    events = Calendar.from_ical(rendered.text).events
    summaries = [e.summary for e in events]
    assert summaries[0] == "Pilot check-in: Payments and Mobile, second month"
    assert len(events) == 4 and all(s.startswith("Due: ") for s in summaries[1:])
    assert rendered.notes == ()


def test_two_exports_are_byte_identical(exporter: Exporter, tmp_path: Path) -> None:
    chosen = session_id(exporter, SESSION)
    first = exporter.render_calendar(chosen, today=DEMO_TODAY).text
    assert exporter.render_calendar(chosen, today=DEMO_TODAY).text == first
    with Store.open(tmp_path / "again.db") as again:
        build_demo(again)
        rebuilt = Exporter(again, exporter.playbooks)
        assert rebuilt.render_calendar(chosen, today=DEMO_TODAY).text == first


def test_every_demo_session_exports_a_calendar_that_reads(exporter: Exporter) -> None:
    for session in exporter.store.list_sessions():
        rendered = exporter.render_calendar(session.id, today=DEMO_TODAY)
        events = Calendar.from_ical(rendered.text).events
        assert bool(events) != any("holds no events" in n for n in rendered.notes)
