"""The province after a merger, end to end: two old communes (07435 Đại Lâm, 07438 Thái Đào, made by `khuyenhoc
demo`) send full packages; `khuyenhoc merge` takes them into the new commune 07432 Tân Dĩnh, which also makes an
award and two phiếu of its own; the new commune's first full package

* is refused whole, nothing written, while the province has no unit change (it names the old communes);
* after `sync unit-changes --fill --all`, applies with no conflict: the merged copies update the old communes'
  records (same uuid and version, origin and qualified thôn names), which stay counted under the old codes;
* leaves the province's totals exact: what it held for the old communes + what the new commune made itself —
  the handover receipts are not counted again (`voucher.handover_from`), in `summary --by old` and `--by new`.

Every expectation is computed here from `summary` outputs (the province's before, the new file's before and after
its own records), never from the province's code."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from dataclasses import replace

import pytest

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage.province import mirror as mirror_store
from tests.clock_helpers import TEST_CLOCK, test_today
from tests.services.test_merge import make_old

OLD = (("07435", "Đại Lâm", 11), ("07438", "Thái Đào", 12))
NEW = "07432"
TODAY = test_today()


def _summary(db, *extra) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["summary", "--db", str(db), *extra]) == 0
    return json.loads(out.getvalue())


def _figures(block: dict) -> dict:
    """The figures the province must keep exact, of a summary or one commune of its `by_commune`."""
    a, c, f, m = block["awards"], block["classes"], block["fund"], block["members"]
    return {"awards": a["count"], "amount": a["amount"], "classes": c["count"], "learners": c["learners"],
            "members": m["count"], "receipts": f["receipts"], "payments": f["payments"], "balance": f["balance"]}


def _plus(*blocks: dict) -> dict:
    return {k: sum(b[k] for b in blocks) for k in blocks[0]}


def _minus(a: dict, b: dict) -> dict:
    return {k: a[k] - b[k] for k in a}


def _dump(path) -> list:
    with Workspace.open(path, role="province") as prov:
        return list(mirror_store.dump(prov.db))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hop-nhat-tinh")
    tinh = tmp / "tinh.db"
    with Workspace.open(tinh, role="province") as prov:
        prov.province.set_profile("24", "Bắc Ninh")
        olds = []
        for code, name, seed in OLD:
            db = make_old(tmp, code, name, seed)
            with Workspace.open(db, clock=TEST_CLOCK) as ws:
                ws.sync.save_key_card(tmp / f"{code}.khkey")
                prov.province.register_commune(code, name, tmp / f"{code}.khkey")
                rep = prov.province.import_file(ws.sync.export_package(tmp / f"{code}-1.khsync", full=True).path)
                assert rep.ok and not rep.rejected, rep.message
            olds.append(db)
    before = _summary(tinh)
    new = tmp / "moi.db"
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        ws.profile.save(replace(sample_organisation(), commune_code=NEW))
    with redirect_stdout(io.StringIO()):
        assert main(["merge", "--into", str(new), *map(str, olds), "--date", TODAY.strftime("%d/%m/%Y")]) == 0
    merged = _summary(new)
    with Workspace.open(new, clock=TEST_CLOCK) as ws:  # what the new commune makes itself
        ws.awards.save(AwardDraft(school_year="2025-2026", full_name="Nguyễn Thị Mai", birth_year=2012,
                                  category="Học sinh giỏi", amount=300_000, status="approved"))
        ws.fund.add(VoucherDraft(kind="thu", voucher_date=TODAY, person="Công ty TNHH Minh Phát",
                                 reason="Ủng hộ Quỹ khuyến học", item="Ủng hộ của tổ chức", amount=5_000_000),
                    confirm=True, today=TODAY)
        ws.fund.add(VoucherDraft(kind="chi", voucher_date=TODAY, person="Trần Văn Hùng", reason="Chi khen thưởng",
                                 item="Chi khen thưởng", amount=1_200_000), confirm=True, today=TODAY)
        ws.sync.save_key_card(tmp / "new.khkey")
        package = ws.sync.export_package(tmp / "new-1.khsync", full=True).path
        again = ws.sync.export_package(tmp / "new-2.khsync", full=True).path  # the same records, next number
    # made now: each test has its own machine key store (conftest), the files' keys are sealed with this one
    with Workspace.open(olds[0], clock=TEST_CLOCK) as ws:  # 2026, after the merger of 01/07/2025
        late = ws.sync.export_package(tmp / f"{OLD[0][0]}-2.khsync", full=True).path
    own = _minus(_figures(_summary(new)), _figures(merged))
    with Workspace.open(tinh, role="province") as prov:
        prov.province.register_commune(NEW, "Tân Dĩnh", tmp / "new.khkey")
    held = _dump(tinh)
    with Workspace.open(tinh, role="province") as prov:
        refused = prov.province.import_file(package)
    refused_dump = _dump(tinh)
    with redirect_stdout(io.StringIO()):
        assert main(["sync", "unit-changes", "--db", str(tinh), "--fill", "--all"]) == 0
    with Workspace.open(tinh, role="province") as prov:
        applied = prov.province.import_file(package)
    return {"tmp": tmp, "tinh": tinh, "new": new, "olds": olds, "package": package, "again": again, "late": late, "before": before, "own": own,
            "refused": refused, "held": held, "refused_dump": refused_dump, "applied": applied}


def test_without_a_unit_change_the_package_is_refused_naming_the_old_communes(world):
    rep = world["refused"]
    assert rep.status == "refused" and not rep.ok
    assert "Đại Lâm (07435)" in rep.message and "Thái Đào (07438)" in rep.message
    assert "thay đổi đơn vị" in rep.message
    assert world["refused_dump"] == world["held"]  # nothing written, not even the ledger


def test_the_merged_copies_update_the_old_records_without_conflict(world):
    rep = world["applied"]
    assert rep.ok and rep.status == "applied", rep.message
    assert rep.rejected == [] and rep.counts["rejected"] == 0
    assert rep.updated > 1000 and rep.stale == 0


def test_province_totals_are_the_old_communes_plus_the_new_communes_own(world):
    before, own = world["before"], world["own"]
    assert own["awards"] == 1 and own["receipts"] == 5_000_000 and own["payments"] == 1_200_000
    held = {code: _figures(before["by_commune"][code]) for code, _n, _s in OLD}
    assert _plus(*held.values()) == _figures(before)
    by_old = _summary(world["tinh"], "--by", "old")
    assert _figures(by_old) == _plus(_figures(before), own)
    for code in held:
        assert _figures(by_old["by_commune"][code]) == held[code], code
    assert _figures(by_old["by_commune"][NEW]) == own
    by_new = _summary(world["tinh"], "--by", "new")
    assert _figures(by_new) == _plus(_figures(before), own)
    assert list(by_new["by_commune"]) == [NEW]
    assert _figures(by_new["by_commune"][NEW]) == _plus(*held.values(), own)


def test_importing_the_package_again_changes_nothing(world):
    tinh = world["tinh"]
    totals, dump = _summary(tinh, "--by", "old"), _dump(tinh)
    with Workspace.open(tinh, role="province") as prov:
        rep = prov.province.import_file(world["package"])
    assert rep.status == "already"
    assert _dump(tinh) == dump
    # a second full package (next number) of the same file: every row unchanged, the totals too
    with Workspace.open(tinh, role="province") as prov:
        rep = prov.province.import_file(world["again"])
    assert rep.ok and rep.counts["created"] == rep.counts["updated"] == rep.counts["rejected"] == 0, rep.message
    assert rep.counts["unchanged"] == world["applied"].counts["created"] + world["applied"].counts["updated"]
    assert _summary(tinh, "--by", "old") == totals


def test_an_old_communes_package_after_the_merger_is_refused(world):
    package = world["late"]
    dump = _dump(world["tinh"])
    with Workspace.open(world["tinh"], role="province") as prov:
        rep = prov.province.import_file(package)
    assert rep.status == "refused"
    assert "Tân Dĩnh" in rep.message and NEW in rep.message
    assert _dump(world["tinh"]) == dump


def test_the_handover_receipts_are_marked_with_their_old_commune(world):
    """Each old commune's closing balance came into the new books as receipts marked `handover_from` = its code;
    together they are the fund the province held for the old communes (merged on the day the test runs)."""
    import sqlite3

    conn = sqlite3.connect(world["new"])
    try:
        marked = conn.execute("SELECT handover_from, SUM(amount) FROM voucher WHERE handover_from != ''"
                              " AND status = 'posted' GROUP BY handover_from").fetchall()
    finally:
        conn.close()
    held = world["before"]["by_commune"]
    assert dict(marked) == {code: held[code]["fund"]["balance"] for code, _n, _s in OLD}
