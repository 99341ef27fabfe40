"""The scale sizes of the benchmark generator: realistic words, written in bulk, and still
the same file for the same seed, searchable like any other."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from opstui.db.store import Store
from opstui.domain.session import Feedback
from tests.unit.bench_scripts import bench_script


@pytest.fixture(scope="module")
def generate() -> Iterator[ModuleType]:
    with bench_script("generate") as module:
        yield module


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_same_seed_same_file_and_the_promised_remarks(generate: ModuleType, tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    counts, _ = generate.build(first, "tiny-words", seed=5)
    generate.build(second, "tiny-words", seed=5)
    assert dump(first) == dump(second)
    assert counts.feedback == 2_000
    assert generate.recorded_fingerprint(first) == generate.expected_fingerprint("tiny-words", 5)
    assert generate.expected_fingerprint("tiny-words", 5) != generate.expected_fingerprint("tiny")


def test_remarks_use_many_words_a_few_of_them_often(generate: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    generate.build(path, "tiny-words", seed=6)
    with Store.open(path, read_only=True) as store:
        texts = [remark.text for remark in store.list_feedback()]
    words = [w for text in texts for w in re.findall(r"[a-z]+", text.lower())]
    distinct = set(words)
    assert len(texts) == 2_000 and len(distinct) > 1_000  # the large size's text: 199 words
    the = sum(1 for text in texts if re.search(r"\bthe\b", text.lower()))
    assert the > len(texts) / 3  # the most common word is in most remarks...
    once = [w for w, times in Counter(words).items() if times == 1]
    assert len(once) > 100  # ...and the tail is long


def test_the_index_is_built_and_its_trigger_back(generate: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "i.db"
    generate.build(path, "tiny-words", seed=7)
    with Store.open(path) as store:
        with store.write():  # raises if the index disagrees with the remarks
            store.conn.execute("INSERT INTO feedback_fts(feedback_fts) VALUES ('integrity-check')")
        remark = store.list_feedback()[0]
        word = re.findall(r"[a-z]+", remark.text.lower())[0]
        assert remark.id in {hit.feedback.id for hit in store.search_feedback(word, limit=5_000)}
        added = store.add_feedback(Feedback(session_id=remark.session_id, text="Qwertyx here"))
        assert [hit.feedback.id for hit in store.search_feedback("qwertyx")] == [added.id]
