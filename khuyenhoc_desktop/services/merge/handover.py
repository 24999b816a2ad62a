"""What the biên bản bàn giao shows: from what the merge kept (`merge_source`), one minutes per old commune —
the old association hands over, the new one receives, at the merger date: each book's balance and the phiếu
that received it, the records per kind."""

from __future__ import annotations

from datetime import date

from ...domain.errors import AppError
from ...domain.organisation import Organisation
from ...domain.printables import HandoverBook, HandoverMinutes, HandoverSide
from ...storage import merge as store
from .tables import LABELS


def handover_minutes(ws, origin_code: str | None = None) -> list[HandoverMinutes]:
    sources = store.sources(ws.db)
    if origin_code:
        sources = [s for s in sources if s["origin_code"] == origin_code]
        if not sources:
            raise AppError(f"Tệp này chưa hợp nhất dữ liệu của xã cũ có mã {origin_code}.")
    if not sources:
        raise AppError("Tệp này chưa hợp nhất dữ liệu của xã cũ nào; chưa có biên bản bàn giao.")
    org = ws.organisation
    receiver = HandoverSide(org.committee_name, org.chair, org.treasurer, org.accountant)
    result = []
    for s in sources:
        old = Organisation.from_dict(s["profile"] or {})
        counts = tuple((LABELS.get(table, table), n) for table, n in s["counts"].items()
                       if n and table in LABELS and table not in ("voucher_link", "catalog_item", "award_rate"))
        result.append(HandoverMinutes(
            organisation=org,
            giver=HandoverSide(s["committee_name"], old.chair, old.treasurer, old.accountant),
            receiver=receiver, giver_commune=s["origin_name"], merger_date=date.fromisoformat(s["merger_date"]),
            place=org.place_name or org.commune,
            books=tuple(HandoverBook(b["name"], int(b["balance"]), b.get("receipt_number", "")) for b in s["books"]),
            counts=counts, voucher_prefix=f"{s['origin_code']}/"))
    return result
