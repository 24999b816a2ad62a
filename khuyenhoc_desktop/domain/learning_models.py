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
