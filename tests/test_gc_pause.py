"""gc_paused: the cyclic collector is off inside the block and back as it was after it."""

from __future__ import annotations

import gc

import pytest

from khuyenhoc_desktop.gc_pause import gc_paused


@pytest.fixture
def restore_gc():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_off_inside_and_on_again_after(restore_gc):
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off_even_after_an_error(restore_gc):
    gc.disable()
    with pytest.raises(ValueError):
        with gc_paused():
            raise ValueError("stop")
    assert not gc.isenabled()


def test_an_error_inside_still_turns_the_collector_back_on(restore_gc):
    gc.enable()
    with pytest.raises(ValueError):
        with gc_paused():
            raise ValueError("stop")
    assert gc.isenabled()
