"""Small enclaves of a control assignment, as boxes in map kilometres (no Qt, no geometry libraries).

The map keeps place names off them (a name across Fu'ah-Kefraya would hide
it). The render cache stores the opening position's boxes, so the first
frame needs neither the board's adjacency nor its cell centres.
"""
from __future__ import annotations

from typing import Sequence

from maps.projection import project

POCKET_CELLS = 8   # enclaves this small keep labels off them
MARGIN_KM = 3.0    # about half a cell: the box covers the cells, not only their centres


def small_pockets(board, control: Sequence[str], max_cells: int = POCKET_CELLS,
                  centres: Sequence[tuple[float, float]] | None = None) -> list[tuple[float, float, float, float]]:
    """(x_min, y_min, x_max, y_max) in map km of each connected group of at most ``max_cells``
    cells held by one side, in the order of their first cell. ``centres`` are the projected cell
    centres, if the caller already has them."""
    if centres is None:
        centres = [project(cell.lon, cell.lat) for cell in board.cells]
    neighbours = board.neighbors
    seen = [False] * len(control)
    pockets = []
    for start, holder in enumerate(control):
        if seen[start]:
            continue
        seen[start] = True
        component, frontier = [start], [start]
        while frontier and len(component) <= max_cells:
            for neighbour in neighbours[frontier.pop()]:
                if not seen[neighbour] and control[neighbour] == holder:
                    seen[neighbour] = True
                    component.append(neighbour)
                    frontier.append(neighbour)
        if len(component) > max_cells:
            _mark_rest(neighbours, control, seen, frontier, holder)  # a large area: no box, but seen
            continue
        pockets.append(pocket_box(component, centres))
    return pockets


def pocket_box(cells: Sequence[int], centres: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(x_min, y_min, x_max, y_max) in map km around the centres of a pocket's cells, with MARGIN_KM."""
    xs, ys = zip(*(centres[i] for i in cells))
    return min(xs) - MARGIN_KM, min(ys) - MARGIN_KM, max(xs) + MARGIN_KM, max(ys) + MARGIN_KM


def _mark_rest(neighbours, control: Sequence[str], seen: list[bool], frontier: list[int], holder: str) -> None:
    """Mark the rest of a large component as seen, without collecting it."""
    while frontier:
        for neighbour in neighbours[frontier.pop()]:
            if not seen[neighbour] and control[neighbour] == holder:
                seen[neighbour] = True
                frontier.append(neighbour)
