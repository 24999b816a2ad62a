"""Excel import through the service: data-file checks, one transaction, mapping memory."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.fund import VoucherFilter
from khuyenhoc_desktop.excel import ColumnMapping, ExcelImportError
from khuyenhoc_desktop.storage import settings as settings_store

YEAR = "2024-2025"


def make_book(path, header, rows, title_rows=("UBND XÃ TÂN DĨNH", "DANH SÁCH KHEN THƯỞNG NĂM HỌC 2024-2025")):
    wb = Workbook()
    sh = wb.active
    for t in title_rows:
        sh.append([t])
    sh.append([])
    sh.append(list(header))
    for r in rows:
        sh.append(list(r))
    wb.save(path)
    return path


AWARD_HEADER = ("STT", "Họ và tên", "Ngày sinh", "Lớp", "Trường", "Loại thành tích", "Số tiền")


def award_book(tmp_path, rows=None):
    rows = rows or [
        (1, "Nguyễn Văn An", "05/02/2013", "6A", "Trường THCS Tân Dĩnh", "Học sinh giỏi", "200.000"),
        (2, "Lê Thị Bình", "31/02/2012", "7B", "Trường THCS Tân Dĩnh", "Học sinh giỏi", 150000),  # bad date
        (3, "Trần Văn Cường", 2011, "8C", "Trường THCS Tân Dĩnh", "Giải Toán tuổi thơ", 300000),  # new category
    ]
    return make_book(tmp_path / "khen.xlsx", AWARD_HEADER, rows)


def test_preview_writes_nothing_and_flags_rows(ws, tmp_path):
    pv = ws.excel.preview(award_book(tmp_path), "awards", school_year=YEAR)
    assert pv.counts["rows"] == 3 and pv.counts["valid"] == 2 and pv.counts["errors"] == 1
    assert "Dòng 6" in pv.error_rows[0].errors[0]
    new_category = [w for w in pv.rows[2].warnings if "danh mục" in w]
    assert new_category and "Giải Toán tuổi thơ" in new_category[0]
    assert ws.awards.count_and_total(AwardFilter()) == (0, 0)
    assert "Giải Toán tuổi thơ" not in ws.catalogs.names("award_category")


def test_commit_imports_valid_rows_in_one_go_with_audit(ws, tmp_path):
    pv = ws.excel.preview(award_book(tmp_path), "awards", school_year=YEAR)
    result = ws.excel.commit(pv)
    assert result.imported == 2 and result.skipped_errors == 1
    assert ws.awards.count_and_total(AwardFilter(school_year=YEAR)) == (2, 500_000)
    assert "Giải Toán tuổi thơ" in ws.catalogs.names("award_category")
    award = ws.awards.fetch(result.uuids)[0]
    assert award.full_name == "Nguyễn Văn An" and award.birth_date == date(2013, 2, 5) and award.version == 1
    history = ws.awards.history(award.uuid)
    assert [h.action for h in history] == ["import"] and "khen.xlsx" in history[0].reason
    seqs = [r[0] for r in ws.db.execute_sql("SELECT change_seq FROM award ORDER BY change_seq")]
    assert len(set(seqs)) == 2
    assert "Đã nhập 2 dòng" in result.message


def test_duplicates_of_stored_records_are_warnings(ws, tmp_path):
    ws.awards.save(AwardDraft(school_year=YEAR, full_name="Nguyễn Văn An", birth_date=date(2013, 2, 5),
                              category="Học sinh giỏi"), confirm=True)
    pv = ws.excel.preview(award_book(tmp_path), "awards", school_year=YEAR)
    assert any("trùng với bản ghi đã có" in w for w in pv.rows[0].warnings)
    result = ws.excel.commit(pv, include_warnings=False)
    assert result.imported == 0 and result.skipped_warnings == 2
    assert ws.awards.count_and_total(AwardFilter()) == (1, 0)
    # another school year: no duplicate
    pv = ws.excel.preview(award_book(tmp_path), "awards", school_year="2023-2024")
    assert not any("trùng" in w for w in pv.rows[0].warnings)


def test_failure_rolls_everything_back(ws, tmp_path, monkeypatch):
    pv = ws.excel.preview(award_book(tmp_path), "awards", school_year=YEAR)
    from khuyenhoc_desktop.storage import awards as store

    def boom(db, rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "insert_many", boom)
    with pytest.raises(RuntimeError):
        ws.excel.commit(pv)
    assert ws.awards.count_and_total(AwardFilter()) == (0, 0)
    assert "Giải Toán tuổi thơ" not in ws.catalogs.names("award_category")
    assert not settings_store.get(ws.db, "excel_mappings")


def test_bad_school_year_rejects_every_row(ws, tmp_path):
    pv = ws.excel.preview(award_book(tmp_path), "awards", school_year="2024")
    assert pv.counts["valid"] == 0


def test_mapping_is_remembered_per_source(ws, tmp_path):
    path = make_book(tmp_path / "la.xlsx", ("STT", "Họ và tên", "Cột lạ", "Số tiền"),
                     [(1, "Nguyễn Văn An", "Học sinh giỏi", 100000)])
    pv = ws.excel.preview(path, "awards", school_year=YEAR)
    assert "Cột lạ" in pv.unknown_columns
    mapping = ColumnMapping({**pv.mapping.by_header, "cot la": "category"})
    pv = ws.excel.preview(path, "awards", mapping=mapping, school_year=YEAR)
    assert pv.rows[0].values["category"] == "Học sinh giỏi"
    ws.excel.commit(pv)
    again = ws.excel.preview(path, "awards", school_year=YEAR)
    assert again.rows[0].values.get("category") == "Học sinh giỏi" and not again.unknown_columns


def test_bad_workbook_is_a_clear_error(ws, tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ExcelImportError) as info:
        ws.excel.preview(bad, "awards")
    assert "hong.xlsx" in info.value.message


def test_classes_and_learners(ws, tmp_path):
    path = make_book(tmp_path / "lop.xlsx", ("STT", "Tên lớp/chuyên đề", "Lĩnh vực", "Ngày bắt đầu", "Số học viên", "Nữ"),
                     [(1, "Trồng lúa", "Nông nghiệp", "10/03/2024", 30, 12),
                      (2, "Nuôi ong", "Chăn nuôi", "12/03/2024", 20, 25)], title_rows=())
    pv = ws.excel.preview(path, "classes")
    assert pv.counts["valid"] == 1 and pv.counts["errors"] == 1
    result = ws.excel.commit(pv)
    assert result.imported == 1
    cls = ws.classes.get(result.uuids[0])
    assert cls.name == "Trồng lúa" and cls.learners == 30 and cls.women == 12

    lpath = make_book(tmp_path / "hv.xlsx", ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn"),
                      [(1, "Hoàng Văn Dũng", 1980, "Nam", "Thôn 1"), (2, "Phạm Thị Em", 1985, "Nữ", "Thôn Mới")],
                      title_rows=())
    lpv = ws.excel.preview(lpath, "learners")
    assert lpv.counts["valid"] == 2
    with pytest.raises(Exception):
        ws.excel.commit(lpv)
    result = ws.excel.commit(lpv, class_uuid=cls.uuid)
    assert result.imported == 2 and len(ws.classes.learners(cls.uuid)) == 2
    assert "Thôn Mới" in ws.catalogs.names("village")


def test_vouchers_are_posted_and_numbered_in_date_order(ws, tmp_path):
    path = make_book(tmp_path / "quy.xlsx", ("STT", "Loại", "Số phiếu", "Ngày", "Người nộp/nhận", "Lý do", "Khoản mục", "Số tiền"),
                     [(1, "Thu", "PT9", "15/03/2024", "Nguyễn Văn A", "Hội phí", "Hội phí", 500000),
                      (2, "Thu", "PT3", "01/03/2024", "Lê Thị B", "Ủng hộ", "Ủng hộ của hội viên", 1000000),
                      (3, "Chi", "", "20/03/2024", "Trần C", "Thưởng", "Khen thưởng", 200000),
                      (4, "Chi", "", "", "Trần D", "Thiếu ngày", "Khen thưởng", 100000)], title_rows=())
    pv = ws.excel.preview(path, "vouchers")
    assert pv.counts["valid"] == 3 and pv.counts["errors"] == 1
    assert any("tự đánh số" in m for m in pv.messages)
    result = ws.excel.commit(pv)
    assert result.imported == 3
    vouchers = ws.fund.fetch(ws.fund.uuids(VoucherFilter(), "book"))
    assert [(v.number, v.person) for v in vouchers] == [
        ("PT-2024-0001", "Lê Thị B"), ("PT-2024-0002", "Nguyễn Văn A"), ("PC-2024-0001", "Trần C")]
    assert ws.fund.balance() == 1_300_000
    # importing the same file again: probable duplicates are warned about
    again = ws.excel.preview(path, "vouchers")
    assert all(any("trùng" in w for w in r.warnings) for r in again.valid_rows)


def test_voucher_in_locked_period_is_rejected(ws, tmp_path):
    path = make_book(tmp_path / "quy.xlsx", ("STT", "Loại", "Ngày", "Người nộp/nhận", "Lý do", "Khoản mục", "Số tiền"),
                     [(1, "Thu", "15/03/2024", "Nguyễn Văn A", "Hội phí", "Hội phí", 500000)], title_rows=())
    ws.fund.lock(date(2024, 12, 31), "Khóa sổ 2024", today=date(2025, 1, 5))
    pv = ws.excel.preview(path, "vouchers")
    assert pv.counts["errors"] == 1 and "khóa sổ" in pv.rows[0].errors[-1]


@pytest.mark.parametrize("amount", [6 * 10**18, "6.000.000.000.000.000.000", 10**13 + 1])
def test_amounts_above_the_limit_are_refused_by_the_import(ws, tmp_path, amount):
    # Two of these once went in and broke every total of the fund (SQLite SUM overflowed for good).
    path = make_book(tmp_path / "quy.xlsx", ("STT", "Loại", "Ngày", "Người nộp/nhận", "Lý do", "Khoản mục", "Số tiền"),
                     [(1, "Thu", "15/03/2024", "Nguyễn Văn A", "Ủng hộ", "Ủng hộ", amount),
                      (2, "Thu", "16/03/2024", "Nguyễn Văn B", "Ủng hộ", "Ủng hộ", amount),
                      (3, "Thu", "17/03/2024", "Nguyễn Văn C", "Ủng hộ", "Ủng hộ", 10**13)], title_rows=())
    pv = ws.excel.preview(path, "vouchers")
    assert pv.counts["errors"] == 2 and pv.counts["valid"] == 1
    assert all("vượt quá giới hạn 10.000.000.000.000 đ" in r.errors[-1] for r in pv.rows[:2])
    assert ws.excel.commit(pv).imported == 1
    assert ws.fund.balance() == 10**13


def test_award_amount_above_the_limit_is_refused_by_the_import(ws, tmp_path):
    path = award_book(tmp_path, [(1, "Nguyễn Văn An", "05/02/2013", "6A", "Trường THCS Tân Dĩnh", "Học sinh giỏi",
                                  2**62 - 1)])
    pv = ws.excel.preview(path, "awards", school_year=YEAR)
    assert pv.counts["errors"] == 1 and "vượt quá giới hạn" in pv.rows[0].errors[-1]


def test_a_transfer_row_goes_to_the_only_bank_account_and_a_cash_row_stays_cash(ws):
    from khuyenhoc_desktop.services.excel_import import _only_bank_account, voucher_draft

    row = {"voucher_type": "Thu", "date": date(2026, 3, 2), "person": "Agribank", "reason": "Lãi tiền gửi",
           "item": "Lãi tiền gửi", "amount": 36_000, "payment_method": "Chuyển khoản"}
    assert _only_bank_account(ws) == ""
    _, errors, _ = ws.fund.check(voucher_draft(row, _only_bank_account(ws))[0], date(2026, 3, 2))
    assert any("sổ tiền gửi ngân hàng" in e.message for e in errors)  # no account yet: the row is refused
    account, _ = ws.fund.save_account(None, name="Tài khoản Quỹ", account_no="111")
    draft, _ = voucher_draft(row, _only_bank_account(ws))
    assert (draft.account_uuid, draft.method) == (account.uuid, "transfer")
    cash, _ = voucher_draft({**row, "payment_method": "Tiền mặt"}, account.uuid)
    assert (cash.account_uuid, cash.method) == ("", "cash")
    ws.fund.save_account(None, name="Tài khoản thứ hai", account_no="222")
    assert _only_bank_account(ws) == ""  # two accounts: the fund service asks which
