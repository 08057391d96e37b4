"""Shapely geometries (map km) to Qt painter paths (scene units).

The scene uses kilometres with y pointing down, so north-up maps flip y here
and nowhere else.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF
from shapely.geometry.base import BaseGeometry


def to_scene(x: float, y: float) -> QPointF:
    """Scene point of a map point in km."""
    return QPointF(x, -y)


def from_scene(point: QPointF) -> tuple[float, float]:
    """Map km of a scene point."""
    return point.x(), -point.y()


def _ring(coords) -> QPolygonF:
    return QPolygonF([QPointF(x, -y) for x, y, *_ in coords])


def path_from_geometry(geometry: BaseGeometry) -> QPainterPath:
    """A painter path for polygons (holes via odd-even fill) or lines."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    _add(path, geometry)
    return path


def _add(path: QPainterPath, geometry: BaseGeometry) -> None:
    kind = geometry.geom_type
    if kind == "Polygon":
        path.addPolygon(_ring(geometry.exterior.coords))
        path.closeSubpath()
        for interior in geometry.interiors:
            path.addPolygon(_ring(interior.coords))
            path.closeSubpath()
    elif kind in ("LineString", "LinearRing"):
        coords = list(geometry.coords)
        if coords:
            path.moveTo(coords[0][0], -coords[0][1])
            for x, y, *_ in coords[1:]:
                path.lineTo(x, -y)
    elif hasattr(geometry, "geoms"):
        for part in geometry.geoms:
            _add(path, part)
