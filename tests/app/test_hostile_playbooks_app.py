"""Hostile custom playbook files never keep a facilitator out of a session.

The app reads the playbooks folder on every session start and resume: with a FIFO,
a link to /dev/zero, a huge or deeply nested file… present, a live session is still
resumed with its built-in playbook, and a new one still starts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.session import SessionState
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.resume_session import ResumeSession
from tests.app.test_live_session import SIZE, build_world, start_validation
from tests.unit.test_playbook_files import HOSTILE, unblocked_fifos


def playbooks_folder(home: Path) -> Path:
    folder = home / "config" / "opstui" / "playbooks"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_a_live_session_resumes_beside_a_hostile_playbook(
    db_path: Path, isolated_home: Path, name: str
) -> None:
    folder = playbooks_folder(isolated_home)
    HOSTILE[name][0](folder)
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store)
        with unblocked_fifos(folder) as fired:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                assert isinstance(app.screen, ResumeSession)
                await pilot.press("enter")
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, LiveSessionScreen)
                assert screen.session_id == session.id
                # The session's built-in playbook, its templates ready to fill in.
                assert screen.live.playbook is not None
                assert screen.live.playbook.key == "validation"
                assert screen.live.templates
        assert not fired[0], "the app blocked on a FIFO"


async def test_a_session_starts_with_every_hostile_playbook_present(
    db_path: Path, isolated_home: Path
) -> None:
    folder = playbooks_folder(isolated_home)
    for make, _ in HOSTILE.values():
        make(folder)
    with Store.open(db_path) as store:
        world = build_world(store)
        app = make_app(store)
        with unblocked_fifos(folder) as fired:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                # Open the initiative, start a session, accept the suggested playbook, start.
                for key in ("enter", "s"):
                    await pilot.press(key)
                    await pilot.pause()
                books = app.screen.query_one("#start-playbook", OptionList)
                broken = [
                    str(option.prompt)
                    for option in books.options
                    if str(option.prompt).startswith("broken: ")
                ]
                # Each hostile file is offered as broken, with its reason, and disabled.
                assert len(broken) == len(HOSTILE)
                for _, reason in HOSTILE.values():
                    assert sum(reason in line for line in broken) == 1, reason
                for key in ("enter", "ctrl+s"):
                    await pilot.press(key)
                    await pilot.pause()
                screen = app.screen
                assert isinstance(screen, LiveSessionScreen)
                assert screen.live.playbook is not None
        assert not fired[0], "the app blocked on a FIFO"
        started = [s for s in store.list_sessions(world.initiative.id) if s.id != world.previous.id]
        assert [s.state for s in started] == [SessionState.LIVE]
        assert started[0].playbook_key == "validation"
