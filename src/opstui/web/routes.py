"""The participant server's routes, the only things it answers (anything else is a 404):

``GET /``                      the page with a box for the code read aloud
``GET /device``                ``{"csrf": ...}``, and the browser's cookie if it has none
``POST /code``                 the code → ``{"join": "/j/<token>"}``
``GET /j/<token>``             the page for this invitation
``GET /s/<token>/view``        what the page shows now; ``?after=<version>`` waits (up
                               to 20 s) until it differs
``POST /s/<token>/join``       ``{"person": id | null}``: join by name, or without one
``POST /s/<token>/vote``       ``{"vote": key, "value": str | null, "dots": {option: n}}``
``POST /s/<token>/remark``     ``{"sentiment", "kind", "text"}``
``GET /static/device.js|css``  the page's script and style sheet

Pages are fixed files: they set no cookie. The page's script asks ``/device`` first —
a same-origin request, so a SameSite=Strict cookie is sent with it even when the link
was opened from a chat app (a cross-site navigation, which carries no Strict cookie: a
cookie set in answer to it would replace the browser's own and lose its name).
Every POST carries the browser's CSRF token (``X-CSRF-Token``) and JSON, and answers
with the same state as ``view``. The person behind a request is the one in its signed
cookie, and only while the server's claims agree; nothing in a body names who acts.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from opstui.services.device_desk import DeviceDesk
from opstui.web.guards import Refusal
from opstui.web.pages import assets, page_html
from opstui.web.payloads import (
    BadPayload,
    BallotAct,
    CodeAct,
    JoinAct,
    RemarkAct,
    participants_json,
    view_json,
)
from opstui.web.presence import Seating, Waker
from opstui.web.security import (
    ANONYMOUS,
    ActLimiter,
    CookieSigner,
    GuessThrottle,
    Invitation,
    Seat,
)

COOKIE = "opstui_device"
#: How long a page's poll waits for a change before it is answered anyway.
POLL_SECONDS = 20.0
#: How many polls one device may have waiting at once (a page keeps one).
MAX_WAITING_POLLS = 2
#: Even without ``changed()``, a waiting poll looks again this often.
RECHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Presence:
    """Who a request acts as, once the cookie and the claims agree."""

    seat: Seat
    joined: bool
    #: A participant's id, or ``None`` (not joined, or joined without a name).
    person_id: str | None
    name: str | None


class DeviceRoutes:
    """The handlers, and the state they share with ``DeviceServer``."""

    def __init__(
        self,
        desk: DeviceDesk,
        *,
        invitation: Invitation,
        secure_cookie: bool,
        signer: CookieSigner | None = None,
        acts: ActLimiter | None = None,
        guesses: GuessThrottle | None = None,
    ) -> None:
        self.desk = desk
        self.invitation = invitation
        self.secure_cookie = secure_cookie
        self.signer = signer or CookieSigner()
        self.acts = acts or ActLimiter()
        # A page asks again after every change; a script asking in a loop would keep the
        # facilitator's event loop busy (see ``view``).
        self.looks = ActLimiter(limit=60, window=10.0)
        #: Polls waiting for a change, per device.
        self.waiting: dict[str, int] = {}
        self.guesses = guesses or GuessThrottle()
        self.seating = Seating()
        self.waker = Waker()
        self.closing = False

    def add_to(self, app: web.Application) -> None:
        app.router.add_get("/", self.code_page)
        app.router.add_get("/device", self.device)
        app.router.add_post("/code", self.enter_code)
        app.router.add_get("/j/{token}", self.join_page)
        app.router.add_get("/s/{token}/view", self.view)
        app.router.add_post("/s/{token}/join", self.join)
        app.router.add_post("/s/{token}/vote", self.vote)
        app.router.add_post("/s/{token}/remark", self.remark)
        app.router.add_get("/static/{name}", self.static)

    # -- checks ---------------------------------------------------------------

    def _address(self, request: web.Request) -> str:
        return request.remote or "unknown"

    def _check_token(self, request: web.Request) -> None:
        """A wrong token counts against the address. A right one passes even from a
        blocked address: at 192 bits it was not guessed, and a participant behind the
        same tunnel or NAT as a guesser keeps working."""
        given = request.match_info["token"]
        if self.invitation.token_matches(given):
            return
        if self.invitation.was_valid(given):
            raise Refusal(404, "This link no longer works. Ask the facilitator for the new code.")
        address = self._address(request)
        self.guesses.failed(address)
        raise Refusal(429 if self.guesses.blocked(address) else 404)

    def _seat(self, request: web.Request) -> Seat | None:
        return self.signer.read(request.cookies.get(COOKIE))

    def _presence(self, seat: Seat) -> Presence:
        if seat.person is None:
            return Presence(seat, joined=False, person_id=None, name=None)
        if seat.person == ANONYMOUS:
            return Presence(seat, joined=True, person_id=None, name=None)
        if self.seating.holder(seat.person) == seat.device:
            for person in self.desk.participants():
                if person.id == seat.person:
                    return Presence(seat, joined=True, person_id=person.id, name=person.name)
        # Freed by the facilitator, or no longer a participant: join again.
        return Presence(seat, joined=False, person_id=None, name=None)

    async def _act(self, request: web.Request) -> tuple[Presence, object]:
        """The checks every POST under /s/ passes, in order; returns who and the body."""
        self._check_token(request)
        seat = self._seat(request)
        token = request.headers.get("X-CSRF-Token", "")
        if seat is None or not self.signer.csrf_matches(seat, token):
            raise Refusal(403)
        if not self.acts.allow(seat.device):
            raise Refusal(429)
        if request.content_type != "application/json":
            raise Refusal(415)
        try:
            body = await request.json()
        except ValueError as exc:
            raise BadPayload("The request is not JSON.") from exc
        return self._presence(seat), body

    # -- answers --------------------------------------------------------------

    def _state(self, presence: Presence) -> dict[str, Any]:
        view = self.desk.view(presence.person_id)
        joined = "named" if presence.person_id else ("anonymous" if presence.joined else "no")
        state: dict[str, Any] = {
            "version": f"{view.version}|{joined}|{self.seating.generation}",
            "you": {
                "joined": presence.joined,
                "named": presence.person_id is not None,
                "name": presence.name,
            },
            "view": view_json(view),
        }
        if not presence.joined:
            state["participants"] = participants_json(
                self.desk.participants(), self.seating.taken(), presence.person_id
            )
        return state

    def _set_cookie(self, response: web.Response, seat: Seat) -> None:
        response.set_cookie(
            COOKIE,
            self.signer.sign(seat),
            path="/",
            httponly=True,
            samesite="Strict",
            secure=self.secure_cookie,
        )

    # -- handlers -------------------------------------------------------------

    async def code_page(self, request: web.Request) -> web.Response:
        return web.Response(text=page_html(), content_type="text/html")

    async def join_page(self, request: web.Request) -> web.Response:
        self._check_token(request)
        return web.Response(text=page_html(), content_type="text/html")

    async def device(self, request: web.Request) -> web.Response:
        """This browser's CSRF token; a cookie first if it has none (or a forged one).
        Another site's page cannot read the answer: no CORS header is ever sent."""
        seat = self._seat(request)
        fresh = seat is None
        if seat is None:
            seat = self.signer.new_seat()
        response = web.json_response({"csrf": self.signer.csrf_token(seat)})
        if fresh:
            self._set_cookie(response, seat)
        return response

    async def static(self, request: web.Request) -> web.Response:
        asset = assets().get(request.match_info["name"])
        if asset is None:
            raise Refusal(404)
        return web.Response(body=asset.body, content_type=asset.content_type, charset="utf-8")

    async def enter_code(self, request: web.Request) -> web.Response:
        address = self._address(request)
        # A blocked address is refused even the right code: the code is short.
        if self.guesses.blocked(address):
            raise Refusal(429)
        seat = self._seat(request)
        if seat is None or not self.signer.csrf_matches(
            seat, request.headers.get("X-CSRF-Token", "")
        ):
            raise Refusal(403)
        if request.content_type != "application/json":
            raise Refusal(415)
        try:
            act = CodeAct.parse(await request.json())
        except ValueError as exc:
            raise BadPayload("The request is not JSON.") from exc
        if not self.invitation.code_matches(act.code):
            if self.invitation.was_valid(act.code):
                raise Refusal(404, "That code is no longer valid. Ask for the new one.")
            self.guesses.failed(address)
            if self.guesses.blocked(address):
                raise Refusal(429)
            raise Refusal(404, "That code does not work. Check it with the facilitator.")
        return web.json_response({"join": f"/j/{self.invitation.token}"})

    async def view(self, request: web.Request) -> web.Response:
        self._check_token(request)
        seat = self._seat(request)
        if seat is None:
            raise Refusal(403)
        after = request.query.get("after")
        state = self._state(self._presence(seat))
        if after is None or state["version"] != after or self.closing:
            # Answered at once: only these are counted, so a page woken by every ballot
            # of a busy vote is never slowed down, and a script asking in a loop is.
            if not self.looks.allow(seat.device):
                raise Refusal(429)
            return web.json_response(state)
        if self.waiting.get(seat.device, 0) >= MAX_WAITING_POLLS:
            raise Refusal(429)  # a page waits with one request; more are not a page
        self.waiting[seat.device] = self.waiting.get(seat.device, 0) + 1
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + POLL_SECONDS
            while True:
                remaining = deadline - loop.time()
                await self.waker.wait(min(RECHECK_SECONDS, max(remaining, 0)))
                if not self.invitation.token_matches(request.match_info["token"]):
                    raise Refusal(404)  # rotated or closed while waiting: not a guess
                state = self._state(self._presence(seat))
                if state["version"] != after or self.closing or deadline <= loop.time():
                    return web.json_response(state)
        finally:
            self.waiting[seat.device] -= 1
            if not self.waiting[seat.device]:
                del self.waiting[seat.device]

    async def join(self, request: web.Request) -> web.Response:
        presence, body = await self._act(request)
        act = JoinAct.parse(body)
        device = presence.seat.device
        if act.person_id is None:
            self.seating.leave(device)
            seat = Seat(device=device, person=ANONYMOUS)
        else:
            person = next((p for p in self.desk.participants() if p.id == act.person_id), None)
            if person is None:
                raise Refusal(422, "That name is not among this session's participants.")
            holder = self.seating.holder(person.id)
            if holder is not None and holder != device:
                raise Refusal(
                    409,
                    f"Another browser has joined as {person.name}. "
                    "If that is not you, ask the facilitator to free the name.",
                )
            self.seating.claim(person.id, device)
            seat = Seat(device=device, person=person.id)
        self.waker.wake()  # other pages show the name as taken
        response = web.json_response(self._state(self._presence(seat)))
        self._set_cookie(response, seat)
        return response

    async def vote(self, request: web.Request) -> web.Response:
        presence, body = await self._act(request)
        if presence.person_id is None:
            raise Refusal(403, "Join with your name to vote.")
        act = BallotAct.parse(body)
        self.desk.vote(presence.person_id, act.vote_key, act.value, act.dots)
        self.waker.wake()
        return web.json_response(self._state(presence))

    async def remark(self, request: web.Request) -> web.Response:
        presence, body = await self._act(request)
        if not presence.joined:
            raise Refusal(403, "Join first: with your name, or without one.")
        act = RemarkAct.parse(body)
        self.desk.send_remark(presence.person_id, act.sentiment, act.kind, act.text)
        self.waker.wake()
        return web.json_response(self._state(presence))
