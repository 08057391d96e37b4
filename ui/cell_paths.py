"""Painter paths of groups of board cells, built from each cell's polygon instead of a union.

The cells that changed hands fade from their old colour after End Turn: their
polygons (clipped to the border, border slivers included, see
:attr:`maps.board_geometry.BoardGeometry.cells`) go into one painter path. With
every ring counter-clockwise and a non-zero fill, the edges two cells of the
path share cancel out when Qt rasterises it, so the fill shows no seams and
looks as the merged outline did, with no H3 outline, polygon union or clip
(several milliseconds per turn). Large groups (a faction's whole area) are
better merged: Qt fills a path of thousands of cell rings far more slowly.

The points of every cell's rings are kept in one array: a group of cells is a
mask over it, and Qt reads the path in one call (see
:func:`ui.qt_geometry.path_from_points`), with no Python loop over cells or points.
"""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainterPath

from ui.qt_geometry import path_from_points, subpath_starts


class CellPaths:
    """Scene-unit polygons of every cell of a board (from a :class:`~maps.board_geometry.BoardGeometry`)."""

    def __init__(self, geometry) -> None:
        import shapely

        # Exteriors counter-clockwise (holes clockwise), so neighbouring cells add up, never cancel.
        parts, part_cell = shapely.get_parts(shapely.orient_polygons(geometry.cells), return_index=True)
        rings, ring_part = shapely.get_rings(parts, return_index=True)
        self._coordinates, point_ring = shapely.get_coordinates(rings, return_index=True)
        self._first = subpath_starts(point_ring)
        self._point_cell = part_cell[ring_part[point_ring]]  # the cell each point belongs to
        self._cell_count = len(geometry.cells)

    def path(self, cells: Iterable[int]) -> QPainterPath:
        """One path covering ``cells`` (non-zero fill)."""
        import numpy as np

        chosen = np.zeros(self._cell_count, dtype=bool)
        chosen[list(cells)] = True
        mask = chosen[self._point_cell]
        return path_from_points(self._coordinates[mask], self._first[mask], Qt.FillRule.WindingFill)
