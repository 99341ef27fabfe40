"""Golden files: the demo's action items in every tracker format, byte for byte.

Regenerate after a deliberate change with
``OPSTUI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_actions_golden.py`` and read
the diff before keeping it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.export.actions_export import ACTIONS_FORMATS, ActionsFormat
from opstui.services.action_export import export_actions
from tests.demo_cache import build_demo

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("OPSTUI_UPDATE_GOLDEN") == "1"
INITIATIVE = "Make customer interviews quick to schedule"
SESSION = "Evaluation: eight weeks after launch"
SUFFIX = {"csv": "csv", "jira-csv": "jira.csv", "linear-csv": "linear.csv", "gh": "sh"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("golden-actions") / "demo.db") as store:
        build_demo(store)
        yield store


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}; run with OPSTUI_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("fmt", ACTIONS_FORMATS)
def test_an_initiatives_actions_match_golden(demo: Store, fmt: ActionsFormat) -> None:
    text = export_actions(demo, INITIATIVE, fmt, open_only=False)
    check_golden(f"actions-interviews-all.{SUFFIX[fmt]}", text)


def test_a_sessions_open_actions_match_golden(demo: Store) -> None:
    (session,) = [s for s in demo.list_sessions() if s.title == SESSION]
    text = export_actions(demo, session.id[:8], "csv")
    check_golden("actions-evaluation-open.csv", text)
