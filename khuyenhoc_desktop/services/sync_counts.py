"""What the next package will carry, counted: apart from the sync service (whose module loads every record
kind's declaration), as the status bar asks for it right after the window first shows."""

from __future__ import annotations

from ..storage import sync_rows
from ..storage.learning_models import TABLES as LEARNING_TABLES

# Tables whose rows stay in the file, and so their history too (it names the same people): the learning
# models' (their figures are the commune's own until the province side counts them). Every other table
# that numbers its changes travels (the record kinds, catalogues, fund links, dues and population).
STAY_IN_FILE = frozenset(LEARNING_TABLES)


def unsent_count(db) -> int:
    """Rows changed since the last package (each one counted once), in one statement."""
    return sync_rows.unsent_count(db, STAY_IN_FILE)
