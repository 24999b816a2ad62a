"""Fund rules: what a phiếu does to the balance, its number, and what validation refuses or questions."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.fund import (
    Voucher,
    VoucherDraft,
    counter_key,
    format_number,
    validate_account,
    validate_voucher,
)

TODAY = date(2026, 2, 5)


@pytest.mark.parametrize("kind, amount, status, effect", [
    ("thu", 1_500_000, "posted", 1_500_000),  # a receipt adds
    ("chi", 700_000, "posted", -700_000),  # a payment takes away
    ("thu", -1_500_000, "posted", -1_500_000),  # the reversal of a receipt (ghi số âm) takes it back
    ("chi", -700_000, "posted", 700_000),  # the reversal of a payment gives it back
    ("thu", 1_500_000, "void", 0),  # a void phiếu does nothing
    ("chi", -700_000, "void", 0),
])
def test_the_effect_of_a_voucher_on_the_balance(kind, amount, status, effect):
    assert Voucher(kind=kind, amount=amount, status=status).effect == effect


def test_a_reversal_and_its_original_cancel_out():
    original = Voucher(kind="chi", amount=900_000, uuid="a")
    reversal = Voucher(kind="chi", amount=-900_000, uuid="b", reverses_uuid="a")
    assert original.effect + reversal.effect == 0
    assert (original.is_reversal, reversal.is_reversal) == (False, True)


def test_numbers_per_series_and_year():
    assert format_number("thu", 2026, 3) == "PT-2026-0003"
    assert format_number("chi", 2026, 12_345) == "PC-2026-12345"
    assert format_number("thu", 2026, 1, bank=True) == "BC-2026-0001"
    assert format_number("chi", 2025, 7, bank=True) == "BN-2025-0007"
    assert [counter_key("thu", False), counter_key("chi", False), counter_key("thu", True), counter_key("chi", True)] \
        == ["thu", "chi", "bc", "bn"]


def test_labels_follow_the_book():
    assert Voucher(kind="thu").kind_label == "Phiếu thu"
    assert Voucher(kind="chi", account_uuid="tk").kind_label == "Giấy báo Nợ"
    assert (Voucher(status="void").status_label, Voucher(method="transfer").method_label) == ("Đã hủy", "Chuyển khoản")


def test_normalized_posting_date_and_method():
    draft = VoucherDraft(voucher_date=date(2026, 2, 3), method="Tiền mặt").normalized()
    assert (draft.posting_date, draft.method) == (date(2026, 2, 3), "cash")
    bank = VoucherDraft(voucher_date=date(2026, 2, 3), method="cash", account_uuid="tk").normalized()
    assert (bank.method, bank.is_bank) == ("transfer", True)


def messages(problems, field):
    return [p.message for p in problems if p.field == field]


def receipt(**kw) -> VoucherDraft:
    values = dict(kind="thu", voucher_date=date(2026, 2, 3), person="Nguyễn Văn An", reason="Ủng hộ quỹ",
                  item="Ủng hộ của nhà hảo tâm", amount=1_000_000)
    values.update(kw)
    return VoucherDraft(**values).normalized()


def test_a_complete_receipt_has_no_problem():
    assert validate_voucher(receipt(), TODAY) == []


def test_required_fields_name_the_kind():
    problems = validate_voucher(VoucherDraft(kind="chi", amount=0), TODAY)
    assert messages(problems, "person") == ["Chưa nhập họ và tên người nhận tiền."]
    assert messages(problems, "reason") == ["Chưa nhập lý do chi."]
    assert messages(problems, "item") == ["Chưa chọn khoản mục chi."]
    assert messages(problems, "voucher_date") == ["Chưa nhập ngày chứng từ."]
    assert messages(problems, "amount") == ["Số tiền phải lớn hơn 0 đồng."]


def test_posting_dates_before_the_document_or_in_the_future():
    early = validate_voucher(receipt(posting_date=date(2026, 2, 2)), TODAY)
    assert messages(early, "posting_date") == ["Ngày ghi sổ (02/02/2026) trước ngày chứng từ (03/02/2026)."]
    future = validate_voucher(receipt(voucher_date=date(2026, 2, 6)), TODAY)
    assert [(p.severity, p.message) for p in future] == [
        ("warning", "Ngày ghi sổ 06/02/2026 ở tương lai. Bạn có chắc chắn?")]
    assert validate_voucher(receipt(voucher_date=date(2026, 2, 6)), date(2026, 2, 6)) == []


def test_a_transfer_needs_a_bank_account_and_large_amounts_are_questioned():
    transfer = validate_voucher(receipt(method="transfer"), TODAY)
    assert [p.field for p in transfer] == ["account_uuid"]
    large = validate_voucher(receipt(amount=1_000_000_001), TODAY)
    assert [(p.severity, p.message) for p in large] == [
        ("warning", "Số tiền 1.000.000.001 đ trên 1 tỷ đồng. Bạn có chắc chắn?")]
    assert messages(validate_voucher(receipt(attachments=-1), TODAY), "attachments") == [
        "Số chứng từ gốc kèm theo phải là số nguyên không âm."]


def test_bank_account_rules():
    assert validate_account("Tài khoản Quỹ", "3200 205 123456", "Agribank", 2026, 10_000_000, "") == []
    assert [p.field for p in validate_account("", "", "", None, 0, "")] == ["name"]
    assert messages(validate_account("TK", "3200-A", "", None, 0, ""), "account_no") == [
        "Số tài khoản chỉ gồm chữ số (có thể cách bằng dấu cách, dấu chấm hoặc gạch ngang)."]
    assert messages(validate_account("TK", "", "", None, 5_000_000, ""), "opening_year") == [
        "Số dư đầu kỳ cần năm bắt đầu ghi sổ."]
    assert messages(validate_account("TK", "", "", 1989, 0, ""), "opening_year") == ["Năm “1989” không hợp lệ."]
