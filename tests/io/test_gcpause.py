"""The cyclic collector paused while a transcript is read (``io/gcpause.py``): restored as it was, whatever happens."""

from __future__ import annotations

import gc
import threading

import pytest

from researchkit.io import read_transcript
from researchkit.heap import paused_gc


@pytest.fixture
def collector():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_the_collector_is_enabled_again_after_nested_pauses_and_an_error(collector):
    gc.enable()
    with pytest.raises(ZeroDivisionError):
        with paused_gc():
            with paused_gc():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the outer pause still holds
            1 / 0
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled(collector):
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_threads_reading_at_once_leave_the_collector_enabled(collector):
    gc.enable()
    inside, release = threading.Barrier(3), threading.Event()

    def read() -> None:
        with paused_gc():
            inside.wait()
            release.wait(5)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait()  # both are reading: paused
    assert not gc.isenabled()
    release.set()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


def test_reading_a_file_leaves_the_collector_as_it_was(collector, tmp_path):
    path = tmp_path / "R01.txt"
    path.write_text("I: Hoe gaat het?\nR: Goed.\n", encoding="utf-8")
    gc.enable()
    assert read_transcript(path).turns[1].role == "respondent" and gc.isenabled()
    with pytest.raises(Exception):
        read_transcript(tmp_path / "missing.txt")
    assert gc.isenabled()
