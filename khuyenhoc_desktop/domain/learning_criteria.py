"""Criteria sets of the learning models (Gia đình / Dòng họ / Cộng đồng / Đơn vị học tập, Công dân học tập) as
data: a set is read from JSON (`resources/criteria/*.json`, or a copy the association saved), checked, and
scores a score sheet by its own rule. No criterion, maximum or threshold is written in code.

A set: `code` + `version` (a set in use is never changed, only superseded by a copy with a higher version),
the title kind it assesses, the issuing decision, the years it applies to, its status ("đã đối chiếu văn bản"
/ "cần đối chiếu"), criteria → sub-items with maximum points, and a rule:

* `{"kind": "pass", "pass_total": 80, "pass_total_difficult": 70, "item_min": 5}`: passed when the total
  reaches the threshold (the lower one in a designated difficult area) and no sub-item is below `item_min`;
* `{"kind": "grades", "bands": [{"label": "Tốt", "from": 85}, …], "fail_label": "Không đạt"}`: the first band
  whose lower bound the total reaches; below every band, not passed;
* `null`: the set is not complete yet (only part of it is published) and cannot score a sheet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Mapping

from .errors import AppError

FORMAT = 1
TITLE_KINDS = {
    "family": "Gia đình học tập",
    "clan": "Dòng họ học tập",
    "community": "Cộng đồng học tập",
    "unit": "Đơn vị học tập",
    "citizen": "Công dân học tập",
}
CHECKED = "đã đối chiếu văn bản"
TO_CHECK = "cần đối chiếu"
STATUSES = (CHECKED, TO_CHECK)


class CriteriaSetError(AppError):
    """A criteria set file cannot be used as it is."""


class ScoreError(AppError):
    """A score sheet's points do not fit its set."""


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    max_points: int
    status: str = ""  # "cần đối chiếu" when this sub-item alone is not checked against the text


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    items: tuple[Item, ...]

    @property
    def max_points(self) -> int:
        return sum(i.max_points for i in self.items)


@dataclass(frozen=True)
class Decision:
    number: str
    date: str = ""  # ISO, or "" when not known
    body: str = ""
    note: str = ""


@dataclass(frozen=True)
class Rule:
    kind: str  # "pass" | "grades"
    pass_total: int = 0
    pass_total_difficult: int | None = None
    item_min: int | None = None
    pass_label: str = "Đạt"
    fail_label: str = "Không đạt"
    bands: tuple[tuple[str, int], ...] = ()  # (label, lower bound), highest first


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    version: int
    title_kind: str
    name: str
    decision: Decision
    year_from: int
    year_to: int | None
    status: str
    criteria: tuple[Criterion, ...]
    rule: Rule | None
    sources: tuple[str, ...] = ()
    note: str = ""
    raw: Mapping = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.code, self.version)

    @property
    def label(self) -> str:
        return f"{self.name} (phiên bản {self.version})"

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for c in self.criteria for i in c.items)

    @property
    def max_total(self) -> int:
        return sum(c.max_points for c in self.criteria)

    @property
    def complete(self) -> bool:
        """Every criterion has sub-items and there is a rule: the set can score a sheet."""
        return self.rule is not None and all(c.items for c in self.criteria)

    def applies_to(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)

    @property
    def title_kind_label(self) -> str:
        return TITLE_KINDS[self.title_kind]

    @property
    def years_label(self) -> str:
        return f"từ năm {self.year_from}" if self.year_to is None else f"{self.year_from}–{self.year_to}"


@dataclass(frozen=True)
class Outcome:
    total: int
    max_total: int
    passed: bool
    result: str  # the grade or "Đạt"/"Chưa đạt", as the set names it
    reasons: tuple[str, ...] = ()  # why not passed, in Vietnamese


def parse_set(data: Mapping) -> CriteriaSet:
    """The set described by `data` (a criteria set file's JSON); CriteriaSetError says what is wrong."""
    where = str(data.get("name") or data.get("code") or "bộ tiêu chí") if isinstance(data, Mapping) else "bộ tiêu chí"
    problems: list[str] = []

    def need(ok: bool, message: str) -> bool:
        if not ok:
            problems.append(message)
        return ok

    if not isinstance(data, Mapping):
        raise CriteriaSetError("Tệp bộ tiêu chí không đúng dạng (cần một đối tượng JSON).")
    if data.get("format") != FORMAT:
        raise CriteriaSetError(f"“{where}”: dạng tệp {data.get('format')!r} không được hỗ trợ (cần {FORMAT}).")
    code, version, kind = data.get("code"), data.get("version"), data.get("title_kind")
    need(isinstance(code, str) and code.strip() != "", "thiếu mã bộ tiêu chí")
    need(isinstance(version, int) and not isinstance(version, bool) and version >= 1, "phiên bản phải là số từ 1")
    need(kind in TITLE_KINDS, f"loại danh hiệu “{kind}” không có")
    need(isinstance(data.get("name"), str) and data["name"].strip() != "", "thiếu tên bộ tiêu chí")
    need(data.get("status") in STATUSES, f"tình trạng phải là “{CHECKED}” hoặc “{TO_CHECK}”")
    years = data.get("years") or {}
    year_from, year_to = years.get("from"), years.get("to")
    if need(isinstance(year_from, int), "thiếu năm bắt đầu áp dụng") and year_to is not None:
        need(isinstance(year_to, int) and year_to >= year_from, "năm hết áp dụng phải từ năm bắt đầu trở đi")
    decision = data.get("decision") or {}
    need(isinstance(decision.get("number"), str) and decision["number"].strip() != "", "thiếu số văn bản ban hành")
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for c in data.get("criteria") or []:
        items: list[Item] = []
        for i in c.get("items") or []:
            points = i.get("max")
            if not need(isinstance(points, int) and not isinstance(points, bool) and points > 0,
                        f"nội dung {i.get('code')}: điểm tối đa phải là số nguyên dương"):
                continue
            need(str(i.get("code")) not in seen, f"mã nội dung {i.get('code')} bị trùng")
            seen.add(str(i.get("code")))
            items.append(Item(str(i.get("code")), str(i.get("name") or ""), points, str(i.get("status") or "")))
        criteria.append(Criterion(str(c.get("code")), str(c.get("name") or ""), tuple(items)))
    need(bool(criteria), "không có tiêu chí nào")
    rule = _parse_rule(data.get("rule"), problems)
    max_total = sum(c.max_points for c in criteria)
    if rule is not None and all(c.items for c in criteria):
        tops = [rule.pass_total, rule.pass_total_difficult or 0, *(b for _, b in rule.bands)]
        need(max(tops) <= max_total, f"ngưỡng điểm vượt tổng điểm tối đa ({max_total})")
        if rule.item_min is not None:
            need(all(rule.item_min <= i.max_points for c in criteria for i in c.items),
                 "điểm tối thiểu mỗi nội dung lớn hơn điểm tối đa của một nội dung")
    if problems:
        raise CriteriaSetError(f"Bộ tiêu chí “{where}” không dùng được: " + "; ".join(problems) + ".")
    return CriteriaSet(
        code=code.strip(), version=version, title_kind=kind, name=data["name"].strip(),
        decision=Decision(decision["number"].strip(), str(decision.get("date") or ""), str(decision.get("body") or ""),
                          str(decision.get("note") or "")),
        year_from=year_from, year_to=year_to, status=data["status"], criteria=tuple(criteria), rule=rule,
        sources=tuple(str(s) for s in data.get("sources") or ()), note=str(data.get("note") or ""), raw=dict(data))


def _parse_rule(rule, problems: list[str]) -> Rule | None:
    if rule is None:
        return None
    kind = rule.get("kind") if isinstance(rule, Mapping) else None
    if kind == "pass":
        total, difficult, item_min = rule.get("pass_total"), rule.get("pass_total_difficult"), rule.get("item_min")
        if not isinstance(total, int) or total <= 0:
            problems.append("điểm đạt phải là số nguyên dương")
            return None
        if difficult is not None and (not isinstance(difficult, int) or not 0 < difficult <= total):
            problems.append("điểm đạt ở vùng khó khăn phải từ 1 đến điểm đạt chung")
            return None
        if item_min is not None and (not isinstance(item_min, int) or item_min < 0):
            problems.append("điểm tối thiểu mỗi nội dung phải là số không âm")
            return None
        return Rule("pass", total, difficult, item_min, str(rule.get("pass_label") or "Đạt"),
                    str(rule.get("fail_label") or "Không đạt"))
    if kind == "grades":
        bands = []
        for band in rule.get("bands") or []:
            label, low = band.get("label"), band.get("from")
            if not (isinstance(label, str) and label and isinstance(low, int) and low > 0):
                problems.append("mỗi mức xếp loại cần tên và điểm từ (số nguyên dương)")
                return None
            bands.append((label, low))
        if not bands:
            problems.append("không có mức xếp loại nào")
            return None
        bands.sort(key=lambda b: -b[1])
        if len({b[1] for b in bands}) != len(bands):
            problems.append("hai mức xếp loại cùng điểm từ")
            return None
        return Rule("grades", pass_total=bands[-1][1], fail_label=str(rule.get("fail_label") or "Không đạt"),
                    bands=tuple(bands))
    problems.append(f"quy tắc xét “{kind}” không có (cần “pass” hoặc “grades”)")
    return None


def loads(text: str) -> CriteriaSet:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CriteriaSetError(f"Tệp bộ tiêu chí không đọc được (JSON sai ở dòng {getattr(exc, 'lineno', '?')}).")
    return parse_set(data)


def dumps(criteria_set: CriteriaSet) -> str:
    return json.dumps(criteria_set.raw, ensure_ascii=False, indent=2, sort_keys=False)


def check_points(criteria_set: CriteriaSet, points: Mapping[str, int]) -> dict[str, int]:
    """Points per sub-item code, every sub-item present (a missing one counts 0); ScoreError on a code the set
    does not have, a value that is not a whole number, a negative one or one above the sub-item's maximum."""
    known = {i.code: i for i in criteria_set.items}
    problems: list[str] = []
    for code in points:
        if code not in known:
            problems.append(f"nội dung “{code}” không có trong bộ tiêu chí")
    out: dict[str, int] = {}
    for code, item in known.items():
        value = points.get(code, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"nội dung {code}: điểm “{value}” không phải là số nguyên")
            continue
        if value < 0:
            problems.append(f"nội dung {code}: điểm không được âm ({value})")
        elif value > item.max_points:
            problems.append(f"nội dung {code}: {value} điểm vượt điểm tối đa {item.max_points}")
        out[code] = value
    if problems:
        raise ScoreError("Điểm chấm không hợp lệ: " + "; ".join(problems) + ".")
    return out


def score(criteria_set: CriteriaSet, points: Mapping[str, int], *, difficult_area: bool = False) -> Outcome:
    """The total and the result of a score sheet by the set's rule."""
    if not criteria_set.complete:
        raise ScoreError(f"Bộ tiêu chí “{criteria_set.label}” chưa đủ tiêu chí, điểm hoặc điểm đạt nên chưa chấm "
                         "được; hãy sao thành phiên bản mới và bổ sung.")
    points = check_points(criteria_set, points)
    total = sum(points.values())
    rule = criteria_set.rule
    reasons: list[str] = []
    if rule.kind == "pass":
        threshold = rule.pass_total_difficult if difficult_area and rule.pass_total_difficult else rule.pass_total
        if total < threshold:
            reasons.append(f"tổng {total} điểm dưới mức đạt {threshold}")
        if rule.item_min is not None:
            low = [c for c, v in points.items() if v < rule.item_min]
            if low:
                reasons.append(f"nội dung {', '.join(low)} dưới {rule.item_min} điểm")
        passed = not reasons
        return Outcome(total, criteria_set.max_total, passed, rule.pass_label if passed else rule.fail_label,
                       tuple(reasons))
    for label, low in rule.bands:
        if total >= low:
            return Outcome(total, criteria_set.max_total, True, label)
    return Outcome(total, criteria_set.max_total, False, rule.fail_label,
                   (f"tổng {total} điểm dưới mức thấp nhất {rule.bands[-1][1]}",))


def superseding_copy(criteria_set: CriteriaSet, version: int, changes: Mapping | None = None) -> dict:
    """The JSON of a new version of `criteria_set` with `changes` laid over it (criteria, rule, status …)."""
    data = json.loads(json.dumps(criteria_set.raw))
    data.update(dict(changes or {}))
    data["code"], data["version"] = criteria_set.code, version
    return data
