"""Fixtures shared by every test: the user's real files are never touched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from opstui.db import schema
from opstui.db.store import Store
from tests import schema_cache


@pytest.fixture(scope="session", autouse=True)
def schema_copied_into_new_files() -> Iterator[None]:
    """Each new store the tests create gets its schema copied (``tests/schema_cache.py``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema, "migrate", schema_cache.migrate)
        yield


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the data and config folders and OPSTUI_DB away from the user's own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("OPSTUI_DB", raising=False)
    # Nor the desktop's clipboard: without a display no clipboard tool is run.
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "opstui.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """A demo database file, closed: for tests that run the program on a file."""
    from tests.demo_cache import build_demo

    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
    return path


@pytest.fixture
def demo_data(tmp_path: Path) -> Path:
    """A copy of the demo's data files, found as an installed copy finds them, to spoil."""
    from importlib import resources

    source = resources.files("opstui.demo")
    folder = tmp_path / "demo-data"
    (folder / "stories").mkdir(parents=True)
    (folder / "people.toml").write_bytes((source / "people.toml").read_bytes())
    for story in (source / "stories").iterdir():
        if story.name.endswith(".toml"):
            (folder / "stories" / story.name).write_bytes(story.read_bytes())
    return folder


NOBODY = 65534


@dataclass(frozen=True)
class Reader:
    """Someone who may read a folder's files but write neither them nor the folder.

    ``prefix`` starts a program as them; ``uid`` is whom to give the files they read
    (None: the files stay with the user running the tests).
    """

    prefix: tuple[str, ...]
    uid: int | None


@pytest.fixture(scope="session")
def reader() -> Reader:
    """Run as anyone but root, the modes alone stop writes: the tests' own user will do.

    Root ignores modes. It then starts the program as ``nobody``, when ``nobody`` can
    reach this checkout's interpreter; a checkout in a folder only root may enter (as a
    fresh ``mktemp -d`` clone is) cannot be reached, and the program runs as root
    without the capabilities that let root override file modes.
    """
    if os.geteuid() != 0:
        return Reader((), None)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot run as a user without write rights")
    nobody = (setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")
    probe = subprocess.run(
        [*nobody, sys.executable, "-c", "import opstui"], capture_output=True, timeout=60,
        check=False,
    )  # fmt: skip
    if probe.returncode == 0:
        return Reader(nobody, NOBODY)
    return Reader((setpriv, "--bounding-set", "-dac_override,-dac_read_search"), None)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the end-to-end tests one after another, on one worker, when the suite runs in
    parallel (``make test`` uses three workers): each drives a real terminal and times
    what a person would wait for, so two at once would only slow each other.

    First among the hooks: xdist's own reads the group to put it in each test's id, and
    a conftest's hook would otherwise run after it (the group was then never applied)."""
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.xdist_group("e2e"))
