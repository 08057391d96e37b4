"""The map's layers as QGraphicsItems: land, governorates, faction fills, fronts,
rivers, sites and labels. Geometry arrives in map km from :mod:`maps`; the
view owns the transform (pixels per km).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsPixmapItem, QGraphicsScene

from assets import icon_path
from ui import theme
from ui.qt_geometry import to_scene

# Stacking order of the layers.
Z_LAND, Z_FILL, Z_HATCH, Z_GOVERNORATE, Z_RIVER, Z_BORDER, Z_FRONT, Z_SITE, Z_LABEL = range(9)


class HaloLabel(QGraphicsPathItem):
    """Text with a white halo, constant size on screen, shown from a zoom level on.

    The item itself paints the halo; a child path item paints the glyphs.
    (Plain path items, with no Python ``paint`` override: cheaper to draw,
    and PySide6 6.12 can corrupt reference counts when many Python-painted
    items are added to several scenes.) ``min_zoom`` is in screen pixels per
    map km: the label hides when the view is zoomed out further than that.
    """

    def __init__(self, text: str, anchor: QPointF, font: QFont, colour: QColor,
                 min_zoom: float, offset: QPointF, priority: tuple = ()) -> None:
        super().__init__()
        self.text = text
        self.min_zoom = min_zoom
        self.priority = priority  # lower sorts first: wins when labels would overlap
        glyphs = QPainterPath()
        glyphs.addText(offset, font, text)
        stroker = QPainterPathStroker()
        stroker.setWidth(3.2)
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPath(stroker.createStroke(glyphs))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QBrush(theme.LABEL_HALO))
        self.glyphs = QGraphicsPathItem(glyphs, self)
        self.glyphs.setPen(QPen(Qt.PenStyle.NoPen))
        self.glyphs.setBrush(QBrush(colour))
        self.setPos(anchor)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_LABEL)


def svg_pixmap(name: str, size: int) -> QPixmap:
    """Render the SVG icon ``name`` to a transparent pixmap of ``size`` pixels."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(str(icon_path(name)))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap


class SiteIcon(QGraphicsPixmapItem):
    """A site's icon, constant size on screen, centred on the site."""

    def __init__(self, place_id: str, kind: str, anchor: QPointF, pixmap: QPixmap, min_zoom: float) -> None:
        super().__init__(pixmap)
        self.place_id = place_id
        self.kind = kind
        self.min_zoom = min_zoom
        self.setOffset(-pixmap.width() / 2, -pixmap.height() / 2)
        self.setPos(anchor)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setZValue(Z_SITE)


def add_path(scene: QGraphicsScene, path: QPainterPath, pen: QPen | None, brush: QBrush | None,
             z: float) -> QGraphicsPathItem:
    """Add a painter path to ``scene`` as an item."""
    item = QGraphicsPathItem(path)
    item.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
    item.setBrush(brush if brush is not None else QBrush(Qt.BrushStyle.NoBrush))
    item.setZValue(z)
    scene.addItem(item)
    return item


class FactionLayer:
    """One fill (and optional hatch) item per faction, replaced when control changes."""

    def __init__(self, scene: QGraphicsScene, factions: Sequence[str]) -> None:
        self.fills: dict[str, QGraphicsPathItem] = {}
        self.hatches: dict[str, QGraphicsPathItem] = {}
        for faction in factions:
            fill = QGraphicsPathItem()
            fill.setPen(QPen(Qt.PenStyle.NoPen))
            fill.setBrush(QBrush(theme.faction_colour(faction)))
            fill.setZValue(Z_FILL)
            hatch = QGraphicsPathItem()
            hatch.setPen(QPen(Qt.PenStyle.NoPen))
            brush = QBrush(QColor(0, 0, 0, 90), theme.FACTION_HATCH[faction])
            hatch.setBrush(brush)
            hatch.setZValue(Z_HATCH)
            hatch.setVisible(False)
            scene.addItem(fill)
            scene.addItem(hatch)
            self.fills[faction] = fill
            self.hatches[faction] = hatch

    def update(self, areas: dict[str, QPainterPath]) -> None:
        """Show the given faction areas (faction -> painter path in scene units)."""
        for faction, item in self.fills.items():
            path = areas.get(faction, QPainterPath())
            item.setPath(path)
            self.hatches[faction].setPath(path)

    def set_hatching(self, on: bool) -> None:
        """Show or hide the hatch patterns."""
        for item in self.hatches.values():
            item.setVisible(on)


class FrontLayer:
    """Front lines drawn boldly: a white casing under a dark line."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.casing = QGraphicsPathItem()
        self.casing.setPen(theme.cosmetic_pen(theme.FRONT_CASING, 5.0))
        self.casing.setZValue(Z_FRONT)
        self.line = QGraphicsPathItem()
        self.line.setPen(theme.cosmetic_pen(theme.FRONT_LINE, 2.4))
        self.line.setZValue(Z_FRONT + 0.1)
        scene.addItem(self.casing)
        scene.addItem(self.line)

    def update(self, path: QPainterPath) -> None:
        """Draw every front line (one path in scene units)."""
        self.casing.setPath(path)
        self.line.setPath(path)


@dataclass(frozen=True)
class LabelSpec:
    """What to label where, and from which zoom on."""

    text: str
    x_km: float
    y_km: float
    min_zoom: float
    bold: bool = False
    size: float = 9.0
    italic: bool = False
    priority: tuple = ()


def add_labels(scene: QGraphicsScene, specs: Iterable[LabelSpec], colour: QColor | None = None,
               offset: QPointF | None = None) -> list[HaloLabel]:
    """Add halo labels to the scene (by default dark, to the upper right of the anchor)."""
    colour = QColor(theme.LABEL) if colour is None else colour
    offset = QPointF(7, -4) if offset is None else offset
    labels = []
    for spec in specs:
        font = QFont()
        font.setPointSizeF(spec.size)
        font.setBold(spec.bold)
        font.setItalic(spec.italic)
        label = HaloLabel(spec.text, to_scene(spec.x_km, spec.y_km), font, colour, spec.min_zoom, offset,
                          spec.priority)
        scene.addItem(label)
        labels.append(label)
    return labels


def centred_offset(text: str, font: QFont) -> QPointF:
    """Offset that centres ``text`` on its anchor."""
    metrics = QFontMetricsF(font)
    return QPointF(-metrics.horizontalAdvance(text) / 2, metrics.ascent() / 2 - 1)
