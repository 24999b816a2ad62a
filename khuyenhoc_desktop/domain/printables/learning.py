"""The learning models' documents: statistics table, score sheets, registration forms, recognition lists."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..organisation import Organisation
from .common import Signer, format_percent


# -- learning models (mô hình học tập) -------------------------------------------------------------
@dataclass(frozen=True)
class LearningTableRow:
    """One line of the statistics table: a thôn's households, or one model's totals. `total` None: no count
    of all (Công dân học tập is counted per target group, registered and recognised only)."""

    label: str
    total: int | None
    registered: int
    recognised: int

    @property
    def registered_percent(self) -> str:
        return format_percent(self.registered, self.total, 1, fixed=True) if self.total else "–"

    @property
    def recognised_percent(self) -> str:
        return format_percent(self.recognised, self.total, 1, fixed=True) if self.total else "–"


@dataclass(frozen=True)
class LearningModelsTableData:
    """Biểu thống kê kết quả xây dựng các mô hình học tập of one year: Gia đình học tập by thôn, then the totals
    of Dòng họ, Cộng đồng, Đơn vị and Công dân học tập. A rate is of the total on the list."""

    organisation: Organisation
    year: int
    villages: tuple[LearningTableRow, ...] = ()
    models: tuple[LearningTableRow, ...] = ()
    date: date | None = None
    number: str = ""
    place: str = ""
    signers: tuple[Signer, ...] = ()
    recipients: tuple[str, ...] = ("Hội Khuyến học tỉnh", "Đảng ủy, UBND xã", "Lưu: VT")

    @property
    def family_total(self) -> LearningTableRow:
        return LearningTableRow("Cộng", sum(r.total or 0 for r in self.villages),
                                sum(r.registered for r in self.villages), sum(r.recognised for r in self.villages))

    @property
    def title(self) -> str:
        return f"BIỂU THỐNG KÊ KẾT QUẢ XÂY DỰNG CÁC MÔ HÌNH HỌC TẬP NĂM {self.year}"

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        org = self.organisation
        return (
            Signer("NGƯỜI LẬP BIỂU", org.secretary, note="(Ký, ghi rõ họ tên)"),
            Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH", note="(Ký, ghi rõ họ tên, đóng dấu)"),
        )


@dataclass(frozen=True)
class ScoreSheetItem:
    code: str
    name: str
    max_points: int
    points: int | None = None  # None: a blank sheet to fill in by hand


@dataclass(frozen=True)
class ScoreSheetCriterion:
    code: str
    name: str
    max_points: int
    items: tuple[ScoreSheetItem, ...] = ()

    @property
    def points(self) -> int | None:
        """The sum of its sub-items' points; None on a blank sheet or for a criterion without sub-items yet."""
        values = [i.points for i in self.items]
        return None if not values or any(v is None for v in values) else sum(values)


@dataclass(frozen=True)
class ScoreSheetData:
    """Phiếu chấm điểm (tự đánh giá) of one subject against one criteria set, or a blank one."""

    organisation: Organisation
    title: str  # "PHIẾU CHẤM ĐIỂM ĐƠN VỊ HỌC TẬP NĂM 2026"
    set_label: str  # the set's name, version and decision
    subject_lines: tuple[tuple[str, str], ...] = ()  # ("Tên đơn vị", "Trường Tiểu học …")
    criteria: tuple[ScoreSheetCriterion, ...] = ()
    max_total: int = 0
    total: int | None = None
    result: str = ""
    rule_text: str = ""  # how the result is decided, in words
    status_note: str = ""  # "Bộ tiêu chí cần đối chiếu văn bản …"
    date: date | None = None
    place: str = ""
    signers: tuple[Signer, ...] = ()

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        return (Signer("NGƯỜI TỰ ĐÁNH GIÁ", note="(Ký, ghi rõ họ tên)"),
                Signer("HỘI ĐỒNG BÌNH XÉT", authority="XÁC NHẬN CỦA", note="(Ký, ghi rõ họ tên)"))


@dataclass(frozen=True)
class RegistrationFormPage:
    """One phiếu đăng ký: a subject's lines (label, value; a dotted value on a blank form), the date it was
    registered (None: left to fill in) and who signs for it."""

    lines: tuple[tuple[str, str], ...]
    registered_on: date | None = None
    signer_title: str = "NGƯỜI ĐĂNG KÝ"
    signer_name: str = ""


@dataclass(frozen=True)
class RegistrationFormsData:
    """Phiếu đăng ký xây dựng danh hiệu of one title and year, one page per subject (or one blank page)."""

    organisation: Organisation
    year: int
    title_word: str  # "Gia đình học tập"
    addressee: str  # "Kính gửi: Ban Chấp hành Hội Khuyến học xã Tân Dĩnh"
    intro: str  # the sentence that registers
    commitments: tuple[str, ...]
    pages: tuple[RegistrationFormPage, ...]
    witness: Signer = Signer("CHI HỘI KHUYẾN HỌC", authority="XÁC NHẬN CỦA", note="(Ký, ghi rõ họ tên)")
    place: str = ""

    @property
    def title(self) -> str:
        return f"PHIẾU ĐĂNG KÝ XÂY DỰNG DANH HIỆU “{self.title_word.upper()}” NĂM {self.year}"


@dataclass(frozen=True)
class RecognitionListRow:
    name: str
    detail: str = ""  # trưởng họ, thủ trưởng, số nhân khẩu …
    result: str = ""  # the score sheet's "90/100 – Tốt", or ""
    note: str = ""  # "còn hiệu lực đến năm 2028", the logged reason


@dataclass(frozen=True)
class RecognitionListGroup:
    village: str  # "" for a model that is not listed by thôn
    rows: tuple[RecognitionListRow, ...]


@dataclass(frozen=True)
class RecognitionListSection:
    """The subjects of one decision (or, `decision_line` empty, the earlier ones still valid)."""

    heading: str  # "DANH SÁCH GIA ĐÌNH ĐƯỢC CÔNG NHẬN DANH HIỆU “GIA ĐÌNH HỌC TẬP” NĂM 2026"
    decision_line: str  # "(Kèm theo Quyết định số 20/QĐ-UBND ngày 01/12/2026 của Ủy ban nhân dân xã Tân Dĩnh)"
    name_label: str  # "Họ và tên chủ hộ"
    detail_label: str
    count_word: str  # "hộ gia đình"
    groups: tuple[RecognitionListGroup, ...]
    decision_number: str = ""  # "" for the earlier recognitions still valid
    note: str = ""  # a note every row shares, printed once under the table instead of on each row

    def with_shared_note(self) -> "RecognitionListSection":
        """The same section with a note that all its rows (two or more) carry said once, under the table."""
        notes = {r.note for g in self.groups for r in g.rows}
        if self.count < 2 or len(notes) != 1 or not next(iter(notes)):
            return self
        groups = tuple(RecognitionListGroup(g.village, tuple(replace(r, note="") for r in g.rows)) for g in self.groups)
        return replace(self, groups=groups, note=next(iter(notes)))

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


@dataclass(frozen=True)
class RecognitionListData:
    """Danh sách công nhận of a year: a section per decision, then those recognised earlier and still valid."""

    organisation: Organisation
    year: int
    sections: tuple[RecognitionListSection, ...]
    date: date | None = None
    place: str = ""
    signer: Signer = Signer("CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN")
    issuing_body: str = ""  # the header's left column
