"""The store: every read and write of the database, in terms of domain models.

Writes run inside ``BEGIN IMMEDIATE`` so that a second writer waits for the busy
timeout instead of failing at once, and each capture is committed the moment it is
entered. A store opened read-only refuses every write with ``ReadOnlyError``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from opstui.db.database import Database, InitiativeHeading
from opstui.db.errors import AmbiguousId, NotFound, UnknownId
from opstui.domain.base import Record, utcnow
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import (
    AffectedGroup,
    Initiative,
    Person,
    PilotCohort,
)
from opstui.domain.metrics import Metric, Reading
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FieldValue,
    FillIn,
    ReadinessAssessment,
    Session,
)
from opstui.domain.voting import Ballot, Outcome, Proposal, ProposalStatus, check_ballot

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

M = TypeVar("M", bound=Record)


@dataclass(frozen=True)
class TableSpec:
    """How a model maps to its table: renamed columns, JSON columns, fields kept elsewhere."""

    table: str
    renames: tuple[tuple[str, str], ...] = ()
    json_fields: frozenset[str] = frozenset()
    elsewhere: frozenset[str] = frozenset()


SPECS: dict[type[Record], TableSpec] = {
    Person: TableSpec("people", renames=(("group", "grp"),)),
    Initiative: TableSpec("initiatives"),
    AffectedGroup: TableSpec("affected_groups", renames=(("group", "grp"),)),
    PilotCohort: TableSpec("pilot_cohorts"),
    Session: TableSpec("sessions", elsewhere=frozenset({"participant_ids"})),
    AgendaItem: TableSpec("agenda_items"),
    Feedback: TableSpec("feedback", json_fields=frozenset({"tags"})),
    FillIn: TableSpec("fill_ins", elsewhere=frozenset({"values"})),
    Proposal: TableSpec("proposals", json_fields=frozenset({"options"})),
    Ballot: TableSpec("ballots", json_fields=frozenset({"dots"})),
    Decision: TableSpec("decisions"),
    ActionItem: TableSpec("action_items"),
    Metric: TableSpec("metrics"),
    Reading: TableSpec("readings"),
    ReadinessAssessment: TableSpec("readiness"),
}

#: The kinds of record a user can name by id prefix, and their tables.
ID_KINDS: dict[str, str] = {
    "initiative": "initiatives",
    "session": "sessions",
    "metric": "metrics",
    "person": "people",
    "proposal": "proposals",
    "feedback": "feedback",
    "action": "action_items",
}


def to_row(model: Record) -> dict[str, Any]:
    """The columns of a model's row: JSON-ready values, renamed where SQL needs it."""
    spec = SPECS[type(model)]
    data = model.model_dump(mode="json", exclude=set(spec.elsewhere))
    for field in spec.json_fields:
        data[field] = json.dumps(data[field], ensure_ascii=False, sort_keys=True)
    for field, column in spec.renames:
        data[column] = data.pop(field)
    return data


def from_row(cls: type[M], row: dict[str, Any], **extra: Any) -> M:
    """Build a model back from its row (and the fields kept in other tables)."""
    spec = SPECS[cls]
    data = dict(row)
    data.pop("rowid", None)
    for field, column in spec.renames:
        data[field] = data.pop(column)
    for field in spec.json_fields:
        data[field] = json.loads(data[field])
    data.update(extra)
    return cls.model_validate(data)


@dataclass(frozen=True)
class SearchHit:
    """A feedback item found by full-text search, with its place in the initiative."""

    feedback: Feedback
    session_id: str
    initiative_id: str
    snippet: str


class Store:
    """All access to one opstui database file, in terms of domain models.

    It wraps the open ``Database`` (which the app's first screen uses alone, before the
    models are loaded) rather than extending it: the file, its connection and its
    transactions stay the ``Database``'s, and this adds the models on top.
    """

    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Store:
        """Open (creating and migrating as needed) the database at ``path``."""
        return cls(Database.open(path, read_only=read_only))

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the file, as the Database has it ------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection, which the Database replaces when a review starts following a
        writer (see ``Database.poll_changes``): always asked of it, never kept."""
        return self.database.conn

    @property
    def db(self) -> sqlite_utils.Database:
        return self.database.db

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def immutable(self) -> bool:
        return self.database.immutable

    @property
    def backup(self) -> Path | None:
        return self.database.backup

    def write(self) -> AbstractContextManager[None]:
        return self.database.write()

    def data_version(self) -> int:
        return self.database.data_version()

    def poll_changes(self) -> bool:
        return self.database.poll_changes()

    def initiative_headings(self) -> list[InitiativeHeading]:
        return self.database.initiative_headings()

    def has_live_sessions(self) -> bool:
        return self.database.has_live_sessions()

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        return self.database._rows(sql, params)

    def _insert(self, model: Record) -> None:
        self.db.table(SPECS[type(model)].table).insert(to_row(model))

    def _update(self, model: Record) -> None:
        table = SPECS[type(model)].table
        row = to_row(model)
        row.pop("id")
        cursor = self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'[{c}] = ?' for c in row)} WHERE id = ?",
            [*row.values(), model.id],
        )
        if cursor.rowcount == 0:
            raise NotFound(
                f"{table[:-1] if table.endswith('s') else table} {model.id[:8]} no longer exists"
            )

    def _delete(self, cls: type[Record], id_: str) -> None:
        self.conn.execute(f"DELETE FROM {SPECS[cls].table} WHERE id = ?", (id_,))

    def _get(self, cls: type[M], id_: str) -> M:
        rows = self._rows(f"SELECT * FROM {SPECS[cls].table} WHERE id = ?", (id_,))
        if not rows:
            raise NotFound(f"no {cls.__name__.lower()} with id {id_}")
        return from_row(cls, rows[0])

    def _list(
        self, cls: type[M], where: str = "1", params: Sequence[Any] = (), order: str = "rowid"
    ) -> list[M]:
        sql = f"SELECT * FROM {SPECS[cls].table} WHERE {where} ORDER BY {order}"
        return [from_row(cls, row) for row in self._rows(sql, params)]

    def resolve(self, kind: str, prefix: str) -> str:
        """The full id of the record of ``kind`` whose id starts with ``prefix``."""
        table = ID_KINDS[kind]
        prefix = prefix.strip().lower()
        if not prefix:
            raise UnknownId(f"no {kind} id given")
        rows = self.conn.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (prefix, prefix + "\U0010ffff"),
        ).fetchall()
        if not rows:
            raise UnknownId(f"no {kind} has an id starting with {prefix!r}")
        if len(rows) > 1:
            shown = ", ".join(r[0][:12] for r in rows[:5])
            raise AmbiguousId(
                f"{prefix!r} matches several {kind}s ({shown}...); type more of the id"
            )
        return str(rows[0][0])

    # -- meta ----------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.write():
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def is_demo(self) -> bool:
        return self.get_meta("demo") == "1"

    def is_empty(self) -> bool:
        row = self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM initiatives)").fetchone()
        return bool(row[0])

    # -- people --------------------------------------------------------------------

    def add_person(self, person: Person) -> Person:
        with self.write():
            self._insert(person)
        return person

    def update_person(self, person: Person) -> Person:
        with self.write():
            self._update(person)
        return person

    def delete_person(self, person_id: str) -> None:
        with self.write():
            self._delete(Person, person_id)

    def get_person(self, person_id: str) -> Person:
        return self._get(Person, person_id)

    def list_people(self) -> list[Person]:
        return self._list(Person, order="name COLLATE NOCASE, id")

    # -- initiatives -----------------------------------------------------------------

    def add_initiative(self, initiative: Initiative) -> Initiative:
        with self.write():
            self._insert(initiative)
        return initiative

    def update_initiative(self, initiative: Initiative) -> Initiative:
        initiative = initiative.model_copy(update={"updated_at": utcnow()})
        with self.write():
            self._update(initiative)
        return initiative

    def delete_initiative(self, initiative_id: str) -> None:
        with self.write():
            self._delete(Initiative, initiative_id)

    def get_initiative(self, initiative_id: str) -> Initiative:
        return self._get(Initiative, initiative_id)

    def list_initiatives(self) -> list[Initiative]:
        return self._list(Initiative, order="created_at, title COLLATE NOCASE")

    def set_affected_group(self, group: AffectedGroup) -> AffectedGroup:
        """Add a group to an initiative, or replace the note of one already there."""
        with self.write():
            self.conn.execute(
                "INSERT INTO affected_groups(id, initiative_id, grp, note) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(initiative_id, grp) DO UPDATE SET note = excluded.note",
                (group.id, group.initiative_id, group.group.value, group.note),
            )
        return group

    def remove_affected_group(self, initiative_id: str, group: str) -> None:
        with self.write():
            self.conn.execute(
                "DELETE FROM affected_groups WHERE initiative_id = ? AND grp = ?",
                (initiative_id, group),
            )

    def list_affected_groups(self, initiative_id: str) -> list[AffectedGroup]:
        return self._list(AffectedGroup, "initiative_id = ?", (initiative_id,))

    def add_cohort(self, cohort: PilotCohort) -> PilotCohort:
        with self.write():
            self._insert(cohort)
        return cohort

    def update_cohort(self, cohort: PilotCohort) -> PilotCohort:
        with self.write():
            self._update(cohort)
        return cohort

    def delete_cohort(self, cohort_id: str) -> None:
        with self.write():
            self._delete(PilotCohort, cohort_id)

    def list_cohorts(self, initiative_id: str) -> list[PilotCohort]:
        return self._list(
            PilotCohort,
            "initiative_id = ?",
            (initiative_id,),
            order="started_on IS NULL, started_on, rowid",
        )

    # -- sessions --------------------------------------------------------------------

    def add_session(self, session: Session, agenda: Iterable[AgendaItem] = ()) -> Session:
        """Store a session with its participants and agenda, all or nothing."""
        with self.write():
            self._insert(session)
            self._set_participants(session.id, session.participant_ids)
            for item in agenda:
                self._insert(item)
        return session

    def update_session(self, session: Session) -> Session:
        with self.write():
            self._update(session)
            self._set_participants(session.id, session.participant_ids)
        return session

    def _set_participants(self, session_id: str, person_ids: list[str]) -> None:
        self.conn.execute("DELETE FROM session_participants WHERE session_id = ?", (session_id,))
        self.conn.executemany(
            "INSERT INTO session_participants(session_id, person_id, position) VALUES (?, ?, ?)",
            [(session_id, pid, pos) for pos, pid in enumerate(dict.fromkeys(person_ids))],
        )

    def delete_session(self, session_id: str) -> None:
        with self.write():
            self._delete(Session, session_id)

    def save_notes(self, session_id: str, notes: str) -> None:
        """The facilitator's notes pad, saved as typed."""
        with self.write():
            self.conn.execute("UPDATE sessions SET notes = ? WHERE id = ?", (notes, session_id))

    def set_current_item(self, session_id: str, position: int) -> None:
        """Remember the agenda item under way, so a resumed session starts there."""
        with self.write():
            self.conn.execute(
                "UPDATE sessions SET current_item = ? WHERE id = ?", (position, session_id)
            )

    def end_session(self, session_id: str, ended_at: datetime) -> Session:
        """Mark a live session ended at the given time (its notes and agenda stay as saved)."""
        with self.write():
            self.conn.execute(
                "UPDATE sessions SET state = 'ended', ended_at = ? WHERE id = ?",
                (ended_at.isoformat(), session_id),
            )
        return self.get_session(session_id)

    def _participants(self, session_ids: Sequence[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {sid: [] for sid in session_ids}
        if not session_ids:
            return found
        for chunk_start in range(0, len(session_ids), 500):
            chunk = list(session_ids[chunk_start : chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            for sid, pid in self.conn.execute(
                f"SELECT session_id, person_id FROM session_participants "
                f"WHERE session_id IN ({marks}) ORDER BY session_id, position",
                chunk,
            ):
                found[sid].append(pid)
        return found

    def _sessions(self, where: str, params: Sequence[Any]) -> list[Session]:
        rows = self._rows(
            f"SELECT * FROM sessions WHERE {where} "
            "ORDER BY coalesce(started_at, planned_at), rowid",
            params,
        )
        people = self._participants([r["id"] for r in rows])
        return [from_row(Session, r, participant_ids=people[r["id"]]) for r in rows]

    def get_session(self, session_id: str) -> Session:
        sessions = self._sessions("id = ?", (session_id,))
        if not sessions:
            raise NotFound(f"no session with id {session_id}")
        return sessions[0]

    def list_sessions(self, initiative_id: str | None = None) -> list[Session]:
        if initiative_id is None:
            return self._sessions("1", ())
        return self._sessions("initiative_id = ?", (initiative_id,))

    def live_sessions(self) -> list[Session]:
        """Sessions left live, by a quit or a crash: offered for resuming."""
        return self._sessions("state = 'live'", ())

    def list_agenda(self, session_id: str) -> list[AgendaItem]:
        return self._list(AgendaItem, "session_id = ?", (session_id,), order="position")

    def update_agenda_item(self, item: AgendaItem) -> AgendaItem:
        with self.write():
            self._update(item)
        return item

    # -- feedback --------------------------------------------------------------------

    def add_feedback(self, feedback: Feedback) -> Feedback:
        with self.write():
            self._insert(feedback)
        return feedback

    def update_feedback(self, feedback: Feedback) -> Feedback:
        with self.write():
            self._update(feedback)
        return feedback

    def delete_feedback(self, feedback_id: str) -> None:
        with self.write():
            self._delete(Feedback, feedback_id)

    def get_feedback(self, feedback_id: str) -> Feedback:
        return self._get(Feedback, feedback_id)

    def list_feedback(
        self, *, session_id: str | None = None, initiative_id: str | None = None
    ) -> list[Feedback]:
        if session_id is not None:
            return self._list(Feedback, "session_id = ?", (session_id,), order="created_at, rowid")
        if initiative_id is not None:
            return self._list(
                Feedback,
                "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
                (initiative_id,),
                order="created_at, rowid",
            )
        return self._list(Feedback, order="created_at, rowid")

    def search_feedback(
        self, query: str, *, initiative_id: str | None = None, limit: int = 200
    ) -> list[SearchHit]:
        """Full-text search over feedback; every word typed must appear (prefixes match)."""
        match = fts_query(query)
        if not match:
            return []
        sql = (
            "SELECT f.*, s.initiative_id AS _initiative, "
            "snippet(feedback_fts, 0, '«', '»', '…', 12) AS _snippet "
            "FROM feedback_fts JOIN feedback f ON f.rowid = feedback_fts.rowid "
            "JOIN sessions s ON s.id = f.session_id WHERE feedback_fts MATCH ?"
        )
        params: list[Any] = [match]
        if initiative_id is not None:
            sql += " AND s.initiative_id = ?"
            params.append(initiative_id)
        sql += " ORDER BY rank LIMIT ?"
        params.append(limit)
        hits = []
        for row in self._rows(sql, params):
            initiative, snippet = row.pop("_initiative"), row.pop("_snippet")
            feedback = from_row(Feedback, row)
            hits.append(SearchHit(feedback, feedback.session_id, initiative, snippet))
        return hits

    def feedback_matching(self, query: str, initiative_id: str) -> set[str]:
        """The ids of one initiative's remarks that hold every word typed (prefixes match).

        What a search field filters a list by, keystroke by keystroke: no ranking, no
        snippets and no models, and the initiative's remarks found by index first (a
        single typed letter matches a good part of the whole file).
        """
        match = fts_query(query)
        if not match:
            return set()
        rows = self.conn.execute(
            "SELECT f.id FROM feedback f JOIN sessions s ON s.id = f.session_id "
            "WHERE s.initiative_id = ? AND f.rowid IN "
            "(SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ?)",
            (initiative_id, match),
        )
        return {feedback_id for (feedback_id,) in rows}

    # -- template fill-ins ---------------------------------------------------------------

    def add_fill_in(self, fill_in: FillIn) -> FillIn:
        with self.write():
            self._insert(fill_in)
            for key, value in fill_in.values.items():
                self._put_value(fill_in.id, key, value)
        return fill_in

    def set_fill_in_value(self, fill_in_id: str, field_key: str, value: FieldValue) -> None:
        """Save one field the moment it is completed: a crash loses at most the one typed."""
        with self.write():
            self._put_value(fill_in_id, field_key, value)
            self.conn.execute(
                "UPDATE fill_ins SET updated_at = ? WHERE id = ?",
                (utcnow().isoformat(), fill_in_id),
            )

    def _put_value(self, fill_in_id: str, field_key: str, value: FieldValue) -> None:
        self.conn.execute(
            "INSERT INTO fill_in_values(fill_in_id, field_key, value) VALUES (?, ?, ?) "
            "ON CONFLICT(fill_in_id, field_key) DO UPDATE SET value = excluded.value",
            (fill_in_id, field_key, None if value is None else json.dumps(value)),
        )

    def _fill_ins(
        self, where: str, params: Sequence[Any], order: str = "created_at, rowid"
    ) -> list[FillIn]:
        rows = self._rows(f"SELECT * FROM fill_ins WHERE {where} ORDER BY {order}", params)
        values: dict[str, dict[str, FieldValue]] = {r["id"]: {} for r in rows}
        if rows:
            for fid, key, value in self.conn.execute(
                "SELECT fill_in_id, field_key, value FROM fill_in_values "
                f"WHERE fill_in_id IN (SELECT id FROM fill_ins WHERE {where}) ORDER BY rowid",
                params,
            ):
                values[fid][key] = None if value is None else json.loads(value)
        return [from_row(FillIn, r, values=values[r["id"]]) for r in rows]

    def get_fill_in(self, fill_in_id: str) -> FillIn:
        found = self._fill_ins("id = ?", (fill_in_id,))
        if not found:
            raise NotFound(f"no fill-in with id {fill_in_id}")
        return found[0]

    def list_fill_ins(self, session_id: str) -> list[FillIn]:
        return self._fill_ins("session_id = ?", (session_id,))

    def list_initiative_fill_ins(self, initiative_id: str) -> list[FillIn]:
        # In session order, then as created: the order the sessions' notes list them.
        return self._fill_ins(
            "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
            (initiative_id,),
            order="(SELECT coalesce(s.started_at, s.planned_at) FROM sessions s "
            "WHERE s.id = session_id), (SELECT s.rowid FROM sessions s WHERE s.id = session_id), "
            "created_at, rowid",
        )

    def delete_fill_in(self, fill_in_id: str) -> None:
        with self.write():
            self._delete(FillIn, fill_in_id)

    # -- votes -----------------------------------------------------------------------

    def add_proposal(self, proposal: Proposal) -> Proposal:
        with self.write():
            self._insert(proposal)
        return proposal

    def update_proposal(self, proposal: Proposal) -> Proposal:
        with self.write():
            self._update(proposal)
        return proposal

    def get_proposal(self, proposal_id: str) -> Proposal:
        return self._get(Proposal, proposal_id)

    def list_proposals(
        self, *, session_id: str | None = None, initiative_id: str | None = None
    ) -> list[Proposal]:
        if session_id is not None:
            return self._list(Proposal, "session_id = ?", (session_id,), order="created_at, rowid")
        if initiative_id is not None:
            return self._list(
                Proposal,
                "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
                (initiative_id,),
                order="created_at, rowid",
            )
        return self._list(Proposal, order="created_at, rowid")

    def cast_ballot(self, ballot: Ballot) -> Ballot:
        """Record a ballot; a second one by the same person in the same round replaces it.

        Raises ``BallotError`` for a ballot its proposal cannot take (method, options, budget).
        """
        check_ballot(self.get_proposal(ballot.proposal_id), ballot)
        with self.write():
            if ballot.person_id is not None:
                self.conn.execute(
                    "DELETE FROM ballots WHERE proposal_id = ? AND round = ? AND person_id = ?",
                    (ballot.proposal_id, ballot.round, ballot.person_id),
                )
            self._insert(ballot)
        return ballot

    def withdraw_ballot(self, proposal_id: str, round_: int, person_id: str) -> None:
        with self.write():
            self.conn.execute(
                "DELETE FROM ballots WHERE proposal_id = ? AND round = ? AND person_id = ?",
                (proposal_id, round_, person_id),
            )

    def list_ballots(self, proposal_id: str, round_: int | None = None) -> list[Ballot]:
        if round_ is None:
            return self._list(Ballot, "proposal_id = ?", (proposal_id,), order="round, rowid")
        return self._list(Ballot, "proposal_id = ? AND round = ?", (proposal_id, round_))

    def list_initiative_ballots(self, initiative_id: str) -> list[Ballot]:
        """Every ballot of every vote of an initiative, in one query."""
        return self._list(
            Ballot,
            "proposal_id IN (SELECT p.id FROM proposals p JOIN sessions s ON s.id = p.session_id"
            " WHERE s.initiative_id = ?)",
            (initiative_id,),
            # Votes in the order they were called, then by round.
            order="(SELECT p.created_at FROM proposals p WHERE p.id = proposal_id), "
            "(SELECT p.rowid FROM proposals p WHERE p.id = proposal_id), round, rowid",
        )

    def close_proposal(
        self, proposal: Proposal, outcome: Outcome, decision: Decision | None = None
    ) -> Proposal:
        """Close a vote with its outcome and decision; anonymous ballots lose their names."""
        closed = proposal.model_copy(
            update={
                "status": ProposalStatus.CLOSED,
                "outcome": outcome,
                "closed_at": utcnow(),
                "revealed": True,
            }
        )
        with self.write():
            self._update(closed)
            if closed.anonymous:
                self.conn.execute(
                    "UPDATE ballots SET person_id = NULL WHERE proposal_id = ?", (closed.id,)
                )
            if decision is not None:
                self._insert(decision)
        return closed

    # -- decisions and actions ---------------------------------------------------------

    def add_decision(self, decision: Decision) -> Decision:
        with self.write():
            self._insert(decision)
        return decision

    def list_decisions(self, initiative_id: str) -> list[Decision]:
        return self._list(
            Decision, "initiative_id = ?", (initiative_id,), order="decided_at, rowid"
        )

    def add_action(self, action: ActionItem) -> ActionItem:
        with self.write():
            self._insert(action)
        return action

    def update_action(self, action: ActionItem) -> ActionItem:
        with self.write():
            self._update(action)
        return action

    def set_action_done(self, action_id: str, done: bool = True) -> ActionItem:
        with self.write():
            self.conn.execute(
                "UPDATE action_items SET done = ?, done_at = ? WHERE id = ?",
                (int(done), utcnow().isoformat() if done else None, action_id),
            )
        return self._get(ActionItem, action_id)

    def delete_action(self, action_id: str) -> None:
        with self.write():
            self._delete(ActionItem, action_id)

    def list_actions(self, initiative_id: str, *, open_only: bool = False) -> list[ActionItem]:
        where = "initiative_id = ?" + (" AND done = 0" if open_only else "")
        return self._list(ActionItem, where, (initiative_id,), order="created_at, rowid")

    def list_session_actions(self, session_id: str) -> list[ActionItem]:
        return self._list(ActionItem, "session_id = ?", (session_id,), order="created_at, rowid")

    # -- metrics ---------------------------------------------------------------------

    def add_metric(self, metric: Metric) -> Metric:
        with self.write():
            self._insert(metric)
        return metric

    def update_metric(self, metric: Metric) -> Metric:
        with self.write():
            self._update(metric)
        return metric

    def delete_metric(self, metric_id: str) -> None:
        with self.write():
            self._delete(Metric, metric_id)

    def get_metric(self, metric_id: str) -> Metric:
        return self._get(Metric, metric_id)

    def list_metrics(self, initiative_id: str | None = None) -> list[Metric]:
        if initiative_id is None:
            return self._list(Metric)
        return self._list(Metric, "initiative_id = ?", (initiative_id,))

    def add_reading(self, reading: Reading) -> Reading:
        with self.write():
            self._insert(reading)
        return reading

    def add_readings(self, readings: Iterable[Reading]) -> int:
        """Add many readings at once: all of them or, on any error, none."""
        count = 0
        with self.write():
            for reading in readings:
                self._insert(reading)
                count += 1
        return count

    def update_reading(self, reading: Reading) -> Reading:
        with self.write():
            self._update(reading)
        return reading

    def delete_reading(self, reading_id: str) -> None:
        with self.write():
            self._delete(Reading, reading_id)

    def list_initiative_readings(self, initiative_id: str) -> list[Reading]:
        return self._list(
            Reading,
            "metric_id IN (SELECT id FROM metrics WHERE initiative_id = ?)",
            (initiative_id,),
            order="(SELECT m.rowid FROM metrics m WHERE m.id = metric_id), taken_on, rowid",
        )

    def list_readings(self, metric_id: str) -> list[Reading]:
        return self._list(Reading, "metric_id = ?", (metric_id,), order="taken_on, rowid")

    # -- change readiness and checklist --------------------------------------------------

    def add_readiness(self, assessment: ReadinessAssessment) -> ReadinessAssessment:
        with self.write():
            self._insert(assessment)
        return assessment

    def list_readiness(self, initiative_id: str) -> list[ReadinessAssessment]:
        return self._list(
            ReadinessAssessment, "initiative_id = ?", (initiative_id,), order="assessed_on, rowid"
        )

    def tick(
        self, initiative_id: str, item_key: str, note: str = "", *, at: datetime | None = None
    ) -> None:
        """Tick a checklist item by hand; ``at`` is when (now unless given, as the demo does)."""
        with self.write():
            self.conn.execute(
                "INSERT INTO checklist_ticks(initiative_id, item_key, note, ticked_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(initiative_id, item_key) "
                "DO UPDATE SET note = excluded.note",
                (initiative_id, item_key, note, (at or utcnow()).isoformat()),
            )

    def untick(self, initiative_id: str, item_key: str) -> None:
        with self.write():
            self.conn.execute(
                "DELETE FROM checklist_ticks WHERE initiative_id = ? AND item_key = ?",
                (initiative_id, item_key),
            )

    def list_ticks(self, initiative_id: str) -> dict[str, str]:
        """The checklist items ticked by hand, with their notes."""
        return dict(
            self.conn.execute(
                "SELECT item_key, note FROM checklist_ticks WHERE initiative_id = ?",
                (initiative_id,),
            )
        )

    # -- the dashboard ---------------------------------------------------------------------

    def dashboard_facts(
        self, initiative_ids: Sequence[str], today: date | None = None
    ) -> list[InitiativeFacts]:
        """The given initiatives, in that order, with what their dashboard rows read.

        ``summarize`` and the doctor it runs read an initiative's groups, cohorts,
        sessions, proposals and metrics in full, and here they are; of the rest they
        read far less than ``load_facts`` gathers, which on a file of years is hundreds
        of thousands of rows. So, in a fixed number of queries however many initiatives
        are asked for: feedback only of each initiative's latest session and, since the
        doctor asks only whether a pilot produced any, the first remark of each pilot
        session; only the latest reading of each metric for everyone (``Cohort.ALL``);
        only open action items; and no fill-ins, ballots, decisions, readiness, ticks or
        people. These facts are for ``summarize``; anything else wants ``load_facts``.
        A caller with many initiatives asks for them a batch at a time, which bounds
        the memory this takes.
        """
        from opstui.domain.latest_session import latest_session

        ids = list(dict.fromkeys(initiative_ids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))

        def by_initiative(items: Iterable[tuple[str, M]]) -> dict[str, list[M]]:
            found: dict[str, list[M]] = {}
            for initiative_id, item in items:
                found.setdefault(initiative_id, []).append(item)
            return found

        initiatives = {
            i.id: i for i in self._list(Initiative, f"id IN ({marks})", ids, order="rowid")
        }
        session_rows = self._rows(
            f"SELECT * FROM sessions WHERE initiative_id IN ({marks}) "
            "ORDER BY coalesce(started_at, planned_at), rowid",
            ids,
        )
        participants: dict[str, list[tuple[int, str]]] = {}
        for session_id, person_id, position in self.conn.execute(
            "SELECT session_id, person_id, position FROM session_participants WHERE "
            f"session_id IN (SELECT id FROM sessions WHERE initiative_id IN ({marks}))",
            ids,
        ):
            participants.setdefault(session_id, []).append((position, person_id))
        sessions = by_initiative(
            (
                row["initiative_id"],
                from_row(
                    Session,
                    row,
                    participant_ids=[p for _, p in sorted(participants.get(row["id"], []))],
                ),
            )
            for row in session_rows
        )
        del session_rows, participants
        proposals: dict[str, list[Proposal]] = {}
        for row in self._rows(
            "SELECT p.*, s.initiative_id AS _initiative FROM proposals p "
            f"JOIN sessions s ON s.id = p.session_id WHERE s.initiative_id IN ({marks}) "
            "ORDER BY p.created_at, p.rowid",
            ids,
        ):
            initiative_id = row.pop("_initiative")
            proposals.setdefault(initiative_id, []).append(from_row(Proposal, row))
        metrics = by_initiative(
            (m.initiative_id, m) for m in self._list(Metric, f"initiative_id IN ({marks})", ids)
        )
        metric_of = {m.id: m.initiative_id for ms in metrics.values() for m in ms}
        readings = by_initiative(
            (metric_of[r.metric_id], r)
            for r in self._list(
                Reading,
                "rowid IN (SELECT (SELECT r.rowid FROM readings r WHERE r.metric_id = m.id "
                "AND r.cohort = 'all' ORDER BY r.taken_on DESC, r.rowid DESC LIMIT 1) "
                f"FROM metrics m WHERE m.initiative_id IN ({marks}))",
                ids,
            )
        )
        facts = [
            InitiativeFacts(
                initiative=initiatives[initiative_id],
                sessions=sessions.get(initiative_id, []),
                proposals=proposals.get(initiative_id, []),
                metrics=metrics.get(initiative_id, []),
                readings=readings.get(initiative_id, []),
            )
            for initiative_id in ids
            if initiative_id in initiatives
        ]
        # The feedback the rules read: the latest session's, and one remark per pilot session.
        latest = [s.id for f in facts if (s := latest_session(f.sessions)) is not None]
        feedback_rows: dict[str, dict[str, Any]] = {}
        if latest:
            for row in self._rows(
                f"SELECT * FROM feedback WHERE session_id IN ({','.join('?' * len(latest))}) "
                "ORDER BY created_at, rowid",
                latest,
            ):
                feedback_rows[row["id"]] = row
        for row in self._rows(
            "SELECT f.* FROM sessions s JOIN feedback f ON f.rowid = "
            "(SELECT x.rowid FROM feedback x WHERE x.session_id = s.id LIMIT 1) "
            f"WHERE s.initiative_id IN ({marks}) AND s.kind = 'pilot'",
            ids,
        ):
            feedback_rows.setdefault(row["id"], row)
        initiative_of = {s.id: s.initiative_id for ss in sessions.values() for s in ss}
        feedback = by_initiative(
            (initiative_of[row["session_id"]], from_row(Feedback, row))
            for row in feedback_rows.values()
        )
        groups = by_initiative(
            (g.initiative_id, g)
            for g in self._list(AffectedGroup, f"initiative_id IN ({marks})", ids)
        )
        cohorts = by_initiative(
            (c.initiative_id, c)
            for c in self._list(
                PilotCohort,
                f"initiative_id IN ({marks})",
                ids,
                order="started_on IS NULL, started_on, rowid",
            )
        )
        actions = by_initiative(
            (a.initiative_id, a)
            for a in self._list(
                ActionItem,
                f"initiative_id IN ({marks}) AND done = 0",
                ids,
                order="created_at, rowid",
            )
        )
        for fact in facts:
            key = fact.initiative.id
            fact.feedback = feedback.get(key, [])
            fact.groups = groups.get(key, [])
            fact.cohorts = cohorts.get(key, [])
            fact.actions = actions.get(key, [])
            if today is not None:
                fact.today = today
        return facts


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word, as a quoted prefix."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
    return " ".join(f'"{w}"*' for w in words)


def load_facts(
    store: Store,
    initiative_id: str,
    today: date | None = None,
    *,
    people: dict[str, Person] | None = None,
    captures_of: str | None = None,
) -> InitiativeFacts:
    """Gather everything about one initiative for the rules, the workspace and reports.

    ``people`` (everyone, by id) can be passed by a caller loading many initiatives, so
    that the people are read once rather than once per initiative. ``captures_of`` (a
    session id) narrows the feedback, fill-ins and ballots to that session's: what its
    notes show, without the thousands of a long-running initiative's other sessions.
    """
    initiative = store.get_initiative(initiative_id)
    sessions = store.list_sessions(initiative_id)
    proposals = store.list_proposals(initiative_id=initiative_id)
    metrics = store.list_metrics(initiative_id)
    if captures_of is None:
        feedback = store.list_feedback(initiative_id=initiative_id)
        fill_ins = store.list_initiative_fill_ins(initiative_id)
        ballots = store.list_initiative_ballots(initiative_id)
    else:
        feedback = store.list_feedback(session_id=captures_of)
        fill_ins = store.list_fill_ins(captures_of)
        # In the order of the whole initiative's: votes as called, then round.
        ballots = [
            ballot
            for proposal in proposals
            if proposal.session_id == captures_of
            for ballot in store.list_ballots(proposal.id)
        ]
    facts = InitiativeFacts(
        initiative=initiative,
        groups=store.list_affected_groups(initiative_id),
        cohorts=store.list_cohorts(initiative_id),
        sessions=sessions,
        feedback=feedback,
        fill_ins=fill_ins,
        proposals=proposals,
        ballots=ballots,
        decisions=store.list_decisions(initiative_id),
        actions=store.list_actions(initiative_id),
        metrics=metrics,
        readings=store.list_initiative_readings(initiative_id),
        readiness=store.list_readiness(initiative_id),
        ticks=store.list_ticks(initiative_id),
        people=people if people is not None else {p.id: p for p in store.list_people()},
    )
    if today is not None:
        facts.today = today
    return facts


def load_session_facts(
    store: Store, session_id: str, today: date | None = None
) -> tuple[InitiativeFacts, Session, list[AgendaItem]]:
    """A session, its agenda, and its initiative's facts: what its notes show.

    Of the initiative's feedback, fill-ins and ballots only this session's are read
    (see ``load_facts``). Plain domain data, so that ``opstui.export`` (which never
    imports the store) can render it; the caller adds the playbook and builds an
    ``export.SessionBundle``.
    """
    session = store.get_session(session_id)
    facts = load_facts(store, session.initiative_id, today, captures_of=session_id)
    return facts, session, store.list_agenda(session_id)
