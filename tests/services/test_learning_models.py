"""The learning models' yearly cycle through the service: subjects, registration (once a year; a thôn at
once), score sheets against a set that applies, review, recognition, the Công dân học tập counts, and criteria
sets superseded while in use. Refusals leave nothing written. The test clock says 2 December 2026."""

from __future__ import annotations

import json
from datetime import date

import pytest

from khuyenhoc_desktop.domain.errors import AppError, ConflictError, NeedsConfirmation, ValidationError
from khuyenhoc_desktop.domain.learning_criteria import ScoreError
from khuyenhoc_desktop.domain.learning_models import CitizenCount, DecisionDraft, SubjectDraft
from khuyenhoc_desktop.storage import audit

UNIT = ("don-vi-hoc-tap-xa", 1)
UNIT_CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]


def _unit_points(*values):
    return dict(zip(UNIT_CODES, values))


GOOD = _unit_points(10, 10, 10, 10, 5, 10, 5, 25, 5)  # 90: Tốt
POOR = _unit_points(5, 5, 5, 5, 0, 5, 0, 10, 0)  # 35: Không đạt


def _uuid(changes, table="learning_subject"):
    return changes.created[table][0]


@pytest.fixture
def lm(ws):
    return ws.learning


def _households(lm):
    made = []
    for name, village, size in (("Nguyễn Văn An", "Thôn 1", 4), ("Trần Thị Bình", "Thôn 1", 5),
                                ("Lê Văn Cường", "Thôn 1", 3), ("Phạm Thị Dung", "Thôn 2", 6)):
        made.append(_uuid(lm.save_subject(SubjectDraft("family", name, village, size=size))))
    return made


def _unit(lm, name="Trường Tiểu học Hòa Bình"):
    return _uuid(lm.save_subject(SubjectDraft("unit", name, head="Đỗ Văn Em", size=32, unit_kind="Trường học")))


def _registered_unit(lm, year=2026):
    subject = _unit(lm)
    return _uuid(lm.register(subject, year, date(2026, 2, 5)), "learning_registration")


def test_a_whole_thon_registers_at_once_and_a_household_only_once_a_year(ws, lm):
    an, binh, cuong, dung = _households(lm)
    lm.register(an, 2026, date(2026, 1, 10))
    changes = lm.register_village("family", "Thôn 1", 2026, date(2026, 2, 5))
    assert len(changes.created["learning_registration"]) == 2  # An was registered already
    with pytest.raises(ConflictError, match="“Nguyễn Văn An” đã đăng ký năm 2026"):
        lm.register(an, 2026)
    with pytest.raises(ConflictError):  # nothing half-saved: Dung is not registered either
        lm.register_many([dung, an], 2026)
    assert lm.registration_of(dung, 2026) is None
    lm.register(an, 2027, date(2027, 1, 3))  # a new year is a new registration
    assert lm.counts_by_village("family", 2026) == {"Thôn 1": (3, 3, 0), "Thôn 2": (1, 0, 0)}


def test_a_score_sheet_computes_total_and_result_by_the_set_and_refuses_bad_points(lm):
    reg = _registered_unit(lm)
    lm.assess(reg, *UNIT, GOOD, assessed_on=date(2026, 11, 20), evidence="Biên bản tự đánh giá")
    sheet = lm.assessment(reg)
    assert (sheet.total, sheet.max_total, sheet.result, sheet.passed) == (90, 100, "Tốt", True)
    assert lm.registration(reg).status == "assessed"
    with pytest.raises(ScoreError, match="2.2: 6 điểm vượt điểm tối đa 5"):
        lm.assess(reg, *UNIT, {**GOOD, "2.2": 6})
    with pytest.raises(ScoreError, match="không được âm"):
        lm.assess(reg, *UNIT, {**GOOD, "1.1": -2})
    assert lm.assessment(reg).total == 90  # the refused sheets changed nothing


def test_a_set_of_another_title_or_years_is_refused(ws, lm):
    reg = _registered_unit(lm)
    with pytest.raises(AppError, match="dùng cho công dân học tập, không dùng cho đơn vị"):
        lm.assess(reg, "cong-dan-hoc-tap", 1, {})
    old = _uuid(lm.register(_unit(lm, "Hợp tác xã Nông nghiệp"), 2019, date(2019, 2, 1)), "learning_registration")
    with pytest.raises(AppError, match="áp dụng từ năm 2020, không áp dụng cho năm 2019"):
        lm.assess(old, *UNIT, GOOD, assessed_on=date(2019, 12, 1))
    assert lm.assessment(old) is None and lm.registration(old).status == "registered"


def test_review_returns_with_a_reason_and_recognition_follows_the_rules(ws, lm):
    reg = _registered_unit(lm)
    with pytest.raises(AppError, match="chưa có phiếu tự đánh giá"):
        lm.review(reg, True)
    lm.assess(reg, *UNIT, GOOD, assessed_on=date(2026, 11, 20))
    with pytest.raises(ValidationError, match="Trả lại cần ghi lý do"):
        lm.review(reg, False)
    lm.review(reg, False, "Thiếu minh chứng tiêu chí 3")
    assert (lm.registration(reg).status, lm.registration(reg).review_reason) == ("returned", "Thiếu minh chứng tiêu chí 3")
    draft = DecisionDraft(2026, "unit", "15/QĐ-UBND", date(2026, 11, 30))
    with pytest.raises(ValidationError, match="chưa được bình xét thông qua: chỉ công nhận khi ghi lý do"):
        lm.recognise(draft, [reg])
    lm.assess(reg, *UNIT, GOOD, assessed_on=date(2026, 11, 25))
    lm.review(reg, True)
    with pytest.raises(ValidationError, match="Quyết định ngày 19/11/2026 trước ngày chấm điểm .* \\(25/11/2026\\)"):
        lm.recognise(DecisionDraft(2026, "unit", "14/QĐ-UBND", date(2026, 11, 19)), [reg])
    decision, _ = lm.recognise(draft, [reg])
    assert lm.registration(reg).status == "recognised" and lm.registration(reg).decision_uuid == decision
    assert lm.decision(decision)["issuing_body"] == "Ủy ban nhân dân xã"  # the setting's default
    with pytest.raises(ConflictError, match="đã được công nhận"):
        lm.assess(reg, *UNIT, GOOD)
    with pytest.raises(ValidationError, match="đã được công nhận năm 2026"):
        lm.recognise(DecisionDraft(2026, "unit", "16/QĐ-UBND", date(2026, 12, 1)), [reg])


def test_recognition_without_a_passing_score_needs_a_reason_that_is_logged(ws, lm):
    reg = _registered_unit(lm)
    lm.assess(reg, *UNIT, POOR, assessed_on=date(2026, 11, 20))
    lm.review(reg, True)
    draft = DecisionDraft(2026, "unit", "15/QĐ-UBND", date(2026, 11, 30), issuing_body="UBND xã Hòa Bình")
    with pytest.raises(ValidationError, match="chưa đạt điểm"):
        lm.recognise(draft, [reg])
    assert lm.registration(reg).status == "accepted"  # nothing half-saved, no decision either
    reason = "Đơn vị mới thành lập, Hội đồng bình xét đề nghị"
    decision, _ = lm.recognise(draft, [reg], reasons={reg: reason})
    assert lm.registration(reg).recognition_reason == reason
    assert lm.decision(decision)["issuing_body"] == "UBND xã Hòa Bình"
    assert any(e.reason == reason for e in audit.history(ws.db, reg))


def test_the_issuing_body_and_the_difficult_area_are_settings(ws, lm):
    lm.save_settings(issuing_body="Chủ tịch UBND xã", difficult_area=True)
    assert lm.settings()["issuing_body"] == "Chủ tịch UBND xã"
    subject = _uuid(lm.save_subject(SubjectDraft("unit", "Trạm Y tế xã", size=8)))
    reg = _uuid(lm.register(subject, 2026, date(2026, 2, 1)), "learning_registration")
    lm.assess(reg, *UNIT, GOOD)
    assert lm.assessment(reg).difficult_area is True and lm.assessment(reg).assessed_on == date(2026, 12, 2)
    with pytest.raises(ValidationError, match="cơ quan ra quyết định"):
        lm.save_settings(issuing_body="  ")


def test_a_set_in_use_is_superseded_not_changed(ws, lm):
    with pytest.raises(ConflictError, match="có sẵn trong chương trình"):
        lm.save_set(lm.criteria_set(*UNIT).raw)
    new, _ = lm.supersede(*UNIT, {"status": "cần đối chiếu", "note": "Hội xã bổ sung nội dung 3.2"})
    assert new.key == ("don-vi-hoc-tap-xa", 2)
    assert [s.version for s in lm.sets_for("unit", 2026)] == [2, 1]
    reg = _registered_unit(lm)
    lm.assess(reg, "don-vi-hoc-tap-xa", 2, GOOD)
    with pytest.raises(ConflictError, match="đã dùng cho 1 phiếu chấm"):
        lm.save_set({**new.raw, "note": "sửa lại"})
    third, _ = lm.supersede("don-vi-hoc-tap-xa", 2, {"note": "sửa lại"})
    assert third.version == 3 and lm.criteria_set("don-vi-hoc-tap-xa", 2).note == "Hội xã bổ sung nội dung 3.2"
    lm.save_set({**third.raw, "note": "sửa lần nữa"})  # not used yet: corrected in place
    assert lm.criteria_set("don-vi-hoc-tap-xa", 3).note == "sửa lần nữa"


def test_subjects_are_checked_and_a_probable_duplicate_is_asked(lm):
    with pytest.raises(ValidationError, match="Chưa nhập chủ hộ"):
        lm.save_subject(SubjectDraft("family", "", "Thôn 1"))
    with pytest.raises(ValidationError, match="Số nhân khẩu không được âm"):
        lm.save_subject(SubjectDraft("family", "Nguyễn Văn An", "Thôn 1", size=-1))
    lm.save_subject(SubjectDraft("family", "Nguyễn Văn An", "Thôn 1", size=4))
    with pytest.raises(NeedsConfirmation, match="Đã có “Nguyễn Văn An”"):
        lm.save_subject(SubjectDraft("family", "Nguyen Van An", "Thôn 1"))
    lm.save_subject(SubjectDraft("family", "Nguyễn Văn An", "Thôn 1"), confirm=True)
    assert lm.subject_count("family", search="nguyen van an") == 2
    community = _uuid(lm.save_subject(SubjectDraft("community", "Thôn 2")))
    assert lm.subject(community).village == "Thôn 2"


def test_citizen_counts_per_target_group_and_the_year_figures(ws, lm):
    groups = lm.settings()["target_groups"]
    lm.save_citizen_counts(2026, [CitizenCount(groups[0], 120, 90), CitizenCount(groups[2], 30, 28)])
    with pytest.raises(ValidationError, match="số được công nhận \\(31\\) lớn hơn số đăng ký \\(30\\)"):
        lm.save_citizen_counts(2026, [CitizenCount(groups[2], 30, 31)])
    counts = {c.target_group: c for c in lm.citizen_counts(2026)}
    assert counts[groups[0]] == CitizenCount(groups[0], 120, 90) and counts[groups[1]].registered == 0
    an, binh, cuong, dung = _households(lm)
    lm.register_village("family", "Thôn 1", 2026, date(2026, 2, 5))
    reg = _registered_unit(lm)
    lm.assess(reg, *UNIT, GOOD, assessed_on=date(2026, 11, 20))
    lm.review(reg, True)
    lm.recognise(DecisionDraft(2026, "unit", "15/QĐ-UBND", date(2026, 11, 30)), [reg])
    lm.save_subject(SubjectDraft("clan", "Họ Nguyễn", "Thôn 1", head="Nguyễn Văn Giáp", size=40))
    assert lm.year_figures(2026) == {
        "year": 2026,
        "family": {"total": 4, "registered": 3, "recognised": 0},
        "clan": {"total": 1, "registered": 0, "recognised": 0},
        "community": {"total": 0, "registered": 0, "recognised": 0},
        "unit": {"total": 1, "registered": 1, "recognised": 1},
        "citizen": {"registered": 150, "recognised": 118},
    }


def test_rates_against_the_targets_which_are_settings(ws, lm):
    an, binh, cuong, dung = _households(lm)
    lm.register_many([an, binh, cuong], 2026, date(2026, 2, 5))
    regs = [lm.registration_of(u, 2026).uuid for u in (an, binh, cuong)]
    lm.recognise(DecisionDraft(2026, "family", "20/QĐ-UBND", date(2026, 12, 1)), regs,
                 {r: "Hội đồng bình xét đề nghị" for r in regs})
    family = lm.rates(2026)[0]
    # 3 of 4 households: 75 % against QĐ 387's 70 %
    assert (family.kind, family.total, family.registered, family.recognised) == ("family", 4, 3, 3)
    assert (family.percent, family.target, family.meets_target) == (75.0, 70.0, True)
    assert [(r.kind, r.target, r.percent) for r in lm.rates(2026)[1:]] == [
        ("clan", 65.0, None), ("community", 65.0, None), ("unit", 80.0, None)]
    lm.save_settings(targets={"family": 80})
    assert lm.rates(2026)[0].meets_target is False and lm.settings()["targets"]["clan"] == 65.0
    with pytest.raises(ValidationError, match="từ 0 đến 100"):
        lm.save_settings(targets={"unit": 120})
    assert lm.settings()["targets"]["unit"] == 80.0


def test_a_set_travels_as_a_json_file_with_a_new_version(ws, lm, tmp_path):
    new, _ = lm.supersede(*UNIT, {"note": "Tỉnh bổ sung nội dung 3.2"})
    out = tmp_path / "bo-tieu-chi.json"
    lm.export_set(new.code, new.version, out)
    assert '"version": 2' in out.read_text(encoding="utf-8")
    reg = _registered_unit(lm)
    lm.assess(reg, new.code, new.version, GOOD)
    with pytest.raises(ConflictError, match="đã dùng cho 1 phiếu chấm"):  # the same version again, now in use
        lm.import_set(out)
    broken = tmp_path / "hong.json"
    broken.write_text('{"format": 1, "code": "x"', encoding="utf-8")
    with pytest.raises(AppError, match="không đọc được"):
        lm.import_set(broken)
    other = ws.learning.criteria_set(new.code, new.version).raw
    third = tmp_path / "ban-3.json"
    third.write_text(json.dumps({**other, "version": 3}, ensure_ascii=False), encoding="utf-8")
    imported, changes = lm.import_set(third)
    assert imported.key == ("don-vi-hoc-tap-xa", 3) and changes.created["learning_criteria_set"]
    assert [s.version for s in lm.sets_for("unit", 2026)] == [3, 2, 1]


def test_a_subject_typed_by_mistake_is_deleted_but_not_one_registered(ws, lm):
    an, binh, cuong, dung = _households(lm)
    lm.register(an, 2026, date(2026, 2, 5))
    with pytest.raises(ConflictError, match="“Nguyễn Văn An” đã đăng ký năm 2026: không xóa được"):
        lm.delete_subject(an)
    lm.delete_subject(dung, reason="Nhập nhầm")
    assert lm.subject_count("family") == 3 and lm.counts_by_village("family", 2026)["Thôn 1"] == (3, 1, 0)
    assert any(e.reason == "Nhập nhầm" for e in audit.history(ws.db, dung))
