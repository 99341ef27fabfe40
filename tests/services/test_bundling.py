"""Bundling as a use case: by id prefix, exports unchanged, one snapshot under a writer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from opstui import export as exports
from opstui import paths
from opstui.db.errors import AmbiguousId, UnknownId
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import Feedback
from opstui.services.bundling import bundle_file_name, bundle_initiative
from opstui.services.exporting import Exporter
from tests.db.bundle_checks import assert_whole, connect
from tests.db.test_bundle_file import initiative_id


def rendered(path: Path, chosen: str) -> dict[str, str]:
    """Every export the CLI's `export initiative` and `export session` give, by name."""
    out: dict[str, str] = {}
    with Store.open(path, read_only=True) as store:
        exporter = Exporter(store, exports.available_playbooks(paths.playbooks_dir()))
        for fmt in ("md", "json"):
            out[f"initiative.{fmt}"] = exporter.render("initiative", chosen, fmt).text
            for session in store.list_sessions(chosen):
                out[f"{session.id}.{fmt}"] = exporter.render("session", session.id, fmt).text
    return out


def test_the_initiatives_exports_are_the_same_from_the_bundle(
    demo_file: Path, tmp_path: Path
) -> None:
    chosen = initiative_id(demo_file)
    result = bundle_initiative(demo_file, chosen[:6], tmp_path / "b.opstui.db")
    assert result.initiative_id == chosen and result.path == tmp_path / "b.opstui.db"
    expected = rendered(demo_file, chosen)
    assert len(expected) == 2 * (1 + result.counts["sessions"]) and result.counts["sessions"] > 3
    assert rendered(result.path, chosen) == expected


def test_the_default_name_is_the_titles_slug_and_the_ids_start(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = initiative_id(demo_file)
    monkeypatch.chdir(tmp_path)
    result = bundle_initiative(demo_file, chosen[:8], None)
    name = f"make-customer-interviews-quick-to-schedule-{chosen[:8]}.opstui.db"
    assert result.path == Path(name) and (tmp_path / name).is_file()
    assert result.title == "Make customer interviews quick to schedule"
    assert bundle_file_name("\x1b]0;x\x07../../[b]é/", "ABC/../x") == "0-x-b-e-abc-x.opstui.db"


def test_an_unknown_or_ambiguous_prefix_writes_nothing(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_initiative(Initiative(id="aaaa1111-0000", title="One"))
        store.add_initiative(Initiative(id="aaaa2222-0000", title="Two"))
    out = tmp_path / "b.db"
    with pytest.raises(AmbiguousId):
        bundle_initiative(db_path, "aaaa", out)
    with pytest.raises(UnknownId):
        bundle_initiative(db_path, "bbbb", out)
    assert not out.exists()
    assert bundle_initiative(db_path, "AAAA2", out).title == "Two"


# -- a bundle taken while the app writes ---------------------------------------------------

#: Remarks the writer adds in each of its transactions: a torn read would show a count
#: that is not a multiple of it.
BATCH = 3
WRITER = """
import sys
from pathlib import Path
from opstui.db.store import Store
from opstui.domain.session import Feedback

path, session_id, stop, batch = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
n = 0
with Store.open(path) as store:
    while not stop.exists():
        with store.write():
            for _ in range(batch):
                store.add_feedback(Feedback(session_id=session_id, text=f"written {n}"))
                n += 1
        print(n, flush=True)
"""


def committed(line: str) -> int:
    return int(line.strip())


def test_bundles_taken_while_the_app_writes_are_each_one_committed_state(
    demo_file: Path, tmp_path: Path
) -> None:
    chosen = initiative_id(demo_file)
    with Store.open(demo_file, read_only=True) as store:
        session_id = store.list_sessions(chosen)[0].id
        before = len(store.list_feedback(session_id=session_id))
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(demo_file), session_id, str(stop), str(BATCH)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert writer.stdout is not None
    seen: list[int] = []
    try:
        for i in range(6):
            # Wait for the writer to commit once more, so each bundle races a live writer.
            last = committed(writer.stdout.readline())
            out = tmp_path / f"b{i}.opstui.db"
            bundle_initiative(demo_file, chosen, out)
            assert_whole(out)
            with connect(out) as got:
                texts = [
                    str(r[0])
                    for r in got.execute(
                        "SELECT text FROM feedback WHERE session_id = ? AND text LIKE 'written %'",
                        (session_id,),
                    )
                ]
                total = got.execute(
                    "SELECT count(*) FROM feedback WHERE session_id = ?", (session_id,)
                ).fetchone()[0]
            got.close()
            # At least what was committed before it began, a whole number of batches,
            # and exactly the first remarks the writer wrote.
            assert len(texts) >= last and len(texts) % BATCH == 0, (len(texts), last)
            assert sorted(texts) == sorted(f"written {n}" for n in range(len(texts)))
            assert total == before + len(texts)
            seen.append(len(texts))
    finally:
        stop.touch()
        remaining = writer.communicate(timeout=60)[0]
    assert writer.returncode == 0
    final = committed(remaining.split()[-1]) if remaining.split() else seen[-1]
    assert all(n <= final for n in seen)
    assert len(set(seen)) > 1  # the writer moved on between bundles: they did race it
    with Store.open(demo_file, read_only=True) as store:
        assert len(store.list_feedback(session_id=session_id)) == before + final


def test_bundling_waits_for_no_one_and_leaves_the_writer_unharmed(
    demo_file: Path, tmp_path: Path
) -> None:
    chosen = initiative_id(demo_file)
    with Store.open(demo_file) as app:
        session_id = app.list_sessions(chosen)[0].id
        with app.write():
            # The app is in the middle of a write: the bundle reads what was committed.
            app.add_feedback(Feedback(session_id=session_id, text="not yet committed"))
            result = bundle_initiative(demo_file, chosen, tmp_path / "b.db")
        app.add_feedback(Feedback(session_id=session_id, text="after the bundle"))
    assert_whole(result.path)
    data = result.path.read_bytes()
    assert b"not yet committed" not in data and b"after the bundle" not in data


def site_labels(path: Path) -> list[str]:
    with connect(path) as conn:
        labels = [row[0] for row in conn.execute("SELECT label FROM sites ORDER BY label")]
    conn.close()
    return labels


def test_a_bundle_names_its_source_after_who_bundled_it(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = initiative_id(demo_file)
    monkeypatch.setattr("getpass.getuser", lambda: "amira")
    assert site_labels(bundle_initiative(demo_file, chosen, tmp_path / "a.db").path) == ["amira"]
    # A file's own label wins over the login name.
    with Store.open(demo_file) as store:
        store.set_meta("site_label", "Amira Haddad")
    assert site_labels(bundle_initiative(demo_file, chosen, tmp_path / "b.db").path) == [
        "Amira Haddad"
    ]


def test_without_a_login_name_the_file_name_names_the_source(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_user() -> str:
        raise OSError("no user name")

    monkeypatch.setattr("getpass.getuser", no_user)
    chosen = initiative_id(demo_file)
    assert site_labels(bundle_initiative(demo_file, chosen, tmp_path / "a.db").path) == [
        demo_file.stem
    ]
