"""Faction areas and front lines derived from a control assignment.

Front lines are never stored: they are the edges shared by adjacent cells of
different factions, merged into long lines. Everything is returned in map
kilometres (:mod:`maps.projection`), clipped to the country's outline when one
is given, because border cells overhang the border.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

import h3
import shapely
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, unary_union

from maps.projection import project_array
from wargame.board import Board


@dataclass(frozen=True)
class FrontLine:
    """The front between two factions: a pair in sorted order and its merged lines (km)."""

    factions: tuple[str, str]
    geometry: BaseGeometry  # LineString or MultiLineString

    @property
    def length_km(self) -> float:
        """Total length of the front in kilometres."""
        return float(self.geometry.length)


def hexagons_km(board: Board) -> list[BaseGeometry]:
    """Each cell's hexagon in map km, in board order (unclipped)."""
    rings = [project_array([(lon, lat) for lat, lon in h3.cell_to_boundary(c.h3)]) for c in board.cells]
    return list(shapely.polygons(rings))


def cell_polygons(board: Board, clip: BaseGeometry | None = None) -> list[BaseGeometry]:
    """Each cell's polygon in map km, clipped to ``clip`` (e.g. the national border) if given.

    With a clip, the slivers of land inside it that belong to off-board cells
    (whose centres lie just outside the border) are handed to an adjacent board
    cell, so that the cells tile the whole country without gaps.
    """
    hexes = hexagons_km(board)
    if clip is None:
        return hexes
    shapely.prepare(clip)
    clipped = list(shapely.intersection(hexes, clip))
    on_board = {c.h3: c.index for c in board.cells}
    border = [c for c, adjacent in zip(board.cells, board.neighbors) if len(adjacent) < 6]
    outside = sorted({n for c in border for n in h3.grid_disk(c.h3, 1) if n not in on_board})
    extras: dict[int, list[BaseGeometry]] = defaultdict(list)
    for cell in outside:
        ring = project_array([(lon, lat) for lat, lon in h3.cell_to_boundary(cell)])
        piece = shapely.intersection(shapely.polygons(ring), clip)
        if piece.is_empty or piece.area < 1e-6:
            continue
        owners = sorted(on_board[n] for n in h3.grid_disk(cell, 1) if n in on_board)
        if owners:
            extras[owners[0]].append(piece)
    for index, pieces in extras.items():
        clipped[index] = shapely.union_all([clipped[index], *pieces])
    return clipped


def faction_areas(polygons: Sequence[BaseGeometry], control: Sequence[str]) -> dict[str, BaseGeometry]:
    """Union of the cell polygons held by each faction (faction -> polygon or multipolygon)."""
    groups: dict[str, list[BaseGeometry]] = defaultdict(list)
    for polygon, faction in zip(polygons, control):
        groups[faction].append(polygon)
    # A hair of buffering closes the float gaps between clipped neighbours.
    return {f: shapely.union_all(shapely.buffer(g, 0.01, quad_segs=1)) for f, g in sorted(groups.items())}


def front_edges(board: Board, control: Sequence[str]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Adjacent cell pairs (i < j) of different factions, grouped by sorted faction pair."""
    if len(control) != len(board.cells):
        raise ValueError(f"control has {len(control)} cells, board has {len(board.cells)}")
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for i, adjacent in enumerate(board.neighbors):
        for j in adjacent:
            if j > i and control[i] != control[j]:
                pairs[tuple(sorted((control[i], control[j])))].append((i, j))
    return dict(sorted(pairs.items()))


def edge_segment(board: Board, i: int, j: int) -> list[tuple[float, float]]:
    """The shared edge of cells ``i`` and ``j`` as a polyline in map km."""
    edge = h3.cells_to_directed_edge(board.cells[i].h3, board.cells[j].h3)
    return [tuple(p) for p in project_array([(lon, lat) for lat, lon in h3.directed_edge_to_boundary(edge)])]


def front_lines(board: Board, control: Sequence[str], clip: BaseGeometry | None = None) -> list[FrontLine]:
    """Front lines between every pair of factions that touch, merged into long lines."""
    out = []
    for factions, edges in front_edges(board, control).items():
        merged = linemerge(MultiLineString([edge_segment(board, i, j) for i, j in edges]))
        if clip is not None:
            merged = merged.intersection(clip)
        if not merged.is_empty:
            out.append(FrontLine(factions, merged))
    return out


def all_fronts(lines: Sequence[FrontLine]) -> BaseGeometry:
    """Every front as one merged geometry (for drawing a single bold layer)."""
    return linemerge(unary_union([line.geometry for line in lines])) if lines else MultiLineString()
