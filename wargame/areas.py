"""Connected areas of the map: each faction's areas, labelled once per position.

Labelling is the costly part of a turn, and a turn asks about a few positions
many times (sieges, pockets, campaigns, metrics, a policy's look at its
options), so the facts derived from a position are kept for the last few
positions, keyed on the control codes. A board whose cells sit on a regular
hexagonal lattice (an H3 board does) is labelled with ``scipy.ndimage.label``
on that lattice; any other board with scipy's connected components over its
neighbour graph. A position a few cells away from one labelled already (the
same month after its sieges, the next month) is labelled by updating that
labelling.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
from scipy import ndimage

from wargame.board import Board

Areas = dict[int, list[list[int]]]  # faction index -> its areas (cells in index order), largest first


# -- the board's graph and lattice (computed once per board) -----------------------------------

def _cached_on(board: Board, name: str, build: Callable[[Board], Any]) -> Any:
    """A value derived from ``board``, kept beside its fields (the board is a frozen dataclass)."""
    value = board.__dict__.get(name)
    if value is None:
        value = build(board)
        object.__setattr__(board, name, value)
    return value


def graph(board: Board) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The neighbour graph in CSR form: row pointers, neighbour indices and each entry's row."""
    return _cached_on(board, "_csr_graph", _build_graph)


def _build_graph(board: Board) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    degree = np.array([len(a) for a in board.neighbors], dtype=np.int32)
    indptr = np.zeros(len(degree) + 1, dtype=np.int32)
    np.cumsum(degree, out=indptr[1:])
    # Index arrays of the platform's integer size: numpy gathers with them several times faster.
    indices = np.array([n for a in board.neighbors for n in a], dtype=np.intp)
    rows = np.repeat(np.arange(len(degree), dtype=np.intp), degree)
    return indptr, indices, rows


def edges(board: Board) -> tuple[np.ndarray, np.ndarray]:
    """Each pair of neighbouring cells once (the lower index first)."""
    return _cached_on(board, "_edges", _build_edges)


def _build_edges(board: Board) -> tuple[np.ndarray, np.ndarray]:
    _, indices, rows = graph(board)
    once = rows < indices
    return rows[once], indices[once]


# Axial steps to the six neighbours of a hexagon, in order around it, and the 3x3 neighbourhood
# that connects them on a grid indexed [q, r]. Any two of the three cube coordinates (q, r and
# s = -q - r) make such a grid, with the same steps and neighbourhood.
_STEPS = ((1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1))
_HEX = np.array([[0, 1, 1], [1, 1, 1], [1, 1, 0]], dtype=bool)


@dataclass(frozen=True)
class Lattice:
    """Where the cells sit on a hexagonal lattice laid out as a grid (axial coordinates).

    For labelling the grid is drawn at twice the scale: each cell at even coordinates, and the
    point halfway to each neighbour set where the two cells are of one faction. Labelling that
    drawing once separates every faction's areas (points halfway that touch share a cell).
    """

    rings: tuple[tuple[int, ...], ...]   # each cell's neighbours in the six slots around it (-1: none)
    shape: tuple[int, int]               # of the drawing
    cells: np.ndarray                    # each cell's flat index in the drawing
    halfway: np.ndarray                  # each neighbour pair's (see edges()) flat index in the drawing
    sites: np.ndarray                    # each cell's flat index in the grid at scale one (shape / 2)
    blank: np.ndarray                    # the drawing with only the cells set (copied for each labelling)
    vacant: np.ndarray                   # the grid at scale one with no cell in it (see _label_lattice)


def lattice(board: Board) -> Lattice | None:
    """The board's hexagonal lattice, or None if its cells do not sit on one (every neighbour
    one step away, every step away a neighbour): such a board is labelled over its graph."""
    found = _cached_on(board, "_lattice", lambda b: _build_lattice(b) or False)
    return found or None


def _build_lattice(board: Board) -> Lattice | None:
    n = len(board.cells)
    if n == 0:
        return None
    indptr, indices, rows = graph(board)
    lat = np.array([c.lat for c in board.cells])
    x = np.array([c.lon for c in board.cells]) * math.cos(math.radians(float(lat.mean())))
    angle = np.arctan2(lat[indices] - lat[rows], x[indices] - x[rows])
    # The lattice's orientation (a direction modulo 60 degrees), then each neighbour's slot.
    tilt = float(np.angle(np.exp(6j * angle).mean())) / 6
    step = (angle - tilt) / (np.pi / 3)
    if angle.size and float(np.abs(step - np.round(step)).max()) > 0.25:
        return None  # neighbours too far off the six directions of a hexagon
    slots = (np.round(step).astype(np.intp) % 6).tolist()
    around: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for cell, neighbour, slot in zip(rows.tolist(), indices.tolist(), slots):
        around[cell].append((neighbour, slot))
    q, r = [None] * n, [None] * n
    q[0] = r[0] = 0
    queue = [0]
    for cell in queue:  # grows while it is read: a breadth-first walk
        for neighbour, slot in around[cell]:
            dq, dr = _STEPS[slot]
            if q[neighbour] is None:
                q[neighbour], r[neighbour] = q[cell] + dq, r[cell] + dr
                queue.append(neighbour)
            elif (q[neighbour], r[neighbour]) != (q[cell] + dq, r[cell] + dr):
                return None  # the walk does not close up: not a lattice
    if len(queue) < n:
        return None  # cells not reached from the first (a board in pieces)
    qs, rs = np.array(q), np.array(r)
    # The pair of cube coordinates whose grid wastes least room around the board.
    qs, rs = min(((qs, rs), (qs, -qs - rs), (-qs - rs, rs)),
                 key=lambda g: (int(np.ptp(g[0])) + 1) * (int(np.ptp(g[1])) + 1))
    qs, rs = qs - qs.min() + 1, rs - rs.min() + 1  # a free row and column all around
    height, width = int(qs.max()) + 2, int(rs.max()) + 2
    occupant = np.full(height * width, -1, dtype=np.intp)
    occupant[qs * width + rs] = np.arange(n)
    if int((occupant >= 0).sum()) != n:
        return None  # two cells in one place
    offsets = [dq * width + dr for dq, dr in _STEPS]
    rings = [tuple(int(occupant[p + o]) for o in offsets) for p in (qs * width + rs).tolist()]
    neighbours = [set(a) for a in board.neighbors]
    for cell, ring in enumerate(rings):
        if sorted(c for c in ring if c >= 0) != sorted(board.neighbors[cell]):
            return None  # a cell one step away that is no neighbour, or the other way round
        if any(a >= 0 and b >= 0 and b not in neighbours[a] for a, b in zip(ring, ring[1:] + ring[:1])):
            return None  # neighbours side by side around a cell must touch
    first, second = edges(board)
    shape = (2 * height, 2 * width)
    cells = (2 * qs * shape[1] + 2 * rs).astype(np.intp)
    blank = np.zeros(shape[0] * shape[1], dtype=bool)
    blank[cells] = True
    # Places without a cell hold -1, -2 or -3 by (row - column) mod 3: each step of _STEPS changes
    # that by 1 or 2, so two such places side by side never hold the same value, nor one and a
    # cell (a faction index, 0 or more).
    rows, columns = np.indices((height, width))
    vacant = (-1 - (rows - columns) % 3).astype(np.int8)
    return Lattice(tuple(rings), shape, cells,
                   ((qs[first] + qs[second]) * shape[1] + rs[first] + rs[second]).astype(np.intp),
                   (qs * width + rs).astype(np.intp), blank.reshape(shape), vacant)


# -- labelling ----------------------------------------------------------------------------------

def label(codes: np.ndarray, board: Board) -> tuple[np.ndarray, int]:
    """Each cell's area id (ids below the count returned) for control ``codes`` (with the
    sentinel slot at the end)."""
    grid = lattice(board)
    control = codes[:-1]
    if grid is None:
        return _label_graph(control, board)
    return _label_lattice(control, grid, board)


def _label_lattice(control: np.ndarray, grid: Lattice, board: Board) -> tuple[np.ndarray, int]:
    # The points halfway between neighbours of one faction, set a direction at a time: on the grid
    # at scale one each of the three directions of _STEPS is a shifted slice (the lattice's
    # neighbours are exactly the cells one step away), and so is its row of halfway points. The
    # places without a cell never equal a neighbour (see Lattice.vacant), so one comparison
    # written straight into the drawing sets each row.
    held = grid.vacant.copy()
    held.ravel()[grid.sites] = control
    drawing = grid.blank.copy()
    np.equal(held[:-1, :], held[1:, :], out=drawing[1:-1:2, 0::2])  # step (1, 0)
    np.equal(held[:, :-1], held[:, 1:], out=drawing[0::2, 1:-1:2])  # step (0, 1)
    np.equal(held[1:, :-1], held[:-1, 1:], out=drawing[1:-1:2, 1:-1:2])  # step (-1, 1), from the row below
    areas, count = ndimage.label(drawing, structure=_HEX)
    return areas.ravel().take(grid.cells) - 1, count


def _label_graph(control: np.ndarray, board: Board) -> tuple[np.ndarray, int]:
    """Scipy's connected components over the neighbour graph kept to same-faction edges (the
    graph is symmetric, so its strong components are its areas)."""
    # Imported here, not at the top: only boards off a lattice need it, and scipy.sparse costs the
    # application about a tenth of a second before the game can start.
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    indptr, indices, rows = graph(board)
    same = control[rows] == control[indices]
    kept = np.zeros(len(same) + 1, dtype=np.int32)
    np.cumsum(same, out=kept[1:])
    n = len(control)
    matrix = csr_matrix((np.ones(int(kept[-1])), indices[same], kept[indptr]), shape=(n, n))
    count, labels = connected_components(matrix, directed=True, connection="strong")
    return labels, count


# -- what a position's labelling says -------------------------------------------------------------

class Position:
    """Facts derived from one map position, each computed on first use."""

    __slots__ = ("board", "codes", "labels", "count", "sizes", "owner", "mains", "_outlying", "_outlying_of",
                 "areas", "memo")

    def __init__(self, board: Board, codes: np.ndarray) -> None:
        self.board = board  # kept alive so that its id cannot be reused while cached
        self.codes = codes
        self.labels: np.ndarray | None = None  # each cell's area id
        self.count = 0                          # ids are below this
        self.sizes: np.ndarray | None = None    # cells of each id
        self.owner: np.ndarray | None = None    # the faction of each id (-1: an id no cell has)
        self.mains: dict[int, int] = {}         # faction -> the id of its largest area
        self._outlying: Areas | None = None     # see outlying
        self._outlying_of: dict[int, list[list[int]]] = {}
        self.areas: Areas | None = None
        self.memo: dict[str, Any] = {}          # other modules' facts about the position

    def labelled(self) -> "Position":
        """This position, with its areas labelled."""
        if self.labels is None:
            _label_position(self)
        return self

    @property
    def outlying(self) -> Areas:
        """Every faction's areas but its largest, largest first (of a labelled position; listed
        when first asked for: the turn itself reads the areas it needs from the ids)."""
        if self._outlying is None:
            rest = (self.sizes > 0) & (self.owner >= 0)
            rest[list(self.mains.values())] = False
            ids = rest.nonzero()[0]
            outlying: Areas = {}
            for faction, group in zip(self.owner.take(ids).tolist(), area_cells(self, rest, ids)):
                outlying.setdefault(faction, []).append(group)
            for groups in outlying.values():
                groups.sort(key=_largest_first)
            self._outlying = outlying
        return self._outlying

    def outlying_of(self, faction: int) -> list[list[int]]:
        """The areas of ``faction`` but its largest, largest first (``outlying`` for one faction)."""
        found = self._outlying_of.get(faction)
        if found is None:
            if self._outlying is not None:
                found = self._outlying.get(faction, [])
            else:
                rest = (self.owner == faction) & (self.sizes > 0)
                if faction in self.mains:
                    rest[self.mains[faction]] = False
                found = sorted(area_cells(self, rest, rest.nonzero()[0]), key=_largest_first)
            self._outlying_of[faction] = found
        return found


def first_cells(found: Position) -> np.ndarray:
    """Of a labelled position, the lowest cell of each area id (the cell count for ids no cell
    has); worked out once."""
    first = found.memo.get("first_cells")
    if first is None:
        labels = found.labels
        first = np.full(found.count, len(labels), dtype=np.intp)
        np.minimum.at(first, labels, np.arange(len(labels)))
        found.memo["first_cells"] = first
    return first


def _largest_first(group: list[int]) -> tuple[int, int]:
    return -len(group), group[0]


def area_cells(found: Position, wanted: np.ndarray, ids: np.ndarray) -> list[list[int]]:
    """Of a labelled position, the cells of each area id in ``ids`` (ascending; ``wanted`` marks
    them among all ids), each in cell order: one stable sort of their cells by id (of small
    integers numpy's radix sort), cut by the areas' sizes."""
    if not ids.size:
        return []
    labels = found.labels
    cells = wanted.take(labels).nonzero()[0]
    by_id = labels.take(cells)
    cells = cells.take((by_id.astype(np.int16) if found.count < 2 ** 15 else by_id).argsort(kind="stable")).tolist()
    ends = found.sizes.take(ids).cumsum().tolist()
    return [cells[start:end] for start, end in zip([0, *ends], ends)]


_POSITIONS: "OrderedDict[tuple[int, bytes], Position]" = OrderedDict()
_POSITIONS_KEPT = 8
_POSITIONS_LOCK = threading.Lock()  # the window plays forecasts on a worker thread


_LAST: "tuple[Board, bytes, Position] | None" = None  # the position asked about last


def position(codes: np.ndarray, board: Board) -> Position:
    """The cached facts of the position ``codes`` on ``board`` (the last few positions are kept)."""
    global _LAST
    data = codes.tobytes()
    last = _LAST  # one read: another thread may replace it meanwhile
    if last is not None and last[0] is board and last[1] == data and _POSITIONS_KEPT:
        return last[2]  # the same position again (comparing bytes is quicker than hashing them)
    found = _position(data, codes.dtype, board)
    _LAST = (board, data, found)
    return found


def _position(data: bytes, dtype: np.dtype, board: Board) -> Position:
    key = (id(board), data)
    with _POSITIONS_LOCK:  # only the dictionary's own operations under the lock
        found = _POSITIONS.get(key)
        if found is not None:
            _POSITIONS.move_to_end(key)
            return found
    new = _PINNED.get(key) if _POSITIONS_KEPT else None
    if new is None:
        new = Position(board, np.frombuffer(data, dtype=dtype))
    evicted = None
    with _POSITIONS_LOCK:
        found = _POSITIONS.get(key)  # another thread may have added it meanwhile
        if found is not None:
            return found
        _POSITIONS[key] = new
        if len(_POSITIONS) > _POSITIONS_KEPT:
            evicted = _POSITIONS.popitem(last=False)
    del evicted  # freed outside the lock
    return new


_PINNED: "OrderedDict[tuple[int, bytes], Position]" = OrderedDict()  # kept beyond the last few
_PINNED_KEPT = 4


def pin(codes: np.ndarray, board: Board) -> Position:
    """Keep the position ``codes`` (with whatever is learnt about it) for as long as the process
    runs: a game's opening, which every game of a batch starts from."""
    found = position(codes, board)
    key = (id(board), found.codes.tobytes())
    with _POSITIONS_LOCK:
        _PINNED[key] = found
        _PINNED.move_to_end(key)
        while len(_PINNED) > _PINNED_KEPT:
            _PINNED.popitem(last=False)
    return found


def memo(codes: np.ndarray, board: Board, name: str, compute: Callable[[Position], Any]) -> Any:
    """A fact about the position ``codes`` computed once by ``compute`` (read-only for callers)."""
    found = position(codes, board)
    if name not in found.memo:
        found.memo[name] = compute(found)
    return found.memo[name]


def components(codes: np.ndarray, board: Board) -> Areas:
    """Connected areas of every faction: faction index -> areas (each a list of cells in index
    order), largest first, ties broken by lowest cell index.

    Cached per position: callers must not change the lists they get back.
    """
    found = position(codes, board).labelled()
    if found.areas is None:
        control = found.codes[:-1]
        firsts = {f: int(np.argmax(control == f)) for f in found.mains}
        found.areas = {f: [np.flatnonzero(found.labels == found.mains[f]).tolist(), *found.outlying.get(f, [])]
                       for f in sorted(found.mains, key=firsts.__getitem__)}  # factions by their first cell
    return found.areas


def outlying_areas(codes: np.ndarray, board: Board) -> Areas:
    """Every faction's areas but its largest, largest first (``components`` without the first
    of each faction, and cheaper). Cached per position: do not change the lists."""
    return position(codes, board).labelled().outlying


def outlying_size(codes: np.ndarray, board: Board, cell: int) -> int:
    """The size of the area holding ``cell`` if that is not its faction's largest, else 0."""
    found = position(codes, board).labelled()
    area = int(found.labels[cell])
    return 0 if area == found.mains[int(found.codes[cell])] else int(found.sizes[area])


def _label_position(found: Position) -> None:
    with _POSITIONS_LOCK:
        kept = list(_POSITIONS.values())
    labelled = next((other for other in reversed(kept)  # the most recently used first
                     if other is not found and other.board is found.board and other.labels is not None), None)
    update = None if labelled is None else _relabel(labelled, found.codes, found.board)
    if update is None:
        labels, count = label(found.codes, found.board)
        labels = labels.astype(np.intp, copy=False)  # numpy indexes with these fastest
        sizes = np.bincount(labels, minlength=count)
        owner = np.full(count, -1, dtype=np.intp)
        owner[labels] = found.codes[:-1]
    else:
        labels, count, sizes, owner = update  # an update keeps the sizes and owners as it goes
        if count > 2 * int(np.count_nonzero(sizes)) + 16:
            # An update leaves the ids of areas merged away unused: number the ids in use afresh,
            # so that the arrays below (and the next update's) stay as short as the map has areas.
            used = sizes > 0
            renumber = np.cumsum(used) - 1
            labels, sizes, owner, count = renumber[labels], sizes[used], owner[used], int(used.sum())
    # A map has a few dozen areas: each faction's largest is found by a walk over the ids (ids no
    # cell has any more, owner -1, are skipped); a tie goes to the area with the lowest cell.
    mains: dict[int, int] = {}
    best: dict[int, int] = {}
    for area, (faction, size) in enumerate(zip(owner.tolist(), sizes.tolist())):
        if faction < 0:
            continue
        top = best.get(faction, 0)
        if size > top:
            mains[faction], best[faction] = area, size
        elif size == top and int(np.argmax(labels == area)) < int(np.argmax(labels == mains[faction])):
            mains[faction] = area
    found.sizes, found.owner, found.mains, found.count = sizes, owner, mains, count
    found.labels = labels  # last: other threads read a position as labelled once this is set


# -- updating a labelling -------------------------------------------------------------------------

RELABEL_MAX_CHANGES = 60  # beyond this many changed cells labelling afresh is quicker
SPLIT_SEARCH_CELLS = 100  # cells searched to settle whether an area split, before labelling afresh


def _relabel(labelled: Position, codes: np.ndarray,
             board: Board) -> tuple[np.ndarray, int, np.ndarray, np.ndarray] | None:
    """Area ids of position ``codes`` by updating those of a labelled position, changed cell by
    changed cell, with their count and each id's size and owner (-1 for an id no cell has any
    more), kept up to date on the way; None when that would take longer than labelling afresh.

    A cell joining a faction merges the areas of its neighbours of that faction. A cell leaving
    an area cannot split it when the area's cells among its neighbours form a single run around
    it (neighbours side by side around a hexagon touch); when they form several, a short search
    from each run either joins them up again or walks all around a part that is now cut off.
    """
    grid = lattice(board)
    changed = (labelled.codes != codes).nonzero()[0]
    if grid is None or changed.size > RELABEL_MAX_CHANGES:
        return None  # no lattice, or many changes: label afresh
    neighbors = board.neighbors
    # Each cell's faction as a byte (a faction index, 255 for the sentinel slot at the end that a
    # missing neighbour (-1) reads): copied in one go and read as quickly as a list.
    now = bytearray(labelled.codes.tobytes())
    labels = labelled.labels.copy()
    ids = memoryview(labels)  # the same ids read and written as Python ints (numpy's scalars are slower)
    count = labelled.count
    sizes, owner = labelled.sizes.tolist(), labelled.owner.tolist()  # by id, as ids come and go
    parent: dict[int, int] = {}  # merged area ids -> the id they joined

    def root(area: int) -> int:
        while area in parent:
            area = parent[area]
        return area

    for cell, after in _in_order_of_advance(changed.tolist(), codes, now, neighbors):
        before = now[cell]
        now[cell] = after
        left = root(ids[cell])  # the area the cell leaves
        sizes[left] -= 1
        ring = grid.rings[cell]
        # The six slots around the cell still held by its old faction, as six bits (slot -1, no
        # neighbour, reads the sentinel); the runs they form are looked up.
        s0, s1, s2, s3, s4, s5 = ring
        runs = _RUN_STARTS[(now[s0] == before) | (now[s1] == before) << 1 | (now[s2] == before) << 2
                           | (now[s3] == before) << 3 | (now[s4] == before) << 4 | (now[s5] == before) << 5]
        if len(runs) > 1:
            parts = _cut_off_parts([ring[k] for k in runs], now, before, neighbors)
            if parts is None:
                return None
            for part in parts:  # each part cut off from the rest is an area of its own
                labels[part] = count
                count += 1
                sizes[left] -= len(part)
                sizes.append(len(part))
                owner.append(before)
        joined = {root(ids[n]) for n in neighbors[cell] if now[n] == after}
        if joined:
            area = min(joined)
            for other in joined:
                if other != area:
                    parent[other] = area
                    sizes[area] += sizes[other]
                    sizes[other] = 0
            sizes[area] += 1
        else:
            area = count
            count += 1
            sizes.append(1)
            owner.append(after)
        ids[cell] = area
    if parent:
        roots = np.arange(count)
        for area in parent:
            roots[area] = root(area)
        labels = roots[labels]
    size_of = np.array(sizes, dtype=np.intp)
    owner_of = np.array(owner, dtype=np.intp)
    owner_of[size_of == 0] = -1
    return labels, count, size_of, owner_of


# For each set of the six slots around a cell (bit k: slot k), the slots where a run of set slots
# starts going round (a set slot after a clear one); all six set is one run with no start.
_RUN_STARTS = tuple(tuple(k for k in range(6) if bits >> k & 1 and not bits >> (k - 1) % 6 & 1)
                    for bits in range(64))


def _in_order_of_advance(changed: list[int], codes: np.ndarray, was: "list[int] | bytearray",
                         neighbors: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """The changed cells (with their new faction) in the order an advance would take them: first
    those touching ground their new faction already held, then their changed neighbours taken by
    the same faction, ring by ring (fewer areas look split on the way)."""
    new = dict(zip(changed, codes[changed].tolist()))
    order = []
    for c in changed:
        faction = new[c]
        for n in neighbors[c]:
            if was[n] == faction and n not in new:
                order.append(c)
                break
    placed = set(order)
    for cell in order:  # grows while it is read: a breadth-first walk
        for n in neighbors[cell]:
            if n in new and n not in placed and new[n] == new[cell]:
                placed.add(n)
                order.append(n)
    order += [c for c in changed if c not in placed]
    return [(c, new[c]) for c in order]


def _cut_off_parts(starts: list[int], now: "list[int] | bytearray", faction: int,
                   neighbors: Sequence[Sequence[int]]) -> list[list[int]] | None:
    """After a cell left an area whose cells around it form several runs (one cell of each in
    ``starts``): the parts of the area now cut off from the rest, each searched to its end (the
    one part left unfinished is the rest); None if that takes more than SPLIT_SEARCH_CELLS cells.

    The runs are searched from in turn, a cell at a time, so that small parts end quickly; two
    searches that meet are one part.
    """
    group = list(range(len(starts)))  # which search each search joined

    def find(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    owner = {cell: i for i, cell in enumerate(starts)}
    stacks = {i: [cell] for i, cell in enumerate(starts)}
    members = {i: [cell] for i, cell in enumerate(starts)}
    parts: list[list[int]] = []
    searched = 0
    while len(stacks) > 1:
        for i in list(stacks):
            stack = stacks.get(i)
            if stack is None:
                continue  # joined another search in this round
            if not stack:
                parts.append(members.pop(i))
                del stacks[i]
                continue
            for n in neighbors[stack.pop()]:
                if now[n] != faction:
                    continue
                j = owner.get(n)
                if j is None:
                    owner[n] = i
                    stack.append(n)
                    members[i].append(n)
                    searched += 1
                    continue
                j = find(j)
                if j != i:  # the searches meet: one part
                    group[j] = i
                    stack.extend(stacks.pop(j))
                    members[i].extend(members.pop(j))
            if searched > SPLIT_SEARCH_CELLS:
                return None
    return parts
