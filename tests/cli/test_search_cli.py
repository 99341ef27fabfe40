"""``opstui search``: plain hits with bracketed matches, the JSON shape, pages, and the
one-line refusal of a query with nothing to search for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.cli import cli

HIT_KEYS = {
    "kind", "id", "initiative_id", "initiative", "session_id", "session", "date", "detail",
    "snippet", "matches", "score",
}  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_plain_hits_mark_the_match_in_brackets(demo_file: Path) -> None:
    code, out, _ = run("search", "security", "--limit", "3", "--db", str(demo_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[0] in {"remark", "fill-in", "decision", "action"}
    assert "[security]" in lines[1].lower()
    assert lines[-1] == "Hits 1-3; more with --offset 3."


def test_json_shape_and_pages(demo_file: Path) -> None:
    code, out, _ = run("search", "the", "--json", "--limit", "5", "--db", str(demo_file))
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"query", "words", "offset", "next_offset", "hits"}
    assert document["words"] == ["the"] and document["next_offset"] == 5
    assert len(document["hits"]) == 5
    for hit in document["hits"]:
        assert set(hit) == HIT_KEYS
        start, end = hit["matches"][0]
        assert hit["snippet"][start:end].lower() == "the"
    _, out, _ = run(
        "search", "the", "--json", "--limit", "5", "--offset", "5", "--db", str(demo_file)
    )
    following = json.loads(out)["hits"]
    assert not {h["id"] for h in following} & {h["id"] for h in document["hits"]}


def test_private_notes_only_when_asked(demo_file: Path) -> None:
    # A word of the demo's private notes only ("guarded": Marcus was guarded at first).
    _, out, _ = run("search", "guarded", "--json", "--db", str(demo_file))
    assert json.loads(out)["hits"] == []
    _, out, _ = run("search", "guarded", "--json", "--with-private-notes", "--db", str(demo_file))
    assert [h["kind"] for h in json.loads(out)["hits"]] == ["notes"]


@pytest.mark.parametrize("typed", ['"', "***", "()", ":", "\x1b"])
def test_nothing_to_search_is_one_line(demo_file: Path, typed: str) -> None:
    code, out, err = run("search", typed, "--db", str(demo_file))
    assert code == 2 and out == ""
    assert err.strip() == (
        "opstui: nothing to search for: give at least one word (letters or digits)"
    )


def test_fts_syntax_is_only_words(demo_file: Path) -> None:
    code, out, _ = run("search", 'NEAR("security" OR', "--db", str(demo_file))
    assert code == 0 and "Traceback" not in out
