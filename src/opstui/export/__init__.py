"""Exports of session notes and initiative reports: Markdown, JSON, CSV, HTML and Slack.

Rendering is pure: it takes a bundle of domain data and returns text, the same bytes
for the same data. Gathering the data is the caller's (the store lives in
``opstui.db``, which this package never imports); so is deciding where the file goes.
Nothing here imports Textual.

Typical use::

    facts, session, agenda = load_session_facts(store, session_id)
    bundle = session_bundle(facts, session, agenda, available_playbooks())
    text = render_session(bundle, "md")
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from opstui.domain.facts import InitiativeFacts
from opstui.domain.playbook import Playbook, discover_playbooks
from opstui.domain.session import AgendaItem, Session
from opstui.export.bundle import InitiativeBundle, SessionBundle
from opstui.export.files import ExportExists, export_file_name, slug, write_export
from opstui.export.initiative_report import render_initiative_report
from opstui.export.rendering import from_markdown
from opstui.export.session_notes import render_session_notes
from opstui.export.structured import (
    EXCEL_BOM,
    initiative_csv,
    initiative_data,
    session_csv,
    session_data,
    to_json,
)

Format = Literal["md", "json", "csv", "html", "slack"]
FORMATS: tuple[Format, ...] = ("md", "json", "csv", "html", "slack")
#: A format's file extension where it is not the format's name.
EXTENSIONS: dict[str, str] = {"slack": "txt"}

__all__ = [
    "EXCEL_BOM",
    "FORMATS",
    "ExportExists",
    "Format",
    "InitiativeBundle",
    "SessionBundle",
    "available_playbooks",
    "export_file_name",
    "extension",
    "from_markdown",
    "initiative_bundle",
    "render_initiative",
    "render_session",
    "session_bundle",
    "slug",
    "write_export",
]


def available_playbooks(custom_folder: Path | None = None) -> dict[str, Playbook]:
    """Built-in and custom playbooks by key, to label fill-in fields; broken ones skipped.

    A custom playbook with a built-in's key takes its place, as it does in the app.
    """
    found: dict[str, Playbook] = {}
    for entry in discover_playbooks(custom_folder):
        if entry.playbook is not None:
            found[entry.playbook.key] = entry.playbook
    return found


def session_bundle(
    facts: InitiativeFacts,
    session: Session,
    agenda: list[AgendaItem],
    playbooks: Mapping[str, Playbook],
    *,
    anonymize: bool = False,
) -> SessionBundle:
    """The bundle for one session's notes, with its playbook when it is known."""
    return SessionBundle(
        facts, session, agenda, playbooks.get(session.playbook_key), anonymize=anonymize
    )


def initiative_bundle(
    facts: InitiativeFacts, playbooks: Mapping[str, Playbook], *, anonymize: bool = False
) -> InitiativeBundle:
    return InitiativeBundle(facts, dict(playbooks), anonymize=anonymize)


def extension(fmt: str) -> str:
    """The file extension of a format: "md", "html", "txt" for Slack."""
    return EXTENSIONS.get(fmt, fmt)


def render_session(bundle: SessionBundle, fmt: Format = "md") -> str:
    """A session's notes as Markdown, JSON, CSV, HTML or Slack text."""
    if fmt in ("md", "html", "slack"):
        return from_markdown(render_session_notes(bundle), fmt)
    if fmt == "json":
        return to_json(session_data(bundle))
    if fmt == "csv":
        return session_csv(bundle)
    raise ValueError(f"unknown export format {fmt!r}")


def render_initiative(bundle: InitiativeBundle, fmt: Format = "md") -> str:
    """An initiative's report as Markdown, JSON, CSV, HTML or Slack text."""
    if fmt in ("md", "html", "slack"):
        return from_markdown(render_initiative_report(bundle), fmt)
    if fmt == "json":
        return to_json(initiative_data(bundle))
    if fmt == "csv":
        return initiative_csv(bundle)
    raise ValueError(f"unknown export format {fmt!r}")
