"""Everything about one initiative, or one session, read for the rules, screens and exports.

These read models gather an initiative's facts through the store's methods; the domain
rules and the exports take them as plain data.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from opstui.domain.facts import InitiativeFacts

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.domain.initiative import Person
    from opstui.domain.session import AgendaItem, Session


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
        links=store.list_links(initiative_id),
        comm_items=store.list_comm_items(initiative_id),
        learning_paths=store.list_learning_paths(initiative_id),
        check_ins=store.list_check_ins(initiative_id),
        prototypes=store.list_prototypes(initiative_id),
        process_maps=store.list_process_maps(initiative_id),
        map_lines=store.initiative_map_lines(initiative_id),
        surveys=store.list_surveys(initiative_id),
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
