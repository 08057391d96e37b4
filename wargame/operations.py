"""Operations on the fronts: combat odds, cells changing hands, sieges of pockets.

An operation pits an attacker's strength (with air and ground support, minus
overstretch) against a defender's (with the Idlib jihadist bonus and the
ceasefire's drag); a dice roll turns the ratio into advance points, which buy
the defender's front-line cells nearest the objective, dearer in towns and
hills. Every result comes back with a named breakdown of its modifiers.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import chain
from typing import Callable, Mapping, Sequence

import numpy as np

from wargame.areas import Position, area_cells, components, edges, first_cells, memo
from wargame.board import Board
from wargame.dice import DiceStream
from wargame.factions import FACTION_IDS

# Points it costs to take one cell: towns and hills favour the defender.
CELL_COST = {"urban": 3.5, "mountain": 1.8, "agricultural": 1.0, "desert": 0.8}
SITE_COST = 1.5  # extra for a cell holding a named site: fortified towns, airbases, fields
# Empty desert (a few dozen people to a cell) is held by patrols, not garrisons: once
# the defence breaks it falls by the dozen cells a month, as the Badia did in 2017.
EMPTY_DESERT_COST = 0.12
EMPTY_DESERT_POPULATION = 500
# Idlib is crowded with displaced people and dense with villages and fortified
# jihadist positions: every cell there is dearer to take (C4).
IDLIB_COST_FACTOR = 1.9
# Pairs of factions that fight each other (the regime and the SDF, or the
# regime and Turkey, kept an uneasy peace in this period).
HOSTILE = frozenset(frozenset(p) for p in (
    ("regime", "opposition"), ("regime", "isis"), ("opposition", "isis"), ("isis", "sdf"),
    ("isis", "turkey"), ("turkey", "sdf"), ("isis", "us"),
))
MAX_POINTS = 10.0
ROUT_FACTOR = 2.5
BROAD_FRONT_KM = 12.0  # how far behind the spearhead the front still advances in the same push
CORE_GOVERNORATES = frozenset({"Damascus", "Latakia", "Tartus"})
POCKET_MAX_CELLS = 40
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320 * math.cos(math.radians(35.0))


_HOSTILE_PAIRS = frozenset((a, b) for pair in HOSTILE for a in pair for b in pair if a != b)  # both ways round


def hostile(a: str, b: str) -> bool:
    """Whether two factions fight each other."""
    return (a, b) in _HOSTILE_PAIRS


@dataclass(frozen=True)
class BoardArrays:
    """Numpy views of a board for fast front-line work.

    The hot paths gather with ``ndarray.take`` rather than indexing with an index array: the
    same values, in a third to a half less time (indexing goes through numpy's general fancy
    indexing machinery)."""

    x: np.ndarray
    y: np.ndarray
    neighbors: np.ndarray     # (n, 8), padded with n (a sentinel cell): eight to a row, so a row of flags is a word
    adjacent: np.ndarray      # the same, as few to a row as the most neighbours a cell has (six on a hex board)
    cost: np.ndarray          # points to take each cell
    population: np.ndarray
    urban: np.ndarray         # bool
    on_border: np.ndarray     # bool: fewer than six neighbours (national border)
    governorate: tuple[str, ...]

    def approach(self, target: tuple[float, float]) -> "Approach":
        """The cells in order of their distance to the point ``target``, kept for the last targets
        asked about (a game drives on a few dozen objectives)."""
        kept = self.__dict__.setdefault("_approaches", OrderedDict())
        found = kept.get(target)
        if found is None:
            tx, ty = target
            distance = np.sqrt((self.x - tx) ** 2 + (self.y - ty) ** 2)
            order = np.argsort(distance, kind="stable")  # ties in cell order
            rank = np.empty(len(order), dtype=np.intp)
            rank[order] = np.arange(len(order))
            found = kept[target] = Approach(order, rank, distance[order])
            if len(kept) > 64:
                kept.popitem(last=False)
        return found

    @classmethod
    def from_board(cls, board: Board) -> "BoardArrays":
        """Precompute the arrays for ``board``."""
        n = len(board.cells)
        neighbors = np.full((n, 8), n, dtype=np.intp)
        for i, adjacent in enumerate(board.neighbors):
            neighbors[i, : len(adjacent)] = adjacent
        return cls(
            x=np.array([c.lon * KM_PER_DEG_LON for c in board.cells]),
            y=np.array([c.lat * KM_PER_DEG_LAT for c in board.cells]),
            neighbors=neighbors,
            adjacent=np.ascontiguousarray(neighbors[:, :max(1, max(map(len, board.neighbors), default=0))]),
            cost=np.array([_cell_cost(c) for c in board.cells]),
            population=np.array([c.population for c in board.cells], dtype=np.int64),
            urban=np.array([c.terrain == "urban" for c in board.cells]),
            on_border=np.array([len(a) < 6 for a in board.neighbors]),
            governorate=tuple(c.governorate for c in board.cells),
        )


@dataclass(frozen=True)
class Approach:
    """The cells in order of their distance to a point, nearest first (ties in cell order)."""

    order: np.ndarray     # the cells, nearest first
    rank: np.ndarray      # each cell's place in ``order``
    distance: np.ndarray  # the distance (km) of each cell of ``order``, ascending


def _cell_cost(cell) -> float:
    """Points it costs to take a cell: terrain, a named site, Idlib's density, empty desert."""
    if cell.terrain == "desert" and not cell.site and cell.population < EMPTY_DESERT_POPULATION:
        return EMPTY_DESERT_COST
    cost = CELL_COST[cell.terrain] + (SITE_COST if cell.site else 0.0)
    return cost * (IDLIB_COST_FACTOR if cell.governorate == "Idlib" else 1.0)


_FACTION_INDEX = {f: i for i, f in enumerate(FACTION_IDS)}
_FACTION_NAMES = np.array(FACTION_IDS, dtype=object)


def codes_of(control: Sequence[str]) -> np.ndarray:
    """Control as an int8 array of faction indices, with a sentinel slot (-1) at the end."""
    codes = np.empty(len(control) + 1, dtype=np.int8)
    codes[:-1] = np.fromiter(map(_FACTION_INDEX.__getitem__, control), dtype=np.int8, count=len(control))
    codes[-1] = -1
    return codes


def control_of(codes: np.ndarray, was: tuple[str, ...] | None = None,
               was_codes: np.ndarray | None = None) -> tuple[str, ...]:
    """Inverse of :func:`codes_of`: the faction id of every cell. Given an earlier control and its
    codes (``was``, ``was_codes``), only the cells that changed since are looked up."""
    if was is not None and was_codes is not None:
        changed = (was_codes != codes).nonzero()[0]
        if changed.size < len(codes) // 8:
            control = list(was)
            for cell, faction in zip(changed.tolist(), codes[changed].tolist()):
                control[cell] = FACTION_IDS[faction]
            return tuple(control)
    return tuple(_FACTION_NAMES[codes[:-1]].tolist())


def contact_cells(codes: np.ndarray, arrays: BoardArrays, attacker: int, defender: int,
                  cut_off: np.ndarray | None = None, defending: np.ndarray | None = None) -> np.ndarray:
    """Indices of defender cells touching an attacker cell.

    Attacker cells marked in ``cut_off`` (besieged pockets) do not count: a
    surrounded garrison is no springboard for an offensive. ``defending`` (a
    mask with the sentinel slot, false there) may narrow the defender's cells
    down to those wanted; by default they are all of them.
    """
    source = codes == attacker  # the sentinel slot (-1) is never an attacker (nor the defender)
    if cut_off is not None:
        np.greater(source[:-1], cut_off, out=source[:-1])  # and not cut off (a > b is a and not b)
    if defending is None:
        defending = codes == defender
    if np.count_nonzero(source) < np.count_nonzero(defending):
        # Look from the smaller side: mark the attacker's neighbours, keep the defender's among them.
        hit = np.zeros(len(codes), dtype=bool)
        hit[arrays.adjacent.take(source.nonzero()[0], axis=0).ravel()] = True
        hit &= defending
        return hit.nonzero()[0]
    # Each candidate's eight neighbour flags read as one 64-bit word: non-zero if any is set.
    candidates = defending.nonzero()[0]
    return candidates[source.take(arrays.neighbors.take(candidates, axis=0)).view(np.uint64)[:, 0] != 0]


@dataclass
class OperationResult:
    """What an operation achieved this turn, and why."""

    operation_id: str
    attacker: str
    defender: str
    objective: str
    modifiers: dict[str, float]
    ratio: float
    roll: float
    points: float
    taken: list[int] = field(default_factory=list)   # cells the attacker took
    lost: list[int] = field(default_factory=list)    # cells the defender took back
    civilians: int = 0
    displaced: int = 0

    def to_json(self) -> dict:
        """Plain data for the turn report."""
        return {
            "operation": self.operation_id, "attacker": self.attacker, "defender": self.defender,
            "objective": self.objective, "modifiers": {k: round(v, 3) for k, v in self.modifiers.items()},
            "ratio": round(self.ratio, 3), "roll": round(self.roll, 3), "points": round(self.points, 2),
            "taken": self.taken, "lost": self.lost, "civilians": self.civilians, "displaced": self.displaced,
        }


def advance(codes: np.ndarray, arrays: BoardArrays, attacker: int, defender: int, target: tuple[float, float],
            points: float, cut_off: np.ndarray | None = None, blocked: np.ndarray | None = None) -> list[int]:
    """Spend ``points`` taking defender cells on the front, nearest the target first.

    Cells marked in ``blocked`` (cities that fall only to an urban battle) are
    never taken this way. Updates ``codes`` in place and returns the cells
    taken, in order.
    """
    taken: list[int] = []
    # The cells the advance may still take (the defender's, not blocked; the sentinel slot that
    # pads the neighbour rows never), kept up to date as cells fall, so that a wave's new front
    # is read off in one pass.
    open_ground = codes == defender
    if blocked is not None:
        np.greater(open_ground[:-1], blocked, out=open_ground[:-1])  # and not blocked (a > b is a and not b)
    # The front (defender cells touching the attacker) is kept up to date wave by wave: the cells
    # taken leave it, and their defender neighbours join it unless the taken cell lies in a pocket.
    # It is marked in order of distance to the target (by each cell's rank), so that a wave, the
    # nearest cells of the front, is read from its first few hundred marks instead of all of them.
    approach = arrays.approach(target)
    order, rank, nearest = approach.order, approach.rank, approach.distance
    front = np.zeros(len(order), dtype=bool)
    front[rank.take(contact_cells(codes, arrays, attacker, defender, cut_off, open_ground))] = True
    while points > 0:
        first = int(front.argmax())
        if not front[first]:
            break  # no front left
        # A broad front: every front cell within BROAD_FRONT_KM of the spearhead's distance to the
        # objective is in play, nearest first, so desert falls in a wide swath.
        last = int(nearest.searchsorted(nearest[first] + BROAD_FRONT_KM, side="right"))
        wave = order.take(front[first:last].nonzero()[0] + first)
        wave_taken = []
        for cell, cost in zip(wave.tolist(), arrays.cost.take(wave).tolist()):
            if cost > points and taken:
                continue
            points -= cost
            taken.append(cell)
            wave_taken.append(cell)
            if points <= 0:
                break
        if not wave_taken:
            break
        # The wave's cells change hands; the next wave starts from the front they leave.
        fallen = np.array(wave_taken, dtype=np.intp)
        codes[fallen] = attacker
        open_ground[fallen] = False
        front[rank.take(fallen)] = False
        if cut_off is not None:
            fallen = fallen[~cut_off.take(fallen)]  # a cell taken in a pocket opens no new front
        around = arrays.adjacent.take(fallen, axis=0).ravel()
        front[rank.take(around[open_ground.take(around)])] = True
    return taken


def strength_modifiers(attacker: str, defender: str, objective_governorate: str, values: Mapping[str, float],
                       support: Mapping[str, float], regime_forces: int) -> dict[str, float]:
    """The named breakdown of an operation's attack and defence (multipliers and bases).

    ``regime_forces`` is how many of the regime's mobile formations are committed
    to offensives this month: beyond two, each spreads the strike forces thinner,
    and every one committed is missing from the garrisons (C6).
    """
    attack_base = {
        "regime": values["regime_manpower"] + 10.0,
        "opposition": values["opposition_strength"],
        "isis": values["isis_strength"],
        "sdf": 55.0,
        "turkey": 50.0,
        "us": 90.0,
    }
    defence_base = dict(attack_base)
    # Holding ground needs garrisons and loyal militias, not the strike reserve.
    defence_base["regime"] = 30.0 + 0.4 * values["regime_manpower"] + 0.3 * values["regime_cohesion"]
    mods: dict[str, float] = {"attack_base": attack_base[attacker], "defence_base": defence_base[defender]}
    if attacker == "regime":
        mods["russian_air"] = 1.0 + support.get("air_" + defender, 0.0)
        mods["russian_ground"] = 1.0 + support.get("ground_" + defender, 0.0)
        mods["iranian_militias"] = 1.0 + values["iran_influence"] / 250.0
        # C6: each extra offensive spreads the SAA's strike forces thinner.
        mods["overstretch"] = 1.0 / (1.0 + 0.3 * max(0, regime_forces - 2))
    if attacker == "sdf":
        mods["us_air_support"] = 1.3 + (0.25 if support.get("joint_ops") else 0.0)
    if attacker == "turkey":
        mods["turkish_army"] = 1.2
    if attacker == "isis":
        # ISIS fights on many fronts at once and can mass only part of its force.
        mods["dispersed_forces"] = 0.75
    if defender == "regime":
        # C6: garrisons are stripped to feed the offensives elsewhere.
        mods["garrisons_stripped"] = 1.0 / (1.0 + 0.2 * regime_forces)
        if objective_governorate in CORE_GOVERNORATES:
            # C2: the capital and the coast are held by the regime's best and most loyal units.
            mods["regime_heartland"] = 2.5
    if defender == "opposition" and objective_governorate == "Idlib":
        # C4: rebels in Idlib are intertwined with hardened jihadist units.
        mods["jihadist_core"] = 1.0 + values["jihadist_share_idlib"] / 100.0 * 1.2
    if {attacker, defender} <= {"regime", "opposition"}:
        mods["ceasefire_drag"] = 1.0 - values["ceasefire_level"] / 200.0
    return mods


DEFENCE_MODIFIERS = frozenset({"garrisons_stripped", "jihadist_core", "regime_heartland"})


def odds_ratio(mods: Mapping[str, float]) -> float:
    """Attack over defence from a modifier breakdown: bases times their multipliers."""
    attack, defence = mods["attack_base"], mods["defence_base"]
    for name, factor in mods.items():
        if name in DEFENCE_MODIFIERS:
            defence *= factor
        elif not name.endswith("_base"):
            attack *= factor
    return attack / max(defence, 1.0)


ROLL_LOW, ROLL_HIGH = 0.6, 1.4  # an operation's die: bad luck to good luck, multiplying its odds
ADVANCE_AT = 0.8  # odds times roll above this gain ground (more the higher), below it lose ground


def resolve_operation(codes: np.ndarray, arrays: BoardArrays, board: Board, op_id: str, attacker: str,
                      defender: str, objective: str, values: Mapping[str, float], support: Mapping[str, float],
                      regime_forces: int, dice: DiceStream, cut_off: np.ndarray | None = None,
                      blocked: np.ndarray | None = None, battle: bool = False, forces: int = 1) -> OperationResult:
    """Fight one operation for one turn, moving cells in ``codes``.

    With ``battle`` the month is spent in the streets of the objective (an
    urban battle): the points are returned but no cell changes hands here.
    """
    place = board.places[objective]
    mods = strength_modifiers(attacker, defender, board.cells[place.cell].governorate, values, support,
                              regime_forces)
    if forces > 1:
        # More formations committed to one front: more weight, with diminishing returns.
        mods["formations"] = 1.0 + 0.3 * (forces - 1)
    ratio = odds_ratio(mods)
    roll = dice.uniform(ROLL_LOW, ROLL_HIGH)
    # A rout goes further than an even fight: overwhelming odds raise the ceiling (up to ROUT_FACTOR).
    ceiling = MAX_POINTS * max(1.0, min(ROUT_FACTOR, math.sqrt(max(ratio * roll, 0.0) / 2.0)))
    points = max(-3.0, min(ceiling, 6.0 * (ratio * roll - ADVANCE_AT)))
    result = OperationResult(op_id, attacker, defender, objective, mods, ratio, roll, points)
    a, d = FACTION_IDS.index(attacker), FACTION_IDS.index(defender)
    target = (arrays.x[place.cell], arrays.y[place.cell])
    if battle:
        pass
    elif points > 0:
        result.taken = advance(codes, arrays, a, d, target, points, cut_off, blocked)
    elif points <= -1:
        # A failed attack invites a counter-attack on the attacker's spearhead.
        result.lost = advance(codes, arrays, d, a, target, -points, cut_off, blocked)
    changed = result.taken + result.lost
    pop = int(arrays.population.take(changed).sum()) if changed else 0
    air = support.get("air_" + defender, 0.0) if attacker == "regime" else 0.0
    intensity = support.get("air_intensity_level", 1.0) if attacker == "regime" else 0.0
    rate = 0.0012 * (1.0 + 1.5 * air * (1.0 + intensity))
    result.civilians = int(pop * rate + dice.uniform(5, 30) * (1.0 + 2.0 * air * intensity))
    result.displaced = int(pop * 0.35)
    return result


def touching(codes: np.ndarray, board: Board) -> np.ndarray:
    """Which factions touch which: ``touching(codes, board)[a, b]`` is True where a cell of
    faction index ``a`` borders one of another faction ``b`` (the diagonal is False; read-only,
    cached per position)."""
    return memo(codes, board, "touching", _touching)


def _touching(position: Position) -> np.ndarray:
    first, second = edges(position.board)
    control = position.codes[:-1]
    here, there = control.take(first), control.take(second)
    pair = here * 8 + there  # in int8: faction indices are below 8
    # Only the edges across a front are marked: they are a few hundred of the map's ~14,000, and
    # marking goes cell by cell while picking them out is one quick pass.
    pairs = np.zeros(64, dtype=bool)
    pairs[pair[here != there]] = True
    count = len(FACTION_IDS)
    pairs = pairs.reshape(8, 8)[:count, :count]
    return pairs | pairs.T


@dataclass(frozen=True)
class Pocket:
    """A small area of one faction cut off and surrounded by a hostile one."""

    faction: str
    besieger: str
    cells: tuple[int, ...]


def besieged_pockets(codes: np.ndarray, board: Board, arrays: BoardArrays, faction: str | None = None,
                     areas: dict[int, list[list[int]]] | None = None,
                     outlying: dict[int, list[list[int]]] | None = None) -> list[Pocket]:
    """Besieged pockets: areas smaller than POCKET_MAX_CELLS that are not their faction's
    largest, lie off the national border and touch only one faction, a hostile one.

    All factions' pockets (in faction order) unless ``faction`` is given; pass
    ``areas`` from :func:`components` (or ``outlying``, from :func:`outlying_areas`)
    to reuse a labelling (the pockets are then read against ``codes`` as they are
    now, which may have changed since).
    """
    if areas is not None:
        outlying = {f: groups[1:] for f, groups in areas.items()}
    if outlying is None:  # every faction's pockets, once per position
        pockets = memo(codes, board, "pockets", lambda position: _pocket_facts(position, board, arrays))[0]
        return [p for p in pockets if faction is None or p.faction == faction]
    return _pockets(codes, board, arrays, FACTION_IDS if faction is None else (faction,), outlying)


def _pockets(codes: np.ndarray, board: Board, arrays: BoardArrays, wanted: Sequence[str],
             outlying: dict[int, list[list[int]]]) -> list[Pocket]:
    """The pockets among each wanted faction's areas other than its largest (``outlying``)."""
    on_border = _border_cells(board, arrays)
    candidates = [(name, f, group) for name in wanted for f in (FACTION_IDS.index(name),)
                  for group in outlying.get(f, [])
                  if len(group) <= POCKET_MAX_CELLS and on_border.isdisjoint(group)]
    if not candidates:
        return []
    # Who holds the cells around each candidate, for all candidates at once: a table of candidate
    # by faction, the sentinel slot (-1) marking the last column, which is cleared with the
    # candidate's own faction.
    cells = np.fromiter(chain.from_iterable(group for _, _, group in candidates), dtype=np.intp)
    which = np.repeat(np.arange(len(candidates)), [len(group) for _, _, group in candidates])
    present = np.zeros((len(candidates), 9), dtype=bool)
    present[which[:, None], codes.take(arrays.adjacent.take(cells, axis=0))] = True
    present[:, 8] = False
    present[np.arange(len(candidates)), [f for _, f, _ in candidates]] = False
    counts = np.count_nonzero(present, axis=1)
    holder = present.argmax(axis=1)  # the only one where counts is 1
    out = []
    for (name, _, group), count, besieger in zip(candidates, counts.tolist(), holder.tolist()):
        if count == 1 and hostile(name, FACTION_IDS[besieger]):
            out.append(Pocket(name, FACTION_IDS[besieger], tuple(group)))
    return out


def pocket_candidates(position: Position, board: Board, arrays: BoardArrays) -> dict[int, frozenset[int]]:
    """Of a labelled position, the cells of each faction's areas that could be pockets (the areas
    :func:`besieged_pockets` looks around), by faction index; cached per position."""
    def compute(found: Position) -> dict[int, frozenset[int]]:
        lists = memo(found.codes, board, "pockets", lambda found: _pocket_facts(found, board, arrays))[1]
        return {f: frozenset(cells) for f, cells in lists.items()}
    return memo(position.codes, board, "pocket_candidates", compute)


def _pocket_facts(found: Position, board: Board, arrays: BoardArrays) -> tuple[list[Pocket], dict[int, list[int]]]:
    """A position's pockets (as :func:`_pockets` finds them among its outlying areas) and the cells
    of the areas they are looked for among, by faction, worked out from the area ids at once:
    the areas that may be pockets are picked by their sizes, owners and border cells before any
    area's cells are listed, so that only theirs are (a few hundred of the map's thousands)."""
    found.labelled()
    labels, sizes, owner = found.labels, found.sizes, found.owner
    small = (sizes > 0) & (sizes <= POCKET_MAX_CELLS)  # areas of a few cells (ids in use)...
    small[list(found.mains.values())] = False  # ...but no faction's largest...
    small[labels.take(_border_array(board, arrays))] = False  # ...and off the national border
    ids = small.nonzero()[0]
    if not ids.size:
        return [], {}
    groups = area_cells(found, small, ids)
    factions = owner.take(ids).tolist()
    # Who holds the cells around each candidate, for all candidates at once: a table of candidate
    # by faction (marked through its flat index, a row of nine a candidate), the sentinel slot
    # (-1) in the first column, which is left out, and the candidate's own faction cleared.
    cells = np.fromiter(chain.from_iterable(groups), dtype=np.intp)
    around = found.codes.take(arrays.adjacent.take(cells, axis=0)).astype(np.intp)
    around += np.repeat(np.arange(1, 9 * len(ids), 9), sizes.take(ids))[:, None]
    table = np.zeros((len(ids), 9), dtype=bool)
    table.ravel()[around.ravel()] = True
    present = table[:, 1:]
    present[np.arange(len(ids)), factions] = False
    counts = present.sum(axis=1).tolist()
    holders = present.argmax(axis=1).tolist()  # the only one where counts is 1
    pockets: list[Pocket] = []
    candidates: dict[int, list[int]] = {}
    # In faction order, each faction's areas largest first (ties: the lowest cell first).
    for k in sorted(range(len(ids)), key=lambda k: (factions[k], -len(groups[k]), groups[k][0])):
        faction, group = factions[k], groups[k]
        candidates.setdefault(faction, []).extend(group)
        name, besieger = FACTION_IDS[faction], FACTION_IDS[holders[k]]
        if counts[k] == 1 and hostile(name, besieger):
            pockets.append(Pocket(name, besieger, tuple(group)))
    return pockets, candidates


def _border_array(board: Board, arrays: BoardArrays) -> np.ndarray:
    cells = board.__dict__.get("_border_array")
    if cells is None:
        cells = np.flatnonzero(arrays.on_border)
        object.__setattr__(board, "_border_array", cells)
    return cells


def _border_cells(board: Board, arrays: BoardArrays) -> frozenset[int]:
    cells = board.__dict__.get("_border_cells")
    if cells is None:
        cells = frozenset(np.flatnonzero(arrays.on_border).tolist())
        object.__setattr__(board, "_border_cells", cells)
    return cells


def squeeze_pocket(codes: np.ndarray, board: Board, arrays: BoardArrays, pocket: Pocket,
                   values: Mapping[str, float], dice: DiceStream, restraint: float = 1.0,
                   blocked: np.ndarray | None = None) -> list[int]:
    """One month of siege: with some chance the besieger takes a cell of the pocket.

    ``restraint`` (0-1) scales the chance down when the besieger is held back
    (the regime, while Moscow negotiates).
    """
    strength = {"regime": values["regime_manpower"] + 10, "opposition": values["opposition_strength"],
                "isis": values["isis_strength"]}
    attack = strength.get(pocket.besieger, 50.0)
    defence = strength.get(pocket.faction, 50.0)
    chance = min(0.6, max(0.05, 0.3 * attack / max(defence, 1.0)))
    chance *= (1.0 - values["ceasefire_level"] / 100.0) * restraint
    if not dice.chance(chance):
        return []
    besieger = FACTION_IDS.index(pocket.besieger)
    cells = np.array(pocket.cells, dtype=np.intp)
    keep = (codes.take(arrays.adjacent.take(cells, axis=0)) == besieger).any(axis=1)
    if blocked is not None:
        keep &= ~blocked[cells]  # a battle city falls to its battle, not to the siege
    edge = cells[keep]
    if not edge.size:
        return []
    _, cell = min(zip(arrays.cost[edge].tolist(), edge.tolist()))
    codes[cell] = besieger
    return [cell]


def evacuate_pocket(codes: np.ndarray, board: Board, arrays: BoardArrays, faction: str,
                    to: str = "regime", protected: frozenset[int] = frozenset()) -> Pocket | None:
    """Hand the pocket of ``faction`` besieged by ``to`` that matters most (the most people; ties:
    the smaller, then the first cell) over to it; returns it (or None).

    Only the besieger's own deal can empty a pocket: a pocket ringed by
    someone else (say, ISIS) is not Moscow's to evacuate, and one holding a
    ``protected`` cell (a battle city whose battle is not half won) refuses.
    """
    pockets = [p for p in besieged_pockets(codes, board, arrays, faction) if p.besieger == to
               and not protected.intersection(p.cells)]  # a city not yet worn down by its battle holds out
    if not pockets:
        return None
    pocket = min(pockets, key=lambda p: (-int(arrays.population[list(p.cells)].sum()), len(p.cells), p.cells[0]))
    besieger = FACTION_IDS.index(pocket.besieger)
    for cell in pocket.cells:
        codes[cell] = besieger
    return pocket


def crumble_remnants(codes: np.ndarray, board: Board, arrays: BoardArrays, faction: str,
                     areas: dict[int, list[list[int]]] | None = None,
                     labelled: Position | None = None) -> dict[str, list[int]]:
    """One month of mopping up: every area of ``faction`` cut off from its main territory, and
    its main territory too once no named place is left in it, loses its outer ring of empty
    desert to the hostile neighbour that borders each cell most.

    Returns besieger -> cells taken. Towns and fields are left for the sieges. The areas come
    from :func:`components` (``areas``) or from a labelled position (``labelled``).
    """
    f = FACTION_IDS.index(faction)
    in_order: Callable[[np.ndarray], list[int]] = np.ndarray.tolist  # the cells taken, as listed
    if labelled is not None:
        cells, in_order = _remnants(labelled, board, arrays, codes, f)
    else:
        groups = areas.get(f, [])
        if groups and _site_cells(board).intersection(groups[0]):
            groups = groups[1:]
        cells = np.fromiter(chain.from_iterable(groups), dtype=np.intp)
        # Towns are left for the sieges; a cell taken since the labelling is no remnant.
        cells = cells[(arrays.cost.take(cells) <= EMPTY_DESERT_COST) & (codes.take(cells) == f)]
    rivals = _rivals(faction)
    if cells.size == 0 or not rivals.size:
        return {}
    # How many of each cell's neighbours each faction holds, all in one count: a row of nine
    # per cell, the sentinel slot (-1, no one) first.
    around = codes.take(arrays.adjacent.take(cells, axis=0)).astype(np.intp) + 1
    around += (9 * np.arange(len(cells)))[:, None]
    borders = np.bincount(around.ravel(), minlength=9 * len(cells)).reshape(len(cells), 9)[:, rivals + 1]
    # The hostile neighbour bordering each cell most takes it; a tie goes to the first faction.
    winner = rivals[borders.argmax(axis=1)]
    winner[borders.max(axis=1) == 0] = -1
    taken: dict[str, list[int]] = {}
    for w in rivals.tolist():
        won = cells[winner == w]
        if won.size:
            codes[won] = w
            taken[FACTION_IDS[w]] = in_order(won)
    return dict(sorted(taken.items()))


def _remnants(labelled: Position, board: Board, arrays: BoardArrays, codes: np.ndarray,
              faction: int) -> tuple[np.ndarray, Callable[[np.ndarray], list[int]]]:
    """The cells of ``faction``'s areas that may crumble in a labelled position, in cell order:
    its areas but the largest, and the largest too once it holds no named place; of those the
    empty desert (towns are left for the sieges) still the faction's in ``codes`` (a cell taken
    since the labelling is no remnant). And how to list some of them area by area as
    :func:`components` lists the areas (the largest first, ties to the area with the lowest
    cell), each area's cells in cell order."""
    labels = labelled.labels
    mine = (labelled.codes[:-1] == faction) & (codes[:-1] == faction) & _empty_desert(board, arrays)
    main = labelled.mains.get(faction)
    if main is not None and (labels.take(_site_array(board)) == main).any():
        mine &= labels != main  # the main territory holds a named place: it stands
    cells = mine.nonzero()[0]

    def in_order(some: np.ndarray) -> list[int]:
        ids = labels.take(some).tolist()
        if len(set(ids)) == 1:
            return some.tolist()  # one area (the usual case): cell order
        first = first_cells(labelled)
        key = {area: (area != main, -int(labelled.sizes[area]), int(first[area])) for area in set(ids)}
        return [cell for _, cell in sorted(zip(map(key.__getitem__, ids), some.tolist()))]

    return cells, in_order


def _empty_desert(board: Board, arrays: BoardArrays) -> np.ndarray:
    """Which cells are empty desert (cheap to take)."""
    cells = board.__dict__.get("_empty_desert")
    if cells is None:
        cells = arrays.cost <= EMPTY_DESERT_COST
        object.__setattr__(board, "_empty_desert", cells)
    return cells


def _rivals(faction: str) -> np.ndarray:
    """The indices of the factions hostile to ``faction``, in faction order."""
    found = _RIVALS.get(faction)
    if found is None:
        found = _RIVALS[faction] = np.array([w for w, name in enumerate(FACTION_IDS) if hostile(faction, name)],
                                            dtype=np.intp)
    return found


_RIVALS: dict[str, np.ndarray] = {}


def _site_cells(board: Board) -> frozenset[int]:
    cells = board.__dict__.get("_site_cells")
    if cells is None:
        cells = frozenset(c.index for c in board.cells if c.site)
        object.__setattr__(board, "_site_cells", cells)
    return cells


def _site_array(board: Board) -> np.ndarray:
    cells = board.__dict__.get("_site_array")
    if cells is None:
        cells = np.array(sorted(_site_cells(board)), dtype=np.intp)
        object.__setattr__(board, "_site_array", cells)
    return cells


def pocket_mask(codes: np.ndarray, board: Board, arrays: BoardArrays) -> np.ndarray:
    """Cells that lie in besieged pockets of any faction."""
    mask = np.zeros(len(board.cells), dtype=bool)
    pockets = besieged_pockets(codes, board, arrays)
    if pockets:  # marked in one go: a map has a handful of pockets
        mask[np.fromiter(chain.from_iterable(p.cells for p in pockets), dtype=np.intp)] = True
    return mask
