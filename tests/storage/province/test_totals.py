from __future__ import annotations

from khuyenhoc_desktop.storage.province import mirror, totals


def _awards(db):
    rows = [("07462", "a1", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", "Tiền", 100_000, 0, "approved"),
            ("07462", "a2", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", "Tiền", 200_000, 0, "awarded"),
            ("07462", "a3", "2024-2025", "Vượt khó", "Xã", "", "Tiền", 300_000, 0, "draft"),
            ("07462", "a4", "2023-2024", "Vượt khó", "Huyện", "", "Tiền", 400_000, 0, "approved"),
            ("07462", "a5", "2024-2025", "Vượt khó", "Xã", "", "Tiền", 500_000, 1, "approved")]  # deleted
    mirror.write(db, [], {"award": rows})
    totals.refresh_award_totals(db, ["07462"])


def test_awards_by_status_and_by_dimension(db):
    _awards(db)
    assert sorted(totals.awards_by_status(db, None)) == [("07462", "approved", 2, 500_000),
                                                        ("07462", "awarded", 1, 200_000),
                                                        ("07462", "draft", 1, 300_000)]
    assert sorted(totals.awards_by_dimension(db, "2024-2025", ("approved", "awarded"))) == [
        ("07462", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", 2, 300_000)]
    assert totals.awards_given(db, "2024-2025", ("approved", "awarded")) == {
        "commune_code": [("07462", 2, 300_000)], "school_year": [("2024-2025", 2, 300_000)],
        "category": [("Học sinh giỏi", 2, 300_000)], "level": [("Xã", 2, 300_000)],
        "funding_source": [("Quỹ hội", 2, 300_000)]}
    every = totals.awards_given(db, None, ("approved", "awarded"))
    assert every["school_year"] == [("2023-2024", 1, 400_000), ("2024-2025", 2, 300_000)]
    assert every["category"] == [("Học sinh giỏi", 2, 300_000), ("Vượt khó", 1, 400_000)]
    assert every["funding_source"] == [("", 1, 400_000), ("Quỹ hội", 2, 300_000)]
    assert totals.school_years(db) == ["2023-2024", "2024-2025"]


def test_the_award_totals_follow_rewritten_and_deleted_awards_of_the_communes_refreshed(db):
    _awards(db)
    other = ("07465", "b1", "2022-2023", "Vượt khó", "Xã", "", "Tiền", 50_000, 0, "approved")
    # a1 becomes a draft of another year, a2 is deleted; a commune not refreshed is not counted yet
    mirror.write(db, [], {"award": [("07462", "a1", "2025-2026", "Học sinh giỏi", "Xã", "Quỹ hội", "Tiền", 100_000, 0,
                                     "draft"),
                                    ("07462", "a2", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", "Tiền", 200_000, 1,
                                     "awarded"), other]})
    totals.refresh_award_totals(db, ["07462"])
    assert sorted(totals.awards_by_status(db, None)) == [("07462", "approved", 1, 400_000),
                                                        ("07462", "draft", 2, 400_000)]
    assert totals.awards_given(db, "2024-2025", ("approved", "awarded"))["commune_code"] == []
    assert totals.school_years(db) == ["2023-2024", "2024-2025", "2025-2026"]
    totals.refresh_award_totals(db)  # every commune with awards
    assert sorted(totals.awards_by_status(db, "2022-2023")) == [("07465", "approved", 1, 50_000)]
    assert totals.school_years(db) == ["2022-2023", "2023-2024", "2024-2025", "2025-2026"]


def test_classes_by_field(db):
    mirror.write(db, [], {"learning_class": [("07462", "c1", "2024-2025", 2025, "Nông nghiệp", 20, 10, 1, 0),
                                             ("07462", "c2", "2024-2025", 2025, "Nông nghiệp", 5, 5, 0, 0),
                                             ("07462", "c3", "2023-2024", 2024, "Pháp luật", 9, 1, 1, 0)]})
    assert totals.classes_by_field(db, "2024-2025") == [("07462", "Nông nghiệp", 2, 25, 15, 1)]


def test_vouchers_in_a_period_and_the_effect_before_it(db):
    rows = [("07462", "v1", "thu", 1_000_000, "posted", "2024-03-01", 0),
            ("07462", "v2", "chi", 200_000, "posted", "2024-10-01", 0),
            ("07462", "v3", "chi", -200_000, "posted", "2025-01-10", 0),  # reverses v2
            ("07462", "v4", "thu", 70_000, "void", "2024-11-01", 0),
            ("07462", "v5", "chi", 50_000, "posted", "2024-05-01", 0)]
    mirror.write(db, [], {"voucher": [(*r, "") for r in rows]})
    # receipts 0, payments 200,000 − 200,000, 3 entries in the period; before it 1,000,000 − 50,000
    assert totals.vouchers(db, "2024-09-01", "2025-08-31") == [("07462", 0, 0, 3, 950_000)]


def test_a_handover_receipt_of_a_merger_is_left_out_of_the_fund(db):
    """The new commune's receipt of an old commune's closing balance (`handover_from`): the province still
    holds that balance under the old commune, so neither the receipts, the entries nor the balance count it."""
    mirror.write(db, [], {"voucher": [("07435", "o1", "thu", 800_000, "posted", "2025-03-01", 0, ""),
                                      ("07432", "h1", "thu", 800_000, "posted", "2025-07-01", 0, "07435"),
                                      ("07432", "h0", "thu", 100_000, "posted", "2024-07-01", 0, "07435"),
                                      ("07432", "n1", "thu", 300_000, "posted", "2025-07-02", 0, "")]})
    assert sorted(totals.vouchers(db, "2024-09-01", "2025-08-31")) == [("07432", 300_000, 0, 1, 0),
                                                                      ("07435", 800_000, 0, 1, 0)]


def test_opening_balances_are_read_as_sent(db):
    sha = bytes(32)  # the content hash (not read here)
    mirror.write(db, [("07462", "o1", "fund_opening", 1, sha, 0, "", 1, "", '{"data": {"year": 2024, "amount": 5}}'),
                      ("07462", "b1", "bank_account", 1, sha, 0, "", 1, "",
                       '{"data": {"opening_year": "2024", "opening_amount": 7}}')], {})
    assert totals.fund_openings(db) == [("07462", 2024, 5)]
    assert totals.bank_openings(db) == [("07462", "2024", 7)]  # a year sent as text stays text (not counted)


def test_change_marker_moves_with_each_write(db):
    before = totals.change_marker(db)
    mirror.write(db, [], {"voucher": [("07462", "v1", "thu", 1, "posted", "2025-01-01", 0, "")]})
    assert totals.change_marker(db) != before


def test_a_store_without_the_award_totals_groups_its_awards_under_their_name(db):
    """A file opened read-only before migration 28 has no `prov_award_total`: the same figures from its awards."""
    _awards(db)
    with_totals = (sorted(totals.awards_by_status(db, None)), totals.awards_given(db, None, ("approved", "awarded")),
                   totals.awards_given(db, "2023-2024", ("approved",)), totals.school_years(db))
    with db.atomic() as txn:
        db.execute_sql("DROP TABLE prov_award_total")
        assert (sorted(totals.awards_by_status(db, None)), totals.awards_given(db, None, ("approved", "awarded")),
                totals.awards_given(db, "2023-2024", ("approved",)), totals.school_years(db)) == with_totals
        assert with_totals[2]["level"] == [("Huyện", 1, 400_000)]
        txn.rollback()
