"""A household's members and award recipients: suggested by thôn and folded name (the chủ hộ himself, his child
on an award, a member at the address of a member already linked, the child of such a member), confirmed one by
one, stored, undone; other thôn never suggested; refusals leave nothing."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.errors import AppError, ConflictError
from khuyenhoc_desktop.domain.learning_models import SubjectDraft
from khuyenhoc_desktop.domain.members import MemberDraft


@pytest.fixture
def village(ws):
    lm = ws.learning
    home = lm.save_subject(SubjectDraft("family", "Nguyễn Văn An", "Thôn Đông", size=4)).created["learning_subject"][0]
    clan = lm.save_subject(SubjectDraft("clan", "Họ Nguyễn", "Thôn Đông")).created["learning_subject"][0]
    people = {}
    for name, village_name, address in (("Nguyen Van An", "Thôn Đông", "Xóm Giữa, số 12"),  # no diacritics
                                        ("Trần Thị Mai", "Thôn Đông", "Xóm Giữa, số 12"),  # his wife: same address
                                        ("Lê Văn Cường", "Thôn Đông", "Xóm Trên"),
                                        ("Nguyễn Văn An", "Thôn Tây", "")):  # another thôn
        member, _ = ws.members.save(MemberDraft(full_name=name, village=village_name, address=address), confirm=True)
        people[(name, village_name)] = member.uuid
    for name, parent, village_name in (("Nguyễn Thị Hoa", "Nguyễn Văn An", "Thôn Đông"),  # his daughter
                                       ("Nguyễn Minh Khoa", "Trần Thị Mai", "Thôn Đông"),  # the wife's son
                                       ("Phạm Văn Tú", "Phạm Văn Long", "Thôn Đông")):
        award = ws.awards.save(AwardDraft(school_year="2025-2026", full_name=name, parent_name=parent,
                                          village=village_name, category="Học sinh giỏi"), confirm=True)
        people[(name, village_name)] = award[0].uuid
    return home, clan, people


def _names(pairs):
    return [(c.kind, c.name, why) for c, why in pairs]


def test_suggestions_grow_as_links_are_confirmed(ws, village):
    home, _clan, people = village
    links = ws.household_links
    assert _names(links.suggestions(home)) == [("member", "Nguyen Van An", "trùng tên chủ hộ"),
                                               ("award", "Nguyễn Thị Hoa", "con của chủ hộ")]
    changes = links.confirm(home, [("member", people[("Nguyen Van An", "Thôn Đông")])])
    assert len(changes.created["learning_household_link"]) == 1
    # his address brings his wife; the other thôn's Nguyễn Văn An and Lê Văn Cường (Xóm Trên) never come
    assert _names(links.suggestions(home)) == [("member", "Trần Thị Mai", "cùng địa chỉ với hội viên của hộ"),
                                               ("award", "Nguyễn Thị Hoa", "con của chủ hộ")]
    links.confirm(home, [("member", people[("Trần Thị Mai", "Thôn Đông")]),
                         ("award", people[("Nguyễn Thị Hoa", "Thôn Đông")])])
    assert _names(links.suggestions(home)) == [("award", "Nguyễn Minh Khoa", "con của hội viên trong hộ")]
    assert [(c.kind, c.name, c.linked) for c in links.linked(home)] == [
        ("member", "Nguyen Van An", True), ("member", "Trần Thị Mai", True), ("award", "Nguyễn Thị Hoa", True)]
    assert links.households_of("member", people[("Trần Thị Mai", "Thôn Đông")]) == [home]
    # undone: the wife is a suggestion again
    links.remove(home, "member", people[("Trần Thị Mai", "Thôn Đông")])
    assert ("member", "Trần Thị Mai", "cùng địa chỉ với hội viên của hộ") in _names(links.suggestions(home))


def test_refusals_write_nothing(ws, village):
    home, clan, people = village
    links = ws.household_links
    an = people[("Nguyen Van An", "Thôn Đông")]
    links.confirm(home, [("member", an)])
    with pytest.raises(ConflictError, match="đã liên kết với hộ “Nguyễn Văn An”"):
        links.confirm(home, [("award", people[("Nguyễn Thị Hoa", "Thôn Đông")]), ("member", an)])
    assert len(links.linked(home)) == 1  # the award before the refused line was not kept
    with pytest.raises(AppError, match="không phải hộ gia đình"):
        links.suggestions(clan)
    with pytest.raises(AppError, match="Không tìm thấy hội viên này"):
        links.confirm(home, [("member", "khong-co")])
