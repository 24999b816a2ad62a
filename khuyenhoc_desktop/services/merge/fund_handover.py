"""The fund's handover: each old association's books close at the merger date and their closing balances —
the cash book and each bank account apart — enter the new books as receipts "Tiếp nhận quỹ từ Hội Khuyến học
xã … (cũ)" on that date, posted through the fund service like any phiếu (numbered in the new file's series,
in its sổ quỹ and balances). The old phiếu stay as history, in no book of the new file
(`storage.voucher_effect.own_books_sql`), so each đồng counts once. Each receipt is marked with the old
commune's code (`voucher.handover_from`): the province, which still holds that balance under the old commune,
leaves the receipt out of its figures (`storage.voucher_effect.in_province_figures`)."""

from __future__ import annotations

from datetime import date

from ...domain.changes import Changes
from ...domain.fund import VoucherDraft
from ...domain.merge import SourcePlan, handover_reason
from ...storage import merge as merge_store

HANDOVER_ITEM = "Tiếp nhận quỹ"


def receive(ws, source: SourcePlan, merger_date: date, changes: Changes) -> list[dict]:
    """Post one receipt per old book with money in it (inside the caller's transaction); return the books
    with the receipt each got, as the handover keeps them."""
    c = source.commune
    books = []
    for book in source.books:
        kept = {"book": book.book, "account": book.account, "name": book.name, "balance": book.balance,
                "receipt_uuid": "", "receipt_number": ""}
        if book.balance > 0:
            draft = VoucherDraft(kind="thu", voucher_date=merger_date, posting_date=merger_date,
                                 person=f"{c.committee_name} (cũ)", address=f"{c.label}, {c.province}",
                                 reason=handover_reason(c), item=HANDOVER_ITEM, amount=book.balance,
                                 note=f"Số dư {book.name} tại ngày hợp nhất, theo biên bản bàn giao.",
                                 account_uuid=book.account)
            voucher, made = ws.fund.add(draft, confirm=True, today=merger_date)
            merge_store.mark_handover(ws.db, voucher.uuid, c.code)
            changes.merge(made)
            kept.update(receipt_uuid=voucher.uuid, receipt_number=voucher.number)
        books.append(kept)
    return books
