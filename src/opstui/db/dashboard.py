"""The dashboard's read model: what the rows of many initiatives read, in few queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from opstui.db.mapping import M, from_row
from opstui.db.metric_events import MetricEventRecords
from opstui.domain.buy_in import CheckIn, CommItem, LearningPath
from opstui.domain.facts import InitiativeFacts, OpenConcerns
from opstui.domain.initiative import AffectedGroup, Initiative, Person, PilotCohort
from opstui.domain.metric_events import readings_for
from opstui.domain.metrics import Cohort, Measure, Metric, Reading
from opstui.domain.process_map_records import MapLine, ProcessMapRecord
from opstui.domain.prototypes import Prototype
from opstui.domain.session import ActionItem, Feedback, Session
from opstui.domain.voting import Proposal


class DashboardQueries(MetricEventRecords):
    """Facts for the dashboard's summaries of many initiatives at once."""

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
        session; only the latest reading of each metric for everyone (``Cohort.ALL``),
        worked out for metrics measured from events or checks from theirs (read in one
        query each); only open action items; the communication plan, ways to learn,
        check-ins, the prototype ladder and the process maps with their lines whole (a
        few rows each), and where there is a map the people of the sessions (whose roles
        the map is checked against); and no fill-ins, ballots, decisions, readiness,
        links from remarks (``links`` is None), ticks or (without a map) people. These
        facts are for ``summarize``; anything else wants ``load_facts``. A caller with many
        initiatives asks for them a batch at a time, which bounds the memory this takes.
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
        for session_id, person_id, position in self._fetch(
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
                f"FROM metrics m WHERE m.initiative_id IN ({marks}) AND m.measure = 'readings')",
                ids,
            )
        )
        derived = [m for ms in metrics.values() for m in ms if m.measure is not Measure.READINGS]
        if derived:
            events, checks = self.events_and_checks(derived)
            latest_derived: dict[str, Reading] = {}
            for reading in readings_for(derived, [], events, checks):
                if reading.cohort is Cohort.ALL:
                    latest_derived[reading.metric_id] = reading  # in date order: the last wins
            for reading in latest_derived.values():
                readings.setdefault(metric_of[reading.metric_id], []).append(reading)
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
        # The plans around buy-in are a few rows per initiative: read whole.
        comm_items = by_initiative(
            (c.initiative_id, c)
            for c in self._list(CommItem, f"initiative_id IN ({marks})", ids, order="rowid")
        )
        learning = by_initiative(
            (p.initiative_id, p)
            for p in self._list(LearningPath, f"initiative_id IN ({marks})", ids, order="rowid")
        )
        check_ins = by_initiative(
            (c.initiative_id, c)
            for c in self._list(CheckIn, f"initiative_id IN ({marks})", ids, order="rowid")
        )
        # The prototype ladder, a few rows per initiative, which the doctor reads whole.
        prototypes = by_initiative(
            (p.initiative_id, p)
            for p in self._list(Prototype, f"initiative_id IN ({marks})", ids, order="rowid")
        )
        # Process maps are a few dozen lines each: read whole, with the people of the
        # sessions, whose roles the map's check for new people reads.
        maps = by_initiative(
            (m.initiative_id, m)
            for m in self._list(
                ProcessMapRecord,
                f"initiative_id IN ({marks})",
                ids,
                order="created_at, rowid",
            )
        )
        map_of = {m.id: m.initiative_id for ms in maps.values() for m in ms}
        map_lines = by_initiative(
            (map_of[line.map_id], line)
            for line in self._list(
                MapLine,
                f"map_id IN (SELECT id FROM process_maps WHERE initiative_id IN ({marks}))",
                ids,
                order="map_id, position, rowid",
            )
        )
        people = self._session_people(ids, marks) if maps else {}
        open_concerns = self._open_concerns(facts)
        for fact in facts:
            key = fact.initiative.id
            fact.links = None
            fact.open_concerns = open_concerns.get(key)
            fact.comm_items = comm_items.get(key, [])
            fact.learning_paths = learning.get(key, [])
            fact.check_ins = check_ins.get(key, [])
            fact.prototypes = prototypes.get(key, [])
            fact.process_maps = maps.get(key, [])
            fact.map_lines = map_lines.get(key, [])
            if key in maps:
                fact.people = people
            fact.feedback = feedback.get(key, [])
            fact.groups = groups.get(key, [])
            fact.cohorts = cohorts.get(key, [])
            fact.actions = actions.get(key, [])
            if today is not None:
                fact.today = today
        return facts

    def _session_people(self, ids: list[str], marks: str) -> dict[str, Person]:
        """Everyone who took part in (or facilitated) a session of the initiatives."""
        return {
            person.id: person
            for person in self._list(
                Person,
                "id IN (SELECT person_id FROM session_participants WHERE session_id IN "
                f"(SELECT id FROM sessions WHERE initiative_id IN ({marks})) "
                "UNION SELECT facilitator_id FROM sessions "
                f"WHERE initiative_id IN ({marks}))",
                [*ids, *ids],
            )
        }

    def _open_concerns(self, facts: list[InitiativeFacts]) -> dict[str, OpenConcerns]:
        """Per initiative, the concerns of its earlier steps' sessions (the doctor's
        ``sessions_behind``) with nothing linked: how many, and the first. One query,
        which returns a row per session rather than every remark."""
        from opstui.domain.doctor_buy_in import sessions_behind

        initiative_of = {
            session_id: fact.initiative.id for fact in facts for session_id in sessions_behind(fact)
        }
        if not initiative_of:
            return {}
        found: dict[str, OpenConcerns] = {}
        firsts: dict[str, tuple[str, int]] = {}
        ids = list(initiative_of)
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            for row in self._rows(
                "SELECT * FROM (SELECT f.*, f.rowid AS _rowid, row_number() OVER ("
                "PARTITION BY f.session_id ORDER BY f.created_at, f.rowid) AS _n, "
                "count(*) OVER (PARTITION BY f.session_id) AS _count FROM feedback f "
                f"WHERE f.session_id IN ({','.join('?' * len(chunk))}) AND f.kind = 'concern' "
                "AND NOT EXISTS (SELECT 1 FROM remark_links l WHERE l.feedback_id = f.id)) "
                "WHERE _n = 1",
                chunk,
            ):
                count, order = row.pop("_count"), (row["created_at"], row.pop("_rowid"))
                del row["_n"]
                key = initiative_of[row["session_id"]]
                earlier = found.get(key)
                total = count + (earlier.count if earlier else 0)
                if earlier is None or order < firsts[key]:
                    firsts[key] = order
                    found[key] = OpenConcerns(total, from_row(Feedback, row))
                else:
                    found[key] = OpenConcerns(total, earlier.first)
        return found
