"""`khuyenhoc criteria list|export|import`: a province distributes its own version of a criteria set — saved in the
province's file, exported as JSON, imported into a commune's file, where it scores a sheet; a set in use cannot
be overwritten by a file of the same version; a broken file is refused with a Vietnamese message."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.learning_models import SubjectDraft
from khuyenhoc_desktop.services.workspace import Workspace
from tests.test_cli_json import run_json, validate

UNIT_SET = "don-vi-hoc-tap-xa"


def _province_version(tmp_path) -> None:
    """The province's file supersedes the shipped unit set with its own version 2 (a lower pass mark)."""
    with Workspace.open(tmp_path / "tinh.db", role="province") as prov:
        prov.province.set_profile("24", "Bắc Giang")
        old = prov.learning.criteria_set(UNIT_SET, 1)
        prov.learning.supersede(UNIT_SET, 1, {"name": f"{old.name} — hướng dẫn của tỉnh",
                                              "status": "cần đối chiếu"})


def test_a_set_exported_from_the_province_imports_in_a_commune_and_scores_there(tmp_path, capsys):
    _province_version(tmp_path)
    out = tmp_path / "bo-tieu-chi-don-vi.json"
    exported = run_json(capsys, "criteria", "export", "--db", tmp_path / "tinh.db", "--set", UNIT_SET, "--out", out)
    validate(exported, "criteria_export")
    assert exported["set"]["version"] == 2 and not exported["set"]["shipped"]  # the newest: the province's own
    assert exported["path"] == str(out) and out.exists()

    commune = tmp_path / "xa.db"
    with Workspace.open(commune) as ws:
        assert [s.version for s in ws.learning.criteria_sets() if s.code == UNIT_SET] == [1]
    imported = run_json(capsys, "criteria", "import", "--db", commune, out)
    validate(imported, "criteria_import")
    assert imported["created"] is True
    assert {k: imported["set"][k] for k in ("code", "version", "name", "status", "in_use")} == {
        "code": UNIT_SET, "version": 2, "name": exported["set"]["name"], "status": "cần đối chiếu", "in_use": 0}

    with Workspace.open(commune) as ws:  # the commune scores a unit with the province's version
        lm = ws.learning
        unit = lm.save_subject(SubjectDraft("unit", "Trường Tiểu học", head="Lê Thị Hoa", size=30)).created[
            "learning_subject"][0]
        year = ws.clock.today().year
        registration = lm.register(unit, year, date(year, 1, 10)).created["learning_registration"][0]
        criteria_set = lm.criteria_set(UNIT_SET, 2)
        assert criteria_set.items == lm.criteria_set(UNIT_SET, 1).items  # the same criteria, copied
        lm.assess(registration, UNIT_SET, 2, {i.code: i.max_points for i in criteria_set.items},
                  assessed_on=date(year, 1, 20))
    listed = run_json(capsys, "criteria", "list", "--db", commune)
    validate(listed, "criteria_list")
    by_key = {(s["code"], s["version"]): s for s in listed["sets"]}
    assert by_key[(UNIT_SET, 2)]["in_use"] == 1 and by_key[(UNIT_SET, 1)]["shipped"] is True

    # the same version again, now in use: refused, nothing changed
    assert main(["criteria", "import", "--db", str(commune), str(out), "--json"]) == 1
    assert "đã dùng cho 1 phiếu chấm" in capsys.readouterr().err


def test_a_broken_or_unknown_set_is_refused_in_vietnamese(tmp_path, capsys):
    bad = tmp_path / "hong.json"
    bad.write_text('{"format": 1, "code": ', encoding="utf-8")
    commune = tmp_path / "xa.db"
    Workspace.open(commune).close()
    assert main(["criteria", "import", "--db", str(commune), str(bad)]) == 1
    assert "Tệp bộ tiêu chí không đọc được" in capsys.readouterr().err
    assert main(["criteria", "export", "--db", str(commune), "--set", "khong-co", "--out",
                 str(tmp_path / "x.json")]) == 1
    assert "Không có bộ tiêu chí mã “khong-co”" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
