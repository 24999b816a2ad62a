"""`khuyenhoc sync register|import|ack|province-card` and `khuyenhoc summary` on a province store: a file,
or a PostgreSQL database (`province_db`: most tests run on both)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.services import demo
from tests.clock_helpers import TEST_CLOCK
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import open_ack


@pytest.fixture
def files(tmp_path):
    with Workspace.open(tmp_path / "xa.db", clock=TEST_CLOCK) as ws:
        demo.fill(ws, awards=30, seed=5, commune_code="07462", commune_name="Tân Dĩnh")
        ws.sync.save_key_card(tmp_path / "xa.khkey")
        p1 = ws.sync.export_package(tmp_path / "p1.khsync").path
        # Counted record by record (not with the program's own queries): approved and paid awards are given.
        awards = ws.awards.fetch(ws.awards.uuids(AwardFilter()))
        given = [a.amount for a in awards if a.status in ("approved", "awarded")]
        drafts = [a.amount for a in awards if a.status == "draft"]
    return tmp_path, p1, ((len(given), sum(given)), (len(drafts), sum(drafts)))


def test_register_import_dry_run_reimport_ack_and_summary(files, capsys, province_db):
    tmp, p1, ((n_awards, amount), (n_drafts, drafts_amount)) = files
    db = province_db  # a file, or a PostgreSQL database
    assert main(["sync", "register", "--db", db, "--commune-code", "07462", "--name", "Tân Dĩnh",
                 "--key", str(tmp / "xa.khkey")]) == 0
    out = capsys.readouterr().out
    assert "Đã đăng ký xã Tân Dĩnh (07462)" in out
    with Workspace.open(db) as ws:
        assert ws.datafile.role == "province"

    assert main(["sync", "import", "--db", db, "--dry-run", str(p1)]) == 0
    out = capsys.readouterr().out
    assert "Thử nhập (chưa ghi)" in out and "Mới: " in out and "bị từ chối: 0" in out
    words = out.replace(str(p1), "")  # the file name aside, Vietnamese only
    assert not any(w in words for w in ("dry_run", "created", "updated", "rejected"))
    with Workspace.open(db) as ws:
        assert ws.db.execute_sql("SELECT COUNT(*) FROM prov_record").fetchone()[0] == 0

    assert main(["sync", "import", "--db", db, str(p1)]) == 0
    assert ": Đã nhập — Đã nhập gói số 1" in capsys.readouterr().out
    assert main(["sync", "import", "--db", db, str(p1)]) == 0
    assert "đã nhập" in capsys.readouterr().out

    bad = tmp / "bad.khsync"
    data = bytearray(p1.read_bytes())
    data[-200] ^= 0x40
    bad.write_bytes(bytes(data))
    assert main(["sync", "import", "--db", db, "--json", str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["dry_run"] is False
    assert report["files"][0]["status"] == "refused" and report["files"][0]["message"]

    assert main(["sync", "ack", "--db", db, "--commune-code", "07462", "--out", str(tmp / "a.khack")]) == 0
    assert "biên nhận" in capsys.readouterr().out
    assert open_ack(tmp / "a.khack").up_to_seq == 1
    assert main(["sync", "province-card", "--db", db, "--out", str(tmp / "tinh.khkey"), "--province-code", "24"]) == 0
    assert (tmp / "tinh.khkey").read_text(encoding="utf-8").count("role: province") == 1

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    res = subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", "summary", "--db", db], capture_output=True,
                         text=True, encoding="utf-8", env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert list(out) == ["awards", "classes", "fund", "members", "learning_models", "by_commune"]  # a commune's, and by commune
    agg = out
    assert n_drafts > 0 and n_awards > 0  # demo data has both: only the approved and paid ones count as given
    assert agg["by_commune"]["07462"]["awards"] == {"count": n_awards, "amount": amount,
                                                    "pending": {"count": n_drafts, "amount": drafts_amount}}
    assert agg["awards"]["count"] == n_awards
    f = agg["fund"]
    assert f["balance"] == f["opening"] + f["receipts"] - f["payments"]


def test_import_exits_non_zero_for_unknown_commune_and_rejected_rows(files, capsys, tmp_path):
    tmp, p1, _ = files
    db = str(tmp / "tinh2.db")
    with Workspace.open(db, role="province"):
        pass
    assert main(["sync", "import", "--db", db, str(p1)]) == 1
    assert "chưa được đăng ký" in capsys.readouterr().out
    assert main(["sync", "import", "--db", str(tmp / "khong-co.db"), str(p1)]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err
    # a commune file is not a province file
    assert main(["sync", "import", "--db", str(tmp / "xa.db"), str(p1)]) == 1
    assert "của xã" in capsys.readouterr().err


@pytest.fixture
def registered(files, capsys, province_db):
    tmp, p1, _ = files
    db = province_db
    assert main(["sync", "register", "--db", db, "--commune-code", "07462", "--name", "Tân Dĩnh",
                 "--key", str(tmp / "xa.khkey")]) == 0
    assert main(["sync", "import", "--db", db, str(p1)]) == 0
    capsys.readouterr()
    return tmp, db, p1


def _province_state(db: str):
    with Workspace.open(db) as ws:
        return ws.province.checksum(), ws.db.execute_sql("SELECT COUNT(*) FROM audit_log").fetchone()[0]


def test_communes_lists_registered_communes(registered, capsys):
    tmp, db, _ = registered
    assert main(["sync", "communes", "--db", db]) == 0
    out = capsys.readouterr().out
    with Workspace.open(db) as ws:
        fp = ws.province.commune("07462").fingerprint
    assert "07462  Tân Dĩnh" in out and fp in out
    assert "Số gói đã nhập: 1; gói cuối: 1; thiếu gói: không" in out and "Trạng thái: đang dùng" in out
    assert main(["sync", "communes", "--db", db, "--json"]) == 0
    (c,) = json.loads(capsys.readouterr().out)["communes"]
    assert c["code"] == "07462" and c["revoked"] is False and c["revoked_reason"] == "" and c["gaps"] == []


def test_revoke_then_import_is_refused_and_communes_shows_it(registered, capsys):
    tmp, db, p1 = registered
    assert main(["sync", "revoke", "--db", db, "--commune", "07462", "--reason", "Máy tính của xã bị mất trộm"]) == 0
    out = capsys.readouterr().out
    assert "Đã thu hồi khóa" in out and "Tân Dĩnh (07462)" in out and "các gói đã nhập vẫn giữ nguyên" in out

    assert main(["sync", "communes", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Trạng thái: đã thu hồi khóa lúc " in out and "lý do: Máy tính của xã bị mất trộm" in out
    assert "1 xã đã bị thu hồi khóa" in out
    assert main(["sync", "communes", "--db", db, "--json"]) == 0
    (c,) = json.loads(capsys.readouterr().out)["communes"]
    assert c["revoked"] is True and c["revoked_reason"] == "Máy tính của xã bị mất trộm" and c["revoked_at"]

    # a new package from the commune is refused; the one imported before stays
    with Workspace.open(tmp / "xa.db") as ws:
        p2 = ws.sync.export_package(tmp / "p2.khsync", full=True).path  # the next package, seq 2
    assert main(["sync", "import", "--db", db, str(p2)]) == 1
    assert "đã bị thu hồi" in capsys.readouterr().out
    with Workspace.open(db) as ws:
        assert ws.db.execute_sql("SELECT COUNT(*) FROM prov_package").fetchone()[0] == 1

    # revoking again: a message, nothing written
    before = _province_state(db)
    assert main(["sync", "revoke", "--db", db, "--commune", "07462", "--reason", "Lần nữa"]) == 0
    assert "đã bị thu hồi từ trước" in capsys.readouterr().out
    assert _province_state(db) == before

    # registering the commune again (its key card) lifts the revocation
    assert main(["sync", "register", "--db", db, "--commune-code", "07462", "--key", str(tmp / "xa.khkey")]) == 0
    capsys.readouterr()
    assert main(["sync", "import", "--db", db, str(p2)]) == 0


def test_revoke_errors_go_to_stderr_and_write_nothing(registered, capsys):
    tmp, db, _ = registered
    before = _province_state(db)
    assert main(["sync", "revoke", "--db", db, "--commune", "99999", "--reason", "Mất máy"]) == 1
    captured = capsys.readouterr()
    assert "Lỗi: Xã mã 99999 chưa được đăng ký với tỉnh" in captured.err and captured.out == ""
    assert main(["sync", "revoke", "--db", db, "--commune", "07462", "--reason", "   "]) == 1
    assert "Hãy ghi lý do thu hồi khóa" in capsys.readouterr().err
    assert _province_state(db) == before
    missing = tmp / "khong-co.db"
    assert main(["sync", "revoke", "--db", str(missing), "--commune", "07462", "--reason", "Mất máy"]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err and not missing.exists()
    assert main(["sync", "communes", "--db", str(missing)]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err and not missing.exists()
    for cmd in (["communes"], ["revoke", "--commune", "07462", "--reason", "Mất máy"]):
        assert main(["sync", *cmd, "--db", str(tmp / "xa.db")]) == 1
        assert "của xã, không phải tệp tổng hợp của tỉnh" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # --reason is required
        main(["sync", "revoke", "--db", db, "--commune", "07462"])
    assert exc.value.code == 2 and "thiếu tham số bắt buộc: --reason" in capsys.readouterr().err


def test_every_sub_command_speaks_json_and_revoke_takes_commune_code(registered, capsys):
    tmp, db, p1 = registered
    assert main(["sync", "register", "--db", db, "--commune-code", "07462", "--name", "Tân Dĩnh",
                 "--key", str(tmp / "xa.khkey"), "--json"]) == 0
    c = json.loads(capsys.readouterr().out)
    assert (c["code"], c["name"], c["revoked"], c["packages"], c["last_seq"]) == ("07462", "Tân Dĩnh", False, 1, 1)

    assert main(["sync", "import", "--db", db, "--json", str(p1)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and [f["status"] for f in report["files"]] == ["already"]

    assert main(["sync", "ack", "--db", db, "--commune-code", "07462", "--out", str(tmp / "a.khack"), "--json"]) == 0
    ack = json.loads(capsys.readouterr().out)
    assert (ack["commune_code"], ack["up_to_seq"], ack["returned"]) == ("07462", 1, 0)
    with Workspace.open(db) as ws:  # every record of the one package imported, none returned
        assert ack["accepted"] == ws.db.execute_sql("SELECT COUNT(*) FROM prov_record").fetchone()[0] > 0

    assert main(["sync", "province-card", "--db", db, "--out", str(tmp / "t.khkey"), "--province-code", "24",
                 "--province-name", "Bắc Ninh", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert (card["province_code"], card["province_name"]) == ("24", "Bắc Ninh") and card["signing_fingerprint"]

    assert main(["sync", "revoke", "--db", db, "--commune-code", "07462", "--reason", "Khóa bị lộ", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["revoked_now"] is True and done["commune"]["revoked_reason"] == "Khóa bị lộ"
    assert main(["sync", "revoke", "--db", db, "--commune-code", "07462", "--reason", "Lần nữa", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["revoked_now"] is False and again["commune"]["revoked_reason"] == "Khóa bị lộ"


def test_revoke_help_shows_one_spelling_of_the_commune_option(capsys):
    with pytest.raises(SystemExit):
        main(["sync", "revoke", "--help"])
    out = capsys.readouterr().out
    assert "--commune-code" in out and out.count("--commune") == out.count("--commune-code")
    with pytest.raises(SystemExit) as exc:  # one of the two spellings is required
        main(["sync", "revoke", "--db", "x.db", "--reason", "Mất máy"])
    assert exc.value.code == 2 and "--commune-code" in capsys.readouterr().err


def test_unit_change_retires_the_old_communes_key_and_communes_shows_it(registered, capsys):
    tmp, db, p1 = registered
    assert main(["sync", "unit-change", "add", "--db", db, "--old", "07462", "--new", "07432",
                 "--decision", "Nghị quyết số 1658/NQ-UBTVQH15", "--date", "16/06/2025"]) == 0
    out = capsys.readouterr().out
    assert "07432  Xã Tân Dĩnh — chưa đăng ký khóa với tỉnh" in out and "Từ các xã cũ: Tân Dĩnh (07462)" in out
    assert "Quyết định: Nghị quyết số 1658/NQ-UBTVQH15 ngày 16/06/2025; có hiệu lực từ ngày 01/07/2025" in out
    assert main(["sync", "unit-changes", "--db", db]) == 0
    assert "Tổng cộng 1 xã mới, 1 xã cũ." in capsys.readouterr().out
    assert main(["sync", "communes", "--db", db]) == 0
    out = capsys.readouterr().out
    assert ("Trạng thái: đã hợp nhất vào Xã Tân Dĩnh (07432) từ ngày 01/07/2025; khóa thôi dùng cho gói lập sau "
            "ngày đó (không phải thu hồi)") in out and "1 xã cũ đã hợp nhất" in out
    with Workspace.open(tmp / "xa.db") as ws:
        p2 = ws.sync.export_package(tmp / "p2.khsync", full=True).path  # made today, after the merger
    before = _province_state(db)
    assert main(["sync", "import", "--db", db, str(p2)]) == 1
    out = capsys.readouterr().out
    assert "Bị từ chối" in out and "đã hợp nhất vào Xã Tân Dĩnh (mã 07432) từ ngày 01/07/2025" in out
    assert _province_state(db) == before
    # figures by new commune: the old one's under its successor
    assert main(["summary", "--db", db, "--by", "new"]) == 0
    by_new = json.loads(capsys.readouterr().out)["by_commune"]
    assert list(by_new) == ["07432"] and by_new["07432"]["name"] == "Xã Tân Dĩnh"


@pytest.mark.parametrize("args, message", [
    (["--old", "07462,07432", "--new", "07432"], "Lỗi: Mã xã mới 07432 cũng có trong danh sách xã cũ"),
    (["--old", "07462", "--new", "12345"], "Lỗi: Mã xã mới 12345 không có trong danh sách đơn vị hành chính"),
    (["--old", "07462", "--new", "07432", "--date", "32/13/2025"], "Lỗi: Ngày quyết định “32/13/2025” không hợp lệ"),
    (["--old", "x1", "--new", "07432"], "Lỗi: Mã xã “x1” không hợp lệ"),
])
def test_bad_unit_changes_exit_1_and_write_nothing(registered, capsys, args, message):
    tmp, db, _ = registered
    before = _province_state(db)
    assert main(["sync", "unit-change", "add", "--db", db, *args]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(message) and captured.out == ""
    assert _province_state(db) == before


def test_unit_changes_on_a_commune_file_and_a_missing_file(files, capsys):
    tmp, _, _ = files
    assert main(["sync", "unit-changes", "--db", str(tmp / "xa.db")]) == 1
    assert "của xã, không phải tệp tổng hợp của tỉnh" in capsys.readouterr().err
    assert main(["sync", "unit-changes", "--db", str(tmp / "khong-co.db")]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err and not (tmp / "khong-co.db").exists()
