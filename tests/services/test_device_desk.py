"""Participants' devices acting on a live session through ``LiveDeviceDesk``: the same
rules and the same store as the facilitator's keys, the screen's own state kept current,
blind until revealed, and remarks queued until the facilitator accepts them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opstui.db.errors import DatabaseFailure
from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import Decision, FeedbackKind, Sentiment, Session
from opstui.domain.session_plan import plan_session
from opstui.domain.vote_result import revealed_result
from opstui.domain.voting import Proposal, VoteMethod
from opstui.services.device_desk import DeviceDesk, DeviceRefused, DeviceView, DeviceVote
from opstui.services.devices import LiveDeviceDesk, round_key
from opstui.services.live_session import LiveSession

STARTED = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def validation_session(store: Store, names: tuple[str, ...]) -> tuple[Session, list[Person]]:
    """A validation session under way with these participants (also the browser test's)."""
    people = [store.add_person(Person(name=n, group=Group.PRODUCT)) for n in names]
    initiative = store.add_initiative(Initiative(title="Scheduling"))
    book = next(b for b in builtin_playbooks() if b.key == "validation")
    planned, agenda = plan_session(
        initiative_id=initiative.id,
        playbook=book,
        title="Validation",
        participant_ids=[p.id for p in people],
        facilitator_id=None,
        now=STARTED,
    )
    return store.add_session(planned, agenda), people


class World:
    """A live session of three participants, its desk, and how often the screen was told."""

    def __init__(self, store: Store, tmp_path: Path) -> None:
        self.store = store
        self.tmp_path = tmp_path
        self.session, people = validation_session(store, ("Ana", "Ben", "Chi"))
        self.live = LiveSession(store, self.session.id, playbooks_dir=tmp_path)
        self.changes = 0
        self.desk = LiveDeviceDesk(self.live, on_change=self.changed)
        self.ana, self.ben, self.chi = (p.id for p in people)

    def changed(self) -> None:
        self.changes += 1

    def call(self, method: VoteMethod, **fields: object) -> Proposal:
        return self.live.call_vote(
            Proposal(session_id=self.session.id, title="Go?", method=method, **fields)
        )

    def key(self) -> str:
        assert self.live.vote is not None
        return round_key(self.live.vote)

    def open_vote(self, person_id: str | None) -> DeviceVote:
        vote = self.desk.view(person_id).vote
        assert vote is not None
        return vote

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        return [tuple(row) for row in self.store.conn.execute(sql, params)]

    def assert_current(self) -> None:
        """What the screen's LiveSession holds is what reading the file again gives."""
        fresh = LiveSession(self.store, self.session.id, playbooks_dir=self.tmp_path)
        fresh.release()
        live = self.live
        assert (live.captures, live.vote, live.ballots, live.receipts, live.queued) == (
            fresh.captures,
            fresh.vote,
            fresh.ballots,
            fresh.receipts,
            fresh.queued,
        )


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    return World(store, tmp_path)


def test_it_is_a_device_desk_over_the_session(world: World) -> None:
    desk: DeviceDesk = world.desk
    assert desk.session_id == world.session.id
    assert [(p.id, p.name) for p in desk.participants()] == [
        (world.ana, "Ana"),
        (world.ben, "Ben"),
        (world.chi, "Chi"),
    ]
    view = desk.view(world.ana)
    assert (view.session_title, view.ended, view.vote, view.your_waiting) == (
        "Validation",
        False,
        None,
        0,
    )
    assert view.item_title == world.live.current.title


# -- votes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "value", "refused"),
    [
        (VoteMethod.FIST_OF_FIVE, "4", "6"),
        (VoteMethod.CONSENT, "block", "veto"),
        (VoteMethod.YES_NO, "no", "maybe"),
    ],
)
def test_a_device_votes_by_the_same_rules_as_the_keys(
    world: World, method: VoteMethod, value: str, refused: str
) -> None:
    world.call(method)
    view = world.desk.vote(world.ana, world.key(), value, {})
    vote = view.vote
    assert vote is not None
    assert (vote.method, vote.choices) == (method.value, method.choices)
    assert (vote.voted, vote.of, vote.you_voted, vote.your_value, vote.can_vote) == (
        1,
        3,
        True,
        value,
        True,
    )
    assert world.rows("SELECT person_id, value, round FROM ballots") == [(world.ana, value, 1)]
    with pytest.raises(DeviceRefused) as said:
        world.desk.vote(world.ben, world.key(), refused, {})
    message = str(said.value)
    assert message.startswith("That is not a choice of this vote") and message.endswith(".")
    assert refused not in message  # what a device sent is not echoed
    assert world.rows("SELECT count(*) FROM ballots") == [(1,)]
    # Not anonymous: a person may change their ballot, one ballot each.
    changed = method.choices[0]
    assert world.open_vote(world.ana).your_value == value
    world.desk.vote(world.ana, world.key(), changed, {})
    assert world.rows("SELECT person_id, value FROM ballots") == [(world.ana, changed)]
    world.assert_current()


def test_a_dot_vote_keeps_to_its_options_and_budget(world: World) -> None:
    world.call(VoteMethod.DOT, options=["Slots", "Links", "Bots"], budget=3)
    vote = world.open_vote(world.ana)
    assert (vote.choices, vote.options, vote.budget) == ((), ("Slots", "Links", "Bots"), 3)
    view = world.desk.vote(world.ana, world.key(), None, {"Slots": 2, "Bots": 1})
    assert view.vote is not None and view.vote.your_dots == {"Slots": 2, "Bots": 1}
    for dots, said in (
        ({"Slots": 4}, "At most 3 dots per person."),
        ({"Slots": 1, "Links": 1, "Bots": 2}, "At most 3 dots per person."),
        ({"Fax": 1}, "No such option: Fax."),
        ({"Slots": -1}, "Dots cannot be negative."),
    ):
        with pytest.raises(DeviceRefused) as refused:
            world.desk.vote(world.ben, world.key(), None, dots)
        assert str(refused.value) == said
    with pytest.raises(DeviceRefused):
        world.desk.vote(world.ben, world.key(), "Slots", {})  # a dot vote takes no value
    assert world.rows("SELECT person_id, dots FROM ballots") == [
        (world.ana, '{"Bots": 1, "Slots": 2}')
    ]


def test_a_stale_page_cannot_vote_into_another_round_or_vote(world: World) -> None:
    world.call(VoteMethod.YES_NO)
    first = world.key()
    world.live.reveal()
    world.live.revote()
    assert world.key() != first
    with pytest.raises(DeviceRefused, match="no longer open"):
        world.desk.vote(world.ana, first, "yes", {})
    world.desk.vote(world.ana, world.key(), "yes", {})
    second = world.key()
    world.live.close_vote(None)
    with pytest.raises(DeviceRefused, match="no longer open"):
        world.desk.vote(world.ben, second, "yes", {})
    with pytest.raises(DeviceRefused, match="no longer open"):
        world.desk.vote(world.ben, "anything:1", "yes", {})
    assert world.rows("SELECT person_id, round FROM ballots") == [(world.ana, 2)]


def test_a_revealed_round_takes_no_more_ballots_from_devices(world: World) -> None:
    world.call(VoteMethod.YES_NO)
    world.desk.vote(world.ana, world.key(), "yes", {})
    world.live.reveal()
    assert not world.open_vote(world.ben).can_vote
    with pytest.raises(DeviceRefused, match="revealed"):
        world.desk.vote(world.ben, world.key(), "no", {})


def test_an_anonymous_vote_gives_a_receipt_only(world: World) -> None:
    world.call(VoteMethod.FIST_OF_FIVE, anonymous=True)
    view = world.desk.vote(world.ana, world.key(), "2", {})
    vote = view.vote
    assert vote is not None and vote.anonymous
    assert (vote.you_voted, vote.your_value, vote.your_dots, vote.can_vote) == (
        True,
        None,
        {},
        False,
    )
    assert world.rows("SELECT person_id, value FROM ballots") == [(None, "2")]
    assert world.rows("SELECT person_id FROM ballot_receipts") == [(world.ana,)]
    with pytest.raises(DeviceRefused) as again:
        world.desk.vote(world.ana, world.key(), "5", {})
    assert str(again.value) == "You have voted: an anonymous vote cannot be changed."
    assert world.rows("SELECT value FROM ballots") == [("2",)]
    world.live.reveal()
    revealed = world.open_vote(world.ana)
    assert revealed.your_value is None and revealed.result
    assert "2 — 1 vote" in revealed.result
    world.assert_current()


def test_a_device_sees_only_how_many_voted_until_the_reveal(world: World) -> None:
    world.call(VoteMethod.CONSENT, quorum=2)
    world.desk.vote(world.ana, world.key(), "block", {})
    world.live.cast(world.ben, "agree", {})  # the facilitator's key, on the same vote
    for person in (world.ana, world.ben, world.chi, None):
        vote = world.open_vote(person)
        assert (vote.voted, vote.of, vote.result) == (2, 3, ())
        shown = asdict(world.desk.view(person))
        others = {"block", "agree"} - {vote.your_value}
        assert not any(value in repr(shown).replace(repr(vote.choices), "") for value in others)
    assert world.open_vote(world.ben).your_value == "agree"
    assert world.open_vote(world.chi).your_value is None
    world.live.reveal()
    result = world.open_vote(world.chi).result
    assert world.live.vote is not None
    assert result == revealed_result(world.live.vote, world.live.ballots)
    assert result == (
        "agree — 1 vote",
        "abstain — 0 votes",
        "disagree — 0 votes",
        "block — 1 vote",
        "Result: agree: 1 · block: 1 → FAILED",
        "Quorum 2 met · passes when no block, and more agree than disagree",
    )


def test_the_facilitators_and_the_devices_ballots_count_together(world: World) -> None:
    world.call(VoteMethod.YES_NO)
    world.live.cast(world.ana, "yes", {})
    world.desk.vote(world.ben, world.key(), "no", {})
    world.live.cast(world.chi, "yes", {})
    assert world.live.voted == {world.ana, world.ben, world.chi}
    assert world.open_vote(None).voted == 3
    world.live.reveal()
    assert "Result: yes: 2 · no: 1 → PASSED" in world.open_vote(world.ben).result
    closed = world.live.close_vote(Decision(initiative_id="x", statement="We go"))
    assert closed.outcome is not None and closed.outcome.value == "passed"
    world.assert_current()


def test_a_device_without_a_name_watches_but_cannot_vote(world: World) -> None:
    world.call(VoteMethod.YES_NO)
    vote = world.open_vote(None)
    assert (vote.you_voted, vote.can_vote) == (False, False)
    with pytest.raises(DeviceRefused, match="Join with your name"):
        world.desk.vote("not-a-participant", world.key(), "yes", {})
    assert world.rows("SELECT count(*) FROM ballots") == [(0,)]


# -- remarks ---------------------------------------------------------------------------------


def test_remarks_wait_until_accepted_or_rejected(world: World) -> None:
    live = world.live
    view = world.desk.send_remark(world.ana, "2", "praise", "Slots help")
    assert view.your_waiting == 1
    world.desk.send_remark(None, "-1", "concern", "Too many links")
    world.desk.send_remark(world.ana, "0", "question", "Who books?")
    assert world.desk.view(world.ben).your_waiting == 0
    assert world.desk.view(None).your_waiting == 0  # nameless devices are not told apart
    assert world.rows("SELECT person_id, sentiment, kind, text FROM device_remarks") == [
        (world.ana, 5, "praise", "Slots help"),
        (None, 2, "concern", "Too many links"),
        (world.ana, 3, "question", "Who books?"),
    ]
    assert world.rows("SELECT count(*) FROM feedback") == [(0,)]
    assert live.captures.feedback == []
    assert [r.text for r in live.queue()] == ["Slots help", "Too many links", "Who books?"]

    praise, concern, question = live.queue()
    accepted = live.accept(praise.id)
    anonymous = live.accept(concern.id)
    live.reject(question.id)
    assert (accepted.person_id, accepted.sentiment, accepted.kind) == (
        world.ana,
        Sentiment.VERY_POSITIVE,
        FeedbackKind.PRAISE,
    )
    assert accepted.agenda_item_id == live.current_item_id is not None
    assert anonymous.anonymous
    assert world.rows("SELECT count(*) FROM device_remarks") == [(0,)]
    assert world.rows("SELECT id, person_id, text FROM feedback ORDER BY rowid") == [
        (accepted.id, world.ana, "Slots help"),
        (anonymous.id, None, "Too many links"),
    ]
    assert live.captures.feedback == [accepted, anonymous]
    assert live.queue() == [] and world.desk.view(world.ana).your_waiting == 0
    world.assert_current()


def test_a_remark_taken_elsewhere_is_said_so(world: World) -> None:
    from opstui.services.live_session import LiveSessionError

    world.desk.send_remark(world.ana, "0", "observation", "Noted")
    (remark,) = world.live.queue()
    world.store.reject_queued_remark(remark.id)  # another hand, on the same file
    with pytest.raises(LiveSessionError, match="no longer waits"):
        world.live.accept(remark.id)
    assert world.live.queue() == [] and world.rows("SELECT count(*) FROM feedback") == [(0,)]
    with pytest.raises(LiveSessionError, match="no longer waits"):
        world.live.reject(remark.id)


@pytest.mark.parametrize(
    ("sentiment", "kind", "text", "said"),
    [
        ("", "praise", "x", "Choose how it felt"),
        ("5", "praise", "x", "Choose how it felt"),
        ("1", "<b>", "x", "Choose what kind"),
        ("1", "praise", "   ", "Write something"),
        ("1", "praise", "x" * 2001, "at most 2000 characters"),
    ],
)
def test_a_remark_outside_the_rules_is_refused_and_not_stored(
    world: World, sentiment: str, kind: str, text: str, said: str
) -> None:
    with pytest.raises(DeviceRefused, match=said):
        world.desk.send_remark(world.ana, sentiment, kind, text)
    assert world.rows("SELECT count(*) FROM device_remarks") == [(0,)]
    assert world.changes == 0


def test_a_remark_from_someone_not_taking_part_is_refused(world: World) -> None:
    with pytest.raises(DeviceRefused, match="not among"):
        world.desk.send_remark("stranger", "0", "praise", "Hi")
    assert world.rows("SELECT count(*) FROM device_remarks") == [(0,)]


def test_hostile_text_from_a_device_is_stored_as_literal_text(world: World) -> None:
    hostile = (
        "<script>fetch('/x')</script> [bold red]x[/] "
        "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J \x9b31m\x90q\x9c end"
    )
    world.desk.send_remark(world.ana, "0", "observation", hostile)
    (text,) = world.rows("SELECT text FROM device_remarks")[0]
    assert text == "<script>fetch('/x')</script> [bold red]x[/] ]52;c;cm0gLXJmIH4=[2J 31mq end"
    assert isinstance(text, str)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text)
    world.live.accept(world.live.queue()[0].id)
    assert world.rows("SELECT text FROM feedback") == [(text,)]


# -- the screen is told, and the page's version ------------------------------------------------


def test_the_screen_is_told_after_each_act_and_only_then(world: World) -> None:
    world.call(VoteMethod.YES_NO)
    world.desk.view(world.ana)
    assert world.changes == 0
    world.desk.vote(world.ana, world.key(), "yes", {})
    assert world.changes == 1
    world.desk.send_remark(None, "0", "observation", "Noted")
    assert world.changes == 2
    with pytest.raises(DeviceRefused):
        world.desk.vote(world.ana, "stale:1", "yes", {})
    assert world.changes == 2


def test_the_version_changes_exactly_when_the_view_does(world: World) -> None:
    desk, live = world.desk, world.live

    def version(person: str | None = world.ana) -> str:
        return desk.view(person).version

    seen = [version()]

    def changed() -> None:
        # Different from the page's last one (a view may come back to an earlier one:
        # closing the vote shows what was shown before it was called).
        now = version()
        assert now != seen[-1]
        seen.append(now)

    def same() -> None:
        assert version() == seen[-1]

    same()
    world.call(VoteMethod.YES_NO)
    changed()
    desk.vote(world.ben, world.key(), "no", {})  # 1 of 3 voted
    changed()
    desk.vote(world.ben, world.key(), "yes", {})  # Ben changes his mind: Ana's view is the same
    same()
    desk.vote(world.ana, world.key(), "yes", {})
    changed()
    live.reveal()
    changed()
    live.revote()
    changed()
    live.close_vote(None)
    changed()
    desk.send_remark(world.ana, "0", "observation", "Mine")
    changed()
    desk.send_remark(world.ben, "0", "observation", "Ben's")  # not Ana's: her view is the same
    same()
    live.move_to(1, 60, STARTED + timedelta(minutes=5))
    changed()
    live.end(STARTED + timedelta(minutes=30))
    changed()
    same()


def test_views_are_equal_exactly_when_versions_are(world: World) -> None:
    world.call(VoteMethod.YES_NO)
    a, b = world.desk.view(world.ana), world.desk.view(world.ana)
    assert a == b and a.version == b.version
    c = world.desk.view(world.ben)
    assert c == a  # nobody voted: Ana and Ben see the same page
    world.desk.vote(world.ana, world.key(), "yes", {})
    assert world.desk.view(world.ana).version != world.desk.view(world.ben).version


# -- the end -------------------------------------------------------------------------------------


def test_waiting_remarks_stay_queued_when_the_session_ends(world: World) -> None:
    world.call(VoteMethod.YES_NO)
    world.desk.send_remark(world.ana, "1", "suggestion", "Earlier agenda")
    world.desk.send_remark(None, "-2", "concern", "Unread notes")
    world.live.close_vote(None)
    world.live.end(STARTED + timedelta(hours=1))
    assert world.live.remarks_waiting == 2
    view: DeviceView = world.desk.view(world.ana)
    assert (view.ended, view.vote) == (True, None)
    with pytest.raises(DeviceRefused, match="has ended"):
        world.desk.send_remark(world.ana, "0", "observation", "Late")
    with pytest.raises(DeviceRefused, match="has ended"):
        world.desk.vote(world.ana, "x:1", "yes", {})
    assert world.rows("SELECT count(*) FROM device_remarks") == [(2,)]
    reread = LiveSession(world.store, world.session.id, playbooks_dir=world.tmp_path)
    assert reread.remarks_waiting == 2


def test_cancelling_a_session_with_waiting_remarks_keeps_them(world: World) -> None:
    world.desk.send_remark(None, "0", "observation", "Only this")
    how = world.live.cancel(STARTED + timedelta(minutes=2))
    assert how.value == "keep-cancelled"
    assert world.rows("SELECT count(*) FROM device_remarks") == [(1,)]


def test_no_row_is_half_written_when_accepting_fails(world: World) -> None:
    world.desk.send_remark(world.ana, "0", "observation", "Kept")
    (remark,) = world.live.queue()
    world.store.conn.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON feedback BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(DatabaseFailure):
        world.live.accept(remark.id)
    assert world.rows("SELECT id FROM device_remarks") == [(remark.id,)]
    assert world.rows("SELECT count(*) FROM feedback") == [(0,)]
    assert world.live.queue() == [remark] and world.live.captures.feedback == []
