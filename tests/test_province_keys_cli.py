"""`khuyenhoc province share-keys` / `province accept-keys`: a second staff PC (another configuration folder,
another machine key) given the province's keys, on a province file or a PostgreSQL store."""

from __future__ import annotations

import getpass
import io

import pytest

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.commands import backup as backup_command
from khuyenhoc_desktop.sync import KeyCard, open_ack
from tests.services.test_province_import import CODE, NAME, Commune, award
from tests.test_cli_json import run_json, validate

ENV = "KH_MAT_KHAU_CHUYEN_KHOA"


def on(monkeypatch, tmp_path, pc: str) -> None:
    monkeypatch.setenv("KHUYENHOC_CONFIG_DIR", str(tmp_path / pc))


@pytest.fixture
def store(province_db, tmp_path, monkeypatch, capsys):
    """PC A made the keys (card for the communes), registered a commune and imported its first package."""
    on(monkeypatch, tmp_path, "may-a")
    commune = Commune(tmp_path / "xa")
    db = province_db
    assert main(["sync", "register", "--db", db, "--commune-code", CODE, "--name", NAME,
                 "--key", str(commune.card_path)]) == 0
    assert main(["sync", "province-card", "--db", db, "--out", str(tmp_path / "tinh.khkey"), "--province-code", "24",
                 "--province-name", "Bắc Ninh"]) == 0
    assert main(["sync", "import", "--db", db, str(commune.package([award(0)]))]) == 0
    capsys.readouterr()
    return db


def test_share_on_one_pc_accept_on_another_then_it_signs(store, tmp_path, monkeypatch, capsys):
    registered = KeyCard.load(tmp_path / "tinh.khkey")
    on(monkeypatch, tmp_path, "may-b")
    assert main(["sync", "ack", "--db", store, "--commune-code", CODE, "--out", str(tmp_path / "b.khack")]) == 1
    err = capsys.readouterr().err
    assert f"khuyenhoc province share-keys --db {store}" in err and "accept-keys" in err

    on(monkeypatch, tmp_path, "may-a")
    monkeypatch.setenv(ENV, "mật khẩu chung")
    shared = run_json(capsys, "province", "share-keys", "--db", store, "--out", tmp_path / "khoa-tinh.khkeys",
                      "--passphrase-env", ENV)
    validate(shared, "province_keys")
    assert shared["signing_fingerprint"] == registered.signing_fingerprint and shared["machines"] == 1
    assert (shared["province_code"], shared["province_name"], shared["already"]) == ("24", "Bắc Ninh", False)

    on(monkeypatch, tmp_path, "may-b")
    monkeypatch.setenv(ENV, "mật khẩu sai")
    assert main(["province", "accept-keys", "--db", store, str(tmp_path / "khoa-tinh.khkeys"),
                 "--passphrase-env", ENV]) == 1
    assert "Sai mật khẩu" in capsys.readouterr().err
    monkeypatch.setenv(ENV, "mật khẩu chung")
    added = run_json(capsys, "province", "accept-keys", "--db", store, tmp_path / "khoa-tinh.khkeys",
                     "--passphrase-env", ENV)
    validate(added, "province_keys")
    assert (added["machines"], added["already"]) == (2, False) and added["machine_id"] != shared["machine_id"]
    assert added["encryption_fingerprint"] == registered.encryption_fingerprint
    assert main(["sync", "ack", "--db", store, "--commune-code", CODE, "--out", str(tmp_path / "b.khack")]) == 0
    open_ack(tmp_path / "b.khack").verify(registered.signing_key, expected_commune_code=CODE)

    assert main(["province", "accept-keys", "--db", store, str(tmp_path / "khoa-tinh.khkeys"),
                 "--passphrase-env", ENV]) == 0
    out = capsys.readouterr().out
    assert "đã mở được khóa của tỉnh từ trước" in out and "Số máy mở được khóa trong kho: 2" in out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_passphrase_is_asked_twice_or_named_by_an_environment_variable(store, tmp_path, monkeypatch, capsys):
    out = tmp_path / "k.khkeys"
    assert main(["province", "share-keys", "--db", store, "--out", str(out), "--passphrase-env", "KHONG_CO_BIEN"]) == 1
    assert "KHONG_CO_BIEN chưa được đặt" in capsys.readouterr().err
    monkeypatch.setattr(backup_command.sys, "stdin", io.StringIO())  # no terminal to ask in
    assert main(["province", "share-keys", "--db", store, "--out", str(out)]) == 1
    assert "--passphrase-env" in capsys.readouterr().err
    monkeypatch.setattr(backup_command.sys, "stdin", Terminal())
    typed = iter(["mật khẩu một", "mật khẩu hai"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    assert main(["province", "share-keys", "--db", store, "--out", str(out)]) == 1
    assert "không khớp" in capsys.readouterr().err and not out.exists()
    typed = iter(["mật khẩu một", "mật khẩu một"])
    assert main(["province", "share-keys", "--db", store, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"Đã ghi tệp chuyển khóa của tỉnh: {out}" in text and "Bắc Ninh (mã 24)" in text
    assert "khuyenhoc province accept-keys" in text

    on(monkeypatch, tmp_path, "may-b")
    typed = iter(["mật khẩu một"])  # asked once to open
    assert main(["province", "accept-keys", "--db", store, str(out)]) == 0
    text = capsys.readouterr().out
    assert "Tệp chuyển khóa ghi lúc" in text and "Máy này đã nhận khóa của tỉnh" in text
    assert "Số máy mở được khóa trong kho: 2" in text


def test_a_damaged_transfer_file_is_refused_before_the_passphrase(store, tmp_path, monkeypatch, capsys):
    bad = tmp_path / "hong.khkeys"
    bad.write_bytes(b"KHKEYS1\n{not json\n")
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": pytest.fail("asked for a passphrase"))
    assert main(["province", "accept-keys", "--db", store, str(bad)]) == 1
    assert "bị hỏng hoặc không đúng định dạng" in capsys.readouterr().err
