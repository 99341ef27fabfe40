"""Participants' own devices in the live session, from the facilitator's side.

A real participant server is started by the key, on the app's loop; a real HTTP client
(tests.web.browser) joins and acts on it from inside the test, on the same loop, and
the screen and the file are checked afterwards.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
import segno
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.screens.live import LiveSessionScreen
from opstui.screens.live.devices import LAN_WARNING, DeviceQR, device_line
from opstui.screens.modals.choose import ChooseModal
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.end_session import EndSession
from opstui.widgets.capture_list import CaptureList
from opstui.widgets.device_queue import MASKED, DeviceQueue
from opstui.widgets.qr import QUIET, QRCode, half_blocks, qr_modules
from opstui.widgets.vote_grid import VoteGrid
from tests.app.test_live_session import (
    SIZE,
    build_world,
    grid_text,
    notices,
    open_live,
    start_validation,
    top,
)
from tests.web.browser import Browser


def rendered(widget: Static | DeviceQueue | CaptureList | QRCode) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    if isinstance(widget, Static | QRCode):
        console.print(widget.render())
    elif isinstance(widget, CaptureList):
        for index in range(widget.entry_count):
            console.print(widget.entry_at(index).prompt)
    else:
        for index in range(widget.option_count):
            console.print(widget.get_option_at_index(index).prompt)
    return console.export_text()


async def until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let the app run until ``condition`` holds (bounded: fails after ``seconds``)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen did not follow in time")


async def invited(app: OpstuiApp, pilot: Pilot[None], session_id: str) -> LiveSessionScreen:
    screen = await open_live(app, pilot, session_id)
    await pilot.press("i")
    await pilot.pause()
    if isinstance(app.screen, DeviceQR):  # a small screen shows the QR code over it
        await pilot.press("escape")
        await pilot.pause()
    assert screen.devices.server is not None
    return screen


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


async def remark(browser: Browser, text: str, sentiment: str = "1", kind: str = "praise") -> None:
    response = await browser.act("remark", {"sentiment": sentiment, "kind": kind, "text": text})
    assert response.status == 200, await response.text()


async def test_invite_shows_the_link_and_a_device_votes_into_the_grid(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world, presenter_safe=False)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            server = screen.devices.server
            assert server is not None
            assert server.join_url.startswith(f"{server.base_url}/j/")
            assert server.base_url.startswith("http://127.0.0.1:")
            panel = rendered(screen.query_one("#devices-link", Static))
            assert server.join_url in panel.replace("\n", "")
            assert server.code in panel and server.base_url in panel
            assert screen.query_one("#live-devices").display
            assert screen.query_one(QRCode).lines()

            await pilot.press("v", "enter", "enter")  # the first vote offered
            await pilot.pause()
            browser = Browser(server)
            try:
                await browser.open()
                ana = world.people[0]
                assert (await browser.join(ana.id)).status == 200
                vote = (await browser.state())["view"]["vote"]
                response = await browser.act(
                    "vote", {"vote": vote["key"], "value": vote["choices"][-1], "dots": {}}
                )
                assert response.status == 200, await response.text()
                grid = screen.query_one(VoteGrid)
                await until(pilot, lambda: "1 of 8 voted" in grid_text(grid))
                [proposal] = store.list_proposals(session_id=session.id)
                [ballot] = store.list_ballots(proposal.id)
                assert ballot.person_id == ana.id
                # Joined names show in the panel, and one can be freed.
                await until(
                    pilot,
                    lambda: "Ana Ruiz" in rendered(screen.query_one("#devices-joined", Static)),
                )
                assert server.taken() == {ana.id}
            finally:
                await browser.close()


async def test_a_facilitators_act_wakes_the_pages_at_once(db_path: Path) -> None:
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            server = screen.devices.server
            assert server is not None
            woken: list[int] = []
            changed = server.changed

            def counted() -> None:
                woken.append(1)
                changed()

            server.changed = counted  # type: ignore[method-assign]
            await pilot.press("n")
            await pilot.pause()
            assert woken  # moving to the next item
            woken.clear()
            await pilot.press("v", "enter", "enter", "4")
            await pilot.pause()
            assert woken  # calling the vote, casting a ballot


async def test_remarks_wait_in_the_queue_then_are_accepted_or_rejected(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world, presenter_safe=False)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            assert screen.devices.server is not None
            browser = Browser(screen.devices.server)
            try:
                await browser.open()
                await browser.join(world.people[1].id)
                await remark(browser, "The [bold]calendar[/bold] sync is great")
                await remark(browser, "Too many steps", sentiment="-1", kind="concern")
            finally:
                await browser.close()
            queue = screen.query_one(DeviceQueue)
            await until(pilot, lambda: len(queue.remarks) == 2)
            assert queue.border_title == "From devices (2)"
            listed = rendered(queue)
            assert "The [bold]calendar[/bold] sync is great" in listed  # literally, no markup
            assert "Ben Okafor" in listed and "praise" in listed
            captures = screen.query_one(CaptureList)
            assert "calendar" not in rendered(captures)
            assert store.list_feedback(session_id=session.id) == []

            await pilot.press("Y")  # the highlighted one: the oldest
            await pilot.pause()
            [feedback] = store.list_feedback(session_id=session.id)
            assert feedback.text == "The [bold]calendar[/bold] sync is great"
            assert feedback.person_id == world.people[1].id
            assert "calendar" in rendered(captures)
            assert len(store.list_queued_remarks(session.id)) == 1

            await pilot.press("N")
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("y")
            await pilot.pause()
            assert store.list_queued_remarks(session.id) == []
            assert len(store.list_feedback(session_id=session.id)) == 1
            assert queue.border_title == "From devices (0)"
            # Nothing waits: the commands are not offered.
            assert screen.check_action("accept_remark", ()) is False


async def test_a_remark_accepted_elsewhere_is_said_and_nothing_is_lost(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            queued = screen.live.receive_remark(world.people[0].id, "0", "question", "Who?")
            screen.live_changed()
            await pilot.pause()
            store.reject_queued_remark(queued.id)  # another copy of the app got there first
            await pilot.press("Y")
            await pilot.pause()
            assert any("no longer waits" in n for n in notices(app))
            assert store.list_feedback(session_id=session.id) == []


async def test_a_store_failure_on_accept_keeps_the_remark_waiting(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opstui.db.errors import DatabaseFailure

    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            screen.live.receive_remark(world.people[0].id, "0", "question", "Who books it?")
            screen.live_changed()

            def failing(*args: object) -> object:
                raise DatabaseFailure("disk I/O error")

            monkeypatch.setattr(store, "accept_queued_remark", failing)
            await pilot.press("Y")
            await pilot.pause()
            assert any("not saved" in n for n in notices(app))
            assert len(store.list_queued_remarks(session.id)) == 1
            assert len(screen.query_one(DeviceQueue).remarks) == 1


async def test_presenter_safe_masks_a_waiting_remarks_text(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world, presenter_safe=True)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            screen.live.receive_remark(world.people[2].id, "2", "praise", "Secret delight")
            screen.live.receive_remark(None, "-2", "concern", "Anonymous worry")
            screen.live_changed()
            await pilot.pause()
            queue = screen.query_one(DeviceQueue)
            listed = rendered(queue)
            assert "Secret delight" not in listed and "Anonymous worry" not in listed
            assert listed.count(MASKED) == 2
            assert "Chloé Martin" in listed and "anonymous" in listed and "concern" in listed
            # Rejecting does not show it in the question either.
            await pilot.press("N")
            assert isinstance(app.screen, ConfirmModal)
            assert "Secret" not in rendered(app.screen.query_one("#confirm-box").query_one(Static))
            await pilot.press("n")
            await pilot.press("p")  # presenter-safe off: the facilitator reads it
            await pilot.pause()
            assert "Secret delight" in rendered(queue)
            await pilot.press("Y")
            await pilot.press("p")  # on again: the accepted one is the session's, shown
            await pilot.pause()
            assert "Secret delight" in rendered(screen.query_one(CaptureList))
            assert "Anonymous worry" not in rendered(queue)


async def test_a_new_link_kills_the_old_one(db_path: Path) -> None:
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            server = screen.devices.server
            assert server is not None
            old_link, old_code = server.join_url, server.code
            await pilot.press("i")
            assert isinstance(app.screen, ChooseModal)
            await pilot.press("down", "enter")  # "New link and code"
            await pilot.pause()
            assert server.join_url != old_link and server.code != old_code
            assert server.code in rendered(screen.query_one("#devices-link", Static))
            async with aiohttp.ClientSession() as client:
                async with client.get(old_link) as response:
                    assert response.status == 404
                async with client.get(server.join_url) as response:
                    assert response.status == 200


async def closes_by(
    db_path: Path, how: Callable[[OpstuiApp, Pilot[None], LiveSessionScreen], Awaitable[None]]
) -> int:
    """Invite devices, close them ``how``; returns the port they were served on."""
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            assert screen.devices.server is not None
            port = screen.devices.server.bound_address[1]
            link = screen.devices.server.join_url
            assert not port_is_free(port)
            await how(app, pilot, screen)
            await pilot.pause()
            if app.is_running:
                assert screen.devices.server is None
                async with aiohttp.ClientSession() as client:
                    with pytest.raises(aiohttp.ClientConnectionError):
                        await client.get(link)
        return port


async def test_closing_devices_frees_the_port(db_path: Path) -> None:
    async def close(app: OpstuiApp, pilot: Pilot[None], screen: LiveSessionScreen) -> None:
        await pilot.press("i")
        await pilot.press("end", "enter")  # "Close devices"
        await pilot.pause()
        assert not screen.has_class("-devices")

    assert port_is_free(await closes_by(db_path, close))


async def test_leaving_the_session_closes_devices(db_path: Path) -> None:
    async def leave(app: OpstuiApp, pilot: Pilot[None], screen: LiveSessionScreen) -> None:
        await pilot.press("escape", "y")  # Leave, confirmed
        await pilot.pause()
        await pilot.pause()
        assert app.screen is not screen

    assert port_is_free(await closes_by(db_path, leave))


async def test_quitting_the_app_frees_the_port(db_path: Path) -> None:
    async def quit_app(app: OpstuiApp, pilot: Pilot[None], screen: LiveSessionScreen) -> None:
        await app.action_quit()

    assert port_is_free(await closes_by(db_path, quit_app))


async def test_ending_says_how_many_remarks_were_not_accepted_and_closes(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            assert screen.devices.server is not None
            port = screen.devices.server.bound_address[1]
            screen.live.receive_remark(None, "0", "observation", "Left unread")
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, EndSession)
            said = rendered(app.screen.query_one("#end-waiting", Static))
            assert "1 remark from devices was not accepted" in said
            await pilot.press("tab", "shift+tab")
            app.screen.query_one("#end-yes").focus()
            await pilot.press("enter")
            await until(pilot, lambda: screen.devices.server is None and port_is_free(port))
            assert screen.ended
            assert len(store.list_queued_remarks(session.id)) == 1  # kept, never thrown away


async def test_invite_is_not_offered_in_review(db_path: Path) -> None:
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
    from opstui.db.database import Database

    database = Database.open(db_path, read_only=True)
    try:
        app = make_app(database)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            assert screen.check_action("invite_devices", ()) is False
            await pilot.press("i")
            await pilot.pause()
            assert screen.devices.server is None
    finally:
        database.close()


def decoded(lines: list[str], *, invert: bool = False) -> list[list[bool]]:
    """The modules a half-block drawing shows (True: dark), two rows per line."""
    tops = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}
    rows: list[list[bool]] = []
    for line in lines:
        pairs = [tops[c] for c in line]
        rows.append([top != invert for top, _ in pairs])
        rows.append([bottom != invert for _, bottom in pairs])
    return rows


def segno_modules(data: str, quiet: int) -> list[list[bool]]:
    code = segno.make(data, micro=False, error="m", boost_error=False)
    return [[bool(m) for m in row] for row in code.matrix_iter(border=quiet)]


@pytest.mark.parametrize("no_color", [False, True])
async def test_the_qr_code_drawn_is_the_join_links(db_path: Path, no_color: bool) -> None:
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            assert screen.devices.server is not None
            link = screen.devices.server.join_url
            qr = screen.query_one(QRCode)
            qr.show(link, no_color=no_color)
            rows = decoded(qr.lines(), invert=no_color)
            expected = segno_modules(link, QUIET)
            if len(expected) % 2:
                expected.append([False] * len(expected[0]))  # the last line's lower half
            assert rows == expected
            text = qr.render()
            if no_color:
                assert not text.spans and text.style == ""
            else:  # black on white whatever the theme
                [span] = text.spans
                assert str(span.style) == "rgb(0,0,0) on rgb(255,255,255)"


def test_half_blocks_pair_rows_and_keep_a_quiet_zone() -> None:
    modules = qr_modules("https://x.example/j/abc", quiet=2)
    assert not any(modules[0]) and not any(row[0] for row in modules)
    lines = half_blocks(modules)
    assert len(lines) == (len(modules) + 1) // 2
    assert lines[0] == " " * len(modules[0])  # the quiet zone: light, drawn as spaces
    assert set("".join(lines)) <= {" ", "▀", "▄", "█"}


async def test_a_small_screen_shows_the_qr_over_it_and_the_link_in_one_line(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(app.screen, DeviceQR)
            qr = app.screen.query_one(QRCode)
            assert len(qr.lines()) <= 22
            await pilot.press("escape")
            await pilot.pause()
            assert top(app) is screen
            server = screen.devices.server
            assert server is not None
            line = screen.query_one("#live-devices-line", Static)
            assert line.display and not screen.query_one("#live-devices").display
            assert line.size.height == 1
            shown = rendered(line)
            assert server.join_url in shown and server.code in shown


def test_the_devices_line_keeps_the_link_whole_and_drops_what_does_not_fit() -> None:
    class Fake:
        join_url = "https://a-long-tunnel-name.trycloudflare.com/j/" + "x" * 43
        code = "ABC123"

    line = device_line(Fake(), 3, True, 78)  # type: ignore[arg-type]
    assert Fake.join_url in line.plain and "ABC123" in line.plain
    wide = device_line(Fake(), 3, True, 300, waiting=2)  # type: ignore[arg-type]
    assert "3 joined" in wide.plain and "LAN" in wide.plain and "2 waiting" in wide.plain


async def test_on_the_lan_the_panel_warns_who_can_join(db_path: Path) -> None:
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store, devices_lan="127.0.0.1")
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            assert LAN_WARNING in rendered(screen.query_one("#devices-link", Static))


async def test_a_public_url_setting_makes_the_link(db_path: Path) -> None:
    from opstui.settings import Settings, save_settings

    save_settings(Settings(devices_public_url="https://ops.tunnel.example"))
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            server = screen.devices.server
            assert server is not None
            assert server.join_url.startswith("https://ops.tunnel.example/j/")
            qr = screen.query_one(QRCode)
            assert qr.data == server.join_url


async def test_the_palette_invites_and_offers_the_queue_only_when_a_remark_waits(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            commands = {c.title: c for c in app.get_system_commands(top(app))}
            assert "Invite devices" in commands
            assert "Accept remark from a device" not in commands
            assert "Reject remark from a device" not in commands
            await commands["Invite devices"].callback()
            await pilot.pause()
            assert screen.devices.server is not None
            screen.live.receive_remark(world.people[0].id, "0", "question", "Why now?")
            screen.live_changed()
            await pilot.pause()
            names = {c.title for c in app.get_system_commands(top(app))}
            assert {"Accept remark from a device", "Reject remark from a device"} <= names


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_a_port_setting_keeps_the_port_for_a_tunnel(db_path: Path) -> None:
    from opstui.settings import Settings, save_settings

    port = free_port()
    save_settings(Settings(devices_port=port))
    with Store.open(db_path) as store:
        session = start_validation(build_world(store))
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await invited(app, pilot, session.id)
            server = screen.devices.server
            assert server is not None
            assert server.base_url == f"http://127.0.0.1:{port}"


async def test_a_port_in_use_is_said_and_the_session_goes_on(db_path: Path) -> None:
    from opstui.settings import Settings, save_settings

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        save_settings(Settings(devices_port=taken.getsockname()[1]))
        with Store.open(db_path) as store:
            session = start_validation(build_world(store))
            app = make_app(store)
            async with app.run_test(size=SIZE) as pilot:
                screen = await open_live(app, pilot, session.id)
                await pilot.press("i")
                for _ in range(50):
                    await pilot.pause()
                    if any("could not be invited" in n for n in notices(app)):
                        break
                said = [n for n in notices(app) if "could not be invited" in n]
                assert said and "in use" in said[0] and "Traceback" not in said[0]
                assert screen.devices.server is None
                assert isinstance(app.screen, LiveSessionScreen)
