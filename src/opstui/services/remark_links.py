"""Linking a remark, or one answer of a filled-in template, to what came of it.

The use case behind "you said → we did", called by the live session (``LiveLinks``)
and by the workspace alike: which outcomes a remark can be linked to (the initiative's
decisions, its open actions, its metrics, or a change in words), making a link, and
taking one back. Free of Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pydantic import ValidationError

from opstui.domain.buy_in import LinkTarget, RemarkLink
from opstui.domain.remark_trail import Outcomes, Said, said_behind, trail
from opstui.export.session_notes import field_text, fill_in_fields, template_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from opstui.db.store import Store
    from opstui.domain.playbook import Playbook
    from opstui.domain.session import FillIn


class LinkError(ValueError):
    """A link that cannot be made; the text is written for the person linking."""


@dataclass(frozen=True)
class LinkChoice:
    """One thing a remark can be linked to, as a dialog offers it."""

    target: LinkTarget
    #: The decision's, action's or metric's id; None for a change in words.
    target_id: str | None
    #: Its words: a decision's statement, an action's text, a metric's name; for a change,
    #: what changed (typed when it is chosen).
    text: str = ""
    #: Whether it was made in the session the remark is linked from.
    this_session: bool = False

    def with_change(self, text: str) -> LinkChoice:
        return replace(self, text=text)


#: The choice that asks for a change in the initiative, in words.
CHANGE = LinkChoice(LinkTarget.CHANGE, None)


@dataclass(frozen=True)
class RemarkSource:
    """Where a link starts: a remark, or one answer (field) of a filled-in template."""

    feedback_id: str | None = None
    fill_in_id: str | None = None
    field_key: str = ""


@dataclass(frozen=True)
class Answer:
    """One answer of a filled-in template, as a link can start from it."""

    #: The field's key (what a link from it keeps as ``field_key``).
    key: str
    #: The field's label, and its value in words, as the session notes write them.
    label: str
    text: str


def answers(fill_in: FillIn, playbook: Playbook | None) -> list[Answer]:
    """The answers of ``fill_in`` that can be linked (those with a value), in the
    template's order."""
    template = template_of(playbook, fill_in)
    shown = [
        Answer(key, label, field_text(value, template, key))
        for key, label, value in fill_in_fields(fill_in, template)
    ]
    return [answer for answer in shown if answer.text.strip()]


@dataclass(frozen=True)
class FilledAnswer:
    """One answer of one of a session's filled-in templates."""

    fill_in: FillIn
    answer: Answer


def session_answers(fill_ins: Iterable[FillIn], playbook: Playbook | None) -> list[FilledAnswer]:
    """The answers that can be linked of every template filled in a session (whose
    playbook is ``playbook``), template by template in the order given."""
    return [
        FilledAnswer(fill_in, answer)
        for fill_in in fill_ins
        for answer in answers(fill_in, playbook)
    ]


def link_choices(
    store: Store, initiative_id: str, *, session_id: str | None = None
) -> list[LinkChoice]:
    """What a remark of the initiative can be linked to: the decisions (this session's
    first, then the newest), the open actions (likewise), the metrics, and a change."""

    # Newest first, then (a stable sort) this session's before the rest.
    decisions = sorted(
        sorted(store.list_decisions(initiative_id), key=lambda d: d.decided_at, reverse=True),
        key=lambda d: d.session_id != session_id,
    )
    actions = sorted(
        sorted(
            store.list_actions(initiative_id, open_only=True),
            key=lambda a: a.created_at,
            reverse=True,
        ),
        key=lambda a: a.session_id != session_id,
    )
    choices = [
        LinkChoice(
            LinkTarget.DECISION,
            d.id,
            d.statement,
            this_session=session_id is not None and d.session_id == session_id,
        )
        for d in decisions
    ]
    choices += [
        LinkChoice(
            LinkTarget.ACTION,
            a.id,
            a.text,
            this_session=session_id is not None and a.session_id == session_id,
        )
        for a in actions
    ]
    choices += [
        LinkChoice(LinkTarget.METRIC, m.id, m.name) for m in store.list_metrics(initiative_id)
    ]
    return [*choices, CHANGE]


def outcomes(store: Store, initiative_id: str) -> Outcomes:
    """What the initiative's links can lead to, to name each outcome in words."""
    return Outcomes.of(
        store.list_decisions(initiative_id),
        store.list_actions(initiative_id),
        store.list_metrics(initiative_id),
    )


def remarks_behind_metrics(store: Store, initiative_id: str) -> dict[str, list[Said]]:
    """The remarks and answers behind each metric of the initiative, by metric id."""
    links = [link for link in store.list_links(initiative_id) if link.target is LinkTarget.METRIC]
    if not links:
        return {}
    feedback = {f.id: f for f in store.list_feedback(initiative_id=initiative_id)}
    fill_ins = {f.id: f for f in store.list_initiative_fill_ins(initiative_id)}
    behind: dict[str, list[Said]] = {}
    for said in said_behind(links, feedback, fill_ins):
        behind.setdefault(said.link.metric_id or "", []).append(said)
    return behind


def new_link(initiative_id: str, source: RemarkSource, choice: LinkChoice) -> RemarkLink:
    """The link ``choice`` makes from ``source`` (raises ``LinkError`` with a reason)."""
    if choice.target is LinkTarget.CHANGE and not choice.text.strip():
        raise LinkError("Say in a few words what changed in the initiative.")
    ids = {
        LinkTarget.DECISION: "decision_id",
        LinkTarget.ACTION: "action_id",
        LinkTarget.METRIC: "metric_id",
    }
    target = (
        {"change": choice.text.strip()}
        if choice.target is LinkTarget.CHANGE
        else {ids[choice.target]: choice.target_id}
    )
    try:
        return RemarkLink(
            initiative_id=initiative_id,
            feedback_id=source.feedback_id,
            fill_in_id=source.fill_in_id,
            field_key=source.field_key,
            **target,
        )
    except ValidationError as exc:
        reason = exc.errors()[0].get("msg", "not a valid link").removeprefix("Value error, ")
        raise LinkError(f"Not linked: {reason}.") from None


def link_remark(
    store: Store,
    initiative_id: str,
    source: RemarkSource,
    choice: LinkChoice,
    *,
    existing: list[RemarkLink] | None = None,
) -> RemarkLink:
    """Store a link from a remark (or an answer) to ``choice``; the same link twice is
    refused. ``existing``: the initiative's links when the caller holds them already."""
    link = new_link(initiative_id, source, choice)
    known = existing if existing is not None else store.list_links(initiative_id)
    if trail(known).has(link):
        raise LinkError("That remark is already linked to it.")
    return store.add_link(link)


def unlink(store: Store, link_id: str) -> None:
    """Take a link back: the remark and what it led to both stay."""
    store.delete_link(link_id)
