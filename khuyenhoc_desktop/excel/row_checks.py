"""The checks of one imported row that need the whole row: a name to identify it, dates in order,
parts not above the total, a voucher's type and amount from its Thu/Chi columns."""

from __future__ import annotations

from datetime import timedelta

from khuyenhoc_desktop.vietnamese import format_date


def check_values(kind, values, number, errors, warnings, failed, today) -> None:
    """Append the row's errors and warnings; `failed` holds the fields present but unreadable (no
    second message for them), and gains those this check finds unusable."""
    if kind in ("awards", "learners"):
        if not values.get("full_name"):
            errors.append(f"Dòng {number}: thiếu Họ và tên.")
        elif not values.get("given_name"):
            warnings.append(f"Dòng {number}: không tách được Tên từ họ tên '{values['full_name']}'.")
    elif kind == "classes":
        if not values.get("title"):
            errors.append(f"Dòng {number}: thiếu Tên lớp/chuyên đề.")
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            errors.append(
                f"Dòng {number}: ngày kết thúc {format_date(end)} trước ngày bắt đầu {format_date(start)}."
            )
        total = values.get("learners")
        for fname, label in (("female", "nữ"), ("ethnic_minority", "dân tộc thiểu số")):
            part = values.get(fname)
            if total is not None and part is not None and part > total:
                errors.append(f"Dòng {number}: số học viên {label} ({part}) lớn hơn tổng số học viên ({total}).")
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
        elif amount == 0:
            errors.append(f"Dòng {number}: số tiền bằng 0.")
        d = values.get("date")
        if d and d > today:
            warnings.append(f"Dòng {number}: ngày {format_date(d)} ở tương lai.")
