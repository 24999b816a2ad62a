"""Tệp → Hợp nhất dữ liệu các xã cũ…: choose the old communes' files and the merger date, look at the dry run
(records per kind and old commune, the names — editable —, probable duplicate people, the books handed over,
conflicts), confirm; the merge runs off the GUI thread (`run_long_op`), then the handover minutes can be
printed. The rules are the merge service's (services/merge); this dialog only shows and asks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ...domain.merge import ACTION_LABELS
from ...vietnamese import format_money, format_vnd
from .. import dialogs
from ..layout import resize_to_fit
from ..operations import run_long_op, run_op
from .fields import DateEdit, make_status_line

DB_FILTER = "Tệp dữ liệu Khuyến học (*.db);;Mọi tệp (*)"
_EDITABLE_COLUMN = 3  # the names table's "Tên trong tệp mới"


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _cell(text, right: bool = False, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    item.setToolTip(str(text))  # a name cut short by a narrow column is read whole here
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _share(table: QTableWidget, fixed: tuple[int, ...]) -> None:
    """The `fixed` columns as wide as their text, the others sharing the rest: no sideways scrolling."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)  # the spare width goes to the shared columns, not to the last one
    for c in range(table.columnCount()):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents if c in fixed
                                    else QHeaderView.ResizeMode.Stretch)


def _fill(table: QTableWidget, rows: list[list], right: tuple[int, ...] = ()) -> None:
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, value if isinstance(value, QTableWidgetItem) else _cell(value, c in right))


class MergeDialog(QDialog):
    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.plan = None
        self.merged = False
        self.operation = None
        self.setWindowTitle("Hợp nhất dữ liệu các xã cũ")
        resize_to_fit(self, 1000, 660)

        intro = QLabel("Chọn tệp dữ liệu của từng hội khuyến học xã cũ và ngày hợp nhất, rồi bấm “Xem trước”. "
                       "Chưa ghi gì cho đến khi bấm “Hợp nhất”; hợp nhất lại cùng tệp không thay đổi gì.")
        intro.setWordWrap(True)
        self.files = QListWidget()
        self.files.setObjectName("merge_files")
        self.files.setMaximumHeight(72)
        add = QPushButton("Thêm tệp…")
        add.clicked.connect(lambda: self.add_files())
        remove = QPushButton("Bỏ tệp")
        remove.clicked.connect(self.remove_file)
        self.date = DateEdit()
        self.date.setObjectName("merge_date")
        self.date.set_value(ws.clock.today())
        self.preview_button = QPushButton("Xem trước")
        self.preview_button.setObjectName("merge_preview")
        self.preview_button.clicked.connect(lambda: self.preview())
        top = QHBoxLayout()
        top.addWidget(self.files, 1)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(remove)
        top.addLayout(side)
        when = QHBoxLayout()
        when.addWidget(QLabel("Ngày hợp nhất:"))
        when.addWidget(self.date)
        when.addWidget(self.preview_button)
        when.addStretch(1)

        self.tabs = QTabWidget()
        self.counts = _table(["Loại bản ghi"], "merge_counts")
        self.names = _table(["Danh mục / tên", "Xã cũ", "Tên trong tệp xã cũ", "Tên trong tệp mới", "Cách làm"],
                            "merge_names")
        self.names.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.names.itemChanged.connect(self._name_edited)
        self.show_same = QCheckBox("Hiện cả các mục trùng tên đã gộp")
        self.show_same.setObjectName("merge_show_same")
        self.show_same.toggled.connect(lambda _on: self.plan is not None and self.show_plan(self.plan))
        names_tab = QWidget()
        names_layout = QVBoxLayout(names_tab)
        names_layout.setContentsMargins(0, 0, 0, 0)
        names_layout.addWidget(self.show_same)
        names_layout.addWidget(self.names, 1)
        self.duplicates = _table(["Lý do", "Họ và tên", "Sinh", "Xã", "Mã hội viên"], "merge_duplicates")
        self.books = _table(["Xã cũ", "Sổ", "Số dư tại ngày hợp nhất"], "merge_books")
        self.conflicts = _table(["Xã cũ", "Vấn đề"], "merge_conflicts")
        for table, title in ((self.counts, "Số bản ghi"), (names_tab, "Danh mục, tên thôn, chi hội"),
                             (self.duplicates, "Có thể trùng người"), (self.books, "Quỹ bàn giao"),
                             (self.conflicts, "Vấn đề")):
            self.tabs.addTab(table, title)

        self.status_line = make_status_line("merge_status")
        self.merge_button = QPushButton("Hợp nhất")
        self.merge_button.setObjectName("merge_apply")
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(lambda: self.apply())
        self.print_button = QPushButton("In biên bản bàn giao…")
        self.print_button.setObjectName("merge_print")
        self.print_button.setEnabled(bool(ws.merge.sources()))
        self.print_button.clicked.connect(lambda: self.print_handover())
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addLayout(when)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_line)
        layout.addLayout(buttons)

    # -- choosing ----------------------------------------------------------------------------------
    def add_files(self, paths: list[str] | None = None) -> None:
        paths = paths if paths is not None else dialogs.open_files(self, "Chọn tệp dữ liệu của các xã cũ", DB_FILTER)
        present = {self.files.item(i).text() for i in range(self.files.count())}
        for path in paths:
            if path not in present:
                self.files.addItem(path)
        self._invalidate()

    def remove_file(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._invalidate()

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def _invalidate(self) -> None:
        self.plan = None
        self.merge_button.setEnabled(False)

    # -- the dry run -------------------------------------------------------------------------------
    def preview(self) -> None:
        try:
            day = self.date.value()
        except ValueError as exc:
            self.status_line.setText(str(exc))
            return
        if day is None:
            self.status_line.setText("Chưa nhập ngày hợp nhất.")
            return
        paths = self.paths()
        self.status_line.setText("Đang đọc các tệp…")
        self.operation = run_long_op(self, self.ws, lambda progress: self.ws.merge.plan(paths, day, progress=progress),
                                     "Đang đọc tệp của các xã cũ…", on_done=self.show_plan, on_error=self._refused)

    def _refused(self, exc) -> None:
        self._invalidate()
        self.status_line.setText(exc.message)
        dialogs.error(self, exc.message, "Không hợp nhất được")

    def show_plan(self, plan) -> None:
        self.plan = plan
        sources = plan.sources
        headers = ["Loại bản ghi", *(f"{s.commune.label} — thêm / cập nhật / đã có" for s in sources)]
        self.counts.setColumnCount(len(headers))
        self.counts.setHorizontalHeaderLabels(headers)
        rows = []
        for i, (table, label) in enumerate((k.table, k.label) for k in sources[0].counts):
            cells = []
            for s in sources:
                k = s.counts[i]
                cells.append(f"{format_vnd(k.added)} / {format_vnd(k.updated)} / {format_vnd(k.unchanged + k.unified)}")
            rows.append([label, *cells])
        _fill(self.counts, rows, right=tuple(range(1, len(headers))))
        self.names.blockSignals(True)
        changed = [n for n in plan.names
                   if self.show_same.isChecked() or n.target != n.name or n.action != "unify"]
        _fill(self.names, [[n.kind_label, n.origin_name, n.name, _cell(n.target, editable=True),
                            ACTION_LABELS.get(n.action, n.action)] for n in changed])
        self._shown_names = changed
        self.names.blockSignals(False)
        _fill(self.duplicates, [[d.reason if i == 0 else "", e.full_name, e.birth, e.origin_name, e.code]
                                for d in plan.duplicates for i, e in enumerate(d.entries)])
        _fill(self.books, [[s.commune.committee_name, b.name, format_money(b.balance)]
                           for s in sources for b in s.books], right=(2,))
        _fill(self.conflicts, [[c.origin_code, ("Không hợp nhất được: " if c.blocking else "Lưu ý: ") + c.message]
                               for c in plan.conflicts])
        _share(self.books, fixed=(0, 2))
        _share(self.duplicates, fixed=(0, 2, 3, 4))
        _share(self.conflicts, fixed=(0,))
        self.conflicts.resizeRowsToContents()
        _share(self.counts, fixed=(0,))
        _share(self.names, fixed=(0, 1, 4))
        self.tabs.setTabText(2, f"Có thể trùng người ({len(plan.duplicates)})")
        self.tabs.setTabText(4, f"Vấn đề ({len(plan.conflicts)})")
        refused = plan.refused
        self.merge_button.setEnabled(not refused and not plan.changes_nothing)
        if refused:
            self.tabs.setCurrentWidget(self.conflicts)
            self.status_line.setText(f"Chưa hợp nhất được: {len(refused)} vấn đề (xem thẻ “Vấn đề”).")
        elif plan.changes_nothing:
            self.status_line.setText("Các tệp này đã được hợp nhất; không có gì mới.")
        else:
            added = sum(k.added + k.updated for s in sources for k in s.counts)
            self.status_line.setText(f"Sẽ hợp nhất {format_vnd(added)} bản ghi của {len(sources)} xã cũ; "
                                     f"{len(plan.duplicates)} trường hợp có thể trùng người được giữ riêng.")

    def _name_edited(self, item: QTableWidgetItem) -> None:
        if self.plan is None or item.column() != _EDITABLE_COLUMN:
            return
        overrides = {n.key: n.target for n in self.plan.names if n.action == "rename"}
        choice = self._shown_names[item.row()]
        overrides[choice.key] = item.text()
        self.show_plan(self.ws.merge.replan(self.plan, overrides))

    # -- applying ------------------------------------------------------------------------------------
    def apply(self, confirm: bool = True) -> None:
        if self.plan is None or self.plan.refused:
            return
        names = ", ".join(s.commune.committee_name for s in self.plan.sources)
        if confirm and not dialogs.ask(self, f"Hợp nhất dữ liệu của {names} vào tệp này?", "Hợp nhất"):
            return
        plan = self.plan
        self.operation = run_long_op(self, self.ws, lambda progress: self.ws.merge.apply(plan, progress),
                                     "Đang hợp nhất dữ liệu…", on_done=self._merged, on_error=self._refused)

    def _merged(self, result) -> None:
        done, _changes = result
        self.merged = True
        self._invalidate()
        self.print_button.setEnabled(True)
        money = sum(b["balance"] for r in done.values() for b in r["books"] if r["received"])
        self.status_line.setText(f"Đã hợp nhất {len(done)} xã cũ; tiếp nhận quỹ {format_money(money)}. "
                                 "Có thể in biên bản bàn giao.")

    def print_handover(self, path: str | None = None) -> str | None:
        path = path or dialogs.save_file(self, "Lưu biên bản bàn giao", "bien-ban-ban-giao.pdf", "PDF (*.pdf)")
        if not path or run_op(self, lambda: self.ws.merge.write_handover(path)) is None:
            return None
        self.status_line.setText(f"Đã lưu biên bản bàn giao: {path}")
        return path


def open_merge_dialog(window: QWidget) -> MergeDialog:
    dialog = MergeDialog(window.ws, window)
    dialog.show()
    return dialog
