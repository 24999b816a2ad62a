"""A search's pages are the same rows in the same order whichever plan reads them: the name index walk, or
(after a count found few matches) one scan of the table and a sort."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.members import MemberDraft, MemberFilter
from khuyenhoc_desktop.storage import members as store


def test_few_matches_read_by_a_scan_give_the_index_walks_rows_and_pages(ws):
    names = ["Nguyễn Văn An", "Nguyễn Thị Ánh", "Trần Văn Ân", "Nguyễn Văn Bình", "Lê Thị Hà", "Nguyễn Văn An"]
    for i, name in enumerate(names * 4):
        ws.members.save(MemberDraft(full_name=name, birth_year=1950 + i, village=f"Thôn {i}",
                                    joined_on=date(2020, 3, 8)), confirm=True)
    db = ws.db
    flt = MemberFilter(search="nguyen van")
    store._SEARCH_COUNTS.clear()
    walked = store.page(db, flt, limit=5)
    walked_next = store.page(db, flt, after=(walked[-1][-1], walked[-1][0]), limit=5)
    assert store.count(db, flt) == 12 <= store.FEW_MATCHES  # from now on the scan reads the pages
    assert store._SEARCH_COUNTS
    scanned = store.page(db, flt, limit=5)
    scanned_next = store.page(db, flt, after=(scanned[-1][-1], scanned[-1][0]), limit=5)
    assert scanned == walked and scanned_next == walked_next
    assert [r[store.LIST_COLUMNS.index("full_name")] for r in walked + walked_next][:6] == ["Nguyễn Văn An"] * 6
    descending = store.page(db, flt, descending=True, limit=20)
    assert descending == list(reversed(store.page(db, flt, limit=20)))
