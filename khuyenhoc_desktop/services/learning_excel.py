"""A household list (danh sách hộ gia đình) read from an Excel sheet: a header row naming "Chủ hộ" (or "Họ và
tên chủ hộ", "Tên chủ hộ"), "Thôn" and optionally "Số nhân khẩu" (or "Số khẩu"), "Ghi chú", in any order and
with or without diacritics, in the first 20 rows. Saving goes through `LearningModelService.save_households`."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import AppError
from ..domain.learning_models import SubjectDraft
from ..vietnamese import fold, normalize

HEADERS = {
    "name": ("chu ho", "ho va ten chu ho", "ten chu ho", "ho ten chu ho", "ho gia dinh"),
    "village": ("thon", "thon, to dan pho", "to dan pho", "thon/to", "thon, xom"),
    "size": ("so nhan khau", "so khau", "nhan khau", "so nguoi"),
    "note": ("ghi chu",),
}
TOTAL_WORDS = ("tong", "tong cong", "cong", "tong so")


def read_households(path: str | Path, default_village: str = "") -> list[SubjectDraft]:
    from ..excel.workbook import read_workbook

    sheets = [s for s in read_workbook(path) if s.visible and not s.is_empty]
    if not sheets:
        raise AppError("Tệp Excel không có trang nào có số liệu.")
    rows = sheets[0].rows
    header_at, columns = _find_header(rows)
    drafts: list[SubjectDraft] = []
    for n, row in enumerate(rows[header_at + 1:], header_at + 2):
        cells = {key: (row[i] if i < len(row) else None) for key, i in columns.items()}
        name = normalize(str(cells.get("name") or ""))
        if not name or fold(name) in TOTAL_WORDS:
            continue
        village = normalize(str(cells.get("village") or "")) or normalize(default_village)
        drafts.append(SubjectDraft("family", name, village, size=_count(cells.get("size"), n),
                                   note=normalize(str(cells.get("note") or ""))))
    if not drafts:
        raise AppError("Bảng không có hộ nào dưới dòng tiêu đề.")
    return drafts


def _find_header(rows: list[list]) -> tuple[int, dict[str, int]]:
    for at, row in enumerate(rows[:20]):
        found: dict[str, int] = {}
        for i, cell in enumerate(row):
            text = fold(str(cell or "")).strip(" :")
            for key, words in HEADERS.items():
                if key not in found and text in words:
                    found[key] = i
        if "name" in found:
            return at, found
    raise AppError("Không tìm thấy dòng tiêu đề có cột “Chủ hộ” trong 20 dòng đầu của bảng.")


def _count(value, row: int) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise AppError(f"Dòng {row}: số nhân khẩu “{value}” không phải là số.")
    return value
