"""What the province accepts in a commune's change row: the commune's own schema, checked in Python
before anything is written (a signature proves who sent a row, not that its values are sane).

`row_problem(table, data)` gives the Vietnamese reason a row's `data` is refused, or None; it checks
every field the province's figures or the commune's schema constrain: types, ranges (domain.limits),
enumerations, ISO dates and the sign rule of phiếu (only a reversal is negative, and it names the
phiếu it reverses). Fields a table does not constrain are left as sent (the mirror keeps the row as
received). `references(table, data)` lists the records a row points to, which must exist at the
province (mirror or the same package), else the row is returned as "tham chiếu chưa có".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ...domain import awards as award_rules
from ...domain import fund as fund_rules
from ...domain import learning_criteria as criteria_rules
from ...domain import learning_models as learning_rules
from ...domain import members as member_rules
from ...domain.member_ids import ID_HASH_RE
from ...domain.limits import MAX_AMOUNT, MAX_COUNT
from ...sync.canonical import UUID_RE
from ...vietnamese import format_money, format_vnd

_TEXT, _AMOUNT, _COUNT, _DATE, _OPT_DATE, _YEAR, _OPT_YEAR, _FLAG, _INT = range(9)
_ISO_LEN = 10
_BIG = 1 << 53  # derived figures (book balance of a cash count): bounded only to stay exact


def _date_ok(value: str) -> bool:
    if len(value) != _ISO_LEN or value[4] != "-" or value[7] != "-":
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check(kind: int, value: Any) -> str | None:
    """Why `value` is not of `kind` (a short Vietnamese phrase), or None."""
    t = type(value)
    if kind == _TEXT:
        return None if t is str else "phải là chuỗi văn bản"
    if kind in (_AMOUNT, _COUNT, _YEAR, _FLAG, _INT):
        if t is not int:
            return "phải là số nguyên"
        if kind == _AMOUNT and not 0 <= value <= MAX_AMOUNT:
            return f"phải từ 0 đến {format_money(MAX_AMOUNT)}"
        if kind == _COUNT and not 0 <= value <= MAX_COUNT:
            return f"phải từ 0 đến {format_vnd(MAX_COUNT)}"
        if kind == _YEAR and not 1900 <= value <= 2200:
            return "phải là một năm từ 1900 đến 2200"
        if kind == _FLAG and value not in (0, 1):
            return "phải là 0 hoặc 1"
        if kind == _INT and not -_BIG < value < _BIG:
            return "quá lớn"
        return None
    if kind == _OPT_YEAR:
        return None if value is None else _check(_YEAR, value)
    if kind == _DATE:
        return None if t is str and _date_ok(value) else "phải là ngày dạng YYYY-MM-DD"
    if kind == _OPT_DATE:
        return None if t is str and (value == "" or _date_ok(value)) else "phải là ngày dạng YYYY-MM-DD hoặc để trống"
    raise AssertionError(kind)


def _enum(allowed) -> tuple[str, frozenset]:
    return ("enum", frozenset(allowed))


# table → {field: kind or ("enum", allowed)}; `deleted` is checked for every table.
_FIELDS: dict[str, dict[str, Any]] = {
    "award": {
        "school_year": _TEXT, "category": _TEXT, "level": _TEXT, "funding_source": _TEXT, "award_form": _TEXT,
        "full_name": _TEXT, "amount": _AMOUNT, "status": _enum(award_rules.STATUSES),
        "gender": _enum(award_rules.GENDERS), "birth_date": _OPT_DATE, "decision_date": _OPT_DATE,
        "birth_year": _OPT_YEAR,
    },
    "voucher": {
        "kind": _enum(fund_rules.KINDS), "status": _enum(fund_rules.STATUSES), "amount": _INT,
        "posting_date": _DATE, "voucher_date": _DATE, "method": _enum(fund_rules.METHODS), "attachments": _COUNT,
        "year": _YEAR, "seq": _INT, "number": _TEXT, "item": _TEXT, "handover_from": _TEXT,
    },
    "learning_class": {
        "name": _TEXT, "school_year": _TEXT, "field": _TEXT, "year": _OPT_YEAR, "sessions": _COUNT,
        "learners": _COUNT, "women": _COUNT, "minority": _COUNT, "budget": _AMOUNT, "start_date": _OPT_DATE,
        "end_date": _OPT_DATE,
    },
    "class_learner": {"class_uuid": _TEXT, "full_name": _TEXT, "gender": _enum(award_rules.GENDERS),
                      "birth_year": _OPT_YEAR},
    "voucher_link": {"voucher_uuid": _TEXT, "target_table": _TEXT, "target_uuid": _TEXT, "amount": _INT},
    "fund_opening": {"year": _YEAR, "amount": _AMOUNT},
    "fund_lock": {"action": _enum(("lock", "reopen")), "locked_until": _OPT_DATE},
    "cash_count": {"count_date": _DATE, "counted": _AMOUNT, "book_balance": _INT, "difference": _INT},
    "meeting": {"members_total": _COUNT, "members_present": _COUNT, "members_absent": _COUNT},
    "award_rate": {"school_year": _TEXT, "category": _TEXT, "amount": _AMOUNT},
    "catalog_item": {"kind": _TEXT, "name": _TEXT, "sort_order": _INT, "active": _FLAG},
    # members and units (schema 16); their personal numbers are refused by `_member` / `_org_unit`
    "member": {"code": _TEXT, "full_name": _TEXT, "status": _enum(member_rules.STATUSES),
               "gender": _enum(member_rules.GENDERS), "birth_date": _OPT_DATE, "birth_year": _OPT_YEAR,
               "joined_on": _OPT_DATE, "status_date": _OPT_DATE, "unit_uuid": _TEXT, "id_hash": _TEXT},
    "org_unit": {"kind": _enum(member_rules.UNIT_KINDS), "name": _TEXT, "active": _FLAG, "founded_on": _OPT_DATE},
    # dues and population figures (schema 17)
    "dues_payment": {"member_uuid": _TEXT, "year": _YEAR, "amount": _AMOUNT, "paid_on": _DATE,
                     "voucher_uuid": _TEXT, "unit_uuid": _TEXT, "status": _enum(("paid", "cancelled"))},
    "dues_submission": {"year": _YEAR, "level": _TEXT, "base": _AMOUNT, "amount": _AMOUNT, "voucher_uuid": _TEXT,
                        "status": _enum(("active", "cancelled"))},
    "population": {"year": _YEAR, "village": _TEXT, "population": _COUNT, "households": _COUNT, "adults": _COUNT},
    # learning models (schema 21)
    "learning_criteria_set": {"code": _TEXT, "set_version": _COUNT, "title_kind": _enum(criteria_rules.TITLE_KINDS),
                              "year_from": _YEAR, "year_to": _OPT_YEAR, "status": _TEXT, "body": _TEXT},
    "learning_subject": {"kind": _enum(learning_rules.MODEL_KINDS), "name": _TEXT, "head": _TEXT, "village": _TEXT,
                         "size": _COUNT, "unit_kind": _TEXT},
    "learning_decision": {"year": _YEAR, "title_kind": _enum(learning_rules.MODEL_KINDS), "number": _TEXT,
                          "decided_on": _DATE, "issuing_body": _TEXT},
    "learning_registration": {"subject_uuid": _TEXT, "year": _YEAR, "registered_on": _DATE,
                              "status": _enum(learning_rules.STATUSES), "review_reason": _TEXT,
                              "reviewed_on": _OPT_DATE, "decision_uuid": _TEXT, "recognition_reason": _TEXT},
    "learning_assessment": {"registration_uuid": _TEXT, "set_code": _TEXT, "set_version": _COUNT,
                            "assessed_on": _DATE, "difficult_area": _FLAG, "points": _TEXT, "total": _COUNT,
                            "max_total": _COUNT, "result": _TEXT, "passed": _FLAG},
    "learning_citizen_count": {"year": _YEAR, "target_group": _TEXT, "registered": _COUNT, "recognised": _COUNT},
}
# Fields without which the province cannot count a row right (a phiếu of no kind would count as chi).
_REQUIRED = {
    "voucher": ("kind", "status", "amount", "posting_date"),
    "fund_opening": ("year", "amount"),
    "class_learner": ("class_uuid",),
    "voucher_link": ("voucher_uuid",),
    "dues_payment": ("year", "amount", "status"),
    "dues_submission": ("year", "amount", "status"),
    "population": ("year",),
    "learning_criteria_set": ("code", "set_version", "title_kind"),
    "learning_subject": ("kind",),
    "learning_decision": ("year", "title_kind"),
    "learning_registration": ("subject_uuid", "year", "status"),
    "learning_assessment": ("registration_uuid", "set_code", "set_version"),
    "learning_citizen_count": ("year", "target_group"),
}
# (field, table it points to) per table
_REFERENCES = {
    "voucher": (("reverses_uuid", "voucher"),),
    "voucher_link": (("voucher_uuid", "voucher"),),
    "class_learner": (("class_uuid", "learning_class"),),
    "member": (("unit_uuid", "org_unit"),),
    "dues_payment": (("member_uuid", "member"), ("voucher_uuid", "voucher")),
    "dues_submission": (("voucher_uuid", "voucher"),),
    "learning_registration": (("subject_uuid", "learning_subject"), ("decision_uuid", "learning_decision")),
    "learning_assessment": (("registration_uuid", "learning_registration"),),
}
_TABLE_LABELS = {"voucher": "phiếu thu/chi", "learning_class": "lớp học", "org_unit": "chi hội/ban", "member": "hội viên",
                 "learning_subject": "đối tượng xây dựng mô hình học tập", "learning_decision": "quyết định công nhận",
                 "learning_registration": "đăng ký mô hình học tập"}


_RANGES = {_AMOUNT: (0, MAX_AMOUNT), _COUNT: (0, MAX_COUNT), _YEAR: (1900, 2200), _OPT_YEAR: (1900, 2200),
           _FLAG: (0, 1), _INT: (-_BIG + 1, _BIG - 1)}
_STR_OR_NONE = frozenset((str, type(None)))


class _Plan:
    """A table's fields sorted by how they are checked, for `_all_fine`: one pass per row with no call per
    field (the reasons come from the field-by-field loop of `row_problem`, run only when this finds one)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.texts = tuple(n for n, k in fields.items() if k == _TEXT)
        self.enums = tuple((n, k[1]) for n, k in fields.items() if type(k) is tuple)
        self.ranges = tuple((n, *_RANGES[k]) for n, k in fields.items() if k in _RANGES)
        self.dates = tuple((n, k == _OPT_DATE) for n, k in fields.items() if k in (_DATE, _OPT_DATE))
        assert len(self.texts) + len(self.enums) + len(self.ranges) + len(self.dates) == len(fields)


_PLANS = {table: _Plan(fields) for table, fields in _FIELDS.items()}
_OK_DATES: set[str] = set()  # dates seen valid (bounded): rows of one package share most of them


def _all_fine(plan: _Plan, get) -> bool:
    """True only if no field of the plan has a problem (`_check`, enumerations); absent fields are fine."""
    if not _STR_OR_NONE.issuperset(map(type, map(get, plan.texts))):
        return False
    for name, allowed in plan.enums:
        v = get(name)
        if v is not None and (type(v) is not str or v not in allowed):
            return False
    for name, low, high in plan.ranges:
        v = get(name)
        if v is not None and (type(v) is not int or not low <= v <= high):
            return False
    for name, optional in plan.dates:
        v = get(name)
        if v is None:
            continue
        if type(v) is not str:
            return False
        if v in _OK_DATES or (optional and v == ""):
            continue
        if not _date_ok(v):
            return False
        if len(_OK_DATES) > 4096:
            _OK_DATES.clear()
        _OK_DATES.add(v)
    return True


def row_problem(table: str, data: dict) -> str | None:
    """The Vietnamese reason the province refuses `data` of a `table` row, or None."""
    fields = _FIELDS.get(table)
    if fields is None:
        return None  # not a table the province constrains (unknown tables are refused elsewhere)
    get = data.get
    deleted = get("deleted", 0)
    if type(deleted) is not int or deleted not in (0, 1):  # the commune writes 0/1, never true/false
        return "Trường deleted phải là 0 hoặc 1"
    for name in _REQUIRED.get(table, ()):
        if get(name) is None:
            return f"Thiếu trường {name}"
    if _all_fine(_PLANS[table], get):
        rule = _CROSS.get(table)
        return rule(data) if rule else None
    for name, kind in fields.items():
        value = get(name)
        if value is None:
            continue
        if type(kind) is tuple:
            if type(value) is not str or value not in kind[1]:
                return f"Trường {name} có giá trị “{str(value)[:40]}” không hợp lệ (chỉ nhận {', '.join(sorted(kind[1]))})"
            continue
        why = _check(kind, value)
        if why:
            return f"Trường {name} {why}"
    rule = _CROSS.get(table)
    return rule(data) if rule else None


def _voucher(data: dict) -> str | None:
    amount, reverses = data["amount"], data.get("reverses_uuid")
    if reverses is None:
        if not 0 < amount <= MAX_AMOUNT:
            return f"Số tiền phiếu phải lớn hơn 0 và không quá {format_money(MAX_AMOUNT)}"
    else:
        if type(reverses) is not str or UUID_RE.fullmatch(reverses) is None:
            return "Trường reverses_uuid phải là mã định danh (uuid) của phiếu được đảo"
        if not -MAX_AMOUNT <= amount < 0:
            return "Phiếu đảo phải có số tiền âm (không quá giới hạn)"
    year = data.get("year")
    if year is not None and year != int(data["posting_date"][:4]):
        return "Năm của phiếu khác năm của ngày ghi sổ"
    voucher_date = data.get("voucher_date")
    if voucher_date is not None and data["posting_date"] < voucher_date:
        return "Ngày ghi sổ trước ngày chứng từ"
    return None


def _learning_class(data: dict) -> str | None:
    # null is a missing field: its default (0, "") as in the commune's schema
    learners = data.get("learners") or 0
    if (data.get("women") or 0) > learners or (data.get("minority") or 0) > learners:
        return "Số học viên nữ / dân tộc thiểu số nhiều hơn tổng số học viên"
    start, end = data.get("start_date") or "", data.get("end_date") or ""
    if start and end and end < start:
        return "Ngày kết thúc trước ngày bắt đầu"
    return None


def _voucher_link(data: dict) -> str | None:
    amount = data.get("amount") or 0
    return None if -MAX_AMOUNT <= amount <= MAX_AMOUNT else "Số tiền liên kết vượt giới hạn"


def _meeting(data: dict) -> str | None:
    total = data.get("members_total") or 0
    if total and (data.get("members_present") or 0) + (data.get("members_absent") or 0) > total:
        return "Số có mặt cộng số vắng lớn hơn tổng số thành viên"
    return None


PERSONAL = "Dữ liệu cá nhân (số CCCD, số điện thoại) không được gửi lên tỉnh; xã cần cập nhật chương trình rồi gửi lại"


def _member(data: dict) -> str | None:
    # The province never stores a personal number, even from a program that would send one.
    if any(data.get(name) not in (None, "") for name in member_rules.LOCAL_ONLY):
        return PERSONAL
    id_hash = data.get("id_hash")
    if id_hash and ID_HASH_RE.fullmatch(id_hash) is None:
        return "Trường id_hash phải là mã băm của số CCCD (khóa:mã băm) hoặc để trống"
    return None


def _org_unit(data: dict) -> str | None:
    return PERSONAL if data.get("phone") not in (None, "") else None


def _learning_assessment(data: dict) -> str | None:
    if (data.get("total") or 0) > (data.get("max_total") or 0):
        return "Tổng điểm lớn hơn điểm tối đa của bộ tiêu chí"
    return None


def _learning_citizen_count(data: dict) -> str | None:
    if (data.get("recognised") or 0) > (data.get("registered") or 0):
        return "Số Công dân học tập được công nhận lớn hơn số đăng ký"
    return None


_CROSS = {"voucher": _voucher, "learning_class": _learning_class, "voucher_link": _voucher_link,
          "meeting": _meeting, "member": _member, "org_unit": _org_unit,
          "learning_assessment": _learning_assessment, "learning_citizen_count": _learning_citizen_count}


def references(table: str, data: dict) -> tuple[tuple[str, str, str], ...]:
    """(field, table, uuid) of every record this row points to (empty fields left out)."""
    refs = _REFERENCES.get(table)
    if not refs:
        return ()
    return tuple((f, t, data[f]) for f, t in refs if type(data.get(f)) is str and data[f])


def missing_reference(field: str, table: str, uuid: str) -> str:
    """The rejection reason for a row pointing to a record the province does not have."""
    return (f"Tham chiếu chưa có: trường {field} trỏ tới {_TABLE_LABELS.get(table, table)} mã {uuid}, tỉnh chưa có "
            "bản ghi này; xã cần gửi gói có bản ghi đó (hoặc gói toàn bộ)")
