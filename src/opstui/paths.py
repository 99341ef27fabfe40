"""Where opstui keeps its files: the database, the demo, and custom playbooks.

The database is found from ``--db``, else ``OPSTUI_DB``, else the user data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "opstui"
DB_ENV = "OPSTUI_DB"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "opstui.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def playbooks_dir() -> Path:
    """Custom playbooks: every ``*.toml`` here is offered beside the built-in ones."""
    return config_dir() / "playbooks"


def resolve_db_path(explicit: Path | None) -> Path:
    """The database to open: the one named, else ``$OPSTUI_DB``, else the default."""
    if explicit is not None:
        return explicit.expanduser()
    from_env = os.environ.get(DB_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def ensure_parent(path: Path) -> None:
    """Create the folder a database goes in (only the user's own data folder)."""
    if path.parent == data_dir():
        from opstui.files import make_private_folder

        make_private_folder(path.parent)
