"""The doctor's rules about buy-in: closing the loop with the people affected.

The method holds that the way a change is made earns (or costs) the trust the next
change needs: stakeholders consulted before the infrastructure is chosen, every
affected group told what is coming and given ways to learn it, results shared whether
good or bad, and the people who raised a concern shown what came of it. These rules
read the buy-in plans (``opstui.domain.buy_in``) and are registered with the others
in ``doctor.RULES``; what counts as done is ``evidence``'s to say.
"""

from __future__ import annotations

from datetime import date

from opstui.domain import evidence
from opstui.domain.buy_in import CommStatus
from opstui.domain.evidence import has_rolled_out, quoted
from opstui.domain.facts import InitiativeFacts, OpenConcerns
from opstui.domain.findings import Finding, Severity
from opstui.domain.initiative import Group
from opstui.domain.session import FeedbackKind, Session, SessionKind
from opstui.domain.steps import Step

#: A remark quoted in a finding is cut to this many characters.
QUOTE_LENGTH = 60


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _names(groups: list[Group]) -> str:
    """ "Design", "Design and Product", "Design, Product and Other"."""
    labels = [g.label for g in groups]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LENGTH else flat[: QUOTE_LENGTH - 1].rstrip() + "…"


def check_ways_to_learn(facts: InitiativeFacts) -> list[Finding]:
    """After the rollout people need more than one way to learn the new way of working."""
    if not has_rolled_out(facts) or evidence.several_ways_to_learn(facts) is not None:
        return []
    kinds = evidence.learning_kinds(facts)
    if kinds:
        seen = f"The initiative has rolled out with one way to learn it: {kinds[0].label}."
    else:
        seen = "The initiative has rolled out, and no way to learn it is recorded."
    return [
        Finding(
            "few-ways-to-learn",
            "Fewer than two ways to learn",
            seen,
            "Even a small change takes effort to learn, and people learn differently; with "
            "a single way (or none) many fall back to the old way.",
            "Add learning paths of another kind (written steps, a short video, office "
            "hours, a buddy, a workshop) in the Buy-in tab, with times people can set aside.",
        )
    ]


def check_groups_reached(facts: InitiativeFacts) -> list[Finding]:
    """From expansion on, every affected group hears what is coming and can learn it.

    Messages are due from step 5 (the wider rollout is planned there), ways to learn
    once it has rolled out (learning is post-launch support).
    """
    rolled = has_rolled_out(facts)
    if facts.initiative.step < Step.PROTOTYPE_AND_EXPAND and not rolled:
        return []
    groups = [affected.group for affected in facts.groups]
    unheard = [g for g in groups if not evidence.messages_to(facts, g)]
    untaught = [g for g in groups if rolled and not evidence.ways_to_learn_for(facts, g)]
    if not unheard and not untaught:
        return []
    seen = []
    if unheard:
        seen.append(f"no message in the communication plan reaches {_names(unheard)}")
    if untaught:
        seen.append(f"no way to learn is offered to {_names(untaught)}")
    said = "; ".join(seen)
    todo = "In the Buy-in tab, add a message for each group left out, or one to everyone"
    if untaught:
        todo += ", and a way to learn for them"
    return [
        Finding(
            "group-left-out",
            "Affected groups left out of the plans",
            said[0].upper() + said[1:] + ".",
            "A group that is not told what is coming, or not helped to learn it, meets "
            "the change as something done to it; that is where resistance starts.",
            todo + ".",
            Severity.WARNING if rolled else Severity.INFO,
        )
    ]


def check_results_shared(facts: InitiativeFacts) -> list[Finding]:
    """Evaluated results should be shared, whether they are good or bad."""
    if facts.initiative.step is not Step.EVALUATE:
        return []
    evaluations = evidence.ended_sessions(facts, SessionKind.EVALUATION)
    if not evaluations or evidence.results_shared(facts) is not None:
        return []
    ended = f"{_plural(len(evaluations), 'evaluation session')} ended"
    planned = [m for m in evidence.results_messages(facts) if m.status is CommStatus.PLANNED]
    if planned:
        message = planned[0]
        when = f" (planned for {message.planned_on.isoformat()})" if message.planned_on else ""
        seen = f"{ended}; the results message by {quoted(message.channel)}{when} is not sent."
        todo = "Send it, then mark it sent in the Buy-in tab: that records the day."
    else:
        seen = f"{ended}, and the communication plan has no results message."
        todo = (
            "Add a results message for everyone affected (what we heard, what we did, the "
            "outcome and lessons learned), send it, and mark it sent in the Buy-in tab."
        )
    return [
        Finding(
            "results-not-shared",
            "Results never shared",
            seen,
            "Sharing what worked and what did not shows colleagues their interests come "
            "first, and earns support for the next change.",
            todo,
        )
    ]


def _consulted(facts: InitiativeFacts, groups: set[Group], by: date | None) -> bool:
    return any(c.group in groups and (by is None or c.held_on <= by) for c in facts.check_ins)


def check_stakeholders_consulted(facts: InitiativeFacts) -> list[Finding]:
    """Leadership and another department are consulted before the infrastructure is chosen.

    The day the initiative reached step 4 is not recorded: a check-in counts when it is
    held no later than the first day the data shows it past validation (a session of a
    later step, a pilot, a rollout); with nothing to show that, any check-in counts.
    """
    if facts.initiative.step < Step.SELECT_INFRASTRUCTURE:
        return []
    by = evidence.known_past_validation_on(facts)
    others: set[Group] = {g for g in Group if g not in (Group.PRODUCT, Group.LEADERSHIP)}
    missing = []
    if not _consulted(facts, {Group.LEADERSHIP}, by):
        missing.append("leadership")
    if not _consulted(facts, others, by):
        missing.append("another department (engineering, design, go-to-market…)")
    if not missing:
        return []
    before = f" by {by.isoformat()}, when the work was past validation" if by else ""
    return [
        Finding(
            "stakeholders-not-consulted",
            "Stakeholders not consulted before choosing",
            f"No check-in with {' or '.join(missing)} is recorded{before}.",
            "Leaders and other departments who see the analysis before a solution is "
            "chosen can correct it and will back it; surprised, they tend to resist it.",
            "Show them what discovery and validation found, and record it as a check-in in "
            "the Buy-in tab.",
        )
    ]


def sessions_behind(facts: InitiativeFacts) -> dict[str, Session]:
    """The sessions that served a step before the initiative's current one, by id."""
    step = facts.initiative.step
    return {
        s.id: s
        for s in facts.sessions
        if (served := evidence.session_step(s)) is not None and served < step
    }


def _open_concerns(facts: InitiativeFacts, behind: dict[str, Session]) -> OpenConcerns | None:
    """How many concerns of the sessions ``behind`` have nothing linked, and the first."""
    if facts.links is None:
        return facts.open_concerns
    answered = {link.feedback_id for link in facts.links if link.feedback_id is not None}
    open_concerns = [
        f
        for f in facts.feedback
        if f.kind is FeedbackKind.CONCERN and f.session_id in behind and f.id not in answered
    ]
    return OpenConcerns(len(open_concerns), open_concerns[0]) if open_concerns else None


def check_concerns_answered(facts: InitiativeFacts) -> list[Finding]:
    """A concern raised at an earlier step should have something linked to it.

    The dashboard reads no links: it reads the open concerns on their own
    (``facts.open_concerns``), so that it counts this finding as the workspace does.
    """
    step = facts.initiative.step
    behind = sessions_behind(facts)
    found = _open_concerns(facts, behind)
    if found is None or found.count == 0 or found.first.session_id not in behind:
        return []
    first = found.first
    session = behind[first.session_id]
    count = found.count
    seen = (
        f"{_plural(count, 'concern')} raised at earlier steps than {step.label} "
        f"{'has' if count == 1 else 'have'} nothing linked to {'it' if count == 1 else 'them'}, "
        f"such as {quoted(_short(first.text))} in {quoted(session.title)}."
    )
    return [
        Finding(
            "concern-unanswered",
            "Concerns left unanswered",
            seen,
            "People who raise a concern and never hear what came of it stop raising them; "
            "showing “you said, we did” is how they come to trust the change.",
            "Link each concern to the decision, action, metric or change that answers it, "
            "or say in the results message why nothing changed.",
        )
    ]
