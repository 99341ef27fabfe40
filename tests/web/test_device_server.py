"""The participant server's life and the page's flow: start and close inside the running
loop, join, vote by each method, send remarks, follow the session within a second."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from importlib import resources
from typing import Any

import pytest

from opstui.web.server import DeviceServer
from tests.web.browser import browsing, names, serving
from tests.web.fake_desk import FakeDesk, FakeVote


async def test_starts_and_closes_inside_the_running_loop_without_touching_signals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loop = asyncio.get_running_loop()

    def no_signals(*args: object) -> None:
        raise AssertionError("the server installed a signal handler")

    monkeypatch.setattr(loop, "add_signal_handler", no_signals)
    monkeypatch.setattr(loop, "remove_signal_handler", no_signals)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)

    server = await DeviceServer.start(FakeDesk(names()))
    host, port = server.bound_address
    assert host == "127.0.0.1" and port > 0
    assert server.base_url == f"http://127.0.0.1:{port}"
    assert server.join_url.startswith(f"http://127.0.0.1:{port}/j/")
    async with browsing(server) as browser:
        assert (await browser.open()).status == 200
    await server.close()

    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    assert server.closed


async def test_the_port_is_free_again_after_close() -> None:
    server = await DeviceServer.start(FakeDesk(names()))
    port = server.bound_address[1]
    await server.close()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))  # raises if the server still held it
    again = await DeviceServer.start(FakeDesk(names()), port=port)
    assert again.bound_address[1] == port
    await again.close()


async def test_a_public_url_makes_the_join_link_and_keeps_the_bound_address() -> None:
    async with serving(public_url="https://abc.tunnel.example/") as (server, _):
        token = server.join_url.rsplit("/", 1)[1]
        assert server.join_url == f"https://abc.tunnel.example/j/{token}"
        assert server.base_url.startswith("http://127.0.0.1:")


async def test_the_code_read_aloud_leads_to_the_join_link() -> None:
    async with serving() as (server, _), browsing(server) as browser:
        assert len(server.code) == 6
        await browser.open("/")
        typed = " ".join([server.code[:3].lower(), server.code[3:]])
        response = await browser.post("/code", {"code": typed})
        assert response.status == 200
        path = (await response.json())["join"]
        assert server.join_url.endswith(path)
        assert (await browser.open(path)).status == 200


async def test_join_by_name_then_the_view_says_who_you_are() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        before = await browser.state()
        assert before["you"]["joined"] is False
        assert [p["name"] for p in before["participants"]] == ["Ana", "Bo", "Chen"]
        response = await browser.join(desk.person("Bo"))
        assert response.status == 200
        after = await browser.state()
        assert after["you"] == {"joined": True, "named": True, "name": "Bo"}
        assert after["view"]["session_title"] == "Validation session"
        assert after["view"]["item_title"] == "Walk through the current process"
        assert server.taken() == {desk.person("Bo")}


@pytest.mark.parametrize(
    ("method", "value"),
    [("fist-of-five", "4"), ("consent", "block"), ("yes-no", "no")],
)
async def test_a_ballot_by_each_method_reaches_the_desk(method: str, value: str) -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        desk.call_vote(FakeVote("prop-1", "Adopt the new intake form", method))
        await browser.join(desk.person("Ana"))
        state = await browser.state()
        vote = state["view"]["vote"]
        assert vote["voted"] == 0 and vote["of"] == 3
        response = await browser.act("vote", {"vote": vote["key"], "value": value, "dots": {}})
        assert response.status == 200, await response.text()
        shown = (await response.json())["view"]["vote"]
        assert shown["you_voted"] is True and shown["your_value"] == value
        assert shown["voted"] == 1
        assert desk.ballots == [(desk.person("Ana"), "prop-1:1", value, {})]


async def test_a_dot_vote_sends_dots_per_option_within_the_budget() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        desk.call_vote(FakeVote("p2", "Where first?", "dot", options=("A", "B"), budget=3))
        await browser.join(desk.person("Chen"))
        ok = await browser.act("vote", {"vote": "p2:1", "value": None, "dots": {"A": 2, "B": 1}})
        assert ok.status == 200
        assert (await ok.json())["view"]["vote"]["your_dots"] == {"A": 2, "B": 1}
        over = await browser.act("vote", {"vote": "p2:1", "value": None, "dots": {"A": 4}})
        assert over.status == 409
        assert (await over.json())["error"] == "You have 3 dots to place among the options."


async def test_a_refused_act_answers_with_the_desks_sentence() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        desk.call_vote(FakeVote("p3", "Quietly", "yes-no", anonymous=True))
        await browser.join(desk.person("Ana"))
        first = await browser.act("vote", {"vote": "p3:1", "value": "yes"})
        assert first.status == 200
        assert (await first.json())["view"]["vote"]["your_value"] is None  # anonymous
        second = await browser.act("vote", {"vote": "p3:1", "value": "no"})
        assert second.status == 409
        assert "anonymous" in (await second.json())["error"]
        stale = await browser.act("vote", {"vote": "p3:0", "value": "no"})
        assert (await stale.json())["error"] == "That vote is closed."


async def test_the_result_lines_show_once_revealed() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        desk.call_vote(FakeVote("p4", "Go?", "yes-no"))
        await browser.join(desk.person("Ana"))
        await browser.act("vote", {"vote": "p4:1", "value": "yes"})
        assert (await browser.state())["view"]["vote"]["result"] == []
        desk.reveal()
        assert (await browser.state())["view"]["vote"]["result"] == ["yes — 1 votes"]


async def test_without_a_name_you_may_send_remarks_but_never_vote() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        desk.call_vote(FakeVote("p5", "Go?", "yes-no"))
        assert (await browser.join(None)).status == 200
        state = await browser.state()
        assert state["you"] == {"joined": True, "named": False, "name": None}
        refused = await browser.act("vote", {"vote": "p5:1", "value": "yes"})
        assert refused.status == 403
        assert (await refused.json())["error"] == "Join with your name to vote."
        sent = await browser.act("remark", {"sentiment": "1", "kind": "praise", "text": "Nice"})
        assert sent.status == 200
        assert desk.remarks[-1].person_id is None and desk.ballots == []


async def test_remarks_wait_for_the_facilitator_and_the_page_counts_them() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(desk.person("Bo"))
        for text in ("The form is long", "Who owns intake?"):
            response = await browser.act(
                "remark", {"sentiment": "-1", "kind": "concern", "text": text}
            )
            assert response.status == 200
        assert (await browser.state())["view"]["your_waiting"] == 2
        empty = await browser.act("remark", {"sentiment": "0", "kind": "concern", "text": " "})
        assert empty.status == 409
        assert (await empty.json())["error"] == "A remark needs some text."


async def _poll(browser: Any, after: str) -> tuple[float, dict[str, Any]]:
    started = time.monotonic()
    response = await browser.view(after)
    return time.monotonic() - started, await response.json()


async def test_a_waiting_page_wakes_at_once_when_the_app_says_it_changed() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(desk.person("Ana"))
        version = (await browser.state())["version"]
        waiting = asyncio.create_task(_poll(browser, version))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # nothing changed: it waits
        desk.item_title = "Vote on the intake form"
        desk.touch()
        server.changed()
        took, state = await asyncio.wait_for(waiting, 1.0)
        assert took < 0.9
        assert state["view"]["item_title"] == "Vote on the intake form"


async def test_a_waiting_page_follows_a_change_within_a_second_even_unannounced() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(desk.person("Ana"))
        version = (await browser.state())["version"]
        waiting = asyncio.create_task(_poll(browser, version))
        await asyncio.sleep(0.1)
        desk.call_vote(FakeVote("p6", "Go?", "yes-no"))  # no changed() call
        took, state = await asyncio.wait_for(waiting, 2.5)
        assert took < 2.0
        assert state["view"]["vote"]["title"] == "Go?"


async def test_an_ended_session_is_a_view_that_says_so() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(None)
        desk.ended = True
        desk.touch()
        assert (await browser.state())["view"]["ended"] is True


async def test_close_answers_a_waiting_page_at_once() -> None:
    server = await DeviceServer.start(FakeDesk(names()))
    async with browsing(server) as browser:
        version = (await browser.state())["version"]
        waiting = asyncio.create_task(browser.view(version))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await server.close()
        assert time.monotonic() - started < 1.5
        await asyncio.gather(waiting, return_exceptions=True)


async def test_the_page_its_script_and_its_style_are_package_data() -> None:
    static = resources.files("opstui.web").joinpath("static")
    for name in ("device.html", "device.js", "device.css"):
        assert static.joinpath(name).is_file(), name
    async with serving() as (server, _), browsing(server) as browser:
        page = await browser.open()
        html = await page.text()
        assert 'name="viewport"' in html
        assert '<script src="/static/device.js" defer></script>' in html
        assert '<link rel="stylesheet" href="/static/device.css">' in html
        assert page.content_type == "text/html"
        script = await browser.session.get(browser.url("/static/device.js"))
        assert script.content_type == "text/javascript"
        assert "textContent" in await script.text()
        style = await browser.session.get(browser.url("/static/device.css"))
        assert style.content_type == "text/css"
