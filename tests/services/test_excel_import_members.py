"""Excel import of member lists: header words, the member rules per row, units named in the sheet, one
transaction, and the command line."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.members import MemberDraft, MemberFilter, UnitDraft
from khuyenhoc_desktop.storage.members import fetch_many
from tests.services.test_excel_import import make_book

HEADER = ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn", "Chi hội", "Đối tượng", "Ngày vào hội", "Số thẻ",
          "Số điện thoại")


def members_book(tmp_path, rows):
    return make_book(tmp_path / "hoi-vien.xlsx", HEADER, rows,
                     title_rows=("HỘI KHUYẾN HỌC XÃ TÂN DĨNH", "DANH SÁCH HỘI VIÊN"))


def test_a_member_list_is_previewed_with_the_member_rules_and_imported_in_one_go(ws, tmp_path):
    ws.units.save(UnitDraft(name="Chi hội thôn Đông", village="Thôn 1"))
    ws.members.save(MemberDraft(full_name="Lê Thị Hoa", birth_year=1962, village="Thôn 1"))
    path = members_book(tmp_path, [
        (1, "Nguyễn Văn Ánh", 1958, "Nam", "Thôn 1", "chi hoi thon dong", "Cựu chiến binh", "08/03/2020", "12/2020",
         "0912345678"),
        (2, "Lê Thị Hoa", 1962, "Nữ", "Thôn 1", "Chi hội thôn Đông", "Phụ huynh", "01/06/2021", "", ""),  # duplicate
        (3, "Trần Văn Bình", 1990, "Nam", "Thôn 2", "Ban khuyến học dòng họ Trần", "Cán bộ, công chức",
         "01/01/1989", "", ""),  # joined before birth
        (4, "Phạm Thị Cúc", 1975, "Nữ", "Thôn 2", "Ban khuyến học dòng họ Trần", "Thợ may", "02/09/2024", "", ""),
    ])
    pv = ws.excel.preview(path, "members")
    assert pv.counts["rows"] == 4 and pv.counts["valid"] == 3 and pv.counts["errors"] == 1
    assert pv.error_rows[0].errors == ["Dòng 7: Ngày vào hội trước năm sinh."]
    assert "có thể trùng với hội viên đã có “Lê Thị Hoa” (HV00001)" in " ".join(pv.rows[1].warnings)
    assert any("Thợ may" in w for w in pv.rows[3].warnings)  # a new đối tượng, added by the import
    assert "Chi hội/ban chưa có, sẽ được thêm: Ban khuyến học dòng họ Trần." in pv.messages
    assert ws.members.count(MemberFilter()) == 1  # the preview writes nothing

    result = ws.excel.commit(pv)
    assert result.imported == 3 and set(result.changes.created["member"]) == set(result.uuids)
    anh, hoa, cuc = fetch_many(ws.db, result.uuids)
    chi = ws.units.list(kind="chi_hoi")[0]
    ban = ws.units.list(kind="ban_khuyen_hoc")[0]
    assert (anh.code, anh.unit_uuid, anh.birth_year, anh.joined_on, anh.card_no, anh.category) == (
        "HV00002", chi.uuid, 1958, date(2020, 3, 8), "12/2020", "Cựu chiến binh")
    assert anh.phone == "" and anh.ethnicity == "Kinh"  # a phone column is not taken in
    assert (hoa.code, cuc.code, cuc.unit_uuid, ban.name) == ("HV00003", "HV00004", ban.uuid,
                                                            "Ban khuyến học dòng họ Trần")
    assert "Thợ may" in ws.catalogs.names("member_category")
    assert ws.members.count(MemberFilter()) == 4


def test_skipping_warnings_leaves_the_probable_duplicate_out(ws, tmp_path):
    ws.members.save(MemberDraft(full_name="Lê Thị Hoa", birth_year=1962, village="Thôn 1"))
    path = members_book(tmp_path, [(1, "Lê Thị Hoa", 1962, "Nữ", "Thôn 1", "", "", "", "", ""),
                                   (2, "Đỗ Văn Hải", 1950, "Nam", "Thôn 3", "", "", "", "", "")])
    result = ws.excel.commit(ws.excel.preview(path, "members"), include_warnings=False)
    assert result.imported == 1 and result.skipped_warnings == 1
    assert [m.full_name for m in fetch_many(ws.db, result.uuids)] == ["Đỗ Văn Hải"]


def test_import_excel_kind_members_on_the_command_line(ws, tmp_path, capsys):
    import json

    from khuyenhoc_desktop.cli import main

    db = str(ws.datafile.path)
    path = members_book(tmp_path, [(1, "Nguyễn Văn Ánh", 1958, "Nam", "Thôn 1", "Chi hội thôn Đông", "", "08/03/2020",
                                    "", "")])
    ws.close()
    assert main(["import-excel", "--db", db, str(path), "--kind", "members", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["kind"], data["valid"], data["imported"]) == ("members", 1, 1)
