"""Gửi dữ liệu lên tỉnh (commune side): key fingerprint, unsent changes, export, history, acknowledgements.

Also the two hooks for the main window (registered by `ui/main_window.py`):
`unsent_status(window)` for STATUS_PROVIDERS and `confirm_unsent_on_close(window)` for CLOSE_CHECKS.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..layout import flow_row, scroll_panel, wrapped_label
from ...domain.errors import AppError
from .. import dialogs
from ..page_changes import PageChanges
from ..operations import run_long_op, run_op

HISTORY_COLUMNS = ("Số gói", "Ngày tạo", "Loại", "Số bản ghi", "Tệp", "Mã gói")
RETURNED_COLUMNS = ("Loại bản ghi", "Bản ghi", "Phiên bản", "Lý do trả lại")
ALL_PACKAGED = ("Mọi thay đổi đã có trong gói dữ liệu đã tạo. Tỉnh chỉ nhận được khi tệp gói được gửi đến; "
                "khi tỉnh gửi biên nhận về, hãy nhập biên nhận.")


def export_message(seq: int, rows: int, path) -> str:
    """What an export did: a file was written here; it reaches the province only once it is sent."""
    return (f"Đã ghi gói dữ liệu số {seq} ({rows} bản ghi) vào tệp:\n{path}\n\n"
            "Dữ liệu CHƯA đến tỉnh. Hãy gửi tệp này cho tỉnh (chép vào USB mang đến, hoặc đính kèm thư điện tử). "
            "Khi tỉnh gửi biên nhận về, nhập biên nhận ở mục “Biên nhận của tỉnh” để biết bản ghi nào đã được nhận.")


# -- main-window hooks: in their own small module, so the status bar's count does not import this page
from ..sync_status import _unsent, confirm_unsent_on_close, unsent_status, unsent_text  # noqa: E402,F401


# -- the page ----------------------------------------------------------------------------------------
class SyncPage(QWidget, PageChanges):
    title = "Gửi dữ liệu lên tỉnh"
    changed = Signal()

    @property
    def shows(self) -> frozenset[str]:
        """The tables a package carries: their changes are the unsent count."""
        from ...services.sync_export import SYNC_TABLES  # the status-bar hook imports this page early

        return frozenset(SYNC_TABLES)

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.main_window = parent
        self.last_folder = ""

        # -- key
        key_box = QGroupBox("Khóa ký của xã")
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName("fingerprint")
        big = QFont("monospace")
        big.setStyleHint(QFont.StyleHint.Monospace)
        big.setPointSize(18)
        big.setBold(True)
        self.fingerprint_label.setFont(big)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setWordWrap(True)  # in two lines on a narrow page, split at its spaces
        self.print_key_button = QPushButton("In phiếu đăng ký khóa")
        self.save_card_button = QPushButton("Lưu tệp khóa công khai (.khkey)")
        self.province_key_button = QPushButton("Nhập khóa của tỉnh…")
        self.province_key_label = QLabel()
        self.province_key_label.setWordWrap(True)
        kl = QVBoxLayout(key_box)
        kl.addWidget(wrapped_label("Dấu vân tay (đọc cho tỉnh qua điện thoại để đối chiếu):"))
        kl.addWidget(self.fingerprint_label)
        kl.addLayout(flow_row([self.print_key_button, self.save_card_button, self.province_key_button]))
        kl.addWidget(self.province_key_label)

        # -- send
        send_box = QGroupBox("Gửi dữ liệu")
        self.unsent_label = QLabel()
        self.unsent_label.setObjectName("unsent")
        f = self.unsent_label.font()
        f.setPointSize(f.pointSize() + 3)
        f.setBold(True)
        self.unsent_label.setFont(f)
        self.full_check = QCheckBox("Gửi toàn bộ dữ liệu (cuối năm hoặc khi tỉnh yêu cầu)")
        self.encrypt_check = QCheckBox("Mã hóa gói cho tỉnh")
        self.export_button = QPushButton("Tạo gói dữ liệu để gửi tỉnh…")  # writes a file; sending is by hand
        self.export_button.setDefault(True)
        sl = QVBoxLayout(send_box)
        sl.addWidget(self.unsent_label)
        sl.addWidget(self.full_check)
        sl.addWidget(self.encrypt_check)
        sl.addLayout(flow_row([self.export_button]))
        self.history = QTableWidget(0, len(HISTORY_COLUMNS))
        self.history.setObjectName("export_history")
        self._setup_table(self.history, HISTORY_COLUMNS, stretch=4)
        sl.addWidget(QLabel("Các gói đã tạo:"))
        sl.addWidget(self.history, 1)

        # -- acknowledgements
        ack_box = QGroupBox("Biên nhận của tỉnh")
        self.import_ack_button = QPushButton("Nhập biên nhận của tỉnh")
        self.ack_label = QLabel()
        self.ack_label.setObjectName("ack_counts")
        self.returned = QTableWidget(0, len(RETURNED_COLUMNS))
        self.returned.setObjectName("returned_records")
        self._setup_table(self.returned, RETURNED_COLUMNS, stretch=3)
        al = QVBoxLayout(ack_box)
        self.ack_label.setWordWrap(True)
        al.addLayout(flow_row([self.import_ack_button, self.ack_label], stretch={id(self.ack_label): 1}))
        al.addWidget(QLabel("Bản ghi bị tỉnh trả lại (sửa rồi gửi lại):"))
        al.addWidget(self.returned, 1)

        body = QWidget()  # scrolls when the window is too short for the three boxes
        layout = QVBoxLayout(body)
        layout.addWidget(key_box)
        layout.addWidget(send_box, 1)
        layout.addWidget(ack_box, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_panel(body))

        self.print_key_button.clicked.connect(lambda: self.print_registration())
        self.save_card_button.clicked.connect(lambda: self.save_key_card())
        self.province_key_button.clicked.connect(lambda: self.import_province_key())
        self.export_button.clicked.connect(lambda: self.export())
        self.import_ack_button.clicked.connect(lambda: self.import_ack())
        self.refresh()

    @staticmethod
    def _setup_table(table: QTableWidget, columns, stretch: int) -> None:
        table.setHorizontalHeaderLabels(list(columns))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    # -- showing -------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()

    def refresh_for(self, changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        from ...services.sync_export import TABLE_LABELS, group_fingerprint

        sync = self.ws.sync
        try:
            self.fingerprint_label.setText(group_fingerprint(sync.fingerprint()))
            key_ok = True
        except AppError as exc:  # e.g. a key sealed on another computer: say so here, do not crash the page
            self.fingerprint_label.setText(exc.message)
            key_ok = False
        self.export_button.setEnabled(key_ok)
        card = sync.province_card()
        if card is None:
            self.province_key_label.setText("Chưa nhập khóa của tỉnh: chưa mã hóa gói và chưa nhập được biên nhận.")
        else:
            self.province_key_label.setText(f"Khóa của tỉnh {card.name} (mã {card.code}): {card.signing_fingerprint}")
        can_encrypt = card is not None and card.encryption_key is not None
        self.encrypt_check.setEnabled(can_encrypt)
        if not can_encrypt:
            self.encrypt_check.setChecked(False)
        n = sync.unsent_count()
        self.unsent_label.setText(unsent_text(n) if n else ALL_PACKAGED)

        records = sync.history()
        self.history.setRowCount(len(records))
        for r, rec in enumerate(records):
            values = (str(rec.seq), rec.created_local, "Toàn bộ" if rec.mode == "full" else "Thay đổi",
                      str(rec.rows), rec.file_name, rec.sha256[:16] + "…")
            for c, v in enumerate(values):
                self.history.setItem(r, c, QTableWidgetItem(v))

        counts = sync.state_counts()
        self.ack_label.setText(f"Được chấp nhận: {counts['accepted']}   •   Bị trả lại: {counts['returned']}")
        returned = sync.returned_records()
        self.returned.setRowCount(len(returned))
        for r, rec in enumerate(returned):
            values = (TABLE_LABELS.get(rec.table, rec.table), rec.label or rec.uuid, str(rec.version), rec.reason)
            for c, v in enumerate(values):
                self.returned.setItem(r, c, QTableWidgetItem(v))

    # -- actions ---------------------------------------------------------------------------------------
    def export(self):
        """Write the next package (on a worker thread); returns the running `LongOperation` or None."""
        from ...services.sync_export import NOTHING_TO_SEND

        folder = dialogs.choose_folder(self, "Chọn thư mục (ví dụ ổ USB) để lưu gói dữ liệu", self.last_folder)
        if not folder:
            return None
        self.last_folder = folder
        full, encrypt = self.full_check.isChecked(), True if self.encrypt_check.isChecked() else None

        def failed(exc: AppError) -> None:
            if exc.message == NOTHING_TO_SEND:
                dialogs.info(self, exc.message + " Muốn gửi lại toàn bộ, hãy chọn “Gửi toàn bộ dữ liệu”.")
            else:
                dialogs.error(self, exc.message, "Không tạo được gói dữ liệu")

        def exported(info) -> None:
            self.full_check.setChecked(False)
            self.refresh()
            self.changed.emit()
            dialogs.info(self, export_message(info.seq, info.rows, info.path), "Gói dữ liệu đã được ghi")

        # On a worker thread: a full package of a large file takes a while; "Dừng" publishes nothing.
        self.operation = run_long_op(
            self, self.ws,
            lambda progress: self.ws.sync.export_package(full=full, encrypt_for=encrypt, folder=folder,
                                                         progress=progress),
            "Đang tạo gói dữ liệu gửi lên tỉnh…", on_done=exported, on_error=failed,
            on_cancelled=lambda: dialogs.info(self, "Đã dừng; chưa tạo gói dữ liệu nào."))
        return self.operation

    def import_ack(self):
        path = dialogs.open_file(self, "Chọn tệp biên nhận của tỉnh", "Biên nhận (*.khack);;Mọi tệp (*)",
                                 self.last_folder)
        if not path:
            return None
        result = run_op(self, partial(self.ws.sync.import_ack, path),
                        on_error=lambda exc: dialogs.error(self, exc.message, "Không nhập được biên nhận"))
        if result is None:
            return None
        self.refresh()
        self.changed.emit()
        dialogs.info(self, result.describe(), "Biên nhận của tỉnh")
        return result

    def import_province_key(self):
        path = dialogs.open_file(self, "Chọn tệp khóa công khai của tỉnh", "Khóa công khai (*.khkey);;Mọi tệp (*)")
        if not path:
            return None
        card = run_op(self, partial(self.ws.sync.import_province_key, path),
                      on_error=lambda exc: dialogs.error(self, exc.message, "Không nhập được khóa của tỉnh"))
        if card is None:
            return None
        self.refresh()
        dialogs.info(self, f"Đã nhập khóa của tỉnh {card.name} (mã {card.code}).\n"
                           f"Dấu vân tay: {card.signing_fingerprint}\nHãy gọi điện cho tỉnh để đối chiếu.")
        return card

    def print_registration(self) -> Path | None:
        path = dialogs.save_file(self, "Lưu phiếu đăng ký khóa", "phieu-dang-ky-khoa.pdf",
                                 "PDF (*.pdf);;Văn bản (*.txt)")
        if not path:
            return None
        try:
            written = self.ws.sync.write_registration_form(path)
        except (AppError, OSError) as exc:
            dialogs.error(self, getattr(exc, "message", str(exc)), "Không tạo được phiếu")
            return None
        dialogs.info(self, f"Đã lưu phiếu đăng ký khóa: {written}\nIn phiếu, ký, đóng dấu rồi gửi tỉnh "
                           "cùng tệp khóa công khai (.khkey).")
        return written

    def save_key_card(self) -> Path | None:
        org = self.ws.organisation
        path = dialogs.save_file(self, "Lưu tệp khóa công khai", f"khoa-xa-{org.commune_code or 'chua-co-ma'}.khkey",
                                 "Khóa công khai (*.khkey)")
        if not path:
            return None
        try:
            written = self.ws.sync.save_key_card(path)
        except (AppError, OSError) as exc:
            dialogs.error(self, getattr(exc, "message", str(exc)), "Không lưu được tệp khóa")
            return None
        dialogs.info(self, f"Đã lưu tệp khóa công khai: {written}")
        return written
