"""The participants' page in a real browser (Debian's chromium, driven by Playwright), on
a phone-sized screen, against the real server, desk, live session and SQLite file.

What a person on the call does: types the code read aloud, picks their name, votes in
each method as the facilitator opens the votes, sees the result once revealed, sends a
remark. Hostile text shows as typed and never runs; what the page did is what the file
holds afterwards; the page logs no error and breaks no rule of its Content Security
Policy. The server runs on the test's own event loop, as it runs on the app's.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.domain.vote_result import revealed_result
from opstui.domain.voting import Proposal, VoteMethod
from opstui.services.devices import LiveDeviceDesk
from opstui.services.live_session import LiveSession
from opstui.web.server import DeviceServer
from tests.services.test_device_desk import validation_session

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():  # .ci/run installs it: CI always runs these tests
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.async_api import (  # noqa: E402  (only once chromium is known to be there)
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Locator,
    Page,
    ViewportSize,
    async_playwright,
    expect,
)

#: Debian's chromium as Playwright drives it: no download of its own, nothing fetched
#: from the network but the page under test.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: A phone held upright (an iPhone 12 to 15's CSS pixels).
PHONE: ViewportSize = {"width": 390, "height": 844}
#: A facilitator's act shows on the page within this (the page is woken at once; it
#: also looks again every second on its own). Milliseconds, as Playwright takes them.
SHOWN_WITHIN_MS = 2_500
#: Where the screenshots go when a person wants to look at them; else the test's folder.
SHOTS_ENV = "OPSTUI_BROWSER_SHOTS"

HOSTILE = "<script>alert(1)</script> [bold]x[/] \x1b]52;c;aGk=\x07"
#: ``HOSTILE`` as stored and shown: markup kept as text, the control characters dropped.
HOSTILE_STORED = "<script>alert(1)</script> [bold]x[/] ]52;c;aGk="
HOSTILE_NAME = "<img src=x onerror=alert(2)> [bold]Dee[/]"


# -- the session, its desk and its server ------------------------------------------------------


class Facilitator:
    """A live session of four participants, its desk and its server: what the live
    screen holds, and the acts the facilitator's keys perform on it."""

    def __init__(self, store: Store, tmp_path: Path) -> None:
        self.store = store
        session, people = validation_session(store, ("Ana", "Ben", "Chi", HOSTILE_NAME))
        self.ana, self.ben, self.chi, self.dee = (p.id for p in people)
        self.session_id = session.id
        self.live = LiveSession(store, self.session_id, playbooks_dir=tmp_path)
        self.told = 0
        self.desk = LiveDeviceDesk(self.live, on_change=self.screen_told)
        self.server: DeviceServer | None = None

    def screen_told(self) -> None:
        self.told += 1

    @property
    def serving(self) -> DeviceServer:
        assert self.server is not None
        return self.server

    def call(self, method: VoteMethod, title: str, **fields: object) -> Proposal:
        vote = self.live.call_vote(
            Proposal(session_id=self.session_id, title=title, method=method, **fields)
        )
        self.serving.changed()  # as the live screen does after each of its acts
        return vote

    def others_vote(self, *ballots: tuple[str, str | None, dict[str, int]]) -> None:
        for person_id, value, dots in ballots:
            self.live.cast(person_id, value, dots)
        self.serving.changed()

    def reveal(self) -> tuple[str, ...]:
        vote = self.live.reveal()
        self.serving.changed()
        return revealed_result(vote, self.live.ballots)

    def close(self) -> None:
        self.live.close_vote(None)
        self.serving.changed()


@pytest.fixture
async def facilitator(store: Store, tmp_path: Path) -> AsyncIterator[Facilitator]:
    world = Facilitator(store, tmp_path)
    world.server = await DeviceServer.start(world.desk)
    try:
        yield world
    finally:
        await world.server.close()
        world.live.release()


# -- the browser -----------------------------------------------------------------------------


@dataclass
class Watched:
    """What a page said on its own: console errors, CSP violations, dialogs."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # Chromium asks for /favicon.ico by itself; the server has none, on purpose.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        self.errors.append(f"{message.text} ({message.location.get('url')})")

    async def dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        await dialog.dismiss()  # an unanswered dialog would hold the page


#: Runs in every page before its own script: CSP violations are events, not always
#: console lines; they are kept where the test can read them.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
def shots(tmp_path: Path) -> Iterator[Path]:
    folder = Path(os.environ.get(SHOTS_ENV) or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    yield folder


async def phone(browser: Browser) -> tuple[BrowserContext, Page, Watched]:
    """A fresh browser profile (its own cookies) on a phone-sized screen, watched."""
    context = await browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    await context.add_init_script(RECORD_VIOLATIONS)
    page = await context.new_page()
    watched = Watched()
    page.on("console", watched.console)
    page.on("pageerror", lambda error: watched.errors.append(f"uncaught: {error}"))
    page.on("dialog", watched.dialog)
    return context, page, watched


async def assert_quiet(page: Page, watched: Watched) -> None:
    violations = await page.evaluate("window.__violations")
    assert (watched.errors, watched.dialogs, violations) == ([], [], [])


async def join_by_code(page: Page, server: DeviceServer, name: str) -> None:
    """Open the server's root, type the code read aloud, pick ``name``."""
    await page.goto(server.base_url + "/")
    await page.locator("#code-input").fill(server.code.lower())  # typed as heard
    await page.get_by_role("button", name="Join", exact=True).click()
    await expect(page.locator("#pick-step")).to_be_visible()
    assert page.url == server.join_url
    await page.locator("#names").get_by_role("button", name=name, exact=True).click()
    await expect(page.locator("#live-step")).to_be_visible()
    await expect(page.locator("#you")).to_have_text(f"You joined as {name}.")


async def wait_for_vote(page: Page, title: str) -> None:
    await expect(page.locator("#vote-title")).to_have_text(title, timeout=SHOWN_WITHIN_MS)


async def wait_for_result(page: Page, lines: tuple[str, ...]) -> None:
    assert lines, "a revealed round has result lines"
    await expect(page.locator("#vote-result li")).to_have_text(list(lines), timeout=SHOWN_WITHIN_MS)


async def wait_until_closed(page: Page) -> None:
    await expect(page.locator("#no-vote")).to_be_visible(timeout=SHOWN_WITHIN_MS)
    await expect(page.locator("#vote")).to_be_hidden()


# -- the tests --------------------------------------------------------------------------------


async def test_a_participant_votes_in_each_method_and_sends_a_remark_from_a_phone(
    facilitator: Facilitator, browser: Browser, db_path: Path, shots: Path
) -> None:
    world = facilitator
    context, page, watched = await phone(browser)
    await join_by_code(page, world.serving, "Ana")
    await expect(page.locator("#no-vote")).to_be_visible()
    choices = page.locator("#vote-buttons")

    # Fist of five, anonymous: the page says a ballot was received, never what it held.
    world.call(VoteMethod.FIST_OF_FIVE, "How confident are we?", anonymous=True)
    await wait_for_vote(page, "How confident are we?")
    await expect(page.locator("#vote-yours")).to_have_text(
        "This vote is anonymous: one ballot each, not changed once sent."
    )
    await page.screenshot(path=shots / "phone-fist-of-five-vote.png")
    await choices.get_by_role("button", name="4", exact=True).click()
    await expect(page.locator("#message")).to_have_text("Your vote is in.")
    await expect(page.locator("#vote-yours")).to_have_text("You voted (anonymous).")
    await expect(choices.get_by_role("button", name="5", exact=True)).to_be_disabled()
    await expect(page.locator("#vote-progress")).to_have_text("1 of 4 voted")
    world.others_vote((world.ben, "3", {}), (world.chi, "5", {}))
    await expect(page.locator("#vote-progress")).to_have_text(
        "3 of 4 voted", timeout=SHOWN_WITHIN_MS
    )
    await wait_for_result(page, world.reveal())
    world.close()
    await wait_until_closed(page)

    # Consent, with a hostile description: shown as typed, nothing in it runs.
    world.call(VoteMethod.CONSENT, "Ship the pilot?", description=HOSTILE)
    await wait_for_vote(page, "Ship the pilot?")
    await expect(page.locator("#vote-description")).to_have_text(HOSTILE_STORED)
    await page.screenshot(path=shots / "phone-consent-vote.png")
    await choices.get_by_role("button", name="Agree", exact=True).click()
    await expect(page.locator("#message")).to_have_text("Your vote is in.")
    await expect(page.locator("#vote-yours")).to_have_text("You voted: Agree.")
    await expect(choices.get_by_role("button", name="Agree", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    world.others_vote((world.ben, "agree", {}), (world.dee, "abstain", {}))
    result = world.reveal()
    await wait_for_result(page, result)
    await page.screenshot(path=shots / "phone-consent-result.png", full_page=True)
    world.close()
    await wait_until_closed(page)

    # Yes / no.
    world.call(VoteMethod.YES_NO, "Keep the old form?")
    await wait_for_vote(page, "Keep the old form?")
    await choices.get_by_role("button", name="No", exact=True).click()
    await expect(page.locator("#vote-yours")).to_have_text("You voted: No.")
    world.others_vote((world.ben, "yes", {}))
    await wait_for_result(page, world.reveal())
    world.close()
    await wait_until_closed(page)

    # Dots: the counter keeps to the budget; nothing is sent before "Send my dots".
    world.call(VoteMethod.DOT, "Where first?", options=["Slots", "Links", "Bots"], budget=3)
    await wait_for_vote(page, "Where first?")
    left = page.locator("#vote-dots > p.hint")
    await expect(left).to_have_text("3 of 3 dots left")

    def row(option: str) -> tuple[Locator, Locator, Locator]:
        line = page.locator(".dot-row", has_text=option)
        return (
            line.get_by_role("button", name="One dot more"),
            line.get_by_role("button", name="One dot less"),
            line.locator(".count"),
        )

    slots_more, slots_less, slots_count = row("Slots")
    links_more, _, links_count = row("Links")
    bots_more, _, _ = row("Bots")
    for button in (slots_more, slots_more, slots_more, slots_less, bots_more):
        await button.click()
    await expect(left).to_have_text("0 of 3 dots left")
    await links_more.click()  # over the budget: nothing changes
    await expect(links_count).to_have_text("0")
    await expect(slots_count).to_have_text("2")
    await expect(left).to_have_text("0 of 3 dots left")
    await page.screenshot(path=shots / "phone-dot-vote.png", full_page=True)
    assert world.live.voted == set()
    await page.get_by_role("button", name="Send my dots").click()
    await expect(page.locator("#message")).to_have_text("Your vote is in.")
    await expect(page.locator("#vote-yours")).to_contain_text("Slots × 2")
    await expect(page.locator("#vote-yours")).to_contain_text("Bots × 1")
    world.others_vote((world.ben, None, {"Links": 3}))
    await wait_for_result(page, world.reveal())
    await page.screenshot(path=shots / "phone-dot-result.png", full_page=True)
    world.close()
    await wait_until_closed(page)

    # A remark: +1, a concern, hostile text. Queued for the facilitator, not feedback.
    told = world.told
    await page.locator("#sentiments").get_by_role("button", name="+1", exact=True).click()
    await page.locator("#remark-kind").select_option("concern")
    await page.locator("#remark-text").fill(HOSTILE)
    await page.locator("#remark-form").get_by_role("button", name="Send").click()
    await expect(page.locator("#message")).to_have_text("Sent: the facilitator will see it.")
    await expect(page.locator("#waiting")).to_have_text("Your remark waits for the facilitator.")
    await expect(page.locator("#remark-text")).to_have_value("")
    assert world.told == told + 1  # the facilitator's screen was told
    assert [r.text for r in world.live.queue()] == [HOSTILE_STORED]

    # Nothing hostile became markup anywhere, nothing ran, nothing was logged.
    assert await page.locator("main script, main img, main b").count() == 0
    await assert_quiet(page, watched)
    await context.close()

    await assert_stored(world, db_path)


async def assert_stored(world: Facilitator, db_path: Path) -> None:
    """The file, read afresh and read-only, holds what the page did."""
    with Store.open(db_path, read_only=True) as store:

        def rows(sql: str, *params: object) -> list[tuple[object, ...]]:
            return [tuple(row) for row in store.conn.execute(sql, params)]

        votes = {
            str(title): str(id_)
            for title, id_ in rows(
                "SELECT title, id FROM proposals WHERE session_id = ?", world.session_id
            )
        }
        assert set(votes) == {
            "How confident are we?",
            "Ship the pilot?",
            "Keep the old form?",
            "Where first?",
        }
        assert rows("SELECT status FROM proposals") == [("closed",)] * 4

        def ballots(title: str) -> list[tuple[object, ...]]:
            return rows(
                "SELECT person_id, value, dots FROM ballots WHERE proposal_id = ?"
                " ORDER BY value, dots",
                votes[title],
            )

        # Anonymous: no ballot names anyone; Ana's receipt says she voted, not what.
        assert ballots("How confident are we?") == [
            (None, "3", "{}"),
            (None, "4", "{}"),
            (None, "5", "{}"),
        ]
        assert sorted(
            rows(
                "SELECT person_id FROM ballot_receipts WHERE proposal_id = ?",
                votes["How confident are we?"],
            )
        ) == sorted([(world.ana,), (world.ben,), (world.chi,)])
        assert sorted(ballots("Ship the pilot?"), key=repr) == sorted(
            [(world.ana, "agree", "{}"), (world.ben, "agree", "{}"), (world.dee, "abstain", "{}")],
            key=repr,
        )
        assert sorted(ballots("Keep the old form?"), key=repr) == sorted(
            [(world.ana, "no", "{}"), (world.ben, "yes", "{}")], key=repr
        )
        # The page sends a count for every option, none included: the dots placed count.
        dots = {
            person: {option: n for option, n in json.loads(str(placed)).items() if n}
            for person, value, placed in ballots("Where first?")
            if value is None
        }
        assert dots == {world.ana: {"Slots": 2, "Bots": 1}, world.ben: {"Links": 3}}
        assert len(ballots("Where first?")) == 2
        # The remark waits in the queue, its control characters dropped; no feedback yet.
        assert rows(
            "SELECT person_id, sentiment, kind, text FROM device_remarks WHERE session_id = ?",
            world.session_id,
        ) == [(world.ana, 4, "concern", HOSTILE_STORED)]
        assert rows("SELECT count(*) FROM feedback") == [(0,)]


async def test_a_second_browser_cannot_take_a_name_already_taken(
    facilitator: Facilitator, browser: Browser
) -> None:
    server = facilitator.serving
    first, page, watched = await phone(browser)
    await join_by_code(page, server, "Ana")
    second, other, other_watched = await phone(browser)
    await other.goto(server.join_url)
    names = other.locator("#names")
    await expect(names.get_by_role("button")).to_have_text(
        ["Ana (joined)", "Ben", "Chi", HOSTILE_NAME]
    )
    await expect(names.get_by_role("button", name="Ana (joined)")).to_be_disabled()
    assert await other.locator("main img").count() == 0  # the hostile name is only text
    # The other browser may still join as someone free.
    await names.get_by_role("button", name="Ben", exact=True).click()
    await expect(other.locator("#you")).to_have_text("You joined as Ben.")
    assert server.taken() == {facilitator.ana, facilitator.ben}
    # The first browser's page is still Ana's.
    await page.reload()
    await expect(page.locator("#you")).to_have_text("You joined as Ana.")
    for shown, seen in ((page, watched), (other, other_watched)):
        await assert_quiet(shown, seen)
    await first.close()
    await second.close()
