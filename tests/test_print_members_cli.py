"""`khuyenhoc print member-list|member-cards`: the PDFs read back, the unit by name, personal data only when
asked, the members without a số thẻ named, clean failures that write nothing."""

from __future__ import annotations

import json

import pytest

from tests.member_helpers import save_print_register
from tests.test_print_cli import run, text_of


@pytest.fixture
def db(ws):
    save_print_register(ws)
    path = ws.datafile.path
    ws.close()
    return path


def test_member_list_by_unit_in_name_order_without_personal_data(db, tmp_path):
    out = tmp_path / "ds.pdf"
    r = run("member-list", "--db", db, "--out", out, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"document": "member-list", "path": str(out), "count": 5, "units": 2,
                                    "show_personal": False}
    text = " ".join(" ".join(text_of(out)).split())
    order = [text.index(x) for x in ("Chi hội thôn Bắc", "Phạm Văn Bình", "Đặng Thu Hà", "Chi hội thôn Đông",
                                     "Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Ân")]
    assert order == sorted(order)
    assert "Thôi 03/05/2025" in text and "0912345678" not in text and "001058012345" not in text


def test_member_list_of_one_unit_and_status_with_personal_data(db, tmp_path):
    out = tmp_path / "ds.pdf"
    r = run("member-list", "--db", db, "--out", out, "--unit", "thon dong", "--status", "active", "--show-personal")
    assert r.returncode == 0, r.stderr
    assert "giữ kín" in r.stderr and r.stdout.startswith("Đã ghi danh sách 3 hội viên:")
    text = " ".join(" ".join(text_of(out)).split())
    assert "0912345678" in text and "001058012345" in text and "Đặng Thu Hà" not in text


def test_member_cards_name_the_members_without_a_number(db, tmp_path):
    out = tmp_path / "the.pdf"
    r = run("member-cards", "--db", db, "--out", out, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert (data["count"], data["pages"], data["skipped"]) == (4, 1, 0)  # the one who quit gets no card
    assert data["without_card_no"] == ["HV00003"]
    assert "1 hội viên chưa có số thẻ" in r.stderr and "Lê Văn Ân (HV00003)" in r.stderr
    (page,) = text_of(out)
    assert page.count("THẺ HỘI VIÊN") == 4 and "Phạm Văn Bình" not in page


def test_member_cards_on_card_stock_and_its_calibration_sheet(db, tmp_path):
    out = tmp_path / "phoi.pdf"
    r = run("member-cards", "--db", db, "--out", out, "--unit", "Chi hội thôn Bắc", "--mode", "blank-form",
            "--profile", "phoi the 10 the/to a4 (85,6 × 54 mm)", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["profile"] == "Phôi thẻ 10 thẻ/tờ A4 (85,6 × 54 mm)"
    (page,) = text_of(out)
    assert "Đặng Thu Hà" in page and "THẺ HỘI VIÊN" not in page
    sheet = tmp_path / "can.pdf"
    r = run("member-cards", "--db", db, "--out", sheet, "--calibration")
    assert r.returncode == 0, r.stderr
    assert "TRANG CĂN CHỈNH PHÔI THẺ HỘI VIÊN" in text_of(sheet)[0]


def test_bad_unit_or_profile_is_refused_and_nothing_is_written(db, tmp_path):
    out = tmp_path / "x.pdf"
    r = run("member-list", "--db", db, "--out", out, "--unit", "Thôn Nam")
    assert r.returncode != 0 and "Không có chi hội/ban “Thôn Nam”" in r.stderr and not out.exists()
    r = run("member-cards", "--db", db, "--out", out, "--mode", "blank-form", "--profile", "Phôi A4 ngang chuẩn")
    assert r.returncode != 0 and "Không có mẫu phôi" in r.stderr and not out.exists()
    r = run("member-cards", "--db", db, "--out", out, "--unit", "Chi hội thôn Bắc", "--mode", "full")
    assert r.returncode == 0  # Hà is active there


def test_the_printer_offset_is_given_and_saved_for_the_next_prints(db, tmp_path):
    import pdfplumber

    def name_x(path):
        with pdfplumber.open(path) as pdf:
            return min(c["x0"] for c in pdf.pages[0].chars if c["text"] == "Đ")

    plain, moved, again = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    base = ("--db", db, "--unit", "Chi hội thôn Bắc", "--mode", "blank-form")
    assert run("member-cards", *base, "--out", plain).returncode == 0
    r = run("member-cards", *base, "--out", moved, "--offset-x", "2.5", "--save-offset")
    assert r.returncode == 0 and "Đã lưu độ lệch X = +2.5 mm, Y = +0.0 mm" in r.stderr
    assert abs(name_x(moved) - name_x(plain) - 2.5 * 72 / 25.4) < 0.05
    assert run("member-cards", *base, "--out", again).returncode == 0  # the saved offset is used
    assert abs(name_x(again) - name_x(moved)) < 0.01
    r = run("member-cards", *base, "--out", tmp_path / "x.pdf", "--offset-y", "45")
    assert r.returncode != 0 and "−30 đến 30 mm" in r.stderr
