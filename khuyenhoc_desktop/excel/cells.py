"""Cell values as read from a sheet: text (NFC, legacy TCVN3/VNI converted per column), dates (date
cells, Excel serial numbers, dd/mm/yyyy-like text, a birth year alone), money (numbers, or text through
`vietnamese.parse_vnd`: "1.500.000 đ", "1,5 triệu", "500k") and numbers, each with its Vietnamese
message when it cannot be read."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from typing import Any

from khuyenhoc_desktop.excel import legacy_encoding as legacy
from khuyenhoc_desktop.excel.fields import header_key
from khuyenhoc_desktop.vietnamese import format_date, normalize, normalize_multiline, parse_date, parse_vnd

Cell = Any  # str | int | float | bool | date | datetime | time | timedelta


def blank(value: Cell) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def cell_text(value: Cell) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else str(value)


def is_number(value: Cell) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_stt(value: Cell) -> bool:
    if is_number(value):
        return True
    return isinstance(value, str) and re.fullmatch(r"\s*\d+[.)]?\s*", value) is not None


_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 9999-12-31


def serial_to_date(n: float) -> date | None:
    if not math.isfinite(n) or n < 1 or n > _MAX_SERIAL:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(n))


def shown(value: Cell) -> str:
    text = cell_text(value)
    return text if len(text) <= 60 else text[:57] + "…"


_NUMBER_TEXT = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def memo(cache: dict, key: Any, func: Any, arg: Any) -> Any:
    """func(arg) memoised in `cache`, a ValueError included (raised again on every use)."""
    try:
        result = cache[key]
    except KeyError:
        try:
            result = func(arg)
        except ValueError as exc:
            result = exc
        if len(cache) < 200_000:
            cache[key] = result
    if isinstance(result, ValueError):
        raise result
    return result


# Long free text keeps its line breaks (Alt+Enter in Excel); every other text is one line.
_MULTILINE_FIELDS = frozenset({"note", "achievement", "reason", "result"})


class CellReader:
    """Reads the cells of the mapped columns of one sheet, memoising conversions: the same texts
    (villages, categories, dates) repeat on every row."""

    def __init__(self, col_field, enc_of_col, sheet_encoding, today):
        self.items = sorted(col_field.items())  # (col, field)
        self.enc_of_col = enc_of_col
        self.sheet_encoding = sheet_encoding
        self.today = today
        self.caches: dict[int, dict[str, str]] = {c: {} for c, _ in self.items}
        self.multiline = {c for c, f in self.items if f in _MULTILINE_FIELDS}
        self.key_cache: dict[str, str] = {}
        self.parsed: dict[tuple[str, str], Any] = {}  # memoised parse_vnd / parse_date results (or their ValueError)

    def text(self, col: int, value: Cell) -> str:
        """Cell as NFC text, legacy encoding of its column converted (memoised per column)."""
        if not isinstance(value, str):
            return normalize(cell_text(value))
        cache = self.caches[col]
        out = cache.get(value)
        if out is None:
            enc = self.enc_of_col.get(col, self.sheet_encoding)
            clean = normalize_multiline if col in self.multiline else normalize
            out = clean(legacy.to_unicode(value, enc) if enc != legacy.UNICODE else value)
            if len(cache) < 100_000:
                cache[value] = out
        return out

    def key(self, text: str) -> str:
        out = self.key_cache.get(text)
        if out is None:
            out = self.key_cache[text] = header_key(text)
        return out

    def money(self, col, raw, number, column, errors) -> int | None:
        if isinstance(raw, bool):
            errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải số tiền.")
            return None
        if isinstance(raw, (int, float)):
            if not math.isfinite(raw) or abs(raw - round(raw)) > 1e-6:
                errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải số tiền nguyên đồng.")
                return None
            amount = int(round(raw))
        elif isinstance(raw, str):
            text = self.text(col, raw)
            if text in ("-", "–", "—"):
                return None
            try:
                amount = memo(self.parsed, ("vnd", text), parse_vnd, text)
            except ValueError:
                errors.append(f"Dòng {number}: cột {column} '{shown(text)}' không phải số tiền.")
                return None
        else:
            errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải số tiền.")
            return None
        if amount < 0:
            errors.append(f"Dòng {number}: cột {column} có số tiền âm ({shown(raw)}).")
            return None
        return amount

    def number(self, col, raw, number, column, errors, *, integer: bool) -> int | float | None:
        value: float | None = None
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            value = float(raw)
        elif isinstance(raw, str):
            text = self.text(col, raw)
            if _NUMBER_TEXT.fullmatch(text):
                value = float(text.replace(",", "."))
            elif integer and re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
                value = float(re.sub(r"[.,]", "", text))
        if value is None or not math.isfinite(value):
            errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải số.")
            return None
        if value < 0:
            errors.append(f"Dòng {number}: cột {column} không được âm ({shown(raw)}).")
            return None
        if integer:
            if not value.is_integer():
                errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' phải là số nguyên.")
                return None
            return int(value)
        return int(value) if value.is_integer() else value

    def date(self, col, raw, number, column, errors) -> date | None:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if 1900 <= raw <= 2100 and float(raw).is_integer():
                errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' cần đủ ngày/tháng/năm.")
                return None
            d = serial_to_date(float(raw))
            if d is None:
                errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải ngày hợp lệ.")
            return d
        if isinstance(raw, str):
            text = self.text(col, raw)
            if re.fullmatch(r"\d{4}", text):
                errors.append(f"Dòng {number}: cột {column} '{shown(text)}' cần đủ ngày/tháng/năm.")
                return None
            try:
                return memo(self.parsed, ("date", text), parse_date, text)
            except ValueError:
                errors.append(f"Dòng {number}: cột {column} '{shown(text)}' không phải ngày hợp lệ (dd/mm/yyyy).")
                return None
        errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải ngày hợp lệ.")
        return None

    def birth(self, col, raw, number, column, values, errors) -> None:
        born: date | None = None
        year: int | None = None
        if isinstance(raw, datetime):
            born = raw.date()
        elif isinstance(raw, date):
            born = raw
        elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if float(raw).is_integer() and 1000 <= raw < 3000:
                year = int(raw)
            else:
                born = serial_to_date(float(raw)) if float(raw) >= 3000 else None
                if born is None:
                    errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải ngày sinh hợp lệ.")
                    return
        elif isinstance(raw, str):
            text = self.text(col, raw)
            m = re.fullmatch(r"(\d{4})(?:\.0+)?", text)
            if m:
                year = int(m.group(1))
            else:
                try:
                    born = memo(self.parsed, ("date", text), parse_date, text)
                except ValueError:
                    errors.append(f"Dòng {number}: cột {column} '{shown(text)}' không phải ngày sinh hợp lệ (dd/mm/yyyy hoặc năm).")
                    return
        else:
            errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải ngày sinh hợp lệ.")
            return
        if born is not None:
            year = born.year
        assert year is not None
        if born is not None and born > self.today or year > self.today.year:
            errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' là ngày sinh trong tương lai.")
            return
        if year < 1900:
            errors.append(f"Dòng {number}: cột {column} '{shown(raw)}' không phải năm sinh hợp lệ.")
            return
        values.setdefault("birth_date", born)
        values.setdefault("birth_year", year)
