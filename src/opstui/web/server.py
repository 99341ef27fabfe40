"""``DeviceServer``: the participants' web server, run inside the app's own event loop.

It is started when the facilitator invites devices and closed when they stop: no
thread, no loop of its own, no signal handler, no access log (URLs carry the token).
It reaches the session only through the ``DeviceDesk`` it is given.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from aiohttp import web

from opstui.services.device_desk import DeviceDesk
from opstui.web.guards import Allowed, add_security_headers, origin_guard, shield
from opstui.web.routes import DeviceRoutes
from opstui.web.security import Invitation

#: Bodies the page sends are a few hundred bytes; a remark of 2000 characters fits.
MAX_BODY_BYTES = 16 * 1024
#: How long ``close()`` lets a request in flight finish before cutting it.
SHUTDOWN_SECONDS = 1.0

#: aiohttp's HTTP layer logs a malformed request with the request line in the message
#: ("Invalid char in url path: GET /j/<token>..."): it gets a logger that says nothing.
#: Our own handler errors are logged by ``guards.shield``, without the URL.
_protocol_log = logging.getLogger("opstui.web.protocol")
_protocol_log.propagate = False
_protocol_log.addHandler(logging.NullHandler())


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _origin(url: str) -> tuple[str, str]:
    """``(origin, host)`` of a URL as a browser writes them in ``Origin`` and ``Host``:
    ``("https://x.example", "x.example")`` — name in lower case, no default port."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    # The page asks for /s/..., /static/...: a tunnel must forward its root to ours.
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"a public URL is a bare origin, without a path: {url!r}")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if parts.port is not None and parts.port != {"http": 80, "https": 443}[parts.scheme]:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}", host


class DeviceServer:
    """A started server; make one with ``await DeviceServer.start(desk, ...)``."""

    def __init__(
        self,
        routes: DeviceRoutes,
        runner: web.AppRunner,
        bound: tuple[str, int],
        base_url: str,
        public_url: str | None,
    ) -> None:
        self._routes = routes
        self._runner = runner
        self._bound = bound
        self._base_url = base_url
        self._public_url = public_url
        self._closed = False

    @classmethod
    async def start(
        cls,
        desk: DeviceDesk,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        public_url: str | None = None,
        allow_lan: bool = False,
    ) -> DeviceServer:
        """Listen on ``host:port`` (port 0: any free one) on the running event loop.

        Args:
            desk: The live session as devices reach it.
            host: Loopback unless ``allow_lan``: anyone on the network could then try.
            port: 0 picks a free port.
            public_url: Where participants reach the server through a tunnel the
                facilitator runs (``https://...``); the join link then uses it.
            allow_lan: Required to bind anything but loopback. An unspecified address
                (0.0.0.0, ::) is refused: the link must name the address people reach.

        Raises:
            ValueError: A non-loopback host without ``allow_lan``, an unspecified host,
                or a ``public_url`` that is not http(s).
            OSError: The port could not be bound.
        """
        if not _is_loopback(host):
            if not allow_lan:
                raise ValueError(
                    f"{host} is not a loopback address: pass allow_lan=True to let "
                    "other machines on the network reach the participant page"
                )
            if host in ("", "0.0.0.0", "::"):
                raise ValueError("name the address participants reach, not 0.0.0.0 or ::")
        bind_host = "127.0.0.1" if host == "localhost" else host
        public_origin = _origin(public_url) if public_url else None
        public = public_origin[0] if public_origin else None

        invitation = Invitation()
        routes = DeviceRoutes(
            desk,
            invitation=invitation,
            secure_cookie=bool(public and public.startswith("https://")),
        )
        allowed = Allowed()
        app = web.Application(
            client_max_size=MAX_BODY_BYTES, middlewares=[shield, origin_guard(allowed)]
        )
        app.on_response_prepare.append(add_security_headers)
        routes.add_to(app)
        runner = web.AppRunner(
            app,
            handle_signals=False,
            access_log=None,
            logger=_protocol_log,
            shutdown_timeout=SHUTDOWN_SECONDS,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, bind_host, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        # Port 0 picks a free port: the URLs and the accepted origins are known only now.
        address = runner.addresses[0]
        bound = (str(address[0]), int(address[1]))
        netloc = f"[{bound[0]}]:{bound[1]}" if ":" in bound[0] else f"{bound[0]}:{bound[1]}"
        base_url = f"http://{netloc}"
        hosts = {netloc}
        origins = {base_url}
        if _is_loopback(bind_host):
            # "localhost" is no name a rebinding site controls; a browser on this machine,
            # or a tunnel that rewrites Host to it, may use it.
            hosts.add(f"localhost:{bound[1]}")
            origins.add(f"http://localhost:{bound[1]}")
        if public_origin:
            origins.add(public_origin[0])
            hosts.add(public_origin[1])
        allowed.hosts, allowed.origins = frozenset(hosts), frozenset(origins)
        return cls(routes, runner, bound, base_url, public)

    # -- what the facilitator's screen shows --------------------------------

    @property
    def waiting_polls(self) -> int:
        """How many pages' polls wait for a change now."""
        return sum(self._routes.waiting.values())

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` as bound (the page at ``/`` takes the code)."""
        return self._base_url

    @property
    def public_url(self) -> str | None:
        return self._public_url

    @property
    def join_url(self) -> str:
        """The link to share: the public URL's, when there is one, else the bound one."""
        return f"{self._public_url or self._base_url}/j/{self._routes.invitation.token}"

    @property
    def code(self) -> str:
        """Six letters and digits to read aloud; typed at ``/``, it leads to the join."""
        return self._routes.invitation.code

    @property
    def bound_address(self) -> tuple[str, int]:
        """``(host, port)`` the server listens on."""
        return self._bound

    @property
    def closed(self) -> bool:
        return self._closed

    # -- what the app calls ----------------------------------------------------

    def rotate(self) -> None:
        """A new link and code; the old ones stop working at once (pages that use the
        old link are told so). Joined browsers keep their names: they rejoin with the
        new code and the same cookie."""
        self._routes.invitation.rotate()
        self._routes.waker.wake()

    def release(self, person_id: str) -> bool:
        """Free a name so another browser may take it (the one holding it must rejoin).
        Returns whether anyone held it."""
        released = self._routes.seating.release(person_id)
        if released:
            self._routes.waker.wake()
        return released

    def taken(self) -> set[str]:
        """The participants whose names a browser holds now."""
        return self._routes.seating.taken()

    def changed(self) -> None:
        """The session changed: wake the pages waiting for news (they also look again
        every second on their own, so a missed call costs at most a second)."""
        self._routes.waker.wake()

    async def close(self) -> None:
        """Every link and code dead, every connection closed, the port free."""
        if self._closed:
            return
        self._closed = True
        self._routes.invitation.close()
        self._routes.closing = True
        self._routes.waker.wake()
        await self._runner.cleanup()
