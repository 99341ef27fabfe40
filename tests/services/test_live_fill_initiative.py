"""Filling in a template in a live session updates the initiative in the file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import ReadinessAssessment, ReadinessElement, Session
from opstui.domain.session_plan import plan_session
from opstui.services.live_session import LiveSession, LiveSessionError

STARTED = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def start(store: Store, initiative: Initiative, playbook: str) -> Session:
    book = next(b for b in builtin_playbooks() if b.key == playbook)
    session, agenda = plan_session(
        initiative_id=initiative.id,
        playbook=book,
        title=book.title,
        participant_ids=[],
        facilitator_id=None,
        now=STARTED,
    )
    return store.add_session(session.model_copy(update={"started_at": STARTED}), agenda)


def row(db_path: Path, sql: str, *params: object) -> tuple[object, ...]:
    """A row read straight from the file, by another connection."""
    with sqlite3.connect(db_path) as conn:
        found = conn.execute(sql, params).fetchone()
    assert found is not None
    return tuple(found)


def rows(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]


def test_a_problem_statement_fills_the_initiatives_texts(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    initiative = store.add_initiative(
        Initiative(title="Scheduling", root_cause="Nobody owns the calendar", vision="Kept")
    )
    live = LiveSession(store, start(store, initiative, "validation").id, playbooks_dir=tmp_path)
    template = next(t for t in live.templates if t.key == "problem-statement")
    assert live.prefilled(template) == {
        "root_cause": "Nobody owns the calendar",
        "vision": "Kept",
    }

    made = live.save_fill_in_value(template, None, "problem", "Interviews take days to book")
    live.save_fill_in_value(template, made.id, "root_cause", "Calendars are not shared")
    live.save_fill_in_value(template, made.id, "affected", "PMs, design")  # fills nothing

    problem, cause, vision = row(
        db_path, "SELECT problem, root_cause, vision FROM initiatives WHERE id = ?", initiative.id
    )
    assert (problem, cause, vision) == (
        "Interviews take days to book",
        "Calendars are not shared",
        "Kept",
    )
    # The fill-in keeps what was captured, as before.
    assert store.get_fill_in(made.id).values == {
        "problem": "Interviews take days to book",
        "root_cause": "Calendars are not shared",
        "affected": "PMs, design",
    }
    # The session holds the initiative as the file has it: the next form starts from it.
    assert live.initiative == store.get_initiative(initiative.id)
    assert live.prefilled(template)["problem"] == "Interviews take days to book"

    live.save_fill_in_value(template, made.id, "vision", None)
    assert row(db_path, "SELECT vision FROM initiatives WHERE id = ?", initiative.id) == ("",)


def test_ratings_make_one_assessment_for_the_session_from_the_latest_earlier(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    initiative = store.add_initiative(Initiative(title="Rollout"))
    earlier = store.add_readiness(
        ReadinessAssessment(
            initiative_id=initiative.id,
            assessed_on=date(2026, 2, 1),
            vision=2, consensus=3, skills=1, incentives=4, resources=5, action_plan=2,
        )
    )  # fmt: skip
    session = start(store, initiative, "readiness")
    live = LiveSession(store, session.id, playbooks_dir=tmp_path)
    [template] = live.templates
    assert live.prefilled(template) == {e.value: earlier.rating(e) for e in ReadinessElement}

    made = live.save_fill_in_value(template, None, "skills", 3)
    live.save_fill_in_value(template, made.id, "vision", 4)
    live.save_fill_in_value(template, made.id, "note", "Training booked")  # fills nothing

    found = rows(
        db_path,
        "SELECT session_id, assessed_on, vision, consensus, skills, incentives, resources, "
        "action_plan FROM readiness WHERE initiative_id = ? ORDER BY assessed_on",
        initiative.id,
    )
    assert found == [
        (None, "2026-02-01", 2, 3, 1, 4, 5, 2),
        (session.id, STARTED.astimezone().date().isoformat(), 4, 3, 3, 4, 5, 2),
    ]
    assert live.readiness == store.list_readiness(initiative.id)
    assert live.prefilled(template)["skills"] == 3

    # Amended later in the session (a fresh start of the screen, too): the same row.
    again = LiveSession(store, session.id, playbooks_dir=tmp_path)
    again.save_fill_in_value(template, made.id, "skills", 2)
    assert rows(db_path, "SELECT skills FROM readiness WHERE session_id = ?", session.id) == [(2,)]


def test_a_failed_fill_stores_neither_the_value_nor_the_change(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    initiative = store.add_initiative(Initiative(title="Rollout"))
    live = LiveSession(store, start(store, initiative, "readiness").id, playbooks_dir=tmp_path)
    [template] = live.templates
    with pytest.raises(LiveSessionError, match="whole number from 1 to 5"):
        live.save_fill_in_value(template, None, "vision", 2.5)
    assert rows(db_path, "SELECT id FROM fill_ins") == []
    assert rows(db_path, "SELECT id FROM readiness") == []
    assert live.captures.fill_ins == [] and live.readiness == []
