"""Rules of the live session: timer arithmetic, one-key choices, starting and summing up."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.agenda_timer import ItemClock, TimerReading, format_clock, switch_item
from opstui.domain.carried_over import carried_over
from opstui.domain.due_dates import parse_due
from opstui.domain.latest_session import latest_session
from opstui.domain.metrics import Metric
from opstui.domain.playbook import Playbook, builtin_playbooks, parse_playbook
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FeedbackKind,
    FillIn,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
    likely_kind,
)
from opstui.domain.session_plan import plan_session, suggest_playbook
from opstui.domain.session_summary import summarize_session
from opstui.domain.steps import Step
from opstui.domain.text import printable, shorten
from opstui.domain.vote_offers import VoteOffer, vote_offers
from opstui.domain.voting import (
    Ballot,
    Outcome,
    Proposal,
    ProposalStatus,
    ProposalSubject,
    VoteMethod,
    decision_statement,
    dots_left,
    open_vote,
    place_dot,
    tally,
)
from opstui.widgets.keys import (
    ANONYMOUS_KEY,
    KIND_KEYS,
    SENTIMENT_KEYS,
    participant_keys,
    vote_key_hint,
    vote_keys,
)

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def _session(**changes: object) -> Session:
    data: dict[str, object] = {
        "initiative_id": "i1",
        "playbook_key": "validation",
        "kind": SessionKind.VALIDATION,
        "title": "Validation session",
        "state": SessionState.LIVE,
        "started_at": T0,
    }
    data.update(changes)
    return Session.model_validate(data)


# -- showing user text -----------------------------------------------------------------


def test_printable_turns_control_characters_into_visible_symbols() -> None:
    assert printable("\x1b[2Jgone") == "\u241b[2Jgone"
    assert printable("bell\x07 del\x7f") == "bell\u2407 del\u2421"


def test_printable_keeps_markup_emoji_newlines_and_tabs() -> None:
    text = "[bold]x[/] 🎉\nnext\tcolumn"
    assert printable(text) == text


@given(st.text())
def test_printable_leaves_no_control_character_but_newline_and_tab(text: str) -> None:
    shown = printable(text)
    assert len(shown) == len(text)
    # A carriage return survives only as the first half of a CRLF line break.
    assert all(
        c in "\n\t"
        or (c == "\r" and shown[i + 1 : i + 2] == "\n")
        or unicodedata.category(c) != "Cc"
        for i, c in enumerate(shown)
    )


def test_shorten_cuts_long_text_with_an_ellipsis_and_joins_lines() -> None:
    assert shorten("a\n b   c", 10) == "a b c"
    assert shorten("x" * 20, 10) == "x" * 9 + "…"


# -- the timer -----------------------------------------------------------------------------


def test_item_clock_counts_only_while_running() -> None:
    clock = ItemClock(banked=30)
    assert clock.elapsed(100.0) == 30
    clock.start(100.0)
    assert clock.running
    assert clock.elapsed(110.5) == 40
    assert clock.pause(112.0) == 42
    assert not clock.running
    assert clock.elapsed(500.0) == 42
    clock.start(500.0)
    clock.start(505.0)  # starting a running clock changes nothing
    assert clock.elapsed(510.0) == 52


@given(st.lists(st.floats(min_value=0, max_value=10_000), min_size=0, max_size=20))
def test_item_clock_adds_up_whole_seconds_of_each_run(gaps: list[float]) -> None:
    clock = ItemClock()
    now, expected = 0.0, 0
    run_start: float | None = None
    for index, gap in enumerate(gaps):
        now += gap
        if index % 2 == 0:
            clock.start(now)
            run_start = now
        else:
            clock.pause(now)
            assert run_start is not None
            expected += int(now - run_start)
            run_start = None
    if run_start is not None:
        now += 1.5
        expected += int(now - run_start)
    assert clock.elapsed(now) == expected


def test_format_clock_and_reading() -> None:
    assert format_clock(0) == "00:00"
    assert format_clock(65) == "01:05"
    assert format_clock(4500) == "75:00"
    running = TimerReading(elapsed=59, allowed=600)
    assert (running.clock, running.overrun, running.actual_minutes) == ("09:01", False, 1)
    over = TimerReading(elapsed=683, allowed=600)
    assert (over.clock, over.overrun, over.actual_minutes) == ("+01:23", True, 12)
    assert TimerReading(600, 600).overrun is False


def test_switch_item_records_the_item_left_and_starts_the_next() -> None:
    first = AgendaItem(session_id="s", position=0, title="One", started_at=T0)
    second = AgendaItem(session_id="s", position=1, title="Two")
    later = T0 + timedelta(minutes=7)
    left, entered = switch_item([first, second], 0, 1, 425, later)
    assert (left.elapsed_seconds, left.ended_at) == (425, later)
    assert (entered.started_at, entered.ended_at) == (later, None)
    # Going back keeps the first start and clears the end until it is left again.
    back_left, back = switch_item([left, entered], 1, 0, 10, later + timedelta(minutes=1))
    assert back.started_at == T0 and back.ended_at is None
    assert back_left.elapsed_seconds == 10


def test_actual_time_is_the_wall_time_an_item_was_current() -> None:
    """The timer paused for a break, or the facilitator away from the live screen: the
    item was still the one under way, and "Actual" says so."""
    first = AgendaItem(session_id="s", position=0, title="One", started_at=T0, entered_at=T0)
    second = AgendaItem(session_id="s", position=1, title="Two", planned_minutes=5)
    # Twelve minutes on the first item; its timer ran only three of them.
    left, entered = switch_item([first, second], 0, 1, 180, T0 + timedelta(minutes=12))
    assert (left.elapsed_seconds, left.actual_seconds, left.actual_minutes) == (180, 720, 12)
    assert left.overran is True and entered.entered_at == T0 + timedelta(minutes=12)
    # Back to the first for two minutes: its visits add up.
    back_left, back = switch_item([left, entered], 1, 0, 60, T0 + timedelta(minutes=15))
    assert back_left.actual_seconds == 180
    again, _ = switch_item([back, back_left], 0, 1, 200, T0 + timedelta(minutes=17))
    assert again.actual_seconds == 720 + 120
    # An item timed before wall time was kept counts its timer's seconds.
    legacy = AgendaItem(session_id="s", position=0, title="Old", elapsed_seconds=300)
    assert legacy.actual_seconds == 300 and legacy.left_at(T0).wall_seconds == 300


# -- one-key choices -------------------------------------------------------------------------


def test_participant_keys_number_the_first_nine_and_zero_is_anonymous() -> None:
    ids = [f"p{n}" for n in range(1, 12)]
    keys = participant_keys(ids)
    assert keys["1"] == "p1" and keys["9"] == "p9"
    assert keys[ANONYMOUS_KEY] is None
    assert "p10" not in keys.values()
    assert participant_keys([]) == {"0": None}


def test_sentiment_and_kind_keys() -> None:
    assert [SENTIMENT_KEYS[str(n)] for n in range(1, 6)] == list(Sentiment)
    assert KIND_KEYS == {
        "p": FeedbackKind.PRAISE,
        "c": FeedbackKind.CONCERN,
        "s": FeedbackKind.SUGGESTION,
        "q": FeedbackKind.QUESTION,
        "o": FeedbackKind.OBSERVATION,
    }


@pytest.mark.parametrize(
    ("sentiment", "kind"),
    [
        (Sentiment.VERY_NEGATIVE, FeedbackKind.CONCERN),
        (Sentiment.NEGATIVE, FeedbackKind.CONCERN),
        (Sentiment.NEUTRAL, FeedbackKind.OBSERVATION),
        (Sentiment.POSITIVE, FeedbackKind.PRAISE),
        (Sentiment.VERY_POSITIVE, FeedbackKind.PRAISE),
    ],
)
def test_default_kind_follows_sentiment(sentiment: Sentiment, kind: FeedbackKind) -> None:
    assert likely_kind(sentiment) is kind


def _proposal(method: VoteMethod, **changes: object) -> Proposal:
    data: dict[str, object] = {"session_id": "s", "title": "Do it", "method": method}
    data.update(changes)
    return Proposal.model_validate(data)


def test_vote_keys_cover_every_value_of_every_method() -> None:
    for method in (VoteMethod.FIST_OF_FIVE, VoteMethod.CONSENT, VoteMethod.YES_NO):
        keys = vote_keys(_proposal(method))
        assert sorted(keys.values()) == sorted(method.choices)
        assert all(len(key) == 1 for key in keys)
    assert vote_keys(_proposal(VoteMethod.CONSENT)) == {
        "a": "agree",
        "s": "abstain",
        "d": "disagree",
        "b": "block",
    }
    dot = _proposal(VoteMethod.DOT, options=["Red", "Blue"], budget=2)
    assert vote_keys(dot) == {"1": "Red", "2": "Blue"}
    assert "0-5" in vote_key_hint(_proposal(VoteMethod.FIST_OF_FIVE))
    assert "y yes" in vote_key_hint(_proposal(VoteMethod.YES_NO))


def test_place_dot_respects_the_budget() -> None:
    dot = _proposal(VoteMethod.DOT, options=["Red", "Blue"], budget=2)
    one = place_dot(dot, {}, "Red")
    two = place_dot(dot, one, "Red")
    assert two == {"Red": 2} and one == {"Red": 1}
    assert dots_left(dot, two) == 0
    with pytest.raises(ValueError, match="all 2 dots"):
        place_dot(dot, two, "Blue")
    with pytest.raises(ValueError, match="no such option"):
        place_dot(dot, {}, "Green")


# -- starting a session ----------------------------------------------------------------------


def test_suggest_playbook_picks_the_step_else_the_closest() -> None:
    books = builtin_playbooks()
    assert suggest_playbook(books, Step.VALIDATE).key == "validation"  # type: ignore[union-attr]
    assert suggest_playbook(books, Step.IDENTIFY_PROBLEM).key == "discovery"  # type: ignore[union-attr]
    # Step 2 has no playbook of its own: the validation session ahead is suggested.
    assert suggest_playbook(books, Step.DEFINE_SUCCESS).key == "validation"  # type: ignore[union-attr]
    assert suggest_playbook([], Step.VALIDATE) is None


def test_latest_session_is_the_most_recent_held() -> None:
    old = _session(started_at=T0)
    new = _session(started_at=T0 + timedelta(days=7))
    undated = _session(started_at=None, state=SessionState.PLANNED)
    assert latest_session([new, old, undated]) is new
    assert latest_session([undated]) is None


def test_plan_session_is_live_on_its_first_item() -> None:
    book = next(b for b in builtin_playbooks() if b.key == "validation")
    session, agenda = plan_session(
        initiative_id="i1",
        playbook=book,
        title="Validation session",
        participant_ids=["a", "b", "a"],
        facilitator_id="f",
        now=T0,
    )
    assert session.state is SessionState.LIVE and session.started_at == T0
    assert session.participant_ids == ["a", "b"]
    assert session.kind is SessionKind.VALIDATION and session.playbook_key == "validation"
    assert [item.position for item in agenda] == list(range(len(book.agenda)))
    assert [item.title for item in agenda] == [spec.title for spec in book.agenda]
    assert agenda[0].started_at == T0 and all(i.started_at is None for i in agenda[1:])
    assert all(item.session_id == session.id for item in agenda)


# -- votes -------------------------------------------------------------------------------------

PLAYBOOK = """
key = "mini"
title = "Mini"
kind = "validation"
step = 3
[[agenda]]
title = "Only"
[[proposals]]
key = "problem"
title = "The problem is right"
subject = "problem"
[[proposals]]
key = "metrics"
title = "This metric shows it"
subject = "metric"
anonymous = true
"""


def test_a_metric_proposal_is_offered_once_per_metric() -> None:
    book = parse_playbook(PLAYBOOK)
    metrics = [Metric(initiative_id="i", name="Interviews"), Metric(initiative_id="i", name="Wait")]
    offers = vote_offers(book, metrics)
    assert [o.title for o in offers] == [
        "The problem is right",
        "This metric shows it: Interviews",
        "This metric shows it: Wait",
    ]
    assert [o.metric_id for o in offers] == [None, metrics[0].id, metrics[1].id]
    assert offers[1].subject is ProposalSubject.METRIC and offers[1].anonymous
    proposal = offers[2].proposal("s1", quorum=3)
    assert (proposal.metric_id, proposal.subject, proposal.quorum) == (
        metrics[1].id,
        ProposalSubject.METRIC,
        3,
    )


def test_without_metrics_the_metric_proposal_is_offered_once() -> None:
    offers = vote_offers(parse_playbook(PLAYBOOK), [])
    assert [o.title for o in offers] == ["The problem is right", "This metric shows it"]
    assert vote_offers(None, []) == []


def test_offer_titles_are_cut_to_the_title_limit() -> None:
    book = parse_playbook(PLAYBOOK)
    long_name = Metric(initiative_id="i", name="m" * 300)
    offer = vote_offers(book, [long_name])[1]
    assert len(offer.title) == 300
    assert isinstance(offer.proposal("s"), Proposal)


def test_open_vote_is_the_latest_still_open() -> None:
    first = _proposal(VoteMethod.YES_NO)
    closed = _proposal(VoteMethod.YES_NO, status=ProposalStatus.CLOSED)
    assert open_vote([first, closed]) is first
    assert open_vote([closed]) is None


def test_decision_statement_drafts_the_outcome() -> None:
    proposal = _proposal(VoteMethod.FIST_OF_FIVE)
    ballots = [
        Ballot(proposal_id=proposal.id, person_id=f"p{v}", method=proposal.method, value=v)
        for v in ("4", "5", "3")
    ]
    text = decision_statement(proposal, tally(proposal, ballots))
    assert text.startswith("Agreed: Do it") and "avg 4.0" in text
    failed = decision_statement(
        proposal,
        tally(
            proposal, [*ballots[:2], ballots[0].model_copy(update={"person_id": "x", "value": "1"})]
        ),
    )
    assert failed.startswith("Not agreed")
    assert decision_statement(proposal, tally(proposal, [])).startswith("No quorum")


def test_parse_due() -> None:
    today = date(2026, 3, 2)
    assert parse_due("", today) is None
    assert parse_due(" 2026-04-01 ", today) == date(2026, 4, 1)
    assert parse_due("+7", today) == date(2026, 3, 9)
    assert parse_due("+14d", today) == date(2026, 3, 16)
    for bad in ("tomorrow", "+x", "2026-13-01"):
        with pytest.raises(ValueError, match="due date"):
            parse_due(bad, today)


# -- carried over and summary ----------------------------------------------------------------


def test_carried_over_are_earlier_actions_open_when_the_session_began() -> None:
    session = _session(started_at=T0)
    before = T0 - timedelta(days=3)
    still_open = ActionItem(initiative_id="i1", session_id="old", text="a", created_at=before)
    ticked_here = ActionItem(
        initiative_id="i1",
        session_id="old",
        text="b",
        created_at=before,
        done=True,
        done_at=T0 + timedelta(minutes=5),
    )
    done_before = ActionItem(
        initiative_id="i1", session_id="old", text="c", created_at=before, done=True, done_at=before
    )
    from_this = ActionItem(initiative_id="i1", session_id=session.id, text="d", created_at=T0)
    made_later = ActionItem(
        initiative_id="i1", session_id="other", text="e", created_at=T0 + timedelta(hours=1)
    )
    found = carried_over([still_open, ticked_here, done_before, from_this, made_later], session)
    assert sorted(a.text for a in found) == ["a", "b"]


def test_summarize_counts_captures_votes_decisions_actions_and_time() -> None:
    session = _session()
    agenda = [
        AgendaItem(
            session_id=session.id, position=0, title="One", planned_minutes=10, elapsed_seconds=660
        ),
        AgendaItem(
            session_id=session.id, position=1, title="Two", planned_minutes=5, elapsed_seconds=120
        ),
    ]
    feedback = [
        Feedback(session_id=session.id, text="x", kind=FeedbackKind.PRAISE),
        Feedback(session_id=session.id, text="y", kind=FeedbackKind.PRAISE),
        Feedback(session_id=session.id, text="z", kind=FeedbackKind.QUESTION),
    ]
    closed = _proposal(
        VoteMethod.YES_NO,
        session_id=session.id,
        status=ProposalStatus.CLOSED,
        outcome=Outcome.PASSED,
    )
    still_open = _proposal(VoteMethod.FIST_OF_FIVE, session_id=session.id, title="Open one")
    ballots = [Ballot(proposal_id=closed.id, person_id="p", method=VoteMethod.YES_NO, value="yes")]
    decision = Decision(
        initiative_id="i1", session_id=session.id, proposal_id=closed.id, statement="We do it"
    )
    other_decision = Decision(initiative_id="i1", session_id="else", statement="Elsewhere")
    mine = ActionItem(initiative_id="i1", session_id=session.id, text="Write it up")
    theirs = ActionItem(initiative_id="i1", session_id="else", text="Not ours")
    ended = T0 + timedelta(hours=1)
    summary = summarize_session(
        session,
        agenda=agenda,
        feedback=feedback,
        fill_ins=[FillIn(session_id=session.id, template_key="t", title="Problem statement")],
        proposals=[closed, still_open],
        ballots=ballots,
        decisions=[decision, other_decision],
        actions=[mine, theirs],
        ended_at=ended,
    )
    assert summary.feedback_by_kind[FeedbackKind.PRAISE] == 2
    assert summary.feedback_by_kind[FeedbackKind.QUESTION] == 1
    assert summary.feedback_by_kind[FeedbackKind.CONCERN] == 0
    assert summary.feedback_total == 3
    assert summary.fill_ins == ["Problem statement"]
    assert [(v.title, v.outcome) for v in summary.votes] == [
        ("Do it", Outcome.PASSED),
        ("Open one", None),
    ]
    assert summary.votes[0].decision == "We do it" and "yes: 1" in summary.votes[0].counts
    assert [v.title for v in summary.open_votes] == ["Open one"]
    assert summary.decisions == ["We do it"]
    assert [a.text for a in summary.actions] == ["Write it up"]
    assert (summary.time.planned_minutes, summary.time.actual_minutes) == (15, 13)
    assert summary.time.overruns == ("One",)
    assert summary.ended_at == ended


def test_vote_offer_defaults_make_a_valid_proposal() -> None:
    assert VoteOffer(title="Ad hoc").proposal("s").method is VoteMethod.FIST_OF_FIVE


def test_every_builtin_playbook_can_start_a_session() -> None:
    books: list[Playbook] = builtin_playbooks()
    assert books
    for book in books:
        session, agenda = plan_session(
            initiative_id="i",
            playbook=book,
            title=book.title,
            participant_ids=[],
            facilitator_id=None,
            now=T0,
        )
        assert len(agenda) == len(book.agenda) and session.kind is book.kind
