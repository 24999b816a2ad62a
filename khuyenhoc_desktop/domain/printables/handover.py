"""Biên bản bàn giao when old communes' associations merge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..organisation import Organisation


@dataclass(frozen=True)
class HandoverBook:
    name: str  # "Sổ quỹ tiền mặt", a bank account's label
    balance: int
    receipt_number: str = ""  # the new file's phiếu that received it


@dataclass(frozen=True)
class HandoverSide:
    """One side of a handover: the association and who signs for it."""

    committee_name: str
    chair: str
    treasurer: str = ""
    accountant: str = ""


@dataclass(frozen=True)
class HandoverMinutes:
    """Biên bản bàn giao (Nghị định 30): an old association hands its records and fund to the new one at the
    merger date; the balances per book and the records per kind."""

    organisation: Organisation  # the new association: the header
    giver: HandoverSide
    receiver: HandoverSide
    giver_commune: str  # "xã Đồng Sơn"
    merger_date: date
    place: str
    books: tuple[HandoverBook, ...]
    counts: tuple[tuple[str, int], ...]  # (kind label, records)
    voucher_prefix: str  # the old series' prefix in the new file: "07450/"
    number: str = "…/BB-HKH"

    @property
    def total(self) -> int:
        return sum(b.balance for b in self.books)
