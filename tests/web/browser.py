"""A participant's browser, as the tests drive it: a real HTTP client with its own cookie
jar, sending what the page's script sends (Origin, CSRF header, JSON)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from opstui.web.server import DeviceServer
from tests.web.fake_desk import FakeDesk


class Browser:
    """One browser: its cookies, its CSRF token, the origin its pages come from."""

    def __init__(self, server: DeviceServer, origin: str | None = None) -> None:
        self.server = server
        self.origin = origin or server.base_url
        # unsafe=True: aiohttp's jar keeps no cookie for an IP address otherwise.
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""
        self.token = server.join_url.rsplit("/", 1)[1]

    def url(self, path: str) -> str:
        return self.server.base_url + path

    async def close(self) -> None:
        await self.session.close()

    async def open(self, path: str | None = None) -> aiohttp.ClientResponse:
        """Load a page (the join page by default), then do what its script does first:
        ask ``/device`` for this browser's cookie and CSRF token."""
        response = await self.session.get(self.url(path or f"/j/{self.token}"))
        await response.read()
        if response.status == 200:
            device = await self.session.get(self.url("/device"))
            self.csrf = (await device.json())["csrf"]
        return response

    async def post(
        self, path: str, body: Any, headers: dict[str, str] | None = None
    ) -> aiohttp.ClientResponse:
        sent = {"Origin": self.origin, "X-CSRF-Token": self.csrf}
        sent.update(headers or {})
        return await self.session.post(self.url(path), json=body, headers=sent)

    async def act(self, act: str, body: Any, **headers: str) -> aiohttp.ClientResponse:
        return await self.post(f"/s/{self.token}/{act}", body, headers or None)

    async def join(self, person: str | None) -> aiohttp.ClientResponse:
        return await self.act("join", {"person": person})

    async def view(self, after: str | None = None) -> aiohttp.ClientResponse:
        query = "" if after is None else f"?after={after}"
        return await self.session.get(self.url(f"/s/{self.token}/view{query}"))

    async def state(self) -> dict[str, Any]:
        response = await self.view()
        assert response.status == 200, await response.text()
        data: dict[str, Any] = await response.json()
        return data


def names(count: int = 3) -> list[str]:
    return ["Ana", "Bo", "Chen", "Dara", "Eli"][:count]


@asynccontextmanager
async def serving(
    desk: FakeDesk | None = None, **options: Any
) -> AsyncIterator[tuple[DeviceServer, FakeDesk]]:
    """A started server on a free loopback port, closed afterwards."""
    desk = desk or FakeDesk(names())
    server = await DeviceServer.start(desk, **options)
    try:
        yield server, desk
    finally:
        await server.close()


@asynccontextmanager
async def browsing(server: DeviceServer, origin: str | None = None) -> AsyncIterator[Browser]:
    """A browser that has opened the join page."""
    browser = Browser(server, origin)
    try:
        await browser.open()
        yield browser
    finally:
        await browser.close()
