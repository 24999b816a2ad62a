from khuyenhoc_desktop.domain.printables import RecognitionListGroup, RecognitionListRow, RecognitionListSection


def _section(*notes):
    rows = tuple(RecognitionListRow(f"Hộ {i}", note=n) for i, n in enumerate(notes, 1))
    return RecognitionListSection("DANH SÁCH", "(Kèm theo …)", "Chủ hộ", "", "hộ gia đình",
                                  (RecognitionListGroup("Thôn 1", rows[:1]), RecognitionListGroup("Thôn 2", rows[1:])))


def test_a_note_every_row_carries_is_said_once_under_the_table():
    shared = _section("Lý do: chưa có bộ tiêu chí", "Lý do: chưa có bộ tiêu chí", "Lý do: chưa có bộ tiêu chí")
    hoisted = shared.with_shared_note()
    assert hoisted.note == "Lý do: chưa có bộ tiêu chí"
    assert [r.note for g in hoisted.groups for r in g.rows] == ["", "", ""]
    assert [g.village for g in hoisted.groups] == ["Thôn 1", "Thôn 2"] and hoisted.count == 3


def test_different_notes_a_single_row_or_no_note_stay_on_their_rows():
    for section in (_section("a", "b", "a"), _section("Lý do: x"), _section("", "")):
        assert section.with_shared_note() is section


def test_the_statistics_table_rates_keep_one_decimal_so_the_column_reads_evenly():
    from khuyenhoc_desktop.domain.printables import LearningTableRow, format_percent

    row = LearningTableRow("Thôn 3", total=10, registered=6, recognised=10)
    assert (row.registered_percent, row.recognised_percent) == ("60,0", "100,0")  # 6/10, 10/10
    assert LearningTableRow("Thôn 1", total=12, registered=7, recognised=0).registered_percent == "58,3"  # 7/12
    assert LearningTableRow("Công dân học tập", total=None, registered=354, recognised=261).registered_percent == "–"
    assert format_percent(6, 10, 1) == "60"  # elsewhere trailing zeros still drop
