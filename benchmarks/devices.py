"""Participants voting from their own devices, under load: how long a ballot takes from a
device's POST to the facilitator's screen being told, and that none is lost.

One process, one event loop, as in the app: the live session, its ``LiveDeviceDesk`` and
the ``DeviceServer`` run on it, and so do the simulated devices. Each device is an
aiohttp client with its own cookie jar that does what the page's script does: it asks
``/device`` for its cookie and CSRF token, joins by name, then follows the session with
long polls (``view?after=<version>``) and votes as soon as a vote it has not voted in
shows. The facilitator opens a vote, waits until every participant has voted, closes
it, and opens the next, each method in turn.

The latency of a ballot runs from just before its POST is sent to the desk's
``on_change`` call that has the ballot in the live session (``LiveSession.voted``): the
moment the live screen is told. The devices share the loop with the server, so a figure
includes the time the loop spent on other devices' requests: an upper bound of what one
phone on the call would see, network aside.

    python benchmarks/devices.py --db PATH [--participants 30] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session_plan import plan_session
from opstui.domain.voting import Proposal, VoteMethod
from opstui.services.devices import LiveDeviceDesk, round_key
from opstui.services.live_session import LiveSession
from opstui.web.server import DeviceServer

#: The votes called, in turn; the fifth is anonymous (ballots without a name, receipts).
VOTES: tuple[tuple[VoteMethod, dict[str, Any]], ...] = (
    (VoteMethod.FIST_OF_FIVE, {}),
    (VoteMethod.CONSENT, {}),
    (VoteMethod.YES_NO, {}),
    (VoteMethod.DOT, {"options": ["Slots", "Links", "Bots"], "budget": 3}),
    (VoteMethod.FIST_OF_FIVE, {"anonymous": True}),
)
#: A round that has not every ballot within this is a failure, not a slow figure.
ROUND_TIMEOUT = 120.0
#: What the page's script waits after a refused or failed poll before asking again.
RETRY_SECONDS = 2.0


@dataclass
class DeviceRun:
    """What one run measured."""

    participants: int
    rounds: int
    #: Seconds from before a ballot's POST to ``on_change`` seeing it, one per ballot.
    latencies: list[float] = field(default_factory=list)
    #: Seconds from the facilitator opening a vote to its last ballot being seen.
    round_seconds: list[float] = field(default_factory=list)
    #: Ballots (and, for anonymous votes, receipts) expected in the file, and found.
    expected: int = 0
    stored: int = 0
    #: Page polls the server refused (429: a device looking too often) and the page
    #: would have retried after ``RETRY_SECONDS``.
    polls_refused: int = 0
    #: Ballots the server refused (anything but 200): every one is a failure.
    ballots_refused: int = 0

    @property
    def lost(self) -> int:
        return self.expected - self.stored


class LiveCall:
    """A live session of ``participants`` people in the file, with its desk; the clock
    of every ballot sent and every ballot the facilitator's screen was told of."""

    def __init__(self, store: Store, participants: int, scratch: Path) -> None:
        people = [
            store.add_person(Person(name=f"Device participant {n + 1}", group=Group.PRODUCT))
            for n in range(participants)
        ]
        self.people = [p.id for p in people]
        initiative = store.add_initiative(Initiative(title="Devices benchmark"))
        book = next(b for b in builtin_playbooks() if b.key == "validation")
        planned, agenda = plan_session(
            initiative_id=initiative.id,
            playbook=book,
            title="Devices benchmark",
            participant_ids=self.people,
            facilitator_id=None,
            now=datetime.now(UTC),
        )
        self.session_id = store.add_session(planned, agenda).id
        self.live = LiveSession(store, self.session_id, playbooks_dir=scratch)
        self.desk = LiveDeviceDesk(self.live, on_change=self.screen_told)
        self.sent: dict[tuple[str, str], float] = {}
        self.seen: dict[tuple[str, str], float] = {}
        self.all_in = asyncio.Event()

    def screen_told(self) -> None:
        """The desk's ``on_change``: what the live screen would be told, timed."""
        now = time.perf_counter()
        vote = self.live.vote
        if vote is None:
            return
        key = round_key(vote)
        voted = self.live.voted
        for person_id in voted:
            self.seen.setdefault((person_id, key), now)
        if len(voted) == len(self.people):
            self.all_in.set()


def ballot(vote: dict[str, Any], index: int) -> dict[str, Any]:
    """What device ``index`` votes in ``vote`` (as the page sends it)."""
    if vote["method"] == "dot":
        options = vote["options"]
        return {"vote": vote["key"], "value": None, "dots": {options[index % len(options)]: 1}}
    choices = vote["choices"]
    return {"vote": vote["key"], "value": choices[index % len(choices)], "dots": {}}


async def device(
    server: DeviceServer,
    session: LiveCall,
    person_id: str,
    index: int,
    run: DeviceRun,
    think: float,
) -> None:
    """One participant's page: join by name, follow the session, vote in each vote
    (after up to ``think`` seconds: people do not all press at the same instant)."""
    thinking = random.Random(index)
    base = server.base_url
    token = server.join_url.rsplit("/", 1)[1]
    # unsafe=True: aiohttp's jar keeps no cookie for an IP address otherwise.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        await (await http.get(f"{base}/j/{token}")).read()
        async with http.get(f"{base}/device") as answer:
            csrf = (await answer.json())["csrf"]
        headers = {"Origin": base, "X-CSRF-Token": csrf}
        async with http.post(
            f"{base}/s/{token}/join", json={"person": person_id}, headers=headers
        ) as answer:
            if answer.status != 200:
                raise RuntimeError(f"join refused: {answer.status} {await answer.text()}")
            state = await answer.json()
        voted: set[str] = set()
        while True:
            vote = state["view"]["vote"]
            if vote and vote["can_vote"] and not vote["you_voted"] and vote["key"] not in voted:
                voted.add(vote["key"])
                if think:
                    await asyncio.sleep(thinking.uniform(0, think))
                session.sent[(person_id, vote["key"])] = time.perf_counter()
                async with http.post(
                    f"{base}/s/{token}/vote", json=ballot(vote, index), headers=headers
                ) as answer:
                    if answer.status != 200:
                        run.ballots_refused += 1
                        continue
                    state = await answer.json()
                continue
            async with http.get(
                f"{base}/s/{token}/view", params={"after": state["version"]}
            ) as answer:
                if answer.status != 200:
                    run.polls_refused += answer.status == 429
                    await asyncio.sleep(RETRY_SECONDS)
                    continue
                state = await answer.json()


async def measure(
    path: Path, participants: int = 30, rounds: int = 5, think: float = 0.0
) -> DeviceRun:
    """Run ``rounds`` votes of ``participants`` devices on the file at ``path``; each
    device votes as soon as it sees a vote (``think`` 0: every ballot in one burst, the
    worst case) or after a random pause of up to ``think`` seconds."""
    run = DeviceRun(participants, rounds)
    with tempfile.TemporaryDirectory(prefix="opstui-devices-") as tmp, Store.open(path) as store:
        session = LiveCall(store, participants, Path(tmp))
        live = session.live
        server = await DeviceServer.start(session.desk)
        devices = [
            asyncio.create_task(device(server, session, person_id, n, run, think))
            for n, person_id in enumerate(session.people)
        ]
        try:
            for n in range(rounds):
                method, fields = VOTES[n % len(VOTES)]
                session.all_in.clear()
                opened = time.perf_counter()
                live.call_vote(
                    Proposal(
                        session_id=session.session_id,
                        title=f"Round {n + 1}: {method.value}",
                        method=method,
                        **fields,
                    )
                )
                server.changed()  # as the live screen does after the facilitator's act
                waiting = asyncio.ensure_future(session.all_in.wait())
                done, _ = await asyncio.wait(
                    [waiting, *devices], timeout=ROUND_TIMEOUT, return_when="FIRST_COMPLETED"
                )
                if waiting not in done:
                    waiting.cancel()
                    failed = next((t for t in done if t.exception() is not None), None)
                    if failed is not None:
                        raise RuntimeError("a device failed") from failed.exception()
                    raise TimeoutError(
                        f"round {n + 1}: {len(live.voted)} of {participants} ballots "
                        f"in {ROUND_TIMEOUT:.0f} s"
                    )
                run.round_seconds.append(time.perf_counter() - opened)
                live.close_vote(None)
                server.changed()
        finally:
            for task in devices:
                task.cancel()
            await asyncio.gather(*devices, return_exceptions=True)
            await server.close()
            live.release()
        for key, sent in session.sent.items():
            if key in session.seen:
                run.latencies.append(session.seen[key] - sent)
    run.expected, run.stored = stored(path, session.session_id, participants, rounds)
    return run


def stored(path: Path, session_id: str, participants: int, rounds: int) -> tuple[int, int]:
    """Ballots (and receipts of anonymous votes) expected, and found in the file read
    afresh: every vote of the session must hold one per participant."""
    with Store.open(path, read_only=True) as store:
        votes = store.list_proposals(session_id=session_id)
        ballots = store.list_session_ballots(session_id)
        receipts = store.list_session_receipts(session_id)
    expected = found = 0
    for vote in votes:
        expected += participants
        found += min(sum(1 for b in ballots if b.proposal_id == vote.id), participants)
        if vote.anonymous:
            expected += participants
            found += min(sum(1 for r in receipts if r.proposal_id == vote.id), participants)
    # A vote never opened is lost too.
    for n in range(len(votes), rounds):
        expected += participants * (2 if VOTES[n % len(VOTES)][1].get("anonymous") else 1)
    return expected, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a file to add the session to")
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--think", type=float, default=0.0, help="seconds before voting, at most")
    args = parser.parse_args(argv)
    run = asyncio.run(measure(args.db, args.participants, args.rounds, args.think))
    ordered = sorted(run.latencies)
    print(
        f"{len(ordered)} ballots; p50 {ordered[len(ordered) // 2] * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms; lost {run.lost}; "
        f"polls refused {run.polls_refused}; ballots refused {run.ballots_refused}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
