"""What the next package will carry, counted: apart from the sync service (whose module loads every record
kind's declaration), as the status bar asks for it right after the window first shows."""

from __future__ import annotations

from ..storage import sync_rows

# Tables whose rows stay in the file, and so their history too: the register of giấy công nhận numbers, the
# household ↔ member links (the commune's own bookkeeping; they name the same people) and the list of Công dân
# học tập (names and CCCD; the province gets its counts per target group, `learning_citizen_count`). Every other
# table that numbers its changes travels (the record kinds, catalogues, fund links, dues, population, learning
# models).
STAY_IN_FILE = frozenset(("learning_certificate", "learning_household_link", "learning_citizen"))


def unsent_count(db) -> int:
    """Rows changed since the last package (each one counted once), in one statement."""
    return sync_rows.unsent_count(db, STAY_IN_FILE)
