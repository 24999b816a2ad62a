"""Nhập từ Excel: choose a workbook, check the column mapping, see every row's status, then import.

Nothing is written until "Nhập N dòng hợp lệ" is pressed; the import runs in one transaction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QSpinBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..layout import FlowLayout, StackingSplitter, fit_combo, flow_row
from ..list_view import labelled
from ...domain.errors import AppError
from ...domain.kinds import exchange_specs
from ...excel import ColumnMapping, fields_for
from ...vietnamese import format_date, format_vnd
from .. import dialogs
from ..operations import run_long_op

KIND_CHOICES = [(kind, spec.exchange_label) for kind, spec in exchange_specs().items()]
IGNORE = "(Không nhập)"
STATUS_COLORS = {"ok": QColor("#d8f0d8"), "warning": QColor("#fff1c2"), "error": QColor("#f8d0d0")}
UNKNOWN_COLOR = QColor("#ffe0b0")
PREVIEW_LIMIT = 2000  # rows shown in the table; counts and the import always cover every row


def _shown(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return format_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_vnd(value) if value >= 10_000 else str(value)
    return str(value)


class ExcelPage(QWidget):
    title = "Nhập từ Excel"
    changed = Signal()

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.path: str | None = None
        self.preview = None
        self._loading = False

        # -- source bar
        self.file_label = QLineEdit()
        self.file_label.setReadOnly(True)
        self.file_label.setPlaceholderText("Chưa chọn tệp")
        self.choose_button = QPushButton("Chọn tệp Excel…")
        self.kind_combo = QComboBox()
        for key, label in KIND_CHOICES:
            self.kind_combo.addItem(label, key)
        fit_combo(self.kind_combo, 16)
        self.sheet_combo = fit_combo(QComboBox(), 12)
        self.year_combo = QComboBox()
        self.year_combo.setEditable(True)
        fit_combo(self.year_combo, 9)
        self.year_label = QLabel("Năm học:")
        self.class_combo = fit_combo(QComboBox(), 20)
        self.class_label = QLabel("Lớp:")
        self.citizen_year = QSpinBox()  # the year of a Công dân học tập list
        self.citizen_year.setObjectName("citizen_year")
        self.citizen_year.setRange(1990, 2200)
        self.citizen_year.setValue(ws.clock.today().year)
        self.citizen_year_label = QLabel("Năm:")
        # Both rows wrap on a narrow page (a long file name or sheet name never widens it).
        top = FlowLayout()
        top.addWidget(labelled("Tệp", self.file_label), 1)
        top.addWidget(self.choose_button)
        second = FlowLayout()
        second.addWidget(labelled("Loại dữ liệu", self.kind_combo))
        second.addWidget(labelled("Trang tính", self.sheet_combo), 1)
        for label, combo in ((self.year_label, self.year_combo), (self.class_label, self.class_combo),
                             (self.citizen_year_label, self.citizen_year)):
            pair = QWidget()  # the label stays with its box on a wrapped line; both hide for other kinds
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label)
            row.addWidget(combo, 1)
            second.addWidget(pair, 1)

        # -- mapping table
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setObjectName("mapping_table")
        self.mapping_table.setHorizontalHeaderLabels(["Cột", "Tiêu đề trong tệp", "Nhập vào trường"])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        mapping_box = QGroupBox("Ghép cột (cột tô cam: chưa nhận ra)")
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.addWidget(self.mapping_table)
        self.messages = QLabel("")
        self.messages.setWordWrap(True)
        self.messages.setObjectName("messages")
        self.messages.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        mapping_layout.addWidget(self.messages)

        # -- preview table
        self.preview_table = QTableWidget(0, 0)
        self.preview_table.setObjectName("preview_table")
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.verticalHeader().setVisible(False)
        self.preview_table.setWordWrap(False)
        self.only_problems = QCheckBox("Chỉ hiện dòng có lỗi / cảnh báo")
        self.counts_label = QLabel("")
        self.counts_label.setObjectName("counts")
        self.counts_label.setStyleSheet("font-weight: bold; padding: 4px;")
        preview_box = QGroupBox("Xem trước")
        preview_layout = QVBoxLayout(preview_box)
        self.counts_label.setWordWrap(True)
        preview_layout.addWidget(self.counts_label)
        preview_layout.addLayout(flow_row([self.only_problems]))
        preview_layout.addWidget(self.preview_table)

        splitter = StackingSplitter()
        splitter.setObjectName("excel_splitter")
        splitter.addWidget(mapping_box)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([380, 1000])

        # -- actions
        self.include_warnings = QCheckBox("Nhập cả dòng có cảnh báo")
        self.include_warnings.setChecked(True)
        self.import_button = QPushButton("Nhập 0 dòng hợp lệ")
        self.import_button.setObjectName("import_button")
        self.import_button.setEnabled(False)
        self.import_button.setStyleSheet("font-weight: bold; padding: 6px 14px;")
        self.result_label = QLabel("")
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        actions = flow_row([self.result_label], [self.include_warnings, self.import_button],
                           stretch={id(self.result_label): 1})

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

        self.choose_button.clicked.connect(self.choose_file)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.sheet_combo.currentIndexChanged.connect(lambda _i: self._reload(keep_mapping=False))
        self.year_combo.currentTextChanged.connect(lambda _t: self._year_changed())
        self.citizen_year.valueChanged.connect(lambda _v: self.kind == "citizens" and self._reload())
        self.include_warnings.toggled.connect(lambda _c: self._update_button())
        self.only_problems.toggled.connect(lambda _c: self._fill_preview())
        self.import_button.clicked.connect(lambda: self.import_rows())

        self._fill_years()
        self._kind_changed(reload=False)

    # -- choices -----------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(next(i for i, (k, _) in enumerate(KIND_CHOICES) if k == kind))

    def school_year(self) -> str:
        return self.year_combo.currentText().strip()

    def _fill_years(self) -> None:
        years = self.ws.catalogs.names("school_year")[::-1]
        current = self.ws.excel.default_school_year()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItems(years)
        self.year_combo.setCurrentText(current if current in years or not years else current)
        self.year_combo.blockSignals(False)

    def _fill_classes(self) -> None:
        from ...domain.classes import ClassFilter

        self.class_combo.clear()
        for c in self.ws.classes.fetch(self.ws.classes.uuids(ClassFilter())):
            self.class_combo.addItem(f"{c.name} ({c.dates_text})" if c.dates_text else c.name, c.uuid)

    def _kind_changed(self, reload: bool = True) -> None:
        awards, learners = self.kind == "awards", self.kind == "learners"
        self.year_label.setVisible(awards)
        self.year_combo.setVisible(awards)
        self.citizen_year_label.setVisible(self.kind == "citizens")
        self.citizen_year.setVisible(self.kind == "citizens")
        self.class_label.setVisible(learners)
        self.class_combo.setVisible(learners)
        if learners:
            self._fill_classes()
        if reload:
            self._reload(keep_mapping=False)

    def _year_changed(self) -> None:
        if self.kind == "awards":
            self._reload()

    # -- loading -----------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path = dialogs.open_file(self, "Chọn tệp Excel cần nhập", "Bảng tính (*.xlsx *.xlsm *.xls *.ods);;Tất cả (*)")
        if path:
            self.load(path)

    def load(self, path: str, kind: str | None = None) -> bool:
        """Read `path` and show its preview (the file dialog calls this; tests call it directly)."""
        if kind is not None and kind != self.kind:
            self.kind_combo.blockSignals(True)
            self.set_kind(kind)
            self.kind_combo.blockSignals(False)
            self._kind_changed(reload=False)
        self.path = str(path)
        self.file_label.setText(self.path)
        self.result_label.setText("")
        return self._reload(keep_mapping=False, sheet_from_combo=False)

    def _reload(self, keep_mapping: bool = True, sheet_from_combo: bool = True, mapping=None) -> bool:
        if self._loading or not self.path:
            return False
        sheet = self.sheet_combo.currentText() if sheet_from_combo and self.sheet_combo.count() else None
        if mapping is None and keep_mapping and self.preview is not None:
            mapping = self.preview.mapping
        try:
            pv = self.ws.excel.preview(self.path, self.kind, mapping=mapping, sheet=sheet,
                                       school_year=self.school_year() or None, year=self.citizen_year.value())
        except AppError as exc:
            self.preview = None
            self._clear()
            self.messages.setText(exc.message)
            dialogs.error(self, exc.message, "Không đọc được tệp")
            return False
        self.preview = pv
        self._loading = True
        try:
            self.sheet_combo.clear()
            self.sheet_combo.addItems(pv.sheet_names)
            self.sheet_combo.setCurrentText(pv.sheet_name)
        finally:
            self._loading = False
        self._fill_mapping()
        self._fill_preview()
        return True

    def _clear(self) -> None:
        self.mapping_table.setRowCount(0)
        self.preview_table.setRowCount(0)
        self.preview_table.setColumnCount(0)
        self.counts_label.setText("")
        self._update_button()

    # -- mapping -----------------------------------------------------------------------------------
    def _fill_mapping(self) -> None:
        pv = self.preview
        specs = [s for s in fields_for(pv.kind)]
        self.mapping_table.setRowCount(0)
        self.mapping_table.setRowCount(len(pv.columns))
        self.field_combos: list[QComboBox] = []
        for row, col in enumerate(pv.columns):
            letter = QTableWidgetItem(col.letter)
            header = QTableWidgetItem(col.header or "(trống)")
            header.setToolTip(col.header)
            combo = QComboBox()
            combo.addItem(IGNORE, None)
            for s in specs:
                combo.addItem(s.label, s.name)
            index = combo.findData(col.field) if col.field else 0
            combo.setCurrentIndex(max(index, 0))
            combo.setProperty("header_key", col.key)
            if col.header and col.field is None:
                for item in (letter, header):
                    item.setBackground(QBrush(UNKNOWN_COLOR))
                    item.setToolTip("Chưa nhận ra cột này: chọn trường cần nhập, hoặc để “Không nhập”.")
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            self.mapping_table.setItem(row, 0, letter)
            self.mapping_table.setItem(row, 1, header)
            self.mapping_table.setCellWidget(row, 2, combo)
            self.field_combos.append(combo)
        notes = list(pv.messages)
        self.messages.setText("\n".join(f"• {m}" for m in notes[:12]) + ("\n…" if len(notes) > 12 else ""))

    def current_mapping(self) -> ColumnMapping:
        data = {}
        for combo in getattr(self, "field_combos", []):
            key = combo.property("header_key")
            if key:
                data[key] = combo.currentData()
        return ColumnMapping(data)

    def set_column_field(self, header: str, field: str | None) -> None:
        """Choose the field of the column whose header is `header` (as the combo would)."""
        for row, col in enumerate(self.preview.columns):
            if col.header == header:
                combo = self.field_combos[row]
                combo.setCurrentIndex(max(combo.findData(field), 0) if field else 0)
                return
        raise KeyError(header)

    def _mapping_changed(self) -> None:
        self._reload(mapping=self.current_mapping())

    # -- preview -----------------------------------------------------------------------------------
    def _fill_preview(self) -> None:
        pv = self.preview
        if pv is None:
            return
        labels = {s.name: s.label for s in fields_for(pv.kind)}
        shown_fields: list[str] = []
        for c in pv.columns:
            if c.field and c.field not in shown_fields and c.field not in ("stt", "signature"):
                shown_fields.append(c.field)
        # values the reader derives under other names
        view_fields: list[tuple[str, str]] = []
        for f in shown_fields:
            if f in ("family_name", "middle_name", "given_name", "family_middle"):
                if ("full_name", "Họ và tên") not in view_fields:
                    view_fields.append(("full_name", "Họ và tên"))
            elif f == "birth":
                view_fields.append(("birth", labels.get(f, f)))
            elif f in ("income", "expense"):
                if ("amount", "Số tiền") not in view_fields:
                    view_fields.append(("amount", "Số tiền"))
            elif f == "balance":
                continue
            else:
                view_fields.append((f, labels.get(f, f)))
        rows = [r for r in pv.rows if not self.only_problems.isChecked() or r.errors or r.warnings]
        shown = rows[:PREVIEW_LIMIT]
        table = self.preview_table
        table.setUpdatesEnabled(False)
        table.clear()
        table.setColumnCount(2 + len(view_fields))
        table.setHorizontalHeaderLabels(["Dòng", "Tình trạng"] + [label for _, label in view_fields])
        table.setRowCount(len(shown))
        for i, r in enumerate(shown):
            if r.errors:
                status, text, reason = "error", "Lỗi", "; ".join(_strip(r.errors))
            elif r.warnings:
                status, text, reason = "warning", "Cảnh báo", "; ".join(_strip(r.warnings))
            else:
                status, text, reason = "ok", "Hợp lệ", ""
            brush = QBrush(STATUS_COLORS[status])
            number = QTableWidgetItem(str(r.row_number))
            state = QTableWidgetItem(f"{text}: {reason}" if reason else text)
            state.setToolTip("\n".join(r.errors + r.warnings))
            number.setBackground(brush)
            state.setBackground(brush)
            table.setItem(i, 0, number)
            table.setItem(i, 1, state)
            for j, (f, _) in enumerate(view_fields, start=2):
                if f == "birth":
                    value = r.values.get("birth_date") or r.values.get("birth_year")
                else:
                    value = r.values.get(f)
                item = QTableWidgetItem(_shown(value))
                if f in r.merged_fields:  # filled down from a merged cell: shown, so the user checks it
                    item.setBackground(QBrush(STATUS_COLORS["warning"]))
                    item.setToolTip("Giá trị lấy từ ô gộp ở dòng trên")
                table.setItem(i, j, item)
        table.resizeColumnsToContents()
        if table.columnWidth(1) > 420:
            table.setColumnWidth(1, 420)
        for j in range(2, table.columnCount()):
            table.setColumnWidth(j, min(table.columnWidth(j), 240))
        table.setUpdatesEnabled(True)
        c = pv.counts
        with_warnings = sum(1 for r in pv.rows if r.ok and r.warnings)
        text = (f"{c['rows']} dòng: {c['valid']} hợp lệ (trong đó {with_warnings} có cảnh báo), "
                f"{c['errors']} lỗi — trang “{pv.sheet_name}”, tiêu đề ở dòng {pv.header_row}")
        if len(rows) > PREVIEW_LIMIT:
            text += f" (hiện {PREVIEW_LIMIT} dòng đầu)"
        self.counts_label.setText(text)
        self._update_button()

    def importable_count(self) -> int:
        pv = self.preview
        if pv is None:
            return 0
        if pv.kind == "citizens":  # a list of people goes in whole or not at all
            return 0 if pv.error_rows else len(pv.rows)
        return sum(1 for r in pv.rows if r.ok and (self.include_warnings.isChecked() or not r.warnings))

    def _update_button(self) -> None:
        n = self.importable_count()
        self.import_button.setText(f"Nhập {n} dòng hợp lệ")
        self.import_button.setEnabled(n > 0)

    # -- import ------------------------------------------------------------------------------------
    def import_rows(self, confirm: bool = True):
        pv = self.preview
        n = self.importable_count()
        if pv is None or n == 0:
            return None
        class_uuid = None
        if pv.kind == "learners":
            class_uuid = self.class_combo.currentData()
            if not class_uuid:
                dialogs.warning(self, "Hãy chọn lớp học / chuyên đề để gắn danh sách học viên.")
                return None
        if confirm and not dialogs.ask(self, f"Nhập {n} dòng từ tệp vào dữ liệu?\nCác dòng lỗi sẽ bị bỏ qua.",
                                       "Xác nhận nhập", default_yes=True):
            return None
        school_year = self.school_year() or None
        citizen_year = self.citizen_year.value() if pv.kind == "citizens" else None
        include_warnings = self.include_warnings.isChecked()
        self.import_button.setEnabled(False)  # one import at a time
        self.operation = run_long_op(
            self, self.ws,
            lambda progress: self.ws.excel.commit(pv, school_year=school_year, include_warnings=include_warnings,
                                                  class_uuid=class_uuid, year=citizen_year, progress=progress),
            f"Đang nhập {n} dòng từ tệp Excel…",
            on_done=self._imported, on_error=self._import_failed, on_cancelled=self._import_cancelled)
        return self.operation

    def _imported(self, result) -> None:
        self.result_label.setText(result.message)
        self.result_label.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.preview = None
        self.import_button.setEnabled(False)
        self.import_button.setText("Đã nhập")
        self.changed.emit()

    def _import_failed(self, exc: AppError) -> None:
        self.result_label.setText(f"Không nhập được: {exc.message}")
        self._update_button()
        dialogs.error(self, exc.message, "Không nhập được")

    def _import_cancelled(self) -> None:
        self.result_label.setText("Đã dừng: chưa nhập dòng nào (có thể bấm nhập lại).")
        self.result_label.setStyleSheet("")
        self._update_button()

    def on_activated(self) -> None:
        self._fill_years()
        if self.kind == "learners":
            self._fill_classes()


def _strip(messages: list[str]) -> list[str]:
    """Messages without their "Dòng N: " prefix (the row number has its own column)."""
    out = []
    for m in messages:
        head, sep, rest = m.partition(": ")
        out.append(rest if sep and head.startswith("Dòng ") else m)
    return out
