"""Screens reach the store through ``StoreHost``, which the app is, never by importing the app.

The app imports every screen; a screen importing the app back, even only for its type,
would close a circle that import-linter does not see (it leaves out TYPE_CHECKING imports).
"""

from __future__ import annotations

import ast
from pathlib import Path

import opstui
from opstui.app import make_app
from opstui.db.store import Store
from opstui.screens.base import StoreHost

PACKAGE = Path(opstui.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, at its top or anywhere else."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


async def test_the_app_is_the_host_screens_need(store: Store) -> None:
    host: StoreHost = make_app(store)  # mypy checks the app against the protocol
    assert host.store is store
    assert host.database is store.database


def test_no_screen_or_widget_imports_the_app() -> None:
    sources = sorted([*(PACKAGE / "screens").rglob("*.py"), *(PACKAGE / "widgets").rglob("*.py")])
    assert len(sources) > 20
    importing = [
        str(path.relative_to(PACKAGE))
        for path in sources
        if {"opstui.app", "opstui.cli"} & imported_modules(path)
    ]
    assert importing == []
