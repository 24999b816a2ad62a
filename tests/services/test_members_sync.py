"""Personal numbers (CCCD, phone) of members never reach the province: not as rows, not in the audit events."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from khuyenhoc_desktop.domain.members import MemberDraft
from khuyenhoc_desktop.sync import open_package


def test_an_exported_package_holds_no_cccd_or_phone_of_a_member(ws, tmp_path):
    draft = MemberDraft(full_name="Nguyễn Văn Ánh", birth_year=1958, village="Thôn 1", joined_on=date(2020, 3, 8),
                        phone="0912345678", id_number="001058012345")
    member, _ = ws.members.save(draft)
    ws.members.save(replace(member.as_draft(), phone="0987654321", id_number="001058099999"), member.uuid)
    info = ws.sync.export_package(folder=tmp_path, full=True)
    pkg = open_package(info.path)
    pkg.verify(ws.sync.key_card().signing_key, expected_commune_code="07462")
    changes = [{"table": c.table, "uuid": c.uuid, "data": c.data} for c in pkg.iter_changes()]
    events = list(pkg.iter_audit())
    text = json.dumps([changes, events], ensure_ascii=False)
    assert any(e["uuid"] == member.uuid for e in events)  # the member's history travels, masked
    for secret in ("0912345678", "0987654321", "001058012345", "001058099999", "345678", "654321", "012345",
                   "099999"):
        assert secret not in text
    assert "0912 *** 678" in text and "0010********" in text
    # kept in the commune's own file
    assert (ws.members.get(member.uuid).phone, ws.members.get(member.uuid).id_number) == ("0987654321",
                                                                                          "001058099999")
