"""The Qt-free half of the UI's runner: confirm-and-retry, finding the Changes, progress and cancel; and the
long services stopping inside their one transaction."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.changes import Changes
from khuyenhoc_desktop.domain.errors import FieldError, NeedsConfirmation, OperationCancelled
from khuyenhoc_desktop.services.operations import CancelToken, Declined, call_confirmed, changes_of


def test_call_confirmed_retries_with_confirm_only_when_agreed():
    calls = []

    def service(confirm=False):
        calls.append(confirm)
        if not confirm:
            raise NeedsConfirmation([FieldError("amount", "Tồn quỹ không đủ.", "warning")])
        return "saved"

    asked = []
    assert call_confirmed(service, lambda q: asked.append(q.message) or True) == "saved"
    assert calls == [False, True] and asked == ["Tồn quỹ không đủ."]
    with pytest.raises(Declined):
        call_confirmed(service, lambda q: False)
    assert calls == [False, True, False]
    assert call_confirmed(lambda: 7, lambda q: pytest.fail("asked without a warning")) == 7


def test_changes_of_finds_what_a_service_returned():
    a = Changes().add("created", "award", "u1")
    b = Changes().add("updated", "voucher", "v1")

    class Result:
        changes = b

    assert changes_of(a) is a
    assert changes_of(("record", a)) is a
    assert changes_of(Result()) is b
    merged = changes_of([("x", a), Result()])
    assert merged.touches("award") and merged.touches("voucher")
    assert not changes_of(None).touches("award") and not changes_of(3).settings


def test_cancel_token_reports_until_cancelled_then_raises():
    seen = []
    token = CancelToken(lambda done, total: seen.append((done, total)))
    token.REPORT_EVERY = 0  # every call reported
    token.progress(1, 3)
    token.progress(3, 3)
    assert seen == [(1, 3), (3, 3)] and not token.cancelled
    token.cancel()
    with pytest.raises(OperationCancelled) as stopped:
        token.progress(3, 3)
    assert stopped.value.message == "Đã dừng theo yêu cầu; chưa ghi gì vào dữ liệu."
    assert seen == [(1, 3), (3, 3)]


def stop_at(n: int):
    """A progress callback that stops the operation at its n-th call (as "Dừng" would)."""
    calls = []

    def progress(done, total):
        calls.append((done, total))
        if len(calls) >= n:
            raise OperationCancelled()

    return progress, calls


def test_stopping_an_excel_commit_leaves_nothing(ws, tmp_path):
    from tests.services.test_excel_import import YEAR, award_book

    pv = ws.excel.preview(award_book(tmp_path), "awards", school_year=YEAR)
    progress, calls = stop_at(2)  # after the first row was prepared
    with pytest.raises(OperationCancelled):
        ws.excel.commit(pv, progress=progress)
    assert calls == [(0, 2), (1, 2)]
    assert ws.awards.count_and_total(AwardFilter()) == (0, 0)
    assert "Giải Toán tuổi thơ" not in ws.catalogs.names("award_category")  # its new catalogue entry too
    assert ws.excel.commit(pv).imported == 2  # and it can be done again


def test_stopping_demo_data_leaves_the_file_as_it_was(ws):
    before = ws.awards.count_and_total(AwardFilter())
    vouchers = ws.db.execute_sql("SELECT COUNT(*) FROM voucher").fetchone()[0]
    progress, calls = stop_at(2)  # after the awards and the fund book were made
    from khuyenhoc_desktop.services import demo

    with pytest.raises(OperationCancelled):
        demo.fill(ws, awards=40, seed=1, progress=progress)
    assert len(calls) == 2
    assert ws.awards.count_and_total(AwardFilter()) == before
    assert ws.db.execute_sql("SELECT COUNT(*) FROM voucher").fetchone()[0] == vouchers


def test_stopping_a_province_batch_imports_none_of_it(tmp_path):
    from tests.services.test_province_import import CODE, NAME, Commune, award, open_province

    xa = Commune(tmp_path / "xa")
    packages = [xa.package([award(k * 10 + i) for i in range(5)]) for k in range(3)]
    with open_province(tmp_path / "tinh.db") as ws:
        ws.province.register_commune(CODE, NAME, xa.card_path)
        before = ws.province.checksum()
        progress, calls = stop_at(3)  # before the third package, two already written in the batch
        with pytest.raises(OperationCancelled):
            ws.province.import_files(packages, workers=0, progress=progress)
        assert calls == [(0, 3), (1, 3), (2, 3)]
        assert ws.province.checksum() == before
        assert ws.db.execute_sql("SELECT COUNT(*) FROM prov_record").fetchone()[0] == 0
        reports = ws.province.import_files(packages, workers=0, progress=lambda done, total: None)
        assert [r.status for r in reports] == ["applied"] * 3


def test_stopping_a_sync_export_publishes_and_records_nothing(ws, tmp_path):
    for i in range(3):
        ws.awards.save(AwardDraft(school_year="2025-2026", full_name=f"Học Sinh {i}", birth_year=2012,
                                  category="Học sinh giỏi", amount=100_000), confirm=True)
    progress, calls = stop_at(2)
    with pytest.raises(OperationCancelled):
        ws.sync.export_package(folder=tmp_path / "usb", progress=progress)
    assert len(calls) == 2 and calls[0][1] == 0  # the row count is not known in advance
    assert ws.sync.last_seq() == 0 and not list((tmp_path / "usb").glob("*"))
    info = ws.sync.export_package(folder=tmp_path / "usb")
    assert info.seq == 1 and info.path.exists()
