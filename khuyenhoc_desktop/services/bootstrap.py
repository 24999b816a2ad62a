"""First-run set-up of a new data file: default catalogues and award amounts."""

from __future__ import annotations

from ..vietnamese import school_year_of


def ensure_defaults(ws) -> None:
    if ws.datafile.get_meta("seeded") == "1" or ws.datafile.role != "commune":
        return
    ws.catalogs.seed_defaults(school_year_of(ws.clock.today()))
    ws.datafile.set_meta("seeded", "1")
