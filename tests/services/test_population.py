"""Population figures per year: saving a year's table, its refusals and questions, reading it back, Excel."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.errors import AppError, NeedsConfirmation, ValidationError
from khuyenhoc_desktop.domain.members import MemberDraft
from khuyenhoc_desktop.domain.population import PopulationLine


def test_a_year_is_saved_replaced_and_audited(ws):
    changes = ws.population.save_year(2025, [PopulationLine("Thôn 1", 1200, 300, 900),
                                             PopulationLine("Thôn 2", 800, 210, 600)])
    assert len(changes.created["population"]) == 2
    figures = ws.population.year(2025)
    assert (figures.total.population, figures.total.households, figures.total.adults) == (2000, 510, 1500)
    # Thôn 2 left out: removed; Thôn 1 changed: updated (version 2); nothing else touched
    changes = ws.population.save_year(2025, [PopulationLine("Thôn 1", 1250, 305, 910)])
    assert list(changes.updated) == ["population"] and list(changes.deleted) == ["population"]
    assert ws.population.year(2025).total.population == 1250
    uuid = changes.updated["population"][0]
    assert [(e.action, e.field) for e in ws.population.history(uuid)] == [
        ("create", ""), ("update", "adults"), ("update", "households"), ("update", "population")]
    assert ws.population.years() == [2025]
    assert ws.population.population_for(2027) == (2025, 1250) and ws.population.population_for(2020) == (2020, None)


def test_bad_figures_are_refused_and_nothing_is_saved(ws):
    with pytest.raises(ValidationError) as exc:
        ws.population.save_year(2025, [PopulationLine("Thôn 1", 100, 20, 150), PopulationLine("Thôn 2", 10, 3, 5)])
    assert "số người từ 18 tuổi (150) lớn hơn dân số (100)" in exc.value.errors[0].message
    with pytest.raises(ValidationError):
        ws.population.save_year(2025, [PopulationLine("Thôn 1", -5)])
    with pytest.raises(ValidationError):
        ws.population.save_year(2025, [PopulationLine("Thôn 1", 10**9, 1, 1)])
    with pytest.raises(ValidationError):
        ws.population.save_year(2025, [PopulationLine("Thôn 1", 10, 2, 2), PopulationLine("Thôn 1", 12, 2, 2)])
    with pytest.raises(ValidationError):
        ws.population.save_year(1800, [PopulationLine("Thôn 1", 10, 2, 2)])
    assert ws.population.years() == []


def test_a_population_smaller_than_the_members_is_asked_about(ws, clock):
    year = clock.today().year
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        ws.members.save(MemberDraft(full_name=name, birth_year=1960, joined_on=date(2020, 1, 1)))
    with pytest.raises(NeedsConfirmation) as exc:
        ws.population.save_year(year, [PopulationLine("", 2, 1, 2)])
    assert "nhỏ hơn số hội viên đang sinh hoạt (3)" in exc.value.message
    assert ws.population.years() == []
    ws.population.save_year(year, [PopulationLine("", 2, 1, 2)], confirm=True)
    assert ws.population.year(year).total.population == 2
    with pytest.raises(NeedsConfirmation) as exc:  # the thôn lines do not add up to the whole commune
        ws.population.save_year(year, [PopulationLine("", 500, 100, 300), PopulationLine("Thôn 1", 200, 50, 150)])
    assert "khác dân số toàn xã" in exc.value.message


def test_an_excel_sheet_is_read_with_its_header_and_total_line(ws, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["SỐ LIỆU DÂN SỐ NĂM 2025"])
    sheet.append([])
    sheet.append(["STT", "Tên thôn", "Số hộ", "Dân số", "Số người từ 18 tuổi"])
    sheet.append([1, "Thôn 1", 300, 1200, 900])
    sheet.append([2, "Thôn 2", "210", "1.050", 700])
    sheet.append([None, "Tổng cộng", 510, 2250, 1600])
    path = tmp_path / "dan_so.xlsx"
    book.save(path)
    lines = ws.population.read_excel(path)
    assert lines == [PopulationLine("Thôn 1", 1200, 300, 900), PopulationLine("Thôn 2", 1050, 210, 700),
                     PopulationLine("", 2250, 510, 1600)]
    ws.population.save_year(2025, lines)
    assert ws.population.year(2025).total.population == 2250
    sheet.append([3, "Thôn 3", "nhiều", 10, 5])
    book.save(path)
    with pytest.raises(AppError) as exc:
        ws.population.read_excel(path)
    assert "Dòng 7: số hộ “nhiều” không phải là số." == exc.value.message
