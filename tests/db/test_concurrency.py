"""Two processes on one file: writers wait their turn, readers see new captures."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import Feedback, Session, SessionKind

WRITE_SECONDS = 2.0


def _writer(path: str, session_id: str, name: str, seconds: float, queue: object) -> None:
    """Capture feedback as fast as possible for a bounded time; report what happened."""
    written, errors = 0, []
    deadline = time.monotonic() + seconds
    with Store.open(Path(path)) as store:
        while time.monotonic() < deadline:
            try:
                store.add_feedback(Feedback(session_id=session_id, text=f"{name} {written}"))
                written += 1
            except Exception as exc:  # counted and reported, never hidden
                errors.append(repr(exc))
    queue.put((name, written, errors))  # type: ignore[attr-defined]


def _session(path: Path) -> str:
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Shared file"))
        session = store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="pilot",
                kind=SessionKind.PILOT,
                title="Pilot",
            )
        )
    return session.id


def test_two_writers_lose_nothing_and_never_see_locked(db_path: Path) -> None:
    session_id = _session(db_path)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    writers = [
        context.Process(target=_writer, args=(str(db_path), session_id, name, WRITE_SECONDS, queue))
        for name in ("facilitator", "colleague")
    ]
    for process in writers:
        process.start()
    results = [queue.get(timeout=60) for _ in writers]
    for process in writers:
        process.join(timeout=30)
    errors = [e for _, _, errs in results for e in errs]
    assert errors == []
    attempted = sum(n for _, n, _ in results)
    assert all(n > 0 for _, n, _ in results)
    with Store.open(db_path, read_only=True) as review:
        texts = {f.text for f in review.list_feedback(session_id=session_id)}
    assert len(texts) == attempted
    for name, written, _ in results:
        assert {f"{name} {i}" for i in range(written)} <= texts


def test_reader_sees_a_new_capture_through_data_version(db_path: Path) -> None:
    session_id = _session(db_path)
    with Store.open(db_path) as writer, Store.open(db_path, read_only=True) as reader:
        seen = reader.data_version()
        assert reader.list_feedback(session_id=session_id) == []
        writer.add_feedback(Feedback(session_id=session_id, text="just said"))
        assert reader.data_version() != seen
        assert [f.text for f in reader.list_feedback(session_id=session_id)] == ["just said"]


def test_review_opened_before_the_writer_follows_it(db_path: Path) -> None:
    session_id = _session(db_path)
    with Store.open(db_path, read_only=True) as reader:
        assert reader.immutable and not reader.poll_changes()
        with Store.open(db_path) as writer:
            writer.add_feedback(Feedback(session_id=session_id, text="late writer"))
            assert reader.poll_changes()
            assert not reader.immutable
            assert [f.text for f in reader.list_feedback()] == ["late writer"]
            writer.add_feedback(Feedback(session_id=session_id, text="again"))
            assert reader.poll_changes()
            assert not reader.poll_changes()


def _closing_writer(path: str, session_id: str, seconds: float, queue: object) -> None:
    """Open, write one remark, close, again and again: each close may be the last one."""
    written, errors = 0, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with Store.open(Path(path)) as store:
                store.add_feedback(Feedback(session_id=session_id, text=f"visitor {written}"))
            written += 1
        except Exception as exc:  # counted and reported, never hidden
            errors.append(repr(exc))
    queue.put((written, errors))  # type: ignore[attr-defined]


def test_reviews_opened_beside_a_live_writer_never_corrupt_the_file(db_path: Path) -> None:
    """The app keeps a writer open and opens read-only reviews (its dashboard does) while
    another process comes and goes. Opening the file other than through SQLite would
    drop this process's locks, and the other process, believing itself the last,
    would checkpoint and delete the log under the writer: a corrupt file."""
    session_id = _session(db_path)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    visitor = context.Process(
        target=_closing_writer, args=(str(db_path), session_id, WRITE_SECONDS, queue)
    )
    visitor.start()
    written, review_errors = 0, []
    with Store.open(db_path) as app:
        deadline = time.monotonic() + WRITE_SECONDS
        while time.monotonic() < deadline:
            app.add_feedback(Feedback(session_id=session_id, text=f"app {written}"))
            written += 1
            try:
                with Store.open(db_path, read_only=True) as review:
                    review.list_feedback(session_id=session_id)
            except Exception as exc:
                review_errors.append(repr(exc))
    visited, errors = queue.get(timeout=60)
    visitor.join(timeout=30)
    assert errors == [] and review_errors == []
    with Store.open(db_path) as check:
        assert check.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        texts = {f.text for f in check.list_feedback(session_id=session_id)}
    assert texts == {f"app {n}" for n in range(written)} | {f"visitor {n}" for n in range(visited)}
