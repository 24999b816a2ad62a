"""`khuyenhoc print …`: PDFs read back with pypdf; register numbers on first print; clean failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.domain.meetings import AgendaEntry, MeetingDraft

NAMES = ["Trần Thị Ánh", "Nguyễn Văn Ân", "Lê Minh Đức", "Nguyễn Văn An", "Đặng Thu Hà"]
ORDER = ["Nguyễn Văn An", "Trần Thị Ánh", "Nguyễn Văn Ân", "Lê Minh Đức", "Đặng Thu Hà"]


def run(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", "print", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=180)


def text_of(path) -> list[str]:
    return [p.extract_text() for p in PdfReader(str(path)).pages]


@pytest.fixture
def db(ws, tmp_path):
    for i, name in enumerate(NAMES):
        ws.awards.save(AwardDraft(
            school_year="2024-2025", full_name=name, birth_date=date(2012, 2, i + 1), category="Học sinh giỏi",
            level="Cấp trường", school="Trường THCS Tân Dĩnh", class_name="9A", amount=300_000,
            achievement="Đạt danh hiệu Học sinh Giỏi", status="approved" if i != 2 else "draft",
            decision_no="12/QĐ-HKH", decision_date=date(2025, 8, 25)), confirm=True)
    ws.awards.save(AwardDraft(school_year="2023-2024", full_name="Hoàng Văn Cũ", birth_year=2011,
                              category="Học sinh giỏi", amount=100_000, status="approved"))
    ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2026, 3, 2), person="Công ty TNHH Minh Phát",
                             reason="Ủng hộ Quỹ khuyến học", item="Ủng hộ của tổ chức", amount=5_000_000),
                confirm=True, today=date(2026, 3, 2))
    account, _ = ws.fund.save_account(None, name="Tài khoản Quỹ khuyến học", account_no="3200 205 123456",
                                      bank_name="Agribank Tân Yên", opening_year=2026, opening_amount=2_000_000)
    ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2026, 3, 5), person="Ngân hàng Agribank",
                             reason="Lãi tiền gửi tháng 3/2026", item="Lãi tiền gửi", amount=36_000,
                             account_uuid=account.uuid), confirm=True, today=date(2026, 3, 5))
    uuids = ws.awards.uuids(AwardFilter(school_year="2024-2025", status="approved"))
    ws.meetings.save(MeetingDraft(
        number="05/BB-HKH", subject="Xét khen thưởng năm học 2024 - 2025",
        start=datetime(2025, 8, 20, 14, 0), end=datetime(2025, 8, 20, 16, 0), location="Hội trường xã",
        chair="Nguyễn Văn Thắng", secretary="Lê Thị Ngọc Ánh", members_total=15, members_present=14,
        members_absent=1, agenda=(AgendaEntry("Xét duyệt danh sách khen thưởng", "Thảo luận.", "Thông qua.",
                                              14, 13, 1, 0),),
        award_uuids=tuple(uuids)))
    path = ws.datafile.path
    ws.close()
    return path


def register_numbers(path) -> dict[str, str]:
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(path) as ws:
        return {a.full_name: a.register_no for a in ws.awards.fetch(ws.awards.uuids(AwardFilter()))}


def test_certificates_only_for_decided_awards_numbered_in_list_order_and_stable_on_reprint(db, tmp_path):
    out = tmp_path / "gk.pdf"
    r = run("certificates", "--db", db, "--out", out, "--school-year", "2024-2025")
    assert r.returncode == 0, r.stderr
    decided = [n for n in ORDER if n != "Lê Minh Đức"]  # the draft has no decision yet
    pages = text_of(out)
    assert len(pages) == len(decided)
    for page, name in zip(pages, decided):
        assert name in page
    assert "Bỏ qua 1 bản ghi ở trạng thái Nháp" in r.stderr
    assert "Số vào sổ: 1/2024-2025" in pages[0] and "Số vào sổ: 4/2024-2025" in pages[3]
    numbers = register_numbers(db)
    assert [numbers[n] for n in decided] == [f"{i}/2024-2025" for i in range(1, 5)]
    assert numbers["Lê Minh Đức"] == "" and numbers["Hoàng Văn Cũ"] == ""
    again = tmp_path / "gk2.pdf"
    r = run("certificates", "--db", db, "--out", again, "--school-year", "2024-2025", "--status", "approved")
    assert r.returncode == 0, r.stderr
    assert len(text_of(again)) == 4
    assert register_numbers(db) == numbers
    assert "Số vào sổ: 1/2024-2025" in text_of(again)[0]


def test_draft_certificates_print_only_as_a_marked_preview_without_a_number(db, tmp_path):
    out = tmp_path / "nhap.pdf"
    r = run("certificates", "--db", db, "--out", out, "--school-year", "2024-2025", "--status", "draft")
    assert r.returncode == 0, r.stderr
    (page,) = text_of(out)
    assert "Lê Minh Đức" in page and "BẢN NHÁP" in page and "Số vào sổ" not in page
    assert "không cấp số vào sổ" in r.stderr
    assert register_numbers(db)["Lê Minh Đức"] == ""


def test_blank_form_certificates_with_a_profile(db, tmp_path):
    out = tmp_path / "phoi.pdf"
    r = run("certificates", "--db", db, "--out", out, "--mode", "blank-form", "--profile", "Phôi A4 dọc",
            "--school-year", "2023-2024")
    assert r.returncode == 0, r.stderr
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1 and "Hoàng Văn Cũ" in reader.pages[0].extract_text()
    box = reader.pages[0].mediabox
    assert float(box.width) < float(box.height)  # portrait phôi
    bad = run("certificates", "--db", db, "--out", tmp_path / "x.pdf", "--mode", "blank-form", "--profile", "Không có")
    assert bad.returncode != 0 and "Không có mẫu phôi" in bad.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_award_list_sorted_and_filtered(db, tmp_path):
    out = tmp_path / "ds.pdf"
    r = run("award-list", "--db", db, "--out", out, "--school-year", "2024-2025", "--status", "approved")
    assert r.returncode == 0, r.stderr
    text = "\n".join(text_of(out))
    expected = [n for n in ORDER if n != "Lê Minh Đức"]
    positions = [text.index(n) for n in expected]
    assert positions == sorted(positions)
    assert "Lê Minh Đức" not in text and "Hoàng Văn Cũ" not in text
    assert "DANH SÁCH NHẬN THƯỞNG" in text and "1.200.000" in text


def test_minutes_voucher_and_cash_book(db, tmp_path):
    r = run("minutes", "--db", db, "--meeting", "05/BB-HKH", "--out", tmp_path / "bb.pdf")
    assert r.returncode == 0, r.stderr
    text = "\n".join(text_of(tmp_path / "bb.pdf"))
    assert "BIÊN BẢN" in text and "Xét khen thưởng năm học 2024 - 2025" in text and "92,86" in text
    assert "Nguyễn Văn An" in text

    r = run("voucher", "--db", db, "--number", "PT-2026-0001", "--out", tmp_path / "pt.pdf")
    assert r.returncode == 0, r.stderr
    text = "\n".join(text_of(tmp_path / "pt.pdf"))
    assert "PHIẾU THU" in text and "Công ty TNHH Minh Phát" in text and "PT-2026-0001" in text

    r = run("cash-book", "--db", db, "--from", "01/01/2026", "--to", "31/12/2026", "--out", tmp_path / "sq.pdf")
    assert r.returncode == 0, r.stderr
    text = "\n".join(text_of(tmp_path / "sq.pdf"))
    assert "SỔ QUỸ TIỀN MẶT" in text and "PT-2026-0001" in text and "5.000.000" in text
    assert "BC-2026-0001" not in text and "Lãi tiền gửi" not in text  # the cash book holds cash only

    r = run("bank-book", "--db", db, "--from", "01/01/2026", "--to", "31/12/2026", "--out", tmp_path / "nh.pdf")
    assert r.returncode == 0, r.stderr
    text = "\n".join(text_of(tmp_path / "nh.pdf"))
    assert "SỔ TIỀN GỬI NGÂN HÀNG" in text and "BC-2026-0001" in text and "Lãi tiền gửi tháng 3/2026" in text
    assert "3200 205 123456" in text and "2.036.000" in text and "PT-2026-0001" not in text
    r = run("bank-book", "--db", db, "--account", "3200205123456", "--from", "01/01/2026", "--to", "31/12/2026",
            "--subtotals", "day", "--out", tmp_path / "nh2.pdf")
    assert r.returncode == 0, r.stderr
    assert "Cộng ngày" not in "\n".join(text_of(tmp_path / "nh2.pdf"))  # one day with entries: no sub-total


@pytest.mark.parametrize("args, message", [
    (("minutes", "--meeting", "99/BB-HKH"), "Không tìm thấy biên bản số “99/BB-HKH”"),
    (("voucher", "--number", "PC-2026-0999"), "Không tìm thấy phiếu số"),
    (("cash-book", "--from", "31/12/2026", "--to", "01/01/2026"), "Ngày cuối kỳ trước ngày đầu kỳ"),
    (("cash-book", "--from", "hôm qua", "--to", "01/01/2026"), "không đúng dạng"),
    (("voucher", "--number", "BC-2026-0001"), "không phải phiếu thu/chi tiền mặt"),
    (("bank-book", "--account", "999", "--from", "01/01/2026", "--to", "31/12/2026"),
     "Không tìm thấy tài khoản ngân hàng “999”"),
    (("award-list", "--school", "Trường Không Có"), "Không có bản ghi khen thưởng nào"),
    (("certificates", "--school-year", "1999-2000"), "Không có bản ghi khen thưởng nào"),
])
def test_errors_are_vietnamese_exit_nonzero_and_leave_no_file(db, tmp_path, args, message):
    out = tmp_path / "out.pdf"
    r = run(*args, "--db", db, "--out", out)
    assert r.returncode != 0
    assert message in r.stderr
    assert not out.exists()
    assert list(tmp_path.glob("*.pdf")) == []


def test_missing_folder_is_refused(db, tmp_path):
    r = run("award-list", "--db", db, "--out", tmp_path / "khong-co" / "ds.pdf")
    assert r.returncode != 0 and "không tồn tại" in r.stderr


def test_void_voucher_prints_marked_and_the_book_number_is_a_setting(db, tmp_path):
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(db) as ws:
        v = ws.fund.get_by_number("PT-2026-0001")
        ws.fund.void(v.uuid, "Nhập trùng", confirm=True)
    r = run("voucher", "--db", db, "--number", "PT-2026-0001", "--book", "03", "--out", tmp_path / "pt.pdf")
    assert r.returncode == 0, r.stderr
    text = "".join("\n".join(text_of(tmp_path / "pt.pdf")).split())
    assert "ĐÃHỦY" in text and "Lýdo:Nhậptrùng" in text and "Quyểnsố:03" in text
    r = run("voucher", "--db", db, "--number", "PT-2026-0001", "--out", tmp_path / "pt2.pdf")
    assert "Quyểnsố:03" in "".join("\n".join(text_of(tmp_path / "pt2.pdf")).split())


def test_class_summary_of_a_year(db, tmp_path):
    from khuyenhoc_desktop.domain.classes import ClassDraft
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(db) as ws:
        for name, day, learners in (("Chuyên đề trồng lúa", date(2026, 3, 2), 40), ("Tin học cơ bản", date(2026, 1, 5), 25),
                                    ("Lớp năm trước", date(2025, 12, 1), 10)):
            ws.classes.save(ClassDraft(name=name, field="Nông nghiệp", start_date=day, end_date=day, sessions=2,
                                       learners=learners, women=learners // 2), confirm=True)
    out = tmp_path / "th.pdf"
    r = run("class-summary", "--db", db, "--year", "2026", "--out", out)
    assert r.returncode == 0, r.stderr
    text = "\n".join(text_of(out))
    assert "TỔNG HỢP LỚP HỌC, CHUYÊN ĐỀ" in text and "Năm 2026" in text
    assert text.index("Tin học cơ bản") < text.index("Chuyên đề trồng lúa") and "Lớp năm trước" not in text
    assert "2 lớp" in text and "65" in text
    r = run("class-summary", "--db", db, "--year", "2019", "--out", tmp_path / "none.pdf")
    assert r.returncode != 0 and "Năm 2019 chưa có lớp học" in r.stderr and not (tmp_path / "none.pdf").exists()


@pytest.mark.gui
def test_the_window_and_the_command_give_the_same_register_numbers(db, tmp_path, qtbot, monkeypatch):
    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.ui.pages.print_page import PrintPage
    from tests.ui.helpers import forbid_dialogs

    forbid_dialogs(monkeypatch)
    twin = tmp_path / "twin.db"
    shutil.copy(db, twin)  # the same awards in two files: one printed by the command, one by the window
    r = run("certificates", "--db", db, "--out", tmp_path / "command.pdf")
    assert r.returncode == 0, r.stderr
    assert "Đã cấp số vào sổ cho 5 giấy khen in lần đầu." in r.stderr
    with Workspace.open(twin) as ws:
        page = PrintPage(ws)
        qtbot.addWidget(page)
        page.set_kind("certificates")
        assert page.generate()
        qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)
        assert page.save_pdf(str(tmp_path / "window.pdf"))
        page.shutdown()
    # numbered per school year in list (name) order; the draft has no decision, so no number
    expected = {"Nguyễn Văn An": "1/2024-2025", "Trần Thị Ánh": "2/2024-2025", "Nguyễn Văn Ân": "3/2024-2025",
                "Đặng Thu Hà": "4/2024-2025", "Lê Minh Đức": "", "Hoàng Văn Cũ": "1/2023-2024"}
    assert register_numbers(db) == expected
    assert register_numbers(twin) == expected
