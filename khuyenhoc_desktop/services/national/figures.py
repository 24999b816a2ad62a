"""The national summary as table rows: one row per province, one per commune of a province, and the totals
line, for the window's page and its Excel export. The figures are the summary's (totals.national_summary),
named as on the province page; nothing is counted here."""

from __future__ import annotations

from pathlib import Path

# (header, key, kind) of each figure, in the province page's words (ui/pages/province_page.py "Theo xã")
FIGURE_COLUMNS = (("Khen thưởng", "awards", "int"), ("Tiền khen thưởng", "award_amount", "money"),
                  ("Lớp", "classes", "int"), ("Người học", "learners", "int"), ("Thu", "receipts", "money"),
                  ("Chi", "payments", "money"), ("Tồn quỹ", "balance", "money"))
PROVINCE_COLUMNS = (("Mã tỉnh", "code", "text"), ("Tên tỉnh", "name", "text"), ("Số xã", "communes", "int"),
                    *FIGURE_COLUMNS)
COMMUNE_COLUMNS = (("Mã xã", "code", "text"), ("Tên xã", "name", "text"), *FIGURE_COLUMNS)
TOTAL_LABEL = "Toàn quốc"


def _figures(block: dict) -> dict:
    awards, classes, fund = block.get("awards") or {}, block.get("classes") or {}, block.get("fund") or {}
    return {"awards": awards.get("count", 0), "award_amount": awards.get("amount", 0),
            "classes": classes.get("count", 0), "learners": classes.get("learners", 0),
            "receipts": fund.get("receipts", 0), "payments": fund.get("payments", 0),
            "balance": fund.get("balance", 0)}


def province_rows(summary: dict) -> list[dict]:
    """One row per province holding figures for the summary's period, by code."""
    communes: dict[str, int] = {}
    for c in summary["by_commune"].values():
        communes[c.get("province_code", "")] = communes.get(c.get("province_code", ""), 0) + 1
    return [{"code": code, "name": p.get("name", ""), "communes": communes.get(code, 0), **_figures(p)}
            for code, p in summary["by_province"].items()]


def total_row(summary: dict) -> dict:
    """The national totals line: the summary's own sums (not the rows added up again)."""
    return {"code": "", "name": TOTAL_LABEL, "communes": len(summary["by_commune"]), **_figures(summary)}


def commune_rows(summary: dict, province_code: str) -> list[dict]:
    """The communes of one province, by code."""
    return [{"code": code, "name": c.get("name", ""), **_figures(c)}
            for code, c in summary["by_commune"].items() if c.get("province_code") == province_code]


def export_xlsx(ws, path: str | Path, school_year: str | None = None) -> Path:
    """Two sheets: the provinces with the national totals line, then every commune with its province."""
    from ...excel.writer import Column, SheetSpec, write_workbook

    summary = ws.national.summary(school_year)
    subtitle = f"Năm học {school_year}" if school_year else "Mọi năm học"
    provinces = province_rows(summary)
    communes = [{"province": f"{p['name']} ({p['code']})", **c}
                for p in provinces for c in commune_rows(summary, p["code"])]

    def columns(cols):
        return [Column(h, k, kind=kind) for h, k, kind in cols]

    total = total_row(summary)
    sheets = [
        SheetSpec(title="TỔNG HỢP KHUYẾN HỌC TOÀN QUỐC — THEO TỈNH", columns=columns(PROVINCE_COLUMNS),
                  rows=provinces, sheet_name="Theo tỉnh", subtitle=subtitle,
                  totals={k: total[k] for _h, k, kind in PROVINCE_COLUMNS if kind != "text"}),
        SheetSpec(title="TỔNG HỢP KHUYẾN HỌC TOÀN QUỐC — THEO XÃ",
                  columns=[Column("Tỉnh", "province"), *columns(COMMUNE_COLUMNS)], rows=communes,
                  sheet_name="Theo xã", subtitle=subtitle,
                  totals={k: total[k] for _h, k, kind in FIGURE_COLUMNS}),
    ]
    return write_workbook(path, sheets)
