"""`khuyenhoc province move`: a province file moved to an empty PostgreSQL store gives the same summary,
ledger and checksum; a store with data, a commune file, a password in the address are refused; a failure
half-way leaves the server as it was."""

from __future__ import annotations

import json

import pytest

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.errors import DataFileError
from khuyenhoc_desktop.services.workspace import Workspace
from tests.services.test_province_import import CODE, NAME, Commune, award, learning_class, open_province, voucher
from tests.sql_helpers import run_sql
from tests.test_cli_json import validate


def _json(capsys, *args, code: int = 0):
    assert main([*map(str, args), "--json"]) == code
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


@pytest.fixture
def province_file(tmp_path):
    """A province file with two communes, rejected rows, a revoked key and the ledger of three packages."""
    path = tmp_path / "tinh.db"
    with open_province(path) as ws:
        xa, other = Commune(tmp_path / "xa"), Commune(tmp_path / "xb", code="07465", name="Song Khê")
        ws.province.register_commune(CODE, NAME, xa.card_path)
        ws.province.register_commune(other.code, other.name, other.card_path)
        ws.province.import_file(xa.package([award(i) for i in range(40)] + [learning_class(0), voucher(0),
                                                                            voucher(1, kind="chi", amount=300_000)]))
        ws.province.import_file(xa.package([award(3, version=2, amount=5), award(7, amount=1)]))  # one conflict
        ws.province.import_file(other.package([award(100 + i) for i in range(15)]))
        ws.province.revoke_commune(other.code, "Máy tính của xã bị mất")
        ws.province.set_profile("24", "Bắc Giang")
    return path


def test_move_gives_the_same_summary_ledger_and_checksum(province_file, pg_server, capsys):
    url = pg_server.new_database(with_schema=False)  # a new database: the move makes the schema
    before, _ = _json(capsys, "summary", "--db", province_file)
    communes_before, _ = _json(capsys, "sync", "communes", "--db", province_file)
    with Workspace.open(province_file) as ws:
        checksum = ws.province.checksum()

    moved, err = _json(capsys, "province", "move", "--from", province_file, "--to", url)
    validate(moved, "province_move")
    assert moved["tables"]["prov_award"] == 55 and moved["tables"]["prov_rejected"] == 1
    assert moved["tables"]["prov_package"] == 3 and moved["rows"] == sum(moved["tables"].values())
    assert "prov_award: 55/55 dòng" in err and "Xong:" in err  # progress on stderr

    after, _ = _json(capsys, "summary", "--db", url)
    assert after == before
    communes_after, _ = _json(capsys, "sync", "communes", "--db", url)
    assert communes_after == communes_before
    with Workspace.open(url) as ws:
        assert ws.province.checksum() == checksum
        assert ws.province.profile().code == "24"
        # the identity columns go on after the ids moved: the next rejected row gets a new id
        xa = Commune(province_file.parent / "xa2", code="07999", name="Xã mới")
        ws.province.register_commune("07999", "Xã mới", xa.card_path)
        ws.province.import_file(xa.package([award(900), award(900, amount=1)]))
        ids = [r[0] for r in run_sql(ws.db, "SELECT id FROM prov_package ORDER BY id")]
        assert ids == sorted(set(ids)) and len(ids) == 4
    pg_server.drop_database(url)


def test_move_refuses_a_store_with_data_a_commune_file_and_a_password(province_file, pg_url, tmp_path, capsys):
    with Workspace.open(pg_url) as ws:
        ws.province.register_commune(CODE, NAME, Commune(tmp_path / "c").card_path)
    assert main(["province", "move", "--from", str(province_file), "--to", pg_url]) == 1
    err = capsys.readouterr().err
    assert "đã có dữ liệu" in err and "prov_commune" in err
    with Workspace.open(pg_url) as ws:
        assert len(ws.province.communes()) == 1  # nothing added

    commune = tmp_path / "xa.db"
    Workspace.open(commune).close()
    assert main(["province", "move", "--from", str(commune), "--to", pg_url]) == 1
    assert "tệp dữ liệu của xã" in capsys.readouterr().err

    with_password = pg_url.replace("@", ":matkhau@", 1)
    assert main(["province", "move", "--from", str(province_file), "--to", with_password]) == 1
    assert "Không ghi mật khẩu trong địa chỉ" in capsys.readouterr().err


def test_a_failure_half_way_leaves_the_server_as_it_was(province_file, pg_server, monkeypatch, capsys):
    from khuyenhoc_desktop.storage.province import move as move_store

    url = pg_server.new_database()
    real = move_store.copy_table

    def failing(conn, db, model, progress=None):
        if model._meta.table_name == "prov_award":
            raise DataFileError("Mất kết nối (thử)")
        return real(conn, db, model, progress)

    monkeypatch.setattr(move_store, "copy_table", failing)
    assert main(["province", "move", "--from", str(province_file), "--to", url]) == 1
    assert "Mất kết nối (thử)" in capsys.readouterr().err
    with Workspace.open(url) as ws:
        assert move_store.nonempty_tables(ws.db) == []
    pg_server.drop_database(url)
