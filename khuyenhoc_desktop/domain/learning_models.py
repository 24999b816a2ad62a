"""The learning-society models' records: subjects (a household, a dòng họ, a community, a unit), a subject's
registration for a year and its place in the yearly cycle, the score sheet, the recognition decision, and the
Công dân học tập counts per target group. The criteria and pass rules are data (`learning_criteria.py`).

The cycle of one registration: registered → assessed (a score sheet saved) → accepted or returned at the review
(bình xét; a return carries its reason, and a new score sheet puts it back to "assessed") → recognised (by a
decision dated on or after the score sheet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from .errors import FieldError
from .limits import count_problem
from ..vietnamese import fold

SUBJECT_KINDS = {"family": "Gia đình", "clan": "Dòng họ", "community": "Cộng đồng", "unit": "Đơn vị"}
TITLE_OF_KIND = {"family": "Gia đình học tập", "clan": "Dòng họ học tập", "community": "Cộng đồng học tập",
                 "unit": "Đơn vị học tập"}
NAME_LABEL = {"family": "Chủ hộ", "clan": "Tên dòng họ", "community": "Thôn, tổ dân phố", "unit": "Tên đơn vị"}
HEAD_LABEL = {"family": "", "clan": "Trưởng họ", "community": "", "unit": "Thủ trưởng đơn vị"}
SIZE_LABEL = {"family": "Số nhân khẩu", "clan": "Số hộ", "community": "", "unit": "Số người"}

STATUSES = {
    "registered": "Đã đăng ký",
    "assessed": "Đã tự đánh giá",
    "accepted": "Đã bình xét",
    "returned": "Trả lại",
    "recognised": "Đã công nhận",
}

MODEL_KINDS = ("family", "clan", "community", "unit")
CITIZEN_TITLE = "Công dân học tập"
# The share of households, dòng họ, thôn and units recognised that the year aims at, in %: QĐ 387/QĐ-TTg for
# 2025 (a setting: a province may set its own).
DEFAULT_TARGETS = {"family": 70.0, "clan": 65.0, "community": 65.0, "unit": 80.0}
TARGET_SOURCE = "QĐ 387/QĐ-TTg"

# Target groups of Công dân học tập (congdanhoctap.vn has four groups of forms; the names are a setting).
DEFAULT_TARGET_GROUPS = (
    "Nông dân, lao động nông thôn",
    "Công nhân, thợ thủ công, lao động tự do",
    "Cán bộ, công chức, viên chức",
    "Học sinh, sinh viên và đối tượng khác",
)
# The recognising body changed in July 2025 (two-level local government): a setting, this is its default.
DEFAULT_ISSUING_BODY = "Ủy ban nhân dân xã"
# Who signs the giấy công nhận for that body (settings too).
DEFAULT_CERTIFICATE_SIGNER = {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": ""}
# The giấy công nhận's register: numbered per title and year, "1/GĐHT-2026".
REGISTER_PREFIX = {"family": "GĐHT", "clan": "DHHT", "community": "CĐHT", "unit": "ĐVHT"}
CERTIFICATE_MODELS = (*MODEL_KINDS, "citizen")  # a Công dân học tập is counted, not listed: its certificate is blank
CERTIFICATE_SUBJECT = {"family": "Gia đình ông (bà)", "clan": "Dòng họ", "community": "", "unit": "",
                       "citizen": "Ông (bà)"}

# The lists the learning page exports to Excel (services/learning_exports.py).
EXCEL_LISTS = {"registrations": "Danh sách đăng ký", "scores": "Kết quả chấm điểm",
               "recognition": "Danh sách công nhận", "statistics": "Biểu thống kê"}

# How many years a recognition stays valid (the year recognised included). The reference has one figure: a
# Cộng đồng học tập result kept 3 years at province level; the commune level and the other titles are not
# published ([unverified]), so each is a setting and the yearly titles default to 1.
DEFAULT_VALIDITY_YEARS = {"family": 1, "clan": 1, "community": 3, "unit": 1}

# Free-text notes and evidence stay in the commune's file: the province counts and lists the models, it does not
# need what a committee wrote about a household (docs/sync-format.md §5.7). Table → its columns that never travel.
LOCAL_ONLY = {"learning_subject": ("note",), "learning_registration": ("note",), "learning_assessment": ("evidence",),
              "learning_decision": ("note",)}


@dataclass(frozen=True)
class SubjectDraft:
    kind: str
    name: str
    village: str = ""
    head: str = ""
    size: int = 0
    unit_kind: str = ""
    note: str = ""


@dataclass(frozen=True)
class Subject(SubjectDraft):
    uuid: str = ""
    version: int = 1


@dataclass(frozen=True)
class Registration:
    uuid: str
    version: int
    subject_uuid: str
    year: int
    registered_on: date
    status: str = "registered"
    review_reason: str = ""
    reviewed_on: date | None = None
    decision_uuid: str = ""
    recognition_reason: str = ""
    note: str = ""

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class Assessment:
    uuid: str
    version: int
    registration_uuid: str
    set_code: str
    set_version: int
    assessed_on: date
    difficult_area: bool
    points: dict = field(default_factory=dict)
    total: int = 0
    max_total: int = 0
    result: str = ""
    passed: bool = False
    evidence: str = ""


@dataclass(frozen=True)
class DecisionDraft:
    year: int
    title_kind: str
    number: str
    decided_on: date
    issuing_body: str = ""
    note: str = ""


@dataclass(frozen=True)
class CitizenCount:
    target_group: str
    registered: int = 0
    recognised: int = 0


def validate_subject(draft: SubjectDraft) -> list[FieldError]:
    problems: list[FieldError] = []
    if draft.kind not in SUBJECT_KINDS:
        problems.append(FieldError("kind", f"Loại đối tượng “{draft.kind}” không có."))
        return problems
    if not draft.name:
        problems.append(FieldError("name", f"Chưa nhập {NAME_LABEL[draft.kind].lower()}."))
    if draft.kind in ("family", "clan") and not draft.village:
        problems.append(FieldError("village", "Chưa chọn thôn, tổ dân phố."))
    problem = count_problem(draft.size, SIZE_LABEL[draft.kind] or "Số lượng")
    if problem:
        problems.append(FieldError("size", problem))
    for name in ("name", "village", "head", "unit_kind"):
        if len(getattr(draft, name)) > 150:
            problems.append(FieldError(name, "Quá dài (tối đa 150 ký tự)."))
    if len(draft.note) > 500:
        problems.append(FieldError("note", "Ghi chú quá dài (tối đa 500 ký tự)."))
    return problems


def validate_counts(count: CitizenCount) -> list[FieldError]:
    problems = []
    for name, label in (("registered", "Số đăng ký"), ("recognised", "Số được công nhận")):
        problem = count_problem(getattr(count, name), f"{label} ({count.target_group})")
        if problem:
            problems.append(FieldError(name, problem))
    if not problems and count.recognised > count.registered:
        problems.append(FieldError("recognised", f"{count.target_group}: số được công nhận ({count.recognised}) "
                                                 f"lớn hơn số đăng ký ({count.registered})."))
    return problems


@dataclass(frozen=True)
class ModelRate:
    """One model's year: on the list, registered, recognised, the recognised share of the list and the target."""

    kind: str
    total: int
    registered: int
    recognised: int
    target: float | None = None

    @property
    def title(self) -> str:
        return TITLE_OF_KIND[self.kind]

    @property
    def percent(self) -> float | None:
        """recognised / total × 100, one decimal; None with nothing on the list."""
        return round(100 * self.recognised / self.total, 1) if self.total else None

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.percent is None:
            return None
        return self.percent >= self.target


def target_problem(kind: str, value) -> str | None:
    if kind not in MODEL_KINDS:
        return f"Mô hình “{kind}” không có."
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        return f"Chỉ tiêu {TITLE_OF_KIND[kind].lower()} phải là số phần trăm từ 0 đến 100."
    return None


def register_number(kind: str, year: int, seq: int) -> str:
    """The giấy công nhận's số vào sổ: "1/GĐHT-2026"."""
    return f"{seq}/{REGISTER_PREFIX[kind]}-{year}"


def valid_until(recognised_year: int, validity_years: int) -> int:
    """The last year a recognition of `recognised_year` is still valid ("còn hiệu lực đến năm …").

    This is the one definition of carry-over. A recognition still valid in a later year is only *shown* as
    such in lists; it is not counted as recognised in that year's figures (statistics table, summary, report,
    home page): no published rule says a commune may count it again (docs/numbers.md)."""
    return recognised_year + max(1, int(validity_years)) - 1


def validity_problem(kind: str, value) -> str | None:
    if kind not in MODEL_KINDS:
        return f"Mô hình “{kind}” không có."
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        return f"Thời hạn công nhận {TITLE_OF_KIND[kind].lower()} phải là số năm từ 1 đến 10."
    return None


# -- a household's members and award recipients ------------------------------------------------------------
LINK_KINDS = {"member": "Hội viên", "award": "Người được khen"}


@dataclass(frozen=True)
class LinkCandidate:
    """A member or an award recipient of the household's thôn, as the suggestion shows it."""

    kind: str  # member / award
    uuid: str
    name: str
    village: str
    address: str = ""  # a member's
    parent_name: str = ""  # an award's "Con ông/bà"
    detail: str = ""  # "Hội viên HV-0012", "Học sinh giỏi 2024-2025"
    linked: bool = False  # confirmed already


def why_linked(head: str, village: str, candidate: LinkCandidate, linked_addresses: set[str],
               linked_names: set[str]) -> str:
    """Why a member or award recipient may belong to the household (chủ hộ `head` in `village`), "" when it
    does not: the same thôn (folded) and the chủ hộ's folded name as the person's own name, or as an award's
    parent ("Con ông/bà"); or a member at the address of a member already confirmed for the household; or an
    award whose parent is such a member. Only a suggestion: the user confirms each link."""
    if not village or fold(candidate.village) != fold(village):
        return ""
    if fold(candidate.name) == fold(head):
        return "trùng tên chủ hộ"
    if candidate.kind == "award" and candidate.parent_name and fold(candidate.parent_name) == fold(head):
        return "con của chủ hộ"
    if candidate.kind == "member" and candidate.address and fold(candidate.address) in linked_addresses:
        return "cùng địa chỉ với hội viên của hộ"
    if candidate.kind == "award" and candidate.parent_name and fold(candidate.parent_name) in linked_names:
        return "con của hội viên trong hộ"
    return ""
def year_figures(year: int, counts: Mapping[str, tuple[int, int, int]], citizen: tuple[int, int]) -> dict:
    """The summary's `learning_models` block of `year`, for a commune and (per commune and in total) for a
    province: `counts` model → (on the list, registered, recognised) that year, `citizen` the Công dân học tập
    (registered, recognised) summed over the target groups (docs/numbers.md "Learning models")."""
    out: dict = {"year": year}
    for kind in MODEL_KINDS:
        total, registered, recognised = counts.get(kind, (0, 0, 0))
        out[kind] = {"total": total, "registered": registered, "recognised": recognised}
    out["citizen"] = {"registered": citizen[0], "recognised": citizen[1]}
    return out


def add_figures(into: dict, other: Mapping) -> None:
    """Add a `year_figures` block to another of the same year (a province's total over its communes)."""
    for kind in (*MODEL_KINDS, "citizen"):
        for key, n in other[kind].items():
            into[kind][key] += n


def rates_of(figures: Mapping, targets: Mapping[str, float]) -> list[ModelRate]:
    """Each model of a `year_figures` block against its target (%)."""
    return [ModelRate(kind, figures[kind]["total"], figures[kind]["registered"], figures[kind]["recognised"],
                      float(targets[kind]) if kind in targets else None) for kind in MODEL_KINDS]
