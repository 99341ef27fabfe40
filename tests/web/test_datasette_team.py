"""A team file browsed with a real Datasette, as the README tells an ops lead to.

One ``datasette serve --immutable team.db -m <opstui's metadata>`` on loopback, at a
port the test picks, for the whole module; every request goes through HTTP. The file
is two facilitators' work (``tests.db.team_file``), each initiative bundled with
``opstui bundle``'s use case and the bundles merged with ``opstui merge``'s.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from opstui.datasette import METADATA
from opstui.services.bundling import bundle_initiative
from opstui.services.merging import merge_files
from tests.db.team_file import (
    ANONYMOUS_TEXT,
    ANSWER_WORD,
    CANCELLED_TEXT,
    SHARED_WORD,
    TeamFile,
    build_team_file,
)

pytestmark = pytest.mark.e2e

#: How long Datasette may take to answer at first (it starts in about a second here).
STARTUP_SECONDS = 30.0


@dataclass(frozen=True)
class Served:
    """The team file and the address of the Datasette serving it."""

    team: TeamFile
    base: str

    def get(self, path: str, **query: str) -> Any:
        """The JSON Datasette answers ``path`` with, given ``query``."""
        return json.loads(self.raw(path, **query))

    def raw(self, path: str, **query: str) -> str:
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        with urllib.request.urlopen(url, timeout=10) as response:
            body: bytes = response.read()
        return body.decode("utf-8")

    def rows(self, path: str, **query: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.get(path, _shape="array", **query)
        return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_answering(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll until Datasette answers; fail at once if it exits, or after the deadline."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"datasette exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/-/versions.json", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)  # a poll interval, not a wait for a state
    pytest.fail(f"datasette did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("team")
    # Each facilitator bundles their initiative, and the bundles are merged into the team
    # file, as a team does it. Datasette names a database after its file: the metadata
    # is written for team.db.
    work = tmp_path_factory.mktemp("facilitators")
    written = build_team_file(work / "everyone.db")
    bundles = [
        bundle_initiative(written.path, session.initiative_id, work / f"{name}.db").path
        for name, session in written.sessions.items()
    ]
    report = merge_files(bundles, folder / "team.db")
    assert [s.not_taken for s in report.sources] == [[], []]
    team = dataclasses.replace(written, path=folder / "team.db")
    before = digest(team.path)
    port = free_port()
    log = folder / "datasette.log"
    command = [
        sys.executable, "-m", "datasette", "serve", "--immutable", str(team.path),
        "--metadata", str(METADATA), "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(base, process, log)
        yield Served(team, base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    # Browsing never changed the file, nor left a log or shared memory beside it.
    assert digest(team.path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["datasette.log", "team.db"]


def test_the_remarks_table_finds_a_remark_from_each_facilitator(served: Served) -> None:
    found = served.rows("/team/feedback.json", _search=SHARED_WORD)
    assert {r["session_id"] for r in found} == {s.id for s in served.team.sessions.values()}
    assert all(SHARED_WORD in r["text"] for r in found)


def test_the_remarks_view_is_searchable_and_names_the_speakers(served: Served) -> None:
    found = served.rows("/team/remarks_readable.json", _search=SHARED_WORD)
    assert {(r["session"], r["person"], r["feeling"]) for r in found} == {
        ("Discovery with recruiters", "Priya Raman", "negative"),
        ("Pilot check-in", "Tomás Ortega", "positive"),
    }


def test_answers_are_searchable_in_the_table_and_the_view(served: Served) -> None:
    values = served.rows("/team/fill_in_values.json", _search=ANSWER_WORD)
    assert len(values) == 2
    answers = served.rows("/team/fill_in_answers.json", _search=ANSWER_WORD)
    assert {a["facilitator"] for a in answers} == set(served.team.sessions)
    assert all(ANSWER_WORD in a["answer"] for a in answers)


def test_votes_show_tallies_but_not_an_unrevealed_one(served: Served) -> None:
    votes = {v["proposal"]: v for v in served.rows("/team/vote_tallies.json")}
    assert {(v["facilitator"], v["tally"], v["average"]) for v in votes.values()} == {
        ("Amira Haddad", "4: 1, 5: 1", 4.5),
        ("Jonas Berg", "4: 1, 5: 1", 4.5),
        ("Amira Haddad", "(not revealed yet)", None),
    }
    assert votes[served.team.open_vote_title]["ballots"] == 1


def test_open_actions_name_their_owners(served: Served) -> None:
    actions = served.rows("/team/open_actions.json")
    assert {(a["owner"], a["facilitator"]) for a in actions} == {
        ("Priya Raman", "Amira Haddad"),
        ("Tomás Ortega", "Jonas Berg"),
        ("Jonas Berg", "Jonas Berg"),
    }


def test_the_anonymous_remark_carries_no_name_anywhere(served: Served) -> None:
    remark_id = served.team.anonymous_remark_id
    answers = [
        served.raw(f"/team/feedback/{remark_id}.json"),
        served.raw("/team/feedback.json", _search="onboarding", _labels="on"),
        served.raw("/team/remarks_readable.json", _search="onboarding"),
    ]
    assert all(ANONYMOUS_TEXT in answer for answer in answers)
    for answer in answers:
        text = json.loads(answer)  # names compared as decoded, "Tomás" included
        assert not [n for n in served.team.names if n in json.dumps(text, ensure_ascii=False)]


def test_cancelled_sessions_are_not_in_the_views(served: Served) -> None:
    for view in ("remarks_readable", "fill_in_answers", "vote_tallies"):
        assert CANCELLED_TEXT not in served.raw(f"/team/{view}.json"), view
    assert served.rows("/team/remarks_readable.json", _search="mistake") == []
    # The table itself still holds the remark: only the readable view leaves it out.
    assert len(served.rows("/team/feedback.json", _search="mistake")) == 1


def test_internal_tables_are_hidden_and_the_views_listed(served: Served) -> None:
    database = served.get("/team.json")
    hidden = {t["name"] for t in database["tables"] if t["hidden"]}
    assert {"meta", "sites", "tombstones", "person_aliases"} <= hidden
    shown = {t["name"] for t in database["tables"] if not t["hidden"]}
    assert {"feedback", "fill_in_values", "sessions", "people"} <= shown
    assert {v["name"] for v in database["views"]} == {
        "remarks_readable", "fill_in_answers", "vote_tallies", "open_actions"
    }  # fmt: skip
    searchable = {
        t["name"]: t["fts_table"] for t in database["tables"] if t["fts_table"] and not t["hidden"]
    }
    assert searchable == {"feedback": "feedback_fts", "fill_in_values": "fill_in_values_fts"}


def test_the_pages_carry_the_metadatas_titles(served: Served) -> None:
    page = served.raw("/team/remarks_readable")
    assert "Remarks (view)" in page  # the title, not the view's name
    assert 'name="_search"' in page  # the search box a searchable view gets
