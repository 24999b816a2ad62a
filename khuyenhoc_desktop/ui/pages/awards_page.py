"""The award page: filters and diacritic-insensitive search over a paged list, with the form beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QPushButton, QVBoxLayout, QWidget

from ...domain.awards import STATUSES, AwardFilter
from functools import partial

from ...domain.errors import AppError
from ...vietnamese import format_vnd
from .. import dialogs
from ..forms.award_form import AwardForm
from ..forms.fields import make_combo, set_items
from ..list_view import (
    install_delete_undo_key,
    RecordListMixin,
    make_button_row,
    make_filter_bar,
    make_footer,
    make_list_and_form,
    make_record_table,
    make_search_edit,
)
from ..table_models.awards import COLUMNS, award_list_model
from ..page_changes import PageChanges
from ..operations import run_op
from ..widgets import HistoryDialog

ALL = "(Tất cả)"


class AwardsPage(QWidget, RecordListMixin, PageChanges):
    title = "Khen thưởng"
    changed = Signal()
    shows = frozenset({"award", "catalog_item"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._undo_stack: list[list[str]] = []

        # -- filter bar
        self.search, self._search_timer = make_search_edit(
            self, "Tìm theo họ tên, con ông/bà — gõ không dấu cũng được", self.apply_filter)
        self.filters: dict[str, QComboBox] = {}
        for key in ("school_year", "category", "level", "school", "status"):
            combo = make_combo(editable=False)
            combo.setObjectName(f"filter_{key}")
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.filters[key] = combo
        bar = make_filter_bar(self.search, [(label, self.filters[key]) for key, label in (
            ("school_year", "Năm học"), ("category", "Loại"), ("level", "Cấp"), ("school", "Trường"),
            ("status", "Trạng thái"))])

        # -- actions
        self.new_button = QPushButton("Thêm mới (Ctrl+N)")
        self.approve_button = QPushButton("Duyệt các dòng chọn")
        self.delete_button = QPushButton("Xóa (Delete)")
        self.undo_button = QPushButton("Hoàn tác xóa (Ctrl+Z)")
        self.history_button = QPushButton("Lịch sử sửa đổi")
        self.export_button = QPushButton("Xuất Excel…")
        self.undo_button.setEnabled(False)
        actions = make_button_row([self.new_button, self.approve_button, self.delete_button, self.undo_button,
                                   self.history_button], [self.export_button])

        # -- list and form
        self.model = award_list_model(ws, self)
        self.table = make_record_table(self.model, COLUMNS, "award_table")
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.form = AwardForm(ws)
        splitter = make_list_and_form(self.table, self.form, [760, 520])

        self.footer = make_footer()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.footer)

        # -- wiring
        for combo in self.filters.values():
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.model.totals_changed.connect(self._show_totals)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_record)
        self.approve_button.clicked.connect(lambda: self.approve_selected())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.undo_button.clicked.connect(self.undo_delete)
        self.history_button.clicked.connect(self.show_history)
        self.export_button.clicked.connect(lambda: self.export_excel())
        self.form.saved.connect(self._after_save)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_record)
        QShortcut(QKeySequence("Ctrl+F"), self, lambda: self.search.setFocus())
        install_delete_undo_key(self)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, lambda: self.delete_selected(),
                  context=Qt.ShortcutContext.WidgetShortcut)

        self.reload_filters()
        self.apply_filter()

    # -- filters -----------------------------------------------------------------------
    def reload_filters(self) -> None:
        catalogs = self.ws.catalogs
        options = {
            "school_year": catalogs.names("school_year")[::-1],
            "category": catalogs.names("award_category"),
            "level": catalogs.names("award_level"),
            "school": catalogs.names("school"),
            "status": list(STATUSES.values()),
        }
        for key, combo in self.filters.items():
            combo.blockSignals(True)
            set_items(combo, [ALL] + options[key])
            combo.blockSignals(False)
        self.form.reload_catalogs()

    def current_filter(self) -> AwardFilter:
        def value(key: str) -> str:
            text = self.filters[key].currentText()
            return "" if text == ALL else text

        status_label = value("status")
        status = next((k for k, v in STATUSES.items() if v == status_label), "")
        return AwardFilter(
            school_year=value("school_year"), category=value("category"), level=value("level"),
            school=value("school"), status=status, search=self.search.text(),
        )

    def set_filter_value(self, key: str, text: str) -> None:
        combo = self.filters[key]
        index = combo.findText(text)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def _show_totals(self, rows: int, money: int) -> None:
        self.footer.setText(f"{format_vnd(rows)} bản ghi — tổng tiền {format_vnd(money)} đ")

    # -- selection and form (selected_uuids, _row_changed, new_record: RecordListMixin) --
    def _after_save(self, uuid: str) -> None:
        self._select_uuid(uuid)  # the list itself was refreshed by the save's changes

    def refresh_for(self, changes) -> None:
        if changes.touches("catalog_item"):
            self.reload_filters()
        if changes.touches("award"):
            self.model.refresh()
            self.form.follow_changes(changes)

    # -- bulk actions ------------------------------------------------------------------
    def delete_selected(self, confirm: bool = True) -> int:
        uuids = self.selected_uuids()
        if not uuids:
            dialogs.info(self, "Hãy chọn dòng cần xóa.") if confirm else None
            return 0
        if confirm and not dialogs.ask(self, f"Xóa {len(uuids)} bản ghi khen thưởng đã chọn?\n"
                                             "Có thể hoàn tác ngay bằng Ctrl+Z.", "Xác nhận xóa"):
            return 0
        if run_op(self, partial(self.ws.awards.delete, uuids)) is None:
            return 0
        return self._soft_deleted(uuids)

    def record_service(self):
        return self.ws.awards

    def approve_selected(self, confirm: bool = True) -> int:
        uuids = self.selected_uuids()
        if not uuids:
            return 0
        if confirm and not dialogs.ask(self, f"Duyệt {len(uuids)} bản ghi đã chọn?", "Xác nhận duyệt"):
            return 0
        changes = run_op(self, partial(self.ws.awards.set_status, uuids, "approved"))
        return len(changes.updated.get("award", [])) if changes is not None else 0

    def show_history(self) -> None:
        if self.form.current is None:
            dialogs.info(self, "Hãy chọn một bản ghi để xem lịch sử sửa đổi.")
            return
        HistoryDialog(self.ws.awards.history(self.form.current.uuid), self.form.current.full_name, self).exec()

    def export_excel(self, path: str | None = None) -> str | None:
        """Export the list as filtered now (all columns, Vietnamese name order) to an .xlsx file."""
        flt = self.current_filter()
        suggested = f"Danh sach khen thuong {flt.school_year}".strip() + ".xlsx"
        return export_to_excel(self, suggested, lambda p: self.ws.exports.awards(p, flt), path)

    def on_activated(self) -> None:
        """Called when the page is shown: catalogues may have changed elsewhere."""
        self.reload_filters()


def export_to_excel(page, suggested: str, write, path: str | None = None) -> str | None:
    """Ask where to save (unless `path`), write the export with `write(path)`, report the outcome."""
    from .. import dialogs as _dialogs

    if path is None:
        path = _dialogs.save_file(page, "Xuất Excel", suggested, "Bảng tính Excel (*.xlsx)")
        if not path:
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
    try:
        written = write(path)
    except AppError as exc:
        _dialogs.error(page, exc.message, "Không xuất được")
        return None
    return str(written)
