"""Golden files: the session notes and initiative reports of the demo, byte for byte.

The demo is deterministic (seeded, with a fixed "today"), so its exports are too. After
a deliberate change to the exports or the demo, regenerate the files with

    OPSTUI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_export_golden.py

and read the diff before keeping it. The demo's process maps are pinned too, as Markdown
and as Mermaid (``map-*.md``, ``map-*.mmd``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from opstui.db.store import Store, load_facts, load_session_facts
from opstui.demo import DEMO_TODAY, build_demo
from opstui.domain.playbook import Playbook
from opstui.export import (
    available_playbooks,
    initiative_bundle,
    render_initiative,
    render_session,
    session_bundle,
    slug,
)
from opstui.services.exporting import Exporter, MapFormat

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("OPSTUI_UPDATE_GOLDEN") == "1"

#: Sessions chosen for what they show: a vote per metric, a re-vote, a dot vote and
#: consent, an action carried over and done since, and a planned session with actions
#: carried over to it.
SESSIONS = [
    "Discovery: design and research",
    "Validation: interview scheduling",
    "Validation: release predictability",
    "Pilot check-in: Payments, week two",
    "Pilot check-in: Payments and Mobile, second month",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("golden") / "demo.db") as store:
        build_demo(store)
        yield store


@pytest.fixture(scope="module")
def books() -> dict[str, Playbook]:
    return available_playbooks(None)  # built-in only: never the user's own folder


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}; run with OPSTUI_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("title", SESSIONS)
def test_session_notes_match_golden(demo: Store, books: dict[str, Playbook], title: str) -> None:
    (session_id,) = [s.id for s in demo.list_sessions() if s.title == title]
    facts, session, agenda = load_session_facts(demo, session_id, DEMO_TODAY)
    text = render_session(session_bundle(facts, session, agenda, books))
    check_golden(f"session-{slug(title)}.md", text)


def test_every_initiative_report_matches_golden(demo: Store, books: dict[str, Playbook]) -> None:
    initiatives = demo.list_initiatives()
    assert len(initiatives) == 4
    for initiative in initiatives:
        facts = load_facts(demo, initiative.id, DEMO_TODAY)
        text = render_initiative(initiative_bundle(facts, books))
        check_golden(f"report-{slug(initiative.title)}.md", text)


def test_a_rebuilt_demo_exports_the_same_bytes(
    demo: Store, books: dict[str, Playbook], tmp_path: Path
) -> None:
    with Store.open(tmp_path / "again.db") as again:
        build_demo(again)
        for initiative in demo.list_initiatives():
            first = render_initiative(
                initiative_bundle(load_facts(demo, initiative.id, DEMO_TODAY), books), "json"
            )
            second = render_initiative(
                initiative_bundle(load_facts(again, initiative.id, DEMO_TODAY), books), "json"
            )
            assert first == second


@pytest.mark.parametrize("fmt", ["md", "mermaid"])
def test_every_process_map_matches_golden(
    demo: Store, books: dict[str, Playbook], fmt: MapFormat
) -> None:
    exporter = Exporter(demo, books)
    exported = 0
    for initiative in demo.list_initiatives():
        for drawn in demo.list_process_maps(initiative.id):
            assert drawn.session_id is not None
            text = exporter.render_map(initiative.id, drawn.session_id, fmt).text
            check_golden(f"map-{slug(drawn.title)}.{'mmd' if fmt == 'mermaid' else 'md'}", text)
            exported += 1
    assert exported == 2
