"""The checks of one imported row that only a sheet can need: the value that identifies the record is
there, a voucher's type and amount follow from its Thu/Chi columns, a date far ahead is a likely slip.
The record rules (dates in order, parts within the total, a non-zero amount) are the domain's, so the
preview and the form say the same thing."""

from __future__ import annotations

from datetime import timedelta

from khuyenhoc_desktop.domain.classes import ClassDraft, validate_class
from khuyenhoc_desktop.domain.limits import amount_problem
from khuyenhoc_desktop.vietnamese import format_date


def check_values(kind, values, number, errors, warnings, failed, today) -> None:
    """Append the row's errors and warnings; `failed` holds the fields present but unreadable (no
    second message for them), and gains those this check finds unusable."""
    if kind in ("awards", "learners", "members", "citizens"):
        if not values.get("full_name"):
            errors.append(f"Dòng {number}: thiếu Họ và tên.")
        elif not values.get("given_name"):
            warnings.append(f"Dòng {number}: không tách được Tên từ họ tên '{values['full_name']}'.")
    elif kind == "classes":
        if not values.get("title"):
            errors.append(f"Dòng {number}: thiếu Tên lớp/chuyên đề.")
        for problem in validate_class(_class_counts(values), today):
            if problem.severity == "error" and problem.field in ("end_date", "women", "minority"):
                errors.append(f"Dòng {number}: {problem.message}")
        start = values.get("start_date")
        if start and start > today + timedelta(days=366):
            warnings.append(f"Dòng {number}: ngày bắt đầu {format_date(start)} còn hơn một năm nữa.")
    elif kind == "vouchers":
        income, expense = values.pop("income", None), values.pop("expense", None)
        if "amount" not in values and "amount" not in failed:
            if income and expense:
                errors.append(f"Dòng {number}: có cả số tiền Thu và Chi trên cùng một dòng.")
                failed.update(("amount", "voucher_type"))
            elif income or expense:
                implied = "Thu" if income else "Chi"
                values["amount"] = income or expense
                if values.setdefault("voucher_type", implied) != implied and "voucher_type" not in failed:
                    errors.append(
                        f"Dòng {number}: loại phiếu {values['voucher_type']} nhưng số tiền nằm ở cột {implied}."
                    )
            elif "income" in failed or "expense" in failed:
                failed.add("amount")
        if not values.get("voucher_type") and "voucher_type" not in failed:
            errors.append(f"Dòng {number}: thiếu loại phiếu (Thu/Chi).")
        if "date" not in values and "date" not in failed:
            errors.append(f"Dòng {number}: thiếu Ngày.")
        amount = values.get("amount")
        if amount is None:
            if "amount" not in failed:
                errors.append(f"Dòng {number}: thiếu Số tiền.")
        else:
            problem = amount_problem(amount, allow_zero=False)
            if problem:
                errors.append(f"Dòng {number}: {problem}")
        d = values.get("date")
        if d and d > today:
            warnings.append(f"Dòng {number}: ngày {format_date(d)} ở tương lai.")


def _class_counts(values) -> ClassDraft:
    """The dates and counts of a class row as a draft; the parts are compared with the total only when
    the sheet gives the total."""
    total = values.get("learners")
    return ClassDraft(
        start_date=values.get("start_date"),
        end_date=values.get("end_date"),
        learners=total or 0,
        women=values.get("female", 0) if total is not None else 0,
        minority=values.get("ethnic_minority", 0) if total is not None else 0,
    )
