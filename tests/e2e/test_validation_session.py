"""A short validation session run end to end in the real program, then read from the file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Initiative, Person
from opstui.domain.metrics import Metric
from opstui.domain.session import FeedbackKind, Sentiment, Session, SessionKind, SessionState
from opstui.domain.steps import Step
from opstui.domain.voting import Outcome, ProposalStatus, ProposalSubject

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

BEFORE = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
TITLE = "Make customer interviews easy to schedule"


def seed(db: Path) -> tuple[str, list[str], str]:
    """An initiative at step 3 whose discovery session had four people."""
    with Store.open(db) as store:
        people = [
            store.add_person(Person(name=name))
            for name in ("Ana Ruiz", "Ben Okafor", "Chloé Martin", "Dev Patel")
        ]
        facilitator = store.add_person(Person(name="Olu Facilitator"))
        initiative = store.add_initiative(Initiative(title=TITLE, step=Step.VALIDATE))
        store.add_metric(Metric(initiative_id=initiative.id, name="Interviews per PM"))
        store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Discovery interview",
                participant_ids=[p.id for p in people],
                facilitator_id=facilitator.id,
                state=SessionState.ENDED,
                started_at=BEFORE,
                ended_at=BEFORE + timedelta(hours=1),
            )
        )
        return initiative.id, [p.id for p in people], facilitator.id


def test_a_short_validation_session(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    db = tmp_path / "e2e.db"
    initiative_id, people, facilitator = seed(db)
    tmux.start([str(opstui_program), "--db", str(db)], app_env)

    # The dashboard, then the initiative, then a session from the suggested playbook.
    tmux.wait_for(TITLE)
    tmux.press("Enter")
    tmux.wait_for("Step 3 Validate")
    tmux.press("s")
    tmux.wait_for("Start a session")
    tmux.wait_for("Validation session")
    tmux.press("Enter", "C-s")
    tmux.wait_for("Present the research")
    tmux.wait_for("Captured (newest first)")

    # A remark from Ben, positive, with Rich markup in it that must stay literal.
    tmux.press("f")
    tmux.wait_for("Who said it")
    tmux.press("2", "4")
    # The picks are said in words; once they show, the focus is in the text.
    tmux.wait_for("How it felt: positive")
    assert "Who said it: Ben Okafor" in tmux.screen()
    tmux.type("Seeing [bold]all[/] the slots helps")
    tmux.press("Enter")
    tmux.wait_for("Seeing [bold]all[/] the slots helps")

    # On to the next item, and a vote on the problem statement.
    tmux.press("n")
    tmux.wait_for("2/4")
    tmux.press("v")
    tmux.wait_for("Call a vote")
    tmux.press("C-s")  # the first proposal of the playbook, as offered
    tmux.wait_for("0-5 record a fist")
    for fist in "4534":
        tmux.press(fist)
    tmux.wait_for("4 of 4 voted")
    assert "● voted" in tmux.screen()  # blind until revealed
    tmux.press("r")
    tmux.wait_for("PASSED")
    tmux.press("c")
    tmux.wait_for("Close the vote")
    tmux.press("Enter")
    tmux.wait_for("decision")

    # An action for Ana, due in a week.
    tmux.press("a")
    tmux.wait_for("What is to be done")
    tmux.type("Send the notes round")
    tmux.press("Enter")
    tmux.wait_for("Press a digit for the owner")
    tmux.press("1")
    tmux.wait_for("Owner: Ana Ruiz")
    tmux.type("+7")
    tmux.press("Enter")
    # The form's own field shows the text too: wait for the form to close.
    tmux.wait_gone("Enter saves · Esc cancel")
    tmux.wait_for("Send the notes round")

    # The session started presenter-safe: a private note is typed masked, never shown.
    tmux.wait_for("PRESENTER-SAFE")
    tmux.press("w")
    tmux.wait_for("Private note (hidden")
    tmux.type("Dev was quiet: ask him later")
    assert "Dev was quiet" not in tmux.wait_for("•" * len("Dev was quiet: ask him later"))
    tmux.press("Enter")
    assert "Dev was quiet" not in tmux.wait_for("Added to the private notes")
    # Shown on demand (p), hidden again (p).
    tmux.press("p")
    tmux.wait_for("Dev was quiet")
    tmux.press("p")
    tmux.wait_for("PRESENTER-SAFE")
    tmux.wait_gone("Dev was quiet")

    # End the session: the summary first, then it is ended.
    tmux.press("e")
    tmux.wait_for("End the session?")
    screen = tmux.wait_for("Votes (1)")
    assert "praise 1" in screen
    tmux.press("Enter")
    tmux.wait_for("ended")
    tmux.press("C-q")
    tmux.wait_exit()

    with Store.open(db, read_only=True) as store:
        [session] = [
            s for s in store.list_sessions(initiative_id) if s.playbook_key == "validation"
        ]
        assert session.state is SessionState.ENDED and session.ended_at is not None
        assert session.participant_ids == people and session.facilitator_id == facilitator
        assert session.notes == "Dev was quiet: ask him later"
        agenda = store.list_agenda(session.id)
        assert agenda[0].ended_at is not None and agenda[1].ended_at is not None
        assert session.current_item == 1

        [remark] = store.list_feedback(session_id=session.id)
        assert remark.person_id == people[1] and remark.sentiment is Sentiment.POSITIVE
        assert remark.kind is FeedbackKind.PRAISE
        assert remark.text == "Seeing [bold]all[/] the slots helps"
        assert remark.agenda_item_id == agenda[0].id

        [proposal] = store.list_proposals(session_id=session.id)
        assert proposal.subject is ProposalSubject.PROBLEM
        assert proposal.status is ProposalStatus.CLOSED and proposal.outcome is Outcome.PASSED
        ballots = {b.person_id: b.value for b in store.list_ballots(proposal.id)}
        assert ballots == dict(zip(people, "4534", strict=True))
        [decision] = store.list_decisions(initiative_id)
        assert decision.proposal_id == proposal.id and decision.statement.startswith("Agreed")

        [action] = store.list_session_actions(session.id)
        assert action.text == "Send the notes round" and action.owner_id == people[0]
        assert action.due_on is not None
