"""The learning models travel to the province (schema 21): for three demo communes its `learning_models` per
commune equal the communes' own summaries and its totals their sums, for every year a summary can ask; a score
sheet changed and a recognition made reach it with the next package, a registration withdrawn and a household
deleted leave its figures; a repeated package is "đã nhập"; rows it could not count are refused."""

from __future__ import annotations

import shutil
import uuid as uuid_mod
from datetime import date

import pytest

from khuyenhoc_desktop.domain.learning_models import DecisionDraft, SubjectDraft
from khuyenhoc_desktop.services import demo
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import open_package
from tests.clock_helpers import TEST_CLOCK

COMMUNES = (("07462", "Tân Dĩnh", 1), ("07465", "Song Khê", 2), ("07468", "Đồng Sơn", 3))
MODELS = ("family", "clan", "community", "unit")
UNIT_SET = ("don-vi-hoc-tap-xa", 1)  # TT 22/2020, shipped
YEAR = TEST_CLOCK.today().year


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    """Three demo commune files (made once; each test works on copies)."""
    folder = tmp_path_factory.mktemp("learning-sync")
    for code, name, seed in COMMUNES:
        with Workspace.open(folder / f"{code}.db", clock=TEST_CLOCK) as ws:
            demo.fill(ws, awards=5, seed=seed, commune_code=code, commune_name=name)
    return folder


@pytest.fixture
def three(tmp_path, demo_files):
    prov = Workspace.open(tmp_path / "tinh.db", role="province", clock=TEST_CLOCK)
    prov.province.set_profile("24", "Bắc Giang")
    communes = []
    for code, name, _seed in COMMUNES:
        shutil.copy(demo_files / f"{code}.db", tmp_path / f"{code}.db")
        ws = Workspace.open(tmp_path / f"{code}.db", clock=TEST_CLOCK)
        ws.sync.save_key_card(tmp_path / f"{code}.khkey")
        prov.province.register_commune(code, name, tmp_path / f"{code}.khkey")
        communes.append(ws)
    yield prov, communes, tmp_path
    for ws in communes:
        ws.close()
    prov.close()


def _send(prov, ws, path):
    info = ws.sync.export_package(path)
    rep = prov.province.import_file(info.path)
    assert rep.ok and rep.mismatched_tables == [], (rep.rejected[:3], rep.warnings)
    return rep, info


def _send_all(prov, communes, tmp, n=1):
    for ws in communes:
        _send(prov, ws, tmp / f"{ws.organisation.commune_code}-{n}.khsync")


def _sums(blocks: list[dict]) -> dict:
    """The province's block worked out by hand: each figure the sum of the communes'."""
    out = {"year": blocks[0]["year"]}
    for kind in MODELS:
        out[kind] = {k: sum(b[kind][k] for b in blocks) for k in ("total", "registered", "recognised")}
    out["citizen"] = {k: sum(b["citizen"][k] for b in blocks) for k in ("registered", "recognised")}
    return out


def _province_copy(prov, table: str, uuid: str) -> tuple:
    return prov.db.execute_sql(f"SELECT * FROM prov_{table} WHERE uuid = ?", (uuid,)).fetchone()


def test_the_province_counts_the_learning_models_as_the_communes_do(three):
    prov, communes, tmp = three
    for ws in communes:
        _rep, info = _send(prov, ws, tmp / f"{ws.organisation.commune_code}.khsync")
        assert {"learning_subject", "learning_registration", "learning_assessment", "learning_decision",
                "learning_citizen_count"} <= set(open_package(info.path).counts)
    # today's year, and school years ending last year, this year and next (capped at today)
    for school_year, year in ((None, YEAR), ("2024-2025", YEAR - 1), ("2025-2026", YEAR), ("2026-2027", YEAR)):
        own = {ws.organisation.commune_code: summary(ws, school_year)["learning_models"] for ws in communes}
        assert all(b["year"] == year for b in own.values())
        if year == YEAR - 1:  # the demo's whole cycle: registered and recognised, in each model
            assert all(b[kind]["recognised"] > 0 for b in own.values() for kind in MODELS)
        assert all(b["citizen"]["registered"] > 0 for b in own.values())
        s = summary(prov, school_year)
        assert {code: c["learning_models"] for code, c in s["by_commune"].items()} == own
        assert s["learning_models"] == _sums(list(own.values()))
    # the communes differ, so the test would see one counted for another
    assert len({str(b) for b in own.values()}) == 3


def test_a_changed_score_sheet_and_a_recognition_reach_the_province(three):
    prov, communes, tmp = three
    xa = communes[0]
    code = xa.organisation.commune_code
    _send_all(prov, communes, tmp)
    lm = xa.learning
    subject = lm.save_subject(SubjectDraft("unit", "Trường Trung học phổ thông Tân Dĩnh", head="Lê Văn Hòa",
                                           unit_kind="Trường học", size=52)).created["learning_subject"][0]
    registration = lm.register(subject, YEAR, date(YEAR, 2, 10)).created["learning_registration"][0]
    items = lm.criteria_set(*UNIT_SET).items
    lm.assess(registration, *UNIT_SET, {i.code: 0 for i in items}, assessed_on=date(YEAR, 11, 25))
    sheet = lm.assessment(registration)
    assert not sheet.passed
    _send(prov, xa, tmp / "xa-2.khsync")
    before = summary(prov)["by_commune"][code]["learning_models"]["unit"]
    assert before == summary(xa)["learning_models"]["unit"]
    assert _province_copy(prov, "learning_assessment", sheet.uuid)[5:7] == (0, sheet.max_total)  # total, max

    # scored again with full marks, accepted and recognised: the next delta brings the province along
    lm.assess(registration, *UNIT_SET, {i.code: i.max_points for i in items}, assessed_on=date(YEAR, 11, 26))
    lm.review(registration, True, reviewed_on=date(YEAR, 11, 27))
    lm.recognise(DecisionDraft(YEAR, "unit", "45/QĐ-UBND", date(YEAR, 11, 30)), [registration])
    rep, _ = _send(prov, xa, tmp / "xa-3.khsync")
    assert rep.counts["updated"] >= 2 and rep.counts["created"] >= 1  # sheet and registration; the decision
    after = summary(prov)["by_commune"][code]["learning_models"]["unit"]
    assert after == summary(xa)["learning_models"]["unit"]
    assert after["recognised"] == before["recognised"] + 1 and after["registered"] == before["registered"]
    copy = _province_copy(prov, "learning_assessment", sheet.uuid)
    assert copy[5] == copy[6] == sheet.max_total and copy[8] == 1  # total = max, passed
    assert _province_copy(prov, "learning_registration", registration)[4] == "recognised"


def test_a_withdrawn_registration_and_a_deleted_household_leave_the_provinces_figures(three):
    prov, communes, tmp = three
    other = communes[1]
    code = other.organisation.commune_code
    lm = other.learning
    village = lm.subjects("family")[0].village
    household = lm.save_subject(SubjectDraft("family", "Phạm Thị Nhung", village, size=3)).created[
        "learning_subject"][0]
    typo = lm.save_subject(SubjectDraft("family", "Phạm Thị Nhungg", village, size=3),
                           confirm=True).created["learning_subject"][0]
    registration = lm.register(household, YEAR, date(YEAR, 2, 12)).created["learning_registration"][0]
    _send_all(prov, communes, tmp)
    before = summary(prov)["by_commune"][code]["learning_models"]["family"]

    lm.delete_registration(registration, "Đăng ký nhầm")
    lm.delete_subject(typo, "Gõ trùng tên")
    rep, info = _send(prov, other, tmp / "xa-2.khsync")
    assert rep.counts["deleted"] == 2  # the registration and the household (soft deletes travel as deletes)
    after = summary(prov)["by_commune"][code]["learning_models"]["family"]
    assert after == summary(other)["learning_models"]["family"]
    assert after == {"total": before["total"] - 1, "registered": before["registered"] - 1,
                     "recognised": before["recognised"]}
    assert _province_copy(prov, "learning_registration", registration)[-1] == 1  # deleted, kept as sent
    # the same package again: "đã nhập", nothing changes
    again = prov.province.import_file(info.path)
    assert again.status == "already" and "đã nhập rồi" in again.message
    assert summary(prov)["by_commune"][code]["learning_models"]["family"] == after


def test_a_recognised_registration_is_not_withdrawn(ws):
    from khuyenhoc_desktop.domain.errors import ConflictError

    lm = ws.learning
    unit = lm.save_subject(SubjectDraft("unit", "Trạm Y tế xã", head="Đỗ Văn Minh", size=9)).created[
        "learning_subject"][0]
    registration = lm.register(unit, YEAR, date(YEAR, 2, 5)).created["learning_registration"][0]
    lm.assess(registration, *UNIT_SET, {i.code: i.max_points for i in lm.criteria_set(*UNIT_SET).items},
              assessed_on=date(YEAR, 11, 20))
    lm.review(registration, True, reviewed_on=date(YEAR, 11, 21))
    lm.recognise(DecisionDraft(YEAR, "unit", "12/QĐ-UBND", date(YEAR, 11, 30)), [registration])
    with pytest.raises(ConflictError, match="đã được công nhận"):
        lm.delete_registration(registration)
    assert lm.registration(registration).status == "recognised"
    # one scored but not recognised goes with its score sheet, and the subject can register again
    school = lm.save_subject(SubjectDraft("unit", "Trường Mầm non", head="Vũ Thị Lan", size=20)).created[
        "learning_subject"][0]
    wrong = lm.register(school, YEAR, date(YEAR, 2, 5)).created["learning_registration"][0]
    lm.assess(wrong, *UNIT_SET, {}, assessed_on=date(YEAR, 11, 20))
    sheet = lm.assessment(wrong).uuid
    done = lm.delete_registration(wrong, "Đăng ký nhầm năm")
    assert done.deleted == {"learning_assessment": [sheet], "learning_registration": [wrong]}
    assert lm.registration_of(school, YEAR) is None and lm.assessment(wrong) is None
    assert lm.register(school, YEAR, date(YEAR, 2, 6)).created["learning_registration"]


def test_the_province_refuses_learning_rows_it_could_not_count():
    from khuyenhoc_desktop.services.province.rules import references, row_problem

    count = {"year": 2026, "target_group": "Công nhân", "registered": 40, "recognised": 30, "deleted": 0}
    assert row_problem("learning_citizen_count", count) is None
    assert "lớn hơn số đăng ký" in row_problem("learning_citizen_count", {**count, "recognised": 41})
    assert "registered" in row_problem("learning_citizen_count", {**count, "registered": -1})
    reg = {"subject_uuid": "s", "year": 2026, "registered_on": "2026-02-05", "status": "recognised",
           "decision_uuid": "d", "deleted": 0}
    assert row_problem("learning_registration", reg) is None
    assert "status" in row_problem("learning_registration", {**reg, "status": "approved"})
    assert "registered_on" in row_problem("learning_registration", {**reg, "registered_on": "05/02/2026"})
    assert row_problem("learning_registration", {k: v for k, v in reg.items() if k != "year"}) == "Thiếu trường year"
    assert references("learning_registration", reg) == (("subject_uuid", "learning_subject", "s"),
                                                        ("decision_uuid", "learning_decision", "d"))
    sheet = {"registration_uuid": "r", "set_code": "x", "set_version": 1, "assessed_on": "2026-11-20", "total": 101,
             "max_total": 100, "passed": 1, "deleted": 0}
    assert "điểm tối đa" in row_problem("learning_assessment", sheet)
    assert "kind" in row_problem("learning_subject", {"kind": "school", "name": "A", "deleted": 0})



def test_the_province_report_and_workbook_have_the_learning_section(three):
    from openpyxl import load_workbook

    from tests.pdf.pdfhelpers import pdf_text, squash

    prov, communes, tmp = three
    _send_all(prov, communes, tmp)
    total = _sums([summary(ws)["learning_models"] for ws in communes])
    family = total["family"]
    rate = f"{round(100 * family['recognised'] / family['total'], 1):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    text = squash("".join(pdf_text(prov.province.export_pdf(tmp / "tinh.pdf").read_bytes())))
    assert f"Xãhộihọctậpnăm{YEAR}" in text
    assert f"ToàntỉnhGiađìnhhọctập{family['total']}{family['registered']}{family['recognised']}{rate}70" in text
    citizens = total["citizen"]["registered"]
    grouped = f"{citizens // 1000}.{citizens % 1000:03d}" if citizens >= 1000 else str(citizens)  # 1.371, 815
    assert f"ToàntỉnhCôngdânhọctập{grouped}" in text
    book = load_workbook(prov.province.export_xlsx(tmp / "tinh.xlsx"))
    sheet = book[f"Xã hội học tập năm {YEAR}"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    province = [r for r in values if "Toàn tỉnh" in r]
    assert len(province) == 5
    assert province[0][3:6] == [family["total"], family["registered"], family["recognised"]]
    assert not any(r and r[0] == "Tổng cộng" for r in values)  # no sum across models


def _row(table: str, n: int, version: int = 1, **data) -> dict:
    u = str(uuid_mod.UUID(int=160_000 + n))
    return {"op": "delete" if data.get("deleted") else "upsert", "table": table, "uuid": u, "version": version,
            "updated_at": "2026-11-27T10:00:00+07:00", "data": {"uuid": u, "version": version, "deleted": 0, **data}}


def test_the_importer_returns_learning_rows_it_cannot_count_and_applies_the_rest(prov, xa):
    """Through a package: rows pointing to a subject the province lacks, or with impossible figures, are returned;
    the rest of the package is applied and counted; a higher version replaces, a deleted subject leaves the list."""
    from tests.services.test_province_import import CODE

    household = _row("learning_subject", 1, kind="family", name="Lê Văn Tám", village="Thôn 2", size=5)
    reg = _row("learning_registration", 2, subject_uuid=household["uuid"], year=YEAR, registered_on=f"{YEAR}-02-05",
               status="registered")
    orphan = _row("learning_registration", 3, subject_uuid=str(uuid_mod.UUID(int=9)), year=YEAR,
                  registered_on=f"{YEAR}-02-05", status="registered")
    too_many = _row("learning_citizen_count", 4, year=YEAR, target_group="Công nhân", registered=10, recognised=11)
    rep = prov.province.import_file(xa.package([household, reg, orphan, too_many], schema_version=21))
    assert rep.status == "applied" and rep.counts["created"] == 2
    reasons = {r.uuid: r.reason for r in rep.rejected}
    assert "Tham chiếu chưa có" in reasons[orphan["uuid"]] and "đối tượng xây dựng mô hình học tập" in reasons[
        orphan["uuid"]]
    assert "lớn hơn số đăng ký" in reasons[too_many["uuid"]]
    figures = summary(prov)["by_commune"][CODE]["learning_models"]
    assert figures["family"] == {"total": 1, "registered": 1, "recognised": 0}
    assert figures["citizen"] == {"registered": 0, "recognised": 0}

    # version 2 of the registration (recognised), then the household deleted: off the list, its year gone
    decision = _row("learning_decision", 5, year=YEAR, title_kind="family", number="7/QĐ-UBND",
                    decided_on=f"{YEAR}-12-01")
    recognised = _row("learning_registration", 2, version=2, subject_uuid=household["uuid"], year=YEAR,
                      registered_on=f"{YEAR}-02-05", status="recognised", decision_uuid=decision["uuid"])
    rep = prov.province.import_file(xa.package([decision, recognised], schema_version=21))
    assert rep.ok and rep.counts["updated"] == 1
    assert summary(prov)["by_commune"][CODE]["learning_models"]["family"]["recognised"] == 1
    gone = _row("learning_subject", 1, version=2, kind="family", name="Lê Văn Tám", village="Thôn 2", deleted=1)
    rep = prov.province.import_file(xa.package([gone], schema_version=21))
    assert rep.ok and rep.counts["deleted"] == 1
    assert summary(prov)["by_commune"][CODE]["learning_models"]["family"] == {"total": 0, "registered": 0,
                                                                               "recognised": 0}
