"""What a review connection may run, and the modes of the files and folders opstui makes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from opstui import paths
from opstui.db.store import Store
from opstui.domain.session import Feedback
from tests.db.test_untrusted_file import _session


def test_our_own_triggers_still_index_what_is_captured(db_path: Path) -> None:
    session_id = _session(db_path)
    with Store.open(db_path) as store:
        store.add_feedback(Feedback(session_id=session_id, text="calendar links help"))
    with Store.open(db_path, read_only=True) as review:
        assert review.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert [h.feedback.text for h in review.search_feedback("calendar")] == [
            "calendar links help"
        ]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_private(db_path: Path) -> None:
    Store.open(db_path).close()
    assert _mode(db_path) == 0o600


def test_a_database_readable_by_others_is_made_private_when_opened_for_writing(
    db_path: Path,
) -> None:
    Store.open(db_path).close()
    db_path.chmod(0o644)
    with Store.open(db_path, read_only=True) as review:
        assert review.database.tightened_from is None
    assert _mode(db_path) == 0o644  # a review changes nothing, not even the mode
    with Store.open(db_path) as store:
        assert store.database.tightened_from == 0o644
        for suffix in ("", "-wal", "-shm"):
            assert _mode(db_path.with_name(db_path.name + suffix)) == 0o600
    with Store.open(db_path) as again:
        assert again.database.tightened_from is None


def test_folders_made_for_the_database_are_private(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh" / "share"))
    target = paths.default_db_path()
    paths.ensure_parent(target)
    Store.open(target).close()
    made = [tmp_path / "fresh", tmp_path / "fresh" / "share", target.parent]
    assert [oct(_mode(folder)) for folder in made] == [oct(0o700)] * 3
    assert _mode(target) == 0o600
