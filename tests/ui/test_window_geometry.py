"""Where the main window opens, computed without a display: fits the screen, kept where it was, brought
back from a monitor that is gone."""

from __future__ import annotations

from khuyenhoc_desktop.ui.window_geometry import DEFAULT_SIZE, MARGIN, initial_rect, place, read_rect

LAPTOP = (0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
SMALL = (0, 0, 1024, 728)
BIG = (0, 0, 1920, 1040)
RIGHT_MONITOR = (1920, 0, 1366, 728)


def test_first_start_fits_the_screen_and_is_centred():
    # 1360×820 does not fit 1366×728: the screen less a margin on every side.
    assert initial_rect(LAPTOP) == (MARGIN, MARGIN, 1366 - 2 * MARGIN, 728 - 2 * MARGIN) == (24, 24, 1318, 680)
    assert initial_rect(SMALL) == (MARGIN, MARGIN, 1024 - 2 * MARGIN, 728 - 2 * MARGIN)
    assert initial_rect(BIG) == ((1920 - 1360) // 2, (1040 - 820) // 2, *DEFAULT_SIZE)
    assert place(None, [LAPTOP], LAPTOP) == initial_rect(LAPTOP)


def test_saved_place_is_kept_when_it_is_on_a_screen():
    assert place([100, 50, 900, 600], [LAPTOP], LAPTOP) == (100, 50, 900, 600)
    assert place([2000, 40, 1000, 600], [BIG, RIGHT_MONITOR], BIG) == (2000, 40, 1000, 600)


def test_saved_place_larger_than_the_screen_is_shrunk_and_moved_inside():
    # Saved on a 1920×1080 screen, opened on a 1366×768 laptop.
    assert place([300, 100, 1600, 900], [LAPTOP], LAPTOP) == (0, 0, 1366, 728)
    # Partly past the right edge: moved left so that all of it shows.
    assert place([1000, 100, 800, 500], [LAPTOP], LAPTOP) == (1366 - 800, 100, 800, 500)


def test_window_on_a_monitor_that_is_gone_comes_back_to_the_primary_screen():
    # Last closed on the right-hand monitor, now unplugged.
    assert place([2100, 50, 1000, 600], [LAPTOP], LAPTOP) == ((1366 - 1000) // 2, (728 - 600) // 2, 1000, 600)
    # Title bar above the top of every screen: cannot be dragged, so it is brought back too.
    assert place([100, -400, 900, 600], [LAPTOP], LAPTOP) == ((1366 - 900) // 2, (728 - 600) // 2, 900, 600)


def test_unusable_saved_values_give_the_first_start_place():
    for bad in ("abc", [1, 2, 3], [0, 0, 0, 500], [0, 0, "x", 5], None):
        assert place(bad, [LAPTOP], LAPTOP) == initial_rect(LAPTOP)
    assert read_rect(["10", "20", "300", "200"]) == (10, 20, 300, 200)
