"""Drawable geometry of a board: cell polygons clipped to the border, areas and fronts.

Computing the clipped cells once per board keeps each redraw after a turn
(areas and fronts for a new control assignment) cheap.
"""
from __future__ import annotations

from functools import cached_property
from typing import Sequence

import h3
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from maps import geodata
from maps.frontline import FrontLine, border_owners, cell_polygons, edge_segment, faction_areas, front_lines
from maps.projection import unproject
from wargame.board import Board


class BoardGeometry:
    """Map-km geometry of one board, with lookups from map points to cells."""

    def __init__(self, board: Board, outline_km: BaseGeometry | None = None) -> None:
        self.board = board
        self.outline_km = outline_km if outline_km is not None else geodata.syria_outline_km()

    @cached_property
    def cells(self) -> list[BaseGeometry]:
        """Each cell's polygon in km, clipped to the border, in board order."""
        return cell_polygons(self.board, self.outline_km)

    @cached_property
    def _owners(self) -> dict[str, int]:
        return border_owners(self.board)

    def areas(self, control: Sequence[str]) -> dict[str, BaseGeometry]:
        """Faction -> the area it holds (km), clipped to the border."""
        return faction_areas(self.board, control, self.outline_km, self._owners, self._area_cache)

    def fronts(self, control: Sequence[str]) -> list[FrontLine]:
        """Front lines between factions (km), clipped to the border."""
        return front_lines(self.board, control, self.outline_km, self._edge, self._front_cache)

    def _edge(self, board: Board, i: int, j: int) -> list[tuple[float, float]]:
        """The shared edge of two cells, computed once per board (fronts are redrawn every turn)."""
        key = (i, j)
        edge = self._edges.get(key)
        if edge is None:
            edge = self._edges[key] = edge_segment(board, i, j)
        return edge

    @cached_property
    def _edges(self) -> dict[tuple[int, int], list[tuple[float, float]]]:
        return {}

    @cached_property
    def _area_cache(self) -> dict:
        return {}  # faction -> (its cells, its area): unchanged factions are not redrawn from scratch

    @cached_property
    def _front_cache(self) -> dict:
        return {}  # pair of factions -> (their shared edges, their front line)

    @cached_property
    def _prepared_outline(self) -> BaseGeometry:
        outline = self.outline_km.buffer(0)
        shapely.prepare(outline)
        return outline

    def cell_at(self, x_km: float, y_km: float) -> int | None:
        """Index of the board cell under a map point (border slivers count for their owner), or None."""
        if not self._prepared_outline.covers(Point(x_km, y_km)):
            return None
        lon, lat = unproject(x_km, y_km)
        cell = h3.latlng_to_cell(lat, lon, self.board.h3_resolution)
        try:
            return self.board.index_of(cell)
        except KeyError:
            return self._owners.get(cell)
