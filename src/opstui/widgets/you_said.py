"""You said → we did, as the screens write it: the remarks behind an outcome, and what
came of a remark. Who said a remark is its person, or "anonymous": never more."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from opstui.domain.initiative import Person
from opstui.domain.remark_trail import Outcome, Said
from opstui.domain.session import Session
from opstui.domain.text import printable, shorten
from opstui.widgets.tones import GOOD_BOLD, MUTED

#: How much of a remark a detail line shows.
SHOWN = 160


def who_said(said: Said, people: Mapping[str, Person]) -> str:
    if said.is_answer:
        return "filled in together"
    if said.person_id is None:
        return "anonymous"
    person = people.get(said.person_id)
    return person.name if person else "someone removed"


def said_text(
    said: list[Said], people: Mapping[str, Person], sessions: Mapping[str, Session]
) -> Text:
    """ "You said: “…” — anonymous · Discovery", one line per remark behind; empty if none."""
    text = Text()
    if not said:
        return text
    text.append("You said", style=GOOD_BOLD)
    for one in said:
        text.append("\n  “")
        text.append(shorten(printable(one.text), SHOWN))
        text.append("” — ")
        text.append(printable(who_said(one, people)), style="bold")
        session = sessions.get(one.session_id or "")
        if session is not None:
            text.append(f" · {printable(session.title)}", style=MUTED)
    return text


def came_of_text(outcomes: list[Outcome]) -> Text:
    """ "We did → action: …", one line per outcome; empty if none."""
    text = Text()
    if not outcomes:
        return text
    text.append("We did", style=GOOD_BOLD)
    for outcome in outcomes:
        text.append(f"\n  → {outcome.kind.value}: ", style="bold")
        text.append(shorten(printable(outcome.text), SHOWN))
    return text
