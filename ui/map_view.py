"""The map: a QGraphicsView of Syria with faction areas, front lines and sites.

Scene units are map kilometres (y down). The view owns the zoom; labels and
icons keep a constant size on screen and appear as the user zooms in. Each
site's icon is ringed and lettered by its holder. Icons and labels are placed
in screen space after every zoom, pan, resize and overlay move: icons first,
then labels by priority, each in the first free spot around its anchor, clear
of icons, other labels, small enclaves, the legend and the scale bar.
"""
from __future__ import annotations

import math
from typing import Sequence

from PySide6.QtCore import (QEasingCurve, QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer, QVariantAnimation,
                            Signal)
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsPathItem, QGraphicsScene, QGraphicsView, QToolTip

from maps import render_cache
from maps.pockets import POCKET_CELLS, pocket_box
from maps.projection import project
from ui import theme
from ui.legend import Legend
from ui.map_layers import (Z_BORDER, Z_CELL_GRID, Z_CHANGE, Z_GOVERNORATE, Z_HIGHLIGHT, Z_LAND, Z_RIVER, ArrowItem,
                           CellShapeLayer, FactionLayer, FrontLayer, HaloLabel, LabelSpec, OperationArrow, SiteIcon,
                           add_labels, add_path, arrow_label_centres, icon_box, reserve_pixmap_cache,
                           short_operation_name)
from ui.qt_geometry import RectIndex, from_scene, land_beyond, path_from_geometry, path_from_mapping, to_scene
from wargame.board import Board
from wargame.factions import BY_ID, FACTION_IDS
from wargame.summary import KEY_PLACES

MIN_ZOOM_FACTOR = 0.6   # of the fit-to-window zoom
MIN_VIEW_KM = 45.0      # zoomed fully in, the view still spans this much (seven or so cells)
CELL_GRID_ZOOM = 7.0    # from this zoom on (pixels per km) the cells' outlines are drawn
FIT_MARGIN_KM = 25.0    # sea and neighbours kept around the country when fitting
FADE_MS = 600           # cells that changed hands fade to their new colour over this long
NEIGHBOUR_LABELS = {
    "Turkey": (39.4, 37.18), "Iraq": (41.9, 34.6), "Jordan": (38.1, 32.5),
    "Lebanon": (35.72, 33.85), "Israel": (35.3, 32.75), "Cyprus": (33.45, 35.05),
}
SEA_LABEL = ("Mediterranean Sea", (35.25, 34.55))
KEY_PLACE_ZOOM = 0.0    # the places the scenario turns on are shown (room permitting) at every zoom
SITE_ICON_ZOOM = {"airbase": 1.2, "naval_base": 1.2, "oil_gas": 1.8, "dam": 1.8, "border_crossing": 2.6}


def prepare_geometry(board) -> tuple:
    """The geometry (:class:`maps.board_geometry.BoardGeometry`) and the cells' paths
    (:class:`ui.cell_paths.CellPaths`) of ``board``, for :meth:`MapView.adopt_geometry`. Neither
    holds a Qt object yet (shapely and numpy only), so this may run on a worker thread."""
    from maps.board_geometry import BoardGeometry
    from ui.cell_paths import CellPaths

    geometry = BoardGeometry(board)
    geometry.cell_at(0.0, 0.0)
    return geometry, CellPaths(geometry)


class MapView(QGraphicsView):
    """Interactive map of one board; call :meth:`set_control` to redraw who holds what.

    Play-time API: :meth:`set_control` (optionally fading the cells that changed
    hands, see :attr:`changed_cells` and :meth:`finish_animation`),
    :attr:`cell_clicked`, :meth:`highlight_cells`, :meth:`show_operations` (both
    at once: :meth:`show_month`) and
    :meth:`set_operations_visible`, :meth:`set_label_scale`,
    :meth:`relayout_labels`. Widgets float over the map through
    :meth:`add_overlay`; the legend is one of them (see :attr:`legend`), and
    labels keep clear of every visible overlay wherever it is moved.
    """

    cell_hovered = Signal(int)  # cell index, -1 when off the board
    cell_clicked = Signal(int)  # cell index, on a click (press and release without a drag)
    zoom_changed = Signal(float)  # pixels per km

    def __init__(self, board: Board, control: Sequence[str], parent=None, geometry=None) -> None:
        super().__init__(parent)
        self.board = board
        self._geometry = geometry
        self._cell_paths = None
        # What the first frame draws comes from the committed render cache, so the window
        # appears before shapely, h3 and numpy are even imported; they load just after.
        self._cache = render_cache.load() or render_cache.build(board, control)
        self._warm_up_scheduled = False
        self._keyboard_cursor = False  # the crosshair of the keyboard's cell cursor is shown
        # True while the window's loader makes the geometry off its thread (adopt_geometry ends the wait):
        # the view then neither warms up after its first frame nor builds it for a hover.
        self.geometry_coming = False
        self.control: tuple[str, ...] = tuple(control)
        self.changed_cells: tuple[int, ...] = ()
        self._user_zoomed = False
        self._hovered = -1
        self._press_pos: QPointF | None = None
        self._labels_on = True
        self._label_scale = 1.0
        self._operations_visible = True
        self.operation_arrows: list[ArrowItem] = []
        self._operation_labels: list[HaloLabel] = []
        self._operation_label_scale = self._label_scale  # the font scale they were built at
        self._cell_centres: list[tuple[float, float]] | None = None
        self._pockets: list[QRectF] = []
        self._owned_slivers: dict[int, list[str]] | None = None
        self.overlays: list = []  # widgets floating over the map, each with reposition()
        self._hold_labels = False  # set while show_month redraws: it places the labels at its end
        self._paths: dict[int, tuple] = {}  # id of an area's or a front's geometry -> (it, its painter path)
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
        # Labels are re-placed once the view settles after a pan, a drag or an overlay move.
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(0)
        self._relayout_timer.timeout.connect(self.relayout_labels)
        self._build_static_layers(scene)
        self.factions = FactionLayer(scene, FACTION_IDS)
        self.fronts = FrontLayer(scene)
        self._fade = CellShapeLayer(scene, Z_CHANGE)
        self._fade_animation = QVariantAnimation(self)
        self._fade_animation.setStartValue(1.0)
        self._fade_animation.setEndValue(0.0)
        self._fade_animation.setDuration(FADE_MS)
        self._fade_animation.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._fade_animation.valueChanged.connect(self._fade.set_opacity)
        self._fade_animation.finished.connect(self._fade.clear)
        self._highlight = CellShapeLayer(scene, Z_HIGHLIGHT)
        self.highlighted_cells: tuple[int, ...] = ()
        self._cell_grid = None
        self._build_sites_and_labels(scene)
        outline = self._cache["static"]["bounds"]
        self.map_rect = QRectF(to_scene(outline[0], outline[3]), to_scene(outline[2], outline[1]))
        scene.setSceneRect(self.map_rect.adjusted(-350, -250, 350, 250))
        self.set_control(self.control)

    # -- building -------------------------------------------------------------------------
    def _build_static_layers(self, scene: QGraphicsScene) -> None:
        static = self._cache["static"]
        neighbours = {name: path_from_mapping(geometry) for name, geometry in sorted(static["neighbours"].items())}
        box = QRectF()
        for path in neighbours.values():
            box = box.united(path.boundingRect())
        self.land_rect = box  # the neighbours' data ends here; land_beyond carries the land on
        for path in neighbours.values():
            add_path(scene, path, theme.cosmetic_pen(theme.NEIGHBOUR_BORDER, 0.8), QBrush(theme.NEIGHBOUR_LAND), Z_LAND)
        self._neighbour_paths = list(neighbours.values())
        self.land_beyond: QGraphicsPathItem | None = None  # built once the view reaches past land_rect
        self.syria_path = path_from_mapping(static["syria"])
        add_path(scene, self.syria_path, None, QBrush(theme.SYRIA_LAND), Z_LAND)
        # Shared edges drawn once: two out-of-phase dash patterns would look solid.
        self.governorate_items = [
            add_path(scene, path_from_mapping(static["internal_borders"]),
                     theme.cosmetic_pen(theme.GOVERNORATE_BORDER, 0.9, Qt.PenStyle.DashLine), None, Z_GOVERNORATE)
        ]
        self.river_items = []
        for river in static["rivers"]:
            pen = theme.cosmetic_pen(theme.RIVER, 1.8 if river["rank"] == 1 else 0.9)
            self.river_items.append(add_path(scene, path_from_mapping(river["geometry"]), pen, None, Z_RIVER))
        add_path(scene, self.syria_path, theme.cosmetic_pen(theme.SYRIA_BORDER, 1.6), None, Z_BORDER)

    def _build_sites_and_labels(self, scene: QGraphicsScene) -> None:
        self.site_icons: list[SiteIcon] = []
        self._label_specs: list[LabelSpec] = []
        for place in sorted(self.board.places.values(), key=lambda p: p.id):
            x, y = project(place.lon, place.lat)
            size = 11 if place.kind == "city" else 14
            min_zoom = self._city_zoom(place.population) if place.kind == "city" else SITE_ICON_ZOOM[place.kind]
            key = place.id in KEY_PLACES
            if key:
                min_zoom = min(min_zoom, KEY_PLACE_ZOOM)  # the places the scenario turns on show early
            big = place.kind == "city" and place.population >= 500_000
            rank = 0 if big else 1 if key and place.kind == "city" else 2 if key else 3 if place.kind == "city" else 4
            priority = (rank, -place.population, place.id)
            icon = SiteIcon(place.id, place.kind, to_scene(x, y), size, min_zoom, priority)
            scene.addItem(icon)
            self.site_icons.append(icon)
            # Names of lesser sites wait a little longer than their icons, to keep the map calm.
            label_zoom = min_zoom if place.kind == "city" or key else min_zoom + 0.8
            self._label_specs.append(LabelSpec(place.name, x, y, label_zoom, bold=big, size=10.5 if big else 8.5,
                                               priority=priority, clearance=icon_box(size), site=place.id))
        # Ordinary towns are named only from closer zooms than the first frame's: they are added just
        # after it (see add_town_labels), which keeps about 160 labels out of the start-up.
        self._towns_added = False
        for name, (lon, lat) in NEIGHBOUR_LABELS.items():
            x, y = project(lon, lat)
            self._label_specs.append(LabelSpec(name.upper(), x, y, 0.0, size=12, priority=(0, 0, name), centred=True,
                                               colour=theme.NEIGHBOUR_LABEL.name(), letter_spacing=115.0))
        name, (lon, lat) = SEA_LABEL
        x, y = project(lon, lat)
        self._label_specs.append(LabelSpec(name, x, y, 0.0, size=10, italic=True, priority=(0, 0, name), centred=True,
                                           colour=theme.SEA_LABEL.name()))
        self.labels = add_labels(scene, self._label_specs, self._label_scale)

    def add_town_labels(self) -> None:
        """Add the labels of ordinary towns (once); they show as the user zooms in."""
        if self._towns_added:
            return
        self._towns_added = True
        specs = self._town_label_specs()
        self._label_specs += specs
        added = add_labels(self.scene(), specs, self._label_scale)
        for label in added:
            label.setVisible(False)  # until the next placement decides
        self.labels += added
        self.relayout_labels()

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
                                   priority=(5, -town.population, town.name)))
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

    @property
    def cell_paths(self):
        """Painter paths of groups of cells (:class:`ui.cell_paths.CellPaths`), built on first use."""
        if self._cell_paths is None:
            from ui.cell_paths import CellPaths

            self._cell_paths = CellPaths(self.geometry)
        return self._cell_paths

    @property
    def legend(self) -> Legend | None:
        """The legend given to :meth:`add_overlay`, if any (the window creates and adds it)."""
        return next((o for o in self.overlays if isinstance(o, Legend)), None)

    def set_control(self, control: Sequence[str], animate: bool = False) -> None:
        """Redraw faction areas, front lines and site holders for a new control assignment.

        :attr:`changed_cells` becomes the cells whose holder differs from the
        previous control. With ``animate`` they fade from the old holder's
        colour to the new one over about 0.6 s (without blocking); the picture
        at the end is the one a plain redraw gives. Fronts are redrawn at once.
        """
        control = tuple(control)
        if len(control) != len(self.board):  # len(), not the cells: a board read lazily knows its size
            raise ValueError(f"control has {len(control)} cells, board has {len(self.board)}")
        self.finish_animation()
        previous = self.control
        self.changed_cells = tuple(i for i, (old, new) in enumerate(zip(previous, control)) if old != new)
        self.control = control
        opening = self._cache["opening"]
        is_opening = opening["control"] == render_cache.control_key(self.control)
        if is_opening:
            areas = {f: path_from_mapping(m) for f, m in opening["areas"].items()}
            fronts = {tuple(front["factions"]): path_from_mapping(front["geometry"]) for front in opening["fronts"]}
        else:
            used: dict[int, tuple] = {}
            areas = {f: self._path_of(a, used) for f, a in self.geometry.areas(self.control).items()}
            fronts = {front.factions: self._path_of(front.geometry, used)
                      for front in self.geometry.fronts(self.control)}
            self._paths = used
        self.factions.update(areas)
        self.fronts.update(fronts)
        for icon in self.site_icons:
            icon.set_holder(control[self.board.places[icon.place_id].cell])
        self._pockets = self._small_pockets(is_opening)
        self.relayout_labels()  # labels keep off the new enclaves
        if animate and self.changed_cells:
            self._start_fade(previous, self.changed_cells)

    def _path_of(self, geometry, used: dict[int, tuple]) -> QPainterPath:
        """The painter path of an area or a front. The geometry keeps the areas of factions and the
        fronts between them that did not change as the same objects, so their paths are reused
        (kept in ``used`` for the next redraw)."""
        kept = self._paths.get(id(geometry))
        path = kept[1] if kept is not None and kept[0] is geometry else path_from_geometry(geometry)
        used[id(geometry)] = (geometry, path)  # the geometry is kept too, so its id is not reused
        return path

    def show_month(self, control: Sequence[str], arrows: Sequence[OperationArrow], animate: bool = False) -> None:
        """:meth:`set_control` then :meth:`show_operations`, with the labels placed once for both
        (End Turn and the timeline: each placement is a few milliseconds)."""
        self._hold_labels = True
        try:
            self.set_control(control, animate)
            self.show_operations(arrows)
        finally:
            self._hold_labels = False
        self.relayout_labels()

    def _start_fade(self, previous: Sequence[str], changed: Sequence[int]) -> None:
        by_holder: dict[str, list[int]] = {}
        for index in changed:
            by_holder.setdefault(previous[index], []).append(index)
        # Opaque old colours over the new fills: fading them out is a cross-fade from old to new.
        self._fade.show_fills([(theme.flat_faction_colour(faction), self.cell_paths.path(cells))
                               for faction, cells in sorted(by_holder.items())])
        self._fade.set_opacity(1.0)
        self._fade_animation.start()

    def animation_running(self) -> bool:
        """True while cells are fading to their new colours."""
        return self._fade_animation.state() == QVariantAnimation.State.Running

    def finish_animation(self) -> None:
        """Jump to the end of a running fade (tests, or a new turn arriving mid-fade)."""
        self._fade_animation.stop()
        self._fade.clear()

    def highlight_cells(self, cells: Sequence[int], reveal: bool = False) -> None:
        """Outline the given cells boldly (e.g. those an event in the log touched); empty clears.

        With ``reveal``, the view pans (keeping its zoom) to bring them into sight if they are not.
        """
        self.highlighted_cells = tuple(cells)
        if not self.highlighted_cells:
            self._highlight.clear()
            return
        path = self._cells_path(self.highlighted_cells)
        self._highlight.show_outline(path, theme.HIGHLIGHT, theme.HIGHLIGHT_CASING)
        if reveal and not self.mapToScene(self.viewport().rect()).boundingRect().contains(path.boundingRect()):
            self.centerOn(path.boundingRect().center())

    def _cells_path(self, cells: Sequence[int]) -> QPainterPath:
        """One path around the given cells (merged, clipped to the border, slivers included)."""
        import h3
        import shapely
        from shapely.geometry import shape

        from maps.projection import project_geometry

        if self._owned_slivers is None:
            from maps.frontline import border_owners

            self._owned_slivers = {}
            for outside, owner in border_owners(self.board).items():
                self._owned_slivers.setdefault(owner, []).append(outside)
        ids = [self.board.cells[i].h3 for i in cells]
        for index in cells:
            ids += self._owned_slivers.get(index, [])
        area = project_geometry(shape(h3.cells_to_h3shape(ids).__geo_interface__))
        return path_from_geometry(shapely.intersection(area, self._outline()))

    def show_operations(self, arrows: Sequence[OperationArrow]) -> None:
        """Draw the month's operations: an arrow in each attacker's colour from its nearest
        held cell (under the current control) toward the objective, labelled."""
        for item in self.operation_arrows:
            self.scene().removeItem(item)
        self.operation_arrows = []
        specs = []
        for number, arrow in enumerate(arrows):
            tip = self._cell_centre(arrow.objective_cell)
            start = self._attack_origin(arrow.attacker, arrow.objective_cell, arrow.gained)
            item = ArrowItem(arrow, to_scene(*start), to_scene(*tip))
            item.setVisible(self._operations_visible)
            self.scene().addItem(item)
            self.operation_arrows.append(item)
            middle = from_scene(item.midpoint())
            specs.append(LabelSpec(arrow.label, middle[0], middle[1], 0.0, bold=True, size=8.5,
                                   priority=(-1, number, arrow.label), roams=True))
        self._operation_labels = self._operation_labels_for(specs)
        for label, item in zip(self._operation_labels, self.operation_arrows):
            label.arrow = item  # a kept label names this month's arrow, wherever it now is
        zoom = self.zoom()
        for item in self.operation_arrows:
            item.update_zoom(zoom)
        self.relayout_labels()

    def _operation_labels_for(self, specs: Sequence[LabelSpec]) -> list[HaloLabel]:
        """Labels for the month's operations. An operation often goes on from month to month: its
        label is moved rather than built again, so the map's repaint after End Turn reuses the
        picture Qt cached of it instead of filling the glyphs and their halo afresh (about 2 ms a label)."""
        reusable: dict[str, list[HaloLabel]] = {}
        if self._operation_label_scale == self._label_scale:
            for label in self._operation_labels:
                reusable.setdefault(label.spec.text, []).append(label)  # its whole name, if shown shortened
        labels, new_specs = [], []
        for spec in specs:
            same = reusable.get(spec.text)
            if same:
                labels.append(same.pop(0).move_to(spec))
            else:
                labels.append(None)
                new_specs.append(spec)
        for label in (label for rest in reusable.values() for label in rest):
            self.scene().removeItem(label)
        if self._operation_label_scale != self._label_scale:
            for label in self._operation_labels:
                self.scene().removeItem(label)
        self._operation_label_scale = self._label_scale
        fresh = iter(add_labels(self.scene(), new_specs, self._label_scale))
        return [label if label is not None else next(fresh) for label in labels]

    def set_operations_visible(self, on: bool) -> None:
        """Show or hide the operation arrows and their labels."""
        self._operations_visible = on
        for item in self.operation_arrows:
            item.setVisible(on)
        self.relayout_labels()

    def _small_pockets(self, is_opening: bool) -> list[QRectF]:
        """Scene rectangles of the enclaves of at most POCKET_CELLS cells (e.g. Fu'ah-Kefraya).

        The opening's come from the render cache (the first frame needs no board cells yet). After
        a turn they come from the engine's labelling of the position's areas, which the turn has
        usually done already and keeps: walking the board for them took 2 ms of every End Turn.
        """
        if is_opening:
            boxes = self._cache["opening"]["pockets"]  # the first frame's: no need for the board's cells yet
        else:
            from wargame.areas import components
            from wargame.operations import codes_of

            self._cell_centre(0)  # the centres, worked out once
            boxes = [pocket_box(cells, self._cell_centres)
                     for areas in components(codes_of(self.control), self.board).values()
                     for cells in areas if len(cells) <= POCKET_CELLS]
        return [QRectF(to_scene(x0, y1), to_scene(x1, y0)) for x0, y0, x1, y1 in boxes]

    def _cell_centre(self, index: int) -> tuple[float, float]:
        if self._cell_centres is None:
            self._cell_centres = [project(cell.lon, cell.lat) for cell in self.board.cells]
        return self._cell_centres[index]

    def _attack_origin(self, attacker: str, objective: int, gained: Sequence[int] = ()) -> tuple[float, float]:
        """Where the push began: the gained cell farthest from the objective; without gains, the
        attacker's nearest cell to the objective, preferring cells it held before this turn (a relief
        of the attacker's own town would otherwise start in some unrelated pocket)."""
        tx, ty = self._cell_centre(objective)
        if gained:
            farthest = max(gained, key=lambda i: (math.dist(self._cell_centre(i), (tx, ty)), i))
            return self._cell_centre(farthest)
        held = [i for i, f in enumerate(self.control) if f == attacker and i != objective]
        changed = set(self.changed_cells)
        before = [i for i in held if i not in changed] or held
        if not before:
            return tx - 25.0, ty - 25.0  # an attacker with no ground: from the south-west
        nearest = min(before, key=lambda i: math.dist(self._cell_centre(i), (tx, ty)))
        return self._cell_centre(nearest)

    def set_hatching(self, on: bool) -> None:
        """Toggle hatch patterns over the faction fills (and the legend's swatches)."""
        self.factions.set_hatching(on)
        for overlay in self.overlays:
            if hasattr(overlay, "set_hatching"):
                overlay.set_hatching(on)

    def set_layer_visible(self, layer: str, on: bool) -> None:
        """Show or hide a named decoration layer: rivers, governorates, labels."""
        items = {"rivers": self.river_items, "governorates": self.governorate_items, "labels": self.labels}[layer]
        for item in items:
            item.setVisible(on)
        if layer == "labels":
            self._labels_on = on
            self.relayout_labels()

    def set_label_scale(self, factor: float) -> None:
        """Scale the map's label fonts (a font-size setting for projectors) and re-place them;
        overlays with a ``set_font_scale`` method (the legend) follow."""
        self._label_scale = max(0.5, min(3.0, factor))
        for label in self.labels:
            self.scene().removeItem(label)
        self.labels = add_labels(self.scene(), self._label_specs, self._label_scale)
        arrows = [item.arrow for item in self.operation_arrows]
        if arrows:
            self.show_operations(arrows)
        for overlay in self.overlays:
            if hasattr(overlay, "set_font_scale"):
                overlay.set_font_scale(self._label_scale)
        self.relayout_labels()

    def label_scale(self) -> float:
        """The current label font scale."""
        return self._label_scale

    # -- zoom and pan -------------------------------------------------------------------
    def zoom(self) -> float:
        """Current zoom in screen pixels per km."""
        return self.transform().m11()

    def fit_map(self) -> None:
        """Fit the whole country in the window."""
        self.fitInView(self.map_rect.adjusted(-FIT_MARGIN_KM, -FIT_MARGIN_KM, FIT_MARGIN_KM, FIT_MARGIN_KM),
                       Qt.AspectRatioMode.KeepAspectRatio)
        self._user_zoomed = False
        self._on_view_changed()

    def _fit_zoom(self) -> float:
        viewport = self.viewport().rect()
        margin = 2 * FIT_MARGIN_KM
        return min(viewport.width() / (self.map_rect.width() + margin),
                   viewport.height() / (self.map_rect.height() + margin))

    def min_zoom(self) -> float:
        """The farthest the view zooms out (pixels per km)."""
        return self._fit_zoom() * MIN_ZOOM_FACTOR

    def max_zoom(self) -> float:
        """The closest the view zooms in: it always spans a few cells (pixels per km)."""
        viewport = self.viewport().rect()
        return max(self._fit_zoom() * 2, min(viewport.width(), viewport.height()) / MIN_VIEW_KM)

    def zoom_by(self, factor: float, anchor: QPointF | QPoint | None = None) -> None:
        """Zoom by ``factor`` around ``anchor`` (viewport point), within sensible limits."""
        self.add_town_labels()  # zooming in is when towns get named
        if isinstance(anchor, QPoint):
            anchor = QPointF(anchor)
        current = self.zoom()
        target = max(self.min_zoom(), min(self.max_zoom(), current * factor))
        if math.isclose(target, current):
            return
        if anchor is None:
            self.scale(target / current, target / current)
        else:  # keep the scene point under ``anchor`` where it is
            previous = self.transformationAnchor()
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
            before = self.mapToScene(anchor.toPoint())
            self.scale(target / current, target / current)
            delta = self.mapToScene(anchor.toPoint()) - before
            self.translate(delta.x(), delta.y())
            self.setTransformationAnchor(previous)
        self._user_zoomed = True
        self._on_view_changed()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        # Fine-grained factor so that touchpads (small deltas) zoom smoothly.
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if delta:
            self.zoom_by(1.0016 ** delta, event.position())
        event.accept()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        reserve_pixmap_cache(self.viewport().width(), self.viewport().height())
        for overlay in self.overlays:  # first, so labels are placed clear of where they now stand
            overlay.reposition()
        if self._user_zoomed:
            self.zoom_by(1.0)  # back within the limits of the new size
            self._on_view_changed()
        else:
            self.fit_map()  # places the labels too

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt API
        super().scrollContentsBy(dx, dy)
        if self._keyboard_cursor and self.hasFocus():
            self.viewport().update()  # the crosshair stays at the centre, not scrolled with the map
        self._extend_land()  # before the frame that would show the data's edge
        self._relayout_timer.start()  # after a pan, once the view settles

    def add_overlay(self, widget) -> None:
        """Keep a widget with a ``reposition()`` method floating over the map; labels keep clear of it."""
        widget.setParent(self)
        self.overlays.append(widget)
        widget.installEventFilter(self)
        widget.reposition()
        widget.show()
        self.relayout_labels()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched in self.overlays and event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                                                         QEvent.Type.Hide):
            self._relayout_timer.start()
        return super().eventFilter(watched, event)

    def _on_view_changed(self) -> None:
        zoom = self.zoom()
        for arrow in self.operation_arrows:
            arrow.update_zoom(zoom)
        self.fronts.set_zoom(zoom)
        self._update_cell_grid(zoom)
        self.relayout_labels()
        self.zoom_changed.emit(zoom)

    def _extend_land(self) -> None:
        """Once the view reaches past the neighbours' data, carry their land on beyond it
        (not needed at the usual fit, so not built before the first frame)."""
        if self.land_beyond is not None:
            return
        if self.land_rect.contains(self.mapToScene(self.viewport().rect()).boundingRect()):
            return
        # Drawn over the neighbours, it also hides their outlines along the box (a cut, not a border).
        self.land_beyond = add_path(self.scene(), land_beyond(self._neighbour_paths), None,
                                    QBrush(theme.NEIGHBOUR_LAND), Z_LAND + 0.05)

    def _update_cell_grid(self, zoom: float) -> None:
        """Outline the cells when zoomed in close, so a close view is never one flat colour."""
        if zoom < CELL_GRID_ZOOM:
            if self._cell_grid is not None:
                self._cell_grid.setVisible(False)
            return
        if self._cell_grid is None:
            self._cell_grid = add_path(self.scene(), self._cell_grid_path(), theme.cosmetic_pen(theme.CELL_GRID, 0.8),
                                       None, Z_CELL_GRID)
        self._cell_grid.setVisible(True)

    def _cell_grid_path(self) -> QPainterPath:
        """Every cell's outline, cut at the border (about 0.15 s, once, on the first close zoom)."""
        import numpy as np
        import shapely

        from maps.frontline import hexagons_km

        outline = self._outline()
        rings = shapely.boundary(np.array(hexagons_km(self.board), dtype=object))
        inside = shapely.contains(outline, rings)
        path = QPainterPath()
        coordinates = shapely.get_coordinates(rings[inside])
        counts = shapely.get_num_coordinates(rings[inside])
        start = 0
        for count in counts:  # plain rings straight from their coordinates: far faster than one by one
            ring = coordinates[start:start + count]
            path.addPolygon(QPolygonF([QPointF(x, -y) for x, y in ring]))
            start += count
        for line in shapely.intersection(rings[~inside], outline):
            path.addPath(path_from_geometry(line))
        return path

    def _outline(self):
        """Syria's outline (km), prepared for fast tests."""
        import shapely

        outline = self.geometry.outline_km
        shapely.prepare(outline)
        return outline

    # -- labels -------------------------------------------------------------------------
    def relayout_labels(self) -> None:
        """Re-place icons and labels for the current view: due at this zoom, inside the view,
        clear of the overlays and the scale bar, icons first, then labels by priority, each label
        in the first free spot around its anchor (it never covers an icon or another label)."""
        if self._hold_labels:
            return  # show_month places them once at its end
        self._relayout_timer.stop()
        self._extend_land()
        zoom = self.zoom()
        viewport = QRectF(self.viewport().rect())
        taken = RectIndex()
        for overlay in self.overlays:
            if overlay.isVisible():
                taken.add(QRectF(overlay.geometry()))
        taken.add(self._scale_bar_rect())
        shown_sites = set()
        for icon in sorted(self.site_icons, key=lambda item: item.priority):
            if zoom < icon.min_zoom:
                icon.setVisible(False)
                continue
            rect = self._icon_rect(icon)
            visible = viewport.intersects(rect) and not taken.intersects(rect)
            icon.setVisible(visible)
            if visible:
                taken.add(rect)
                shown_sites.add(icon.place_id)
        # A name across a small enclave would hide it (its own places may still be named on it).
        pockets = [rect for rect in (QRectF(self.mapFromScene(p).boundingRect()) for p in self._pockets)
                   if viewport.intersects(rect)]
        labels = self.labels + (self._operation_labels if self._operations_visible else [])
        if not self._operations_visible:  # (not hidden first and shown again: Qt would drop their cached pictures)
            for label in self._operation_labels:
                label.setVisible(False)
        arrows = self._arrow_outlines() if self._operations_visible else {}
        moved = False
        for label in sorted(labels, key=lambda item: item.priority):
            before = (label.isVisible(), label.offset, label.pos())
            if label.arrow is not None:
                placed = self._place_operation_label(label, viewport, taken, pockets, arrows)
            else:
                placed = self._place_label(label, zoom, viewport, taken, pockets, shown_sites)
            label.setVisible(placed)
            moved = moved or before != (label.isVisible(), label.offset, label.pos())
        if moved:
            # A label that ignores the view's scale and moves by its own transform can leave its old
            # picture behind (a stale "Jisr al-" beside the label's new place): repaint the whole map,
            # a few milliseconds with the layers cached.
            self.viewport().update()

    def _icon_rect(self, icon: SiteIcon) -> QRectF:
        """The icon's rectangle on screen (viewport pixels)."""
        centre = QPointF(self.mapFromScene(icon.pos()))
        return icon.boundingRect().translated(centre)

    def _place_label(self, label: HaloLabel, zoom: float, viewport: QRectF, taken: RectIndex,
                     pockets: list[QRectF], shown_sites: set[str]) -> bool:
        operation = label in self._operation_labels
        if not operation and not (self._labels_on and zoom >= label.min_zoom):
            return False
        if label.site is not None and label.site not in shown_sites:
            return False  # a name without its icon would point at nothing
        anchor = QPointF(self.mapFromScene(label.pos()))
        if not viewport.contains(anchor):
            return False
        foreign = [pocket for pocket in pockets if not pocket.contains(anchor)]
        for offset in label.candidates:
            rect = label.rect_at(anchor, offset).adjusted(-1, -1, 1, 1)
            if viewport.contains(rect) and not taken.intersects(rect) and \
                    not any(rect.intersects(pocket) for pocket in foreign):
                label.place(offset)
                taken.add(rect)
                return True
        return False

    def _arrow_outlines(self) -> dict[ArrowItem, QPainterPath]:
        """Each operation arrow's outline on screen (viewport pixels)."""
        transform = self.viewportTransform()
        return {item: item.deviceTransform(transform).map(item.path()) for item in self.operation_arrows}

    def _place_operation_label(self, label: HaloLabel, viewport: QRectF, taken: RectIndex, pockets: list[QRectF],
                               arrows: dict[ArrowItem, QPainterPath]) -> bool:
        """Put an operation's label beside its own arrow (see :func:`arrow_label_centres`), clear of
        icons, other labels, small enclaves and, if it can, other operations' arrows. With no room
        near its arrow for its whole name it tries a shorter one (:func:`short_operation_name`),
        then is hidden rather than put somewhere else (the turn report names every operation):
        the first free spot around the arrow's midpoint could be a label's length away."""
        label.set_text(label.spec.text)  # last month's short form may no longer be needed
        if self._operation_label_spot(label, viewport, taken, pockets, arrows):
            return True
        short = short_operation_name(label.spec.text)
        if short is None:
            return False
        label.set_text(short)
        return self._operation_label_spot(label, viewport, taken, pockets, arrows)

    def _operation_label_spot(self, label: HaloLabel, viewport: QRectF, taken: RectIndex, pockets: list[QRectF],
                              arrows: dict[ArrowItem, QPainterPath]) -> bool:
        """Place ``label`` at the first free spot around its arrow; False if there is none."""
        transform = self.viewportTransform()
        item = label.arrow
        head, tail = item.shaft(transform.map(item.tip))
        anchor = transform.map(label.pos())
        size = label.rect_at(QPointF(), QPointF()).size()
        offsets = [label.offset_centred_at(anchor, centre)
                   for centre in arrow_label_centres(size.width(), size.height(), head, tail)]
        others = [path for other, path in arrows.items() if other is not item]
        for avoid_arrows in (True, False):
            for offset in offsets:
                rect = label.rect_at(anchor, offset).adjusted(-1, -1, 1, 1)
                if not viewport.contains(rect) or taken.intersects(rect) or \
                        any(rect.intersects(pocket) and not pocket.contains(anchor) for pocket in pockets):
                    continue
                if avoid_arrows and any(path.intersects(rect) for path in others):
                    continue
                label.place(offset)
                taken.add(rect)
                return True
        return False

    def label_rects(self) -> list[tuple[str, QRectF]]:
        """Visible labels and their rectangles on screen (viewport pixels)."""
        return [(label.text, label.rect_at(QPointF(self.mapFromScene(label.pos())), label.offset))
                for label in self.labels + self._operation_labels if label.isVisible()]

    def icon_rects(self) -> list[tuple[str, QRectF]]:
        """Visible site icons and their rectangles on screen (viewport pixels)."""
        return [(icon.place_id, self._icon_rect(icon)) for icon in self.site_icons if icon.isVisible()]

    # -- clicks -------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._show_cursor(False)  # the mouse is in use: no keyboard crosshair
        self._press_pos = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position() - press).manhattanLength() > QApplication.startDragDistance():
            return  # a drag pans the map; it is not a click
        index = self.cell_at_view(event.position())
        if index is not None:
            self.cell_clicked.emit(index)

    # -- the keyboard's cell cursor: the arrow keys pan, Enter selects the cell at the centre ------
    def cursor_cell(self) -> int | None:
        """The cell under the keyboard's cursor (the crosshair at the view's centre), or None."""
        return self.cell_at_view(QPointF(self.viewport().rect().center()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # The crosshair is for the keyboard: it comes with a key pressed on the map, not with the focus,
        # which a click or Qt's own moves (a dock hidden, orders disabled during End Turn) also bring.
        self._show_cursor(True)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.cursor_cell()
            if index is not None:
                self.cell_clicked.emit(index)  # what a click on that cell does
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self._show_cursor(False)

    def _show_cursor(self, on: bool) -> None:
        if on != self._keyboard_cursor:
            self._keyboard_cursor = on
            self.viewport().update()

    def _draw_cursor(self, painter: QPainter) -> None:
        """A crosshair at the centre while the map has the keyboard: Enter selects the cell under it."""
        centre = QPointF(self.viewport().rect().center())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for colour, width in ((QColor(255, 255, 255, 220), 4.0), (QColor("#111"), 1.6)):
            painter.setPen(QPen(colour, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, 7, 7)
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                painter.drawLine(centre + QPointF(dx * 10, dy * 10), centre + QPointF(dx * 18, dy * 18))

    # -- hover and tooltips -------------------------------------------------------------
    def cell_at_view(self, pos: QPointF) -> int | None:
        """Index of the cell under a viewport position, or None."""
        x, y = from_scene(self.mapToScene(pos.toPoint()))
        return self.geometry.cell_at(x, y)

    def view_point_of_cell(self, index: int) -> QPointF:
        """The viewport position of a cell's centre (for tools and tests that point at cells)."""
        return QPointF(self.mapFromScene(to_scene(*self._cell_centre(index))))

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

    def forget_hover(self) -> None:
        """Forget the cell under the pointer (a new game): its next move over that cell is reported afresh."""
        self._hovered = -1

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseMoveEvent(event)
        if self.geometry_coming:
            return  # the window's loader is making the geometry: not again here, on the window's thread
        index = self.cell_at_view(event.position())
        index = -1 if index is None else index
        if index != self._hovered:
            self._hovered = index
            self.cell_hovered.emit(index)

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self._warm_up_scheduled:
            # Once the first frame is on screen, load the geometry that hovering and redraws need
            # (unless the window has it prepared on a worker thread: see adopt_geometry).
            self._warm_up_scheduled = True
            if not self.geometry_coming:
                QTimer.singleShot(0, self, self._warm_up)  # with self as context: dropped if the view is gone
            QTimer.singleShot(0, self, self.add_town_labels)
        if event.type() == QEvent.Type.ToolTip:
            index = self.cell_at_view(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for_cell(index), self.viewport())
            return True
        return super().viewportEvent(event)

    def _warm_up(self) -> None:
        """Load what hovering and the redraw after a turn need: the geometry and the cells' paths."""
        self.geometry.cell_at(0.0, 0.0)
        _ = self.cell_paths

    def adopt_geometry(self, prepared: tuple | None) -> None:
        """Take the geometry and cells' paths that :func:`prepare_geometry` made (on another thread),
        unless the view has had to build its own meanwhile."""
        self.geometry_coming = False
        if prepared is None:
            return  # the loader could not make it: the view makes its own when it needs it
        geometry, paths = prepared
        if self._geometry is None:
            self._geometry = geometry
        if self._cell_paths is None and self._geometry is geometry:
            self._cell_paths = paths

    # -- overlays -----------------------------------------------------------------------
    def drawForeground(self, painter: QPainter, _rect: QRectF) -> None:  # noqa: N802 - Qt API
        painter.save()
        painter.resetTransform()
        self._draw_scale_bar(painter)
        if self._keyboard_cursor and self.hasFocus():
            self._draw_cursor(painter)
        painter.restore()

    def _draw_scale_bar(self, painter: QPainter) -> None:
        px_per_km = self.zoom()
        if px_per_km <= 0:
            return
        target_km = 140 / px_per_km
        nice = min((n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500) if n >= target_km * 0.5),
                   default=500, key=lambda n: abs(n - target_km))
        width = nice * px_per_km
        font = painter.font()
        font.setPointSizeF(8.5 * self._label_scale)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        text = f"{nice} km"
        x0, y0 = 18, self.viewport().height() - 26
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = y0 - 10 - metrics.height()
        painter.fillRect(QRectF(x0 - 8, top, width + 24 + metrics.horizontalAdvance(text) / 2, y0 + 14 - top),
                         QColor(255, 255, 255, 200))
        painter.setPen(QPen(QColor("#222"), 1.4))
        half = width / 2
        painter.fillRect(QRectF(x0, y0, half, 6), QColor("#222"))
        painter.fillRect(QRectF(x0 + half, y0, half, 6), QColor("#fff"))
        painter.drawRect(QRectF(x0, y0, width, 6))
        painter.drawText(QPointF(x0 - 2, y0 - 6), "0")
        painter.drawText(QPointF(x0 + width - metrics.horizontalAdvance(text) / 2, y0 - 6), text)

    def _scale_bar_rect(self) -> QRectF:
        """The corner the scale bar may take (viewport pixels): no label goes there."""
        height = 52 + 14 * (self._label_scale - 1)
        width = 290 + 40 * (self._label_scale - 1)
        return QRectF(0, self.viewport().height() - height, width, height)
