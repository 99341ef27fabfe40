"""What every request passes through before (and after) its route: the expected Host,
the server's own Origin on every POST, errors turned into a short sentence (never a
traceback), and the security headers on every response.

Nothing here logs a request line: URLs carry the join token.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Middleware

from opstui.services.device_desk import DeviceRefused
from opstui.web.payloads import BadPayload
from opstui.web.security import SECURITY_HEADERS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_log = logging.getLogger("opstui.web")

#: The sentence shown for each refusal the server itself makes (never aiohttp's text,
#: which may quote sizes or paths).
_SENTENCES = {
    400: "The request could not be read.",
    403: "This page may not do that. Open the join link again.",
    404: "Not found.",
    405: "Not allowed here.",
    413: "That is too long to send.",
    415: "The request could not be read.",
    421: "This server does not answer to that address.",
    422: "The request could not be read.",
    429: "Too many at once. Wait a little and try again.",
    500: "Something went wrong on the facilitator's side.",
}


class Refusal(Exception):
    """A refusal with its status and its sentence for the page."""

    def __init__(self, status: int, sentence: str | None = None) -> None:
        self.status = status
        self.sentence = sentence or _SENTENCES.get(status, "Not allowed.")
        super().__init__(self.sentence)


def error_response(request: web.Request, status: int, sentence: str) -> web.Response:
    """A small JSON body for the page's script, a small HTML page for a browser's GET."""
    wants_html = request.method == "GET" and not request.path.startswith("/s/")
    if wants_html:
        page = (
            '<!doctype html><html lang="en"><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(sentence)}</title><p>{html.escape(sentence)}</p></html>"
        )
        return web.Response(status=status, text=page, content_type="text/html")
    return web.Response(
        status=status, text=json.dumps({"error": sentence}), content_type="application/json"
    )


@web.middleware
async def shield(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every failure becomes a short answer; a traceback never leaves the server."""
    try:
        return await handler(request)
    except Refusal as refusal:
        return error_response(request, refusal.status, refusal.sentence)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return error_response(request, exc.status, _SENTENCES.get(exc.status, "Not allowed."))
    except DeviceRefused as refused:
        return error_response(request, 409, str(refused) or "That was refused.")
    except BadPayload as bad:
        return error_response(request, 422, str(bad))
    except Exception:
        # The traceback names no URL (the token stays out of the log); it helps whoever
        # integrates a desk, and the participant sees one sentence.
        _log.exception("A participant's request failed")
        return error_response(request, 500, _SENTENCES[500])


@dataclass
class Allowed:
    """The server's own names (``host:port``) and origins (``scheme://host:port``), set
    once the port is known; until then every request is refused."""

    hosts: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()


def origin_guard(allowed: Allowed) -> Middleware:
    """Only the server's own names, and POSTs only from its own pages.

    The Host check stops DNS rebinding (a site that points its name at 127.0.0.1 and
    calls the server from the participant's browser); the Origin check stops another
    site's page from acting with the participant's cookie, on top of SameSite and CSRF.
    """

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.host not in allowed.hosts:
            raise Refusal(421)
        unsafe = request.method not in ("GET", "HEAD")
        if unsafe and request.headers.get("Origin") not in allowed.origins:
            raise Refusal(403)
        return await handler(request)

    return guard


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On every response the application prepares, errors included."""
    response.headers.update(SECURITY_HEADERS)
    response.headers["Server"] = "opstui"  # not which aiohttp and Python answer
