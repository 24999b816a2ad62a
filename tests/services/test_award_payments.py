from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.services.award_payments import default_payee, first_year_to_pay, payable_awards


def award(ws, name, amount, school_year="2025-2026", status="approved", school="Trường THCS Tân Dĩnh"):
    saved, _ = ws.awards.save(AwardDraft(school_year=school_year, full_name=name, category="Học sinh giỏi",
                                         level="Cấp trường", school=school, amount=amount, status=status),
                              confirm=True)
    return saved.uuid


def test_payable_awards_are_approved_ones_with_money_of_the_year_and_school(ws):
    paid = award(ws, "Nguyễn Văn An", 200_000)
    award(ws, "Trần Thị Bình", 0)  # approved, but nothing to pay
    award(ws, "Lê Văn Cường", 300_000, status="draft")
    award(ws, "Phạm Thị Dung", 300_000, school_year="2024-2025")
    other_school = award(ws, "Hồ Văn Em", 100_000, school="Trường Tiểu học Tân Dĩnh")
    assert {a.uuid for a in payable_awards(ws, "2025-2026")} == {paid, other_school}
    assert [a.uuid for a in payable_awards(ws, "2025-2026", "Trường Tiểu học Tân Dĩnh")] == [other_school]


def test_the_dialog_starts_on_the_first_listed_year_with_approved_awards(ws):
    award(ws, "Nguyễn Văn An", 200_000, school_year="2024-2025")
    award(ws, "Trần Thị Bình", 200_000, school_year="2025-2026", status="draft")
    assert first_year_to_pay(ws, ["2025-2026", "2024-2025", "2023-2024"]) == 1
    assert first_year_to_pay(ws, ["2025-2026", "2023-2024"]) is None


def test_the_money_goes_to_the_name_typed_else_to_the_chair(ws):
    chair = ws.organisation.chair
    assert chair  # the sample organisation has one
    assert default_payee(ws, "  Phạm Thị Duyên ") == "Phạm Thị Duyên"
    assert default_payee(ws, "   ") == chair


def test_a_file_without_its_association_profile_has_no_default_payee(tmp_path):
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(tmp_path / "moi.db") as fresh:
        assert default_payee(fresh, "") == ""
