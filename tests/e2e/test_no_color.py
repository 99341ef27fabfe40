"""The real program with NO_COLOR, and on a 16-colour terminal: the metrics chart still
tells its cohorts apart by their marks, and with NO_COLOR not a byte of colour is written.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.domain.chart_series import COHORT_LABELS, legend_swatch, series_marker
from opstui.domain.metrics import Cohort

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

INITIATIVE = "Make customer interviews quick to schedule"
#: Select Graphic Rendition sequences: colours and attributes.
SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
#: Foreground and background colours: 16 (30-37, 40-47, 90-97, 100-107), 256 and 24-bit.
COLOUR_PARAMS = re.compile(r"^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$")
#: 256 and 24-bit colours only (``38;5;n``, ``48;2;r;g;b``…).
RICH_COLOUR = re.compile(rb"\x1b\[[0-9;]*[34]8[;:][25][;:]")
LEGEND = " ".join(f"{legend_swatch(c.value)} {COHORT_LABELS[c]}" for c in Cohort)


def colour_sequences(raw: bytes) -> list[bytes]:
    """The SGR sequences that set a colour (not a reset to the default, 39 and 49)."""
    found = []
    for params in SGR.findall(raw):
        if any(COLOUR_PARAMS.match(p) for p in re.split(r"[;:]", params.decode())):
            found.append(params)
    return found


def open_metrics_chart(tmux: Tmux, opstui: Path, env: dict[str, str], tmp_path: Path) -> bytes:
    """Start the program on the demo, open the first initiative's metrics, and return
    every byte written from the dashboard on, once the chart and its legend are shown."""
    db = tmp_path / "demo.db"
    subprocess.run(
        [str(opstui), "demo", "--no-tui", "--db", str(db)], env=env, check=True, timeout=60
    )
    tmux.start([str(opstui), "--db", str(db)], env)
    raw = tmp_path / "terminal.bytes"
    tmux.record(raw)
    tmux.wait_for(INITIATIVE)
    tmux.press("Enter")  # the dashboard's first row: the interviews initiative
    tmux.wait_for("Step 6")
    tmux.press("m")
    tmux.wait_for("Metrics of")
    # The legend under the chart names every cohort beside its mark.
    tmux.wait_for(LEGEND)
    screen = tmux.screen()
    for cohort in Cohort:
        assert series_marker(cohort.value) * 2 in screen, cohort
    tmux.press("C-q")
    tmux.wait_exit()
    return raw.read_bytes()


def test_no_color_writes_no_colour_and_the_cohorts_keep_their_marks(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    env = {**app_env, "NO_COLOR": "1", "COLORTERM": "truecolor"}
    raw = open_metrics_chart(tmux, opstui_program, env, tmp_path)
    # The marks are in what was written, not only in tmux's idea of the screen.
    assert all(series_marker(c.value).encode() * 2 in raw for c in Cohort)
    assert SGR.search(raw), "the recording holds the program's styled output"
    assert colour_sequences(raw) == []


def test_a_16_colour_terminal_gets_16_colours_and_the_marks(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    env = {**app_env, "TERM": "xterm"}  # no COLORTERM: Rich sees 16 colours
    raw = open_metrics_chart(tmux, opstui_program, env, tmp_path)
    assert colour_sequences(raw), "colour is kept where the terminal has it"
    assert not RICH_COLOUR.search(raw)
