"""The "Hội phí" tab of the member page: the collection list of a year (by chi hội, unpaid only), ticking
members and collecting them on one phiếu thu, sending the share upward on a phiếu chi, printing the signing
list and the unpaid list; the rates and shares (settings, set once a year) in a window of their own, so the
list keeps the tab's width on a small screen. The rules are in services/dues.py."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGroupBox, QLineEdit, QPushButton,
    QSpinBox,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.dues import DuesFilter, DuesRate, UpwardLevel
from ...domain.errors import FieldError, ValidationError
from ...storage.files import atomic_write
from ...vietnamese import fold, format_date, format_vnd, normalize, os_error_text
from ..forms.fields import DateEdit, MoneyEdit, make_status_line
from ..layout import fit_combo, flow_row, scroll_panel, wrapped_label
from ..page_changes import ReadWhenShown
from ..list_view import labelled, make_footer
from ..operations import run_op

HEADERS = ("Chọn", "Mã", "Họ và tên", "Năm sinh", "Thôn", "Chi hội/ban", "Đối tượng", "Phải nộp", "Đã nộp")
ALL_UNITS = "Tất cả chi hội/ban"


class DuesPanel(ReadWhenShown, QWidget):
    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.lines = []
        self._unit_by_name: dict[str, str] = {}
        today = ws.clock.today()

        self.year = QSpinBox()
        self.year.setObjectName("dues_year")
        self.year.setRange(1990, 2200)
        self.year.setValue(today.year)
        self.unit = QComboBox()
        self.unit.setObjectName("dues_unit")
        self.unpaid_only = QCheckBox("Chỉ người chưa nộp")
        self.unpaid_only.setObjectName("dues_unpaid_only")
        self.search = QLineEdit()
        self.search.setObjectName("dues_search")
        self.search.setPlaceholderText("Tìm họ tên, mã — gõ không dấu cũng được")
        for signal in (self.year.valueChanged, self.unit.currentIndexChanged, self.unpaid_only.toggled):
            signal.connect(lambda *_: self.reload())
        self.search.returnPressed.connect(self.reload)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("dues_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(lambda *_: self._show_selection())

        self.select_unpaid = QPushButton("Chọn người chưa nộp")
        self.select_unpaid.clicked.connect(self.tick_unpaid)
        self.clear_button = QPushButton("Bỏ chọn")
        self.clear_button.clicked.connect(lambda: self.tick([]))
        self.collect_on = DateEdit()
        self.collect_on.setObjectName("collect_on")
        self.collect_on.set_value(today)
        self.person = QLineEdit()
        self.person.setObjectName("collect_person")
        self.person.setPlaceholderText("chi hội trưởng")
        self.collect_button = QPushButton("Thu hội phí")
        self.collect_button.setObjectName("collect_button")
        self.collect_button.clicked.connect(lambda: self.collect())
        self.print_list = QPushButton("In danh sách thu…")
        self.print_list.clicked.connect(lambda: self.print_signing_list())
        self.print_unpaid = QPushButton("In danh sách chưa nộp…")
        self.print_unpaid.clicked.connect(lambda: self.print_signing_list(unpaid=True))

        self.level = QComboBox()
        self.level.setObjectName("submit_level")
        fit_combo(self.level, 18)
        self.level.currentIndexChanged.connect(lambda *_: self._suggest_share())
        self.share = MoneyEdit()
        self.share.setObjectName("submit_amount")
        self.submit_button = QPushButton("Lập phiếu chi")
        self.submit_button.setObjectName("submit_button")
        self.submit_button.clicked.connect(lambda: self.submit())

        self.status_line = make_status_line("dues_status")
        self.footer = make_footer()
        self.footer.setObjectName("dues_figures")

        self.settings_button = QPushButton("Mức hội phí, tỷ lệ nộp…")
        self.settings_button.setObjectName("dues_settings_button")
        self.settings_button.clicked.connect(lambda: self.show_settings())

        col = QVBoxLayout(self)
        col.addLayout(flow_row([labelled("Năm", self.year), labelled("Chi hội", self.unit), self.unpaid_only,
                                self.search], [self.settings_button]))
        col.addWidget(self.table, 1)
        col.addLayout(flow_row([self.select_unpaid, self.clear_button, labelled("Ngày thu", self.collect_on),
                                labelled("Người nộp", self.person), self.collect_button]))
        col.addLayout(flow_row([labelled("Nộp về", self.level), labelled("Số tiền", self.share), self.submit_button],
                               [self.print_list, self.print_unpaid]))
        col.addWidget(self.status_line)
        col.addWidget(self.footer)

        self.settings_dialog = QDialog(self)
        self.settings_dialog.setWindowTitle("Mức hội phí và tỷ lệ nộp cấp trên")
        self.settings = DuesSettingsBox(ws, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.settings_dialog.reject)
        box = QVBoxLayout(self.settings_dialog)
        box.addWidget(scroll_panel(self.settings), 1)
        box.addWidget(close)
        self.reload_units(first=True)

    def show_settings(self) -> None:
        """The rates of the year shown and the shares upward, in their own window (not modal: the list stays
        usable beside it)."""
        self.settings.reload()
        dialog = self.settings_dialog
        screen = self.screen().availableGeometry()
        dialog.resize(min(460, screen.width() - 40), min(620, screen.height() - 80))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    # -- reading -------------------------------------------------------------------------------
    def current_filter(self) -> DuesFilter:
        return DuesFilter(self.year.value(), self._unit_by_name.get(self.unit.currentText(), ""),
                          unpaid_only=self.unpaid_only.isChecked(), search=self.search.text())

    def reload_units(self, first: bool = False) -> None:
        # chi hội first, each kind by its name without diacritics ("Đông" before "Tây")
        units = sorted(self.ws.units.list(), key=lambda u: (u.kind != "chi_hoi", fold(u.name)))
        self._unit_by_name = {u.name: u.uuid for u in units}
        # First the first chi hội: collecting goes by chi hội, and the whole register is a long list.
        current = units[0].name if first and units else self.unit.currentText()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItems([ALL_UNITS] + [u.name for u in units])
        self.unit.setCurrentText(current or ALL_UNITS)
        self.unit.blockSignals(False)

    def reload(self) -> None:
        self._stale = False
        ticked = set(self.ticked())
        try:
            self.lines = self.ws.dues.lines(self.current_filter())
        except ValidationError as exc:
            self.status_line.setText(exc.message)
            self.lines = []
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            check = QTableWidgetItem()
            if line.paid or not line.amount or line.status not in ("owed", "ask"):
                check.setFlags(Qt.ItemFlag.ItemIsEnabled)
            else:
                check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                check.setCheckState(Qt.CheckState.Checked if line.member_uuid in ticked else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, check)
            owed = format_vnd(line.amount) if line.status in ("owed", "ask") else (line.reason or "")
            paid = f"{format_vnd(line.paid_amount)} ({line.voucher_number})" if line.paid else (
                line.reason if line.status == "ask" else "")
            for col, text in enumerate((line.code, line.full_name, str(line.birth_year or ""), line.village,
                                        line.unit_name, line.category, owed, paid), 1):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self.levels_changed()
        self._show_figures()
        self._show_selection()

    def levels_changed(self) -> None:
        current = self.level.currentText()
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItems([lv.name for lv in self.ws.dues.settings().levels])
        if current:
            self.level.setCurrentText(current)
        self.level.blockSignals(False)
        self._suggest_share()

    def _suggest_share(self) -> None:
        level = self.level.currentText()
        self.share.set_value(self.ws.dues.suggested_share(self.year.value(), level) if level else 0)
        self.submit_button.setEnabled(bool(level))

    def _show_figures(self) -> None:
        f = self.ws.dues.figures(self.year.value())
        self.footer.setText(
            f"Năm {f.year}: phải thu {format_vnd(f.due)} đ ({f.members_owing} hội viên, {f.members_exempt} được miễn); "
            f"đã thu {format_vnd(f.collected)} đ ({f.members_paid} hội viên); chưa nộp {f.unpaid} hội viên; "
            f"đã nộp cấp trên {format_vnd(f.submitted)} đ.")

    def ticked(self) -> list[str]:
        return [line.member_uuid for row, line in enumerate(self.lines)
                if (item := self.table.item(row, 0)) is not None and item.checkState() == Qt.CheckState.Checked]

    def tick(self, uuids) -> None:
        wanted = set(uuids)
        self.table.blockSignals(True)
        for row, line in enumerate(self.lines):
            item = self.table.item(row, 0)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked if line.member_uuid in wanted else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._show_selection()

    def tick_unpaid(self) -> None:
        self.tick([line.member_uuid for line in self.lines if not line.paid and line.status == "owed"])

    def _show_selection(self) -> None:
        chosen = set(self.ticked())
        total = sum(line.amount for line in self.lines if line.member_uuid in chosen)
        self.collect_button.setText(f"Thu hội phí ({len(chosen)} người, {format_vnd(total)} đ)" if chosen
                                    else "Thu hội phí")
        self.collect_button.setEnabled(bool(chosen))
        unit = self._unit_by_name.get(self.unit.currentText(), "")
        if unit and not self.person.text().strip():
            self.person.setPlaceholderText(self.ws.units.get(unit).head or "chi hội trưởng")

    # -- writing -------------------------------------------------------------------------------
    def _date(self):
        try:
            day = self.collect_on.value()
        except ValueError as exc:
            self.status_line.setText(str(exc))
            return None
        if day is None:
            self.status_line.setText("Chưa nhập ngày thu.")
        return day

    def collect(self):
        uuids = self.ticked()
        day = self._date()
        if day is None:
            return None
        year = self.year.value()
        person = normalize(self.person.text())  # empty: the service names the chi hội's head
        result = run_op(self, partial(self.ws.dues.collect, uuids, year, day, person=person), on_error=self._error)
        if result is None:
            return None
        voucher, _ = result
        self.status_line.setText(f"Đã lập phiếu thu {voucher.number} ngày {format_date(voucher.posting_date)}: "
                                 f"{format_vnd(voucher.amount)} đ hội phí năm {year} của {len(uuids)} hội viên.")
        return voucher  # the page re-read the list when the runner handed it the changes

    def submit(self):
        day = self._date()
        if day is None:
            return None
        try:
            amount = self.share.value()
        except ValueError as exc:
            self.status_line.setText(str(exc))
            return None
        level, year = self.level.currentText(), self.year.value()
        result = run_op(self, partial(self.ws.dues.submit, year, level, day, amount=amount), on_error=self._error)
        if result is None:
            return None
        voucher, _ = result
        self.status_line.setText(f"Đã lập phiếu chi {voucher.number}: nộp {format_vnd(voucher.amount)} đ hội phí "
                                 f"năm {year} về {level}.")
        return voucher  # the page re-read the list when the runner handed it the changes

    def print_signing_list(self, unpaid: bool = False, path: str | None = None) -> str | None:
        from .. import dialogs
        from ...domain.errors import AppError
        from ...pdf.dues_list import render_dues_list

        flt = self.current_filter()
        try:
            data = self.ws.dues.signing_list(flt.year, flt.unit_uuid, unpaid_only=unpaid)
        except AppError as exc:
            self._error(exc)
            return None
        suggested = f"{'chua-nop' if unpaid else 'danh-sach-thu'}-hoi-phi-{flt.year}.pdf"
        path = path or dialogs.save_file(self, "Lưu danh sách", suggested, "Tệp PDF (*.pdf)")
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            atomic_write(path, render_dues_list(data))
        except OSError as exc:
            dialogs.error(self, f"Không ghi được tệp “{path}”: {os_error_text(exc)}")
            return None
        self.status_line.setText(f"Đã lưu {path} ({len(data.rows)} hội viên).")
        return path

    def _error(self, exc) -> None:
        self.status_line.setText(exc.message)

    def refresh_for(self, changes) -> None:
        if changes.touches("org_unit"):
            self.reload_units()
        if changes.settings:
            self.settings.reload()
        if any(changes.touches(t) for t in ("member", "org_unit", "dues_payment", "dues_submission", "voucher")) \
                or changes.settings:
            self.reload_when_shown()


class DuesSettingsBox(QWidget):
    """Mức hội phí of the chosen year (general, per đối tượng, exemption age) and the shares sent upward."""

    def __init__(self, ws, panel: DuesPanel) -> None:
        super().__init__(panel.settings_dialog)
        self.ws, self.panel = ws, panel
        rate_box = QGroupBox("Mức hội phí")
        self.rate_title = wrapped_label("")
        self.amount = MoneyEdit()
        self.amount.setObjectName("rate_amount")
        self.exempt_age = QSpinBox()
        self.exempt_age.setObjectName("rate_exempt_age")
        self.exempt_age.setRange(0, 120)
        self.exempt_age.setSpecialValueText("không miễn")
        self.exempt_age.setSuffix(" tuổi")
        self.categories = QTableWidget(0, 2)
        self.categories.setObjectName("rate_categories")
        self.categories.setHorizontalHeaderLabels(("Đối tượng", "Mức riêng (đ)"))
        _name_column_stretches(self.categories)
        self.categories.verticalHeader().setVisible(False)
        self.save_rate_button = QPushButton("Lưu mức hội phí")
        self.save_rate_button.setObjectName("save_rate")
        self.save_rate_button.clicked.connect(lambda: self.save_rate())
        box = QVBoxLayout(rate_box)
        box.addWidget(self.rate_title)
        box.addWidget(labelled("Mức chung (đ)", self.amount))
        box.addWidget(labelled("Miễn từ", self.exempt_age))
        box.addWidget(wrapped_label("Mỗi người một năm. Mức riêng theo đối tượng: để trống là mức chung, 0 là miễn."))
        box.addWidget(self.categories)
        box.addWidget(self.save_rate_button)

        level_box = QGroupBox("Tỷ lệ nộp cấp trên")
        self.levels = QTableWidget(3, 2)
        self.levels.setObjectName("levels_table")
        self.levels.setHorizontalHeaderLabels(("Cấp nhận", "Tỷ lệ (%)"))
        _name_column_stretches(self.levels)
        self.levels.verticalHeader().setVisible(False)
        self.save_levels_button = QPushButton("Lưu tỷ lệ")
        self.save_levels_button.setObjectName("save_levels")
        self.save_levels_button.clicked.connect(lambda: self.save_levels())
        box = QVBoxLayout(level_box)
        box.addWidget(self.levels)
        box.addWidget(self.save_levels_button)
        self.status_line = make_status_line("dues_settings_status")
        layout = QVBoxLayout(self)
        layout.addWidget(rate_box)
        layout.addWidget(level_box)
        layout.addWidget(self.status_line)
        layout.addStretch(1)
        panel.year.valueChanged.connect(lambda *_: self.reload())
        self.reload()

    def reload(self) -> None:
        year = self.panel.year.value()
        settings = self.ws.dues.settings()
        rate = settings.rate_for(year)
        own = rate is not None and rate.year == year
        self.rate_title.setText(f"Năm {year}" + ("" if own or rate is None else f" (đang dùng mức năm {rate.year})")
                                + (" (chưa đặt)" if rate is None else ""))
        self.amount.set_value(rate.amount if rate else 0)
        self.exempt_age.setValue((rate.exempt_age or 0) if rate else 80)
        by_category = dict(rate.by_category) if rate else {}
        names = list(dict.fromkeys(self.ws.catalogs.names("member_category") + list(by_category)))
        self.categories.setRowCount(len(names))
        for row, name in enumerate(names):
            item = QTableWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(name)
            self.categories.setItem(row, 0, item)
            amount = by_category.get(name)
            self.categories.setItem(row, 1, QTableWidgetItem("" if amount is None else format_vnd(amount)))
        levels = settings.levels
        self.levels.setRowCount(max(3, len(levels) + 1))
        for row in range(self.levels.rowCount()):
            lv = levels[row] if row < len(levels) else None
            self.levels.setItem(row, 0, QTableWidgetItem(lv.name if lv else ""))
            self.levels.setItem(row, 1, QTableWidgetItem(f"{lv.percent:g}".replace(".", ",") if lv else ""))

    def read_rate(self) -> DuesRate:
        from ...vietnamese import parse_vnd

        problems = []
        try:
            amount = self.amount.value()
        except ValueError as exc:
            raise ValidationError([FieldError("amount", str(exc))]) from None
        by_category = []
        for row in range(self.categories.rowCount()):
            name = self.categories.item(row, 0).text()
            text = (self.categories.item(row, 1).text() if self.categories.item(row, 1) else "").strip()
            if not text:
                continue
            try:
                by_category.append((name, parse_vnd(text)))
            except ValueError:
                problems.append(FieldError("by_category", f"Mức hội phí của “{name}” không hợp lệ: {text}"))
        if problems:
            raise ValidationError(problems)
        return DuesRate(self.panel.year.value(), amount, tuple(by_category), self.exempt_age.value() or None)

    def save_rate(self) -> bool:
        try:
            rate = self.read_rate()
        except ValidationError as exc:
            self.status_line.setText(exc.message)
            return False
        if run_op(self, partial(self.ws.dues.save_rate, rate), on_error=self._error) is None:
            return False
        self.status_line.setText(f"Đã lưu mức hội phí năm {rate.year}.")
        return True

    def save_levels(self) -> bool:
        levels = []
        for row in range(self.levels.rowCount()):
            name = (self.levels.item(row, 0).text() if self.levels.item(row, 0) else "").strip()
            text = (self.levels.item(row, 1).text() if self.levels.item(row, 1) else "").strip()
            if not name and not text:
                continue
            try:
                levels.append(UpwardLevel(name, float(text.replace(",", ".").rstrip("%").strip() or "0")))
            except ValueError:
                self.status_line.setText(f"Tỷ lệ của “{name}” không phải là số: {text}")
                return False
        if run_op(self, partial(self.ws.dues.save_levels, levels), on_error=self._error) is None:
            return False
        self.status_line.setText("Đã lưu tỷ lệ nộp cấp trên.")
        return True

    def _error(self, exc) -> None:
        self.status_line.setText(exc.message)


def _name_column_stretches(table: QTableWidget) -> None:
    """A two-column settings table: the name takes the room, the figure as wide as it needs."""
    from PySide6.QtWidgets import QHeaderView

    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
