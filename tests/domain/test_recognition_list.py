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
