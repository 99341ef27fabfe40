"""Every word on the main screens reads at WCAG AA (4.5:1) in the light and the dark theme.

The screen is shared on a call, often in a light theme: a timer or a heading coloured with
``$success`` measured 1.76:1 there. Each screen is rendered at 120x40, exported as SVG,
and every character of text is measured against the background cell beneath it.
Chart lines (braille) and box drawing are graphics, not text, and are left out.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Digits, Select

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.screens import clock
from opstui.screens.live import LiveSessionScreen
from opstui.screens.metrics import MetricsScreen
from opstui.screens.modals.resume_session import ResumeSession
from opstui.screens.people import PeopleScreen
from opstui.screens.workspace import TABS, WorkspaceScreen, tab_digit
from tests.app.test_live_snapshots import seed
from tests.app.test_sources_snapshots import build_team_demo
from tests.demo_cache import build_demo

SIZE = (120, 40)
THEMES = ("textual-light", "textual-dark")
AA = 4.5
SVG = "{http://www.w3.org/2000/svg}"
#: Rich's SVG export: a cell is 12.2 px wide and 24.4 px high.
CELL_WIDTH, ROW_HEIGHT = 12.2, 24.4


@dataclass(frozen=True)
class Shot:
    """What was on screen, its SVG, and where to measure.

    ``within``: a dialog's box (None: everywhere). ``read``: where box drawing is text to
    read rather than a drawing, as in the big digits of the timer.
    """

    name: str
    svg: str
    within: Region | None
    read: tuple[Region, ...]


Drive = Callable[[Pilot[None], list[Shot]], Awaitable[None]]


@dataclass(frozen=True)
class Failure:
    """One run of text that reads below the bar."""

    screen: str
    text: str
    fg: str
    bg: str
    ratio: float

    def __str__(self) -> str:
        return f"{self.screen}: {self.text!r} {self.fg} on {self.bg} = {self.ratio:.2f}:1"


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_graphic(char: str) -> bool:
    """Braille (plotext's lines), box drawing and block elements: drawn, not read."""
    return 0x2500 <= ord(char) <= 0x259F or 0x2800 <= ord(char) <= 0x28FF


def class_fills(root: ET.Element) -> dict[str, str]:
    """The fill colour of each text class, from the SVG's style block."""
    css = "".join(style.text or "" for style in root.iter(f"{SVG}style"))
    return {
        name: fill.lower()
        for name, fill in re.findall(r"\.([\w-]+)\s*\{[^}]*?fill:\s*(#[0-9a-fA-F]{6})", css)
    }


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    width: float
    height: float
    fill: str

    def holds(self, x: float, y: float) -> bool:
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height


def measure(
    screen: str, svg: str, within: Region | None = None, read: tuple[Region, ...] = ()
) -> tuple[list[Failure], float]:
    """Every run of visible text below AA, and the lowest ratio of all.

    Only text ``within`` a region counts when one is given: the screen behind a dialog is
    dimmed on purpose, to say it is not the one to read. Box drawing counts as text in the
    regions to ``read``.
    """
    root = ET.fromstring(svg)
    fills = class_fills(root)
    cells = [
        Cell(
            float(rect.get("x", 0)),
            float(rect.get("y", 0)),
            float(rect.get("width", 0)),
            float(rect.get("height", 0)),
            rect.get("fill", "").lower(),
        )
        for rect in root.iter(f"{SVG}rect")
        if rect.get("shape-rendering") == "crispEdges" and rect.get("fill", "").startswith("#")
    ]
    failures: list[Failure] = []
    lowest = 21.0
    for node in root.iter(f"{SVG}text"):
        if "-line-" not in (node.get("clip-path") or ""):
            continue  # the window's title, not the terminal's matrix
        text = (node.text or "").replace("\xa0", " ")
        length = float(node.get("textLength", 0))
        if not text.strip() or not length:
            continue
        fg = fills[node.get("class", "")]
        x, baseline = float(node.get("x", 0)), float(node.get("y", 0))
        step = length / len(text)  # one cell per character: wide ones are rare, and summed
        worst: tuple[float, str] | None = None
        for index, char in enumerate(text):
            middle = (x + (index + 0.5) * step, baseline - ROW_HEIGHT / 4)
            cell = (int(middle[0] // CELL_WIDTH), int(middle[1] // ROW_HEIGHT))
            if char.isspace() or (within is not None and not within.contains(*cell)):
                continue
            if is_graphic(char) and not any(r.contains(*cell) for r in read):
                continue
            bg = next((c.fill for c in reversed(cells) if c.holds(*middle)), None)
            if bg is None:
                continue
            ratio = contrast(fg, bg)
            if worst is None or ratio < worst[0]:
                worst = (ratio, bg)
        if worst is None:
            continue
        lowest = min(lowest, worst[0])
        if worst[0] < AA:
            failures.append(Failure(screen, text.strip(), fg, worst[1], round(worst[0], 2)))
    return failures, lowest


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The demo's day and UTC, so what is shown (overdue, progress) is the same every day."""
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        build_demo(store)
    return db_path


async def settle(pilot: Pilot[None]) -> None:
    pilot.app.animation_level = "none"
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)


async def shoot(pilot: Pilot[None], shots: list[Shot], name: str) -> None:
    await settle(pilot)
    screen = pilot.app.screen
    within = None
    if isinstance(screen, ModalScreen):
        within = Region.from_union([child.region for child in screen.children])
    read = tuple(digits.content_region for digits in screen.query(Digits))
    shots.append(Shot(name, pilot.app.export_screenshot(), within, read))


def initiative_id(app: OpstuiApp, words: str) -> str:
    return next(i.id for i in app.store.list_initiatives() if words in i.title.lower())


async def dashboard(pilot: Pilot[None], shots: list[Shot]) -> None:
    await shoot(pilot, shots, "dashboard")
    await pilot.press("f1")
    await shoot(pilot, shots, "help")
    await pilot.press("escape")
    await settle(pilot)
    await pilot.app.push_screen(PeopleScreen())
    await shoot(pilot, shots, "people")


WORKSPACE_TABS = "overview sessions decisions feedback actions checklist doctor readiness ladder"


async def workspace(pilot: Pilot[None], shots: list[Shot]) -> None:
    app = pilot.app
    assert isinstance(app, OpstuiApp)
    # The documentation initiative has the doctor's findings; release dates every tab filled.
    for words in ("predictable release", "product documentation"):
        await app.push_screen(WorkspaceScreen(initiative_id(app, words)))
        for tab in WORKSPACE_TABS.split():
            number = [key for key, _ in TABS].index(tab) + 1
            await pilot.press(tab_digit(number))
            await shoot(pilot, shots, f"workspace {words} / {tab}")
        app.pop_screen()
        await settle(pilot)


async def metrics(pilot: Pilot[None], shots: list[Shot]) -> None:
    app = pilot.app
    assert isinstance(app, OpstuiApp)
    await app.push_screen(MetricsScreen(initiative_id(app, "interview")))
    await shoot(pilot, shots, "metrics / chart")
    await pilot.press("2")
    await shoot(pilot, shots, "metrics / sentiment")
    await pilot.press("1", "n", *"Logins per week")
    await shoot(pilot, shots, "metrics / new usage metric")
    await pilot.press("escape")
    await settle(pilot)
    # Metrics measured from events and from checks of people, and checking people.
    for words, name in (("predictable release", "size of date"), ("sales adoption", "reps able")):
        metric_id = next(
            m.id
            for m in app.store.list_metrics(initiative_id(app, words))
            if name in m.name.lower()
        )
        await app.push_screen(MetricsScreen(initiative_id(app, words), metric_id=metric_id))
        await shoot(pilot, shots, f"metrics / {name}")
    await pilot.press("r", "y", "n")
    await shoot(pilot, shots, "metrics / check people")


DEMO_SCREENS: dict[str, Drive] = {
    "dashboard": dashboard,
    "workspace": workspace,
    "metrics": metrics,
}


def live(elapsed: int, *keys: str, presenter_safe: bool = False) -> Callable[[Store], Drive]:
    """The live session with its timer running on a frozen clock, remarks and a vote open."""

    def seeded(store: Store) -> Drive:
        session_id = seed(store, elapsed=elapsed, presenter_safe=presenter_safe)

        async def drive(pilot: Pilot[None], shots: list[Shot]) -> None:
            await pilot.pause()
            if isinstance(pilot.app.screen, ResumeSession):
                await pilot.press("escape")
            await pilot.app.push_screen(
                LiveSessionScreen(session_id, start_timer=True, clock=lambda: 5000.0)
            )
            await pilot.pause()
            await pilot.press(*keys)
            pilot.app.clear_notifications()
            await shoot(pilot, shots, "live")

        return drive

    return seeded


LIVE_SCREENS: dict[str, Callable[[Store], Drive]] = {
    "live-vote-open": live(400),
    "live-revealed": live(400, "2", "4", "r"),
    "live-paused": live(400, "space"),
    "live-overrun-presenter-safe": live(15 * 60 + 83, presenter_safe=True),
}


async def capture(app: OpstuiApp, theme: str, drive: Drive) -> list[Shot]:
    shots: list[Shot] = []
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await settle(pilot)
        await drive(pilot, shots)
    return shots


def check(label: str, shots: list[Shot]) -> None:
    failures: list[Failure] = []
    for shot in shots:
        found, _ = measure(f"{label} {shot.name}", shot.svg, shot.within, shot.read)
        failures += found
    assert not failures, f"{len(failures)} runs of text below {AA}:1\n" + "\n".join(
        map(str, failures)
    )


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", DEMO_SCREENS)
async def test_demo_screens_read_at_aa(theme: str, screen: str, demo_db: Path) -> None:
    with Store.open(demo_db, read_only=True) as store:
        shots = await capture(make_app(store), theme, DEMO_SCREENS[screen])
    assert len(shots) >= 1
    check(theme, shots)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", LIVE_SCREENS)
async def test_live_session_reads_at_aa(theme: str, screen: str, db_path: Path) -> None:
    with Store.open(db_path) as store:
        drive = LIVE_SCREENS[screen](store)
        shots = await capture(make_app(store), theme, drive)
    check(f"{theme} {screen}", shots)


@pytest.mark.parametrize("theme", THEMES)
async def test_team_dashboard_reads_at_aa(theme: str, db_path: Path) -> None:
    """The dashboard of initiatives from several files: its "From" column and source filter."""
    build_team_demo(db_path)

    async def sources(pilot: Pilot[None], shots: list[Shot]) -> None:
        await shoot(pilot, shots, "team dashboard")
        pilot.app.screen.query_one("#filter-source", Select).focus()
        await pilot.press("enter")
        await shoot(pilot, shots, "team dashboard / source filter open")
        assert pilot.app.screen.query_one("#filter-source", Select).expanded

    with Store.open(db_path, read_only=True) as store:
        shots = await capture(make_app(store), theme, sources)
    assert "alice" in shots[0].svg and "Any&#160;source" in shots[1].svg
    check(theme, shots)


def test_the_measure_finds_low_contrast() -> None:
    """A known pair: #777777 on white is 4.48:1, just below; black on white is 21:1.

    Braille is drawn, not read, unless it sits where text is to be read (the timer's).
    """
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0

    def run(css_class: str, column: int, text: str) -> str:
        x, length = column * CELL_WIDTH, len(text) * CELL_WIDTH
        return (
            f'<text class="{css_class}" x="{x}" y="20" textLength="{length}"'
            f' clip-path="url(#terminal-line-0)">{text}</text>'
        )

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><style>.r1 { fill: #777777 }'
        ".r2 { fill: #000000 }</style>"
        '<rect fill="#ffffff" x="0" y="1.5" width="100" height="24.65"'
        ' shape-rendering="crispEdges"/>'
        + run("r1", 0, "ok")
        + run("r2", 2, "!")
        + run("r1", 3, "⣿")
        + "</svg>"
    )
    failures, lowest = measure("probe", svg)
    assert [(f.text, f.fg, f.bg) for f in failures] == [("ok", "#777777", "#ffffff")]
    assert round(lowest, 2) == 4.48
    failures, _ = measure("probe", svg, read=(Region(3, 0, 1, 1),))
    assert [f.text for f in failures] == ["ok", "⣿"]


@pytest.mark.parametrize(("start", "switch"), [THEMES[::-1], THEMES])
async def test_switching_theme_recolours_what_is_on_screen(
    start: str, switch: str, db_path: Path
) -> None:
    """Text coloured when it was first shown takes the new theme's colours too."""
    with Store.open(db_path) as store:
        drive = LIVE_SCREENS["live-revealed"](store)
        shots: list[Shot] = []

        async def then_switch(pilot: Pilot[None], _: list[Shot]) -> None:
            await drive(pilot, [])
            pilot.app.theme = switch
            await shoot(pilot, shots, f"live after switching to {switch}")
            pilot.app.pop_screen()
            app = pilot.app
            assert isinstance(app, OpstuiApp)
            initiative = app.store.list_initiatives()[0]
            await app.push_screen(WorkspaceScreen(initiative.id))
            for number in "1245":
                await pilot.press(number)
                await shoot(pilot, shots, f"workspace tab {number}, {switch}")
            pilot.app.theme = start
            await shoot(pilot, shots, f"workspace tab 5, back to {start}")

        await capture(make_app(store), start, then_switch)
    check(f"{start} → {switch}", shots)


def fill_of(svg: str, words: str) -> str:
    """The colour of the first run of text that says these words."""
    root = ET.fromstring(svg)
    fills = class_fills(root)
    for node in root.iter(f"{SVG}text"):
        if words in (node.text or "").replace("\xa0", " "):
            return fills[node.get("class", "")]
    raise AssertionError(f"{words!r} is not on screen")


@pytest.mark.parametrize("theme", THEMES)
async def test_the_tones_colour_text_in_the_theme(theme: str, demo_db: Path) -> None:
    """Readable is not enough: a warning still looks like one (a tone's name that nothing
    knows would leave the text in the plain foreground, and pass the measure above)."""
    with Store.open(demo_db, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            app.theme = theme
            await settle(pilot)
            await app.push_screen(WorkspaceScreen(initiative_id(app, "product documentation")))
            await pilot.press("7")
            await settle(pilot)
            doctor = app.export_screenshot()
            await app.push_screen(WorkspaceScreen(initiative_id(app, "predictable release")))
            await pilot.press("4")
            await settle(pilot)
            feedback = app.export_screenshot()
            colours = app.theme_variables
    assert fill_of(doctor, "2 findings") == colours["text-warning"].lower()
    assert fill_of(doctor, "The doctor checks for") == colours["text-muted"].lower()
    assert fill_of(feedback, "--") == colours["text-error"].lower()
