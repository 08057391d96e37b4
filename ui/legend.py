"""The map legend: faction colours, the front line, and site symbols."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from ui import theme
from ui.map_layers import svg_pixmap
from wargame.factions import FACTIONS

SITE_LABELS = (
    ("city", "City"), ("airbase", "Airbase"), ("naval_base", "Naval base"),
    ("oil_gas", "Oil / gas field"), ("dam", "Dam"), ("border_crossing", "Border crossing"),
)


class Swatch(QWidget):
    """A small filled square, or a line sample for the front."""

    def __init__(self, colour: QColor | None, line: bool = False) -> None:
        super().__init__()
        self.colour = colour
        self.line = line
        self.setFixedSize(26, 16)

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
        painter.fillRect(rect, self.colour)
        painter.setPen(QPen(QColor("#555"), 0.8))
        painter.drawRect(rect)


class Legend(QFrame):
    """A translucent panel in the map's top-right corner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setStyleSheet(
            "#legend { background: rgba(255,255,255,225); border: 1px solid #9a968c; border-radius: 6px; }"
            "QLabel { background: transparent; color: #1e1e1e; }"
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 12, 8)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        title = QLabel("<b>Control, late December 2016</b>")
        grid.addWidget(title, 0, 0, 1, 2)
        row = 1
        for faction in FACTIONS:
            grid.addWidget(Swatch(theme.faction_colour(faction.id, 200)), row, 0)
            grid.addWidget(QLabel(faction.short), row, 1)
            row += 1
        grid.addWidget(Swatch(None, line=True), row, 0)
        grid.addWidget(QLabel("Front line"), row, 1)
        row += 1
        for kind, text in SITE_LABELS:
            icon = QLabel()
            icon.setPixmap(svg_pixmap(kind, 16))
            icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(icon, row, 0)
            grid.addWidget(QLabel(text), row, 1)
            row += 1
        self.adjustSize()

    def reposition(self) -> None:
        """Stay in the bottom-right corner of the parent, over the empty desert of Iraq."""
        parent = self.parentWidget()
        if parent is not None:
            self.move(parent.width() - self.width() - 12, parent.height() - self.height() - 12)
