"""The award page: filters and diacritic-insensitive search over a paged list, with the form beside it."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ...domain.awards import SPEC, AwardFilter
from ...vietnamese import format_vnd
from .. import dialogs
from ..forms.award_form import AwardForm
from ..list_view import RecordListMixin
from ..operations import run_op
from ..page_changes import PageChanges
from ..table_models.awards import award_list_model


class AwardsPage(QWidget, RecordListMixin, PageChanges):
    title = SPEC.title
    spec = SPEC
    EXPORT_NAME = "Danh sach khen thuong"
    changed = Signal()
    shows = frozenset({"award", "catalog_item"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.make_record_buttons()
        self.approve_button = QPushButton("Duyệt các dòng chọn")
        self.approve_button.clicked.connect(lambda: self.approve_selected())
        self.build_record_list(
            self, model=award_list_model(ws, self), form=AwardForm(ws), table_name="award_table", sizes=[760, 520],
            actions=[self.new_button, self.approve_button, self.delete_button, self.undo_button, self.history_button],
            compact_filters=True,
        )
        self._bind_delete_key()
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.reload_filters()
        self.apply_filter()

    # -- filters -----------------------------------------------------------------------
    def reload_filters(self) -> None:
        self.fill_filters(self.origin_options("award"))
        self.form.reload_catalogs()

    def current_filter(self) -> AwardFilter:
        value = self.filter_value
        return AwardFilter(
            school_year=value("school_year"), category=value("category"), level=value("level"),
            school=value("school"), status=value("status"), search=self.search.text(), origin=self.origin_value(),
        )

    def _show_totals(self, rows: int, money: int) -> None:
        self.footer.setText(f"{format_vnd(rows)} bản ghi — tổng tiền {format_vnd(money)} đ")

    def refresh_for(self, changes) -> None:
        if changes.touches("catalog_item") or changes.touches("merge_source"):
            self.reload_filters()
        if changes.touches("award"):
            self.model.refresh()
            self.form.follow_changes(changes)

    # -- actions (delete, undo, history, export: RecordListMixin) -------------------------
    def record_service(self):
        return self.ws.awards

    def approve_selected(self, confirm: bool = True) -> int:
        uuids = self.selected_uuids()
        if not uuids:
            return 0
        if confirm and not dialogs.ask(self, f"Duyệt {len(uuids)} bản ghi đã chọn?", "Xác nhận duyệt"):
            return 0
        changes = run_op(self, partial(self.ws.awards.set_status, uuids, "approved"), on_error=self.show_error)
        return len(changes.updated.get("award", [])) if changes is not None else 0

    def export_file_name(self, flt: AwardFilter) -> str:
        return f"{self.EXPORT_NAME} {flt.school_year}".strip() + ".xlsx"

    def on_activated(self) -> None:
        """Called when the page is shown: catalogues may have changed elsewhere."""
        self.reload_filters()
