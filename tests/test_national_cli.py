"""`khuyenhoc sync export-national` and `khuyenhoc national register|import|provinces|revoke`, `summary` and
`check` on a national store, through the command line with `--json` (validated against
docs/schemas/cli.schema.json), on both engines."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.services.summary import summary
from tests.services.national_helpers import ProvinceFixture, national_db  # noqa: F401 (a fixture)
from tests.test_cli_json import reconciles, run_json, validate


@pytest.fixture
def two(tmp_path):
    found = [ProvinceFixture(tmp_path / f"tinh-{code}", code) for code in ("24", "01")]
    for p in found:
        p.ws.close()  # the commands open the files themselves
    yield found


def _province_summary(p: ProvinceFixture) -> dict:
    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.storage.database import DataFile
    from tests.clock_helpers import TEST_CLOCK

    with Workspace(DataFile.open(p.folder / "tinh.db", read_only=True), TEST_CLOCK) as ws:
        return summary(ws)


def test_export_register_import_provinces_summary_and_check(two, national_db, tmp_path, capsys):
    files = []
    for p in two:
        out = tmp_path / f"{p.code}.khprov"
        data = run_json(capsys, "sync", "export-national", "--db", p.folder / "tinh.db", "--out", out, "--detail")
        validate(data, "sync_export_national")
        assert data["seq"] == 1 and data["prev_package_sha256"] is None and data["detail"] is True
        assert data["periods"][0] == "" and data["communes"] == len(p.communes)
        files.append(out)
        card = run_json(capsys, "national", "register", "--db", national_db, "--province-code", p.code,
                        "--name", p.name, "--key", p.card)
        validate(card, "national_province")
        assert card["status"] == "active" and card["packages"] == 0
    imported = run_json(capsys, "national", "import", "--db", national_db, *files)
    validate(imported, "national_import")
    assert imported["ok"] and [f["status"] for f in imported["files"]] == ["applied", "applied"]
    again = run_json(capsys, "national", "import", "--db", national_db, files[0])
    assert again["files"][0]["status"] == "already"
    listed = run_json(capsys, "national", "provinces", "--db", national_db)
    validate(listed, "national_provinces")
    assert [(p["code"], p["packages"], p["figures_seq"]) for p in listed["provinces"]] == [("01", 1, 1), ("24", 1, 1)]
    nat = run_json(capsys, "summary", "--db", national_db)
    validate(nat, "summary")
    reconciles(nat["fund"])
    # the CLI's summary runs on the real clock (members, learning models of this year): compare the sections
    # that do not depend on the day, from each province's own summary
    for p in two:
        own = _province_summary(p)
        for section in ("awards", "classes", "fund"):
            assert nat["by_province"][p.code][section] == own[section]
        for code in p.communes:
            for section in ("classes", "fund"):
                assert nat["by_commune"][code][section]["count" if section == "classes" else "balance"] == \
                    own["by_commune"][code][section]["count" if section == "classes" else "balance"]
            assert nat["by_commune"][code]["province_code"] == p.code
    assert nat["awards"]["count"] == 9
    check = run_json(capsys, "check", "--db", national_db)
    validate(check, "check")
    assert check["role"] == "national" and check["problems"] == []
    assert check["counts"]["nat_province"]["total"] == 2 and check["counts"]["nat_package"]["total"] == 2
    revoked = run_json(capsys, "national", "revoke", "--db", national_db, "--province-code", "01",
                       "--reason", "Khóa bị lộ")
    validate(revoked, "national_province")
    assert revoked["status"] == "revoked" and revoked["revoked_reason"] == "Khóa bị lộ"


def test_refusals_exit_1_with_a_vietnamese_message(two, tmp_path, capsys):
    p = two[0]
    out = tmp_path / "24.khprov"
    assert main(["sync", "export-national", "--db", str(p.folder / "tinh.db"), "--out", str(out)]) == 0
    hub = tmp_path / "tw.db"
    assert main(["national", "register", "--db", str(hub), "--province-code", "01", "--key", str(two[1].card)]) == 0
    capsys.readouterr()
    refused = run_json(capsys, "national", "import", "--db", hub, out, code=1)
    assert refused["files"][0]["status"] == "refused" and "chưa được đăng ký" in refused["files"][0]["message"]
    assert main(["national", "import", "--db", str(p.folder / "tinh.db"), str(out)]) == 1
    assert "không phải kho tổng hợp của Trung ương" in capsys.readouterr().err
    # a province store that has not written its code cannot sign a package for the hub
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(tmp_path / "moi.db", role="province"):
        pass
    assert main(["sync", "export-national", "--db", str(tmp_path / "moi.db"), "--out", str(tmp_path / "x.khprov")]) == 1
    assert "mã tỉnh" in capsys.readouterr().err and not (tmp_path / "x.khprov").exists()


def test_province_commands_on_a_national_store_name_it_so(tmp_path, capsys):
    from khuyenhoc_desktop.domain.roles import role_label
    from khuyenhoc_desktop.services.workspace import Workspace

    hub = tmp_path / "tw.db"
    Workspace.open(hub, role="national").close()
    assert main(["sync", "communes", "--db", str(hub)]) == 1
    err = capsys.readouterr().err
    assert role_label("national") in err and "tệp của xã" not in err and "dữ liệu của xã" not in err
