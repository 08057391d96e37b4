"""The map legend: faction colours (with their hatching and site-badge letters), the
front line, and site symbols. The player can drag it anywhere over the map."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ui import theme
from ui.map_layers import faction_badge_pixmap, svg_pixmap
from wargame.factions import FACTIONS

SITE_LABELS = (
    ("city", "City"), ("airbase", "Airbase"), ("naval_base", "Naval base"),
    ("oil_gas", "Oil / gas field"), ("dam", "Dam"), ("border_crossing", "Border crossing"),
)
DEFAULT_TITLE = "Control, December 2016"  # as the window titles the opening month once the game loads
MARGIN = 12  # pixels kept between the legend and the map's edges
COMPACT_BELOW = 620  # in a map shorter than this (pixels) the site symbols are left out
# A legend that would take more of the map than this (its height, its area) shows its title only.
COLLAPSE_HEIGHT = 0.45
COLLAPSE_AREA = 0.15


class Swatch(QWidget):
    """A faction's fill (hatched when the map is) with its badge letter, or a front-line sample."""

    def __init__(self, faction: str | None = None, line: bool = False) -> None:
        super().__init__()
        self.faction = faction
        self.colour = theme.faction_colour(faction, theme.FILL_ALPHA) if faction else None
        self.line = line
        self.hatched = False
        self.setFixedSize(40, 16)

    def set_hatched(self, on: bool) -> None:
        """Draw the faction's hatch pattern over the fill, as the map does."""
        self.hatched = on
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.line:
            painter.setPen(QPen(theme.FRONT_CASING, 5))
            painter.drawLine(2, 8, 24, 8)
            painter.setPen(QPen(theme.FRONT_LINE, 2.4))
            painter.drawLine(2, 8, 24, 8)
            return
        rect = QRectF(2, 1, 22, 14)
        painter.fillRect(rect, theme.SYRIA_LAND)  # the fill is translucent over the land, as on the map
        painter.fillRect(rect, self.colour)
        if self.hatched:
            painter.fillRect(rect, theme.hatch_brush(self.faction))
        painter.setPen(QPen(QColor("#555"), 0.8))
        painter.drawRect(rect)
        painter.drawPixmap(27, 2, faction_badge_pixmap(self.faction, 12))


class Legend(QFrame):
    """A translucent panel over the map, in its bottom-right corner until the player drags it.

    It keeps its distance from the nearest corner when the map is resized;
    ``setVisible(False)`` hides it. In a small map it leaves out the site
    symbols (set :attr:`compact` to True or False to decide instead). Where even so it would take more than
    COLLAPSE_HEIGHT of the map's height or COLLAPSE_AREA of its area, it shows its title only, with a button
    (or a click on the title) to open it; once the player opens or closes it, it stays so (:attr:`collapsed`).
    The map re-places its labels clear of it whenever it moves, shows or hides.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        from ui import text_size

        self._base_points = text_size.base_point_size()  # not the font now: it may be scaled already
        self._factor = 1.0
        self._apply_style(1.0)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip("Drag to move the legend")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 12, 8)
        column.setSpacing(3)
        self.header = QHBoxLayout()
        self.header.setSpacing(6)
        self.title = QLabel()
        self.header.addWidget(self.title, 1)
        self.toggle = QToolButton()
        self.toggle.setObjectName("legend_toggle")
        self.toggle.setAutoRaise(True)
        self.toggle.setFixedSize(16, 16)  # no taller than the title
        self.toggle.setCursor(Qt.CursorShape.ArrowCursor)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab to it, Space opens or closes the key
        self.toggle.clicked.connect(lambda: self.set_collapsed(not self.is_collapsed()))
        self.header.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(self.header)
        # The key under the title: shown unless the legend is collapsed.
        self.body = QWidget()
        column.addWidget(self.body)
        grid = QGridLayout(self.body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        self.set_title(DEFAULT_TITLE)
        row = 0
        self.swatches: list[Swatch] = []
        for faction in FACTIONS:
            swatch = Swatch(faction.id)
            self.swatches.append(swatch)
            grid.addWidget(swatch, row, 0)
            grid.addWidget(QLabel(faction.short), row, 1)
            row += 1
        grid.addWidget(Swatch(line=True), row, 0)
        grid.addWidget(QLabel("Front line"), row, 1)
        row += 1
        self.site_rows: list[QWidget] = []  # hidden in a small map (see COMPACT_BELOW)
        for kind, text in SITE_LABELS:
            icon = QLabel()
            icon.setPixmap(svg_pixmap(kind, 16))
            icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
            name = QLabel(text)
            grid.addWidget(icon, row, 0)
            grid.addWidget(name, row, 1)
            self.site_rows += [icon, name]
            row += 1
        self.compact: bool | None = None  # None: compact whenever the map is small
        self.collapsed: bool | None = None  # None: collapsed whenever the map is too small for the key
        note = QLabel("<span style='color:#555'>Ring and letter: who holds the site</span>")
        grid.addWidget(note, row, 0, 1, 2)
        # Where the legend stands: a corner of the map and the distance from it.
        self._corner = Qt.Corner.BottomRightCorner
        self._inset = QPoint(MARGIN, MARGIN)
        self._drag_from: QPoint | None = None
        self._dragged = False
        self._show_toggle()
        self.adjustSize()

    def set_title(self, text: str) -> None:
        """Set the heading, e.g. "Control, March 2017"."""
        self.title.setText(f"<b>{text}</b>")
        self.title_text = text
        self.adjustSize()

    def set_font_scale(self, factor: float) -> None:
        """Scale the legend's text (the map's font-size setting for projectors)."""
        self._apply_style(factor)
        self.adjustSize()
        self.reposition()

    def set_base_points(self, points: float) -> None:
        """The unscaled text size the legend's scale multiplies."""
        if points != self._base_points:
            self._base_points = points
            self.set_font_scale(self._factor)

    def _apply_style(self, factor: float) -> None:
        self._factor = factor
        # A style sheet stops fonts propagating to the labels: the size goes in the sheet.
        self.setStyleSheet(
            "#legend { background: rgba(255,255,255,225); border: 1px solid #9a968c; border-radius: 6px; }"
            f"QLabel {{ background: transparent; color: #1e1e1e; font-size: {self._base_points * factor:.1f}pt; }}"
        )

    def set_hatching(self, on: bool) -> None:
        """Show the hatch patterns in the swatches, to match the map."""
        for swatch in self.swatches:
            swatch.set_hatched(on)

    def hatching(self) -> bool:
        """True when the swatches show hatching."""
        return bool(self.swatches) and self.swatches[0].hatched

    def is_collapsed(self) -> bool:
        """True while only the title shows."""
        return self.body.isHidden()

    def set_collapsed(self, on: bool) -> None:
        """Show the title only (True) or the whole key (False), whatever the map's size, from now on."""
        self.collapsed = on
        self.reposition()

    def expanded_size(self) -> QSize:
        """The size of the legend with its key shown (as compact or not as it is now), collapsed or not."""
        margins, frame = self.layout().contentsMargins(), 2 * self.frameWidth()
        header, body = self.header.sizeHint(), self.body.sizeHint()
        return QSize(max(header.width(), body.width()) + margins.left() + margins.right() + frame,
                     header.height() + self.layout().spacing() + body.height() + margins.top() + margins.bottom()
                     + frame)

    def _fit(self) -> None:
        """Take the size of what shows now (the key's layout answers at once, not at the next event)."""
        self.body.layout().invalidate()
        self.body.updateGeometry()  # the window's layout caches the key's size until told
        self.layout().invalidate()
        self.adjustSize()

    def _too_big(self, parent: QWidget) -> bool:
        """Whether the key would take too much of ``parent`` (see COLLAPSE_HEIGHT and COLLAPSE_AREA)."""
        full = self.expanded_size()
        return (full.height() > COLLAPSE_HEIGHT * parent.height()
                or full.width() * full.height() > COLLAPSE_AREA * parent.width() * parent.height())

    def _show_sites(self, on: bool) -> None:
        if on != self.site_rows[0].isVisibleTo(self.body):
            for widget in self.site_rows:
                widget.setVisible(on)
            self._fit()

    def _show_toggle(self) -> None:
        collapsed = self.is_collapsed()
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if collapsed else Qt.ArrowType.DownArrow)
        words = "Show the legend's key" if collapsed else "Show the legend's title only"
        self.toggle.setToolTip(words)
        self.toggle.setAccessibleName(words)
        self.setToolTip("Drag to move the legend; click to show its key" if collapsed else "Drag to move the legend")

    def reposition(self) -> None:
        """Stand at the remembered distance from the remembered corner of the parent, inside it
        (compact and collapsed or not as the parent's size asks, unless told)."""
        parent = self.parentWidget()
        if parent is None:
            return
        compact = self.compact
        if compact is None:  # the site symbols go in a short map, or where the key would be too big with them
            self._show_sites(True)
            compact = parent.height() < COMPACT_BELOW or self._too_big(parent)
        self._show_sites(not compact)
        collapsed = self._too_big(parent) if self.collapsed is None else self.collapsed
        if collapsed != self.is_collapsed():
            self.body.setVisible(not collapsed)
            self._show_toggle()
            self._fit()
        right = self._corner in (Qt.Corner.TopRightCorner, Qt.Corner.BottomRightCorner)
        bottom = self._corner in (Qt.Corner.BottomLeftCorner, Qt.Corner.BottomRightCorner)
        x = parent.width() - self.width() - self._inset.x() if right else self._inset.x()
        y = parent.height() - self.height() - self._inset.y() if bottom else self._inset.y()
        self.move(self._clamped(QPoint(x, y)))

    def position_state(self) -> str:
        """Where the legend stands, as text for QSettings (see :meth:`restore_position`)."""
        return f"{self._corner.name},{self._inset.x()},{self._inset.y()}"

    def restore_position(self, state: str | None) -> None:
        """Stand where :meth:`position_state` said; ignore anything unreadable."""
        try:
            corner, x, y = str(state).split(",")
            self._corner = Qt.Corner[corner]
            self._inset = QPoint(int(x), int(y))
        except (KeyError, ValueError):
            return
        self.reposition()

    def move_to(self, top_left: QPoint) -> None:
        """Move (clamped inside the map) and remember the place relative to the nearest corner."""
        parent = self.parentWidget()
        top_left = self._clamped(top_left)
        if parent is not None:
            right_gap = parent.width() - top_left.x() - self.width()
            bottom_gap = parent.height() - top_left.y() - self.height()
            right = right_gap < top_left.x()
            bottom = bottom_gap < top_left.y()
            self._corner = {(False, False): Qt.Corner.TopLeftCorner, (True, False): Qt.Corner.TopRightCorner,
                            (False, True): Qt.Corner.BottomLeftCorner,
                            (True, True): Qt.Corner.BottomRightCorner}[right, bottom]
            self._inset = QPoint(right_gap if right else top_left.x(), bottom_gap if bottom else top_left.y())
        self.move(top_left)

    def _clamped(self, point: QPoint) -> QPoint:
        parent = self.parentWidget()
        if parent is None:
            return point
        x = max(0, min(point.x(), parent.width() - self.width()))
        y = max(0, min(point.y(), parent.height() - self.height()))
        return QPoint(x, y)

    # -- dragging -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position().toPoint()
            self._dragged = False
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._drag_from is not None:
            moved = event.position().toPoint() - self._drag_from
            self._dragged = self._dragged or moved.manhattanLength() >= QApplication.startDragDistance()
            self.move_to(self.mapToParent(moved))
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._drag_from is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            if not self._dragged and self.is_collapsed():
                self.set_collapsed(False)  # a click (not a drag) on a collapsed legend opens it
            event.accept()
        else:
            super().mouseReleaseEvent(event)
