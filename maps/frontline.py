"""Faction areas and front lines derived from a control assignment.

Front lines are never stored: they are the edges shared by adjacent cells of
different factions, merged into long lines. Everything is returned in map
kilometres (:mod:`maps.projection`), clipped to the country's outline when one
is given, because border cells overhang the border.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence

import h3
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

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
    boundaries = [h3.cell_to_boundary(c.h3) for c in board.cells]
    points = project_array([(lon, lat) for boundary in boundaries for lat, lon in boundary])  # one call, not one per cell
    indices = [k for k, boundary in enumerate(boundaries) for _ in boundary]
    return list(shapely.polygons(shapely.linearrings(points, indices=indices)))


def border_owners(board: Board) -> dict[str, int]:
    """Off-board cells next to the board's edge -> the board cell that owns their land.

    Cells whose centres fall just outside the border still cover slivers of the
    country; each sliver is drawn as part of an adjacent board cell (the one
    with the lowest index), so that drawn cells tile the country without gaps.
    """
    on_board = {c.h3: c.index for c in board.cells}
    owners = {}
    for cell, adjacent in zip(board.cells, board.neighbors):
        if len(adjacent) == 6:
            continue
        for outside in h3.grid_disk(cell.h3, 1):
            if outside not in on_board and outside not in owners:
                owners[outside] = min(on_board[n] for n in h3.grid_disk(outside, 1) if n in on_board)
    return dict(sorted(owners.items()))


def cell_polygons(board: Board, clip: BaseGeometry | None = None) -> list[BaseGeometry]:
    """Each cell's polygon in map km, clipped to ``clip`` (e.g. the national border) if given.

    With a clip, each border cell also takes the slivers of the off-board
    cells it owns (see :func:`border_owners`).
    """
    hexes = hexagons_km(board)
    if clip is None:
        return hexes
    shapely.prepare(clip)
    # Only the hexagons the border crosses need cutting (a few hundred of thousands): intersecting
    # every one with the whole outline took a quarter of a second.
    clipped = list(hexes)
    crossing = [i for i, inside in enumerate(shapely.contains(clip, hexes)) if not inside]
    for i, piece in zip(crossing, shapely.intersection([hexes[i] for i in crossing], clip)):
        clipped[i] = piece
    extras: dict[int, list[BaseGeometry]] = defaultdict(list)
    owners = border_owners(board)
    rings = [project_array([(lon, lat) for lat, lon in h3.cell_to_boundary(outside)]) for outside in owners]
    for owner, piece in zip(owners.values(), shapely.intersection(shapely.polygons(rings), clip)):
        if not piece.is_empty and piece.area > 1e-6:
            extras[owner].append(piece)
    for index, pieces in extras.items():
        clipped[index] = shapely.union_all([clipped[index], *pieces])
    return clipped


def faction_areas(board: Board, control: Sequence[str], clip: BaseGeometry | None = None,
                  owners: dict[str, int] | None = None, cache: dict | None = None) -> dict[str, BaseGeometry]:
    """The area each faction holds (faction -> polygon or multipolygon, km).

    Outlines come from H3 itself (exact, and far faster than unioning
    thousands of polygons). With ``clip``, areas are cut to it and include the
    border slivers of :func:`border_owners` (pass ``owners`` to reuse them).
    A ``cache`` dict kept by the caller across calls (with the same ``clip``)
    reuses the area of every faction whose cells did not change: a turn
    usually moves two or three factions of six.
    """
    if len(control) != len(board.cells):
        raise ValueError(f"control has {len(control)} cells, board has {len(board.cells)}")
    groups: dict[str, list[str]] = defaultdict(list)
    for cell, faction in zip(board.cells, control):
        groups[faction].append(cell.h3)
    if clip is not None:
        for outside, owner in (owners if owners is not None else border_owners(board)).items():
            groups[control[owner]].append(outside)
    areas = {}
    for faction, cells in sorted(groups.items()):
        key = tuple(cells)
        if cache is not None and cache.get(faction, (None,))[0] == key:
            areas[faction] = cache[faction][1]
            continue
        area = h3shape_km(h3.cells_to_h3shape(cells))
        areas[faction] = area.intersection(clip) if clip is not None else area
        if cache is not None:
            cache[faction] = (key, areas[faction])
    return areas


def h3shape_km(h3shape) -> BaseGeometry:
    """An H3 outline (one polygon or several, with holes) as a shapely geometry in map km.

    The same geometry as ``project_geometry(shape(h3shape.__geo_interface__))``, coordinate for
    coordinate (rings closed, the polygon alone when there is one), built from arrays: the
    GeoJSON route made a Python tuple per point, most of the cost of an area after a turn.
    """
    import numpy as np

    polygons = [h3shape] if isinstance(h3shape, h3.LatLngPoly) else list(h3shape)
    rings = [ring for polygon in polygons for ring in (polygon.outer, *polygon.holes)]
    owner = np.repeat(np.arange(len(polygons)), [1 + len(polygon.holes) for polygon in polygons])
    sizes = np.array([len(ring) + 1 for ring in rings])  # each ring closed on its first point
    points = np.array([point for ring in rings for point in (*ring, ring[0])], dtype=float).reshape(-1, 2)
    coordinates = project_array(points[:, ::-1])  # lat/lng pairs to lng/lat, then to km
    parts = shapely.polygons(shapely.linearrings(coordinates, indices=np.repeat(np.arange(len(rings)), sizes)),
                             indices=owner)
    return parts[0] if isinstance(h3shape, h3.LatLngPoly) else shapely.multipolygons(parts)


def front_edges(board: Board, control: Sequence[str]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Adjacent cell pairs (i < j) of different factions, grouped by sorted faction pair.

    Each group lists its pairs by ``i``, then in the order of ``i``'s neighbours. The board's
    pairs are compared as arrays (a Python loop over them was a quarter of the fronts' redraw).
    """
    import numpy as np

    from wargame.areas import edges

    if len(control) != len(board.cells):
        raise ValueError(f"control has {len(control)} cells, board has {len(board.cells)}")
    names = sorted(set(control))  # codes in the order of the names, so a pair's codes sort as its names
    code = {faction: k for k, faction in enumerate(names)}
    codes = np.fromiter(map(code.__getitem__, control), dtype=np.int64, count=len(control))
    first, second = edges(board)  # every pair once, lower index first, in the order of the loop above
    a, b = codes[first], codes[second]
    differ = np.flatnonzero(a != b)
    keys = np.minimum(a, b)[differ] * len(names) + np.maximum(a, b)[differ]
    order = np.argsort(keys, kind="stable")  # grouped by pair, each group in board order
    keys, firsts, seconds = keys[order], first[differ][order].tolist(), second[differ][order].tolist()
    starts = np.flatnonzero(np.diff(keys, prepend=-1)).tolist() + [len(keys)]
    pairs = {}
    for start, end in zip(starts, starts[1:]):
        key = int(keys[start])
        pairs[(names[key // len(names)], names[key % len(names)])] = list(zip(firsts[start:end], seconds[start:end]))
    return pairs


def edge_segment(board: Board, i: int, j: int) -> list[tuple[float, float]]:
    """The shared edge of cells ``i`` and ``j`` as a polyline in map km."""
    edge = h3.cells_to_directed_edge(board.cells[i].h3, board.cells[j].h3)
    return [tuple(p) for p in project_array([(lon, lat) for lat, lon in h3.directed_edge_to_boundary(edge)])]


def front_lines(board: Board, control: Sequence[str], clip: BaseGeometry | None = None,
                segment: Callable[[Board, int, int], list[tuple[float, float]]] = edge_segment,
                cache: dict | None = None) -> list[FrontLine]:
    """Front lines between every pair of factions that touch, merged into long lines.

    ``segment`` gives the shared edge of two cells (a caching version makes redraws cheap); a
    ``cache`` dict kept across calls (with the same ``clip``) reuses the line of every pair of
    factions whose shared edges did not change.
    """
    out = []
    for factions, edges in front_edges(board, control).items():
        key = tuple(edges)
        if cache is not None and cache.get(factions, (None,))[0] == key:
            if cache[factions][1] is not None:
                out.append(cache[factions][1])
            continue
        segments = [segment(board, i, j) for i, j in edges]
        # One vectorised call for all segments: building thousands of LineStrings one by one
        # was a third of the redraw after a turn.
        parts = shapely.linestrings([p for seg in segments for p in seg],
                                    indices=[k for k, seg in enumerate(segments) for _ in seg])
        merged = linemerge(shapely.multilinestrings(parts))
        if clip is not None:
            merged = merged.intersection(clip)
        line = FrontLine(factions, merged) if not merged.is_empty else None
        if cache is not None:
            cache[factions] = (key, line)
        if line is not None:
            out.append(line)
    return out

