"""The participant server stays out of the app's way until devices are invited."""

from __future__ import annotations

import subprocess
import sys

from opstui.web.security import ActLimiter


def test_starting_the_app_or_the_cli_imports_no_web_server() -> None:
    probe = (
        "import sys, opstui.app, opstui.cli; "
        "loaded = sorted(m for m in sys.modules if m.startswith(('aiohttp', 'opstui.web'))); "
        "print(loaded)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_device_may_act_again_once_its_window_has_passed() -> None:
    now = [0.0]
    limiter = ActLimiter(limit=10, window=10.0, clock=lambda: now[0])
    assert all(limiter.allow("device-a") for _ in range(10))
    assert not limiter.allow("device-a")
    assert limiter.allow("device-b")  # each device has its own allowance
    now[0] = 10.5
    assert limiter.allow("device-a")
