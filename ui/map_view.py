"""The map: a QGraphicsView of Syria with faction areas, front lines and sites.

Scene units are map kilometres (y down). The view owns the zoom; labels and
icons keep a constant size on screen and appear as the user zooms in.
"""
from __future__ import annotations

import math
from typing import Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QToolTip

from maps import render_cache
from maps.projection import project
from ui import theme
from ui.map_layers import (Z_BORDER, Z_GOVERNORATE, Z_LAND, Z_RIVER, FactionLayer, FrontLayer, LabelSpec,
                           SiteIcon, add_labels, add_path, centred_offset, svg_pixmap)
from ui.qt_geometry import from_scene, path_from_geometry, path_from_mapping, to_scene
from wargame.board import Board
from wargame.factions import BY_ID, FACTION_IDS
from wargame.summary import KEY_PLACES

MIN_ZOOM_FACTOR = 0.6   # of the fit-to-window zoom
MAX_ZOOM = 60.0         # screen pixels per km
FIT_MARGIN_KM = 25.0    # sea and neighbours kept around the country when fitting
NEIGHBOUR_LABELS = {
    "Turkey": (39.4, 37.18), "Iraq": (41.9, 34.6), "Jordan": (38.1, 32.5),
    "Lebanon": (35.72, 33.85), "Israel": (35.3, 32.75), "Cyprus": (33.45, 35.05),
}
SEA_LABEL = ("Mediterranean Sea", (35.25, 34.55))
KEY_PLACE_ZOOM = 1.3
SITE_ICON_ZOOM = {"airbase": 1.2, "naval_base": 1.2, "oil_gas": 1.8, "dam": 1.8, "border_crossing": 2.6}


class MapView(QGraphicsView):
    """Interactive map of one board; call :meth:`set_control` to redraw who holds what."""

    cell_hovered = Signal(int)  # cell index, -1 when off the board
    zoom_changed = Signal(float)  # pixels per km

    def __init__(self, board: Board, control: Sequence[str], parent=None, geometry=None) -> None:
        super().__init__(parent)
        self.board = board
        self._geometry = geometry
        # What the first frame draws comes from the committed render cache, so the window
        # appears before shapely, h3 and numpy are even imported; they load just after.
        self._cache = render_cache.load() or render_cache.build(board, control)
        self._warm_up_scheduled = False
        self.control: tuple[str, ...] = tuple(control)
        self._user_zoomed = False
        self._hovered = -1
        self._labels_on = True
        self.overlays: list = []  # widgets floating over the map, each with reposition()
        scene = QGraphicsScene(self)
        scene.setBackgroundBrush(QBrush(theme.SEA))
        self.setScene(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setMinimumSize(400, 300)
        self._build_static_layers(scene)
        self.factions = FactionLayer(scene, FACTION_IDS)
        self.fronts = FrontLayer(scene)
        self._build_sites_and_labels(scene)
        outline = self._cache["static"]["bounds"]
        self.map_rect = QRectF(to_scene(outline[0], outline[3]), to_scene(outline[2], outline[1]))
        scene.setSceneRect(self.map_rect.adjusted(-350, -250, 350, 250))
        self.set_control(self.control)

    # -- building -------------------------------------------------------------------------
    def _build_static_layers(self, scene: QGraphicsScene) -> None:
        static = self._cache["static"]
        for _name, geometry in sorted(static["neighbours"].items()):
            add_path(scene, path_from_mapping(geometry), theme.cosmetic_pen(theme.NEIGHBOUR_BORDER, 0.8),
                     QBrush(theme.NEIGHBOUR_LAND), Z_LAND)
        syria = path_from_mapping(static["syria"])
        add_path(scene, syria, None, QBrush(theme.SYRIA_LAND), Z_LAND)
        # Shared edges drawn once: two out-of-phase dash patterns would look solid.
        self.governorate_items = [
            add_path(scene, path_from_mapping(static["internal_borders"]),
                     theme.cosmetic_pen(theme.GOVERNORATE_BORDER, 0.9, Qt.PenStyle.DashLine), None, Z_GOVERNORATE)
        ]
        self.river_items = []
        for river in static["rivers"]:
            pen = theme.cosmetic_pen(theme.RIVER, 1.8 if river["rank"] == 1 else 0.9)
            self.river_items.append(add_path(scene, path_from_mapping(river["geometry"]), pen, None, Z_RIVER))
        add_path(scene, syria, theme.cosmetic_pen(theme.SYRIA_BORDER, 1.6), None, Z_BORDER)

    def _build_sites_and_labels(self, scene: QGraphicsScene) -> None:
        self.site_icons: list[SiteIcon] = []
        pixmaps = {}
        specs: list[LabelSpec] = []
        for place in sorted(self.board.places.values(), key=lambda p: p.id):
            x, y = project(place.lon, place.lat)
            size = 15 if place.kind == "city" else 18
            if (place.kind, size) not in pixmaps:  # render each icon once, not once per site
                pixmaps[place.kind, size] = svg_pixmap(place.kind, size)
            pixmap = pixmaps[place.kind, size]
            min_zoom = self._city_zoom(place.population) if place.kind == "city" else SITE_ICON_ZOOM[place.kind]
            if place.id in KEY_PLACES:
                min_zoom = min(min_zoom, KEY_PLACE_ZOOM)  # the places the scenario turns on show early
            icon = SiteIcon(place.id, place.kind, to_scene(x, y), pixmap, min_zoom)
            scene.addItem(icon)
            self.site_icons.append(icon)
            big = place.kind == "city" and place.population >= 500_000
            # Names of lesser sites wait a little longer than their icons, to keep the map calm.
            label_zoom = min_zoom if place.kind == "city" or place.id in KEY_PLACES else min_zoom + 0.8
            rank = 1 if place.kind == "city" else 2
            specs.append(LabelSpec(place.name, x, y, label_zoom, bold=big, size=10.5 if big else 8.5,
                                   priority=(rank, -place.population, place.id)))
        self.labels = add_labels(scene, specs)
        self.labels += add_labels(scene, self._town_label_specs())
        neighbour_font = QFont()
        neighbour_font.setPointSizeF(12)
        neighbour_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 115)
        for name, (lon, lat) in NEIGHBOUR_LABELS.items():
            x, y = project(lon, lat)
            self.labels += add_labels(scene, [LabelSpec(name.upper(), x, y, 0.0, size=12, priority=(0, 0, name))],
                                      theme.NEIGHBOUR_LABEL,
                                      centred_offset(name.upper(), neighbour_font))
        sea_font = QFont()
        sea_font.setPointSizeF(10)
        sea_font.setItalic(True)
        name, (lon, lat) = SEA_LABEL
        x, y = project(lon, lat)
        self.labels += add_labels(scene, [LabelSpec(name, x, y, 0.0, size=10, italic=True, priority=(0, 0, name))],
                                  theme.SEA_LABEL,
                                  centred_offset(name, sea_font))

    def _town_label_specs(self) -> list[LabelSpec]:
        """Towns that are not already game sites, labelled at closer zooms."""
        try:
            from maps.towns import load_towns
        except ImportError:  # the town list is optional decoration
            return []
        site_points = [project(p.lon, p.lat) for p in self.board.places.values()]
        specs = []
        for town in load_towns():
            x, y = project(town.lon, town.lat)
            if any(math.hypot(x - sx, y - sy) < 5.0 for sx, sy in site_points):
                continue
            specs.append(LabelSpec(town.name, x, y, self._city_zoom(town.population) + 1.0, size=8.0,
                                   priority=(3, -town.population, town.name)))
        return specs

    @staticmethod
    def _city_zoom(population: int) -> float:
        if population >= 500_000:
            return 0.0
        if population >= 150_000:
            return 1.3
        if population >= 60_000:
            return 2.2
        return 3.5

    # -- state --------------------------------------------------------------------------
    @property
    def geometry(self):
        """The board's geometry (:class:`maps.board_geometry.BoardGeometry`), loaded on first use."""
        if self._geometry is None:
            from maps.board_geometry import BoardGeometry

            self._geometry = BoardGeometry(self.board)
        return self._geometry

    def set_control(self, control: Sequence[str]) -> None:
        """Redraw faction areas and front lines for a new control assignment."""
        self.control = tuple(control)
        opening = self._cache["opening"]
        if opening["control"] == render_cache.control_key(self.control):
            areas = {f: path_from_mapping(m) for f, m in opening["areas"].items()}
            fronts = QPainterPath()
            for front in opening["fronts"]:
                fronts.addPath(path_from_mapping(front["geometry"]))
        else:
            areas = {f: path_from_geometry(a) for f, a in self.geometry.areas(self.control).items()}
            fronts = QPainterPath()
            for front in self.geometry.fronts(self.control):
                fronts.addPath(path_from_geometry(front.geometry))
        self.factions.update(areas)
        self.fronts.update(fronts)

    def set_hatching(self, on: bool) -> None:
        """Toggle hatch patterns over the faction fills."""
        self.factions.set_hatching(on)

    def set_layer_visible(self, layer: str, on: bool) -> None:
        """Show or hide a named decoration layer: rivers, governorates, labels."""
        items = {"rivers": self.river_items, "governorates": self.governorate_items, "labels": self.labels}[layer]
        for item in items:
            item.setVisible(on)
        if layer == "labels":
            self._labels_on = on
            self._apply_zoom_visibility()

    # -- zoom and pan -------------------------------------------------------------------
    def zoom(self) -> float:
        """Current zoom in screen pixels per km."""
        return self.transform().m11()

    def fit_map(self) -> None:
        """Fit the whole country in the window."""
        self.fitInView(self.map_rect.adjusted(-FIT_MARGIN_KM, -FIT_MARGIN_KM, FIT_MARGIN_KM, FIT_MARGIN_KM),
                       Qt.AspectRatioMode.KeepAspectRatio)
        self._user_zoomed = False
        self._apply_zoom_visibility()

    def _fit_zoom(self) -> float:
        viewport = self.viewport().rect()
        margin = 2 * FIT_MARGIN_KM
        return min(viewport.width() / (self.map_rect.width() + margin),
                   viewport.height() / (self.map_rect.height() + margin))

    def zoom_by(self, factor: float, anchor: QPointF | QPoint | None = None) -> None:
        """Zoom by ``factor`` around ``anchor`` (viewport point), within sensible limits."""
        if isinstance(anchor, QPoint):
            anchor = QPointF(anchor)
        current = self.zoom()
        target = max(self._fit_zoom() * MIN_ZOOM_FACTOR, min(MAX_ZOOM, current * factor))
        if math.isclose(target, current):
            return
        if anchor is not None:
            before = self.mapToScene(anchor.toPoint())
        self.scale(target / current, target / current)
        if anchor is not None:
            after = self.mapToScene(anchor.toPoint())
            delta = after - before
            self.translate(delta.x(), delta.y())
        self._user_zoomed = True
        self._apply_zoom_visibility()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        # Fine-grained factor so that touchpads (small deltas) zoom smoothly.
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if delta:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
            self.zoom_by(1.0016 ** delta, event.position())
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        event.accept()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        for overlay in self.overlays:  # first, so labels are placed clear of where they now stand
            overlay.reposition()
        if self._user_zoomed:
            self._apply_zoom_visibility()
        else:
            self.fit_map()  # places the labels too

    def add_overlay(self, widget) -> None:
        """Keep a widget with a ``reposition()`` method floating over the map."""
        widget.setParent(self)
        self.overlays.append(widget)
        widget.reposition()
        widget.show()
        self._apply_zoom_visibility()

    def _apply_zoom_visibility(self) -> None:
        zoom = self.zoom()
        self._place_labels(zoom)
        for icon in self.site_icons:
            icon.setVisible(zoom >= icon.min_zoom)
        self.zoom_changed.emit(zoom)

    def _place_labels(self, zoom: float) -> None:
        """Show the labels due at this zoom, most important first, skipping any that would
        overlap one already shown (on screen, since labels keep their size as the map zooms)."""
        # The legend and the scale bar cover the map: nothing is labelled under them.
        taken: list[QRectF] = [QRectF(o.geometry()) for o in self.overlays if o.isVisible()]
        taken.append(QRectF(0, self.viewport().height() - 60, 260, 60))
        for label in sorted(self.labels, key=lambda item: item.priority):
            if not (self._labels_on and zoom >= label.min_zoom):
                label.setVisible(False)
                continue
            origin = self.mapFromScene(label.pos())
            rect = label.boundingRect().translated(origin.x(), origin.y()).adjusted(-1, -1, 1, 1)
            clash = any(rect.intersects(other) for other in taken)
            label.setVisible(not clash)
            if not clash:
                taken.append(rect)

    # -- hover and tooltips -------------------------------------------------------------
    def cell_at_view(self, pos: QPointF) -> int | None:
        """Index of the cell under a viewport position, or None."""
        x, y = from_scene(self.mapToScene(pos.toPoint()))
        return self.geometry.cell_at(x, y)

    def tooltip_for_cell(self, index: int) -> str:
        """Rich-text tooltip of one cell: governorate, controller, population, terrain, site."""
        cell = self.board.cells[index]
        faction = BY_ID[self.control[index]]
        colour = theme.FACTION_COLOURS[faction.id]
        lines = [
            f"<b>{cell.governorate}</b> governorate",
            f"<span style='color:{colour}'>&#9632;</span> Held by <b>{faction.short}</b>",
            f"Population: {cell.population:,}",
            f"Terrain: {cell.terrain}, {cell.area_km2:.0f} km&sup2;",
        ]
        if cell.site:
            place = self.board.places[cell.site]
            lines.insert(0, f"<b>{place.name}</b> ({place.kind.replace('_', ' ')})")
        lines.append(f"<span style='color:#777'>{cell.lat:.3f}&deg;N {cell.lon:.3f}&deg;E</span>")
        return "<br>".join(lines)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseMoveEvent(event)
        index = self.cell_at_view(event.position())
        index = -1 if index is None else index
        if index != self._hovered:
            self._hovered = index
            self.cell_hovered.emit(index)

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self._warm_up_scheduled:
            # Once the first frame is on screen, load the geometry that hovering and redraws need.
            self._warm_up_scheduled = True
            QTimer.singleShot(0, lambda: self.geometry.cell_at(0.0, 0.0))
        if event.type() == QEvent.Type.ToolTip:
            index = self.cell_at_view(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for_cell(index), self.viewport())
            return True
        return super().viewportEvent(event)

    # -- overlays -----------------------------------------------------------------------
    def drawForeground(self, painter: QPainter, _rect: QRectF) -> None:  # noqa: N802 - Qt API
        painter.save()
        painter.resetTransform()
        self._draw_scale_bar(painter)
        painter.restore()

    def _draw_scale_bar(self, painter: QPainter) -> None:
        px_per_km = self.zoom()
        if px_per_km <= 0:
            return
        target_km = 140 / px_per_km
        nice = min((n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500) if n >= target_km * 0.5),
                   default=500, key=lambda n: abs(n - target_km))
        width = nice * px_per_km
        x0, y0 = 18, self.viewport().height() - 26
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(x0 - 8, y0 - 22, width + 16 + 40, 36), QColor(255, 255, 255, 200))
        painter.setPen(QPen(QColor("#222"), 1.4))
        half = width / 2
        painter.fillRect(QRectF(x0, y0, half, 6), QColor("#222"))
        painter.fillRect(QRectF(x0 + half, y0, half, 6), QColor("#fff"))
        painter.drawRect(QRectF(x0, y0, width, 6))
        font = painter.font()
        font.setPointSizeF(8.5)
        painter.setFont(font)
        painter.drawText(QPointF(x0 - 2, y0 - 6), "0")
        painter.drawText(QPointF(x0 + width - 6, y0 - 6), f"{nice} km")
