"""The collector hold kept for opening a workspace (see ``opstui.collector``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from opstui.collector import CollectorHold


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
