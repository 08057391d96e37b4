"""The map's layers as QGraphicsItems: land, governorates, faction fills, fronts,
rivers, sites and labels. Geometry arrives in map km from :mod:`maps`; the
view owns the transform (pixels per km).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QBrush, QColor, QFont, QPainter, QPainterPath, QPainterPathStroker, QPen,
                           QPixmap, QPixmapCache, QPolygonF, QTransform)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsPixmapItem, QGraphicsScene

from assets import icon_path
from ui import theme
from ui.qt_geometry import to_scene

# Stacking order of the layers.
Z_LAND, Z_FILL, Z_HATCH, Z_GOVERNORATE, Z_RIVER, Z_BORDER, Z_FRONT, Z_SITE, Z_LABEL = range(9)
Z_CHANGE = Z_FILL + 0.5        # the fading old colours of cells that changed hands
Z_CELL_GRID = Z_HATCH + 0.5    # cell outlines at close zoom
Z_HIGHLIGHT = Z_FRONT + 0.5    # cells picked out for the player
Z_OPERATION = Z_FRONT + 0.7    # the month's operations
CACHE_VIEWPORTS = 10           # pixmap cache reserved for the map's layers, in viewports' worth of pixels


def cached(item: QGraphicsItem) -> QGraphicsItem:
    """Let Qt paint ``item`` once into a pixmap at the view's resolution and reuse it until the item
    or the zoom changes. A repaint of the map (a pan, a fade frame, the frame after End Turn for
    the layers that did not change) then copies pixmaps instead of filling and stroking paths
    again: the fronts' wide cosmetic pens and the labels' glyphs were most of each frame."""
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return item


def reserve_pixmap_cache(width: int, height: int) -> None:
    """Make Qt's pixmap cache hold the map's cached layers (about five viewports' worth at the
    usual fit; the 10 MB default would evict them every frame, which is slower than no cache)."""
    needed_kb = width * height * 4 * CACHE_VIEWPORTS // 1024
    if QPixmapCache.cacheLimit() < needed_kb:
        QPixmapCache.setCacheLimit(needed_kb)


class HaloLabel(QGraphicsPathItem):
    """Text with a white halo, constant size on screen, shown from a zoom level on.

    The item itself paints the halo; a child path item paints the glyphs.
    (Plain path items, with no Python ``paint`` override: cheaper to draw,
    and PySide6 6.12 can corrupt reference counts when many Python-painted
    items are added to several scenes.) ``min_zoom`` is in screen pixels per
    map km: the label hides when the view is zoomed out further than that.
    The glyphs are laid out with their baseline at the anchor; :meth:`place`
    shifts them (in screen pixels) to one of :attr:`candidates`.
    """

    def __init__(self, spec: "LabelSpec", font: QFont, colour: QColor) -> None:
        super().__init__()
        self.spec = spec
        self.text = spec.text
        self.min_zoom = spec.min_zoom
        self.priority = spec.priority  # lower sorts first: wins when labels would overlap
        self.site = spec.site
        self._font = font
        self._colour = colour
        self.glyphs: QGraphicsPathItem | None = None
        self.arrow: "ArrowItem | None" = None  # an operation's label: the arrow it names
        self._shape: tuple[QRectF, list[QPointF]] | None = None
        self.offset = QPointF()
        self.setPos(to_scene(spec.x_km, spec.y_km))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_LABEL)

    def _build(self) -> tuple[QRectF, list[QPointF]]:
        """Outline the glyphs and the halo, the first time the label is needed.

        Most labels wait for closer zooms than the first frame's; outlining text is the costly
        part of a label, so it is done only for those that are placed (start-up, text size)."""
        glyphs = QPainterPath()
        glyphs.addText(QPointF(0, 0), self._font, self.text)
        stroker = QPainterPathStroker()
        stroker.setWidth(3.2)
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPath(stroker.createStroke(glyphs))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QBrush(theme.LABEL_HALO))
        self.glyphs = cached(QGraphicsPathItem(glyphs, self))
        self.glyphs.setPen(QPen(Qt.PenStyle.NoPen))
        self.glyphs.setBrush(QBrush(self._colour))
        cached(self)
        rect = self.path().boundingRect()
        self._shape = rect, label_candidates(rect, self.spec, self._font.pointSizeF() / self.spec.size)
        self.place(self._shape[1][0])
        return self._shape

    def set_text(self, text: str) -> None:
        """Show ``text`` instead (an operation's shorter name when there is no room for the whole one);
        the glyphs and halo are outlined again when next needed."""
        if text == self.text:
            return
        self.text = text
        if self.glyphs is not None:
            if self.glyphs.scene() is not None:
                self.glyphs.scene().removeItem(self.glyphs)
            self.glyphs = None
        self._shape = None

    @property
    def _rect(self) -> QRectF:
        return (self._shape or self._build())[0]

    @property
    def candidates(self) -> list[QPointF]:
        """Offsets the label may take around its anchor, best first."""
        return (self._shape or self._build())[1]

    def move_to(self, spec: "LabelSpec") -> "HaloLabel":
        """Stand at ``spec``'s anchor with its priority (same text, font and kind of placement)."""
        self.spec = spec
        self.priority = spec.priority
        self.setPos(to_scene(spec.x_km, spec.y_km))
        return self

    def place(self, offset: QPointF) -> None:
        """Shift the text to ``offset`` (screen pixels from the anchor to the baseline start)."""
        self.offset = offset
        self.setTransform(QTransform.fromTranslate(offset.x(), offset.y()))

    def offset_centred_at(self, anchor: QPointF, centre: QPointF) -> QPointF:
        """The offset that centres the label on ``centre`` with its anchor at ``anchor`` (viewport pixels)."""
        return centre - anchor - self._rect.center()

    def rect_at(self, anchor: QPointF, offset: QPointF) -> QRectF:
        """Screen rectangle the label covers with its anchor at ``anchor`` (viewport pixels)."""
        return self._rect.translated(anchor.x() + offset.x(), anchor.y() + offset.y())


def short_operation_name(name: str) -> str | None:
    """A shorter label for an operation with no room for its whole name: its own name before a colon
    ('Wrath of Euphrates' for 'Wrath of Euphrates: Raqqa', whose objective the map names already),
    else its first three words and an ellipsis; None if nothing shorter reads well."""
    head, sep, _tail = name.partition(": ")
    if sep and head:
        return head
    words = name.split()
    return " ".join(words[:3]) + "\u2026" if len(words) > 3 else None


def label_candidates(text_rect: QRectF, spec: "LabelSpec", scale: float = 1.0) -> list[QPointF]:
    """Where a label may stand around its anchor, best first: offsets (screen pixels) from the
    anchor to the start of the baseline that put ``text_rect`` (the halo's extent relative to
    that start) just clear of the spec's ``clearance`` box (the icon), right of it first.
    The gap grows with the text (``scale``, the text size): larger text beside a small icon at
    the usual gap read as touching it."""
    r = text_rect
    if spec.centred:
        return [QPointF(-r.center().x(), -r.center().y())]
    candidates = []
    for gap in (1.5 * max(1.0, scale), 12.0, 24.0)[:1 + 2 * spec.roams]:
        left, top, right, bottom = spec.clearance
        to_right, to_left = right + gap - r.left(), left - gap - r.right()
        above, below = top - gap - r.bottom(), bottom + gap - r.top()
        middle_x, middle_y = -r.center().x(), -r.center().y()
        # Right first, then the other sides and the corners (the icon's box is taken too).
        candidates += [
            QPointF(to_right, middle_y),
            QPointF(to_right, above),
            QPointF(to_right, below),
            QPointF(to_left, middle_y),
            QPointF(middle_x, above),
            QPointF(middle_x, below),
            QPointF(to_left, above),
            QPointF(to_left, below),
        ]
    return candidates


ARROW_LABEL_GAP = 3.0     # pixels between an operation's label and its arrow's shaft
ARROW_LABEL_REACH = 30.0  # pixels: the farthest an operation label's centre stands from its arrow's shaft
ACROSS_COST = 14.0        # a label across its own arrow hides part of it: taken when nothing near is beside it


def arrow_label_centres(width: float, height: float, head: QPointF, tail: QPointF) -> list[QPointF]:
    """Where the label (``width`` x ``height`` pixels) of the arrow whose shaft runs from ``head`` to
    ``tail`` (viewport pixels) may be centred, best first: near the middle of the shaft and clear of
    it first, then farther along it or across it, never with the centre farther than
    :data:`ARROW_LABEL_REACH` from the shaft (the spots slide along the shaft, a little past its tail,
    and step above, below and sideways, so a long label finds room among icons and other labels).

    A label put wholly to one side of the arrow's midpoint (as site names stand beside their icons)
    reached a label's length away from a steep arrow, over other places and other operations' arrows."""
    half_w, half_h = width / 2, height / 2
    dx, dy = tail.x() - head.x(), tail.y() - head.y()
    length = math.hypot(dx, dy)
    ux, uy = (dx / length, dy / length) if length > 1e-6 else (-1.0, 0.0)
    shaft = ArrowItem.SHAFT + 1.6 + ARROW_LABEL_GAP  # with its casing
    steps = max(2, min(10, int(length // 10)))
    fractions = [i / steps for i in range(steps + 1)] + [1 + past / max(length, 1.0) for past in (10.0, 20.0)]
    step_y, step_x = half_h + ARROW_LABEL_GAP + 1, half_w / 2
    spots: list[tuple[float, float, float, QPointF]] = []  # cost, y, x (a stable order), centre
    for fraction in fractions:
        x, y = head.x() + dx * fraction, head.y() + dy * fraction
        for oy in (0.0, -step_y, step_y, -2 * step_y, 2 * step_y):
            for ox in (0.0, -step_x, step_x, -2 * step_x, 2 * step_x):
                cx, cy = x + ox, y + oy
                distance = _segment_distance(cx, cy, head, tail)
                if distance > ARROW_LABEL_REACH:
                    continue
                # Clear of the shaft if no point of it comes within the label's box (grown by the shaft's width).
                across = _segment_in_box(head, tail, cx - half_w - shaft, cy - half_h - shaft,
                                         cx + half_w + shaft, cy + half_h + shaft)
                cost = distance + (ACROSS_COST if across else 0.0) + abs(min(fraction, 1.0) - 0.5) * 10
                spots.append((round(cost, 3), cy, cx, QPointF(cx, cy)))
    return [spot[3] for spot in sorted(spots, key=lambda spot: spot[:3])]


def _segment_distance(x: float, y: float, a: QPointF, b: QPointF) -> float:
    """Distance from (x, y) to the segment from ``a`` to ``b``."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    squared = dx * dx + dy * dy
    t = 0.0 if squared < 1e-9 else max(0.0, min(1.0, ((x - a.x()) * dx + (y - a.y()) * dy) / squared))
    return math.hypot(x - a.x() - t * dx, y - a.y() - t * dy)


def _segment_in_box(a: QPointF, b: QPointF, left: float, top: float, right: float, bottom: float) -> bool:
    """True if the segment from ``a`` to ``b`` passes through the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b.x() - a.x(), b.y() - a.y()
    for p, q in ((-dx, a.x() - left), (dx, right - a.x()), (-dy, a.y() - top), (dy, bottom - a.y())):
        if abs(p) < 1e-12:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


@lru_cache(maxsize=None)
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
    """A site's icon, constant size on screen, centred on the site, ringed in its holder's colour.

    The ring carries the holder's colour and a badge its letter (see
    :data:`ui.theme.FACTION_LETTERS`), so the holder is not shown by colour alone.
    """

    def __init__(self, place_id: str, kind: str, anchor: QPointF, size: int, min_zoom: float,
                 priority: tuple = ()) -> None:
        super().__init__()
        self.place_id = place_id
        self.kind = kind
        self.size = size
        self.min_zoom = min_zoom
        self.priority = priority
        self.holder: str | None = None
        self.setPos(anchor)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setZValue(Z_SITE)

    def set_holder(self, faction: str) -> None:
        """Show ``faction`` as the holder of the site."""
        if faction == self.holder:
            return
        self.holder = faction
        pixmap = holder_pixmap(self.kind, self.size, faction)
        self.setPixmap(pixmap)
        # The badge hangs off the lower right: centre the ring, not the whole pixmap.
        self.setOffset(-ring_extent(self.size) / 2, -ring_extent(self.size) / 2)

    def screen_rect(self, centre: QPointF) -> QRectF:
        """The ring's square on screen when the site is at ``centre`` (viewport pixels)."""
        half = ring_extent(self.size) / 2
        return QRectF(centre.x() - half, centre.y() - half, 2 * half, 2 * half)


RING = 2.5   # width of the holder's ring around an icon, pixels
BADGE = 10   # diameter of the holder's letter badge, pixels


def ring_extent(size: int) -> int:
    """Width of an icon of ``size`` pixels with its holder's ring."""
    return size + 2 * int(RING + 0.5)


def icon_box(size: int) -> tuple[float, float, float, float]:
    """The box an icon with ring and badge covers around its anchor: left, top, right, bottom."""
    half = ring_extent(size) / 2
    return -half, -half, half + BADGE / 2 - 1, half + BADGE / 2 - 1


@lru_cache(maxsize=None)
def holder_pixmap(kind: str, size: int, faction: str) -> QPixmap:
    """The icon of a site of ``kind`` ringed in ``faction``'s colour, with its letter in a badge."""
    extent = ring_extent(size)
    badge = BADGE
    canvas = QPixmap(extent + badge // 2 - 1, extent + badge // 2 - 1)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = theme.faction_colour(faction, 255)
    painter.setPen(QPen(theme.RING_CASING, 1.0))
    painter.setBrush(QBrush(colour))
    painter.drawEllipse(QRectF(0.5, 0.5, extent - 1, extent - 1))
    inset = (extent - size) // 2
    painter.drawPixmap(inset, inset, svg_pixmap(kind, size))
    _draw_badge(painter, QRectF(extent - badge / 2 - 1.5, extent - badge / 2 - 1.5, badge, badge), faction)
    painter.end()
    return canvas


def _draw_badge(painter: QPainter, rect: QRectF, faction: str) -> None:
    colour = theme.faction_colour(faction, 255)
    painter.setPen(QPen(theme.RING_CASING, 1.0))
    painter.setBrush(QBrush(colour))
    painter.drawEllipse(rect)
    painter.fillPath(_letter_path(theme.FACTION_LETTERS[faction], rect.height() - 3).translated(rect.center()),
                     theme.text_on(colour))


@lru_cache(maxsize=None)
def _letter_path(letter: str, pixels: float) -> QPainterPath:
    """A bold letter as a path centred on (0, 0) (cheaper than drawText in a fresh painter)."""
    font = QFont()
    font.setPixelSize(int(pixels))
    font.setBold(True)
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, letter)
    return path.translated(-path.boundingRect().center())


def faction_badge_pixmap(faction: str, size: int = 12) -> QPixmap:
    """The holder badge alone (for the legend)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_badge(painter, QRectF(0.5, 0.5, size - 1, size - 1), faction)
    painter.end()
    return pixmap


def add_path(scene: QGraphicsScene, path: QPainterPath, pen: QPen | None, brush: QBrush | None,
             z: float) -> QGraphicsPathItem:
    """Add a painter path to ``scene`` as an item."""
    item = QGraphicsPathItem(path)
    item.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
    item.setBrush(brush if brush is not None else QBrush(Qt.BrushStyle.NoBrush))
    item.setZValue(z)
    cached(item)
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
            hatch.setBrush(theme.hatch_brush(faction))
            hatch.setZValue(Z_HATCH)
            hatch.setVisible(False)
            cached(fill)
            cached(hatch)
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
    """Front lines drawn boldly: a white casing under a dark line, a pair of items for the front
    between each pair of factions (every casing under every line, as one path would draw them).

    The lines run along cell edges, so every corner turns by 60 degrees: a bevel there
    differs from a round join by a third of a pixel at most, and Qt strokes the fronts'
    thousand-odd corners about twice as fast with it (a round join is an arc at each one).
    A turn usually moves some fronts only: the others keep their items, and so the pictures Qt
    cached of them, so the first repaint after End Turn strokes only the fronts that moved.
    """

    CASING, LINE = 5.0, 2.4  # pixels wide at ordinary zooms

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: dict[tuple[str, str], tuple[QGraphicsPathItem, QGraphicsPathItem]] = {}  # casing, line
        self.scale = 1.0

    def set_zoom(self, zoom: float) -> None:
        """Thin the lines when the map is zoomed far out: a lone cell is then only a few pixels
        across, and full-width lines around it painted it over in white (it read as a town's icon)."""
        scale = round(max(0.55, min(1.0, zoom / 1.3)), 2)  # a cell is about 7 km across
        if scale == self.scale:
            return
        self.scale = scale
        for casing, line in self.items.values():
            casing.setPen(self._pen(theme.FRONT_CASING, self.CASING))
            line.setPen(self._pen(theme.FRONT_LINE, self.LINE))

    def _pen(self, colour: QColor, width: float) -> QPen:
        return _bevelled(theme.cosmetic_pen(colour, width * self.scale))

    def update(self, fronts: dict[tuple[str, str], QPainterPath]) -> None:
        """Draw the front between each pair of factions (paths in scene units); pairs left out have none."""
        for pair in [pair for pair in self.items if pair not in fronts]:
            for item in self.items.pop(pair):
                self.scene.removeItem(item)
        for pair, path in fronts.items():
            if pair not in self.items:
                self.items[pair] = (self._add(theme.FRONT_CASING, self.CASING, Z_FRONT),
                                    self._add(theme.FRONT_LINE, self.LINE, Z_FRONT + 0.1))
            for item in self.items[pair]:
                item.setPath(path)  # an equal path leaves the item and its cached picture as they are

    def _add(self, colour: QColor, width: float, z: float) -> QGraphicsPathItem:
        item = QGraphicsPathItem()
        item.setPen(self._pen(colour, width))
        item.setZValue(z)
        cached(item)
        self.scene.addItem(item)
        return item

    def path(self) -> QPainterPath:
        """Every front line, as one path."""
        path = QPainterPath()
        for _casing, line in self.items.values():
            path.addPath(line.path())
        return path


def _bevelled(pen: QPen) -> QPen:
    """``pen`` with bevel joins (see :class:`FrontLayer`)."""
    pen.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
    return pen


class CellShapeLayer:
    """Cells drawn as one shape: the fading old colours of cells that changed hands,
    or a cased outline around cells picked out for the player."""

    def __init__(self, scene: QGraphicsScene, z: float) -> None:
        self.scene = scene
        self.z = z
        self.items: list[QGraphicsPathItem] = []

    def show_fills(self, fills: Sequence[tuple[QColor, QPainterPath]]) -> None:
        """Fill each path with its colour."""
        self.clear()
        for colour, path in fills:
            self.items.append(add_path(self.scene, path, None, QBrush(colour), self.z))

    def show_outline(self, path: QPainterPath, colour: QColor, casing: QColor) -> None:
        """Outline the path boldly: a casing under a coloured line, both cosmetic."""
        self.clear()
        self.items.append(add_path(self.scene, path, theme.cosmetic_pen(casing, 6.5), None, self.z))
        self.items.append(add_path(self.scene, path, theme.cosmetic_pen(colour, 3.2), None, self.z + 0.01))

    def set_opacity(self, opacity: float) -> None:
        """Opacity of every item (the fade drives this from 1 to 0)."""
        for item in self.items:
            item.setOpacity(opacity)

    def set_visible(self, on: bool) -> None:
        """Show or hide every item."""
        for item in self.items:
            item.setVisible(on)

    def clear(self) -> None:
        """Remove every item from the scene."""
        for item in self.items:
            self.scene.removeItem(item)
        self.items = []

    def is_empty(self) -> bool:
        """True when nothing is drawn."""
        return not self.items


@dataclass(frozen=True)
class LabelSpec:
    """What to label where, and from which zoom on.

    ``clearance`` is the box (screen pixels, relative to the anchor) kept
    free around the anchor, e.g. the site's icon; ``centred`` labels (countries, the sea) sit on
    their anchor instead of beside it; ``site`` ties a label to the icon of
    that place (the label shows only with its icon); a label that ``roams``
    (an operation's) may also stand a little farther out.
    """

    text: str
    x_km: float
    y_km: float
    min_zoom: float
    bold: bool = False
    size: float = 9.0
    italic: bool = False
    priority: tuple = ()
    centred: bool = False
    clearance: tuple[float, float, float, float] = (-3.0, -3.0, 3.0, 3.0)  # left, top, right, bottom
    colour: str = ""
    letter_spacing: float = 100.0
    site: str | None = None
    roams: bool = False  # may stand farther from its anchor when the near spots are taken


def add_labels(scene: QGraphicsScene, specs: Iterable[LabelSpec], scale: float = 1.0) -> list[HaloLabel]:
    """Add halo labels to the scene, their font sizes multiplied by ``scale``."""
    labels = []
    for spec in specs:
        font = QFont()
        font.setPointSizeF(spec.size * scale)
        font.setBold(spec.bold)
        font.setItalic(spec.italic)
        if spec.letter_spacing != 100.0:
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, spec.letter_spacing)
        label = HaloLabel(spec, font, QColor(spec.colour) if spec.colour else QColor(theme.LABEL))
        scene.addItem(label)
        labels.append(label)
    return labels


@dataclass(frozen=True)
class OperationArrow:
    """One operation of the month, drawn as an arrow from the attacker toward its objective."""

    attacker: str
    objective_cell: int
    label: str
    succeeded: bool
    gained: tuple[int, ...] = ()  # cells the operation took this month: the arrow starts where the push began


class ArrowItem(QGraphicsPathItem):
    """An arrow from ``start`` toward ``tip`` (scene points), drawn in screen pixels.

    It is one filled outline (shaft and head), cased in a contrasting colour,
    rebuilt by :meth:`update_zoom` so the head keeps its size at every zoom. A
    failed operation is drawn hollow (white inside, a coloured rim with a dark
    casing), so success is not told by colour alone.
    """

    MIN_PIXELS = 48.0
    SHAFT, HEAD, HEAD_LENGTH = 3.2, 9.0, 15.0  # half widths and the head's length, pixels
    TIP_GAP = 11.0  # the head stops at the objective's icon, not under it

    def __init__(self, arrow: OperationArrow, start: QPointF, tip: QPointF) -> None:
        super().__init__()
        self.arrow = arrow
        self.start = start
        self.tip = tip
        colour = theme.faction_colour(arrow.attacker, 255)
        self.rim: QGraphicsPathItem | None = None
        if arrow.succeeded:
            self.setBrush(QBrush(colour))
            self.setPen(QPen(theme.casing_for(colour), 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.MiterJoin))
        else:  # hollow: a coloured rim, itself cased, round a white inside
            self.setBrush(QBrush(QColor(255, 255, 255, 235)))
            self.setPen(QPen(QColor("#333333"), 5.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap,
                             Qt.PenJoinStyle.MiterJoin))
            self.rim = cached(QGraphicsPathItem(self))
            self.rim.setPen(QPen(colour, 2.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.MiterJoin))
        self.setPos(tip)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_OPERATION)
        cached(self)
        self.update_zoom(1.0)

    def update_zoom(self, pixels_per_km: float) -> None:
        """Rebuild the outline for the current zoom (the item sits at the tip)."""
        dx = (self.start.x() - self.tip.x()) * pixels_per_km
        dy = (self.start.y() - self.tip.y()) * pixels_per_km
        length = math.hypot(dx, dy)
        if length < 1e-6:
            dx, dy, length = -1.0, 0.0, 1.0
        ux, uy = dx / length, dy / length  # from tip back toward the start
        length = max(length, self.MIN_PIXELS)
        self._direction, self._length = (ux, uy), length
        px, py = -uy, ux
        shaft, head, head_length, tip_gap = self.SHAFT, self.HEAD, self.HEAD_LENGTH, self.TIP_GAP
        points = [
            (tip_gap, 0.0),
            (tip_gap + head_length, head), (tip_gap + head_length, shaft),
            (length, shaft), (length, -shaft),
            (tip_gap + head_length, -shaft), (tip_gap + head_length, -head),
        ]
        polygon = QPolygonF([QPointF(ux * a + px * b, uy * a + py * b) for a, b in points])
        path = QPainterPath()
        path.addPolygon(polygon)
        path.closeSubpath()
        self.setPath(path)
        if self.rim is not None:
            self.rim.setPath(path)

    def shaft(self, tip: QPointF) -> tuple[QPointF, QPointF]:
        """The shaft's ends, where the head begins and the tail, in viewport pixels when the tip is
        at ``tip`` (the arrow is at least :attr:`MIN_PIXELS` long on screen, whatever the zoom)."""
        ux, uy = self._direction
        near, far = self.TIP_GAP + self.HEAD_LENGTH, self._length
        return tip + QPointF(ux * near, uy * near), tip + QPointF(ux * far, uy * far)

    def midpoint(self) -> QPointF:
        """Scene point halfway along the arrow."""
        return (self.start + self.tip) / 2
