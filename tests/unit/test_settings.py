"""The user's settings file: read with suspicion, written whole, never onto a non-file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from opstui.settings import Settings, SettingsError, load_settings, save_settings


def test_absent_file_gives_the_defaults_silently(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.json") == (Settings(presenter_safe=True), None)


def test_saved_settings_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    save_settings(Settings(presenter_safe=False), path)
    assert load_settings(path) == (Settings(presenter_safe=False), None)
    assert json.loads(path.read_text()) == {
        "presenter_safe": False,
        "theme": None,
        "export_folder": None,
        "devices_public_url": None,
        "devices_port": 0,
    }


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"presenter_safe": "no"}',
        b"[1, 2]",
        b"[" * 100_000,
        b'{"presenter_safe": false}' + b" " * 70_000,
        b"\xff\xfe",
    ],
    ids=["garbage", "wrong-type", "not-an-object", "deeply-nested", "huge", "not-utf8"],
)
def test_a_damaged_file_gives_the_defaults_and_says_why(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    settings, problem = load_settings(path)
    assert settings == Settings()
    assert problem is not None and str(path) in problem


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"presenter_safe": false, "from_the_future": 1}')
    assert load_settings(path) == (Settings(presenter_safe=False), None)


def test_a_fifo_is_neither_read_nor_replaced(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    settings, problem = load_settings(path)  # would hang if opened
    assert settings == Settings() and problem is not None
    with pytest.raises(SettingsError, match="not a regular file"):
        save_settings(Settings(presenter_safe=False), path)
    assert path.is_fifo()


def test_a_link_is_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    path = tmp_path / "settings.json"
    path.symlink_to(target)
    with pytest.raises(SettingsError):
        save_settings(Settings(presenter_safe=False), path)
    assert target.read_text() == "keep me"


def test_theme_and_export_folder_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    chosen = Settings(presenter_safe=True, theme="textual-light", export_folder="/srv/reports")
    save_settings(chosen, path)
    assert load_settings(path) == (chosen, None)


@pytest.mark.parametrize(
    "content",
    [
        '{"theme": 3}',
        '{"theme": ""}',
        '{"theme": "textual-light\\u001b]52;c;aGk=\\u0007"}',
        '{"export_folder": "/tmp/\\u009b2J"}',
        '{"export_folder": "/tmp/a\\nb"}',
        '{"export_folder": "' + "x" * 5000 + '"}',
    ],
    ids=["number", "empty", "osc52", "c1-control", "newline", "too-long"],
)
def test_a_hostile_text_setting_gives_the_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    settings, problem = load_settings(path)
    assert settings == Settings() and problem is not None


@pytest.mark.parametrize(
    "url",
    ["https://abc.trycloudflare.com", "https://box.tail1234.ts.net/", "http://10.0.0.5:8080"],
)
def test_a_devices_public_url_is_an_http_origin(tmp_path: Path, url: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"devices_public_url": url}))
    assert load_settings(path) == (Settings(devices_public_url=url), None)


@pytest.mark.parametrize(
    "url",
    [
        "abc.trycloudflare.com",
        "ftp://abc.example",
        "https://abc.example/opstui",
        "https://abc.example/?q=1",
        "https://user:pw@abc.example",
        "https://abc.example:port",
        "https://",
    ],
)
def test_a_devices_public_url_with_a_path_or_another_scheme_is_refused(
    tmp_path: Path, url: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"devices_public_url": url, "presenter_safe": False}))
    settings, problem = load_settings(path)
    assert settings == Settings() and problem is not None


@pytest.mark.parametrize("port", ['"8080"', "-1", "65536", "true", "8080.5"])
def test_a_port_that_is_not_one_gives_the_defaults(tmp_path: Path, port: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"devices_port": ' + port + "}")
    settings, problem = load_settings(path)
    assert settings == Settings() and problem is not None


def test_a_port_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(devices_port=8765), path)
    assert load_settings(path) == (Settings(devices_port=8765), None)
