"""Reading our PDFs back (pypdf / pdfplumber) and sample printables for the tests."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime

from khuyenhoc_desktop.domain.printables import AgendaItem, AwardRow, CertificateData, MinutesData, Vote

MM = 72 / 25.4

# Names from the brief; the NFD spelling of the first checks the NFC step.
NAMES = ["Nguyễn Thị Thuỷ", "Đường Ưởng", "Hoàng Thị Ngọc Bích Phượng"]
LONG_NAME = "Hoàng Thị Ngọc Bích Phượng Tôn Nữ Công Huyền Tằng Tôn Nữ Hoàng Anh Thư Nguyễn Phúc"
LONG_ACHIEVEMENT = (
    "Đạt giải Nhất kỳ thi chọn học sinh giỏi cấp tỉnh môn Toán, giải Nhì môn Vật lý, "
    "giải Ba cuộc thi Khoa học kỹ thuật dành cho học sinh trung học; là tấm gương sáng về tinh thần "
    "vượt khó vươn lên, tích cực tham gia các phong trào thi đua của nhà trường và địa phương, "
    "giúp đỡ bạn bè cùng tiến bộ, được thầy cô và bạn bè yêu mến, tin tưởng suốt nhiều năm học liền; "
    "nhiều năm liền đạt danh hiệu Học sinh xuất sắc và Cháu ngoan Bác Hồ của xã nhà"
)
assert len(LONG_ACHIEVEMENT) >= 400, len(LONG_ACHIEVEMENT)
LONG_ACHIEVEMENT = LONG_ACHIEVEMENT[:400].rstrip()


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def squash(s: str) -> str:
    """NFC and all whitespace removed (line breaks differ between extractors)."""
    return "".join(nfc(s).split())


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def plumber(data: bytes):
    import pdfplumber

    return pdfplumber.open(io.BytesIO(data))


def text_lines(page) -> list[dict]:
    """Lines of chars grouped by baseline, with a glyph-body box (cap height .. descender)."""
    chars = [c for c in page.chars if c["text"].strip()]
    rows: dict[tuple, list] = {}
    for c in chars:
        base = round(c["matrix"][5], 1)
        rows.setdefault((base, round(c["size"], 1)), []).append(c)
    out = []
    for (base, size), cs in rows.items():
        cs.sort(key=lambda c: c["x0"])
        # split a baseline into separate runs where there is a big horizontal gap
        run = [cs[0]]
        for c in cs[1:]:
            if c["x0"] - run[-1]["x1"] > size * 2:
                out.append(_line(run, base, size, page.height))
                run = [c]
            else:
                run.append(c)
        out.append(_line(run, base, size, page.height))
    return out


def _line(cs, base, size, height) -> dict:
    baseline_top = height - base  # distance from the top edge
    return {
        "text": "".join(c["text"] for c in cs),
        "x0": min(c["x0"] for c in cs),
        "x1": max(c["x1"] for c in cs),
        "top": baseline_top - 0.72 * size,
        "bottom": baseline_top + 0.2 * size,
        "baseline": baseline_top,
        "size": size,
        "fontname": cs[0]["fontname"],
    }


def overlaps(a: dict, b: dict, tol: float = 0.2) -> bool:
    return (
        a["x0"] < b["x1"] - tol
        and b["x0"] < a["x1"] - tol
        and a["top"] < b["bottom"] - tol
        and b["top"] < a["bottom"] - tol
    )


def make_certificate(org, name: str = NAMES[0], achievement: str = "Đạt giải Nhất học sinh giỏi cấp tỉnh môn Toán", **kw):
    values = dict(
        class_name="9A",
        school="THCS Tân Dĩnh",
        village="Thôn Đồng Quan",
        achievement=achievement,
        school_year="2024-2025",
        decision_number="12/QĐ-HKH",
        decision_date=date(2026, 2, 5),
        register_number="125",
        issue_date=date(2026, 2, 5),
    )
    values.update(kw)
    return CertificateData.from_organisation(org, name, **values)


def make_minutes(org, agenda_items: int = 3, awards: int = 6) -> MinutesData:
    rows = tuple(
        AwardRow(NAMES[i % 3], f"{6 + i % 4}A", "Trường THCS Tân Dĩnh", "Học sinh giỏi cấp tỉnh", 500_000 + 100_000 * (i % 3))
        for i in range(awards)
    )
    agenda = tuple(
        AgendaItem(
            f"Xét đề nghị khen thưởng đợt {k}",
            "Đồng chí Chủ tịch Hội báo cáo kết quả rà soát danh sách học sinh đạt thành tích cao.\n"
            "Các ủy viên thảo luận, thống nhất tiêu chí và mức thưởng theo quy chế của Hội.",
            "Thống nhất danh sách khen thưởng như đề nghị.",
            Vote(13, 12, 1, 0),
        )
        for k in range(1, agenda_items + 1)
    )
    return MinutesData(
        organisation=org,
        subject="Họp Ban Chấp hành xét khen thưởng năm học 2024 - 2025",
        date=date(2026, 2, 5),
        start=datetime(2026, 2, 5, 8, 0),
        end=datetime(2026, 2, 5, 10, 30),
        location="Hội trường Ủy ban nhân dân xã Tân Dĩnh",
        chair="Nguyễn Văn Thắng",
        chair_title="Chủ tịch Hội",
        secretary="Lê Thị Ngọc Ánh",
        secretary_title="Ủy viên Ban Chấp hành",
        number="05/BB-HKH",
        meeting_kind="Ban Chấp hành",
        members_total=15,
        members_present=13,
        members_absent=2,
        absent_names=("Ông Trần Văn Bình (có lý do)",),
        other_attendees=("Đại diện Ủy ban nhân dân xã",),
        agenda=agenda,
        awards=rows,
        recipients=("Thường trực Hội Khuyến học tỉnh", "Ủy ban nhân dân xã", "Lưu: VT"),
    )


# ---------------------------------------------------------------------------
# Hygiene: fonts, edges, margins, document properties
# ---------------------------------------------------------------------------


def _resolve(obj):
    return obj.get_object() if hasattr(obj, "get_object") else obj


def unembedded_fonts(data: bytes) -> list[str]:
    """BaseFont names of every font in the file (pages, forms, anywhere) that is not embedded."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    bad = []
    seen = set()

    def check(font) -> None:
        font = _resolve(font)
        key = id(font)
        if key in seen:
            return
        seen.add(key)
        if font.get("/Subtype") == "/Type0":
            for d in font.get("/DescendantFonts", []):
                check(d)
            return
        desc = _resolve(font.get("/FontDescriptor")) if font.get("/FontDescriptor") is not None else None
        if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            bad.append(str(font.get("/BaseFont")))

    def walk(resources) -> None:
        resources = _resolve(resources)
        if not resources:
            return
        for font in (_resolve(resources.get("/Font")) or {}).values():
            check(font)
        for xobj in (_resolve(resources.get("/XObject")) or {}).values():
            xobj = _resolve(xobj)
            if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
                walk(xobj["/Resources"])

    for page in reader.pages:
        walk(page.get("/Resources"))
    return bad


def chars_near_edge(data: bytes, limit_mm: float = 10.0) -> list[str]:
    """Characters (with their page) closer than `limit_mm` to any edge of the paper."""
    limit = limit_mm * MM
    near = []
    with plumber(data) as doc:
        for n, page in enumerate(doc.pages, 1):
            for c in page.chars:
                if not c["text"].strip():
                    continue
                if (c["x0"] < limit - 0.01 or c["x1"] > page.width - limit + 0.01 or c["top"] < limit - 0.01
                        or c["bottom"] > page.height - limit + 0.01):
                    near.append(f"p{n} {c['text']!r} x0={c['x0'] / MM:.1f} x1={c['x1'] / MM:.1f} "
                                f"top={c['top'] / MM:.1f} bottom={c['bottom'] / MM:.1f} mm")
    return near


def text_extent_mm(data: bytes, skip_page_numbers: bool = True) -> dict[str, float]:
    """The smallest left/right/top/bottom distance (mm) of any character to the paper's edges, over all
    pages; page numbers (digits alone in the top margin, NĐ 30 puts them there) are left out."""
    out = {"left": 1e9, "right": 1e9, "top": 1e9, "bottom": 1e9}
    with plumber(data) as doc:
        for page in doc.pages:
            rows: dict[float, list] = {}
            for c in page.chars:
                if c["text"].strip():
                    rows.setdefault(round(c["matrix"][5], 1), []).append(c)
            for base, cs in rows.items():
                number = "".join(c["text"] for c in cs)
                if skip_page_numbers and number.isdigit() and max(c["bottom"] for c in cs) < 20 * MM:
                    continue
                for c in cs:
                    out["left"] = min(out["left"], c["x0"] / MM)
                    out["right"] = min(out["right"], (page.width - c["x1"]) / MM)
                    out["top"] = min(out["top"], c["top"] / MM)
                    out["bottom"] = min(out["bottom"], (page.height - c["bottom"]) / MM)
    return out


def properties(data: bytes) -> dict[str, str]:
    from pypdf import PdfReader

    meta = PdfReader(io.BytesIO(data)).metadata or {}
    return {k.lstrip("/"): str(v) for k, v in meta.items()}
