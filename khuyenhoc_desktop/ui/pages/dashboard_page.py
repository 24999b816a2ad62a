"""Trang tổng quan (the home screen): this year's totals as tiles with the change against last year,
and four charts. Awards count as given by docs/numbers.md (drafts are shown apart as "chờ duyệt"). Every
number comes from `services.reporting.period_report` (GROUP BY queries only), through `home_report`, which
keeps the figures in the file under its write marker: a window opened on a file that has not changed since
shows them without loading the services or querying again. Clicking a bar of "khen thưởng theo loại" opens
the awards page filtered to that category."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...vietnamese import format_vnd
from ..fonts import emphasize
from ..page_changes import PageChanges

if TYPE_CHECKING:  # the report module and the charts load after the first paint
    from ...services.reporting import Compare
    from ..charts import BarChart

MONTHS = [f"T{m}" for m in range(1, 13)]
MAX_TILE_COLUMNS = 4

# key, title, unit ("đ" for money)
TILES = [
    ("awards_count", "Khen thưởng — số suất", "suất"),
    ("awards_amount", "Khen thưởng — số tiền", "đ"),
    ("fund_closing", "Tồn quỹ", "đ"),
    ("fund_raised", "Quỹ — đã thu", "đ"),
    ("fund_spent", "Quỹ — đã chi", "đ"),
    ("classes_count", "Lớp học — số lớp", "lớp"),
    ("classes_learners", "Lớp học — lượt người học", "lượt"),
    ("members_count", "Hội viên", "người"),  # on the register at the year's end (today), as the summary counts
    # the learning models: the recognised share of the list against the year's target (a setting)
    ("learning_family", "Gia đình học tập", "%"),
    ("learning_clan", "Dòng họ học tập", "%"),
    ("learning_community", "Cộng đồng học tập", "%"),
    ("learning_unit", "Đơn vị học tập", "%"),
]
LEARNING_PREFIX = "learning_"


def change_line(c: Compare, unit: str) -> str:
    if c.change == 0:
        return "Bằng năm trước"
    arrow = "▲" if c.change > 0 else "▼"
    pct = "" if c.percent is None else f" ({abs(c.percent):.1f}%)".replace(".", ",")
    return f"{arrow} {format_vnd(abs(c.change))} {unit}{pct} so với năm trước"


def pending_line(count: int, amount: int) -> str:
    """Drafts are not awards given (docs/numbers.md): they are shown beside the figure, not in it."""
    if not count:
        return ""
    return f"Chờ duyệt (chưa tính): {format_vnd(count)} suất, {format_vnd(amount)} đ"


def new_members_line(year: int, joined: int) -> str:
    return f"Kết nạp mới năm {year}: {format_vnd(joined)} người"


# One style sheet for every tile, set on the page: Qt parses each widget's own style sheet separately
# (28 of them for the tiles' frames and labels cost more than the rest of the home page).
TILE_STYLE = ("#tile { background: #f5f8fc; border: 1px solid #d6dfeb; border-radius: 8px; }"
              " #tile_title { color: #4a5a6a; } #tile_value { color: #1b2a3a; } #tile_note { color: #8a5a00; }")


class Tile(QFrame):
    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.title = QLabel(title)
        self.title.setObjectName("tile_title")
        self.value = QLabel("—")
        self.value.setObjectName("tile_value")
        emphasize(self.value, 1.55, bold=True)
        self.change = QLabel("")
        self.change.setWordWrap(True)
        self.note = QLabel("")  # e.g. the drafts not counted in the figure (chờ duyệt)
        self.note.setObjectName("tile_note")
        self.note.setWordWrap(True)
        self.note.hide()
        self.value.setMinimumWidth(10)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.change)
        layout.addWidget(self.note)
        layout.addStretch(1)  # a taller neighbour (one with a note) leaves the figure at the top, in line

    def show_value(self, c: Compare, unit: str) -> None:
        self.value.setText(f"{format_vnd(c.value)} {unit}")
        self.change.setText(change_line(c, unit))
        colour = "#1e7b34" if c.change > 0 else "#b3261e" if c.change < 0 else "#666"
        self.change.setStyleSheet(f"color: {colour};")
        self.setToolTip(f"Năm trước: {format_vnd(c.previous)} {unit}")

    def show_rate(self, m) -> None:
        """A learning model (`services.reporting.LearningCompare`): its share recognised, the change in
        percentage points, and the target."""
        p = m.percent
        self.value.setText("—" if p.value is None else f"{p.value:.1f} %".replace(".", ","))
        change = p.change
        if change is None:
            self.change.setText("")
        else:
            arrow = "▲" if change > 0 else "▼" if change < 0 else ""
            self.change.setText(f"{arrow} {abs(change):.1f} điểm % so với năm trước".replace(".", ",").strip()
                                if change else "Bằng năm trước")
            colour = "#1e7b34" if change > 0 else "#b3261e" if change < 0 else "#666"
            self.change.setStyleSheet(f"color: {colour};")
        note = f"Công nhận {format_vnd(m.recognised.value)}/{format_vnd(m.total.value)}"
        if m.target is not None:
            note += f" · chỉ tiêu {m.target:.0f} %"
        self.show_note(note)
        self.setToolTip(f"Đăng ký {format_vnd(m.registered.value)}; được công nhận {format_vnd(m.recognised.value)} "
                        f"trên {format_vnd(m.total.value)} trong danh sách")

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))


class DashboardPage(QWidget, PageChanges):
    shows = frozenset({"award", "voucher", "fund_opening", "bank_account", "learning_class", "class_learner", "meeting",
                       "member", "org_unit", "learning_subject", "learning_registration", "learning_citizen_count",
                       "settings"})

    category_requested = Signal(str)

    def __init__(self, ws, main_window=None, *, year: int | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.main_window = main_window
        self.year = year or ws.clock.today().year
        self.report = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self.heading = QLabel(self.heading_text())
        self.heading.setStyleSheet("color: #1f5fa8;")
        emphasize(self.heading, 1.35, bold=True)
        self._layout.addWidget(self.heading)
        self._tiles: dict[str, Tile] | None = None
        self.tile_columns = 0
        if main_window is None:
            self.refresh()
        else:
            # Inside the program the window appears first (with the heading) and the tiles and charts
            # come right after with their figures, so neither they nor a large data file hold up start-up.
            main_window.after_first_paint(self.refresh)

    # -- the tiles and charts, built on first use ------------------------------------------
    def _build_body(self) -> None:
        from ..charts import BarChart

        tiles_box = QWidget()
        tiles_box.setStyleSheet(TILE_STYLE)  # the tiles' only: the charts keep their palette
        self.tile_grid = QGridLayout(tiles_box)
        self.tile_grid.setContentsMargins(0, 0, 0, 0)
        self.tile_grid.setSpacing(10)
        self._tiles = {key: Tile(title) for key, title, _unit in TILES}
        self.arrange_tiles(MAX_TILE_COLUMNS)
        self._layout.addWidget(tiles_box)
        grid = QGridLayout()
        grid.setSpacing(10)
        self._category_chart = BarChart("Khen thưởng theo loại (bấm cột để xem)", unit="suất")
        self._category_chart.clickable = True
        self._month_chart = BarChart("Số tiền khen thưởng theo tháng", money=True)
        self._balance_chart = BarChart("Tồn quỹ cuối tháng", mode="line", money=True)
        self._field_chart = BarChart("Lớp học theo lĩnh vực (số lớp)", unit="lớp")
        for chart in self.charts:
            chart.setMinimumHeight(300)
            chart.setMinimumWidth(260)
        grid.addWidget(self._category_chart, 0, 0)
        grid.addWidget(self._month_chart, 0, 1)
        grid.addWidget(self._balance_chart, 1, 0)
        grid.addWidget(self._field_chart, 1, 1)
        self._layout.addLayout(grid, 1)
        self._category_chart.bar_clicked.connect(lambda _i, name: self.open_category(name))

    @property
    def tiles(self) -> dict[str, Tile]:
        if self._tiles is None:
            self._build_body()
        return self._tiles

    @property
    def charts(self) -> tuple[BarChart, BarChart, BarChart, BarChart]:
        self.tiles  # noqa: B018 - builds the body when not yet built
        return self._category_chart, self._month_chart, self._balance_chart, self._field_chart

    category_chart = property(lambda self: self.charts[0])
    month_chart = property(lambda self: self.charts[1])
    balance_chart = property(lambda self: self.charts[2])
    field_chart = property(lambda self: self.charts[3])

    def heading_text(self) -> str:
        return f"Tổng quan năm {self.year} — so với năm {self.year - 1}"

    # -- layout -----------------------------------------------------------------------------
    def arrange_tiles(self, columns: int) -> None:
        """Put the tiles in `columns` columns (fewer on a narrow window, so no figure is cut off)."""
        columns = max(1, min(MAX_TILE_COLUMNS, columns))
        if columns == self.tile_columns:
            return
        self.tile_columns = columns
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.tile_grid.addWidget(tile, i // columns, i % columns)
        for c in range(MAX_TILE_COLUMNS):
            self.tile_grid.setColumnStretch(c, 1 if c < columns else 0)

    def tile_width_needed(self) -> int:
        """The width a tile needs to show its whole figure (the widest one shown, or a 10-digit amount)."""
        sample = max((t.value.text() for t in self.tiles.values()), key=len, default="")
        metrics = self.tiles["awards_amount"].value.fontMetrics()
        widest = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance("9.999.999.999 đ"))
        return widest + 30  # the tile's margins (2 × 14) and border (2 × 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        if self._tiles is None:  # not built yet (before the first paint)
            return
        available = self.width() - 32 - 18  # the page margins (2 × 16) and a vertical scroll bar
        self.arrange_tiles((available + 10) // (self.tile_width_needed() + 10))

    # -- data -------------------------------------------------------------------------------
    def on_activated(self) -> None:
        self._pending = None  # re-read in full below
        self.refresh()

    def refresh_for(self, changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        from ...services.reporting import home_report, make_period  # loaded after the window shows

        r = home_report(self.ws, make_period(self.year))
        self.report = r
        names = (f"Năm {self.year}", f"Năm {self.year - 1}")
        for chart in self.charts:
            chart.series_names = names
        self.heading.setText(self.heading_text())
        for key, _title, unit in TILES:
            if not key.startswith(LEARNING_PREFIX):
                self.tiles[key].show_value(getattr(r, key), unit)
        for m in r.learning or ():
            self.tiles[LEARNING_PREFIX + m.kind].show_rate(m)
        self.tiles["awards_count"].show_note(pending_line(r.awards_pending_count.value, r.awards_pending_amount.value))
        self.tiles["members_count"].show_note(new_members_line(self.year, r.members_new.value))
        self._reflow()  # a longer figure may need wider tiles
        cats = r.awards_by_category
        self.category_chart.set_data([c.name for c in cats], [c.count.value for c in cats],
                                     [c.count.previous for c in cats])
        months = r.awards_amount_by_month
        self.month_chart.set_data([MONTHS[m.month - 1] for m in months], [m.value for m in months],
                                  [m.previous for m in months])
        bal = r.fund_balance_by_month
        self.balance_chart.set_data([MONTHS[m.month - 1] for m in bal], [m.value for m in bal],
                                    [m.previous for m in bal])
        fields = r.classes_by_field
        self.field_chart.set_data([f.name for f in fields], [f.count.value for f in fields],
                                  [f.count.previous for f in fields])

    # -- navigation -------------------------------------------------------------------------
    def open_category(self, name: str):
        """Open the awards page filtered to `name` (through the main window when there is one)."""
        self.category_requested.emit(name)
        window = self.main_window if self.main_window is not None else self.window()
        if hasattr(window, "show_page"):
            page = window.show_page("awards")
            page.set_filter_value("category", name)
            return page
        return None
