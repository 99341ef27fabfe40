"""The participant page's files, shipped as package data: one HTML shell, one script and
one style sheet, read once. No build step, no template engine: the shell takes one value,
the CSRF token, which is hex and checked to be so before it is put in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_CSRF_SLOT = "{{csrf}}"
_HEX = re.compile(r"[0-9a-f]{16,128}")


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str


def _read(name: str) -> bytes:
    return resources.files("opstui.web").joinpath("static", name).read_bytes()


@cache
def assets() -> dict[str, Asset]:
    """The static files by the name they are served under (``/static/<name>``)."""
    return {
        "device.js": Asset(_read("device.js"), "text/javascript"),
        "device.css": Asset(_read("device.css"), "text/css"),
    }


@cache
def _shell() -> str:
    return _read("device.html").decode("utf-8")


def page_html(csrf_token: str) -> str:
    """The page's HTML with this browser's CSRF token in its ``<meta>``."""
    if not _HEX.fullmatch(csrf_token):
        raise ValueError("a CSRF token is hex")
    return _shell().replace(_CSRF_SLOT, csrf_token)
