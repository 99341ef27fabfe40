"""``opstui --devices-lan ADDRESS``: the app is opened to serve devices on that address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import opstui.cli
from opstui.cli import cli


def opened_with(monkeypatch: pytest.MonkeyPatch, db_path: Path, *args: str) -> Any:
    seen: dict[str, Any] = {}

    def run_app(database: Any, *, devices_lan: str | None = None) -> None:
        seen["devices_lan"] = devices_lan
        database.close()

    monkeypatch.setattr(opstui.cli, "_run_app", run_app)
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)
    return result, seen


def test_the_lan_address_reaches_the_app(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    result, seen = opened_with(monkeypatch, db_path, "--devices-lan", "192.168.1.20")
    assert result.exit_code == 0, result.stderr
    assert seen == {"devices_lan": "192.168.1.20"}


def test_without_it_devices_stay_on_this_machine(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    result, seen = opened_with(monkeypatch, db_path)
    assert result.exit_code == 0 and seen == {"devices_lan": None}


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "my-laptop", ""])
def test_an_address_nobody_reaches_is_refused(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, address: str
) -> None:
    result, seen = opened_with(monkeypatch, db_path, "--devices-lan", address)
    assert result.exit_code == 2 and seen == {}
    assert "--devices-lan" in result.stderr
