"""Holding the cyclic collector off: counted holds, from any thread, and the start's."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from opstui import collector
from opstui.collector import CollectorHold, collector_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    assert gc.isenabled()
    yield
    collector.end_of_start()
    gc.unfreeze()
    gc.enable()


def test_the_collector_comes_back_when_the_last_hold_ends() -> None:
    """The dashboard's summaries ending while a workspace opens keep the workspace's hold."""
    summarizing, summaries_done = threading.Event(), threading.Event()

    def summaries() -> None:
        with collector_paused():
            summarizing.set()
            summaries_done.wait(5)

    worker = threading.Thread(target=summaries)
    worker.start()
    assert summarizing.wait(5)
    opening = CollectorHold()  # while the collector is off already
    summaries_done.set()
    worker.join()
    assert not gc.isenabled()  # the workspace still holds it
    opening.release()
    opening.release()  # a second release counts for nothing
    assert gc.isenabled()


def test_a_collector_turned_off_before_any_hold_stays_off() -> None:
    gc.disable()
    CollectorHold().release()
    assert not gc.isenabled()


def test_the_start_ending_keeps_the_hold_of_a_screen_opening() -> None:
    collector.pause_for_start()
    assert not gc.isenabled()
    opening = CollectorHold()
    assert collector.end_of_start()
    assert not collector.end_of_start()  # once
    assert not gc.isenabled()
    opening.release()
    assert gc.isenabled()


def test_holds_from_many_threads_leave_the_collector_on() -> None:
    def work() -> None:
        for _ in range(500):
            with collector_paused():
                pass

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()
    assert CollectorHold._holds == 0
