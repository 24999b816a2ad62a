"""`khuyenhoc print learning-models-table|score-sheet`: the JSON validates against the schema, the subject is
found without diacritics, unknown sets and subjects are refused in Vietnamese and nothing is written."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.learning_models import SubjectDraft
from tests.test_cli_json import run_json, validate
from tests.test_print_cli import text_of


def _file(ws):
    lm = ws.learning
    unit = lm.save_subject(SubjectDraft("unit", "Trường Tiểu học Hòa Bình", head="Đỗ Văn Hải", size=32))
    reg = lm.register(unit.created["learning_subject"][0], 2026, date(2026, 2, 5)).created["learning_registration"][0]
    points = dict(zip(["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"], (10, 10, 10, 10, 5, 10, 5, 20, 0)))
    lm.assess(reg, "don-vi-hoc-tap-xa", 1, points, assessed_on=date(2026, 11, 20))  # 80: Khá
    lm.save_subject(SubjectDraft("family", "Nguyễn Văn An", "Thôn Đông", size=4))
    path = ws.datafile.path
    ws.close()
    return path


def test_the_statistics_table_and_a_score_sheet_from_the_command_line(ws, tmp_path, capsys):
    db = _file(ws)
    out = tmp_path / "bieu.pdf"
    data = run_json(capsys, "print", "learning-models-table", "--db", db, "--out", out, "--year", 2026)
    validate(data, "print")
    assert data == {"document": "learning-models-table", "path": str(out), "count": 1, "year": 2026}
    assert "BIỂU THỐNG KÊ" in " ".join(text_of(out))
    sheet = tmp_path / "phieu.pdf"
    data = run_json(capsys, "print", "score-sheet", "--db", db, "--out", sheet, "--set", "don-vi-hoc-tap-xa",
                    "--year", 2026, "--subject", "truong tieu hoc hoa binh")
    validate(data, "print")
    assert data["subject"] == "Trường Tiểu học Hòa Bình" and data["criteria_set"] == "don-vi-hoc-tap-xa@1"
    text = " ".join(" ".join(text_of(sheet)).split())
    assert "Kết quả: Khá" in text and "TỔNG CỘNG 100 80" in text
    blank = tmp_path / "trong.pdf"
    validate(run_json(capsys, "print", "score-sheet", "--db", db, "--out", blank, "--set", "gia-dinh-hoc-tap"), "print")
    assert "chưa có" in " ".join(text_of(blank))


def test_an_unknown_set_or_subject_is_refused_and_nothing_written(ws, tmp_path, capsys):
    db = _file(ws)
    out = tmp_path / "x.pdf"
    assert main(["print", "score-sheet", "--db", str(db), "--out", str(out), "--set", "khong-co"]) == 1
    err = capsys.readouterr().err
    assert "Không có bộ tiêu chí mã “khong-co”" in err and "cong-dan-hoc-tap" in err
    assert main(["print", "score-sheet", "--db", str(db), "--out", str(out), "--set", "don-vi-hoc-tap-xa",
                 "--year", "2026", "--subject", "Trạm Y tế"]) == 1
    assert "Không có đơn vị “Trạm Y tế” đăng ký năm 2026" in capsys.readouterr().err
    assert not out.exists()


def test_recognition_certificates_from_the_command_line(ws, tmp_path, capsys):
    from tests.learning_helpers import learning_year

    learning_year(ws)
    db = ws.datafile.path
    ws.close()
    out = tmp_path / "gcn.pdf"
    data = run_json(capsys, "print", "recognition-certificates", "--db", db, "--out", out, "--year", 2026,
                    "--model", "family")
    validate(data, "print")
    assert data == {"document": "recognition-certificates", "path": str(out), "count": 2, "year": 2026,
                    "numbered": 2, "model": "family"}
    text = " ".join(text_of(out))
    assert "GIẤY CÔNG NHẬN" in text and "Số vào sổ: 2/GĐHT-2026" in text
    again = run_json(capsys, "print", "recognition-certificates", "--db", db, "--out", out, "--year", 2026)
    assert (again["count"], again["numbered"]) == (4, 2)  # the families keep theirs; community and unit get one
    blank = tmp_path / "phoi.pdf"
    data = run_json(capsys, "print", "recognition-certificates", "--db", db, "--out", blank, "--year", 2026,
                    "--model", "unit", "--mode", "blank-form")
    validate(data, "print")
    assert data["profile"] == "Phôi giấy công nhận A4 ngang" and data["numbered"] == 0
    calibration = tmp_path / "can.pdf"
    validate(run_json(capsys, "print", "recognition-certificates", "--db", db, "--out", calibration, "--year", 2026,
                      "--calibration"), "print")
    assert "TRANG CĂN CHỈNH PHÔI GIẤY CÔNG NHẬN" in " ".join(text_of(calibration))
    assert "Năm công nhận" in " ".join(text_of(calibration))  # its own field names, not the giấy khen's
    assert main(["print", "recognition-certificates", "--db", str(db), "--out", str(tmp_path / "x.pdf"),
                 "--year", "2026", "--model", "clan"]) == 1
    assert "Chưa có dòng họ học tập nào được công nhận năm 2026" in capsys.readouterr().err
    assert main(["print", "recognition-certificates", "--db", str(db), "--out", str(tmp_path / "x.pdf"),
                 "--year", "2026", "--copies", "3"]) == 1
    assert "--copies chỉ dùng với --model citizen" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_registration_forms_and_the_recognition_list_from_the_command_line(ws, tmp_path, capsys):
    from tests.learning_helpers import learning_year

    learning_year(ws)
    db = ws.datafile.path
    ws.close()
    out = tmp_path / "dk.pdf"
    data = run_json(capsys, "print", "learning-registration", "--db", db, "--out", out, "--year", 2026,
                    "--village", "Thôn Đông")
    validate(data, "print")
    assert data == {"document": "learning-registration", "path": str(out), "count": 4, "year": 2026,
                    "model": "family", "blank": False, "village": "Thôn Đông"}
    data = run_json(capsys, "print", "learning-registration", "--db", db, "--out", out, "--year", 2026,
                    "--model", "clan", "--subject", "ho nguyen")
    assert data["count"] == 1 and "Tên dòng họ: Họ Nguyễn" in " ".join(text_of(out))
    validate(run_json(capsys, "print", "learning-registration", "--db", db, "--out", out, "--year", 2027,
                      "--model", "citizen"), "print")
    assert "“CÔNGDÂNHỌCTẬP”NĂM2027" in "".join("".join(text_of(out)).split())
    listed = tmp_path / "ds.pdf"
    data = run_json(capsys, "print", "recognition-list", "--db", db, "--out", listed, "--year", 2026)
    validate(data, "print")
    assert data == {"document": "recognition-list", "path": str(listed), "count": 4, "recognised": 4, "year": 2026,
                    "decisions": ["20/QĐ-UBND", "22/QĐ-UBND", "21/QĐ-UBND"]}
    assert main(["print", "learning-registration", "--db", str(db), "--out", str(tmp_path / "x.pdf"), "--year",
                 "2026", "--subject", "Ngô Văn Không"]) == 1
    assert "Không có gia đình “Ngô Văn Không” trong danh sách" in capsys.readouterr().err
    assert main(["print", "recognition-list", "--db", str(db), "--out", str(tmp_path / "x.pdf"), "--year",
                 "2026", "--model", "clan"]) == 1
    assert "Chưa có dòng họ học tập nào được công nhận năm 2026" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
