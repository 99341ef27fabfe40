"""What an export renders from: plain domain data, gathered beforehand by the caller.

The renderers never touch the database. The command line and the app gather an
initiative's facts through the store (``opstui.db.store.load_facts`` and
``load_session_facts``), look up the playbooks, and hand a bundle to
``opstui.export.render_session`` or ``render_initiative``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from opstui.domain.carried_over import carried_over
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Person
from opstui.domain.playbook import Playbook
from opstui.domain.session import ActionItem, AgendaItem, Session

ANONYMOUS = "anonymous"
UNKNOWN_PERSON = "someone no longer listed"


@dataclass(frozen=True)
class SessionBundle:
    """One session, its agenda, and everything known about its initiative."""

    facts: InitiativeFacts
    session: Session
    agenda: list[AgendaItem]
    #: The playbook the session was run from, when it is still installed.
    playbook: Playbook | None = None
    #: Names replaced by role and group: for sharing outside the team.
    anonymize: bool = False

    @property
    def people(self) -> PeopleNames:
        return PeopleNames(self.facts.people, anonymize=self.anonymize)

    @property
    def started(self) -> datetime | None:
        return self.session.held_at

    def carried_over(self) -> list[ActionItem]:
        """Actions carried into the session (``domain.carried_over``), oldest first."""
        return carried_over(self.facts.actions, self.session)


@dataclass(frozen=True)
class InitiativeBundle:
    """An initiative's facts, and the playbooks its sessions were run from."""

    facts: InitiativeFacts
    playbooks: Mapping[str, Playbook] = field(default_factory=dict)
    anonymize: bool = False

    @property
    def people(self) -> PeopleNames:
        return PeopleNames(self.facts.people, anonymize=self.anonymize)


class PeopleNames:
    """How people are named in an export: by name, or by role and group when anonymized.

    Two people with the same role and group get a number each (ordered by id, which
    says nothing about them), so that who said what can still be told apart.
    """

    def __init__(self, people: Mapping[str, Person], *, anonymize: bool) -> None:
        self.people = people
        self.anonymize = anonymize
        self._labels: dict[str, str] = {}
        if anonymize:
            by_label: dict[str, list[str]] = {}
            for person_id in sorted(people):
                by_label.setdefault(role_and_group(people[person_id]), []).append(person_id)
            for label, ids in by_label.items():
                for number, person_id in enumerate(ids, start=1):
                    self._labels[person_id] = label if len(ids) == 1 else f"{label} #{number}"

    def name(self, person_id: str | None, *, missing: str = ANONYMOUS) -> str:
        """The name shown for a person id; ``missing`` when there is none."""
        if person_id is None:
            return missing
        person = self.people.get(person_id)
        if person is None:
            return UNKNOWN_PERSON
        if self.anonymize:
            return self._labels[person_id]
        return person.name

    def person(self, person_id: str) -> Person | None:
        """The person as the export may show them: anonymized ones carry no name."""
        person = self.people.get(person_id)
        if person is None or not self.anonymize:
            return person
        return person.model_copy(update={"name": self._labels[person_id]})


def role_and_group(person: Person) -> str:
    """ "Release Manager (Engineering)": what replaces a name in an anonymized export."""
    role = " ".join(person.role.split()) or "Participant"
    return f"{role} ({person.group.label})"
