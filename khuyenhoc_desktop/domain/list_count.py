"""What a list's filter finds: how many records, and the sums the list's footer shows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class ListCount:
    """The count of a filtered list and its sums: `amount` (awards: số tiền), `learners` (classes:
    lượt người học), `receipts` and `payments` (vouchers: thu and chi, void ones left out). `figures`
    names the sums the kind has; `total` is the one figure its footer shows.

    It also reads as the tuple `(count, *figures)` (`count, amount = …`, `…[0]`)."""

    count: int
    amount: int = 0
    learners: int = 0
    receipts: int = 0
    payments: int = 0
    figures: tuple[str, ...] = ("amount",)

    @classmethod
    def of_awards(cls, count: int, amount: int) -> ListCount:
        return cls(count, amount=amount, figures=("amount",))

    @classmethod
    def of_classes(cls, count: int, learners: int) -> ListCount:
        return cls(count, learners=learners, figures=("learners",))

    @classmethod
    def of_vouchers(cls, count: int, receipts: int, payments: int) -> ListCount:
        return cls(count, receipts=receipts, payments=payments, figures=("receipts", "payments"))

    @classmethod
    def of_records(cls, count: int) -> ListCount:
        """A kind whose list has no sum (members): the count alone."""
        return cls(count, figures=())

    @property
    def total(self) -> int:
        """The footer's figure: the awards' money, the classes' learners, the vouchers' thu − chi (0 for a
        kind without a sum)."""
        if not self.figures:
            return 0
        if self.figures == ("receipts", "payments"):
            return self.receipts - self.payments
        return getattr(self, self.figures[0])

    def as_tuple(self) -> tuple[int, ...]:
        return (self.count, *(getattr(self, name) for name in self.figures))

    def __iter__(self):
        return iter(self.as_tuple())

    def __getitem__(self, index):
        return self.as_tuple()[index]

    def __len__(self) -> int:
        return 1 + len(self.figures)

    def __eq__(self, other) -> bool:
        if isinstance(other, ListCount):
            return self.figures == other.figures and self.as_tuple() == other.as_tuple()
        if isinstance(other, tuple):
            return self.as_tuple() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.figures, self.as_tuple()))


__all__ = ["ListCount"]
