"""Demo fund activity: a year of phiếu thu / phiếu chi, award payments, corrections, a void, a cash count
and a lock at the end of last month, all dated up to the demo's `today`."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from ...domain.awards import AwardFilter
from ...domain.errors import NeedsConfirmation
from ...domain.fund import DENOMINATIONS, Voucher, VoucherDraft
from ...storage import awards as award_store, fund as fund_store

_DONORS = ["Công ty TNHH Minh Phát", "Công ty CP Xây dựng Tân Tiến", "Ngân hàng Agribank chi nhánh huyện",
           "Dòng họ Nguyễn Đình", "Dòng họ Trần Văn", "Ông Nguyễn Văn Hùng (doanh nhân)", "Bà Lê Thị Hoa (Hà Nội)",
           "Hợp tác xã Nông nghiệp Đồng Quan"]
_SUPPLIERS = ["Cửa hàng Văn phòng phẩm Hồng Hà", "Nhà sách Tân Dĩnh", "Cửa hàng Quà tặng Bình Minh",
              "Nhà hàng Hương Sen", "Cửa hàng In ấn Quang Minh"]


def fill(ws, rng: random.Random, today: date) -> dict:
    """A year of fund activity ending `today`, entered day by day (numbers follow the dates): opening
    balance, receipts and payments, award payments, two corrections (reversal + new phiếu), one void,
    a cash count at the end of last month and the book locked up to that day; this month stays open."""
    fund = ws.fund
    if fund_store.count_all(ws.db) or fund.locked_until() is not None:
        return {"vouchers": 0, "skipped": "sổ quỹ đã có dữ liệu"}
    month_start = today.replace(day=1)
    lock_date = month_start - timedelta(days=1)
    first = (month_start - timedelta(days=335)).replace(day=1)
    org = ws.organisation
    treasurer = org.treasurer or "Thủ quỹ"
    made = {"vouchers": 0, "award_payments": 0, "awards_paid": 0, "reversals": 0, "voids": 0}
    receipt_items = fund.items("thu") or ["Thu khác"]
    branches = ws.catalogs.names("branch") or ["Chi hội thôn 1"]
    bank = ""  # the demo's bank account, made with the opening balances

    def receipt(day: date) -> VoucherDraft:
        item = rng.choice(receipt_items)
        if item == "Hội phí":
            branch = rng.choice(branches)
            return VoucherDraft("thu", day, None, f"Trưởng {branch[0].lower()}{branch[1:]}", branch,
                                f"Nộp hội phí năm {day.year}", item, rng.randint(4, 30) * 100_000, "cash", 1)
        if item in ("Tài trợ của doanh nghiệp", "Ủng hộ của nhà hảo tâm", "Dòng họ đóng góp"):
            donor = rng.choice(_DONORS)
            by_bank = rng.random() < 0.5
            return VoucherDraft("thu", day, None, donor, "", f"{donor} ủng hộ quỹ khuyến học", item,
                                rng.choice([1, 2, 3, 5, 10]) * 1_000_000, "transfer" if by_bank else "cash", 1,
                                account_uuid=bank if by_bank else "")
        if item == "Lãi tiền gửi":
            return VoucherDraft("thu", day, None, "Ngân hàng Agribank", "", f"Lãi tiền gửi tháng {day.month}/{day.year}",
                                item, rng.randint(50, 400) * 1_000, "transfer", 1, account_uuid=bank)
        return VoucherDraft("thu", day, None, rng.choice(branches), "", f"{item} cho quỹ khuyến học",
                            item, rng.randint(5, 30) * 100_000, "cash", 1)

    def payment(day: date) -> VoucherDraft:
        item, reason, low, high = rng.choice([
            ("Văn phòng phẩm", "Mua văn phòng phẩm, phôi giấy khen", 2, 15),
            ("Hội nghị", "Chi hội nghị Ban Chấp hành", 5, 30),
            ("Quà tặng", "Mua quà tặng học sinh có hoàn cảnh khó khăn", 10, 40),
            ("Hỗ trợ học sinh khó khăn", "Hỗ trợ học sinh có hoàn cảnh đặc biệt khó khăn", 5, 20),
            ("Chi khác", "Chi in ấn tài liệu tuyên truyền", 3, 12),
        ])
        return VoucherDraft("chi", day, None, rng.choice(_SUPPLIERS), "", reason, item, rng.randint(low, high) * 100_000,
                            "cash", rng.randint(1, 3))

    def add(draft: VoucherDraft) -> Voucher:
        try:
            voucher, _ = fund.add(draft, today=today)
        except NeedsConfirmation:  # not enough money for this payment: collect first
            voucher, _ = fund.add(receipt(draft.voucher_date), today=today)
        made["vouchers"] += 1
        return voucher

    # Approved awards to pay at the ceremony: one phiếu chi per school year (at most 40 suất each).
    by_year = _payable_awards(ws, years=2, per_year=40)
    open_days = max(1, (lock_date - first).days)
    pay_day = first + timedelta(days=open_days * 3 // 4)
    correction_days = sorted(first + timedelta(days=rng.randint(30, open_days - 10)) for _ in range(2)) \
        if open_days > 45 else []
    void_day = first + timedelta(days=rng.randint(10, max(10, open_days - 10)))

    with ws.db.atomic():
        fund.set_opening_balance(first.year, rng.randint(20, 60) * 1_000_000, "Số dư chuyển sang từ sổ quỹ giấy")
        bank = fund.save_account(None, name="Tài khoản tiền gửi Quỹ khuyến học", account_no="3200 205 123456",
                                 bank_name="Ngân hàng Agribank chi nhánh huyện", opening_year=first.year,
                                 opening_amount=rng.randint(10, 40) * 1_000_000)[0].uuid
        day = first
        posted: list[Voucher] = []
        while day <= today:
            if rng.random() < 0.2:
                posted.append(add(receipt(day) if rng.random() < 0.5 else payment(day)))
            if day == void_day:
                wrong = add(receipt(day))
                fund.void(wrong.uuid, "Viết sai, lập lại phiếu khác", confirm=True)
                made["voids"] += 1
                posted.append(add(receipt(day)))
            for _ in range(correction_days.count(day)):
                earlier = [v for v in posted if day - timedelta(days=20) <= v.posting_date < day
                           and not fund.reversal_of(v.uuid) and v.status == "posted"]
                if earlier:
                    original = rng.choice(earlier)
                    fixed = replace(original.as_draft(), voucher_date=day, posting_date=day,
                                    amount=max(10_000, original.amount - rng.choice([100_000, 50_000, 10_000])))
                    fund.correct(original.uuid, fixed, "Ghi sai số tiền", confirm=True, today=today)
                    made["reversals"] += 1
                    made["vouchers"] += 2
            if day == pay_day:
                for school_year, chosen in by_year.items():
                    total = sum(a.amount for a in ws.awards.fetch(chosen))
                    add(VoucherDraft("thu", day, None, rng.choice(_DONORS), "",
                                     f"Ủng hộ quỹ khen thưởng năm học {school_year}", "Tài trợ của doanh nghiệp",
                                     max(total, 1_000_000), "cash", 1))
                    fund.pay_awards(chosen, day, treasurer, address=org.committee_name, attachments=1, today=today,
                                    confirm=True)
                    made["vouchers"] += 1
                    made["award_payments"] += 1
                    made["awards_paid"] += len(chosen)
            if day == lock_date:
                # Count the cash at the end of last month, then close the book up to that day.
                book = fund.balance(lock_date, "")
                notes = _notes_for(book, rng)
                fund.count_cash(lock_date, counted=book,
                                denominations=notes if sum(f * n for f, n in notes.items()) == book else None,
                                counted_by=", ".join(p for p in (org.chair, treasurer) if p),
                                note="Kiểm kê quỹ cuối tháng", today=today)
                fund.lock(lock_date, "Khóa sổ cuối tháng", today=today)
            day += timedelta(days=1)
        add(receipt(today))  # this month, after the lock
    made["balance"] = fund.balance()
    return made


def _payable_awards(ws, years: int, per_year: int) -> dict[str, list[str]]:
    """Approved awards with money, by school year (newest first, at most `years` of them), the first
    `per_year` of each in name order."""
    by_year: dict[str, list[str]] = {}
    for school_year in sorted(award_store.distinct_values(ws.db, "school_year"), reverse=True):
        # Most approved awards carry an amount; a few times `per_year` names leaves enough after the filter.
        uuids = award_store.uuids_matching(ws.db, AwardFilter(school_year=school_year, status="approved"),
                                           "name", limit=per_year * 5)
        paid = [a.uuid for a in ws.awards.fetch(uuids) if a.amount > 0][:per_year]
        if paid:
            by_year[school_year] = paid
        if len(by_year) == years:
            break
    return by_year


def _notes_for(amount: int, rng: random.Random) -> dict[int, int]:
    """Split an amount into banknotes the way a treasurer's drawer holds it."""
    notes: dict[int, int] = {}
    rest = amount
    for face in DENOMINATIONS:
        if rest >= face:
            count = rest // face if face < 100_000 else rng.randint(rest // face // 2, rest // face)
            if count:
                notes[face] = count
                rest -= face * count
    return notes
