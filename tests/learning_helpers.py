"""A small learning-models year for the documents' tests, counted by hand:

* Thôn Đông: households Nguyễn Văn An, Trần Thị Bình (both recognised by 20/QĐ-UBND of 01/12/2026), Lê Văn Cường
  (registered), Phạm Thị Dung (not registered); Thôn Tây: Hoàng Văn Em (registered), Vũ Thị Gấm (not);
* dòng họ "Họ Nguyễn" (Thôn Đông, trưởng họ Nguyễn Văn Giáp, 30 hộ) registered, not recognised;
* the thôn Thôn Đông as a community, recognised by 22/QĐ-UBND of 03/12/2026;
* the unit Trường Tiểu học Hòa Bình scored 90 (Tốt) on 20/11/2026, accepted, recognised by 21/QĐ-UBND of
  01/12/2026;
* Công dân học tập: 50 registered, 3 recognised in the first target group.
"""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.learning_models import CitizenCount, DecisionDraft, SubjectDraft

UNIT_POINTS = dict(zip(["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"],
                       (10, 10, 10, 10, 5, 10, 5, 25, 5)))


def _new(changes, table="learning_subject"):
    return changes.created[table][0]


def learning_year(ws) -> dict:
    """Enter the year above; returns the subjects' uuids by name."""
    lm = ws.learning
    names = {}
    for name, village in (("Nguyễn Văn An", "Thôn Đông"), ("Trần Thị Bình", "Thôn Đông"), ("Lê Văn Cường", "Thôn Đông"),
                          ("Phạm Thị Dung", "Thôn Đông"), ("Hoàng Văn Em", "Thôn Tây"), ("Vũ Thị Gấm", "Thôn Tây")):
        names[name] = _new(lm.save_subject(SubjectDraft("family", name, village, size=4)))
    lm.register_many([names[n] for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Hoàng Văn Em")], 2026,
                     date(2026, 2, 5))
    regs = [lm.registration_of(names[n], 2026).uuid for n in ("Nguyễn Văn An", "Trần Thị Bình")]
    lm.recognise(DecisionDraft(2026, "family", "20/QĐ-UBND", date(2026, 12, 1)), regs,
                 {r: "Hội đồng bình xét đề nghị" for r in regs})
    names["Họ Nguyễn"] = _new(lm.save_subject(SubjectDraft("clan", "Họ Nguyễn", "Thôn Đông", head="Nguyễn Văn Giáp",
                                                           size=30)))
    lm.register(names["Họ Nguyễn"], 2026, date(2026, 2, 5))
    names["community"] = _new(lm.save_subject(SubjectDraft("community", "Thôn Đông")))
    reg = _new(lm.register(names["community"], 2026, date(2026, 2, 5)), "learning_registration")
    lm.recognise(DecisionDraft(2026, "community", "22/QĐ-UBND", date(2026, 12, 3)), [reg], {reg: "Đề nghị của xã"})
    names["unit"] = _new(lm.save_subject(SubjectDraft("unit", "Trường Tiểu học Hòa Bình", head="Đỗ Văn Hải", size=32,
                                                      unit_kind="Trường học")))
    reg = _new(lm.register(names["unit"], 2026, date(2026, 2, 5)), "learning_registration")
    lm.assess(reg, "don-vi-hoc-tap-xa", 1, UNIT_POINTS, assessed_on=date(2026, 11, 20))
    lm.review(reg, True, reviewed_on=date(2026, 11, 25))
    lm.recognise(DecisionDraft(2026, "unit", "21/QĐ-UBND", date(2026, 12, 1)), [reg])
    lm.save_citizen_counts(2026, [CitizenCount(lm.settings()["target_groups"][0], 50, 3)])
    return names
