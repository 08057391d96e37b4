"""Geometries (map km) to Qt painter paths (scene units).

The scene uses kilometres with y pointing down, so north-up maps flip y here
and nowhere else. Paths are built from GeoJSON-style mappings (``type`` and
``coordinates``), which is what the render cache stores and what shapely's
``mapping`` gives, so the first frame needs no geometry library.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
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
    """A painter path for a shapely geometry."""
    from shapely.geometry import mapping

    return path_from_mapping(mapping(geometry))


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


def land_beyond(land: list[QPainterPath], reach: float = 5000.0, step: float = 2.0) -> QPainterPath:
    """Land beyond the edges of the clipped neighbour countries, so the map never ends in a hard
    rectangle: each stretch of a box edge that is land continues outward as a strip (corners too).

    ``land`` are the neighbours' paths, clipped to one box; the result lies outside that box.
    """
    box = QRectF()
    for path in land:
        box = box.united(path.boundingRect())
    inset = step / 4

    def is_land(x: float, y: float) -> bool:
        point = QPointF(x, y)
        return any(path.contains(point) for path in land)

    beyond = QPainterPath()
    left, right, top, bottom = box.left(), box.right(), box.top(), box.bottom()
    edges = (  # (start, end, fixed coordinate inside the box, vertical?, outward strip builder)
        (top, bottom, left + inset, True, lambda a, b: QRectF(left - reach, a, reach, b - a)),
        (top, bottom, right - inset, True, lambda a, b: QRectF(right, a, reach, b - a)),
        (left, right, top + inset, False, lambda a, b: QRectF(a, top - reach, b - a, reach)),
        (left, right, bottom - inset, False, lambda a, b: QRectF(a, bottom, b - a, reach)),
    )
    for start, end, fixed, vertical, strip in edges:
        run_start = None
        position = start
        while position <= end + step:
            inside = position <= end and (is_land(fixed, position) if vertical else is_land(position, fixed))
            if inside and run_start is None:
                run_start = position - step / 2
            elif not inside and run_start is not None:
                beyond.addRect(strip(max(start, run_start), min(end, position - step / 2)))
                run_start = None
            position += step
    for x, y, corner in ((left, top, QRectF(left - reach, top - reach, reach, reach)),
                         (right, top, QRectF(right, top - reach, reach, reach)),
                         (left, bottom, QRectF(left - reach, bottom, reach, reach)),
                         (right, bottom, QRectF(right, bottom, reach, reach))):
        if is_land(x + (inset if x == left else -inset), y + (inset if y == top else -inset)):
            beyond.addRect(corner)
    beyond.setFillRule(Qt.FillRule.WindingFill)
    return beyond
