"""A small member register for the printing tests: two chi hội, one member without a số thẻ, one woman with
her phone and CCCD, and (when asked) one who quit — the same people in the CLI and the window tests."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft


def save_print_register(ws, *, with_quit: bool = True) -> None:
    east, _ = ws.units.save(UnitDraft(name="Chi hội thôn Đông", village="Thôn 1"))
    north, _ = ws.units.save(UnitDraft(name="Chi hội thôn Bắc", village="Thôn 2"))
    people = [
        ("Trần Thị Ánh", east, "02/2020", dict(gender="Nữ", phone="0912345678", id_number="001058012345")),
        ("Nguyễn Văn An", east, "01/2020", {}),
        ("Lê Văn Ân", east, "", {}),
        ("Đặng Thu Hà", north, "05/2021", dict(gender="Nữ")),
    ]
    if with_quit:
        people.append(("Phạm Văn Bình", north, "06/2021", dict(status="quit", status_date=date(2025, 5, 3))))
    for name, unit, card, extra in people:
        ws.members.save(MemberDraft(full_name=name, unit_uuid=unit.uuid, card_no=card, birth_year=1958,
                                    village="Thôn 1", joined_on=date(2020, 3, 8), **extra), confirm=True)
