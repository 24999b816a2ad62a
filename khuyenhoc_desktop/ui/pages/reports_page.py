"""Báo cáo: choose the period (năm / 6 tháng đầu năm), preview the indicators as a table, export the
report as PDF (Nghị định 30 format) or Excel."""

from __future__ import annotations


from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from ..layout import fit_combo, flow_row
from ..list_view import labelled
from ...domain.errors import AppError
from ...services.reporting import make_period, period_report, write_report_xlsx
from ...vietnamese import format_vnd
from ..fonts import emphasize
from .. import dialogs
from ..page_changes import PageChanges

KINDS = [("Cả năm (tổng kết)", 0), ("6 tháng đầu năm (sơ kết)", 1)]


def _pct(c) -> str:
    if c.percent is None:
        return "-"
    return "0%" if c.change == 0 else f"{c.percent:+.1f}%".replace(".", ",")


class ReportsPage(QWidget, PageChanges):
    shows = frozenset({"award", "voucher", "fund_opening", "bank_account", "learning_class", "class_learner", "meeting"})

    def __init__(self, ws, main_window=None) -> None:
        super().__init__()
        self.ws = ws
        self.main_window = main_window
        self.report = None
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ws.clock.today().year)
        self.kind = QComboBox()
        for text, half in KINDS:
            self.kind.addItem(text, half)
        fit_combo(self.kind, 14)
        self.pdf_button = QPushButton("Xuất PDF…")
        self.xlsx_button = QPushButton("Xuất Excel…")
        top = flow_row([labelled("Năm", self.year), labelled("Kỳ báo cáo", self.kind)],
                       [self.pdf_button, self.xlsx_button])
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("color: #1f5fa8;")
        emphasize(self.title, 1.27, bold=True)
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.year.valueChanged.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.refresh()

    def on_activated(self) -> None:
        self._pending = None  # re-read in full below
        self.refresh()

    def refresh_for(self, changes) -> None:
        self.refresh()

    def period(self):
        return make_period(self.year.value(), self.kind.currentData() or 0)

    def set_period(self, year: int, half: int = 0) -> None:
        self.year.blockSignals(True)
        self.year.setValue(year)
        self.year.blockSignals(False)
        self.kind.setCurrentIndex(next(i for i, (_t, h) in enumerate(KINDS) if h == half))
        self.refresh()

    def refresh(self) -> None:
        r = period_report(self.ws, self.period())
        self.report = r
        self.title.setText(f"BÁO CÁO {r.period.title.upper()}")
        rows: list[list[str]] = []
        for section, label, unit, c in r.indicators():
            rows.append([section, label, unit, format_vnd(c.value), format_vnd(c.previous),
                         f"{'+' if c.change > 0 else ''}{format_vnd(c.change)}", _pct(c)])
        for g in r.awards_by_category:
            rows.append(["Khen thưởng theo loại", g.name, "đồng", format_vnd(g.amount.value),
                         format_vnd(g.amount.previous), f"{'+' if g.amount.change > 0 else ''}{format_vnd(g.amount.change)}",
                         _pct(g.amount)])
        for g in r.classes_by_field:
            rows.append(["Lớp học theo lĩnh vực", g.name, "lớp", format_vnd(g.count.value), format_vnd(g.count.previous),
                         f"{'+' if g.count.change > 0 else ''}{format_vnd(g.count.change)}", _pct(g.count)])
        heads = ["Nhóm", "Chỉ tiêu", "Đơn vị", r.period.short_label, r.previous_period.short_label, "Tăng/giảm", "Tỷ lệ"]
        self.table.clear()
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows))
        # Every column as wide as its text (a stretched "Chỉ tiêu" was squeezed to "S…" at large zoom);
        # a narrow window scrolls sideways instead.
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                item = QTableWidgetItem(text)
                if j >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)

    def _suggested(self, ext: str) -> str:
        return f"bao-cao-{self.period().code}.{ext}"

    def export_pdf(self, path: str | None = None) -> str | None:
        path = path or dialogs.save_file(self, "Xuất báo cáo PDF", self._suggested("pdf"), "Tệp PDF (*.pdf)")
        if not path:
            return None
        from ...pdf.report import render_report

        try:
            render_report(self.report or period_report(self.ws, self.period()), self.ws.organisation,
                          when=self.ws.clock.today(), out=path)
        except (AppError, OSError) as exc:
            dialogs.error(self, getattr(exc, "message", str(exc)))
            return None
        return path

    def export_xlsx(self, path: str | None = None) -> str | None:
        path = path or dialogs.save_file(self, "Xuất báo cáo Excel", self._suggested("xlsx"), "Tệp Excel (*.xlsx)")
        if not path:
            return None
        try:
            write_report_xlsx(self.report or period_report(self.ws, self.period()), self.ws.organisation, path)
        except (AppError, OSError) as exc:
            dialogs.error(self, getattr(exc, "message", str(exc)))
            return None
        return path
