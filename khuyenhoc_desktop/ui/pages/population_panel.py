"""The "Dân số" tab of the member page: a year's dân số, số hộ and số người từ 18 tuổi per thôn and for the
whole commune, typed in the table or read from an Excel sheet, then saved in one step; the members' share
of the population under it. The rules are in services/population.py."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...domain.errors import AppError, FieldError, ValidationError
from ...domain.population import WHOLE_COMMUNE, WHOLE_LABEL, PopulationLine, percent_of, total_of
from ...vietnamese import format_vnd, normalize
from ..forms.fields import make_status_line
from ..layout import flow_row
from ..list_view import labelled, make_footer
from ..operations import run_op
from ..page_changes import ReadWhenShown

HEADERS = ("Thôn", "Dân số", "Số hộ", "Số người từ 18 tuổi")
_KEYS = ("population", "households", "adults")


class PopulationPanel(ReadWhenShown, QWidget):
    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.year = QSpinBox()
        self.year.setObjectName("population_year")
        self.year.setRange(1990, 2200)
        self.year.setValue(ws.clock.today().year)
        self.year.valueChanged.connect(lambda *_: self.reload())
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("population_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.save_button = QPushButton("Lưu số liệu năm")
        self.save_button.setObjectName("population_save")
        self.save_button.clicked.connect(lambda: self.save())
        self.import_button = QPushButton("Nhập từ Excel…")
        self.import_button.clicked.connect(lambda: self.import_excel())
        self.status_line = make_status_line("population_status")
        self.footer = make_footer()
        self.footer.setObjectName("population_figures")
        layout = QVBoxLayout(self)
        layout.addLayout(flow_row([labelled("Năm", self.year), self.save_button, self.import_button]))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_line)
        layout.addWidget(self.footer)

    def reload(self) -> None:
        self._stale = False
        figures = {line.village: line for line in self.ws.population.year(self.year.value()).lines}
        self.fill(figures)

    def fill(self, figures: dict[str, PopulationLine]) -> None:
        villages = list(dict.fromkeys(self.ws.catalogs.names("village") + [v for v in figures if v]))
        rows = villages + [WHOLE_COMMUNE]
        self.table.setRowCount(len(rows))
        for row, village in enumerate(rows):
            name = QTableWidgetItem(village or WHOLE_LABEL + " (nếu chỉ biết tổng)")
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            name.setData(Qt.ItemDataRole.UserRole, village)
            self.table.setItem(row, 0, name)
            line = figures.get(village)
            for col, key in enumerate(_KEYS, 1):
                value = getattr(line, key) if line else 0
                item = QTableWidgetItem(format_vnd(value) if value else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self._show_figures(list(figures.values()))

    def read_lines(self) -> list[PopulationLine]:
        lines, problems = [], []
        for row in range(self.table.rowCount()):
            village = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            values = {}
            for col, key in enumerate(_KEYS, 1):
                text = normalize(self.table.item(row, col).text() if self.table.item(row, col) else "")
                digits = text.replace(".", "").replace(" ", "")
                if text and not digits.isdigit():
                    problems.append(FieldError(key, f"{village or WHOLE_LABEL}: “{text}” không phải là số."))
                values[key] = int(digits) if digits.isdigit() else 0
            lines.append(PopulationLine(village, **values))
        if problems:
            raise ValidationError(problems)
        return lines

    def save(self) -> bool:
        try:
            lines = self.read_lines()
        except ValidationError as exc:
            self.status_line.setText(exc.message)
            return False
        year = self.year.value()
        if run_op(self, partial(self.ws.population.save_year, year, lines), on_error=self._error) is None:
            return False
        self.status_line.setText(f"Đã lưu số liệu dân số năm {year}.")
        self.reload()
        return True

    def import_excel(self, path: str | None = None) -> bool:
        """Fill the table from a sheet; nothing is saved until "Lưu số liệu năm"."""
        from .. import dialogs

        path = path or dialogs.open_file(self, "Chọn bảng số liệu dân số", "Bảng tính (*.xlsx *.xls *.ods)")
        if not path:
            return False
        try:
            lines = self.ws.population.read_excel(path)
        except AppError as exc:
            self.status_line.setText(exc.message)
            return False
        self.fill({line.village: line for line in lines})
        self.status_line.setText(f"Đã đọc {len(lines)} dòng từ tệp; kiểm tra rồi bấm “Lưu số liệu năm”.")
        return True

    def _show_figures(self, lines: list[PopulationLine]) -> None:
        year = self.year.value()
        total = total_of(lines)
        members = self.ws.population.members_in(year)
        share = percent_of(members, total.population)
        text = (f"Năm {year}: dân số {format_vnd(total.population)}, {format_vnd(total.households)} hộ, "
                f"{format_vnd(total.adults)} người từ 18 tuổi; hội viên đang sinh hoạt {format_vnd(members)}")
        if share is not None:
            text += f" = {share:.2f}% dân số".replace(".", ",")
            adults = percent_of(members, total.adults)
            if adults is not None:
                text += f", {adults:.2f}% người từ 18 tuổi".replace(".", ",")
        self.footer.setText(text + ".")

    def _error(self, exc) -> None:
        self.status_line.setText(exc.message)

    def refresh_for(self, changes) -> None:
        if changes.touches("population") or changes.touches("member") or changes.touches("catalog_item"):
            self.reload_when_shown()
