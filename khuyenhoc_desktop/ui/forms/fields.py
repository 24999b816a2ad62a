"""Form building blocks: labelled fields with an error line under each (from a record kind's spec:
`FieldGrid.add_field`), money, date and number inputs, reading typed inputs (`Readings`), and the one
save sequence and save feedback of every record form (`KeyboardForm`, `SaveFeedback`)."""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterable, Mapping

from PySide6.QtCore import QEvent, QObject, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..layout import FlowLayout, fit_combo, flow_row
from ...domain.errors import AppError, FieldError, ValidationError
from ...vietnamese import format_date, format_vnd, normalize, parse_date, parse_vnd

ERROR_STYLE = "color: #b00020;"
LABEL_WRAP_CHARS = 20  # field labels longer than this wrap onto two lines
WARNING_STYLE = "color: #8a5a00;"


def fit_text_width(edit: QLineEdit, hint, sample: str):
    """`hint` widened so that `sample` fits in `edit` at its current font (it follows the zoom)."""
    need = edit.fontMetrics().horizontalAdvance(sample) + 2 * edit.fontMetrics().averageCharWidth() + 8
    return QSize(max(hint.width(), need), hint.height())


class MoneyEdit(QLineEdit):
    """Money typed with or without thousands separators ("1500000", "1.500.000", "1,5 triệu")."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0")
        self.editingFinished.connect(self._reformat)

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        return fit_text_width(self, super().minimumSizeHint(), "000.000.000")

    def value(self) -> int:
        text = self.text().strip()
        return parse_vnd(text) if text else 0

    def set_value(self, amount: int | None) -> None:
        self.setText(format_vnd(amount) if amount else "")

    def _reformat(self) -> None:
        try:
            self.set_value(self.value())
        except ValueError:
            pass  # the form shows the message at save time


class DateEdit(QLineEdit):
    """A date typed as dd/mm/yyyy (also 5/2/2026, 05-02-2026)."""

    def __init__(self, parent=None, allow_year_only: bool = False) -> None:
        super().__init__(parent)
        self.setPlaceholderText("nn/tt/nnnn" if not allow_year_only else "nn/tt/nnnn hoặc năm")
        self.setMaxLength(12)

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        # Wide enough for "15/03/2026" at any text size (a grid squeezed it to "15/03/2…" at 125 %).
        return fit_text_width(self, super().minimumSizeHint(), "00/00/00000")

    def value(self) -> date | None:
        text = self.text().strip()
        return parse_date(text) if text else None

    def set_value(self, d: date | None) -> None:
        self.setText(format_date(d) if d else "")


class IntEdit(QLineEdit):
    """A whole number typed with the keyboard; empty means 0."""

    def __init__(self, maximum: int = 1_000_000, parent=None) -> None:
        super().__init__(parent)
        self.setValidator(QIntValidator(0, maximum, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0")

    def value(self) -> int:
        text = self.text().strip()
        return int(text) if text else 0

    def set_value(self, n: int | None) -> None:
        self.setText(str(n) if n else "")


def make_save_button(text: str = "Lưu (Enter)") -> QPushButton:
    """The form's default button (Enter), object name "save_button"."""
    button = QPushButton(text)
    button.setObjectName("save_button")
    button.setDefault(True)
    return button


def make_status_line(object_name: str = "status_line") -> QLabel:
    """The word-wrapped line under a form's buttons that says what the last action did."""
    label = QLabel("")
    label.setObjectName(object_name)
    label.setWordWrap(True)
    return label


def make_button_row(left: Iterable[QWidget], right: Iterable[QWidget] = ()) -> FlowLayout:
    """The buttons of `left`, then those of `right` at the right; they wrap when the form is narrow."""
    return flow_row(list(left), list(right))


class _SpaceKeepsListClosed(QObject):
    """On a non-editable combo box a Space opens the list, which then takes the following Tabs and the
    user's place in the form; the list still opens with F4, Alt+Down or a click, and letters still choose."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        return (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space
                and not event.modifiers() and not watched.view().isVisible())


def make_combo(items: list[str] = (), editable: bool = True, parent=None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(editable)
    if not editable:
        combo.installEventFilter(_SpaceKeepsListClosed(combo))
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMaxVisibleItems(20)
    fit_combo(combo, 12)  # long catalogue names must not widen the form past the window
    set_items(combo, items)
    if editable:
        completer = QCompleter(list(items), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        combo.setCompleter(completer)
    return combo


def set_items(combo: QComboBox, items: list[str], keep_text: bool = True) -> None:
    text = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(list(items))
    if combo.isEditable():
        completer = combo.completer()
        if completer is not None and isinstance(completer.model(), QStringListModel):
            completer.model().setStringList(list(items))
        combo.setEditText(text if keep_text else "")
    elif text:
        index = combo.findText(text)
        combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def combo_text(combo: QComboBox) -> str:
    return normalize(combo.currentText())


def set_combo_text(combo: QComboBox, text: str) -> None:
    if combo.isEditable():
        combo.setEditText(text or "")
        return
    index = combo.findText(text or "")
    combo.setCurrentIndex(index if index >= 0 else 0)


class TwoLineLabel(QLabel):
    """A word-wrapped field label that always has room for two lines (a grid row is otherwise only as
    high as its field, and the second line was cut)."""

    def __init__(self, text: str, parent=None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), 2 * self.fontMetrics().lineSpacing()))


def show_start(widget: QWidget) -> None:
    """A text field filled by the program shows the beginning of a long value, not its end."""
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    if isinstance(edit, QLineEdit):
        # isModified() is False after setText() (the program) and True after typing or pasting.
        edit.textChanged.connect(lambda _text: None if edit.isModified() else edit.setCursorPosition(0))


class FieldGrid:
    """A two-column grid of labelled fields; each field has an error label under it."""

    def __init__(self, parent: QWidget, columns: int = 2) -> None:
        self.layout = QGridLayout()
        self.layout.setHorizontalSpacing(10)
        self.layout.setVerticalSpacing(2)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self._columns = columns
        self._row = 0
        self._col = 0
        self._parent = parent

    def add(self, name: str, label: str, widget: QWidget, span: int = 1, required: bool = False,
            wrap: bool | None = None) -> QWidget:
        if self._col + span > self._columns:
            self._next_row()
        text = f"{label} <span style='color:#b00020'>*</span>" if required else label
        # A long label takes two lines rather than widening the form; short ones never break unless `wrap`.
        wrap = len(label) > LABEL_WRAP_CHARS if wrap is None else wrap
        lab = (TwoLineLabel if wrap else QLabel)(text, self._parent)
        show_start(widget)
        lab.setBuddy(widget)
        err = QLabel("", self._parent)
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        err.setVisible(False)
        err.setObjectName(f"error_{name}")
        widget.setObjectName(name)
        grid_col = self._col * 2
        self.layout.addWidget(lab, self._row * 2, grid_col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.layout.addWidget(widget, self._row * 2, grid_col + 1, 1, span * 2 - 1)
        self.layout.addWidget(err, self._row * 2 + 1, grid_col + 1, 1, span * 2 - 1)
        self.widgets[name], self.errors[name], self.labels[name] = widget, err, lab
        self._col += span
        if self._col >= self._columns:
            self._next_row()
        return widget

    def add_field(self, field, widget: QWidget | None = None, *, span: int = 1, label: str | None = None) -> QWidget:
        """A field of a record kind's spec (`domain.specs.Field`): its label (unless the form words it
        its own way), its required mark, the input its type asks for (unless given) and, on a text
        input, its length limit."""
        widget = field_input(field) if widget is None else widget
        if type(widget) is QLineEdit and field.limit:
            widget.setMaxLength(field.limit)
        return self.add(field.name, label or field.label, widget, span, field.required)

    def _next_row(self) -> None:
        self._row += 1
        self._col = 0

    def set_error(self, name: str, message: str, warning: bool = False) -> None:
        label = self.errors.get(name)
        if label is None:
            return
        label.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        label.setText(message)
        label.setVisible(bool(message))

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.setText("")
            label.setVisible(False)

    def error_text(self, name: str) -> str:
        label = self.errors.get(name)
        return label.text() if label is not None and label.isVisible() else ""


def field_input(field) -> QWidget:
    """The input a field's type asks for: a fixed list (choices), a combo offering names (other
    choices), a date, an amount of money, a whole number, else a line of text."""
    if field.type == "choice":
        return make_combo(list(field.choices), editable=False) if field.choices else make_combo()
    if field.type == "date":
        return DateEdit()
    if field.type == "money":
        return MoneyEdit()
    if field.type in ("int", "year"):
        return IntEdit()
    return QLineEdit()


def set_input(widget: QWidget, value) -> None:
    """Show a draft's value in the input made for it."""
    if isinstance(widget, (DateEdit, MoneyEdit, IntEdit)):
        widget.set_value(value)
    elif isinstance(widget, QComboBox):
        set_combo_text(widget, value or "")
    else:
        widget.setText(value or "")


def input_text(widget: QWidget) -> str:
    """The text of a line or combo input (a combo's as `combo_text` reads it)."""
    return combo_text(widget) if isinstance(widget, QComboBox) else widget.text()


def show_problems(
    grid: FieldGrid,
    problems: Iterable,
    field_for: Callable[[str], str] = lambda name: name,
    widgets: Mapping[str, QWidget] | None = None,
) -> None:
    """Show each problem (a `FieldError`) under its field and put the cursor in the first field named.

    `field_for` maps a problem's field name to the form field that shows it (several checks can
    report on one input); `widgets` defaults to the grid's own fields.
    """
    problems = list(problems)
    widgets = grid.widgets if widgets is None else widgets
    for problem in problems:
        grid.set_error(field_for(problem.field), problem.message)
    first = next((widgets.get(field_for(p.field)) for p in problems), None)
    if first is not None:
        first.setFocus()


class Readings:
    """Reads a form's typed inputs, keeping a `FieldError` for each text that cannot be read (its value
    is then None), so that a form reports them all at once."""

    def __init__(self) -> None:
        self.problems: list[FieldError] = []

    def read(self, name: str, fn: Callable[[], object], message: str | None = None):
        """`fn()`, or None and a problem on `name` (`message`, else the reader's own) when it raises ValueError."""
        try:
            return fn()
        except ValueError as exc:
            self.problems.append(FieldError(name, message or str(exc)))
            return None

    def date(self, name: str, edit: DateEdit) -> date | None:
        return self.read(name, edit.value, f"Ngày “{edit.text()}” không hợp lệ (nhập dạng nn/tt/nnnn).")

    def money(self, name: str, edit: MoneyEdit) -> int:
        return self.read(name, edit.value, f"Số tiền “{edit.text()}” không đọc được.") or 0


class SaveFeedback:
    """Mixin: what a save that did not happen shows — warnings on their fields and a question, errors in
    red on their fields, other failures on the status line. The widget has `grid`, `w` and `status_line`
    and may map a problem's field to the input showing it (`_field_for`)."""

    SAVE_VERB = "lưu"  # in "Vẫn lưu?" / "Chưa lưu." (a voucher form "ghi phiếu")

    def confirm(self, text: str) -> bool:
        """Asked before saving over a warning or a probable duplicate; tests replace it."""
        from .. import dialogs

        return dialogs.ask(self, text, f"Xác nhận {self.SAVE_VERB}")

    def _field_for(self, name: str) -> str:
        return name

    def _mark_problems(self, problems, warning: bool = False) -> None:
        if warning:
            for problem in problems:
                self.grid.set_error(self._field_for(problem.field), problem.message, warning=True)
        else:
            show_problems(self.grid, problems, self._field_for, self.w)

    def _ask_over_warnings(self, ask) -> bool:
        self._mark_problems(ask.warnings, warning=True)
        if self.confirm(f"{ask.message}\n\nVẫn {self.SAVE_VERB}?"):
            return True
        self.status_line.setText(f"Chưa {self.SAVE_VERB}.")
        return False

    def _show_invalid(self, exc) -> None:
        self._mark_problems(exc.errors)
        self.status_line.setText(f"Chưa {self.SAVE_VERB}: hãy sửa các ô báo đỏ.")

    def _show_failure(self, exc) -> None:
        if isinstance(exc, ValidationError):
            self._show_invalid(exc)
        else:
            self.status_line.setText(exc.message)


class KeyboardForm(SaveFeedback):
    """Mixin (put before QWidget) for keyboard-first record forms: Enter saves, Esc cancels, and one
    save sequence for every kind (`save`).

    An open combo-box list keeps its Enter (it picks the item), and so does any widget for which
    `_keeps_enter(focused)` says so. Esc calls `_escape()`: on a form changed since it was filled
    (`mark_clean()`, compared through `read_form()`) it first asks `confirm_discard()`, then `_discard()`,
    which is `self.cancel()` unless overridden.
    """

    _clean_state = None
    record_table = ""  # the table of the records the form edits, for `follow_changes`

    # -- the save sequence ------------------------------------------------------------------------
    # A form provides `read_form()` (the draft and the fields that cannot be read), `_check_errors(draft)`
    # (the service's errors for it), `_write_call(draft)` (the service call, or None after saying why
    # not) and `_after_write(record, draft)` (what the form shows next; returns the saved uuid).
    def save(self) -> str | None:
        """Read the form, check it, write it through `run_op` (warnings asked once, errors shown on
        their fields), then `_after_write`. Returns the saved uuid, None when nothing was saved."""
        from ..operations import run_op

        if not self._may_save():
            return None
        self._clear_messages()
        try:
            draft = self._read_checked()
            write = self._write_call(draft)
        except ValidationError as exc:
            self._show_invalid(exc)
            return None
        if write is None:
            return None
        result = run_op(self, write, ask=self._ask_over_warnings, on_error=self._show_failure)
        if result is None:
            return None
        return self._after_write(result[0], draft)

    def _may_save(self) -> bool:
        return True

    def follow_changes(self, changes) -> None:
        """The record shown was changed or deleted elsewhere (e.g. from the list): show it as it is now,
        unless the user has typed changes of their own (saving them then reports the conflict)."""
        if self.current is None or self.is_dirty():
            return
        uuid, table = self.current.uuid, self.record_table
        if uuid in changes.deleted.get(table, []):
            self.new_record()
        elif uuid in changes.updated.get(table, []) or uuid in changes.created.get(table, []):
            self.load(uuid)

    def _identity(self) -> tuple[str | None, int | None]:
        """The uuid and version the form edits (None, None for a new record)."""
        return (self.current.uuid, self.current.version) if self.current is not None else (None, None)

    def _fetch(self, get: Callable[[str], object], uuid: str):
        """`get(uuid)`, or None with the reason on the status line (the record is gone)."""
        try:
            return get(uuid)
        except AppError as exc:
            self.status_line.setText(exc.message)
            return None

    def _clear_messages(self) -> None:
        self.grid.clear_errors()
        self.status_line.setText("")

    def _read_checked(self):
        """The draft as typed; with unreadable fields, a ValidationError naming them and every other
        problem the service finds, so that all are shown at once."""
        draft, unreadable = self.read_form()
        if unreadable:
            shown = {p.field for p in unreadable}
            raise ValidationError(unreadable + [e for e in self._check_errors(draft)
                                                if self._field_for(e.field) not in shown])
        return draft

    def cancel(self) -> None:
        """Drop what was typed: the record as stored again, or an empty form."""
        if self.current is not None:
            self.load(self.current.uuid)
            self.status_line.setText("Đã bỏ các thay đổi chưa lưu.")
        else:
            self.new_record()
        self.cancelled.emit()

    def _keeps_enter(self, focused) -> bool:
        return False

    def form_state(self):
        """What the form holds now, comparable with ==: the draft and the texts that cannot be read."""
        draft, problems = self.read_form()
        return draft, tuple(p.message for p in problems)

    def mark_clean(self) -> None:
        """Called after the form was filled: Esc without changes since then closes without asking."""
        self._clean_state = self.form_state()

    def is_dirty(self) -> bool:
        return self._clean_state is not None and self.form_state() != self._clean_state

    def confirm_discard(self) -> bool:
        """Asked on Esc over unsaved changes; tests replace it."""
        from .. import dialogs

        return dialogs.ask(self, "Bỏ các thay đổi chưa lưu trên biểu mẫu này?", "Bỏ thay đổi")

    def _escape(self) -> None:
        if self.is_dirty() and not self.confirm_discard():
            return
        self._discard()

    def _discard(self) -> None:
        self.cancel()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QComboBox) and focused.view().isVisible():
                return super().keyPressEvent(event)
            if self._keeps_enter(focused):
                return super().keyPressEvent(event)
            self.save()
            return
        if event.key() == Qt.Key.Key_Escape:
            self._escape()
            return
        super().keyPressEvent(event)


class RecordForm(KeyboardForm, QWidget):
    """The form of one record kind: edits `current` (None: a new record) of `record_table`; emits
    `saved(uuid)` after a successful save and `cancelled()` when its changes are dropped."""

    saved = Signal(str)
    cancelled = Signal()

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.current = None

    def spec_fields(self, spec, order: Iterable[str], title: str, *, own: Mapping[str, QWidget] | None = None,
                    wide: Iterable[str] = (), labels: Mapping[str, str] | None = None,
                    extra: Mapping[str, tuple[str, QWidget]] | None = None) -> dict[str, QWidget]:
        """The form's title ("Thêm … mới") and a one-column grid of the kind's fields in `order`, as its
        `spec` declares them: the input their type asks for unless the form gives its `own`, two columns
        wide for `wide`, the form's own wording from `labels`; `extra` are inputs that are not one field
        (label, widget), such as a birth typed as a date or a year. Sets `title`, `grid` and `w`."""
        from PySide6.QtWidgets import QLabel

        self.title = QLabel(f"<b>{title}</b>")
        self.title.setObjectName("form_title")
        self.grid = FieldGrid(self, columns=1)
        own, labels, extra, wide = own or {}, labels or {}, extra or {}, set(wide)
        self.w = {}
        for name in order:
            if name in extra:
                self.w[name] = self.grid.add(name, *extra[name])
            else:
                self.w[name] = self.grid.add_field(spec.field(name), own.get(name), span=2 if name in wide else 1,
                                                   label=labels.get(name))
        return self.w

    def lay_out(self, buttons: Iterable[QWidget], right: Iterable[QWidget] = (), status: str = "form_status"):
        """Title, fields, the button row (Lưu … at the left, `right` at the right) and the status line, one
        under the other; Lưu saves and the cancel button (if any) drops the changes. Returns the layout, for
        what the form adds below."""
        from PySide6.QtWidgets import QVBoxLayout

        self.status_line = make_status_line(status)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.grid.layout)
        layout.addLayout(make_button_row(buttons, right))
        layout.addWidget(self.status_line)
        self.save_button.clicked.connect(self.save)
        if getattr(self, "cancel_button", None) is not None:
            self.cancel_button.clicked.connect(self.cancel)
        return layout
