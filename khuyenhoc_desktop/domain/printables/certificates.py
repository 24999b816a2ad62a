"""Giấy khen, thẻ hội viên and giấy công nhận on pre-printed stock: the data of one certificate and the layout profiles (field boxes)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Mapping

from ...vietnamese import format_date_vi
from ..organisation import Organisation


# ---------------------------------------------------------------------------
# Certificates (giấy khen)
# ---------------------------------------------------------------------------

# Every field a certificate layout may place; a blank-form profile prints only those it lists
# ("tang", the word "TẶNG", and the signer block are for phôi that do not have them printed).
CERTIFICATE_FIELDS = (
    "tang",
    "issuing_body",
    "parent_body",
    "name",
    "details",
    "achievement",
    "school_year",
    "decision",
    "register",
    "place_date",
    "signer_authority",
    "signer_title",
    "signer_name",
)


@dataclass(frozen=True)
class CertificateData:
    recipient_name: str
    salutation: str = "Em"  # "Em" / "Ông" / "Bà" / "" (none)
    class_name: str = ""  # "9A"
    school: str = ""  # "Trường THCS Tân Dĩnh" ("Trường" is added when missing)
    village: str = ""  # "Thôn Đồng Quan"
    details: str = ""  # overrides the details line built from class/school/village
    achievement: str = ""  # "Đạt giải Nhất học sinh giỏi cấp tỉnh môn Toán"
    achievement_prefix: str = "Đã có thành tích: "
    school_year: str = ""  # "2024-2025" → "Năm học 2024 - 2025"
    decision_number: str = ""  # "12/QĐ-HKH"
    decision_date: date | None = None
    register_number: str = ""  # số vào sổ
    issue_place: str = ""  # địa danh: "Tân Dĩnh"
    issue_date: date | None = None
    signer_authority: str = "TM. BAN CHẤP HÀNH"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""
    issuing_body: str = ""  # red line: "BAN CHẤP HÀNH HỘI KHUYẾN HỌC XÃ TÂN DĨNH"
    parent_body: str = ""  # cơ quan chủ quản; not on the default layout, a profile may place it
    draft: bool = False  # a "BẢN NHÁP" preview of an undecided award: marked, never numbered
    heading: str = "GIẤY KHEN"  # the big red title of the artwork ("GIẤY CÔNG NHẬN" for a recognised model)
    verb: str = "TẶNG"  # the word above it ("CÔNG NHẬN")
    year_line: str = ""  # replaces "Năm học …" when set ("Năm 2026")

    @classmethod
    def from_organisation(cls, org: Organisation, recipient_name: str, **values: Any) -> "CertificateData":
        """Fill issuer, place and signer from the committee profile; `values` override."""
        defaults = {
            "issuing_body": org.issuing_body_upper(),
            "parent_body": org.parent_body.upper(),
            "issue_place": org.place_name or org.commune,
            "signer_name": org.chair,
        }
        defaults.update(values)
        return cls(recipient_name=recipient_name, **defaults)

    # The printed lines (plain text; the renderer NFCs and fits them).
    def details_line(self) -> str:
        if self.details.strip():
            return self.details.strip()
        parts = []
        if self.class_name.strip():
            parts.append(f"Học sinh lớp {self.class_name.strip()}")
        school = self.school.strip()
        if school:
            if not school.lower().startswith(("trường", "truong")):
                school = f"Trường {school}"
            parts.append(school)
        if self.village.strip():
            parts.append(self.village.strip())
        return ", ".join(parts)

    def achievement_line(self) -> str:
        text = self.achievement.strip()
        return f"{self.achievement_prefix}{text}" if text else ""

    def school_year_line(self) -> str:
        if self.year_line.strip():
            return self.year_line.strip()
        year = self.school_year.strip()
        if not year:
            return ""
        if "-" in year and " - " not in year:
            a, _, b = year.partition("-")
            year = f"{a.strip()} - {b.strip()}"
        return f"Năm học {year}"

    def decision_line(self) -> str:
        if not self.decision_number.strip() and self.decision_date is None:
            return ""
        text = f"Số QĐ: {self.decision_number.strip() or '…'}"
        if self.decision_date is not None:
            text += f", ngày {self.decision_date:%d/%m/%Y}"
        return text

    def register_line(self) -> str:
        if self.draft or not self.register_number.strip():
            return ""
        return f"Số vào sổ: {self.register_number.strip()}"

    def place_date_line(self) -> str:
        place = self.issue_place.strip()
        if self.issue_date is None:
            return f"{place}, ngày … tháng … năm …" if place else ""
        d = self.issue_date
        when = format_date_vi(d)
        return f"{place}, {when}" if place else when.capitalize()


@dataclass(frozen=True)
class FieldBox:
    """Where a certificate field goes, in millimetres from the paper's top-left corner.

    `x_mm` is the left edge of the box, `y_mm` the baseline of the first line; the text is
    aligned inside `width_mm`. With `height_mm` > 0 the text may wrap downwards into that
    height (the first baseline stays at `y_mm`); otherwise it stays on one line. Text that
    does not fit shrinks, down to `min_font_size` (0 = 60 % of `font_size`), then wraps.
    """

    x_mm: float
    y_mm: float
    width_mm: float
    font_size: float = 14.0
    bold: bool = False
    italic: bool = False
    align: str = "center"  # "left" / "center" / "right"
    height_mm: float = 0.0
    min_font_size: float = 0.0
    color: str = "#000000"

    @property
    def min_size(self) -> float:
        return self.min_font_size or round(self.font_size * 0.6, 1)

    @property
    def anchor_x_mm(self) -> float:
        """Where the alignment point sits: left edge, centre or right edge of the box."""
        if self.align == "left":
            return self.x_mm
        if self.align == "right":
            return self.x_mm + self.width_mm
        return self.x_mm + self.width_mm / 2

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "FieldBox":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


# The variable text of a thẻ hội viên (positions relative to the card's top-left corner): what a
# blank-form profile of pre-printed card stock may place, and what the full card fills in.
MEMBER_CARD_FIELDS = (
    "association",
    "title",
    "name",
    "birth_year",
    "unit",
    "card_no",
    "joined_on",
    "place_date",
    "signer_authority",
    "signer_title",
    "signer_name",
)

# The documents a layout profile positions text on, and the fields each may place.
# A giấy công nhận (recognition of a learning model) has the giấy khen's fields on its own phôi.
PROFILE_FIELDS = {"certificate": CERTIFICATE_FIELDS, "member_card": MEMBER_CARD_FIELDS,
                  "recognition": CERTIFICATE_FIELDS}
PROFILE_DOCUMENTS = {"certificate": "giấy khen", "member_card": "thẻ hội viên", "recognition": "giấy công nhận"}

PAPERS = ("A4", "A3")
ORIENTATIONS = ("landscape", "portrait")


@dataclass(frozen=True)
class CertificateLayoutProfile:
    """A named blank-form (phôi) layout: paper, per-printer offset, and the fields it prints.

    `document` says what the phôi is: a giấy khen (fields in mm from the paper's corner) or a sheet of
    pre-printed member cards ("member_card": fields in mm from each card's corner)."""

    name: str
    paper: str = "A4"
    orientation: str = "landscape"
    offset_x_mm: float = 0.0  # + moves everything right
    offset_y_mm: float = 0.0  # + moves everything down
    fields: Mapping[str, FieldBox] = field(default_factory=dict)
    document: str = "certificate"

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"Khổ giấy không hỗ trợ: {self.paper}")
        if self.orientation not in ORIENTATIONS:
            raise ValueError(f"Hướng giấy không hợp lệ: {self.orientation}")
        if self.document not in PROFILE_FIELDS:
            raise ValueError(f"Loại phôi không hợp lệ: {self.document}")
        unknown = set(self.fields) - set(PROFILE_FIELDS[self.document])
        if unknown:
            raise ValueError(f"Trường không có trên {PROFILE_DOCUMENTS[self.document]}: {', '.join(sorted(unknown))}")

    @property
    def field_order(self) -> tuple[str, ...]:
        """Every field this profile's document may place, in drawing order."""
        return PROFILE_FIELDS[self.document]

    def with_offset(self, x_mm: float, y_mm: float) -> "CertificateLayoutProfile":
        return replace(self, offset_x_mm=x_mm, offset_y_mm=y_mm)

    def to_dict(self) -> dict:
        out = {
            "name": self.name,
            "paper": self.paper,
            "orientation": self.orientation,
            "offset_x_mm": self.offset_x_mm,
            "offset_y_mm": self.offset_y_mm,
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
        }
        if self.document != "certificate":  # a certificate profile's file stays as it was
            out["document"] = self.document
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "CertificateLayoutProfile":
        return cls(
            name=str(data["name"]),
            paper=str(data.get("paper", "A4")),
            orientation=str(data.get("orientation", "landscape")),
            offset_x_mm=float(data.get("offset_x_mm", 0)),
            offset_y_mm=float(data.get("offset_y_mm", 0)),
            fields={k: FieldBox.from_dict(v) for k, v in dict(data.get("fields", {})).items()},
            document=str(data.get("document", "certificate")),
        )
