"""A team file: two facilitators' work in one database, as a merge would leave it.

Amira ran a discovery session on one initiative and Jonas a pilot session on another.
Each session holds named remarks, a closed vote with ballots, a fill-in and an open
action with an owner; Jonas's holds the one anonymous remark, Amira's an open vote
nobody has revealed yet. A third session, cancelled, holds a remark, a fill-in, a vote
and an action that the readable views must leave out (the action stays: it is open).
Built through the store, as the app writes; shared by tests/db and tests/web.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from opstui.db.store import Store
from opstui.domain.cancelling import cancelled
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.session import (
    ActionItem,
    Feedback,
    FeedbackKind,
    FillIn,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.values import Sentiment
from opstui.domain.voting import Ballot, Outcome, Proposal, VoteMethod

#: Words only the anonymous remark holds, so a search finds it and nothing else.
ANONYMOUS_TEXT = "Nobody reads the onboarding wiki, honestly"
#: A word each facilitator's named remark holds: a search for it finds one of each.
SHARED_WORD = "calendar"
#: Words only the cancelled session holds: no readable view may show them.
CANCELLED_TEXT = "Started by mistake, cancelled straight away"
#: The answer of each facilitator's fill-in, and a word both share.
AMIRA_ANSWER = "Recruiters track interviews in spreadsheets and email threads"
JONAS_ANSWER = "Release dates live in three spreadsheets"
ANSWER_WORD = "spreadsheets"


@dataclass(frozen=True)
class TeamFile:
    """What the team file holds, for the tests to look for."""

    path: Path
    amira: Person
    jonas: Person
    speakers: tuple[Person, ...]
    #: Each facilitator's session, by the facilitator's name.
    sessions: dict[str, Session]
    anonymous_remark_id: str
    open_vote_title: str

    @property
    def names(self) -> list[str]:
        """Everyone's name in the file."""
        return [self.amira.name, self.jonas.name, *(p.name for p in self.speakers)]


def build_team_file(path: Path) -> TeamFile:
    """Write the team file at ``path`` (closed when this returns)."""
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with Store.open(path) as store:
        amira = store.add_person(Person(name="Amira Haddad", role="Ops lead"))
        jonas = store.add_person(Person(name="Jonas Berg", role="Ops", group=Group.PRODUCT))
        priya = store.add_person(Person(name="Priya Raman", group=Group.ENGINEERING))
        tomas = store.add_person(Person(name="Tomás Ortega", group=Group.GO_TO_MARKET))
        interviews = store.add_initiative(
            Initiative(title="Make customer interviews easy to schedule")
        )
        releases = store.add_initiative(Initiative(title="One place for release dates"))

        amira_session = _session(store, interviews, amira, "Discovery with recruiters", start)
        store.add_feedback(
            Feedback(session_id=amira_session.id, person_id=priya.id,
                     sentiment=Sentiment.NEGATIVE, kind=FeedbackKind.CONCERN,
                     text=f"Finding a {SHARED_WORD} slot takes a week", tags=["scheduling"],
                     created_at=start + timedelta(minutes=5))
        )  # fmt: skip
        store.add_feedback(
            Feedback(session_id=amira_session.id, person_id=tomas.id,
                     sentiment=Sentiment.VERY_POSITIVE, kind=FeedbackKind.PRAISE,
                     text="The shared booking page worked for my team",
                     created_at=start + timedelta(minutes=9))
        )  # fmt: skip
        _closed_vote(store, amira_session, "Pilot the booking page", (priya, tomas), start)
        store.add_fill_in(
            FillIn(session_id=amira_session.id, template_key="problem", title="Problem framing",
                   values={"problem": AMIRA_ANSWER, "severity": 4})
        )  # fmt: skip
        store.add_action(
            ActionItem(initiative_id=interviews.id, session_id=amira_session.id,
                       text="Share the booking page with two recruiters", owner_id=priya.id,
                       due_on=date(2026, 3, 16))
        )  # fmt: skip
        open_vote = store.add_proposal(
            Proposal(session_id=amira_session.id, title="Drop the email threads",
                     method=VoteMethod.YES_NO, created_at=start + timedelta(minutes=40))
        )  # fmt: skip
        store.cast_ballot(Ballot(proposal_id=open_vote.id, person_id=priya.id,
                                 method=VoteMethod.YES_NO, value="no"))  # fmt: skip

        jonas_start = start + timedelta(days=3)
        jonas_session = _session(store, releases, jonas, "Pilot check-in", jonas_start)
        store.add_feedback(
            Feedback(session_id=jonas_session.id, person_id=tomas.id,
                     sentiment=Sentiment.POSITIVE, kind=FeedbackKind.SUGGESTION,
                     text=f"Put release dates in the team {SHARED_WORD}",
                     created_at=jonas_start + timedelta(minutes=4))
        )  # fmt: skip
        anonymous = store.add_feedback(
            Feedback(session_id=jonas_session.id, sentiment=Sentiment.VERY_NEGATIVE,
                     kind=FeedbackKind.CONCERN, text=ANONYMOUS_TEXT, tags=["docs"],
                     created_at=jonas_start + timedelta(minutes=7))
        )  # fmt: skip
        _closed_vote(store, jonas_session, "Expand the pilot to sales", (priya, tomas), jonas_start)
        store.add_fill_in(
            FillIn(session_id=jonas_session.id, template_key="pilot", title="Pilot review",
                   values={"where_today": JONAS_ANSWER})
        )  # fmt: skip
        store.add_action(
            ActionItem(initiative_id=releases.id, session_id=jonas_session.id,
                       text="Ask sales which dates they need", owner_id=tomas.id)
        )  # fmt: skip

        mistaken = _session(store, releases, jonas, "Started by mistake", jonas_start)
        store.add_feedback(Feedback(session_id=mistaken.id, person_id=priya.id,
                                    text=CANCELLED_TEXT))  # fmt: skip
        store.add_fill_in(
            FillIn(session_id=mistaken.id, template_key="pilot", title="Pilot review",
                   values={"where_today": CANCELLED_TEXT})
        )  # fmt: skip
        store.add_proposal(Proposal(session_id=mistaken.id, title=CANCELLED_TEXT))
        store.add_action(
            ActionItem(initiative_id=releases.id, session_id=mistaken.id,
                       text="Still to do, whatever the session", owner_id=jonas.id)
        )  # fmt: skip
        store.mark_cancelled(cancelled(mistaken, jonas_start + timedelta(hours=2)))
    sessions = {amira.name: amira_session, jonas.name: jonas_session}
    return TeamFile(path, amira, jonas, (priya, tomas), sessions, anonymous.id, open_vote.title)


def _session(
    store: Store, initiative: Initiative, facilitator: Person, title: str, at: datetime
) -> Session:
    return store.add_session(
        Session(initiative_id=initiative.id, playbook_key="discovery",
                kind=SessionKind.DISCOVERY, title=title, facilitator_id=facilitator.id,
                state=SessionState.ENDED, started_at=at, ended_at=at + timedelta(hours=1))
    )  # fmt: skip


def _closed_vote(
    store: Store, session: Session, title: str, voters: tuple[Person, ...], at: datetime
) -> Proposal:
    proposal = store.add_proposal(
        Proposal(session_id=session.id, title=title, created_at=at + timedelta(minutes=20))
    )
    for value, voter in zip(("4", "5"), voters, strict=True):
        store.cast_ballot(Ballot(proposal_id=proposal.id, person_id=voter.id,
                                 method=VoteMethod.FIST_OF_FIVE, value=value))  # fmt: skip
    return store.close_proposal(proposal, Outcome.PASSED, at=at + timedelta(minutes=25))
