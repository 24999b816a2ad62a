"""Where the main window opens: the size and place it had last time, on a screen that still exists,
never larger than that screen; the first time, a comfortable size centred on the screen.

Plain tuples (x, y, width, height) in and out, so the rules are tested without a display.
"""

from __future__ import annotations

DEFAULT_SIZE = (1360, 820)  # the first start on a large screen; smaller screens get what fits
MARGIN = 24  # room left around the window on a screen smaller than DEFAULT_SIZE
MIN_VISIBLE = 120  # this much of the title bar must be on a screen, or the window is moved back


def read_rect(value) -> tuple[int, int, int, int] | None:
    """A saved [x, y, width, height], or None for anything unusable (a hand-edited preferences file)."""
    try:
        x, y, w, h = (int(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (x, y, w, h) if w > 0 and h > 0 else None


def _overlap(a, b) -> int:
    """Width of the part of rectangle `a`'s top edge (its title bar) that lies on `b`."""
    ax, ay, aw, _ah = a
    bx, by, bw, bh = b
    if not by <= ay < by + bh:
        return 0
    return max(0, min(ax + aw, bx + bw) - max(ax, bx))


def _fit_into(rect, screen) -> tuple[int, int, int, int]:
    """`rect` shrunk to fit `screen` and moved inside it."""
    x, y, w, h = rect
    sx, sy, sw, sh = screen
    w, h = min(w, sw), min(h, sh)
    x = min(max(x, sx), sx + sw - w)
    y = min(max(y, sy), sy + sh - h)
    return x, y, w, h


def initial_rect(screen) -> tuple[int, int, int, int]:
    """DEFAULT_SIZE, or the screen less a margin if that is smaller, centred on `screen`."""
    sx, sy, sw, sh = screen
    w = min(DEFAULT_SIZE[0], sw - 2 * MARGIN) if sw > 2 * MARGIN else sw
    h = min(DEFAULT_SIZE[1], sh - 2 * MARGIN) if sh > 2 * MARGIN else sh
    return sx + (sw - w) // 2, sy + (sh - h) // 2, w, h


def place(saved, screens, primary) -> tuple[int, int, int, int]:
    """The window's rectangle given the `saved` one (or None) and the available area of every screen.

    The saved place is kept if enough of its title bar is on a screen (then it is only shrunk and moved
    to fit that screen); a window left on a monitor that is no longer there keeps its size (shrunk to
    fit) and is centred on the primary screen."""
    rect = read_rect(saved) if saved is not None else None
    if rect is None:
        return initial_rect(primary)
    best = max(screens, key=lambda s: _overlap(rect, s), default=None)
    if best is None or _overlap(rect, best) < min(MIN_VISIBLE, rect[2]):
        return _centred(rect, primary)
    return _fit_into(rect, best)


def _centred(rect, screen) -> tuple[int, int, int, int]:
    """The saved size (shrunk to fit if need be), centred on `screen`."""
    sx, sy, sw, sh = screen
    w, h = min(rect[2], sw), min(rect[3], sh)
    return sx + (sw - w) // 2, sy + (sh - h) // 2, w, h
