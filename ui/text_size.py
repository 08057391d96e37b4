"""The window's text size (View > Text size, projector mode): one factor for all of its text.

:func:`set_scale` sets the application's font, which reaches every widget that does not set its
own, menus, toolbar, dock titles, timeline and status bar included. Two kinds of text do not
follow the application's font by themselves and read :func:`scale` instead:

* widgets with a style sheet: Qt fixes their font when the sheet is applied, so
  :func:`set_scale` applies each sheet again (the stance descriptions, the end-of-game panel);
* text drawn in a fixed size: the charts' titles and tick labels (pyqtgraph), the map's labels.
"""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication, QDockWidget

_BASE = "text_size_base_points"   # the application's own point size, before any scaling
_SCALE = "text_size_scale"


def base_point_size() -> float:
    """The application's unscaled font size in points (remembered the first time it is asked for)."""
    app = QApplication.instance()
    if app is None:
        return QFont().pointSizeF()
    base = app.property(_BASE)
    if base is None:
        base = QApplication.font().pointSizeF()
        if base <= 0:  # a font set in pixels
            base = 9.0
        app.setProperty(_BASE, float(base))
    return float(base)


def scale() -> float:
    """The text size factor in force (1.0 before any is set)."""
    app = QApplication.instance()
    value = app.property(_SCALE) if app is not None else None
    return float(value) if value is not None else 1.0


def points(size: float) -> float:
    """``size`` points at the text size in force (for text that sets its own size)."""
    return size * scale()


def moderate(size: float) -> float:
    """``size`` points grown half as fast as the text size: the charts' tick labels, which would
    otherwise crowd out the small plots they label (the charts show fewer ticks instead)."""
    return size * (1.0 + (scale() - 1.0) / 2)


def set_tick_font(axis, font: QFont) -> None:
    """Give a pyqtgraph axis ``font`` for its tick labels, with room for them at once: pyqtgraph
    finds out it needs more only while painting, and cut the labels short until the next paint."""
    axis.setStyle(tickFont=font)
    if axis.orientation in ("bottom", "top"):
        # The first month's label sits near the axis's start: let it reach a little past it rather than
        # vanish (pyqtgraph hides a horizontal axis's labels that cross its ends by default).
        axis.setStyle(hideOverlappingLabels=int(QFontMetricsF(font).horizontalAdvance("Jan 17") / 2 + 2))
        axis.textHeight = max(18, int(QFontMetricsF(font).height() * 0.8 + 1))  # 18: pyqtgraph's least
        axis._updateHeight()


def fit_title(plot_item) -> None:
    """Make a pyqtgraph plot's title row as tall as its title (pyqtgraph fixes it at 30 pixels,
    which cut large titles short); call after ``setTitle``."""
    label = plot_item.titleLabel
    if not label.isVisible():
        return
    height = max(30, int(label.item.boundingRect().height() + 0.5))
    label.setMaximumHeight(height)
    plot_item.layout.setRowFixedHeight(0, height)


def set_scale(factor: float) -> None:
    """Make every text of the application ``factor`` times its usual size."""
    app = QApplication.instance()
    base = base_point_size()
    app.setProperty(_SCALE, float(factor))
    font = QFont(QApplication.font())
    font.setPointSizeF(base * factor)
    QApplication.setFont(font)
    # A dock draws its title in the font it was made with while its own font is its class's default:
    # the class keeps the usual size and each dock is given the scaled font, which its title and
    # contents then follow (at the usual size the two are equal and nothing changes).
    usual = QFont(font)
    usual.setPointSizeF(base)
    QApplication.setFont(usual, "QDockWidget")
    for dock in QApplication.allWidgets():
        if isinstance(dock, QDockWidget):
            dock.setFont(font)
    # A widget with a style sheet keeps the font it had when the sheet was applied (and so do its
    # children): applying the sheet again gives it, and them, the new one.
    for widget in QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
