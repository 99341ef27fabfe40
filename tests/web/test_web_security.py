"""The participant server's defences, one test each: who may reach what, and how often."""

from __future__ import annotations

import asyncio
import base64
import hmac
import logging
import re
from pathlib import Path

import aiohttp
import pytest
from yarl import URL

import opstui.web.security as security
from opstui.web.routes import COOKIE
from opstui.web.security import CookieSigner, Seat
from opstui.web.server import DeviceServer
from tests.web.browser import browsing, names, serving
from tests.web.fake_desk import FakeDesk, FakeVote

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
STATIC = Path(__file__).parents[2] / "src" / "opstui" / "web" / "static"


def token_of(server: DeviceServer) -> str:
    return server.join_url.rsplit("/", 1)[1]


# -- the join token and the code ---------------------------------------------------


async def test_the_join_token_holds_at_least_128_random_bits() -> None:
    async with serving() as (first, _), serving() as (second, _):
        token = token_of(first)
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128
        assert token != token_of(second)
        assert len(first.code) == 6
        assert set(first.code) <= set(security.CODE_ALPHABET)


async def test_tokens_and_codes_are_compared_in_constant_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    async with serving() as (server, _), browsing(server) as browser:
        compared.clear()
        await browser.session.get(browser.url("/j/not-the-token"))
        assert (b"not-the-token", token_of(server).encode()) in compared
        await browser.open("/")
        compared.clear()
        await browser.post("/code", {"code": "AAAAAA"})
        assert (b"AAAAAA", server.code.encode()) in compared


async def test_rotate_kills_the_old_link_and_code_at_once() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(desk.person("Ana"))
        old_token, old_code = token_of(server), server.code
        server.rotate()
        assert token_of(server) != old_token and server.code != old_code
        assert (await browser.session.get(browser.url(f"/j/{old_token}"))).status == 404
        assert (await browser.view()).status == 404  # the page's polls use the old token
        await browser.open("/")
        assert (await browser.post("/code", {"code": old_code})).status == 404
        # The new code leads back in, and the browser keeps its name.
        new = await browser.post("/code", {"code": server.code})
        assert (await new.json())["join"] == f"/j/{token_of(server)}"
        browser.token = token_of(server)
        assert (await browser.state())["you"]["name"] == "Ana"


async def test_close_kills_every_link_and_stops_answering() -> None:
    server = await DeviceServer.start(FakeDesk(names()))
    routes_invitation = server._routes.invitation  # what a request would be checked with
    token, url = token_of(server), server.join_url
    await server.close()
    assert not routes_invitation.token_matches(token)
    assert not routes_invitation.code_matches(server.code)
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectionError):
            await session.get(url)


async def test_binding_beyond_loopback_needs_allow_lan() -> None:
    desk = FakeDesk(names())
    with pytest.raises(ValueError, match="allow_lan"):
        await DeviceServer.start(desk, host="192.0.2.10")
    with pytest.raises(ValueError, match=r"0\.0\.0\.0"):
        await DeviceServer.start(desk, host="0.0.0.0", allow_lan=True)
    with pytest.raises(ValueError, match="http"):
        await DeviceServer.start(desk, public_url="javascript:alert(1)")
    with pytest.raises(ValueError, match="without a path"):
        await DeviceServer.start(desk, public_url="https://x.example/opstui")


# -- one browser per participant ---------------------------------------------------


async def test_the_cookie_is_strict_httponly_and_secure_only_behind_https() -> None:
    for public_url, secure in ((None, False), ("https://x.tunnel.example", True)):
        async with serving(public_url=public_url) as (server, _):
            async with aiohttp.ClientSession() as session:
                response = await session.get(server.base_url + "/device")
                cookie = response.cookies[COOKIE]
            assert cookie["httponly"] is True
            assert cookie["samesite"] == "Strict"
            assert cookie["path"] == "/"
            assert bool(cookie["secure"]) is secure


async def test_reopening_the_link_from_another_site_keeps_the_browsers_name() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(desk.person("Ana"))
        # A link clicked in a chat app: a cross-site navigation carries no Strict cookie.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as chat:
            page = await chat.get(server.join_url, headers={"Sec-Fetch-Site": "cross-site"})
            assert page.status == 200
            assert "Set-Cookie" not in page.headers  # so the browser's own cookie stays
        await browser.open()  # the page's script then asks /device, same-site
        assert (await browser.state())["you"]["name"] == "Ana"


async def test_a_second_browser_cannot_take_a_name_until_the_facilitator_frees_it() -> None:
    async with serving() as (server, desk), browsing(server) as first, browsing(server) as second:
        desk.call_vote(FakeVote("p1", "Go?", "yes-no"))
        ana = desk.person("Ana")
        assert (await first.join(ana)).status == 200
        shown = {p["name"]: p["taken"] for p in (await second.state())["participants"]}
        assert shown == {"Ana": True, "Bo": False, "Chen": False}
        refused = await second.join(ana)
        assert refused.status == 409
        assert "Another browser has joined as Ana" in (await refused.json())["error"]

        assert server.release(ana) is True
        assert (await second.join(ana)).status == 200
        # The first browser lost the name: it can no longer vote as Ana.
        assert (await first.state())["you"]["joined"] is False
        vote = await first.act("vote", {"vote": "p1:1", "value": "yes"})
        assert vote.status == 403
        assert desk.ballots == []


async def test_nobody_can_act_as_someone_else() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        desk.call_vote(FakeVote("p1", "Go?", "yes-no"))
        await browser.join(desk.person("Ana"))
        # A body naming another person is ignored: the cookie says who acts.
        await browser.act("vote", {"vote": "p1:1", "value": "yes", "person": desk.person("Bo")})
        assert [ballot[0] for ballot in desk.ballots] == [desk.person("Ana")]
        # A cookie rewritten to name Bo, signed with another key, or even signed by this
        # server but naming a person the claims do not give this browser: worth nothing.
        jar = browser.session.cookie_jar.filter_cookies(URL(server.base_url))
        genuine = jar[COOKIE].value
        signer = server._routes.signer
        seat = signer.read(genuine)
        assert seat == Seat(seat.device if seat else "", desk.person("Ana"))
        assert seat is not None
        bo = Seat(seat.device, desk.person("Bo"))
        rewritten = CookieSigner().sign(bo).rpartition(".")[0] + "." + genuine.rpartition(".")[2]
        forged = [rewritten, CookieSigner().sign(bo), signer.sign(bo)]
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as raw:
            for value in forged:
                response = await raw.post(
                    browser.url(f"/s/{browser.token}/vote"),
                    json={"vote": "p1:1", "value": "no"},
                    headers={
                        "Origin": server.base_url,
                        "X-CSRF-Token": browser.csrf,
                        "Cookie": f"{COOKIE}={value}",
                    },
                )
                assert response.status == 403, value
        assert len(desk.ballots) == 1


async def test_joining_as_someone_outside_the_session_is_refused() -> None:
    async with serving() as (server, _), browsing(server) as browser:
        response = await browser.join("someone-else")
        assert response.status == 422
        assert server.taken() == set()


# -- cross-site requests -----------------------------------------------------------


async def test_every_post_needs_this_browsers_csrf_token() -> None:
    async with serving() as (server, desk), browsing(server) as mine, browsing(server) as other:
        person = desk.person("Ana")
        assert (
            await mine.join(
                person,
            )
        ).status == 200
        for token in ("", "0" * 64, other.csrf):
            mine.csrf = token
            response = await mine.act("remark", {"sentiment": "0", "kind": "praise", "text": "x"})
            assert response.status == 403
        await mine.open("/")
        mine.csrf = ""
        assert (await mine.post("/code", {"code": server.code})).status == 403
        assert desk.remarks == []


async def test_posts_must_come_from_the_servers_own_origin() -> None:
    # An http tunnel here: the test's client over plain http would not send a Secure cookie.
    async with serving(public_url="http://x.tunnel.example:8080") as (server, desk):
        async with browsing(server, origin="https://evil.example") as evil:
            assert (await evil.join(desk.person("Ana"))).status == 403
        async with browsing(server) as browser:
            response = await browser.session.post(
                browser.url(f"/s/{browser.token}/join"),
                json={"person": desk.person("Ana")},
                headers={"X-CSRF-Token": browser.csrf},  # no Origin at all
            )
            assert response.status == 403
        async with browsing(server, origin="http://x.tunnel.example:8080") as tunnelled:
            assert (await tunnelled.join(desk.person("Ana"))).status == 200


async def test_the_public_origin_is_matched_as_a_browser_writes_it() -> None:
    async with serving(public_url="http://X.Tunnel.example:80/") as (server, desk):
        assert server.join_url.startswith("http://x.tunnel.example/j/")
        async with browsing(server, origin="http://x.tunnel.example") as tunnelled:
            assert (await tunnelled.join(desk.person("Ana"))).status == 200


async def test_localhost_is_one_of_the_servers_own_names() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        port = server.bound_address[1]
        response = await browser.post(
            f"/s/{browser.token}/join",
            {"person": desk.person("Bo")},
            {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"},
        )
        assert response.status == 200


async def test_a_foreign_host_name_is_refused_against_dns_rebinding() -> None:
    async with serving() as (server, _), browsing(server) as browser:
        response = await browser.session.get(
            browser.url(f"/j/{browser.token}"),
            headers={"Host": f"evil.example:{server.bound_address[1]}"},
        )
        assert response.status == 421


async def test_a_form_post_that_is_not_json_is_refused() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        response = await browser.session.post(
            browser.url(f"/s/{browser.token}/join"),
            data={"person": desk.person("Ana")},
            headers={"Origin": server.base_url, "X-CSRF-Token": browser.csrf},
        )
        assert response.status == 415


# -- how often, and how much -------------------------------------------------------


async def test_a_page_asking_in_a_loop_is_slowed_down() -> None:
    async with serving() as (server, _), browsing(server) as browser:
        statuses = [(await browser.view()).status for _ in range(61)]
        assert statuses == [200] * 60 + [429]


async def test_a_page_woken_by_every_ballot_of_a_busy_vote_is_never_slowed_down() -> None:
    """A waiting poll answered by a change is not a page asking in a loop: 90 changes in
    a row (three busy votes) all reach the page."""
    async with serving() as (server, desk), browsing(server) as browser:
        version = (await browser.state())["version"]
        for _ in range(90):
            waiting = asyncio.ensure_future(browser.view(after=version))
            await asyncio.sleep(0)  # the poll is on its way before the change
            while not server.waiting_polls:
                await asyncio.sleep(0.001)
            desk.touch()
            server.changed()
            response = await waiting
            assert response.status == 200
            version = (await response.json())["version"]


async def test_a_device_may_not_hold_many_waiting_polls() -> None:
    async with serving() as (server, _), browsing(server) as browser:
        version = (await browser.state())["version"]
        held = [asyncio.ensure_future(browser.view(after=version)) for _ in range(2)]
        while server.waiting_polls < 2:
            await asyncio.sleep(0.001)
        assert (await browser.view(after=version)).status == 429
        server.changed()
        for poll in held:
            poll.cancel()


async def test_a_participant_may_act_ten_times_in_ten_seconds() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(desk.person("Ana"))  # the first act
        statuses = [
            (
                await browser.act("remark", {"sentiment": "0", "kind": "praise", "text": f"{n}"})
            ).status
            for n in range(10)
        ]
        assert statuses == [200] * 9 + [429]
        assert len(desk.remarks) == 9


async def test_five_wrong_codes_from_an_address_block_it_even_for_the_right_one() -> None:
    async with serving() as (server, _), browsing(server) as browser:
        await browser.open("/")
        wrong = "AAAAAA" if server.code != "AAAAAA" else "CCCCCC"
        statuses = [(await browser.post("/code", {"code": wrong})).status for _ in range(5)]
        assert statuses == [404, 404, 404, 404, 429]
        assert (await browser.post("/code", {"code": server.code})).status == 429


async def test_a_rotated_token_or_code_is_dead_but_no_guess() -> None:
    async with serving() as (server, _), browsing(server) as browser:
        await browser.open("/")
        old_code = server.code
        server.rotate()
        for _ in range(6):  # six joined pages behind one tunnel, each asking once
            assert (await browser.view()).status == 404
            assert (await browser.post("/code", {"code": old_code})).status == 404
        assert (await browser.post("/code", {"code": server.code})).status == 200


async def test_wrong_tokens_count_as_guesses_too() -> None:
    async with serving() as (server, _), browsing(server) as browser:
        statuses = [
            (await browser.session.get(browser.url(f"/j/guess{n}"))).status for n in range(6)
        ]
        assert statuses == [404, 404, 404, 404, 429, 429]
        assert (await browser.post("/code", {"code": server.code})).status == 429
        # The real 192-bit token was not guessed: a participant behind the same address
        # (a tunnel, an office NAT) keeps following the session.
        assert (await browser.view()).status == 200


def test_the_guess_throttle_forgets_after_its_block() -> None:
    now = [0.0]
    throttle = security.GuessThrottle(limit=5, window=60, block=300, clock=lambda: now[0])
    for _ in range(4):
        throttle.failed("10.9.9.9")
    assert not throttle.blocked("10.9.9.9")
    now[0] = 61.0  # the first four fell out of the window
    throttle.failed("10.9.9.9")
    assert not throttle.blocked("10.9.9.9")
    for _ in range(4):
        throttle.failed("10.9.9.9")
    assert throttle.blocked("10.9.9.9")
    now[0] = 61.0 + 299
    assert throttle.blocked("10.9.9.9")
    now[0] = 61.0 + 301
    assert not throttle.blocked("10.9.9.9")


async def test_a_body_over_16_kib_is_refused_before_anyone_reads_it() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(None)
        big = {"sentiment": "0", "kind": "praise", "text": "x" * 17_000}
        response = await browser.act("remark", big)
        assert response.status == 413
        assert (await response.json()) == {"error": "That is too long to send."}
        assert desk.remarks == []


async def test_a_remark_over_2000_characters_never_reaches_the_desk() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(None)
        too_long = await browser.act(
            "remark", {"sentiment": "0", "kind": "praise", "text": "é" * 2001}
        )
        assert too_long.status == 422
        assert desk.remarks == []
        fits = await browser.act("remark", {"sentiment": "0", "kind": "praise", "text": "é" * 2000})
        assert fits.status == 200
        assert len(desk.remarks[0].text) == 2000


# -- what every answer carries, and what none does ------------------------------------


async def test_every_response_carries_the_security_headers() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        token = browser.token
        answers = [
            await browser.session.get(browser.url("/")),
            await browser.session.get(browser.url(f"/j/{token}")),
            await browser.session.get(browser.url("/static/device.js")),
            await browser.session.get(browser.url("/static/device.css")),
            await browser.view(),
            await browser.join(desk.person("Ana")),
            await browser.session.get(browser.url("/nothing-here")),
            await browser.act("vote", {"vote": "none", "value": "yes"}),  # 409
            await browser.act("remark", {"text": 3}),  # 422
            await browser.post("/code", {"code": "x"}, {"Origin": "https://evil.example"}),
        ]
        assert {a.status for a in answers} >= {200, 403, 404, 409, 422}
        for answer in answers:
            for name, value in HEADERS.items():
                assert answer.headers.get(name) == value, (answer.url, name)


async def test_nothing_else_is_reachable() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        token = browser.token
        for path in (
            "/static/",
            "/static",
            "/static/device.html",
            "/static/../server.py",
            "/static/%2e%2e/server.py",
            "/favicon.ico",
            "/export",
            "/db",
            f"/s/{token}",
            f"/s/{token}/export",
            f"/s/{token}/participants",
            f"/j/{token}/x",
            "/s/session-1/view",
            "/.git/config",
        ):
            response = await browser.session.get(browser.url(path))
            assert response.status == 404, path
            text = await response.text()
            assert len(text) < 400 and "Traceback" not in text, path
        assert (await browser.session.put(browser.url(f"/s/{token}/join"))).status in (403, 405)
        assert (
            await browser.session.delete(browser.url("/"), headers={"Origin": server.base_url})
        ).status == 405
        # The state holds the session's own people and nothing about the file.
        state = await browser.state()
        assert [p["id"] for p in state["participants"]] == [p.id for p in desk.participants()]
        assert "session-1" not in str(state) and ".db" not in str(state)


async def test_a_failing_desk_answers_one_sentence_without_a_traceback() -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        desk.fail_with = RuntimeError("database is locked at /home/x/opstui.db")
        response = await browser.view()
        assert response.status == 500
        assert await response.json() == {"error": "Something went wrong on the facilitator's side."}


async def test_nothing_logs_the_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with serving() as (server, desk), browsing(server) as browser:
        token = browser.token
        await browser.join(desk.person("Ana"))
        await browser.view()
        await browser.session.get(browser.url(f"/j/{token}/nothing"))
        desk.fail_with = RuntimeError("boom")
        assert (await browser.view()).status == 500
        code = server.code
        # A malformed request: aiohttp's own error message would quote its request line.
        host, port = server.bound_address
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(f"GET /j/{token}\x01 HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        assert (await reader.read(20)).startswith(b"HTTP/1.0 400")
        writer.close()
    # The capture works: the failing desk was logged, with its traceback.
    assert "A participant's request failed" in caplog.text and "RuntimeError" in caplog.text
    assert token not in caplog.text
    assert code not in caplog.text
    assert not [r for r in caplog.records if r.name == "aiohttp.access"]


# -- text is data, never markup -------------------------------------------------------


HOSTILE = ["<script>alert(1)</script>", "[bold red]x[/]", "\x1b]52;c;aGk=\x07"]


@pytest.mark.parametrize("text", HOSTILE)
async def test_a_hostile_remark_reaches_the_desk_exactly_as_typed(text: str) -> None:
    async with serving() as (server, desk), browsing(server) as browser:
        await browser.join(desk.person("Chen"))
        response = await browser.act("remark", {"sentiment": "-2", "kind": "concern", "text": text})
        assert response.status == 200
        assert desk.remarks[-1].text == text


async def test_a_hostile_title_comes_back_as_json_text_not_html() -> None:
    desk = FakeDesk(["<img src=x onerror=alert(1)>", "Bo"], title=HOSTILE[0])
    desk.item_title = HOSTILE[1] + HOSTILE[2]
    async with serving(desk) as (server, _), browsing(server) as browser:
        response = await browser.view()
        assert response.content_type == "application/json"
        state = await response.json()
        assert state["view"]["session_title"] == HOSTILE[0]
        assert state["view"]["item_title"] == HOSTILE[1] + HOSTILE[2]
        assert state["participants"][0]["name"] == "<img src=x onerror=alert(1)>"
        page = await (await browser.open()).text()
        assert HOSTILE[0] not in page  # the page is a fixed shell: no server-side text


def test_the_page_script_never_writes_html() -> None:
    script = (STATIC / "device.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
    assert "textContent" in script
    html = (STATIC / "device.html").read_text(encoding="utf-8")
    assert "<script>" not in html  # the CSP allows no inline script
    assert not re.search(r"\son[a-z]+=", html)  # nor inline event handlers
