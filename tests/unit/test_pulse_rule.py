"""The closing pulse: how a playbook asks for it, and what its vote reads into a metric."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from opstui.domain.metrics import Cohort, Direction, Metric, MetricKind
from opstui.domain.playbook import PlaybookError, builtin_playbooks, parse_playbook
from opstui.domain.pulse import (
    PULSE_QUESTIONS,
    PULSE_UNIT,
    PulseSpec,
    next_pulse,
    pulse_proposal,
    pulse_reading,
)
from opstui.domain.voting import Ballot, Proposal, ProposalSubject, VoteMethod

MINIMAL = """\
key = "mine"
title = "Mine"
kind = "custom"
step = 2

[[agenda]]
title = "Talk"
minutes = 10
"""

SESSION = PULSE_QUESTIONS[ProposalSubject.PULSE_SESSION]
ROLLOUT = PULSE_QUESTIONS[ProposalSubject.PULSE_ROLLOUT]
DAY = date(2026, 3, 9)


def problems(text: str) -> dict[str, str]:
    with pytest.raises(PlaybookError) as caught:
        parse_playbook(text, "mine.toml")
    return {p.location: p.message for p in caught.value.problems}


# -- the playbook setting ---------------------------------------------------------------------


def test_a_playbook_asks_for_no_pulse_unless_it_says_so() -> None:
    assert parse_playbook(MINIMAL).pulse.subjects == []


def test_a_playbook_asks_for_the_pulse_questions_it_names() -> None:
    book = parse_playbook(MINIMAL + "\n[pulse]\nrollout = true\n")
    assert book.pulse.subjects == [ProposalSubject.PULSE_ROLLOUT]
    both = parse_playbook(MINIMAL + "\n[pulse]\nsession = true\nrollout = true\n")
    assert both.pulse.subjects == [ProposalSubject.PULSE_SESSION, ProposalSubject.PULSE_ROLLOUT]


@pytest.mark.parametrize(
    ("extra", "location", "words"),
    [
        ('[pulse]\nsession = "yes"\n', "pulse.session", "valid boolean"),
        ("[pulse]\nrollout = 1\n", "pulse.rollout", "valid boolean"),
        ("[pulse]\nsesion = true\n", "pulse.sesion", "not permitted"),
        ("pulse = true\n", "pulse", "dictionary"),
        ('[pulse]\nsession = "\\u001b]52;c;aGk=\\u0007"\n', "pulse.session", "valid boolean"),
    ],
)
def test_a_wrong_pulse_setting_is_reported_where_it_is(
    extra: str, location: str, words: str
) -> None:
    # A bare key belongs before the first table; a [pulse] table may come anywhere.
    top = extra.startswith("pulse")
    text = MINIMAL.replace("step = 2\n", f"step = 2\n{extra}") if top else MINIMAL + extra
    found = problems(text)
    assert location in found, found
    assert words in found[location]


def test_playbooks_check_prints_a_wrong_pulse_setting_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL + '\n[pulse]\nsession = "\\u001b[2J"\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "opstui", "playbooks", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"{path}: pulse.session: Input should be a valid boolean" in done.stderr
    assert "\x1b" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("key", ["pilot", "evaluation"])
def test_pilot_and_evaluation_sessions_end_with_both_questions(key: str) -> None:
    book = next(b for b in builtin_playbooks() if b.key == key)
    assert book.pulse == PulseSpec(session=True, rollout=True)


def test_discovery_asks_for_no_pulse() -> None:
    book = next(b for b in builtin_playbooks() if b.key == "discovery")
    assert book.pulse.subjects == []


# -- which question comes next ----------------------------------------------------------------


def test_the_questions_come_in_order_until_asked_or_skipped() -> None:
    spec = PulseSpec(session=True, rollout=True)
    assert next_pulse(spec, []) is SESSION
    asked = pulse_proposal("s1", SESSION)
    assert next_pulse(spec, [asked]) is ROLLOUT
    assert next_pulse(spec, [], skipped=[ProposalSubject.PULSE_SESSION]) is ROLLOUT
    assert next_pulse(spec, [asked, pulse_proposal("s1", ROLLOUT)]) is None
    assert next_pulse(None, []) is None and next_pulse(PulseSpec(), []) is None


def test_a_pulse_vote_is_an_anonymous_fist_of_five_about_its_question() -> None:
    vote = pulse_proposal("s1", ROLLOUT)
    assert vote.method is VoteMethod.FIST_OF_FIVE and vote.anonymous
    assert vote.subject is ProposalSubject.PULSE_ROLLOUT
    assert vote.title == "How is the rollout going so far?"


# -- the reading --------------------------------------------------------------------------------


def fists(vote: Proposal, *values: str) -> list[Ballot]:
    return [Ballot(proposal_id=vote.id, method=vote.method, value=v) for v in values]


def test_the_reading_is_the_average_on_the_sessions_day_for_everyone() -> None:
    vote = pulse_proposal("s1", SESSION)
    read = pulse_reading(
        vote,
        fists(vote, "5", "4", "4"),
        initiative_id="i1",
        metrics=[],
        session_title="Pilot round 2",
        taken_on=DAY,
    )
    assert read is not None and read.new
    assert read.metric.name == "Session value (pulse)"
    assert read.metric.kind is MetricKind.SENTIMENT and read.metric.unit == PULSE_UNIT
    assert read.metric.direction is Direction.HIGHER and read.metric.initiative_id == "i1"
    reading = read.reading
    assert reading.metric_id == read.metric.id and reading.value == 4.33
    assert reading.taken_on == DAY and reading.cohort is Cohort.ALL
    assert reading.note == "Closing pulse of the session “Pilot round 2”: 3 votes"


def test_the_metric_is_found_again_not_made_twice() -> None:
    vote = pulse_proposal("s1", ROLLOUT)
    mine = Metric(initiative_id="i1", name="Rollout so far (pulse)", kind=MetricKind.SENTIMENT)
    elsewhere = mine.model_copy(update={"id": "other", "initiative_id": "i2"})
    read = pulse_reading(
        vote,
        fists(vote, "2"),
        initiative_id="i1",
        metrics=[elsewhere, mine],
        session_title="S",
        taken_on=DAY,
    )
    assert read is not None and not read.new and read.metric is mine
    assert read.reading.metric_id == mine.id and read.reading.note.endswith(": 1 vote")


def test_a_pulse_nobody_answered_and_an_ordinary_vote_read_nothing() -> None:
    def read(vote: Proposal, ballots: list[Ballot]) -> object:
        return pulse_reading(
            vote, ballots, initiative_id="i1", metrics=[], session_title="S", taken_on=DAY
        )

    vote = pulse_proposal("s1", SESSION)
    assert read(vote, []) is None
    ordinary = Proposal(session_id="s1", title="Go?")
    assert read(ordinary, fists(ordinary, "5")) is None
