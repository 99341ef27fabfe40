"""The user's own settings, kept in ``settings.json`` in their config folder.

Settings belong to the person, not to a database file: a facilitator who turns
presenter-safe off for new sessions wants that in every file they open. The file is
read with suspicion (it may be damaged or edited by hand: anything unreadable falls
back to the defaults, with the reason kept for the app to say) and written whole,
through a temporary file, never onto anything but a regular file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from opstui import paths
from opstui.domain.text import printable
from opstui.files import UnsafeFile, check_replaceable, make_private_folder, read_regular_file

#: Larger than any settings file opstui writes: a bigger one is not ours.
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Settings:
    """What the user chose once, for every session and file.

    A dataclass, not a pydantic model: the app reads it before its first screen, which
    is drawn without the domain models (see ``tests/app/test_shell.py``).
    """

    #: Whether a new session starts with private notes and anonymous voters hidden.
    presenter_safe: bool = True
    #: The Textual theme picked in the palette (None: Textual's default). A name the app
    #: does not know is ignored there, where the themes are known.
    theme: str | None = None
    #: The folder exports are offered in: the one the last export from the app went to.
    export_folder: str | None = None
    #: Where participants reach the device server through a tunnel the facilitator runs
    #: themselves (``https://name.example``: an http(s) origin, no path); the join link
    #: and its QR code then use it. None: the address the server is bound to.
    devices_public_url: str | None = None
    #: The port the device server listens on, for a tunnel pointed at it once (0: a free
    #: port picked at each invite).
    devices_port: int = 0

    @classmethod
    def from_json(cls, data: Any) -> Settings:
        """The settings a parsed file holds; unknown keys are ignored, a wrong type refused."""
        if not isinstance(data, dict):
            raise ValueError("settings are a JSON object")
        known: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            if spec.name not in data:
                continue
            value = data[spec.name]
            if spec.type == "bool":
                if not isinstance(value, bool):
                    raise ValueError(f"{spec.name} is true or false")
            elif spec.type == "int":
                if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 65536:
                    raise ValueError(f"{spec.name} is a port number, 0 to 65535")
            elif value is not None and not _is_setting_text(value):
                raise ValueError(f"{spec.name} is a line of text")
            elif spec.name in URL_SETTINGS and value is not None and not is_origin_url(value):
                raise ValueError(f"{spec.name} is an http(s) address without a path")
            known[spec.name] = value
        return cls(**known)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2) + "\n"


#: Settings that hold the address of a server: an http(s) origin, without a path.
URL_SETTINGS = frozenset({"devices_public_url"})


def is_origin_url(value: str) -> bool:
    """Whether ``value`` is ``http(s)://host[:port]`` (a trailing "/" allowed), nothing more."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and parts.path in ("", "/")
        and not (parts.query or parts.fragment or parts.username or parts.password)
    )


def _is_setting_text(value: Any) -> bool:
    """A name or a path of reasonable length, without control characters (hand-edited
    files are read with suspicion: such a value would reach the screen)."""
    return (
        isinstance(value, str) and 0 < len(value) <= 4096 and printable(value, lines=False) == value
    )


class SettingsError(OSError):
    """The settings could not be written; the text says why, for the user."""


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings, and why the file was not used (None when it was, or is absent)."""
    path = path or settings_path()
    if not os.path.lexists(path):
        return Settings(), None
    try:
        data = json.loads(read_regular_file(path, MAX_BYTES))
        return Settings.from_json(data), None
    except UnsafeFile as exc:
        return Settings(), f"{exc}: default settings used"
    except (OSError, ValueError, RecursionError):
        return Settings(), f"{path} could not be read: default settings used"


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings whole (never onto a link, a FIFO or a device)."""
    path = path or settings_path()
    try:
        check_replaceable(path)
    except UnsafeFile as exc:
        raise SettingsError(f"{exc}: settings not saved") from None
    except OSError as exc:
        raise SettingsError(f"cannot write {path}: {exc.strerror}") from None
    try:
        make_private_folder(path.parent)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(settings.to_json())
                file.flush()
                os.fsync(file.fileno())
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SettingsError(f"cannot write {path}: {exc.strerror or exc}") from None
