"""People, initiatives, the groups an initiative affects, and its pilot cohorts."""

from __future__ import annotations

from opstui.db.mapping import to_row
from opstui.db.records import Records
from opstui.domain.base import utcnow
from opstui.domain.initiative import AffectedGroup, Initiative, Person, PilotCohort


class InitiativeRecords(Records):
    """People, and each initiative with its affected groups and pilot cohorts."""

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
        """Add a group to an initiative, or replace the one already there by this one.

        An initiative has each group once, so the row of a group already there takes
        this one's id and note: what is returned is what is stored.
        """
        with self.write():
            self.db.table("affected_groups").upsert(to_row(group), pk=("initiative_id", "grp"))
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
