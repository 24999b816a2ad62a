"""The member page: the register (filters, diacritic-free search, paged list, the form beside it) and the
catalogue of chi hội, ban khuyến học and tổ hội on a second tab."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QTabWidget, QVBoxLayout, QWidget

from ...domain.members import SPEC, MemberFilter
from ...vietnamese import format_vnd
from ..forms.member_form import MemberForm
from ..list_view import RecordListMixin
from ..page_changes import PageChanges
from ..table_models.members import member_list_model
from .dues_panel import DuesPanel
from .population_panel import PopulationPanel
from .units_panel import UnitsPanel


class MembersPage(QWidget, RecordListMixin, PageChanges):
    title = SPEC.title
    spec = SPEC
    EXPORT_NAME = "Danh sach hoi vien"
    changed = Signal()
    shows = frozenset({"member", "org_unit", "catalog_item", "dues_payment", "dues_submission", "voucher",
                       "population", "settings"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._unit_by_name: dict[str, str] = {}
        self.tabs = QTabWidget()
        register = QWidget()
        self.units = UnitsPanel(ws)
        self.tabs.addTab(register, "Danh sách hội viên")
        self.tabs.addTab(self.units, "Chi hội, ban khuyến học")
        # Dues and population figures: their own panels (ui/pages/dues_panel.py, population_panel.py).
        self.dues = DuesPanel(ws)
        self.population = PopulationPanel(ws)
        self.tabs.addTab(self.dues, "Hội phí")
        self.tabs.addTab(self.population, "Dân số")
        QVBoxLayout(self).addWidget(self.tabs)

        self.make_record_buttons()
        self.show_private = QCheckBox("Hiện số CCCD, điện thoại")
        self.show_private.setObjectName("show_private")
        self.show_private.toggled.connect(lambda _on: self.apply_filter())
        self.build_record_list(
            register, model=member_list_model(ws, self), form=MemberForm(ws), table_name="member_table",
            sizes=[780, 500], actions=[self.new_button, self.delete_button, self.undo_button, self.history_button,
                                       self.show_private, *self._make_print_buttons()],
            compact_filters=True,
        )
        self._bind_delete_key()
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.reload_filters()
        self.apply_filter()

    # -- filters -----------------------------------------------------------------------
    def reload_filters(self) -> None:
        units = self.ws.units.list()
        self._unit_by_name = {u.name: u.uuid for u in units}
        self.fill_filters({"unit_uuid": [u.name for u in units],
                           "joined_year": [str(y) for y in self.ws.members.joined_years()],
                           **self.origin_options("member")})
        self.form.reload_catalogs()

    def current_filter(self) -> MemberFilter:
        value = self.filter_value
        year = value("joined_year")
        return MemberFilter(unit_uuid=self._unit_by_name.get(value("unit_uuid"), ""), status=value("status"),
                            category=value("category"), joined_year=int(year) if year else None,
                            search=self.search.text(), show_private=self.show_private.isChecked(),
                            origin=self.origin_value())

    def _show_totals(self, rows: int, _money: int) -> None:
        self.footer.setText(f"{format_vnd(rows)} hội viên")

    def refresh_for(self, changes) -> None:
        self._refresh_dues(changes)
        if changes.touches("catalog_item") or changes.touches("org_unit"):
            self.reload_filters()
            self.units.reload()
        if changes.touches("member"):
            self.reload_filters()
            self.model.refresh()
            self.form.follow_changes(changes)
            self.units.reload()

    def _refresh_dues(self, changes) -> None:
        self.dues.refresh_for(changes)
        self.population.refresh_for(changes)

    def record_service(self):
        return self.ws.members

    def on_activated(self) -> None:
        self.reload_filters()

    # -- printing: the list as filtered, the cards of the selection (or of the list) -------------
    def _make_print_buttons(self) -> list:
        from PySide6.QtWidgets import QMenu, QPushButton

        self.print_list_button = QPushButton("In danh sách…")
        self.print_list_button.setToolTip("Lưu danh sách hội viên (PDF) theo bộ lọc đang chọn, mỗi chi hội một "
                                          "phần; số CCCD, điện thoại chỉ in khi đang hiện chúng")
        self.print_list_button.clicked.connect(lambda: self.print_member_list())
        self.print_cards_button = QPushButton("In thẻ…")
        self.print_cards_button.setToolTip("Lưu thẻ hội viên (PDF, 10 thẻ một tờ A4) của các hội viên đang chọn "
                                           "(từ 2 người), nếu không thì của cả danh sách đang lọc")
        menu = QMenu(self.print_cards_button)
        menu.addAction("Thẻ đầy đủ trên giấy trắng…", lambda: self.print_member_cards())
        menu.addAction("Chỉ in chữ lên phôi thẻ có sẵn…", lambda: self.print_member_cards(mode="blank-form"))
        self.print_cards_button.setMenu(menu)
        return [self.print_list_button, self.print_cards_button]

    def _pdf_path(self, title: str, suggested: str, path: str | None) -> str | None:
        from .. import dialogs

        path = path or dialogs.save_file(self, title, suggested, "Tệp PDF (*.pdf)")
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path or None

    def print_member_list(self, path: str | None = None) -> str | None:
        """Save the danh sách hội viên of the list as filtered now."""
        from ...services import documents
        from ..operations import run_op

        flt = self.current_filter()
        path = self._pdf_path("Lưu danh sách hội viên", "danh-sach-hoi-vien.pdf", path)
        if not path or run_op(self, lambda: documents.write_member_list(
                self.ws, path, flt, show_personal=flt.show_private)) is None:
            return None
        self.form.status_line.setText(f"Đã lưu danh sách hội viên: {path}")
        return path

    def print_member_cards(self, path: str | None = None, mode: str = "full") -> str | None:
        """Save the cards of the selected members (two or more), else of the list as filtered now."""
        from ...services import documents
        from .. import dialogs
        from ..operations import run_op

        chosen = self.selected_uuids()
        uuids = chosen if len(chosen) > 1 else None
        path = self._pdf_path("Lưu thẻ hội viên", "the-hoi-vien.pdf", path)
        sheet = path and run_op(self, lambda: documents.write_member_cards(
            self.ws, path, self.current_filter(), uuids=uuids, mode=mode))
        if not sheet:
            return None
        message = documents.member_cards_message(sheet, path)
        self.form.status_line.setText(message)
        if sheet.without_card_no or sheet.skipped:
            dialogs.info(self, message, "Thẻ hội viên")  # the blanks must be filled in by hand: said once
        return path
