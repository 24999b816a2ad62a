"""Sửa mẫu phôi: the fields of a blank-form layout profile in a table, with a live preview.

Every edit re-validates the values (messages in Vietnamese next to the table) and, 300 ms after the
last one, re-renders the sample certificate in blank-form mode. "Lưu" stores the profile through
`services.documents`; "Lưu thành mẫu mới…" stores a copy under a new name; "Xóa mẫu" removes a user
profile (never a shipped one); "In trang căn chỉnh…" prints the calibration sheet of the values shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain.errors import AppError
from ...domain.printables import CERTIFICATE_FIELDS, CertificateData, CertificateLayoutProfile, FieldBox
from ...services import documents
from .. import dialogs
from ..layout import resize_to_fit
from .fields import ERROR_STYLE

FIELD_LABELS = {
    "tang": "Chữ “TẶNG”",
    "issuing_body": "Cơ quan cấp (dòng đỏ)",
    "parent_body": "Cơ quan chủ quản",
    "name": "Họ và tên",
    "details": "Lớp/trường",
    "achievement": "Thành tích",
    "school_year": "Năm học",
    "decision": "Số quyết định",
    "register": "Số vào sổ",
    "place_date": "Ngày tháng",
    "signer_authority": "Thẩm quyền ký (TM. …)",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Người ký",
}
PAPER_LABELS = {"A4": "A4 (210 × 297 mm)", "A3": "A3 (297 × 420 mm)"}
ORIENTATION_LABELS = {"landscape": "Ngang", "portrait": "Dọc"}
ALIGN_LABELS = {"left": "Trái", "center": "Giữa", "right": "Phải"}

COL_FIELD, COL_X, COL_Y, COL_W, COL_SIZE, COL_BOLD, COL_ITALIC, COL_ALIGN = range(8)
HEADERS = ["Trường (in)", "X (mm)", "Y (mm)", "Rộng (mm)", "Cỡ chữ (pt)", "Đậm", "Nghiêng", "Căn lề"]
NUMBER_COLS = {COL_X: "x_mm", COL_Y: "y_mm", COL_W: "width_mm", COL_SIZE: "font_size"}
MIN_FONT, MAX_FONT = 6.0, 72.0
PREVIEW_DELAY_MS = 300
PREVIEW_SCALE = 0.6
BAD_CELL = QColor("#f8d7da")


def format_number(value: float) -> str:
    return f"{round(float(value), 2):g}".replace(".", ",")


def parse_number(text: str) -> float:
    """ "12,5" or "12.5" → 12.5; ValueError for anything else."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        raise ValueError(text)
    return float(cleaned)


def _paper_mm(paper: str, orientation: str) -> tuple[float, float]:
    from ...pdf.certificate import page_size_mm

    return page_size_mm(paper, orientation)


class ProfileEditorDialog(QDialog):
    """Edit the blank-form layout profiles; `profiles_changed(name)` after a save or delete."""

    profiles_changed = Signal(str)

    def __init__(self, ws=None, profile_name: str | None = None, sample: CertificateData | None = None,
                 print_pdf: Callable[..., bool] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sửa mẫu phôi giấy khen")
        self.setObjectName("profile_editor")
        self.ws = ws
        self.sample = sample
        self._print_pdf = print_pdf
        self.profiles: list[CertificateLayoutProfile] = documents.certificate_profiles()
        self.defaults = documents.default_profile_names()
        self.errors: list[str] = []
        self.dirty = False
        self.preview_count = 0  # how many times the preview was rendered (tests wait on it)
        self._loading = False
        self._current: CertificateLayoutProfile | None = None
        self._align_boxes: list[QComboBox] = []

        # -- top: which profile, paper, orientation, printer offset
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profile_name")
        self.paper = QComboBox()
        for key, label in PAPER_LABELS.items():
            self.paper.addItem(label, key)
        self.orientation = QComboBox()
        for key, label in ORIENTATION_LABELS.items():
            self.orientation.addItem(label, key)
        self.offset_x, self.offset_y = QDoubleSpinBox(), QDoubleSpinBox()
        for spin in (self.offset_x, self.offset_y):
            spin.setRange(-30, 30)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setSuffix(" mm")
        self.kind_label = QLabel()
        self.kind_label.setStyleSheet("color: #555;")
        top = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.profile_combo, 1)
        row.addWidget(self.kind_label)
        top.addRow("Mẫu phôi", row)
        row = QHBoxLayout()
        row.addWidget(self.paper)
        row.addWidget(QLabel("Hướng giấy"))
        row.addWidget(self.orientation)
        row.addStretch(1)
        top.addRow("Khổ giấy", row)
        row = QHBoxLayout()
        row.addWidget(QLabel("Ngang (+ sang phải)"))
        row.addWidget(self.offset_x)
        row.addWidget(QLabel("Dọc (+ xuống dưới)"))
        row.addWidget(self.offset_y)
        row.addStretch(1)
        top.addRow("Độ lệch máy in", row)

        # -- the field table
        self.table = QTableWidget(len(CERTIFICATE_FIELDS), len(HEADERS))
        self.table.setObjectName("profile_fields")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for row_i, key in enumerate(CERTIFICATE_FIELDS):
            item = QTableWidgetItem(FIELD_LABELS[key])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip("Đánh dấu để in trường này lên phôi")
            self.table.setItem(row_i, COL_FIELD, item)
            for col in NUMBER_COLS:
                cell = QTableWidgetItem("")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row_i, col, cell)
            for col in (COL_BOLD, COL_ITALIC):
                cell = QTableWidgetItem("")
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row_i, col, cell)
            align = QComboBox()
            for a_key, label in ALIGN_LABELS.items():
                align.addItem(label, a_key)
            align.currentIndexChanged.connect(self._edited)
            self.table.setCellWidget(row_i, COL_ALIGN, align)
            self._align_boxes.append(align)
        self.table.setMinimumWidth(560)

        self.messages = QLabel()
        self.messages.setObjectName("profile_messages")
        self.messages.setWordWrap(True)
        self.messages.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.messages.setMinimumWidth(220)
        self.messages.setMaximumWidth(260)
        self.messages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        # -- preview
        self.preview = QLabel()
        self.preview.setObjectName("profile_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(420, 300)
        self.preview.setStyleSheet("background: #8a8f96; border: 1px solid #555;")
        self.preview_note = QLabel("Xem trước phần chữ in lên phôi (giấy khen đầu tiên đã chọn, hoặc một ví dụ)")
        self.preview_note.setStyleSheet("color: #555;")
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.update_preview)

        # -- buttons
        self.save_button = QPushButton("Lưu")
        self.save_button.setDefault(True)
        self.save_as_button = QPushButton("Lưu thành mẫu mới…")
        self.delete_button = QPushButton("Xóa mẫu")
        self.calibration_button = QPushButton("In trang căn chỉnh…")
        self.close_button = QPushButton("Đóng")

        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.messages)
        right = QVBoxLayout()
        right.addWidget(self.preview_note)
        right.addWidget(self.preview, 1)
        body.addLayout(right, 3)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.save_as_button, self.delete_button, self.calibration_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        resize_to_fit(self, 1280, 620)

        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        self.paper.currentIndexChanged.connect(self._edited)
        self.orientation.currentIndexChanged.connect(self._edited)
        self.offset_x.valueChanged.connect(self._edited)
        self.offset_y.valueChanged.connect(self._edited)
        self.table.itemChanged.connect(self._edited)
        self.save_button.clicked.connect(lambda: self.save())
        self.save_as_button.clicked.connect(lambda: self.save_as())
        self.delete_button.clicked.connect(lambda: self.delete_profile())
        self.calibration_button.clicked.connect(lambda: self.print_calibration())
        self.close_button.clicked.connect(self.reject)

        self._fill_combo(profile_name)

    # -- loading ----------------------------------------------------------------------
    def _fill_combo(self, select: str | None) -> None:
        self._loading = True
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for p in self.profiles:
            label = p.name if p.name not in self.defaults else f"{p.name} (mẫu có sẵn)"
            self.profile_combo.addItem(label, p.name)
        index = self.profile_combo.findData(select) if select else 0
        self.profile_combo.setCurrentIndex(max(0, index))
        self.profile_combo.blockSignals(False)
        self._loading = False
        self._load(self.profiles[self.profile_combo.currentIndex()] if self.profiles else None)

    def _profile_chosen(self) -> None:
        name = self.profile_combo.currentData()
        previous = self._current.name if self._current else None
        if name == previous:
            return
        if self.dirty and not dialogs.ask(self, f"Mẫu “{previous}” có thay đổi chưa lưu. Bỏ các thay đổi đó?"):
            self.profile_combo.blockSignals(True)
            self.profile_combo.setCurrentIndex(self.profile_combo.findData(previous))
            self.profile_combo.blockSignals(False)
            return
        self._load(next((p for p in self.profiles if p.name == name), None))

    def _load(self, profile: CertificateLayoutProfile | None) -> None:
        self._current = profile
        self._loading = True
        try:
            enabled = profile is not None
            for w in (self.table, self.paper, self.orientation, self.offset_x, self.offset_y, self.save_button,
                      self.save_as_button, self.calibration_button):
                w.setEnabled(enabled)
            if profile is None:
                self.kind_label.setText("Chưa có mẫu phôi nào.")
                self.delete_button.setEnabled(False)
                return
            self.paper.setCurrentIndex(self.paper.findData(profile.paper))
            self.orientation.setCurrentIndex(self.orientation.findData(profile.orientation))
            self.offset_x.setValue(profile.offset_x_mm)
            self.offset_y.setValue(profile.offset_y_mm)
            seeds = self._seed_boxes(profile)
            for row, key in enumerate(CERTIFICATE_FIELDS):
                box = profile.fields.get(key) or seeds[key]
                self.table.item(row, COL_FIELD).setCheckState(
                    Qt.CheckState.Checked if key in profile.fields else Qt.CheckState.Unchecked)
                for col, attr in NUMBER_COLS.items():
                    self.table.item(row, col).setText(format_number(getattr(box, attr)))
                self.table.item(row, COL_BOLD).setCheckState(Qt.CheckState.Checked if box.bold else Qt.CheckState.Unchecked)
                self.table.item(row, COL_ITALIC).setCheckState(
                    Qt.CheckState.Checked if box.italic else Qt.CheckState.Unchecked)
                align = self._align_boxes[row]
                align.setCurrentIndex(max(0, align.findData(box.align)))
            is_default = profile.name in self.defaults
            self.delete_button.setEnabled(not is_default)
            self.delete_button.setToolTip("Mẫu có sẵn của chương trình không xóa được." if is_default else "")
            self.kind_label.setText("Mẫu có sẵn" if is_default else "Mẫu do bạn tạo")
        finally:
            self._loading = False
        self.dirty = False
        self.validate()
        self.preview_timer.start()

    @staticmethod
    def _seed_boxes(profile: CertificateLayoutProfile) -> dict[str, FieldBox]:
        """Positions offered for fields the profile does not print yet (the full-page layout)."""
        from ...pdf.certificate import seed_fields

        seeds = seed_fields(profile.orientation)
        scale = 2 ** 0.5 if profile.paper == "A3" else 1.0
        out = {}
        for key in CERTIFICATE_FIELDS:
            box = seeds.get(key) or seeds.get("signer_title") or FieldBox(20, 20, 100)
            if scale != 1.0:
                box = replace(box, x_mm=round(box.x_mm * scale, 1), y_mm=round(box.y_mm * scale, 1),
                              width_mm=round(box.width_mm * scale, 1), font_size=round(box.font_size * scale, 1))
            out[key] = box
        return out

    # -- editing ----------------------------------------------------------------------
    def _edited(self, *args) -> None:
        if self._loading:
            return
        self.dirty = True
        self.validate()
        self.preview_timer.start()

    def set_cell(self, field_key: str, column: int, text: str) -> None:
        """Type `text` into a cell of the table (used by tests and scripts)."""
        self.table.item(CERTIFICATE_FIELDS.index(field_key), column).setText(text)

    def profile_name(self) -> str | None:
        return self._current.name if self._current else None

    def collect(self) -> tuple[CertificateLayoutProfile | None, list[str]]:
        """The profile shown in the editor, or None and the Vietnamese messages saying what is wrong."""
        if self._current is None:
            return None, ["Chưa có mẫu phôi nào."]
        paper, orientation = self.paper.currentData(), self.orientation.currentData()
        w_mm, h_mm = _paper_mm(paper, orientation)
        errors: list[str] = []
        bad: set[tuple[int, int]] = set()
        boxes: dict[str, FieldBox] = {}
        for row, key in enumerate(CERTIFICATE_FIELDS):
            if self.table.item(row, COL_FIELD).checkState() != Qt.CheckState.Checked:
                continue
            label = FIELD_LABELS[key]
            values: dict[str, float] = {}
            for col, attr in NUMBER_COLS.items():
                text = self.table.item(row, col).text()
                try:
                    values[attr] = parse_number(text)
                except ValueError:
                    errors.append(f"{label}: “{text}” ở cột {HEADERS[col]} không phải là số.")
                    bad.add((row, col))
            if len(values) < len(NUMBER_COLS):
                continue
            x, y, width, size = values["x_mm"], values["y_mm"], values["width_mm"], values["font_size"]
            if not 0 <= x < w_mm:
                errors.append(f"{label}: X phải từ 0 đến {format_number(w_mm)} mm (trong khổ giấy).")
                bad.add((row, COL_X))
            if not 0 < y <= h_mm:
                errors.append(f"{label}: Y phải lớn hơn 0 và không quá {format_number(h_mm)} mm (trong khổ giấy).")
                bad.add((row, COL_Y))
            if width <= 0:
                errors.append(f"{label}: chiều rộng phải lớn hơn 0 mm.")
                bad.add((row, COL_W))
            elif (row, COL_X) not in bad and x + width > w_mm + 0.05:
                errors.append(f"{label}: ô chữ vượt ra ngoài mép phải tờ giấy (X + rộng = "
                              f"{format_number(x + width)} mm > {format_number(w_mm)} mm).")
                bad.add((row, COL_W))
            if not MIN_FONT <= size <= MAX_FONT:
                errors.append(f"{label}: cỡ chữ phải từ {MIN_FONT:g} đến {MAX_FONT:g} pt.")
                bad.add((row, COL_SIZE))
            if any((row, c) in bad for c in NUMBER_COLS):
                continue
            base = self._current.fields.get(key) or FieldBox(x, y, width)
            bold = self.table.item(row, COL_BOLD).checkState() == Qt.CheckState.Checked
            italic = self.table.item(row, COL_ITALIC).checkState() == Qt.CheckState.Checked
            min_size = base.min_font_size if base.min_font_size <= size else 0.0
            boxes[key] = replace(base, x_mm=x, y_mm=y, width_mm=width, font_size=size, bold=bold, italic=italic,
                                 align=self._align_boxes[row].currentData(), min_font_size=min_size)
        if not errors and not boxes:
            errors.append("Hãy đánh dấu ít nhất một trường để in lên phôi.")
        self._mark_bad(bad)
        if errors:
            return None, errors
        try:
            profile = CertificateLayoutProfile(
                name=self._current.name, paper=paper, orientation=orientation,
                offset_x_mm=self.offset_x.value(), offset_y_mm=self.offset_y.value(),
                fields={k: boxes[k] for k in CERTIFICATE_FIELDS if k in boxes})
        except ValueError as exc:
            return None, [str(exc)]
        return profile, []

    def _mark_bad(self, bad: set[tuple[int, int]]) -> None:
        self.table.blockSignals(True)
        try:
            for row in range(len(CERTIFICATE_FIELDS)):
                printed = self.table.item(row, COL_FIELD).checkState() == Qt.CheckState.Checked
                for col in (*NUMBER_COLS, COL_BOLD, COL_ITALIC):
                    item = self.table.item(row, col)
                    if (row, col) in bad:
                        item.setBackground(QBrush(BAD_CELL))
                    elif printed:
                        item.setBackground(QBrush())
                    else:
                        item.setBackground(QBrush(QColor("#eeeeee")))
                    item.setForeground(QBrush(QColor("#000000" if printed else "#888888")))
        finally:
            self.table.blockSignals(False)

    def validate(self) -> bool:
        _, self.errors = self.collect()
        if self.errors:
            self.messages.setStyleSheet(ERROR_STYLE)
            self.messages.setText("Chưa lưu được:\n• " + "\n• ".join(self.errors))
        else:
            self.messages.setStyleSheet("color: #1b5e20;")
            self.messages.setText("Các giá trị hợp lệ." + (" Bấm “Lưu” để ghi lại." if self.dirty else ""))
        return not self.errors

    # -- preview ----------------------------------------------------------------------
    def current_sample(self) -> CertificateData:
        if self.sample is None:
            from ...domain.clock import SystemClock
            from ...domain.organisation import Organisation

            # without a workspace (the editor opened on its own) the computer's calendar dates the sample
            org, clock = (self.ws.organisation, self.ws.clock) if self.ws is not None else (Organisation(), SystemClock())
            self.sample = documents.sample_certificate(org, clock.today())
        return self.sample

    def update_preview(self) -> None:
        """Render the sample certificate in blank-form mode with the values shown (if they are valid)."""
        self.preview_timer.stop()
        profile, errors = self.collect()
        if profile is None:
            return  # keep the last good preview; the messages say what is wrong
        from ...pdf.certificate import render_certificates
        from ..pages.print_page import pdf_page_images

        try:
            data = render_certificates([self.current_sample()], mode="blank-form", profile=profile)
            image = pdf_page_images(data, scale=PREVIEW_SCALE)[0]
        except Exception as exc:  # noqa: BLE001 - shown in the preview box
            self.preview.setText(f"Không xem trước được: {exc}")
            return
        pixmap = QPixmap.fromImage(image)
        box_w, box_h = max(200, self.preview.width() - 12), max(150, self.preview.height() - 12)
        self.preview.setPixmap(pixmap.scaled(box_w, box_h, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))
        self.preview_image = image
        self.preview_count += 1

    # -- actions ----------------------------------------------------------------------
    def _valid_profile(self) -> CertificateLayoutProfile | None:
        profile, errors = self.collect()
        self.validate()
        if profile is None:
            dialogs.warning(self, "Chưa lưu được mẫu phôi:\n" + "\n".join(errors))
        return profile

    def _store(self, profile: CertificateLayoutProfile) -> bool:
        try:
            documents.save_certificate_profile(profile)
        except (OSError, AppError) as exc:
            dialogs.error(self, f"Không lưu được mẫu phôi: {getattr(exc, 'message', None) or exc}")
            return False
        self.profiles = documents.certificate_profiles()
        self.dirty = False
        self._fill_combo(profile.name)
        self.messages.setStyleSheet("color: #1b5e20;")
        self.messages.setText(f"Đã lưu mẫu “{profile.name}”.")
        self.profiles_changed.emit(profile.name)
        return True

    def save(self) -> bool:
        profile = self._valid_profile()
        return profile is not None and self._store(profile)

    def save_as(self) -> bool:
        profile = self._valid_profile()
        if profile is None:
            return False
        name = dialogs.ask_text(self, "Tên mẫu phôi mới:", "Lưu thành mẫu mới", f"{profile.name} (bản sao)")
        name = (name or "").strip()
        if not name:
            return False
        from ...vietnamese import fold

        if any(fold(p.name) == fold(name) for p in self.profiles):
            dialogs.warning(self, f"Đã có mẫu phôi tên “{name}”. Hãy chọn tên khác.")
            return False
        return self._store(replace(profile, name=name))

    def delete_profile(self) -> bool:
        name = self.profile_name()
        if name is None:
            return False
        if name in self.defaults:
            dialogs.warning(self, f"“{name}” là mẫu phôi có sẵn của chương trình, không xóa được.")
            return False
        if not dialogs.ask(self, f"Xóa mẫu phôi “{name}”? Không hoàn tác được."):
            return False
        try:
            documents.delete_certificate_profile(name)
        except (OSError, AppError) as exc:
            dialogs.error(self, f"Không xóa được mẫu phôi: {getattr(exc, 'message', None) or exc}")
            return False
        self.profiles = documents.certificate_profiles()
        self.dirty = False
        self._current = None
        self._fill_combo(None)
        self.profiles_changed.emit(self.profile_name() or "")
        return True

    def calibration_pdf(self) -> bytes | None:
        from ...pdf.certificate import render_calibration_page

        profile = self._valid_profile()
        return None if profile is None else render_calibration_page(profile)

    def print_calibration(self, printer=None) -> bool:
        """Print (through the print page) or, standalone, save the calibration sheet of the values shown."""
        data = self.calibration_pdf()
        if data is None:
            return False
        if self._print_pdf is not None:
            return bool(self._print_pdf(data, printer))
        path = dialogs.save_file(self, "Lưu trang căn chỉnh", "trang-can-chinh.pdf", "Tệp PDF (*.pdf)")
        if not path:
            return False
        from ...storage.files import atomic_write

        atomic_write(path, data)
        return True

    def reject(self) -> None:
        if self.dirty and not dialogs.ask(self, "Mẫu phôi có thay đổi chưa lưu. Đóng mà không lưu?"):
            return
        super().reject()
