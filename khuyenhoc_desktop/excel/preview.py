"""The import preview: a sheet's header found, merged cells filled down, legacy encodings decided,
rows classified (blank, record, total, footer), parsed and checked, duplicates inside the file flagged."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from khuyenhoc_desktop.excel import legacy_encoding as legacy
from khuyenhoc_desktop.excel.cells import Cell, blank, is_number, is_stt
from khuyenhoc_desktop.excel.errors import ExcelImportError
from khuyenhoc_desktop.excel.fields import fields_for, header_key, required_fields
from khuyenhoc_desktop.excel.header import ColumnInfo, ColumnMapping, HeaderMatch, Range, column_letter, find_header, source_signature
from khuyenhoc_desktop.excel.rows import PreviewRow, RowParser
from khuyenhoc_desktop.excel.workbook import SheetTable, read_workbook
from khuyenhoc_desktop.excel.workbook_limits import MAX_CELLS
from khuyenhoc_desktop.vietnamese import fold

__all__ = ["ImportPreview", "preview", "preview_sheet"]


@dataclass
class ImportPreview:
    path: str
    kind: str
    sheet_name: str
    sheet_names: list[str]
    header_row: int  # 1-based Excel row of the (first) header row
    header_rows: int
    columns: list[ColumnInfo]
    mapping: ColumnMapping  # effective mapping (auto + caller's), keyed by header key
    signature: str
    unknown_columns: list[str]
    missing_fields: list[str]  # labels of required fields no column provides
    encoding: str  # "unicode", "tcvn3", "vni" (the legacy encoding found in any column)
    column_encodings: dict[str, str]  # header → legacy encoding, converted columns only
    rows: list[PreviewRow]
    messages: list[str]  # sheet-level notes (Vietnamese)
    blank_rows: int = 0
    hidden_rows: list[int] = field(default_factory=list)  # 1-based
    total_row: int | None = None  # 1-based row of the last total row
    ignored_rows: list[int] = field(default_factory=list)  # 1-based rows below the data (footer)

    @property
    def valid_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.ok]

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "valid": sum(1 for r in self.rows if r.ok),
            "errors": sum(1 for r in self.rows if not r.ok),
            "warnings": sum(1 for r in self.rows if r.warnings),
            "blank": self.blank_rows,
            "hidden": len(self.hidden_rows),
            "ignored": len(self.ignored_rows),
        }

    @property
    def errors(self) -> list[str]:
        return [e for r in self.rows for e in r.errors]

    @property
    def warnings(self) -> list[str]:
        return [w for r in self.rows for w in r.warnings]


def preview(
    path: str | os.PathLike[str],
    kind: str = "awards",
    mapping: ColumnMapping | Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    *,
    header_row: int | None = None,
    today: date | None = None,
) -> ImportPreview:
    """Read `path` and return what an import of `kind` would bring in.

    `mapping`: the caller's column choices (ColumnMapping, or {header text: field}).
    `sheet`: name or 0-based index; by default the visible sheet whose header
    is recognised best. `header_row`: 1-based row to use as the header when the
    user has pointed at it (detection is skipped). Raises ExcelImportError if
    the file is unusable.
    """
    fields_for(kind)
    mapping = _as_mapping(mapping)
    p = Path(path)
    sheets = read_workbook(p)
    if not sheets or all(s.is_empty for s in sheets):
        raise ExcelImportError(f"Tệp “{p.name}” không có dữ liệu (bảng tính trống).")
    if sheet is not None:
        chosen = _pick_sheet(sheets, sheet)
        if chosen.is_empty:
            raise ExcelImportError(f"Trang tính “{chosen.name}” không có dữ liệu.")
        candidates = [chosen]
    else:
        candidates = [s for s in sheets if s.visible and not s.is_empty] or [s for s in sheets if not s.is_empty]
    best: tuple[SheetTable, HeaderMatch] | None = None
    for s in candidates:
        match = find_header(s, kind, mapping, header_row)
        if match is not None and (best is None or match.score > best[1].score):
            best = (s, match)
    if best is None:
        where = f"trang tính “{candidates[0].name}”" if len(candidates) == 1 else "các trang tính"
        raise _no_header(f"{where} của tệp “{p.name}”", kind)
    table, match = best
    result = _build_preview(table, match, kind, mapping, today or date.today())
    result.path = str(p)
    result.sheet_names = [s.name for s in sheets]
    return result


def preview_sheet(
    table: SheetTable,
    kind: str = "awards",
    mapping: ColumnMapping | Mapping[str, str | None] | None = None,
    *,
    header_row: int | None = None,
    today: date | None = None,
) -> ImportPreview:
    """Like `preview` for an already read sheet (or rows built in memory)."""
    fields_for(kind)
    mapping = _as_mapping(mapping)
    match = find_header(table, kind, mapping, header_row)
    if match is None:
        raise _no_header(f"trang tính “{table.name}”", kind)
    result = _build_preview(table, match, kind, mapping, today or date.today())
    result.sheet_names = [table.name]
    return result


def _as_mapping(mapping: ColumnMapping | Mapping[str, str | None] | None) -> ColumnMapping | None:
    if mapping is None or isinstance(mapping, ColumnMapping):
        return mapping
    return ColumnMapping.from_headers(mapping)


def _no_header(where: str, kind: str) -> ExcelImportError:
    return ExcelImportError(
        f"Không tìm thấy dòng tiêu đề trong {where}. "
        f"Dòng tiêu đề cần có tên cột như {_example_headers(kind)}."
    )


def _example_headers(kind: str) -> str:
    return {
        "awards": "“STT”, “Họ và tên”, “Ngày sinh”, “Lớp”, “Số tiền”",
        "learners": "“STT”, “Họ và tên”, “Năm sinh”, “Thôn”",
        "members": "“STT”, “Họ và tên”, “Năm sinh”, “Chi hội”, “Ngày vào hội”",
        "classes": "“Tên lớp”, “Lĩnh vực”, “Ngày bắt đầu”, “Số học viên”",
        "vouchers": "“Loại (Thu/Chi)”, “Ngày”, “Người nộp/nhận”, “Lý do”, “Số tiền”",
        "citizens": "“STT”, “Họ và tên”, “Năm sinh”, “Thôn”, “Nhóm đối tượng”, “Kết quả”",
    }[kind]


def _pick_sheet(sheets: list[SheetTable], sheet: str | int) -> SheetTable:
    if isinstance(sheet, int):
        if 0 <= sheet < len(sheets):
            return sheets[sheet]
    else:
        for s in sheets:
            if s.name == sheet:
                return s
        for s in sheets:
            if fold(s.name) == fold(sheet):
                return s
    raise ExcelImportError(f"Không có trang tính “{sheet}” trong tệp.")


# Total rows. In name columns the pattern is stricter: "Tống Thu Hà", "Tống Tiến",
# "Công Tằng Tôn Nữ…" are people, not totals.
_TOTAL_IN_NAME = re.compile(
    r"^(?:tong cong|tong so|cong tien|cong trang|cong don|cong luy ke|cong phat sinh"
    r"|cong (?:thon|xom|lop|truong|khoi|chi hoi|dot|khu|ap|ban|to dan pho))\b"
    r"|^(?:tong|cong)\s*(?:\d.*)?$"
)
_TOTAL_ELSEWHERE = re.compile(_TOTAL_IN_NAME.pattern + r"|^(?:tong tien|tong thu|tong chi|tong so tien|tong)\b")
_IDENTITY_FIELDS = {
    "awards": ("full_name", "family_name", "family_middle", "middle_name", "given_name"),
    "learners": ("full_name", "family_name", "family_middle", "middle_name", "given_name"),
    "members": ("full_name", "family_name", "family_middle", "middle_name", "given_name"),
    "citizens": ("full_name", "family_name", "family_middle", "middle_name", "given_name"),
    "classes": ("title",),
    "vouchers": ("person", "reason", "voucher_type", "number"),
}


def _build_preview(
    table: SheetTable, match: HeaderMatch, kind: str, mapping: ColumnMapping | None, today: date
) -> ImportPreview:
    specs = {s.name: s for s in fields_for(kind)}
    rows = table.rows
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [list(r) + [""] * (width - len(r)) for r in rows]
    columns = list(match.columns)
    if mapping is not None:  # the caller's choice wins, per header key
        columns = [
            ColumnInfo(c.index, c.header, mapping.by_header[c.key] if c.key in mapping.by_header else c.field, c.key)
            for c in columns
        ]
    columns = [ColumnInfo(c.index, c.header, c.field if c.field in specs else None, c.key) for c in columns]
    col_field = {c.index: c.field for c in columns if c.field}
    header_of = {c.index: (c.header or f"cột {c.letter}") for c in columns}
    unknown = [c.header for c in columns if c.header and c.field is None]
    effective = ColumnMapping({c.key: c.field for c in columns if c.key})

    start = match.data_start
    data = rows[start:]
    filled_from = _fill_merged_down(data, table.merged, start, col_field)
    enc_of_col, column_encodings, sheet_encoding = _decide_encodings(data, header_of)

    # --- classify rows: blank, total (labelled), sum (numbers only), data ----
    identity_cols = [i for i, f in col_field.items() if f in _IDENTITY_FIELDS[kind]]
    if not identity_cols:  # no name column found (yet): any imported column identifies a record
        identity_cols = [i for i, f in col_field.items() if f != "stt" and specs[f].type != "ignore"]
    numeric_cols = [i for i, f in col_field.items() if specs[f].type in ("money", "int", "number")]
    stt_cols = {i for i, f in col_field.items() if f == "stt"}
    label_cols = sorted(set(identity_cols) | stt_cols | set(range(min(3, width))))
    identity_set = set(identity_cols)

    kinds: list[str] = []
    has_identity: list[bool] = []
    for row in data:
        if _row_blank(row, stt_cols):
            kinds.append("blank")
            has_identity.append(False)
            continue
        labelled = False
        for i in label_cols:
            v = row[i]
            # Cheap filter first: every total label starts with T or C ("Tổng", "Cộng"; also in TCVN3/VNI).
            if isinstance(v, str) and v.lstrip()[:1] in ("T", "t", "C", "c"):
                pattern = _TOTAL_IN_NAME if i in identity_set else _TOTAL_ELSEWHERE
                if pattern.match(header_key(legacy.to_unicode(v, enc_of_col.get(i, sheet_encoding)))):
                    labelled = True
                    break
        ident = not labelled and any(i < len(row) and not blank(row[i]) for i in identity_cols)
        has_identity.append(ident)
        if labelled:
            kinds.append("total")
        elif not ident and any(i < len(row) and is_number(row[i]) for i in numeric_cols):
            kinds.append("sum")
        else:
            kinds.append("data")

    # Records end at the last record-like row: numbered (when the sheet numbers
    # its rows) or identified, and not a signature line. Below it: the total
    # row(s) and the footer, none of which is imported.
    footer_cols = sorted(set(identity_cols) | set(range(min(3, width))))
    stt = min(stt_cols) if stt_cols else None
    labelled_totals = [i for i, k in enumerate(kinds) if k == "total"]
    limit = labelled_totals[-1] if labelled_totals else len(kinds)
    numbering = False
    if stt is not None:
        candidates = [i for i in range(limit) if kinds[i] == "data" and has_identity[i]]
        numbered = sum(1 for i in candidates if is_stt(data[i][stt]))
        numbering = bool(candidates) and numbered >= 0.8 * len(candidates)
        if candidates and not numbering:  # signature lines lower the share: leave them out and count again
            candidates = [i for i in candidates if not _footer_like(data[i], footer_cols)]
            numbered = sum(1 for i in candidates if is_stt(data[i][stt]))
            numbering = bool(candidates) and numbered >= 0.8 * len(candidates)

    def record_like(i: int) -> bool:
        if kinds[i] != "data" or _footer_like(data[i], footer_cols):
            return False
        return is_stt(data[i][stt]) if numbering else has_identity[i]

    last_record = next((i for i in range(len(kinds) - 1, -1, -1) if record_like(i)), -1)
    end = last_record + 1
    trailing_totals = [i for i in range(end, len(data)) if kinds[i] in ("total", "sum")]
    last_total = trailing_totals[-1] if trailing_totals else None
    for i in range(end):
        if kinds[i] == "sum":
            kinds[i] = "data"

    messages: list[str] = []
    total_row = start + last_total + 1 if last_total is not None else None
    ignored = [start + i + 1 for i in range(end, len(data)) if kinds[i] != "blank" and i not in trailing_totals]
    subtotals = [start + i + 1 for i in range(end) if kinds[i] == "total"]
    subtotals += [start + i + 1 for i in trailing_totals[:-1]]
    if total_row is not None:
        messages.append(f"Dòng {total_row} là dòng tổng cộng, không nhập.")
    if subtotals:
        messages.append("Các dòng cộng/tổng cộng không được nhập: dòng " + ", ".join(map(str, subtotals)) + ".")
    if ignored:
        shown = ", ".join(map(str, ignored[:10])) + ("…" if len(ignored) > 10 else "")
        messages.append(f"Bỏ qua {len(ignored)} dòng ở cuối bảng (phần ký tên, ghi chú): dòng {shown}.")
    missing = [
        specs[group[0]].label for group in required_fields(kind) if not any(f in col_field.values() for f in group)
    ]
    for m in missing:
        messages.append(f"Không tìm thấy cột {m}: hãy chọn cột tương ứng.")
    if unknown:
        messages.append("Các cột chưa nhận ra (không nhập): " + ", ".join(f"“{u}”" for u in unknown) + ".")
    names = {legacy.TCVN3: "TCVN3 (ABC)", legacy.VNI: "VNI"}
    for header, enc in column_encodings.items():
        messages.append(f"Cột “{header}” dùng bảng mã {names[enc]}, đã chuyển sang Unicode.")

    parser = RowParser(kind, specs, col_field, header_of, enc_of_col, sheet_encoding, today)
    out_rows: list[PreviewRow] = []
    blank_count = sum(1 for i in range(end, last_total if last_total is not None else len(data)) if kinds[i] == "blank")
    hidden_numbers: list[int] = []
    for i in range(end):
        if kinds[i] == "blank":
            blank_count += 1
            continue
        if kinds[i] == "total":
            continue
        excel_row = start + i
        pr = parser.parse(data[i], excel_row + 1)
        for col, top in sorted(filled_from.get(i, ())):
            pr.merged_fields.append(col_field[col])
            pr.warnings.append(f"Dòng {excel_row + 1}: cột {header_of[col]} nằm trong ô gộp; lấy giá trị của "
                               f"dòng {top} (kiểm tra lại).")
        if excel_row in table.hidden_rows:
            pr.hidden = True
            pr.warnings.append(f"Dòng {excel_row + 1}: dòng này đang bị ẩn trong tệp Excel (vẫn được nhập).")
            hidden_numbers.append(excel_row + 1)
        out_rows.append(pr)
    if filled_from:
        merged_headers = sorted({header_of[c] for cells in filled_from.values() for c, _ in cells})
        messages.append(f"Có ô gộp theo chiều dọc ở cột {', '.join(merged_headers)}: giá trị của ô gộp được điền "
                        f"cho mọi dòng trong vùng gộp ({len(filled_from)} dòng, có cảnh báo).")
    if hidden_numbers:
        messages.append(f"Có {len(hidden_numbers)} dòng bị ẩn trong tệp Excel; các dòng này vẫn được nhập (có cảnh báo).")
    _flag_duplicates(kind, out_rows)

    encodings = list(column_encodings.values())
    return ImportPreview(
        path="",
        kind=kind,
        sheet_name=table.name,
        sheet_names=[],
        header_row=match.header_row,
        header_rows=match.header_rows,
        columns=columns,
        mapping=effective,
        signature=source_signature(c.header for c in columns),
        unknown_columns=unknown,
        missing_fields=missing,
        encoding=max(set(encodings), key=encodings.count) if encodings else legacy.UNICODE,
        column_encodings=column_encodings,
        rows=out_rows,
        messages=messages,
        blank_rows=blank_count,
        hidden_rows=hidden_numbers,
        total_row=total_row,
        ignored_rows=ignored,
    )


def _fill_merged_down(data: list[list[Cell]], merged: Sequence[Range], start: int,
                      col_field: Mapping[int, str]) -> dict[int, list[tuple[int, int]]]:
    """Give every row under a vertically merged cell (Lớp, Trường, Số tiền over several pupils) the merged
    cell's value, in place. Returns data row index → [(column, 1-based Excel row the value came from)]."""
    filled: dict[int, list[tuple[int, int]]] = {}
    budget = MAX_CELLS  # overlapping hostile ranges cannot make this loop longer than the sheet is large
    for r0, c0, r1, c1 in merged:
        if r1 <= r0 or r0 < start:
            continue  # horizontal only, or part of the header
        top = data[r0 - start] if r0 - start < len(data) else None
        if top is None:
            continue
        for c in range(c0, c1 + 1):
            if c not in col_field or c >= len(top) or blank(top[c]):
                continue
            for r in range(r0 + 1, min(r1, start + len(data) - 1) + 1):
                budget -= 1
                if budget < 0:
                    return filled
                row = data[r - start]
                if c < len(row) and blank(row[c]):
                    if not filled.get(r - start):
                        data[r - start] = row = list(row)  # the sheet's own rows stay as read
                    row[c] = top[c]
                    filled.setdefault(r - start, []).append((c, r0 + 1))
    return filled


_FOOTER = re.compile(
    r"^(?:nguoi lap|lap bieu|chu tich|pho chu tich|thu quy|ke toan|xac nhan|thu truong|truong ban|tm|kt|t m|k t"
    r"|ky ten|ky ghi ro|ghi ro ho ten|nguoi ky|nguoi duyet|thu ky|ban chap hanh|uy ban nhan dan|ubnd)\b"
    r"|\bngay \d{1,2} thang \d{1,2} nam \d{4}\b|\bngay thang nam\b"
)


def _footer_like(row: Sequence[Cell], cols: Iterable[int]) -> bool:
    """A signature-block line: "Người lập biểu", "TM. Ban chấp hành", "Tân Dĩnh, ngày … tháng … năm …"."""
    for i in cols:
        v = row[i] if i < len(row) else ""
        if isinstance(v, str) and v.strip() and _FOOTER.search(header_key(v)):
            return True
    return False


def _row_blank(row: Sequence[Cell], skip: set[int]) -> bool:
    for i, v in enumerate(row):
        if v == "" or v is None or i in skip:
            continue
        if isinstance(v, str) and v.isspace():
            continue
        return False
    return True


def _decide_encodings(data: Sequence[Sequence[Cell]], header_of: dict[int, str]) -> tuple[dict[int, str], dict[str, str], str]:
    """Legacy encoding per column (0-based index); columns without evidence follow the sheet."""
    sample_rows = data if len(data) <= 3000 else [*data[:2500], *data[-500:]]
    width = len(data[0]) if data else 0
    decided: dict[int, str] = {}
    undecided: list[int] = []
    for c in range(width):
        texts: set[str] = set()
        unicode_cells = 0
        for row in sample_rows:
            v = row[c] if c < len(row) else ""
            if isinstance(v, str) and v not in texts:
                if legacy.looks_unicode_vietnamese(v):
                    unicode_cells += 1
                elif legacy.has_legacy_characters(v):
                    texts.add(v)
                    if len(texts) >= 300:
                        break
        if not texts:
            continue
        scores = legacy.encoding_scores(texts)
        scores[legacy.UNICODE] += unicode_cells
        enc = legacy.decide_encoding(scores)
        if enc is None:
            undecided.append(c)
        else:
            decided[c] = enc
    votes = [e for e in decided.values() if e != legacy.UNICODE]
    sheet_enc = max(set(votes), key=votes.count) if votes else legacy.UNICODE
    for c in undecided:
        decided[c] = sheet_enc
    column_encodings = {
        header_of.get(c, f"cột {column_letter(c)}"): e for c, e in sorted(decided.items()) if e != legacy.UNICODE
    }
    return decided, column_encodings, sheet_enc


def _flag_duplicates(kind: str, rows: list[PreviewRow]) -> None:
    seen: dict[tuple, int] = {}
    folded: dict[str, str] = {}

    def f(text: str) -> str:  # fold, memoised: categories, villages… repeat on every row
        out = folded.get(text)
        if out is None:
            out = folded[text] = fold(text)
        return out

    for r in rows:
        v = r.values
        if kind in ("awards", "learners", "members", "citizens"):
            if not v.get("full_name"):
                continue
            if kind == "awards":  # a second subject is a second award, not a duplicate
                third = (f(v.get("category") or v.get("achievement") or ""), f(v.get("subject") or ""))
            else:
                third = (f(v.get("village") or ""),)
            key = (f(v["full_name"]), v.get("birth_date") or v.get("birth_year"), *third)
            what = (
                "cùng họ tên, ngày sinh và loại thành tích" if kind == "awards" else "cùng họ tên, năm sinh và thôn"
            )
        elif kind == "classes":
            if not v.get("title"):
                continue
            key = (f(v["title"]), v.get("start_date"), f(v.get("location") or ""))
            what = "cùng tên lớp, ngày bắt đầu và địa điểm"
        else:
            if v.get("number"):
                key = (v.get("voucher_type"), f(v["number"]), (v.get("date") or date.min).year)
                what = "cùng loại và số phiếu"
            else:
                key = (v.get("voucher_type"), v.get("date"), v.get("amount"), f(v.get("person") or ""), f(v.get("reason") or ""))
                what = "cùng loại, ngày, số tiền, người nộp/nhận và lý do"
        first = seen.get(key)
        if first is None:
            seen[key] = r.row_number
        else:
            r.warnings.append(f"Dòng {r.row_number}: có thể trùng với dòng {first} ({what}).")
