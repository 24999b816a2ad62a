"""The bank account catalogue dialog: add, edit (audited), refuse bad input and removing a used account."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.ui.forms.bank_account_form import BankAccountsDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(ws, qtbot, no_dialogs):
    d = BankAccountsDialog(ws)
    qtbot.addWidget(d)
    d.show()  # non-modal: the error labels are visible
    return d


def test_add_edit_and_refuse(dialog, ws):
    w = dialog.w
    w["name"].setText("Tài khoản tiền gửi Quỹ khuyến học")
    w["account_no"].setText("3200 205 123456")
    w["bank_name"].setText("Agribank chi nhánh huyện Tân Yên")
    w["opening_year"].setText("2026")
    w["opening_amount"].setText("12.500.000")
    assert dialog.save()
    [account] = ws.fund.accounts()
    assert (account.account_no, account.opening_year, account.opening_amount) == ("3200 205 123456", 2026, 12_500_000)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == "12.500.000"
    w["bank_name"].setText("Vietinbank")
    assert dialog.save()
    assert ws.fund.account(account.uuid).bank_name == "Vietinbank"
    dialog.load(None)
    w["account_no"].setText("12AB")
    assert not dialog.save()
    assert "chỉ gồm chữ số" in dialog.grid.error_text("account_no")
    assert len(ws.fund.accounts()) == 1
    ws.set_operator("Phạm Thị Duyên")
    ws.fund.add(VoucherDraft("thu", date(2026, 3, 1), None, "Agribank", "", "Lãi tiền gửi", "Lãi tiền gửi", 10_000,
                             account_uuid=account.uuid), today=date(2026, 3, 1))
    dialog.load(account.uuid)
    assert not dialog.delete()
    assert "không xóa được" in dialog.status_line.text()
