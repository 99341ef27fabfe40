"""The participant page's files, shipped as package data: one HTML shell, one script and
one style sheet, read once. No build step and no template: the same fixed shell for
everyone, so no text of the session or of a person is ever part of the HTML."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


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
def page_html() -> str:
    """The page's HTML (the script decides which step to show from the URL)."""
    return _read("device.html").decode("utf-8")
