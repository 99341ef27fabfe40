"""How the workspace's tabs write what they show.

User text goes through ``user_text``/``printable`` (never markup, never a terminal
control); what is missing is said in dim words or a dash; people and sessions are named
from the facts read.
"""

from __future__ import annotations

from rich.text import Text

from opstui.domain.facts import InitiativeFacts
from opstui.domain.session import Session
from opstui.widgets.tones import MUTED, MUTED_ITALIC
from opstui.widgets.user_text import printable, user_text


def dim(text: str) -> Text:
    """Dimmed text; what is appended to it later keeps its own style."""
    return Text().append(text, style=MUTED)


def cell(value: str | None) -> Text:
    """A table cell of user text, or a dash when there is none."""
    return user_text(value) if value else dim("–")


def section(text: Text, heading: str, body: str, empty: str = "not written yet") -> None:
    """Append a titled paragraph of user text, or say that it is still missing."""
    if len(text):
        text.append("\n\n")
    text.append(heading, style="bold")
    text.append("\n")
    if body.strip():
        text.append(printable(body.strip()))
    else:
        text.append(f"({empty})", style=MUTED_ITALIC)


def name_of(
    facts: InitiativeFacts | None, person_id: str | None, default: str = "anonymous"
) -> str:
    """Who a person id is, for a table cell or a detail line."""
    if person_id is None or facts is None:
        return default
    person = facts.people.get(person_id)
    return person.name if person else "(someone removed)"


def session_of(facts: InitiativeFacts | None, session_id: str | None) -> Session | None:
    if session_id is None or facts is None:
        return None
    return next((s for s in facts.sessions if s.id == session_id), None)
