"""Geometries (map km) to Qt painter paths (scene units).

The scene uses kilometres with y pointing down, so north-up maps flip y here
and nowhere else. Paths are built from GeoJSON-style mappings (``type`` and
``coordinates``), which is what the render cache stores and what shapely's
``mapping`` gives, so the first frame needs no geometry library.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from PySide6.QtCore import QByteArray, QDataStream, QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry


def to_scene(x: float, y: float) -> QPointF:
    """Scene point of a map point in km."""
    return QPointF(x, -y)


def from_scene(point: QPointF) -> tuple[float, float]:
    """Map km of a scene point."""
    return point.x(), -point.y()


def _ring(coords) -> QPolygonF:
    return QPolygonF([QPointF(c[0], -c[1]) for c in coords])


def path_from_mapping(geometry: Mapping[str, Any]) -> QPainterPath:
    """A painter path for a GeoJSON-style mapping: polygons (holes via odd-even fill) or lines."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    _add(path, geometry["type"], geometry.get("coordinates"), geometry.get("geometries"))
    return path


def path_from_geometry(geometry: "BaseGeometry") -> QPainterPath:
    """A painter path for a shapely geometry: the same path as :func:`path_from_mapping` gives for its
    mapping, built without a Python loop over points (areas and fronts are rebuilt every turn)."""
    import numpy as np
    import shapely

    parts = shapely.get_parts(geometry)
    while any(shapely.get_type_id(parts) >= 4):  # multi-part geometries inside a collection
        parts = shapely.get_parts(parts)
    kinds = shapely.get_type_id(parts)
    lines = list(parts[(kinds == 1) | (kinds == 2)])  # LineString, LinearRing (points are not drawn)
    polygons = parts[kinds == 3]
    rings = list(shapely.get_rings(polygons)) if len(polygons) else []
    coordinates, line = shapely.get_coordinates(rings + lines, return_index=True)
    return path_from_points(coordinates, subpath_starts(line), Qt.FillRule.OddEvenFill)


def subpath_starts(owner):
    """Where a new subpath starts, given the line (or ring) each point belongs to (arrays)."""
    import numpy as np

    first = np.ones(len(owner), dtype=bool)
    first[1:] = owner[1:] != owner[:-1]
    return first


def path_from_points(coordinates, first, fill_rule: Qt.FillRule = Qt.FillRule.OddEvenFill) -> QPainterPath:
    """A painter path from an (n, 2) array of map-km points, ``first`` marking where each subpath starts.

    Qt reads the whole path in one call from the documented ``QDataStream << QPainterPath`` layout
    (element count; per element its type, x and y; the start of the last subpath; the fill rule).
    """
    import numpy as np

    path = QPainterPath()
    if len(coordinates):
        elements = np.zeros(len(coordinates), dtype=[("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
        elements["x"] = coordinates[:, 0]
        elements["y"] = -coordinates[:, 1]  # scene y points down
        elements["type"] = np.where(first, 0, 1)  # MoveToElement, LineToElement
        tail = np.array([np.flatnonzero(first)[-1], fill_rule.value], dtype=">i4")
        data = np.array([len(elements)], dtype=">i4").tobytes() + elements.tobytes() + tail.tobytes()
        QDataStream(QByteArray(data)) >> path
    path.setFillRule(fill_rule)
    return path


def _add(path: QPainterPath, kind: str, coords, parts=None) -> None:
    if kind == "Polygon":
        for ring in coords:
            path.addPolygon(_ring(ring))
            path.closeSubpath()
    elif kind == "MultiPolygon":
        for polygon in coords:
            _add(path, "Polygon", polygon)
    elif kind in ("LineString", "LinearRing"):
        if coords:
            path.moveTo(coords[0][0], -coords[0][1])
            for c in coords[1:]:
                path.lineTo(c[0], -c[1])
    elif kind == "MultiLineString":
        for line in coords:
            _add(path, "LineString", line)
    elif kind == "GeometryCollection":
        for part in parts or ():
            _add(path, part["type"], part.get("coordinates"), part.get("geometries"))


class RectIndex:
    """Rectangles (screen pixels) in a coarse grid, for fast 'does this overlap anything?' checks."""

    CELL = 64.0

    def __init__(self) -> None:
        self._buckets: dict[tuple[int, int], list[QRectF]] = {}

    def _keys(self, rect: QRectF):
        for i in range(int(rect.left() // self.CELL), int(rect.right() // self.CELL) + 1):
            for j in range(int(rect.top() // self.CELL), int(rect.bottom() // self.CELL) + 1):
                yield i, j

    def add(self, rect: QRectF) -> None:
        """Mark ``rect`` as taken."""
        for key in self._keys(rect):
            self._buckets.setdefault(key, []).append(rect)

    def intersects(self, rect: QRectF) -> bool:
        """True if ``rect`` overlaps a rectangle already taken."""
        return any(rect.intersects(other) for key in self._keys(rect) for other in self._buckets.get(key, ()))


def land_beyond(land: list[QPainterPath], reach: float = 5000.0, step: float = 4.0,
                min_gap: float = 8.0, island: float = 300.0) -> QPainterPath:
    """Land beyond the edges of the clipped neighbour countries, so the map never ends in a hard
    rectangle: each stretch of a box edge that is land continues outward as a strip (corners too).

    ``land`` are the neighbours' paths, clipped to one box; the result lies outside that box
    (overlapping it by one ``step``, so no seam shows). A country smaller than ``island`` km
    both ways and cut by one edge only (Cyprus) is an island: its cut end gets a rounded tip
    instead of a strip.
    """
    box = QRectF()
    for path in land:
        box = box.united(path.boundingRect())
    inset = step / 4

    def owner(x: float, y: float) -> QPainterPath | None:
        point = QPointF(x, y)
        return next((path for path in land if path.contains(point)), None)

    def is_island(path: QPainterPath) -> bool:
        rect = path.boundingRect()
        edges_touched = sum((abs(rect.left() - box.left()) < 1e-6, abs(rect.right() - box.right()) < 1e-6,
                             abs(rect.top() - box.top()) < 1e-6, abs(rect.bottom() - box.bottom()) < 1e-6))
        return edges_touched == 1 and rect.width() < island and rect.height() < island

    beyond = QPainterPath()
    beyond.setFillRule(Qt.FillRule.WindingFill)
    left, right, top, bottom = box.left(), box.right(), box.top(), box.bottom()
    edges = (  # fixed coordinate just inside the box, vertical?, outward strip builder
        (left + inset, True, lambda a, b, r: QRectF(left - r, a, r + step, b - a)),
        (right - inset, True, lambda a, b, r: QRectF(right - step, a, r + step, b - a)),
        (top + inset, False, lambda a, b, r: QRectF(a, top - r, b - a, r + step)),
        (bottom - inset, False, lambda a, b, r: QRectF(a, bottom - step, b - a, r + step)),
    )
    for fixed, vertical, strip in edges:
        start, end = (top, bottom) if vertical else (left, right)
        runs: list[list] = []
        position = start
        while position <= end:
            path = owner(fixed, position) if vertical else owner(position, fixed)
            if path is not None:
                if runs and runs[-1][2] is path and position - runs[-1][1] <= min_gap:
                    runs[-1][1] = position  # a lagoon or an inlet does not break the land
                else:
                    runs.append([position, position, path])
            position += step
        for run_start, run_end, path in runs:
            if run_end - run_start < min_gap:
                continue
            a, b = max(start, run_start - step / 2), min(end, run_end + step / 2)
            if is_island(path):  # a rounded tip, as wide as the cut
                half = (b - a) / 2
                centre = QPointF(fixed, a + half) if vertical else QPointF(a + half, fixed)
                beyond.addEllipse(centre, 0.6 * half if vertical else half, half if vertical else 0.6 * half)
            else:
                beyond.addRect(strip(a, b, reach))
    for x, y, corner in ((left, top, QRectF(left - reach, top - reach, reach + step, reach + step)),
                         (right, top, QRectF(right - step, top - reach, reach + step, reach + step)),
                         (left, bottom, QRectF(left - reach, bottom - step, reach + step, reach + step)),
                         (right, bottom, QRectF(right - step, bottom - step, reach + step, reach + step))):
        path = owner(x + (inset if x == left else -inset), y + (inset if y == top else -inset))
        if path is not None and not is_island(path):
            beyond.addRect(corner)
    return beyond

