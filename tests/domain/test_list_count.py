from __future__ import annotations

from khuyenhoc_desktop.domain.list_count import ListCount


def test_each_kind_has_its_figures_and_its_footer_total():
    awards = ListCount.of_awards(3, 450_000)
    classes = ListCount.of_classes(2, 55)
    vouchers = ListCount.of_vouchers(4, 1_000_000, 300_000)
    assert (awards.count, awards.amount, awards.total) == (3, 450_000, 450_000)
    assert (classes.count, classes.learners, classes.total) == (2, 55, 55)
    assert (vouchers.receipts, vouchers.payments, vouchers.total) == (1_000_000, 300_000, 700_000)


def test_it_reads_as_the_tuple_of_its_figures():
    vouchers = ListCount.of_vouchers(4, 1_000_000, 300_000)
    count, receipts, payments = vouchers
    assert (count, receipts, payments) == (4, 1_000_000, 300_000) and vouchers[0] == 4 and len(vouchers) == 3
    assert vouchers == (4, 1_000_000, 300_000) and ListCount.of_awards(2, 10) == (2, 10)
    # the same numbers of two kinds are not the same result
    assert ListCount.of_awards(2, 10) != ListCount.of_classes(2, 10)
    assert ListCount.of_awards(2, 10) == ListCount.of_awards(2, 10)


def test_the_stores_answer_with_it(ws):
    from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
    from khuyenhoc_desktop.domain.classes import ClassFilter
    from khuyenhoc_desktop.domain.fund import VoucherFilter

    ws.awards.save(AwardDraft(school_year="2024-2025", full_name="Nguyễn Văn An", category="Học sinh giỏi",
                              amount=150_000), confirm=True)
    found = ws.awards.count_and_total(AwardFilter())
    assert isinstance(found, ListCount) and (found.count, found.amount) == (1, 150_000)
    assert ws.classes.count_and_totals(ClassFilter()).figures == ("learners",)
    assert ws.fund.count_and_totals(VoucherFilter()).total == 0


def test_a_kind_without_a_sum_counts_only():
    found = ListCount.of_records(7)
    assert found.count == 7 and found.total == 0 and found.as_tuple() == (7,)
