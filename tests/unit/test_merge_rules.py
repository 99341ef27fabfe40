"""The merge's rules on their own: who a colleague is, which version is kept, and why."""

from __future__ import annotations

from opstui.domain.merging import (
    OLDER_EDIT,
    OWNER_WINS,
    SAME_TIME,
    incoming_wins,
    instant,
    person_key,
    tombstone_beats,
)


def row(text: str, at: str | None = None, site: str | None = None) -> dict[str, object]:
    return {"id": "a", "text": text, "updated_at": at, "updated_site": site}


def test_a_colleague_is_their_name_as_read_and_their_group() -> None:
    assert person_key("  Ana   Ruiz ", "product") == person_key("ana ruiz", "product")
    assert person_key("Ａｎａ Ruiz", "product") == person_key("ana ruiz", "product")  # NFKC
    assert person_key("Ana Ruiz", "product") != person_key("Ana Ruiz", "design")
    assert person_key("Ana Ruiz", "product") != person_key("Ana Ruíz", "product")


def test_the_later_edit_wins_whichever_side_it_is_on() -> None:
    early, late = row("a", "2026-03-02T10:00:00Z", "s1"), row("b", "2026-03-02T11:00:00Z", "s2")
    assert incoming_wins(late, early) == (True, OLDER_EDIT)
    assert incoming_wins(early, late) == (False, OLDER_EDIT)
    # Stamps written by Python and by SQLite compare as instants.
    python_late = row("c", "2026-03-02T11:00:00.5+00:00", "s1")
    assert incoming_wins(python_late, late)[0]


def test_an_edit_beats_a_version_never_edited() -> None:
    assert incoming_wins(row("b", "2026-03-02T10:00:00Z", "s2"), row("a")) == (True, OLDER_EDIT)


def test_two_versions_edited_in_neither_file_are_settled_by_a_fixed_order() -> None:
    one, other = row("a"), row("b")
    first = incoming_wins(one, other)
    assert first[1] == SAME_TIME
    assert incoming_wins(other, one) == (not first[0], SAME_TIME)


def test_the_owners_version_of_an_initiative_level_row_wins_over_a_later_edit() -> None:
    owners = row("owner's words", "2026-03-02T10:00:00Z", "owner")
    later = row("a colleague's words", "2026-03-09T10:00:00Z", "colleague")
    assert incoming_wins(later, owners, owner_site="owner", initiative_level=True) == (
        False,
        OWNER_WINS,
    )
    assert incoming_wins(owners, later, owner_site="owner", initiative_level=True) == (
        True,
        OWNER_WINS,
    )
    # Not initiative-level: the later edit wins.
    assert incoming_wins(later, owners) == (True, OLDER_EDIT)


def test_a_deletion_beats_an_edit_no_later_than_it() -> None:
    assert tombstone_beats("2026-03-02T10:00:00Z", None)
    assert tombstone_beats("2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z")
    assert not tombstone_beats("2026-03-02T10:00:00Z", "2026-03-02T10:00:01Z")


def test_a_stamp_that_is_not_a_time_counts_as_no_edit() -> None:
    assert instant("yesterday") == instant(None)
