"""You said → we did, in Markdown and JSON: the lines every export writes for a link.

A remark is followed by what came of it ("→ action: …"); a decision, an action or a
metric by the remarks behind it ("you said: “…” — who, session"). Who said a remark is
named through ``PeopleNames`` only, so an anonymous remark stays "anonymous" and an
anonymized export shows roles, never names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opstui.domain.buy_in import LinkTarget, RemarkLink
from opstui.domain.remark_trail import Loop, Outcome, Said, said_behind, source_key
from opstui.domain.session import Session
from opstui.export import markdown_safe as md
from opstui.export.bundle import PeopleNames
from opstui.export.common import day

#: Who filled in a template's answer: the session, together.
TOGETHER = "filled in together"


def outcome_lines(outcomes: list[Outcome], *, indent: int = 2) -> list[str]:
    """ "  - → action: Send the link", one nested list item per outcome."""
    pad = " " * indent
    return [f"{pad}- → {o.kind.value}: {md.inline(o.text)}" for o in outcomes]


def who_said(said: Said, people: PeopleNames) -> str:
    if said.is_answer:
        return TOGETHER
    return people.name(said.person_id)


def said_line(said: Said, people: PeopleNames, sessions: Mapping[str, Session]) -> str:
    """ "“…” — anonymous, Validation (2026-03-12)": a remark, who said it, and where."""
    where = [md.cell(who_said(said, people))]
    if said.is_answer:
        where.append(f"in “{md.inline(said.template)}”")
    session = sessions.get(said.session_id or "")
    if session is not None:
        held = day(session.held_at)
        where.append(md.inline(session.title) + (f" ({held})" if held else ""))
    return f"“{md.inline(said.text)}” — {', '.join(where)}"


def said_lines(
    said: list[Said],
    people: PeopleNames,
    sessions: Mapping[str, Session],
    *,
    indent: int = 2,
) -> list[str]:
    """ "  - you said: “…” — who, session", one nested item per remark behind."""
    pad = " " * indent
    return [f"{pad}- you said: {said_line(one, people, sessions)}" for one in said]


def outcome_data(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """What came of a remark, for JSON: kind, id (none for a change) and words."""
    return [
        {"link_id": o.link.id, "kind": o.kind.value, "id": o.link.target_id, "text": o.text}
        for o in outcomes
    ]


def said_data(said: list[Said], people: PeopleNames) -> list[dict[str, Any]]:
    """The remarks behind an outcome, for JSON: who only as the export may name them."""
    return [
        {
            "link_id": one.link.id,
            "feedback_id": one.link.feedback_id,
            "fill_in_id": one.link.fill_in_id,
            "field_key": one.link.field_key or None,
            "text": one.text,
            "who": who_said(one, people),
            "session_id": one.session_id,
        }
        for one in said
    ]


def linked_remarks(loop: Loop) -> list[tuple[Said, list[Outcome]]]:
    """Every remark and answer that led somewhere, in the order first linked, with all
    that came of it."""
    firsts: dict[tuple[str, str], RemarkLink] = {}
    for link in loop.trail.links:
        firsts.setdefault(source_key(link), link)
    said = said_behind(list(firsts.values()), loop.feedback, loop.fill_ins)
    return [
        (
            one,
            loop.came_of_remark(one.link.feedback_id)
            if one.link.feedback_id is not None
            else loop.came_of_answer(one.link.fill_in_id or "", one.link.field_key),
        )
        for one in said
    ]


def you_said(
    loop: Loop, people: PeopleNames, *, session_id: str | None = None
) -> list[dict[str, Any]]:
    """Each remark that led somewhere (of one session, when given) and what came of it,
    for JSON."""
    return [
        {**said_data([one], people)[0], "came_of": outcome_data(outcomes)}
        for one, outcomes in linked_remarks(loop)
        if session_id is None or one.session_id == session_id
    ]


def remarks_behind(
    loop: Loop, people: PeopleNames, outcomes: list[tuple[LinkTarget, str]]
) -> dict[str, list[dict[str, Any]]]:
    """For JSON: the remarks behind each decision, action or metric (by id) that has any."""
    behind = {}
    for kind, target_id in outcomes:
        said = loop.said_behind(kind, target_id)
        if said:
            behind[target_id] = said_data(said, people)
    return behind


def you_said_markdown(loop: Loop, people: PeopleNames, sessions: Mapping[str, Session]) -> str:
    """ "You said → we did": each remark that led somewhere, then what came of it."""
    pairs = linked_remarks(loop)
    if not pairs:
        return "No remark is linked yet to what came of it."
    lines = []
    for one, outcomes in pairs:
        lines.append(f"- {said_line(one, people, sessions)}")
        lines += outcome_lines(outcomes)
    return "\n".join(lines)
