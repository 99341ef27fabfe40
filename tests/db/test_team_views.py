"""The readable views of a team file, read over SQL as Datasette reads them.

Names instead of ids, a remark's feeling in the app's words, an anonymous remark naming
nobody, an unrevealed open vote without a tally, cancelled sessions left out; and the
shipped Datasette metadata naming only tables, views and columns that exist.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opstui.datasette import METADATA
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import Feedback, Session, SessionKind
from opstui.domain.values import Sentiment
from tests.db.team_file import (
    AMIRA_ANSWER,
    ANONYMOUS_TEXT,
    ANSWER_WORD,
    CANCELLED_TEXT,
    JONAS_ANSWER,
    SHARED_WORD,
    TeamFile,
    build_team_file,
)

VIEWS = ("remarks_readable", "fill_in_answers", "vote_tallies", "open_actions")


@pytest.fixture
def team(tmp_path: Path) -> TeamFile:
    return build_team_file(tmp_path / "team.db")


@pytest.fixture
def conn(team: TeamFile) -> Iterator[sqlite3.Connection]:
    """The team file read-only, as ``datasette --immutable`` opens it."""
    opened = sqlite3.connect(f"file:{team.path}?mode=ro", uri=True)
    opened.row_factory = sqlite3.Row
    try:
        yield opened
    finally:
        opened.close()


def rows(conn: sqlite3.Connection, sql: str, *params: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(sql, params)]


def test_remarks_name_their_speaker_and_say_how_they_felt(
    team: TeamFile, conn: sqlite3.Connection
) -> None:
    remarks = rows(conn, "SELECT * FROM remarks_readable")
    by_text = {r["text"]: r for r in remarks}
    calendar = by_text[f"Finding a {SHARED_WORD} slot takes a week"]
    assert calendar["person"] == "Priya Raman"
    assert calendar["person_group"] == "engineering"
    assert calendar["feeling"] == "negative"
    assert calendar["tags"] == "scheduling"
    assert calendar["session"] == "Discovery with recruiters"
    assert calendar["session_day"] == "2026-03-02"


def test_an_anonymous_remark_names_nobody(team: TeamFile, conn: sqlite3.Connection) -> None:
    (row,) = rows(conn, "SELECT * FROM remarks_readable WHERE remark_id = ?",
                  team.anonymous_remark_id)  # fmt: skip
    assert row["text"] == ANONYMOUS_TEXT
    assert row["person"] == "(anonymous)"
    assert row["person_group"] == ""
    shown = json.dumps(row, ensure_ascii=False)
    assert not [name for name in team.names if name in shown]


def test_the_feeling_is_the_apps_own_word_for_every_level(store: Store) -> None:
    initiative = store.add_initiative(Initiative(title="Every level"))
    session = store.add_session(
        Session(initiative_id=initiative.id, playbook_key="pilot", kind=SessionKind.PILOT,
                title="Levels")
    )  # fmt: skip
    for level in Sentiment:
        store.add_feedback(Feedback(session_id=session.id, sentiment=level, text=f"{level}"))
    found = dict(store.conn.execute("SELECT sentiment, feeling FROM remarks_readable"))
    assert found == {int(level): level.label for level in Sentiment}


def test_cancelled_sessions_show_nothing_but_their_open_actions(conn: sqlite3.Connection) -> None:
    for view in VIEWS[:3]:
        shown = json.dumps(rows(conn, f"SELECT * FROM {view}"))
        assert CANCELLED_TEXT not in shown, view
        assert "Started by mistake" not in shown, view
    actions = rows(conn, "SELECT action, session FROM open_actions")
    # An action is owed whatever session it came from, as on the dashboard.
    assert {"action": "Still to do, whatever the session", "session": "Started by mistake"} in (
        actions
    )


def test_answers_read_as_typed_with_the_facilitator(conn: sqlite3.Connection) -> None:
    answers = rows(conn, "SELECT template, field, answer, facilitator FROM fill_in_answers")
    assert sorted(answers, key=lambda a: a["field"]) == [
        {"template": "Problem framing", "field": "problem", "answer": AMIRA_ANSWER,
         "facilitator": "Amira Haddad"},
        {"template": "Problem framing", "field": "severity", "answer": 4,
         "facilitator": "Amira Haddad"},
        {"template": "Pilot review", "field": "where_today", "answer": JONAS_ANSWER,
         "facilitator": "Jonas Berg"},
    ]  # fmt: skip


def test_votes_show_tallies_once_revealed_and_never_before(
    team: TeamFile, conn: sqlite3.Connection
) -> None:
    votes = {v["proposal"]: v for v in rows(conn, "SELECT * FROM vote_tallies")}
    assert set(votes) == {"Pilot the booking page", "Expand the pilot to sales",
                          team.open_vote_title}  # fmt: skip
    closed = votes["Expand the pilot to sales"]
    assert (closed["facilitator"], closed["ballots"], closed["average"], closed["tally"]) == (
        "Jonas Berg",
        2,
        4.5,
        "4: 1, 5: 1",
    )
    assert closed["ballots_are"] == "named"
    hidden = votes[team.open_vote_title]
    assert (hidden["status"], hidden["ballots"], hidden["average"], hidden["tally"]) == (
        "open",
        1,
        None,
        "(not revealed yet)",
    )


def test_a_revealed_open_vote_shows_its_tally(team: TeamFile) -> None:
    with Store.open(team.path) as store:
        (proposal,) = [p for p in store.list_proposals() if p.title == team.open_vote_title]
        store.update_proposal(proposal.model_copy(update={"revealed": True}))
        (tally,) = store.conn.execute(
            "SELECT tally FROM vote_tallies WHERE proposal_id = ?", (proposal.id,)
        ).fetchone()
    assert tally == "no: 1"


def test_open_actions_name_their_owner_soonest_due_first(conn: sqlite3.Connection) -> None:
    actions = rows(conn, "SELECT action, owner, due_on, facilitator FROM open_actions")
    assert actions[0] == {"action": "Share the booking page with two recruiters",
                          "owner": "Priya Raman", "due_on": "2026-03-16",
                          "facilitator": "Amira Haddad"}  # fmt: skip
    assert {(a["owner"], a["facilitator"]) for a in actions[1:]} == {
        ("Tomás Ortega", "Jonas Berg"),
        ("Jonas Berg", "Jonas Berg"),
    }


def metadata_tables() -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = json.loads(METADATA.read_text("utf-8"))["databases"][
        "team"
    ]["tables"]
    return tables


def test_the_views_are_searchable_as_the_metadata_says(
    team: TeamFile, conn: sqlite3.Connection
) -> None:
    """The query Datasette runs for ``?_search=`` on a view with ``fts_table``/``fts_pk``."""
    tables = metadata_tables()
    searched = {}
    for view, word in (("remarks_readable", SHARED_WORD), ("fill_in_answers", ANSWER_WORD)):
        fts, pk = tables[view]["fts_table"], tables[view]["fts_pk"]
        searched[view] = rows(
            conn,
            f"SELECT * FROM {view} WHERE {pk} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)",
            word,
        )
    assert {r["session_id"] for r in searched["remarks_readable"]} == {
        s.id for s in team.sessions.values()
    }
    assert {r["facilitator"] for r in searched["fill_in_answers"]} == set(team.sessions)


def test_the_metadata_names_only_what_the_schema_holds(conn: sqlite3.Connection) -> None:
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    tables = metadata_tables()
    assert set(tables) <= names
    assert {t for t, m in tables.items() if m.get("hidden")} == {
        "meta", "sites", "tombstones", "person_aliases"
    }  # fmt: skip
    for table, settings in tables.items():
        columns = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
        named = {settings.get("fts_pk"), *settings.get("facets", [])} - {None}
        assert named <= columns, table
