"""In ấn: choose a document and its filters, generate it in the background, preview, print or save.

Printing paints the pages rendered by pypdfium2 at the printer's own resolution, at 100 % from the
paper's corner (full page), so text lands where the layout says on pre-printed blanks (phôi).
"""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..layout import fit_combo, scroll_panel
from ...domain.awards import STATUSES, AwardFilter
from ...domain.changes import Changes
from ...domain.errors import AppError
from ...pdf.base import Cancelled
from ...services import documents
from ...storage.files import atomic_write
from .. import dialogs
from ..page_changes import PageChanges
from ..operations import run_op
from ..forms.fields import DateEdit, combo_text, make_combo, set_items
from ...vietnamese import os_error_text

PREVIEW_SCALE = 0.9  # preview at ~65 dpi; big enough to read, small enough for many pages
ALL = "(Tất cả)"


def ask_print_dialog(parent, printer) -> bool:
    """The system print dialog (tests replace this function; none may open a modal dialog)."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("In")
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def render_page_image(page, scale: float) -> QImage:
    bitmap = page.render(scale=scale, rev_byteorder=True)
    fmt = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt)
    return image.copy()  # own the pixels


def pdf_page_images(data: bytes, scale: float = PREVIEW_SCALE, should_stop=lambda: False) -> list[QImage]:
    doc = pdfium.PdfDocument(data)
    try:
        images = []
        for i in range(len(doc)):
            if should_stop():
                raise Cancelled()
            images.append(render_page_image(doc[i], scale))
        return images
    finally:
        doc.close()


class RenderWorker(QThread):
    """Renders one document off the GUI thread: `job(progress)` → PDF bytes, then preview images."""

    progressed = Signal(int, int)
    done = Signal(bytes, list)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job, parent=None) -> None:
        super().__init__(parent)
        self.job = job
        self._stop = False

    def cancel(self) -> None:
        self._stop = True

    def _progress(self, done: int, total) -> bool:
        self.progressed.emit(done, total or 0)
        return not self._stop

    def run(self) -> None:
        try:
            data = self.job(self._progress)
            if self._stop:
                raise Cancelled()
            images = pdf_page_images(data, should_stop=lambda: self._stop)
            if self._stop:
                raise Cancelled()
        except Cancelled:
            self.cancelled.emit()
            return
        except AppError as exc:
            self.failed.emit(exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed silently
            self.failed.emit(f"Không tạo được tài liệu: {exc}")
            return
        self.done.emit(data, images)


class PrintPage(QWidget, PageChanges):
    title = "In ấn"
    changed = Signal()
    shows = frozenset({"award", "meeting", "voucher", "fund_opening", "catalog_item"})
    generated = Signal()

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.worker: RenderWorker | None = None
        self.pdf: bytes | None = None
        self.images: list[QImage] = []
        self.cert_job: documents.CertificateJob | None = None
        self.suggested_name = "tai-lieu.pdf"
        self.profiles = documents.certificate_profiles()

        self.kind = QComboBox()
        self.kind.setObjectName("document_kind")
        for key, label in documents.DOCUMENT_KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(self.kind.findData("award-list"))

        # -- filters per kind
        self.filters = QStackedWidget()
        self.award_box = QWidget()
        form = QFormLayout(self.award_box)
        self.school_year = make_combo(editable=False)
        self.school = make_combo(editable=False)
        self.category = make_combo(editable=False)
        self.status = QComboBox()
        self.status.addItem(ALL, "")
        for key, label in STATUSES.items():
            self.status.addItem(label, key)
        form.addRow("Năm học", self.school_year)
        form.addRow("Trường", self.school)
        form.addRow("Loại thành tích", self.category)
        form.addRow("Trạng thái", self.status)
        self.meeting_box = QWidget()
        form = QFormLayout(self.meeting_box)
        self.meeting = QComboBox()
        form.addRow("Cuộc họp", self.meeting)
        self.voucher_box = QWidget()
        form = QFormLayout(self.voucher_box)
        self.voucher_number = QLineEdit()
        self.voucher_number.setPlaceholderText("PT-2026-0001")
        form.addRow("Số phiếu", self.voucher_number)
        self.voucher_book = QLineEdit()
        self.voucher_book.setObjectName("voucher_book")
        self.voucher_book.setPlaceholderText("Quyển số của năm (để trống: điền tay)")
        form.addRow("Quyển số", self.voucher_book)
        self.voucher_number.editingFinished.connect(self._show_voucher_book)
        self.book_box = QWidget()
        form = QFormLayout(self.book_box)
        self.date_from, self.date_to = DateEdit(), DateEdit()
        today = self.ws.clock.today()
        self.date_from.set_value(date(today.year, 1, 1))
        self.date_to.set_value(today)
        form.addRow("Từ ngày", self.date_from)
        form.addRow("Đến ngày", self.date_to)
        self.class_box = QWidget()
        form = QFormLayout(self.class_box)
        self.class_year = QSpinBox()
        self.class_year.setRange(2000, 2100)
        self.class_year.setValue(today.year)
        form.addRow("Năm", self.class_year)
        for w in (self.award_box, self.meeting_box, self.voucher_box, self.book_box, self.class_box):
            self.filters.addWidget(w)

        # -- certificate options (blank forms)
        self.cert_box = QGroupBox("Giấy khen")
        form = QFormLayout(self.cert_box)
        self.mode = QComboBox()
        self.mode.addItem("In cả giấy khen (giấy trắng)", "full")
        self.mode.addItem("In chữ lên phôi có sẵn", "blank-form")
        self.profile = QComboBox()
        for p in self.profiles:
            self.profile.addItem(p.name)
        self.offset_x, self.offset_y = QDoubleSpinBox(), QDoubleSpinBox()
        for spin in (self.offset_x, self.offset_y):
            spin.setRange(-30, 30)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setSuffix(" mm")
        self.save_offset_button = QPushButton("Lưu độ lệch cho mẫu này")
        self.calibration_button = QPushButton("In trang căn chỉnh…")
        self.edit_profile_button = QPushButton("Sửa mẫu phôi…")
        self.edit_profile_button.setObjectName("edit_profile")
        self.profile_editor = None
        self.offset_preview = QLabel()
        self.offset_preview.setObjectName("offset_preview")
        self.offset_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offset_preview.setMinimumHeight(140)
        self.offset_preview.setStyleSheet("background: white; border: 1px solid #999;")
        # salutation of the chosen award category (a setting kept in the data file)
        self.salutation = QComboBox()
        self.salutation.setObjectName("salutation")
        self.salutation.addItem("Theo tuổi (dưới 18: Em)", "")
        for word in documents.SALUTATIONS:
            self.salutation.addItem(word, word)
        self.salutation.setToolTip("Cách gọi trước họ tên trên giấy khen của loại thành tích đang chọn")
        form.addRow("Cách gọi", self.salutation)
        form.addRow("Cách in", self.mode)
        form.addRow("Mẫu phôi", self.profile)
        form.addRow("Lệch ngang (+ sang phải)", self.offset_x)
        form.addRow("Lệch dọc (+ xuống dưới)", self.offset_y)
        form.addRow(self.save_offset_button)
        form.addRow(self.calibration_button)
        form.addRow(self.edit_profile_button)
        form.addRow(self.offset_preview)
        self.offset_timer = QTimer(self)
        self.offset_timer.setSingleShot(True)
        self.offset_timer.setInterval(250)
        self.offset_timer.timeout.connect(self.update_offset_preview)

        # -- actions
        self.generate_button = QPushButton("Tạo bản xem trước")
        self.generate_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Dừng")
        self.cancel_button.setEnabled(False)
        self.print_button = QPushButton("In…")
        self.save_button = QPushButton("Lưu PDF…")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(QLabel("Tài liệu"))
        left.addWidget(self.kind)
        left.addWidget(self.filters)
        left.addWidget(self.cert_box)
        left.addWidget(self.generate_button)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        left.addLayout(row)
        left.addWidget(self.status_label)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        left.addLayout(row)
        left.addStretch(1)
        left_w = QWidget()
        left_w.setLayout(left)
        for combo in (self.kind, self.status, self.meeting, self.mode, self.profile):
            fit_combo(combo, 16)  # a long meeting or profile name does not widen the panel
        # The settings scroll when the certificate offsets make them taller than the window; the panel is
        # as wide as its labels need at the current text size (a fixed 380 px cut them at 150 %).
        settings = scroll_panel(left_w)
        settings.floor = 380

        self.preview_host = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_host)
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_layout.setSpacing(12)
        self.preview = QScrollArea()
        self.preview.setObjectName("preview")
        self.preview.setWidgetResizable(True)
        self.preview.setWidget(self.preview_host)
        self.preview.setStyleSheet("QScrollArea { background: #8a8f96; } #preview > QWidget > QWidget { background: #8a8f96; }")
        self.page_labels: list[QLabel] = []

        layout = QHBoxLayout(self)
        layout.addWidget(settings)
        layout.addWidget(self.preview, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.category.currentIndexChanged.connect(self._show_salutation)
        self.salutation.activated.connect(self._save_salutation)
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self.offset_x.valueChanged.connect(self._offset_changed)
        self.offset_y.valueChanged.connect(self._offset_changed)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(lambda: self.print_document())
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.save_offset_button.clicked.connect(self.save_offset)
        self.calibration_button.clicked.connect(lambda: self.print_calibration())
        self.edit_profile_button.clicked.connect(lambda: self.open_profile_editor())
        self.reload()
        self._show_salutation()
        self._kind_changed()
        self._profile_changed()
        self._set_busy(False)

    # -- choices ------------------------------------------------------------------------
    def reload(self) -> None:
        cats = self.ws.catalogs
        set_items(self.school_year, [ALL] + sorted(cats.names("school_year"), reverse=True))
        set_items(self.school, [ALL] + cats.names("school"))
        set_items(self.category, [ALL] + cats.names("award_category"))
        self.meeting.clear()
        for m in self.ws.meetings.list():
            when = m.start.strftime("%d/%m/%Y") if m.start else ""
            self.meeting.addItem(f"{m.number} — {m.subject} ({when})", m.number)

    def on_activated(self) -> None:
        if not self.is_busy():
            self.reload()

    def _show_salutation(self) -> None:
        category = self.award_filter().category
        self.salutation.setEnabled(bool(category))
        chosen = documents.salutation_settings(self.ws).get(category, "") if category else ""
        self.salutation.setCurrentIndex(max(0, self.salutation.findData(chosen)))

    def _save_salutation(self) -> None:
        category = self.award_filter().category
        if category:
            documents.set_salutation(self.ws, category, self.salutation.currentData() or "")

    def _show_voucher_book(self) -> None:
        """The stored quyển số of the typed phiếu's year."""
        year = documents.voucher_year(self.voucher_number.text())
        if year is not None:
            self.voucher_book.setText(documents.voucher_book(self.ws, year))

    def current_kind(self) -> str:
        return self.kind.currentData()

    def set_kind(self, key: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(key))

    def _kind_changed(self) -> None:
        self._drop_document()
        key = self.current_kind()
        box = {"certificates": self.award_box, "award-list": self.award_box, "minutes": self.meeting_box,
               "voucher": self.voucher_box, "cash-book": self.book_box, "class-summary": self.class_box}[key]
        self.filters.setCurrentWidget(box)
        self.cert_box.setVisible(key == "certificates")
        self._mode_changed()

    def _mode_changed(self) -> None:
        if self.current_kind() == "certificates":
            self._drop_document("Đã đổi cách in")  # the other mode's file must not be printed
        blank = self.mode.currentData() == "blank-form"
        for w in (self.profile, self.offset_x, self.offset_y, self.save_offset_button, self.calibration_button,
                  self.edit_profile_button, self.offset_preview):
            w.setEnabled(blank)
        self.offset_preview.setVisible(blank)
        if blank:
            self.offset_timer.start()

    def _profile_changed(self) -> None:
        p = self.current_profile()
        if p is None:
            return
        for spin, value in ((self.offset_x, p.offset_x_mm), (self.offset_y, p.offset_y_mm)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.offset_timer.start()

    def _offset_changed(self) -> None:
        self.offset_timer.start()

    def current_profile(self):
        i = self.profile.currentIndex()
        if i < 0 or i >= len(self.profiles):
            return None
        return self.profiles[i].with_offset(self.offset_x.value(), self.offset_y.value())

    def award_filter(self) -> AwardFilter:
        def value(combo):
            text = combo_text(combo)
            return "" if text == ALL else text

        return AwardFilter(school_year=value(self.school_year), school=value(self.school),
                           category=value(self.category), status=self.status.currentData() or "")

    # -- generating ---------------------------------------------------------------------
    def build_job(self):
        """(job(progress) → bytes, suggested file name); reads the database on the GUI thread."""
        from ...pdf.award_list import render_award_list
        from ...pdf.cash_book import render_cash_book
        from ...pdf.certificate import render_certificates
        from ...pdf.minutes import render_minutes
        from ...pdf.voucher import render_voucher

        key = self.current_kind()
        self.cert_job = None
        if key == "certificates":
            job = documents.certificate_job(self.ws, self.award_filter())
            self.cert_job = job
            mode = self.mode.currentData()
            profile = self.current_profile() if mode == "blank-form" else None
            items = list(job.items)
            every = max(1, len(items) // 100)
            return (lambda progress: render_certificates(items, mode=mode, profile=profile, progress=progress,
                                                         progress_every=every)), "giay-khen.pdf"
        if key == "award-list":
            data = documents.award_list(self.ws, self.award_filter())
            return (lambda progress: render_award_list(data)), "danh-sach-nhan-thuong.pdf"
        if key == "minutes":
            number = self.meeting.currentData()
            if not number:
                raise AppError("Chưa có cuộc họp nào. Hãy nhập cuộc họp ở trang “Cuộc họp, biên bản”.")
            data = documents.minutes(self.ws, number)
            return (lambda progress: render_minutes(data)), f"bien-ban-{documents.file_slug(number)}.pdf"
        if key == "voucher":
            number = self.voucher_number.text().strip()
            if not number:
                raise AppError("Hãy nhập số phiếu, ví dụ PT-2026-0001.")
            data = documents.voucher(self.ws, number, book=self.voucher_book.text())
            return (lambda progress: render_voucher(data)), f"{documents.file_slug(data.number)}.pdf"
        if key == "class-summary":
            from ...pdf.class_summary import render_class_summary

            summary = documents.class_summary(self.ws, self.class_year.value())
            return (lambda progress: render_class_summary(summary)), f"tong-hop-lop-hoc-{summary.subtitle[-4:]}.pdf"
        try:
            d_from, d_to = self.date_from.value(), self.date_to.value()
        except ValueError:
            raise AppError("Ngày không đúng dạng nn/tt/nnnn.") from None
        if d_from is None or d_to is None:
            raise AppError("Hãy nhập đủ từ ngày và đến ngày.")
        data = documents.cash_book(self.ws, d_from, d_to)
        return (lambda progress: render_cash_book(data)), "so-quy-tien-mat.pdf"

    def generate(self) -> bool:
        if self.is_busy():
            return False
        try:
            job, name = self.build_job()
        except AppError as exc:
            self._show_status(exc.message, error=True)
            dialogs.error(self, exc.message)
            return False
        self.suggested_name = name
        self.clear_preview()
        self.progress.setRange(0, 0)
        self._show_status("Đang tạo tài liệu…")
        self.worker = RenderWorker(job, self)
        self.worker.progressed.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.finished.connect(self._on_finished)
        self._set_busy(True)
        self.worker.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self._show_status("Đang dừng…")

    def is_busy(self) -> bool:
        return self.worker is not None

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(f"{done}/{total} trang")

    def _on_done(self, data: bytes, images: list) -> None:
        self.pdf = data
        self.images = images
        self.show_images(images)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat("Xong")
        note = ""
        if self.cert_job is not None and self.cert_job.draft:
            note = " Đây là bản nháp (có dấu “BẢN NHÁP”), không cấp số vào sổ."
        elif self.cert_job is not None and self.cert_job.skipped_drafts:
            note = f" Bỏ qua {self.cert_job.skipped_drafts} bản ghi Nháp (chưa có quyết định khen thưởng)."
        self._show_status(f"Đã tạo {len(images)} trang. Xem lại rồi bấm “In…” hoặc “Lưu PDF…”.{note}")

    def _on_failed(self, message: str) -> None:
        self.cert_job = None
        self._reset_progress()
        self._show_status(message, error=True)
        dialogs.error(self, message)

    def _on_cancelled(self) -> None:
        self.cert_job = None
        self._reset_progress()
        self._show_status("Đã dừng; chưa tạo tài liệu nào.")

    def _on_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()
        self._set_busy(False)
        self.generated.emit()

    def _reset_progress(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")

    def _set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.kind.setEnabled(not busy)
        self.print_button.setEnabled(not busy and self.pdf is not None)
        self.save_button.setEnabled(not busy and self.pdf is not None)

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b00020;" if error else "")

    def _drop_document(self, why: str = "Đã đổi loại tài liệu") -> None:
        """The choice changed: the document made before is not the one asked for now, so it can be neither
        seen nor printed until "Tạo bản xem trước" makes the new one."""
        if self.pdf is None and not self.page_labels:
            return
        self.cert_job = None
        self.clear_preview()
        self._reset_progress()
        self._show_status(f"{why}: bấm “Tạo bản xem trước” để tạo tài liệu mới.")

    def refresh_for(self, changes) -> None:
        if self.is_busy():
            return  # the lists are re-read on the next visit (`on_activated`)
        self.reload()
        printed = self.cert_job is not None and self.cert_job.committed
        if any(changes.touches(t) for t in documents.DOCUMENT_TABLES[self.current_kind()]) and not (
                printed and set(changes.updated.get("award", [])) <= set(self.cert_job.uuids)):
            # the data behind the preview changed (the register numbers just given are already in it)
            self._drop_document("Dữ liệu vừa thay đổi")

    # -- preview ------------------------------------------------------------------------
    def clear_preview(self) -> None:
        self.pdf = None
        self.images = []
        for label in self.page_labels:
            self.preview_layout.removeWidget(label)
            label.hide()  # gone from the screen now; deleteLater waits for the event loop
            label.deleteLater()
        self.page_labels = []
        self._set_busy(self.is_busy())

    def show_images(self, images: list[QImage]) -> None:
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        for i, image in enumerate(images, 1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setToolTip(f"Trang {i}/{len(images)}")
            label.setStyleSheet("border: 1px solid #555; background: white;")
            self.preview_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)

    def preview_page_count(self) -> int:
        return len(self.page_labels)

    def update_offset_preview(self) -> None:
        """The first certificate on the chosen phôi with the current offset (drawn over a grey sheet)."""
        if self.mode.currentData() != "blank-form" or self.current_kind() != "certificates":
            return
        profile = self.current_profile()
        if profile is None:
            return
        from ...pdf.certificate import render_certificates

        if self.cert_job and self.cert_job.items:
            sample = self.cert_job.items[0]
        else:
            sample = documents.sample_certificate(self.ws.organisation, self.ws.clock.today())
        try:
            data = render_certificates([sample], mode="blank-form", profile=profile)
            image = pdf_page_images(data, scale=0.45)[0]
        except Exception as exc:  # noqa: BLE001
            self.offset_preview.setText(f"Không xem trước được: {exc}")
            return
        pixmap = QPixmap.fromImage(image)
        width = max(200, self.offset_preview.width() - 8)
        self.offset_preview.setPixmap(pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))

    # -- output -------------------------------------------------------------------------
    def _commit_print(self, write=None) -> bool:
        """Write (`write`, if given) and give register numbers on the first real print/save of certificates,
        through the one numbering path in services (a draft preview gets none)."""
        if self.cert_job is None or self.cert_job.committed:
            if write is not None:
                write()
            return True
        job = self.cert_job

        def commit():
            given = documents.issue_certificates(job, write)  # uuid → register number
            return given, Changes().add("updated", "award", *given)

        result = run_op(self, commit)
        if result is None:
            return False
        if result[0]:
            self._show_status(documents.issued_message(result[0]))
            self.changed.emit()
        return True

    def save_pdf(self, path: str | None = None) -> str | None:
        if self.pdf is None:
            return None
        path = path or dialogs.save_file(self, "Lưu PDF", self.suggested_name, "Tệp PDF (*.pdf)")
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        data = self.pdf
        try:
            if not self._commit_print(lambda: atomic_write(path, data)):
                return None
        except OSError as exc:
            dialogs.error(self, f"Không ghi được tệp “{path}”: {os_error_text(exc)}")
            return None
        self._show_status(f"Đã lưu {path}.")
        return path

    def print_document(self, printer=None) -> bool:
        if self.pdf is None:
            return False
        if not self.print_pdf(self.pdf, printer):
            return False
        return self._commit_print()

    def print_pdf(self, data: bytes, printer=None) -> bool:
        """Print PDF bytes: each page rendered at the printer's resolution, 100 % from the paper corner."""
        from PySide6.QtPrintSupport import QPrinter

        doc = pdfium.PdfDocument(data)
        try:
            w_pt, h_pt = doc[0].get_size()
            if printer is None:
                printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setFullPage(True)
            printer.setDocName(self.suggested_name)
            portrait_size = QSizeF(min(w_pt, h_pt), max(w_pt, h_pt))
            orientation = QPageLayout.Orientation.Landscape if w_pt > h_pt else QPageLayout.Orientation.Portrait
            printer.setPageLayout(QPageLayout(QPageSize(portrait_size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch),
                                              orientation, QMarginsF(0, 0, 0, 0)))
            if not ask_print_dialog(self, printer):
                return False
            painter = QPainter()
            if not painter.begin(printer):
                dialogs.error(self, "Không mở được máy in.")
                return False
            try:
                res = printer.resolution()
                for i in range(len(doc)):
                    if i:
                        printer.newPage()
                    page = doc[i]
                    pw, ph = page.get_size()
                    image = render_page_image(page, res / 72.0)
                    # 100 %: one PDF point is res/72 device pixels, placed at the paper's corner.
                    painter.drawImage(QRectF(0, 0, pw * res / 72.0, ph * res / 72.0), image)
            finally:
                painter.end()
        finally:
            doc.close()
        self._show_status("Đã gửi tới máy in.")
        return True

    def print_calibration(self, printer=None) -> bool:
        from ...pdf.certificate import render_calibration_page

        profile = self.current_profile()
        if profile is None:
            return False
        return self.print_pdf(render_calibration_page(profile), printer)

    def save_offset(self) -> None:
        profile = self.current_profile()
        if profile is None:
            return
        try:
            documents.save_certificate_profile(profile)
        except OSError as exc:
            dialogs.error(self, f"Không lưu được mẫu phôi: {exc}")
            return
        i = self.profile.currentIndex()
        self.profiles[i] = profile
        self._show_status(f"Đã lưu độ lệch cho mẫu “{profile.name}”.")

    def open_profile_editor(self):
        """The profile editor (non-blocking, window-modal) on the chosen phôi; the list follows its saves."""
        from ..forms.profile_editor import ProfileEditorDialog

        p = self.current_profile()
        sample = self.cert_job.items[0] if self.cert_job and self.cert_job.items else None
        editor = ProfileEditorDialog(self.ws, p.name if p else None, sample=sample, print_pdf=self.print_pdf,
                                     parent=self)
        editor.profiles_changed.connect(self.reload_profiles)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.destroyed.connect(lambda *_: setattr(self, "profile_editor", None))
        self.profile_editor = editor
        editor.open()
        return editor

    def reload_profiles(self, select: str = "") -> None:
        """Re-read the saved profiles (after the editor saved or deleted one) and choose `select`."""
        current = select or (self.profile.currentText() if self.profile.currentIndex() >= 0 else "")
        self.profiles = documents.certificate_profiles()
        self.profile.blockSignals(True)
        self.profile.clear()
        for p in self.profiles:
            self.profile.addItem(p.name)
        index = self.profile.findText(current) if current else 0
        self.profile.setCurrentIndex(max(0, index) if self.profiles else -1)
        self.profile.blockSignals(False)
        self._profile_changed()

    def shutdown(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(10_000)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)


def _stop_rendering_on_close(window) -> bool:
    """Before the main window closes: stop a running print job (it writes no file) and wait for it."""
    page = getattr(window, "pages", {}).get("printing")
    if page is not None and hasattr(page, "shutdown"):
        page.shutdown()
    return True


def _register_close_check() -> None:
    from .. import main_window

    if _stop_rendering_on_close not in main_window.CLOSE_CHECKS:
        main_window.CLOSE_CHECKS.append(_stop_rendering_on_close)


_register_close_check()
