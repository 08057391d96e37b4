"""Geometries (map km) to Qt painter paths (scene units).

The scene uses kilometres with y pointing down, so north-up maps flip y here
and nowhere else. Paths are built from GeoJSON-style mappings (``type`` and
``coordinates``), which is what the render cache stores and what shapely's
``mapping`` gives, so the first frame needs no geometry library.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from PySide6.QtCore import QPointF, Qt
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
