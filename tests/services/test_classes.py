"""Lớp học / chuyên đề: validation, list and search, soft delete, learners, totals, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import peewee
import pytest

from khuyenhoc_desktop.domain.classes import ClassDraft, ClassFilter, LearnerDraft
from khuyenhoc_desktop.domain.errors import ConflictError, NeedsConfirmation, NotFoundError, ValidationError
from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.services.workspace import Workspace

TODAY = date(2026, 11, 20)


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace.open(tmp_path / "x.db")
    workspace.set_operator("Lê Thị Ngọc Ánh")
    yield workspace
    workspace.close()


def a_class(**kw) -> ClassDraft:
    values = dict(name="Kỹ thuật trồng lúa chất lượng cao", field="Nông nghiệp", form="Lớp bồi dưỡng",
                  partner="Hội Nông dân xã", speaker="KS. Nguyễn Văn Bình", venue="Nhà văn hóa thôn Đồng Quan",
                  start_date=date(2026, 3, 2), end_date=date(2026, 3, 6), sessions=5, learners=40, women=18,
                  minority=3, budget=1_500_000, result="Đạt yêu cầu")
    values.update(kw)
    return ClassDraft(**values)


def save(ws, draft, **kw):
    kw.setdefault("today", TODAY)
    return ws.classes.save(draft, **kw)[0]


def class_count(ws) -> int:
    return ws.db.execute_sql("SELECT COUNT(*) FROM learning_class").fetchone()[0]


def test_save_fills_school_year_and_year_from_the_start(ws):
    saved = save(ws, a_class(name="  Kỹ thuật   trồng lúa  "))
    assert saved.name == "Kỹ thuật trồng lúa"
    assert (saved.school_year, saved.year, saved.version) == ("2025-2026", 2026, 1)
    autumn = save(ws, a_class(start_date=date(2026, 9, 10), end_date=None))
    assert (autumn.school_year, autumn.year, autumn.end_date) == ("2026-2027", 2026, None)
    assert autumn.dates_text == "10/09/2026"
    assert saved.dates_text == "02/03/2026 – 06/03/2026"


@pytest.mark.parametrize("changes, field, message", [
    ({"end_date": date(2026, 3, 1)}, "end_date", "Ngày kết thúc (01/03/2026) trước ngày bắt đầu (02/03/2026)."),
    ({"learners": -1, "women": 0, "minority": 0}, "learners", "Số học viên không được âm (-1)."),
    ({"sessions": -2}, "sessions", "Số buổi không được âm (-2)."),
    ({"women": -1}, "women", "Số học viên nữ không được âm (-1)."),
    ({"budget": -100}, "budget", "Kinh phí không được âm (-100)."),
    ({"women": 41}, "women", "Số học viên nữ (41) nhiều hơn tổng số học viên (40)."),
    ({"minority": 50}, "minority", "Số học viên dân tộc thiểu số (50) nhiều hơn tổng số học viên (40)."),
    ({"name": " "}, "name", "Chưa nhập tên lớp / chuyên đề."),
    ({"start_date": None, "end_date": None}, "start_date", "Chưa nhập ngày bắt đầu."),
    ({"form": "Hội thảo"}, "form", "Hình thức “Hội thảo” không hợp lệ; chọn một trong: Lớp bồi dưỡng, Chuyên đề, "
                                   "Câu lạc bộ, Trực tuyến."),
    ({"learners": 1.5}, "learners", "Số học viên phải là số nguyên."),
    ({"school_year": "2026-2028"}, "school_year", "Năm học “2026-2028” không đúng dạng, ví dụ 2024-2025."),
])
def test_bad_classes_are_refused_with_field_names(ws, changes, field, message):
    with pytest.raises(ValidationError) as caught:
        save(ws, a_class(**changes))
    assert (field, message) in [(e.field, e.message) for e in caught.value.errors]
    assert class_count(ws) == 0
    assert ws.db.execute_sql("SELECT COUNT(*) FROM audit_log WHERE table_name = 'learning_class'").fetchone()[0] == 0


def test_a_bad_update_changes_nothing(ws):
    saved = save(ws, a_class())
    with pytest.raises(ValidationError, match="nhiều hơn tổng số học viên"):
        save(ws, a_class(learners=10, women=18), uuid=saved.uuid)
    again = ws.classes.get(saved.uuid)
    assert (again.learners, again.women, again.version) == (40, 18, 1)
    # The data file keeps the rule too.
    with pytest.raises(peewee.IntegrityError):
        ws.db.execute_sql("UPDATE learning_class SET women = 99 WHERE uuid = ?", (saved.uuid,))


def test_update_is_versioned_and_audited(ws):
    saved = save(ws, a_class())
    updated, changes = ws.classes.save(a_class(learners=45, women=20), saved.uuid, expected_version=1,
                                       reason="Bổ sung học viên", today=TODAY)
    assert updated.version == 2 and changes.updated == {"learning_class": [saved.uuid]}
    with pytest.raises(ConflictError):
        save(ws, a_class(learners=50), uuid=saved.uuid, expected_version=1)
    _, unchanged = ws.classes.save(updated.as_draft(), saved.uuid, today=TODAY)
    assert not unchanged.touches("learning_class")
    history = ws.classes.history(saved.uuid)
    assert history[0].action == "create" and history[0].operator == "Lê Thị Ngọc Ánh"
    assert history[0].after["learners"] == 40
    assert {(e.field, e.before, e.after, e.reason) for e in history[1:]} == {
        ("learners", 40, 45, "Bổ sung học viên"), ("women", 18, 20, "Bổ sung học viên")}


def test_soft_delete_and_undo(ws):
    keep = save(ws, a_class())
    gone = save(ws, a_class(name="Phòng chống lừa đảo qua mạng", field="Pháp luật"))
    changes = ws.classes.delete([gone.uuid], reason="Nhập trùng")
    assert changes.deleted == {"learning_class": [gone.uuid]}
    assert ws.classes.count_and_totals(ClassFilter()) == (1, 40)
    assert ws.classes.uuids(ClassFilter()) == [keep.uuid]
    assert ws.classes.count_and_totals(ClassFilter(include_deleted=True))[0] == 2
    with pytest.raises(NotFoundError):
        save(ws, a_class(), uuid=gone.uuid)
    ws.classes.undelete([gone.uuid])
    assert ws.classes.count_and_totals(ClassFilter()) == (2, 80)
    assert [e.action for e in ws.classes.history(gone.uuid)] == ["create", "delete", "restore"]
    assert ws.classes.history(gone.uuid)[1].reason == "Nhập trùng"


def test_list_filters_sorts_pages_and_searches_without_diacritics(ws):
    for i in range(12):
        save(ws, a_class(name=f"Sử dụng điện thoại thông minh khóa {i + 1}", field="Tin học và kỹ năng số",
                         start_date=date(2025, 1, 1 + i), end_date=None, learners=10 + i, women=5))
    for i in range(5):
        save(ws, a_class(name=f"Chăn nuôi gà an toàn sinh học {i + 1}", start_date=date(2026, 2, 1 + i), end_date=None,
                         venue="Nhà văn hóa thôn Hạ Lát"))
    assert ws.classes.count_and_totals(ClassFilter(year=2025))[0] == 12
    assert ws.classes.count_and_totals(ClassFilter(field="Nông nghiệp")) == (5, 200)
    assert ws.classes.count_and_totals(ClassFilter(search="chan nuoi ga"))[0] == 5
    assert ws.classes.count_and_totals(ClassFilter(search="DIEN THOAI"))[0] == 12
    assert ws.classes.count_and_totals(ClassFilter(search="ha lat"))[0] == 5
    assert ws.classes.count_and_totals(ClassFilter(search="nong nghiep 2026"))[0] == 0
    assert ws.classes.count_and_totals(ClassFilter(year=2025, search="khoa 1"))[0] == 4  # 1, 10, 11, 12
    seen, after = [], None
    while rows := ws.classes.page(ClassFilter(), sort="start_date", descending=True, after=after, limit=5):
        seen += [r[1] for r in rows]
        after = (rows[-1][-1], rows[-1][0])
    assert len(seen) == len(set(seen)) == 17
    assert ws.classes.fetch(seen[:1])[0].start_date == date(2026, 2, 5)
    by_learners = ws.classes.page(ClassFilter(year=2025), sort="learners", descending=True, limit=1)
    assert by_learners[0][8] == 21
    assert "Nhà văn hóa thôn Hạ Lát" in ws.classes.suggestions("venue")
    assert "Xóa mù chữ" in ws.classes.fields() and "Trực tuyến" in ws.classes.forms()


def test_totals_by_year_and_field_and_summary_section(ws):
    save(ws, a_class(learners=40, women=20, minority=2, sessions=5))
    save(ws, a_class(name="Luật Đất đai 2024", field="Pháp luật", form="Chuyên đề", learners=60, women=30,
                     minority=0, sessions=1, budget=0, start_date=date(2025, 10, 5), end_date=None))
    save(ws, a_class(name="Trồng rau hữu cơ", learners=25, women=25, minority=0, start_date=date(2025, 4, 1),
                     end_date=None))
    gone = save(ws, a_class(name="Xóa", learners=99, women=0, minority=0))
    ws.classes.delete([gone.uuid])
    by_year = {t.key: (t.count, t.learners, t.women, t.minority) for t in ws.classes.totals_by_year()}
    assert by_year == {2025: (2, 85, 55, 0), 2026: (1, 40, 20, 2)}
    by_field = {t.key: (t.count, t.learners, t.sessions) for t in ws.classes.totals_by_field()}
    assert by_field == {"Nông nghiệp": (2, 65, 10), "Pháp luật": (1, 60, 1)}
    assert {t.key for t in ws.classes.totals_by_field(year=2026)} == {"Nông nghiệp"}
    result = summary(ws)["classes"]
    assert result == {"count": 3, "learners": 125, "women": 75, "minority": 2,
                      "by_field": {"Nông nghiệp": {"count": 2, "learners": 65, "women": 45, "minority": 2},
                                   "Pháp luật": {"count": 1, "learners": 60, "women": 30, "minority": 0}}}
    assert summary(ws, "2025-2026")["classes"]["count"] == 2
    assert summary(ws, "2024-2025")["classes"] == {
        "count": 1, "learners": 25, "women": 25, "minority": 0,
        "by_field": {"Nông nghiệp": {"count": 1, "learners": 25, "women": 25, "minority": 0}}}


def test_learners_of_a_class(ws):
    saved = save(ws, a_class(learners=3, women=2))
    an, _ = ws.classes.save_learner(saved.uuid, LearnerDraft("Nguyễn Văn An", 1970, "Thôn 1", "Nam"))
    binh, _ = ws.classes.save_learner(saved.uuid, LearnerDraft("Trần Thị Bình", 1985, "Thôn 2", "Nữ"))
    anh, changes = ws.classes.save_learner(saved.uuid, LearnerDraft(" Lê  Thị Ánh ", 1990, "Thôn 2", "Nữ"))
    assert changes.created == {"class_learner": [anh.uuid]}
    assert [l.full_name for l in ws.classes.learners(saved.uuid)] == ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Thị Bình"]
    edited, _ = ws.classes.save_learner(saved.uuid, replace(binh.as_draft(), village="Thôn 3"), binh.uuid,
                                        expected_version=1)
    assert edited.version == 2 and edited.village == "Thôn 3"
    with pytest.raises(ConflictError):
        ws.classes.save_learner(saved.uuid, binh.as_draft(), binh.uuid, expected_version=1)
    ws.classes.delete_learners([an.uuid])
    assert len(ws.classes.learners(saved.uuid)) == 2
    ws.classes.undelete_learners([an.uuid])
    assert [e.action for e in ws.classes.history(an.uuid)] == ["create", "delete", "restore"]
    assert ws.classes.history(binh.uuid)[-1].field == "village"
    # A fourth named learner in a class of three asks before the counts are saved again.
    ws.classes.save_learner(saved.uuid, LearnerDraft("Phạm Văn Dũng", 1960, "Thôn 4", "Nam"))
    with pytest.raises(NeedsConfirmation, match="Danh sách có 4 học viên"):
        save(ws, a_class(learners=3, women=2, sessions=6), uuid=saved.uuid)
    assert save(ws, a_class(learners=4, women=2), uuid=saved.uuid).learners == 4


@pytest.mark.parametrize("draft, message", [
    (LearnerDraft(""), "Chưa nhập họ và tên học viên."),
    (LearnerDraft("Nguyễn Văn An", birth_year=2100), "Năm sinh ở tương lai."),
    (LearnerDraft("Nguyễn Văn An", birth_year=1800), "Năm sinh 1800 không hợp lệ."),
    (LearnerDraft("Nguyễn Văn An", gender="Khác"), "Giới tính chỉ là Nam hoặc Nữ."),
])
def test_bad_learners_are_refused(ws, draft, message):
    saved = save(ws, a_class())
    with pytest.raises(ValidationError, match=message):
        ws.classes.save_learner(saved.uuid, draft, today=TODAY)
    assert ws.classes.learners(saved.uuid) == []


def test_no_learners_for_a_deleted_class(ws):
    saved = save(ws, a_class())
    ws.classes.delete([saved.uuid])
    with pytest.raises(NotFoundError, match="đã bị xóa"):
        ws.classes.save_learner(saved.uuid, LearnerDraft("Nguyễn Văn An"))


def test_budget_linked_to_a_payment_voucher(ws):
    ws.fund.set_opening_balance(2026, 5_000_000)
    voucher, _ = ws.fund.add(VoucherDraft("chi", date(2026, 3, 1), None, "KS. Nguyễn Văn Bình", "",
                                          "Chi bồi dưỡng báo cáo viên lớp trồng lúa", "Chi khác", 1_500_000),
                             today=TODAY)
    saved = save(ws, a_class(voucher_uuid=voucher.uuid))
    assert saved.voucher_uuid == voucher.uuid
    assert [c.uuid for c in ws.classes.for_voucher(voucher.uuid)] == [saved.uuid]
    with pytest.raises(NeedsConfirmation, match="khác số tiền phiếu chi PC-2026-0001"):
        save(ws, a_class(voucher_uuid=voucher.uuid, budget=2_000_000))
    receipt, _ = ws.fund.add(VoucherDraft("thu", date(2026, 3, 1), None, "Ông An", "", "Ủng hộ", "Thu khác", 100_000),
                             today=TODAY)
    with pytest.raises(ValidationError, match="PT-2026-0001 không phải phiếu chi"):
        save(ws, a_class(voucher_uuid=receipt.uuid))
    with pytest.raises(ValidationError, match="Không tìm thấy phiếu chi"):
        save(ws, a_class(voucher_uuid="no-such-uuid"))
    ws.fund.void(voucher.uuid, "Viết hỏng")
    with pytest.raises(ValidationError, match="đã hủy"):
        save(ws, a_class(voucher_uuid=voucher.uuid))
    assert save(ws, a_class(voucher_uuid="")).voucher_uuid is None
