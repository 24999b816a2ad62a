"""Tổng hợp của tỉnh: enrolled communes, importing packages (dry run first, then "Áp dụng"),
aggregates by commune (old or new, after the July 2025 mergers) / award dimension / class field / learning model,
exports to Excel and PDF, and the unit changes (`unit_changes_panel`)."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import AppError
from ...services.province import IMPORT_STATUS_LABELS, REVOKE_REASON_MISSING, Commune, format_gaps
from ...services.province.aggregates import LEARNING_COLUMNS
from ...vietnamese import format_date, format_local_time, format_vnd, normalize
from .. import dialogs
from ..layout import flow_row
from ..operations import run_long_op, run_op
from .learning_page import CriteriaSetsPanel, SettingsPanel

COMMUNE_COLUMNS = ("Mã xã", "Tên xã", "Dấu vân tay khóa", "Gói cuối", "Ngày nhập", "Thiếu gói", "Trạng thái",
                   "Thu hồi khóa")
STATUS_COLUMN = COMMUNE_COLUMNS.index("Trạng thái")
REPORT_COLUMNS = ("Tệp", "Xã", "Gói", "Kết quả", "Mới", "Sửa", "Không đổi", "Xóa", "Cũ", "Từ chối")
REJECT_COLUMNS = ("Tệp", "Dòng", "Bảng", "Mã bản ghi", "Lý do")


def _table(columns, name: str) -> QTableWidget:
    t = QTableWidget(0, len(columns))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(columns))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list]) -> None:
    """Rows into a table; a count is written with its thousands dots ("3.766") and set to the right."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            number = isinstance(v, int) and not isinstance(v, bool)
            item = QTableWidgetItem(format_vnd(v) if number else "" if v is None else str(v))
            if number:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def revocation_text(c: Commune) -> str:
    """When and why a commune's key was revoked: "28/11/2025 09:40 — Máy tính của xã bị mất"."""
    return " — ".join(t for t in (format_local_time(c.revoked_at), c.revoked_reason or "") if t)


def revoked_status(c: Commune) -> str:
    """One sentence for messages and tooltips: "Đã thu hồi khóa ngày …, lý do: …"."""
    when = format_local_time(c.revoked_at)
    text = "Đã thu hồi khóa" + (f" ngày {when}" if when else "")
    return text + (f", lý do: {c.revoked_reason}" if c.revoked_reason else "")


def status_text(c: Commune) -> str:
    if c.revoked:
        return "Đã thu hồi khóa"
    if c.status == "retired":
        when = f" từ {format_date(date.fromisoformat(c.retired_from))}" if c.retired_from else ""
        return f"Đã hợp nhất vào {c.merged_into_name or 'xã'} ({c.merged_into}){when}"
    return "Đang dùng"


REVOKED_COLOR = QColor("#B3261E")
NB_HYPHEN = "\u2011"  # a fingerprint in a message box stays on one line



class ProvincePage(QWidget):
    title = "Tổng hợp của tỉnh"
    changed = Signal()

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.main_window = parent
        self.pending: list[str] = []  # files of the last dry run, applied by "Áp dụng"
        self.last_reports: list = []
        self.commune_rows: list[Commune] = []  # what each row of the communes table shows

        # -- communes
        self.communes = _table(COMMUNE_COLUMNS, "province_communes")
        self.register_button = QPushButton("Đăng ký xã…")
        self.card_button = QPushButton("Xuất khóa của tỉnh…")
        self.ack_button = QPushButton("Ghi biên nhận cho xã…")
        self.revoke_button = QPushButton("Thu hồi khóa của xã…")
        self.revoke_button.setToolTip("Dùng khi máy tính của xã bị mất hoặc khóa bị lộ: tỉnh từ chối mọi gói mới của "
                                      "xã cho đến khi xã đăng ký lại bằng khóa mới.")
        self.revoke_button.setEnabled(False)
        self.communes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.communes.setWordWrap(False)  # a long reason is cut with "…"; the tooltip has it whole
        self.communes.horizontalHeader().setSectionResizeMode(len(COMMUNE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        # A wrapping row: the four buttons side by side need ~800 px at 125 % text, more than a 1024 px screen
        # leaves beside the navigation.
        top = flow_row((self.register_button, self.card_button, self.ack_button, self.revoke_button))
        box_c = QGroupBox("Các xã đã đăng ký")
        lc = QVBoxLayout(box_c)
        lc.addLayout(top)
        lc.addWidget(self.communes)

        # -- import
        self.import_button = QPushButton("Nhập tệp từ xã…")
        self.apply_button = QPushButton("Áp dụng")
        self.apply_button.setEnabled(False)
        self.import_status = QLabel("Chọn các tệp .khsync của xã: chương trình thử nhập trước, chưa ghi gì.")
        self.import_status.setWordWrap(True)
        self.report = _table(REPORT_COLUMNS, "province_import_report")
        self.rejected = _table(REJECT_COLUMNS, "province_rejected")
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(70)
        bi = QHBoxLayout()
        bi.addWidget(self.import_button)
        bi.addWidget(self.apply_button)
        bi.addWidget(self.import_status, 1)
        box_i = QGroupBox("Nhập dữ liệu các xã")
        li = QVBoxLayout(box_i)
        li.addLayout(bi)
        li.addWidget(self.report)
        li.addWidget(QLabel("Dòng bị từ chối:"))
        li.addWidget(self.rejected)
        li.addWidget(self.warnings)

        # -- aggregates
        self.school_year = QComboBox()
        self.school_year.addItem("Tất cả năm học", "")
        # The communes merged in July 2025: each old commune as received, or added into its new commune.
        self.group_by = QComboBox()
        self.group_by.setObjectName("province_group_by")
        self.group_by.addItem("Theo xã cũ (như đã nhận)", "old")
        self.group_by.addItem("Theo xã mới (gộp xã đã hợp nhất)", "new")
        self.xlsx_button = QPushButton("Xuất Excel…")
        self.pdf_button = QPushButton("Xuất PDF…")
        # the province's signed package of figures for the national hub (sync export-national)
        self.national_button = QPushButton("Xuất gói gửi trung ương…")
        self.national_detail = QCheckBox("kèm chi tiết")
        self.national_detail.setToolTip("Thêm bảng chia theo từng xã: khen thưởng theo trạng thái, loại, cấp, năm học, "
                                        "đơn vị phối hợp; lớp học theo lĩnh vực.")
        self.totals_label = QLabel()
        self.totals_label.setObjectName("province_totals")
        self.totals_label.setWordWrap(True)  # on two lines rather than widening the page
        self.by_commune = _table(("Mã xã", "Tên xã", "Khen thưởng", "Tiền khen thưởng", "Lớp", "Người học", "Thu",
                                  "Chi", "Tồn quỹ"), "province_by_commune")
        self.by_dimension = _table(("Nhóm", "Giá trị", "Số lượt", "Số tiền"), "province_awards")
        self.by_field = _table(("Lĩnh vực", "Số lớp", "Lượt người học", "Nữ", "Dân tộc thiểu số"), "province_classes")
        # Xã hội học tập: each commune's models of the year, then the province's (docs/numbers.md)
        self.learning = _table([h for h, _k, _kind in LEARNING_COLUMNS], "province_learning")
        self.learning_label = QLabel()
        self.learning_label.setObjectName("province_learning_year")
        self.learning_label.setWordWrap(True)
        learning_tab = QWidget()
        lt = QVBoxLayout(learning_tab)
        lt.setContentsMargins(0, 4, 0, 0)
        lt.addWidget(self.learning_label)
        lt.addWidget(self.learning, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.by_commune, "Theo xã")
        self.tabs.addTab(self.by_dimension, "Khen thưởng")
        self.tabs.addTab(self.by_field, "Lớp học")
        self.tabs.addTab(learning_tab, "Xã hội học tập")
        # a wrapping row: at 150 % text the year, the grouping and the exports do not fit one line of 1280 px
        ba = flow_row((QLabel("Năm học:"), self.school_year, self.group_by, self.xlsx_button, self.pdf_button,
                       self.national_button, self.national_detail, self.totals_label),
                      stretch={id(self.totals_label): 1})
        box_a = QGroupBox("Số liệu tổng hợp")
        la = QVBoxLayout(box_a)
        la.addLayout(ba)
        la.addWidget(self.tabs)

        # -- xã hội học tập: the targets the communes are measured against, the criteria sets sent to them
        self.learning_targets = SettingsPanel(ws, targets_only=True)
        self.criteria = CriteriaSetsPanel(ws)
        how = QLabel("Gửi bộ tiêu chí cho các xã: sao một bộ thành phiên bản mới (hoặc nhập tệp JSON tỉnh đã soạn), "
                     "chọn bộ đó rồi “Xuất tệp JSON…” và gửi tệp cho các xã; xã nhập tệp ở trang Xã hội học tập, "
                     "thẻ “Thiết lập, bộ tiêu chí” → “Nhập tệp JSON…”.")
        how.setWordWrap(True)
        box_l = QWidget()
        ll = QVBoxLayout(box_l)
        ll.addWidget(self.learning_targets)
        ll.addWidget(how)
        ll.addWidget(self.criteria, 1)

        # Four tasks, one at a time: each gets the whole page instead of a part of it.
        self.sections = QTabWidget()
        self.sections.setObjectName("province_sections")
        self.sections.addTab(box_a, "Số liệu tổng hợp")
        self.sections.addTab(box_i, "Nhập dữ liệu các xã")
        self.sections.addTab(box_c, "Các xã đã đăng ký")
        self.sections.addTab(box_l, "Chỉ tiêu, bộ tiêu chí")
        # the learning table measures the communes against the targets just saved
        self.learning_targets.save_button.clicked.connect(lambda: self.refresh_aggregates())
        from .unit_changes_panel import UnitChangesPanel

        self.unit_changes = UnitChangesPanel(ws, self)
        self.unit_changes.changed.connect(self._unit_changes_changed)
        self.sections.addTab(self.unit_changes, "Thay đổi đơn vị hành chính")
        layout = QVBoxLayout(self)
        layout.addWidget(self.sections)

        self.register_button.clicked.connect(lambda: self.register_commune())
        self.card_button.clicked.connect(lambda: self.export_card())
        self.ack_button.clicked.connect(lambda: self.write_ack())
        self.revoke_button.clicked.connect(lambda: self.revoke_commune())
        self.communes.itemSelectionChanged.connect(self._update_commune_buttons)
        self.import_button.clicked.connect(lambda: self.choose_files())
        self.apply_button.clicked.connect(lambda: self.apply())
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.national_button.clicked.connect(lambda: self.export_national())
        self.school_year.currentIndexChanged.connect(lambda _i: self.refresh_aggregates())
        self.group_by.currentIndexChanged.connect(lambda _i: self.refresh_aggregates())
        if hasattr(parent, "after_first_paint"):
            # In the program the window appears first: the totals are GROUP BY queries over every
            # commune's rows (~0.6 s on 1.2 million awards).
            parent.after_first_paint(self.refresh)
        else:
            self.refresh()

    # -- data ------------------------------------------------------------------------------------
    @property
    def service(self):
        return self.ws.province

    def refresh(self) -> None:
        rows = []
        selected = self.selected_commune()
        self.commune_rows = self.service.communes()
        for c in self.commune_rows:
            rows.append([c.code, c.name, c.fingerprint, c.last_seq or "", format_local_time(c.last_imported_at),
                         format_gaps(c.gaps), status_text(c), revocation_text(c) if c.revoked else ""])
        self.communes.blockSignals(True)
        _fill(self.communes, rows)
        for r, c in enumerate(self.commune_rows):
            if c.official_name:
                self.communes.item(r, 1).setToolTip(f"Tên chính thức: {c.official_name}")
            if c.status == "retired":
                self.communes.item(r, STATUS_COLUMN).setToolTip(
                    "Xã cũ đã hợp nhất: tỉnh từ chối gói của xã này lập sau ngày hợp nhất (không phải thu hồi khóa); "
                    "các gói đã nhập vẫn giữ nguyên.")
            if c.revoked:
                for col in (STATUS_COLUMN, STATUS_COLUMN + 1):
                    item = self.communes.item(r, col)
                    item.setForeground(QBrush(REVOKED_COLOR))
                    item.setToolTip(f"{revoked_status(c)}.\nTỉnh từ chối mọi gói mới của xã này cho đến khi xã đăng "
                                    "ký lại bằng khóa mới; các gói đã nhập vẫn giữ nguyên.")
        self.communes.clearSelection()
        if selected is not None:
            for r, c in enumerate(self.commune_rows):
                if c.code == selected.code:
                    self.communes.selectRow(r)
        self.communes.blockSignals(False)
        self._update_commune_buttons()
        years = self.service.school_years()
        current = self.school_year.currentData()
        self.school_year.blockSignals(True)
        self.school_year.clear()
        self.school_year.addItem("Tất cả năm học", "")
        for y in years:
            self.school_year.addItem(y, y)
        i = self.school_year.findData(current)
        self.school_year.setCurrentIndex(max(i, 0))
        self.school_year.blockSignals(False)
        self.refresh_aggregates()
        self.unit_changes.refresh()

    def refresh_aggregates(self) -> None:
        agg = self.service.aggregates(self.school_year.currentData() or None)
        self.aggregate = agg
        self.totals_label.setText(
            f"{agg.communes} xã — {format_vnd(agg.awards['count'])} lượt khen thưởng, "
            f"{format_vnd(agg.awards['amount'])} đ; "
            f"{format_vnd(agg.classes['count'])} lớp, {format_vnd(agg.classes['learners'])} lượt người học; "
            f"tồn quỹ {format_vnd(agg.fund['balance'])} đ")
        by_commune = agg.by_commune
        if self.group_by.currentData() == "new":
            by_commune = self.service.by_new_commune(by_commune)
        _fill(self.by_commune, [[code, c["name"], c["awards"]["count"], format_vnd(c["awards"]["amount"]),
                                 c["classes"]["count"], c["classes"]["learners"], format_vnd(c["fund"]["receipts"]),
                                 format_vnd(c["fund"]["payments"]), format_vnd(c["fund"]["balance"])]
                                for code, c in by_commune.items()])
        labels = {"by_school_year": "Năm học", "by_category": "Loại", "by_level": "Cấp",
                  "by_funding_source": "Đơn vị phối hợp"}
        _fill(self.by_dimension, [[labels[dim], k, v["count"], format_vnd(v["amount"])]
                                  for dim in labels for k, v in agg.awards[dim].items()])
        _fill(self.by_field, [[k, v["count"], v["learners"], v["women"], v["minority"]]
                              for k, v in agg.classes["by_field"].items()])
        self._fill_learning(agg)

    def _fill_learning(self, agg) -> None:
        year, school_year = agg.learning_models["year"], agg.school_year
        self.learning_label.setText(
            f"Kết quả xây dựng các mô hình học tập năm {year}"
            + (f" (năm học {school_year} kết thúc trong năm này)" if school_year else "")
            + ". Tỷ lệ công nhận = số được công nhận / tổng số trong danh sách; chỉ tiêu theo thiết lập của tỉnh.")
        rows = self.service.learning_rows(agg)
        _fill(self.learning, [[format_vnd(v) if isinstance(v, int) else v for v in (r[k] for _h, k, _kind in
                                                                                     LEARNING_COLUMNS)]
                              for r in rows])
        bold = self.learning.font()
        bold.setBold(True)
        for i, r in enumerate(rows):
            if r["province"]:
                for c in range(self.learning.columnCount()):
                    self.learning.item(i, c).setFont(bold)
            if r["verdict"] == "Chưa đạt":
                self.learning.item(i, len(LEARNING_COLUMNS) - 1).setForeground(QBrush(REVOKED_COLOR))

    def _unit_changes_changed(self) -> None:
        self.refresh()
        self.changed.emit()

    # -- communes and keys -----------------------------------------------------------------------
    def register_commune(self, key_path: str | None = None, code: str | None = None, name: str | None = None) -> bool:
        from ...sync import KeyCard

        key_path = key_path or dialogs.open_file(self, "Chọn tệp khóa công khai của xã", "Tệp khóa (*.khkey)")
        if not key_path:
            return False
        try:
            card = KeyCard.load(key_path)
            code = code or dialogs.ask_text(self, "Mã xã:", "Đăng ký xã", card.code)
            if not code:
                return False
            if name is None:  # an official code: its name on the list is offered ("Tân Dĩnh" of "Xã Tân Dĩnh")
                from ...services import admin_units

                unit = admin_units.commune(code)
                prompt = f"Tên xã (tên chính thức: {unit.name}):" if unit else "Tên xã:"
                name = dialogs.ask_text(self, prompt, "Đăng ký xã", unit.short if unit else card.name) or ""
        except AppError as exc:
            dialogs.error(self, exc.message)
            return False
        if run_op(self, partial(self.service.register_commune, code, name, card)) is None:
            return False
        self.refresh()
        self.changed.emit()
        return True

    def selected_commune(self) -> Commune | None:
        """The commune of the selected row (as `ProvinceService.communes()` gives it), or None."""
        rows = self.communes.selectionModel().selectedRows() if self.communes.selectionModel() else []
        if len(rows) != 1 or not 0 <= rows[0].row() < len(self.commune_rows):
            return None
        return self.commune_rows[rows[0].row()]

    def _update_commune_buttons(self) -> None:
        c = self.selected_commune()
        self.revoke_button.setEnabled(c is not None and not c.revoked)

    def revoke_commune(self, code: str | None = None, reason: str | None = None, confirm: bool = True) -> bool:
        """Revoke the selected commune's signing key (or `code`'s): asks for the reason, then for
        confirmation. Packages already imported stay; new ones are refused until the commune registers
        again with a new key card."""
        if code is None:
            c = self.selected_commune()
            if c is None:
                dialogs.warning(self, "Hãy chọn một xã trong danh sách trước.")
                return False
        else:
            try:
                c = self.service.commune(code)
            except AppError as exc:
                dialogs.error(self, exc.message)
                return False
        label = f"{c.name} (mã {c.code})" if c.name else f"mã {c.code}"
        if c.revoked:
            dialogs.info(self, f"Khóa của xã {label} đã bị thu hồi từ trước.\n{revoked_status(c)}.",
                         "Thu hồi khóa của xã")
            return False
        if reason is None:
            reason = dialogs.ask_text(self, f"Lý do thu hồi khóa của xã {label}\n(ví dụ: máy tính của xã bị mất, "
                                            "khóa bị lộ):", "Thu hồi khóa của xã")
            if reason is None:
                return False
        if not normalize(reason):
            dialogs.warning(self, REVOKE_REASON_MISSING, "Thu hồi khóa của xã")
            return False
        if confirm and not dialogs.ask(
                self, f"Thu hồi khóa ký của xã {label}?\n\n"
                      f"Dấu vân tay khóa: {c.fingerprint.replace('-', NB_HYPHEN)}\nLý do: {normalize(reason)}\n\n"
                      "Từ nay tỉnh sẽ từ chối mọi gói dữ liệu mới của xã này, kể cả gói ký bằng khóa này. "
                      "Các gói đã nhập vẫn giữ nguyên trong số liệu tổng hợp.\n\n"
                      "Muốn nhận lại dữ liệu của xã: xã tạo khóa mới và gửi tệp khóa công khai (.khkey), "
                      "tỉnh đăng ký lại xã bằng nút “Đăng ký xã…”.", "Thu hồi khóa của xã"):
            return False
        if run_op(self, partial(self.service.revoke_commune, c.code, reason)) is None:
            return False
        self.refresh()
        self.changed.emit()
        return True

    def export_card(self, path: str | None = None) -> Path | None:
        path = path or dialogs.save_file(self, "Ghi tệp khóa công khai của tỉnh", "khoa-tinh.khkey", "Tệp khóa (*.khkey)")
        if not path:
            return None
        try:
            return self.service.export_key_card(path)
        except AppError as exc:
            dialogs.error(self, exc.message)
            return None

    def write_ack(self, path: str | None = None, code: str | None = None):
        row = self.communes.currentRow()
        if code is None:
            if row < 0:
                dialogs.warning(self, "Hãy chọn một xã trong danh sách trước.")
                return None
            code = self.communes.item(row, 0).text()
        path = path or dialogs.save_file(self, "Ghi biên nhận cho xã", f"bien-nhan-{code}.khack", "Biên nhận (*.khack)")
        if not path:
            return None
        try:
            return self.service.write_ack(code, path)
        except AppError as exc:
            dialogs.error(self, exc.message)
            return None

    # -- import ----------------------------------------------------------------------------------
    def choose_files(self, paths: list[str] | None = None):
        """Dry-run the chosen files and show the report; "Áp dụng" then imports them for real."""
        paths = paths if paths is not None else dialogs.open_files(
            self, "Chọn các tệp dữ liệu của xã", "Gói đồng bộ (*.khsync);;Tất cả (*)")
        if not paths:
            return None

        def tried(reports) -> None:
            self._show(reports)
            self.pending = [r.file for r in reports if r.status == "dry_run"]
            self.apply_button.setEnabled(bool(self.pending))
            n_rej = sum(len(r.rejected) for r in reports)
            refused = sum(r.status == "refused" for r in reports)
            self.import_status.setText(
                f"Thử nhập {len(reports)} tệp: {len(self.pending)} tệp có thể áp dụng, {refused} tệp bị từ chối, "
                f"{n_rej} dòng bị từ chối. Chưa ghi gì — bấm “Áp dụng” để nhập.")

        return self._import(paths, True, f"Đang kiểm tra {len(paths)} tệp của xã…", tried)

    def apply(self):
        if not self.pending:
            return None

        def applied(reports) -> None:
            self.pending = []
            self.apply_button.setEnabled(False)
            self._show(reports)
            done = sum(r.status == "applied" for r in reports)
            self.import_status.setText(f"Đã nhập {done}/{len(reports)} tệp.")
            self.refresh()
            self.changed.emit()

        return self._import(self.pending, False, f"Đang nhập {len(self.pending)} tệp của xã…", applied)

    def _import(self, paths, dry_run: bool, label: str, on_done):
        """import_files on a worker thread (200 packages take ~40 s); "Dừng" imports none of the batch."""
        self.apply_button.setEnabled(False)
        keep = bool(self.pending) and not dry_run

        def stopped() -> None:
            self.apply_button.setEnabled(keep)
            self.import_status.setText("Đã dừng; chưa nhập tệp nào.")

        def failed(exc) -> None:
            stopped()
            dialogs.error(self, exc.message, "Không nhập được")

        self.operation = run_long_op(
            self, self.ws, lambda progress: self.service.import_files(paths, dry_run=dry_run, progress=progress),
            label, on_done=on_done, on_cancelled=stopped, on_error=failed)
        return self.operation

    def _show(self, reports) -> None:
        self.last_reports = reports
        _fill(self.report, [[Path(r.file).name, f"{r.commune_name} ({r.commune_code})" if r.commune_code else "",
                             r.seq or "", IMPORT_STATUS_LABELS.get(r.status, r.status), r.created, r.updated, r.unchanged,
                             r.deleted, r.stale, len(r.rejected)] for r in reports])
        _fill(self.rejected, [[Path(r.file).name, x.line, x.table, x.uuid, x.reason]
                              for r in reports for x in r.rejected])
        lines = []
        for r in reports:
            if r.status in ("refused", "already"):
                lines.append(f"{Path(r.file).name}: {r.message}")
            lines += [f"{Path(r.file).name}: {w}" for w in r.warnings]
        self.warnings.setPlainText("\n".join(lines))

    # -- exports ---------------------------------------------------------------------------------
    def export_xlsx(self, path: str | None = None) -> Path | None:
        path = path or dialogs.save_file(self, "Xuất Excel", "tong-hop-tinh.xlsx", "Excel (*.xlsx)")
        if not path:
            return None
        try:
            return self.service.export_xlsx(path, self.school_year.currentData() or None, self.group_by.currentData())
        except AppError as exc:
            dialogs.error(self, exc.message)
            return None

    def export_pdf(self, path: str | None = None) -> Path | None:
        path = path or dialogs.save_file(self, "Xuất PDF", "tong-hop-tinh.pdf", "PDF (*.pdf)")
        if not path:
            return None
        try:
            return self.service.export_pdf(path, self.school_year.currentData() or None, self.group_by.currentData())
        except (AppError, OSError) as exc:
            dialogs.error(self, getattr(exc, "message", str(exc)))
            return None

    def export_national(self, path: str | None = None, detail: bool | None = None):
        """The signed package of the province's figures for Trung ương (.khprov), on a worker thread: every
        school year's summary is computed for it. Each package gets the next number."""
        if not self._ensure_province_code():
            return None
        path = path or dialogs.save_file(self, "Ghi gói số liệu gửi Trung ương", "so-lieu-tinh.khprov",
                                         "Gói số liệu của tỉnh (*.khprov)")
        if not path:
            return None
        detail = self.national_detail.isChecked() if detail is None else detail
        from ...services.national.export import export_national

        def done(info) -> None:
            periods = ", ".join(p or "mọi ngày" for p in info.periods)
            dialogs.info(self, f"Đã ghi gói số liệu số {info.seq} của tỉnh mã {info.province_code}: "
                               f"{format_vnd(info.communes)} xã, các kỳ: {periods}"
                               + (", kèm chi tiết" if info.detail else "") + f".\n\n{info.path}\n\n"
                               "Gửi tệp này cho Trung ương Hội (Trung ương nhập bằng “Nhập gói của tỉnh…”).",
                         "Xuất gói gửi trung ương")

        self.operation = run_long_op(
            self, self.ws, lambda _progress: export_national(self.ws, path, detail=detail),
            "Đang ghi gói số liệu gửi Trung ương…", on_done=done,
            on_error=lambda exc: dialogs.error(self, exc.message, "Không ghi được gói"))
        return self.operation

    def _ensure_province_code(self) -> bool:
        """The package names the province by its code: asked once here when the file has none yet."""
        profile = self.service.profile()
        if profile.code:
            return True
        code = dialogs.ask_text(self, "Mã tỉnh (theo danh mục đơn vị hành chính, ví dụ 24):",
                                "Xuất gói gửi trung ương")
        if not code or not code.strip():
            return False
        name = dialogs.ask_text(self, "Tên tỉnh:", "Xuất gói gửi trung ương", profile.name or "")
        if name is None:
            return False
        run_op(self, partial(self.service.set_profile, code, name))  # returns None: read the code back
        return bool(self.service.profile().code)
