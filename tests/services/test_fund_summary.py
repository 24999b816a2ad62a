from khuyenhoc_desktop.domain.fund import ItemTotal, MonthTotal
from khuyenhoc_desktop.services.fund_summary import (
    cash_difference,
    describe_difference,
    item_groups,
    year_total,
)


def test_items_group_by_kind_receipts_first_with_their_sums():
    items = [ItemTotal("chi", "Văn phòng phẩm", 2, 300_000), ItemTotal("thu", "Hội phí", 3, 1_200_000),
             ItemTotal("thu", "Tài trợ", 1, 5_000_000)]
    groups = item_groups(items)
    assert [g.kind for g in groups] == ["thu", "chi"]
    assert [t.item for t in groups[0].items] == ["Hội phí", "Tài trợ"]
    assert (groups[0].count, groups[0].amount) == (4, 6_200_000)
    assert (groups[1].count, groups[1].amount) == (2, 300_000)


def test_a_kind_without_entries_still_has_its_group_with_zero_sums():
    groups = item_groups([ItemTotal("thu", "Hội phí", 1, 100_000)])
    assert (groups[1].kind, groups[1].items, groups[1].count, groups[1].amount) == ("chi", (), 0, 0)


def test_the_year_opens_with_its_first_month_and_closes_with_its_last():
    months = [MonthTotal(2026, 1, 1_000_000, 500_000, 200_000, 1_300_000),
              MonthTotal(2026, 2, 1_300_000, 0, 300_000, 1_000_000),
              MonthTotal(2026, 3, 1_000_000, 250_000, 0, 1_250_000)]
    whole = year_total(months)
    assert (whole.opening, whole.receipts, whole.payments, whole.closing) == (1_000_000, 750_000, 500_000, 1_250_000)
    assert year_total([]) is None


def test_a_cash_count_above_the_book_is_thua_below_is_thieu():
    assert cash_difference(1_500_000, 1_600_000) == -100_000
    assert describe_difference(-100_000) == "thiếu 100.000 đ"
    assert describe_difference(cash_difference(2_050_000, 2_000_000)) == "thừa 50.000 đ"
    assert describe_difference(cash_difference(700_000, 700_000)) == "Khớp với sổ quỹ"
