"""One sheet row → a `PreviewRow`: its cells read by column type, split names composed, then the
row's own checks (`excel.row_checks`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from khuyenhoc_desktop.excel.cells import Cell, CellReader, shown
from khuyenhoc_desktop.excel.fields import FieldSpec
from khuyenhoc_desktop.excel.row_checks import check_values

__all__ = ["PreviewRow", "RowParser"]


@dataclass
class PreviewRow:
    row_number: int  # 1-based Excel row
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hidden: bool = False
    merged_fields: list[str] = field(default_factory=list)  # fields filled down from a merged cell above

    @property
    def ok(self) -> bool:
        return not self.errors


_GENDER = {
    "nam": "Nam", "m": "Nam", "male": "Nam", "trai": "Nam", "nam gioi": "Nam", "con trai": "Nam",
    "nu": "Nữ", "f": "Nữ", "female": "Nữ", "gai": "Nữ", "nu gioi": "Nữ", "con gai": "Nữ",
}  # fmt: skip
_FLAG_TRUE = {"x", "v", "co", "1", "\u2713", "\u2714", "yes", "true", "*", "+"}
_VOUCHER_TYPE = {
    "thu": "Thu", "pt": "Thu", "phieu thu": "Thu", "t": "Thu", "thu tien": "Thu",
    "chi": "Chi", "pc": "Chi", "phieu chi": "Chi", "c": "Chi", "chi tien": "Chi",
}  # fmt: skip
_PAYMENT = {
    "tien mat": "Tiền mặt", "tm": "Tiền mặt", "mat": "Tiền mặt",
    "chuyen khoan": "Chuyển khoản", "ck": "Chuyển khoản", "ngan hang": "Chuyển khoản", "tk": "Chuyển khoản",
    "tai khoan": "Chuyển khoản",
}  # fmt: skip


class RowParser(CellReader):
    def __init__(self, kind, specs, col_field, header_of, enc_of_col, sheet_encoding, today):
        super().__init__(col_field, enc_of_col, sheet_encoding, today)
        self.kind = kind
        self.specs: dict[str, FieldSpec] = specs
        self.header_of = header_of
        self.types = {c: specs[f].type for c, f in self.items}

    def parse(self, row: Sequence[Cell], number: int) -> PreviewRow:
        values: dict[str, Any] = {}
        errors: list[str] = []
        warnings: list[str] = []
        names: dict[str, str] = {}
        failed: set[str] = set()  # fields present in the row but unreadable
        for col, fname in self.items:
            if col >= len(row):
                continue
            raw = row[col]
            if raw == "" or raw is None or (isinstance(raw, str) and raw.isspace()):
                continue
            ftype = self.types[col]
            if ftype == "ignore":
                continue
            column = self.header_of[col]
            before = len(errors)
            if ftype in ("text", "name"):
                value = self.text(col, raw)
                if not value:
                    continue
                if ftype == "name":
                    names.setdefault(fname, value)
                elif fname == "note" and "note" in values:
                    values["note"] = f"{values['note']}; {value}"
                else:
                    values.setdefault(fname, value)
            elif ftype == "money":
                amount = self.money(col, raw, number, column, errors)
                if amount is not None:
                    values.setdefault(fname, amount)
            elif ftype in ("int", "number"):
                num = self.number(col, raw, number, column, errors, integer=ftype == "int")
                if num is not None:
                    values.setdefault(fname, num)
            elif ftype == "birth":
                self.birth(col, raw, number, column, values, errors)
            elif ftype == "date":
                d = self.date(col, raw, number, column, errors)
                if d is not None:
                    values.setdefault(fname, d)
            elif ftype == "gender":
                text = self.text(col, raw)
                g = _GENDER.get(self.key(text))
                if g is None:
                    warnings.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải Nam/Nữ, bỏ qua.")
                else:
                    values.setdefault("gender", g)
            elif ftype in ("flag_male", "flag_female"):
                text = self.key(self.text(col, raw))
                if text in _FLAG_TRUE or (text and text.replace(" ", "") in _FLAG_TRUE):
                    values.setdefault("gender", "Nam" if ftype == "flag_male" else "Nữ")
                else:
                    warnings.append(f"Dòng {number}: cột {column} '{shown(raw)}' không rõ nghĩa (đánh dấu x), bỏ qua.")
            elif ftype == "voucher_type":
                text = self.text(col, raw)
                t = _VOUCHER_TYPE.get(self.key(text))
                if t is None:
                    errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' phải là Thu hoặc Chi.")
                else:
                    values["voucher_type"] = t
            elif ftype == "payment_method":
                text = self.text(col, raw)
                values.setdefault("payment_method", _PAYMENT.get(self.key(text), text))
            if len(errors) > before:
                failed.add(fname)
        if names:
            self.compose_name(names, values)
        check_values(self.kind, values, number, errors, warnings, failed, self.today)
        return PreviewRow(row_number=number, values=values, errors=errors, warnings=warnings)


    @staticmethod
    def compose_name(names: dict[str, str], values: dict[str, Any]) -> None:
        full = names.get("full_name", "")
        if full:
            parts = full.split(" ")
            family = names.get("family_name") or (parts[0] if len(parts) > 1 else "")
            given = names.get("given_name") or parts[-1]
            middle = names.get("middle_name")
            if middle is None:
                inner = parts[1:-1] if len(parts) > 1 else []
                middle = " ".join(inner)
            values.update(full_name=full, family_name=family, middle_name=middle, given_name=given)
            return
        if "family_middle" in names:
            fm = names["family_middle"].split(" ")
            family = names.get("family_name") or fm[0]
            middle = names.get("middle_name") or " ".join(fm[1:])
        else:
            family = names.get("family_name", "")
            middle = names.get("middle_name", "")
        given = names.get("given_name", "")
        full = " ".join(p for p in (family, middle, given) if p)
        values.update(full_name=full, family_name=family, middle_name=middle, given_name=given)
