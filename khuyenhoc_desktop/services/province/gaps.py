"""Missing package numbers of a commune, as (first, last) ranges."""

from __future__ import annotations

from typing import Iterable


def gap_ranges(seqs: Iterable[int], upto: int | None = None) -> list[tuple[int, int]]:
    """The missing numbers of 1 … `upto` − 1 (default: up to the largest seq) as (first, last) ranges,
    computed from the seq numbers present: never one item per missing number."""
    present = sorted(set(seqs))
    end = (present[-1] if present else 0) if upto is None else upto - 1
    out, expected = [], 1
    for s in present:
        if s > end:
            break
        if s > expected:
            out.append((expected, s - 1))
        expected = s + 1
    if expected <= end:
        out.append((expected, end))
    return out


def format_gaps(gaps: Iterable[tuple[int, int]], limit: int = 20) -> str:
    """"2, 5–9, 12" (at most `limit` ranges, then "…")."""
    gaps = list(gaps)
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in gaps[:limit]]
    return ", ".join(parts) + (" …" if len(gaps) > limit else "")
