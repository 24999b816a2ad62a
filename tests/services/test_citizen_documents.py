"""The danh sách Công dân học tập (PDF, by target group, no CCCD) and its Excel export, which the import reads
back to the same people (updated, not doubled)."""

from __future__ import annotations

from openpyxl import load_workbook

from khuyenhoc_desktop.domain.learning_citizens import CitizenDraft, CitizenFilter
from khuyenhoc_desktop.domain.learning_models import DEFAULT_TARGET_GROUPS
from khuyenhoc_desktop.services.learning_citizens import citizen_list, export_citizens, write_citizen_list

FARMERS, WORKERS = DEFAULT_TARGET_GROUPS[:2]


def _fill(ws):
    for name, group, status in (("Trần Văn Bình", WORKERS, "registered"), ("Nguyễn Thị An", FARMERS, "recognised"),
                                ("Lê Văn Bình", FARMERS, "registered")):
        ws.citizens.save(CitizenDraft(year=2026, full_name=name, birth_year=1980, village="Thôn 1", target_group=group,
                                      status=status, id_number="001080000009" if name == "Nguyễn Thị An" else ""))


def test_the_list_is_by_group_in_name_order(ws, tmp_path):
    _fill(ws)
    data = citizen_list(ws, CitizenFilter(2026))
    assert [(s.group, [r.name for r in s.rows], s.recognised) for s in data.sections] == [
        (FARMERS, ["Nguyễn Thị An", "Lê Văn Bình"], 1), (WORKERS, ["Trần Văn Bình"], 0)]
    assert data.total == 3 and data.title == "DANH SÁCH CÔNG DÂN HỌC TẬP NĂM 2026"
    pdf = tmp_path / "ds.pdf"
    write_citizen_list(ws, pdf, CitizenFilter(2026))
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_the_export_has_no_cccd_and_reads_back_as_the_same_people(ws, tmp_path):
    _fill(ws)
    path = export_citizens(ws, tmp_path / "cdht.xlsx", CitizenFilter(2026))
    cells = [str(c.value) for row in load_workbook(path).active.iter_rows() for c in row if c.value is not None]
    assert "Nguyễn Thị An" in cells and "001080000009" not in cells
    result = ws.excel.commit(ws.excel.preview(path, "citizens", year=2026))
    assert (result.imported, result.updated) == (3, 3) and ws.citizens.count(CitizenFilter(2026)) == 3
    assert ws.citizens.list(CitizenFilter(2026, search="an"))[0].id_number == "001080000009"  # kept
