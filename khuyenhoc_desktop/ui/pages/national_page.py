"""Tổng hợp toàn quốc (a national store, role "national"): the provinces registered with their key cards,
importing their signed packages (.khprov), the national figures by province and, for the chosen province,
by commune (services/national; docs/sync-format.md §14). Built like the province page, with its helpers."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import AppError
from ...services.national import NATIONAL_STATUS_LABELS, Province
from ...services.national.figures import COMMUNE_COLUMNS, PROVINCE_COLUMNS, commune_rows, province_rows, total_row
from ...services.province import format_gaps
from ...vietnamese import format_local_time, format_vnd, normalize
from .. import dialogs
from ..layout import flow_row
from ..operations import run_long_op, run_op
from .province_page import NB_HYPHEN, REVOKED_COLOR, _fill, _table, revocation_text, revoked_status

REGISTERED_COLUMNS = ("Mã tỉnh", "Tên tỉnh", "Dấu vân tay khóa", "Gói cuối", "Ngày lập gói", "Ngày nhập", "Thiếu gói",
                      "Thu hồi khóa")
FINGERPRINT_COLUMN = REGISTERED_COLUMNS.index("Dấu vân tay khóa")
REVOKED_COLUMN = REGISTERED_COLUMNS.index("Thu hồi khóa")
REPORT_COLUMNS = ("Tệp", "Tỉnh", "Gói", "Kết quả", "Số xã", "Thiếu gói", "Lý do, ghi chú")
RESULT_COLUMN = REPORT_COLUMNS.index("Kết quả")
TITLE = "Tổng hợp toàn quốc"

FIRST_STEPS = (
    "<p><b>Kho tổng hợp của Trung ương chưa có số liệu.</b></p>"
    "<p>Các bước để có số liệu toàn quốc:</p><ol>"
    "<li>Mỗi tỉnh gửi tệp khóa công khai của tỉnh (.khkey, tỉnh ghi ở trang “Tổng hợp của tỉnh” → "
    "“Xuất khóa của tỉnh…”). Bấm <b>“Đăng ký tỉnh…”</b>, chọn tệp đó, ghi mã và tên tỉnh; đối chiếu dấu "
    "vân tay khóa với tỉnh qua điện thoại.</li>"
    "<li>Tỉnh ghi gói số liệu gửi Trung ương (.khprov) ở trang “Tổng hợp của tỉnh” → "
    "“Xuất gói gửi trung ương…” và gửi tệp lên.</li>"
    "<li>Bấm <b>“Nhập gói của tỉnh…”</b> và chọn một hoặc nhiều tệp .khprov: chương trình kiểm tra chữ ký "
    "rồi nhập; gói mới nhất của một tỉnh thay toàn bộ số liệu của tỉnh đó.</li></ol>"
    "<p>Số liệu theo tỉnh và theo xã hiện ở đây sau khi nhập gói đầu tiên.</p>")


def _headers(columns) -> list[str]:
    """A figure's name on two lines ("Tiền khen\nthưởng"): nine figures side by side fit a 1366 px screen."""
    return [h.rsplit(" ", 1)[0] + "\n" + h.rsplit(" ", 1)[1] if kind != "text" and len(h) > 8 else h
            for h, _k, kind in columns]


def fingerprint_lines(fingerprint: str) -> str:
    """A fingerprint whole, two groups a line ("5470ADA2-C980E8C0-" / "1814B0EC-CDA6C1C6-" / "33A0B513"): read
    out on the phone group by group it must never be cut, and on one line it pushed the ledger off a 1366 px
    screen at 125 % text."""
    groups = fingerprint.split("-")
    return "-\n".join("-".join(groups[i:i + 2]) for i in range(0, len(groups), 2))


def _day(stamp: str | None) -> str:
    """"03/12/2026" of a stored time (the whole local time is the cell's tooltip)."""
    return format_local_time(stamp).split(" ")[0]


def _registered_text(n: int) -> str:
    return (f"<p><b>Đã đăng ký {n} tỉnh, chưa nhập gói số liệu nào.</b></p>"
            "<p>Bấm <b>“Nhập gói của tỉnh…”</b> và chọn các tệp .khprov tỉnh gửi lên (tỉnh ghi tệp ở trang "
            "“Tổng hợp của tỉnh” → “Xuất gói gửi trung ương…”).</p>")


class NationalPage(QWidget):
    title = TITLE
    changed = Signal()

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.main_window = parent
        self.province_list: list[Province] = []  # what each row of the registered table shows
        self.figure_codes: list[str] = []  # the province code of each row of the figures table ("" = totals)
        self.summary: dict | None = None
        self.last_reports: list = []

        self.register_button = QPushButton("Đăng ký tỉnh…")
        self.import_button = QPushButton("Nhập gói của tỉnh…")
        self.revoke_button = QPushButton("Thu hồi khóa…")
        self.revoke_button.setToolTip("Chọn một tỉnh trong bảng trước. Dùng khi máy tính của tỉnh bị mất hoặc khóa bị "
                                      "lộ: Trung ương từ chối mọi gói mới của tỉnh cho đến khi tỉnh đăng ký lại.")
        self.status = QLabel()
        self.status.setObjectName("national_status")
        self.status.setWordWrap(True)
        actions = flow_row((self.register_button, self.import_button, self.revoke_button, self.status),
                           stretch={id(self.status): 1})

        # -- figures
        self.school_year = QComboBox()
        self.school_year.setObjectName("national_school_year")
        self.school_year.addItem("Tất cả năm học", "")
        self.xlsx_button = QPushButton("Xuất Excel…")
        self.totals_label = QLabel()
        self.totals_label.setObjectName("national_totals")
        self.totals_label.setWordWrap(True)
        self.by_province = _table(_headers(PROVINCE_COLUMNS), "national_by_province")
        self.by_province.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("national_missing")
        self.missing_label.setWordWrap(True)
        self.communes_label = QLabel()
        self.communes_label.setObjectName("national_communes_of")
        self.communes_label.setWordWrap(True)
        self.by_commune = _table(_headers(COMMUNE_COLUMNS), "national_by_commune")
        for t in (self.by_province, self.by_commune):
            t.horizontalHeader().setStretchLastSection(False)  # "Tồn quỹ" whole, never cut to "59.265…"
        tables = QWidget()
        lt = QVBoxLayout(tables)
        lt.setContentsMargins(0, 0, 0, 0)
        lt.addWidget(self.by_province, 3)
        lt.addWidget(self.missing_label)
        lt.addWidget(self.communes_label)
        lt.addWidget(self.by_commune, 2)
        self.first_steps = QLabel(FIRST_STEPS)
        self.first_steps.setObjectName("national_first_steps")
        self.first_steps.setWordWrap(True)
        self.first_steps.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.figures = QStackedWidget()  # the first steps until some province's figures are held
        self.figures.addWidget(self.first_steps)
        self.figures.addWidget(tables)
        box_f = QWidget()
        lf = QVBoxLayout(box_f)
        lf.addLayout(flow_row((QLabel("Năm học:"), self.school_year, self.xlsx_button, self.totals_label),
                              stretch={id(self.totals_label): 1}))
        lf.addWidget(self.figures, 1)

        # -- registered provinces
        self.provinces = _table(REGISTERED_COLUMNS, "national_provinces")
        self.provinces.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.provinces.setWordWrap(False)  # a long reason is cut with "…"; the tooltip has it whole
        self.provinces.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # 2 lines
        box_p = QWidget()
        lp = QVBoxLayout(box_p)
        lp.addWidget(self.provinces)

        # -- import results
        self.report = _table(REPORT_COLUMNS, "national_import_report")
        self.report.setWordWrap(True)
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(90)
        self.report_label = QLabel("Bấm “Nhập gói của tỉnh…” và chọn các tệp .khprov: kết quả từng tệp hiện ở đây.")
        self.report_label.setWordWrap(True)
        box_r = QWidget()
        lr = QVBoxLayout(box_r)
        lr.addWidget(self.report_label)
        lr.addWidget(self.report, 1)
        lr.addWidget(self.warnings)

        self.sections = QTabWidget()
        self.sections.setObjectName("national_sections")
        self.sections.addTab(box_f, "Số liệu toàn quốc")
        self.sections.addTab(box_p, "Các tỉnh đã đăng ký")
        self.sections.addTab(box_r, "Kết quả nhập gói")
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.sections, 1)

        self.register_button.clicked.connect(lambda: self.register_province())
        self.import_button.clicked.connect(lambda: self.choose_files())
        self.revoke_button.clicked.connect(lambda: self.revoke_province())
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.school_year.currentIndexChanged.connect(lambda _i: self.refresh_figures())
        self.by_province.itemSelectionChanged.connect(self._fill_communes)
        if hasattr(parent, "after_first_paint"):
            parent.after_first_paint(self.refresh)  # the window appears first
        else:
            self.refresh()

    @property
    def service(self):
        return self.ws.national

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.province_list = self.service.provinces()
        _fill(self.provinces, [[p.code, p.name, fingerprint_lines(p.fingerprint), p.last_seq or "",
                                _day(p.last_created_at), _day(p.last_imported_at), format_gaps(p.gaps),
                                revocation_text(p) if p.revoked else ""] for p in self.province_list])
        for r, p in enumerate(self.province_list):
            self.provinces.item(r, FINGERPRINT_COLUMN).setToolTip(p.fingerprint)
            for col, stamp in ((FINGERPRINT_COLUMN + 2, p.last_created_at), (FINGERPRINT_COLUMN + 3, p.last_imported_at)):
                self.provinces.item(r, col).setToolTip(format_local_time(stamp))
            if p.revoked:
                item = self.provinces.item(r, REVOKED_COLUMN)
                item.setForeground(QBrush(REVOKED_COLOR))
                item.setToolTip(f"{revoked_status(p)}.\nTrung ương từ chối mọi gói mới của tỉnh này cho đến khi tỉnh "
                                "đăng ký lại bằng khóa mới; số liệu đã nhập vẫn giữ nguyên.")
        current = self.school_year.currentData()
        self.school_year.blockSignals(True)
        self.school_year.clear()
        self.school_year.addItem("Tất cả năm học", "")
        for y in self.service.school_years():
            self.school_year.addItem(y, y)
        self.school_year.setCurrentIndex(max(self.school_year.findData(current), 0))
        self.school_year.blockSignals(False)
        self.refresh_figures()

    def refresh_figures(self) -> None:
        selected = self.selected_figure_code()
        summary = self.summary = self.service.summary(self.school_year.currentData() or None)
        rows = province_rows(summary)
        total = total_row(summary)
        held = any(p.figures_seq for p in self.province_list)
        self.figures.setCurrentIndex(1 if held else 0)
        if not held:
            self.first_steps.setText(_registered_text(len(self.province_list)) if self.province_list else FIRST_STEPS)
        self.xlsx_button.setEnabled(held)
        self.totals_label.setVisible(held)  # "0 tỉnh, 0 xã …" says nothing the first steps do not
        self.totals_label.setText(
            f"{len(rows)} tỉnh, {format_vnd(total['communes'])} xã — {format_vnd(total['awards'])} lượt khen thưởng, "
            f"{format_vnd(total['award_amount'])} đ; {format_vnd(total['classes'])} lớp, "
            f"{format_vnd(total['learners'])} lượt người học; tồn quỹ {format_vnd(total['balance'])} đ")
        self.figure_codes = [r["code"] for r in rows] + [""]
        self.by_province.blockSignals(True)
        _fill(self.by_province, [self._cells(PROVINCE_COLUMNS, r) for r in [*rows, total]])
        bold = self.by_province.font()
        bold.setBold(True)
        for c in range(self.by_province.columnCount()):
            self.by_province.item(len(rows), c).setFont(bold)
        self.by_province.clearSelection()
        codes = [r["code"] for r in rows]
        if codes:
            self.by_province.selectRow(codes.index(selected) if selected in codes else 0)
        self.by_province.blockSignals(False)
        names = {p.code: p.label for p in self.province_list}
        missing = [names.get(code, code) for code in summary["missing_provinces"]]
        self.missing_label.setVisible(bool(missing))
        self.missing_label.setText(
            "Chưa có số liệu " + (f"năm học {self.school_year.currentData()} " if self.school_year.currentData() else "")
            + "của: " + ", ".join(missing) + " (chưa nhập gói nào, hoặc gói của tỉnh không có kỳ này).")
        self._fill_communes()

    @staticmethod
    def _cells(columns, row: dict) -> list:
        # counts and amounts as ints: `_fill` writes them with their thousands dots, set right
        return [row[k] for _h, k, _kind in columns]

    def selected_figure_code(self) -> str | None:
        """The province of the selected row of the figures table (None for none or the totals line)."""
        rows = self.by_province.selectionModel().selectedRows() if self.by_province.selectionModel() else []
        if len(rows) != 1 or not 0 <= rows[0].row() < len(self.figure_codes):
            return None
        return self.figure_codes[rows[0].row()] or None

    def _fill_communes(self) -> None:
        code = self.selected_figure_code()
        if code is None or self.summary is None:
            self.communes_label.setText("Chọn một tỉnh trong bảng trên để xem số liệu theo xã của tỉnh đó.")
            _fill(self.by_commune, [])
            return
        rows = commune_rows(self.summary, code)
        name = self.summary["by_province"].get(code, {}).get("name", "")
        self.communes_label.setText(f"Các xã của tỉnh {name} ({code}): {format_vnd(len(rows))} xã")
        _fill(self.by_commune, [self._cells(COMMUNE_COLUMNS, r) for r in rows])

    # -- provinces and keys ------------------------------------------------------------------------
    def register_province(self, key_path: str | None = None, code: str | None = None,
                          name: str | None = None) -> Province | None:
        from ...sync import KeyCard

        key_path = key_path or dialogs.open_file(self, "Chọn tệp khóa công khai của tỉnh", "Tệp khóa (*.khkey)")
        if not key_path:
            return None
        try:
            card = KeyCard.load(key_path)
        except AppError as exc:
            dialogs.error(self, exc.message)
            return None
        if card.role != "province":
            dialogs.error(self, "Tệp khóa này là khóa của một xã, không phải khóa của tỉnh: hãy chọn tệp khóa tỉnh ghi "
                                "ở trang “Tổng hợp của tỉnh” → “Xuất khóa của tỉnh…”.", "Đăng ký tỉnh")
            return None
        code = code or dialogs.ask_text(self, "Mã tỉnh:", "Đăng ký tỉnh", "" if card.code == "00" else card.code)
        if not code:
            return None
        if name is None:
            name = dialogs.ask_text(self, "Tên tỉnh:", "Đăng ký tỉnh", card.name or "")
            if name is None:
                return None
        p = run_op(self, partial(self.service.register_province, code, name, card))
        if p is None:
            return None
        self.status.setText(f"Đã đăng ký tỉnh {p.label}, dấu vân tay khóa: {p.fingerprint}. Hãy đối chiếu dấu vân tay "
                            "với tỉnh qua điện thoại.")
        self.refresh()
        self.changed.emit()
        return p

    def selected_province(self) -> Province | None:
        """The province selected in the registered table, or else in the figures table."""
        rows = self.provinces.selectionModel().selectedRows() if self.provinces.selectionModel() else []
        if len(rows) == 1 and 0 <= rows[0].row() < len(self.province_list):
            return self.province_list[rows[0].row()]
        code = self.selected_figure_code()
        return next((p for p in self.province_list if p.code == code), None)

    def revoke_province(self, code: str | None = None, reason: str | None = None, confirm: bool = True) -> bool:
        """Revoke the selected province's key (or `code`'s): asks for the reason, then for confirmation."""
        if code is None:
            p = self.selected_province()
            if p is None:
                dialogs.warning(self, "Hãy chọn một tỉnh trong bảng “Các tỉnh đã đăng ký” trước.", "Thu hồi khóa")
                self.sections.setCurrentIndex(1)
                return False
        else:
            try:
                p = self.service.province(code)
            except AppError as exc:
                dialogs.error(self, exc.message)
                return False
        if p.revoked:
            dialogs.info(self, f"Khóa của tỉnh {p.label} đã bị thu hồi từ trước.\n{revoked_status(p)}.", "Thu hồi khóa")
            return False
        if reason is None:
            reason = dialogs.ask_text(self, f"Lý do thu hồi khóa của tỉnh {p.label}\n(ví dụ: máy tính của tỉnh bị mất, "
                                            "khóa bị lộ):", "Thu hồi khóa")
            if reason is None:
                return False
        if not normalize(reason).strip():
            dialogs.warning(self, "Hãy ghi lý do thu hồi khóa (ví dụ: máy tính của tỉnh bị mất, khóa bị lộ).",
                            "Thu hồi khóa")
            return False
        if confirm and not dialogs.ask(
                self, f"Thu hồi khóa ký của tỉnh {p.label}?\n\n"
                      f"Dấu vân tay khóa: {p.fingerprint.replace('-', NB_HYPHEN)}\nLý do: {normalize(reason).strip()}\n\n"
                      "Từ nay Trung ương sẽ từ chối mọi gói số liệu mới của tỉnh này. Số liệu đã nhập vẫn giữ nguyên.\n\n"
                      "Muốn nhận lại số liệu của tỉnh: tỉnh gửi tệp khóa công khai mới (.khkey), Trung ương đăng ký "
                      "lại tỉnh bằng nút “Đăng ký tỉnh…”.", "Thu hồi khóa"):
            return False
        if run_op(self, partial(self.service.revoke_province, p.code, reason)) is None:
            return False
        self.status.setText(f"Đã thu hồi khóa của tỉnh {p.label}.")
        self.refresh()
        self.changed.emit()
        return True

    # -- import ------------------------------------------------------------------------------------
    def choose_files(self, paths: list[str] | None = None):
        """Verify and import the chosen .khprov files on a worker thread; "Dừng" imports none of them."""
        paths = paths if paths is not None else dialogs.open_files(
            self, "Chọn các gói số liệu của tỉnh", "Gói số liệu của tỉnh (*.khprov);;Tất cả (*)")
        if not paths:
            return None

        def done(reports) -> None:
            self.sections.setCurrentIndex(2)  # first: the rows are sized to the table's width as shown
            self._show(reports)
            counts = {s: sum(r.status == s for r in reports) for s in NATIONAL_STATUS_LABELS}
            self.status.setText(f"Nhập {len(reports)} tệp: {counts['applied']} đã nhập, {counts['already']} đã nhập "
                                f"rồi, {counts['refused']} bị từ chối.")
            self.refresh()
            self.changed.emit()

        def stopped() -> None:
            self.status.setText("Đã dừng; chưa nhập tệp nào.")

        def failed(exc) -> None:
            self.status.setText("Không nhập được.")
            dialogs.error(self, exc.message, "Không nhập được")

        self.operation = run_long_op(
            self, self.ws, lambda progress: self.service.import_files(paths, progress=progress),
            f"Đang nhập {len(paths)} gói số liệu của tỉnh…", on_done=done, on_cancelled=stopped, on_error=failed)
        return self.operation

    def _show(self, reports) -> None:
        self.last_reports = reports
        _fill(self.report, [[Path(r.file).name,
                             f"{r.province_name} ({r.province_code})" if r.province_code else "", r.seq or "",
                             NATIONAL_STATUS_LABELS.get(r.status, r.status), r.communes if r.status == "applied" else "",
                             format_gaps(r.gaps), r.message] for r in reports])
        for i, r in enumerate(reports):
            self.report.item(i, len(REPORT_COLUMNS) - 1).setToolTip(r.message)
            if r.status == "refused":
                self.report.item(i, RESULT_COLUMN).setForeground(QBrush(REVOKED_COLOR))
        self.report.resizeRowsToContents()
        self.warnings.setPlainText("\n".join(f"{Path(r.file).name}: {w}" for r in reports for w in r.warnings))
        self.report_label.setText(f"Kết quả nhập {len(reports)} tệp (gói của tỉnh bị từ chối thì không ghi gì):")

    # -- export ------------------------------------------------------------------------------------
    def export_xlsx(self, path: str | None = None) -> Path | None:
        path = path or dialogs.save_file(self, "Xuất Excel", "tong-hop-toan-quoc.xlsx", "Excel (*.xlsx)")
        if not path:
            return None
        try:
            return self.service.export_xlsx(path, self.school_year.currentData() or None)
        except (AppError, OSError) as exc:
            dialogs.error(self, getattr(exc, "message", str(exc)))
            return None
