"""The collector hold kept for opening a workspace, and what the workspace and the live
session keep out of the collector's scans (see ``opstui.collector``)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from opstui.collector import CollectorHold, KeptApart


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_comes_back_when_the_last_hold_ends() -> None:
    first, second = CollectorHold(), CollectorHold()
    assert not gc.isenabled()
    first.release()
    first.release()  # a second release counts for nothing
    assert not gc.isenabled()
    second.release()
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    hold = CollectorHold()
    hold.release()
    assert not gc.isenabled()


class Node:
    """Garbage only the cyclic collector frees: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


def test_a_hold_ended_inside_another_frees_what_it_kept_apart() -> None:
    outer = KeptApart()
    try:
        node = Node()
        gone = weakref.ref(node)
        inner = KeptApart()
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert gone() is not None  # kept apart: the collector does not see it
        inner.end()
        assert gone() is None  # freed as the inner hold ended, the outer still on
        assert gc.get_freeze_count() > 0
        inner.end()  # a second end counts for nothing
        assert gc.get_freeze_count() > 0
    finally:
        outer.end()
    assert gc.get_freeze_count() == 0
