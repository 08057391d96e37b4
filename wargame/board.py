"""The board: H3 cells with governorate, population, terrain, sites and adjacency.

The engine reads the board from the JSON file that :mod:`maps.board_builder`
writes; it never needs h3 or shapely. Cells are addressed by their index in
:attr:`Board.cells` (stable: cells are sorted by H3 id when the file is built).
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from wargame.files import read_json

BOARD_FORMAT = "syria-wargame/board"
BOARD_VERSION = 1
TERRAINS = ("urban", "agricultural", "mountain", "desert")
SITE_KINDS = ("city", "airbase", "naval_base", "oil_gas", "dam", "border_crossing")


class BoardError(ValueError):
    """A board file is missing, unreadable or inconsistent; the message says where."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One hexagonal cell of the board (about 36 km2, less where the border clips it)."""

    index: int
    h3: str
    lat: float
    lon: float
    governorate: str
    population: int
    terrain: str
    area_km2: float
    site: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A named site (city, airbase, field, dam, crossing) and the cell it stands in."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    cell: int
    population: int = 0


@dataclass(frozen=True)
class Board:
    """The whole board: cells, adjacency (by cell index) and places."""

    cells: tuple[Cell, ...]
    neighbors: tuple[tuple[int, ...], ...]
    places: dict[str, Place]
    governorates: dict[str, int] = field(default_factory=dict)  # name -> population total
    h3_resolution: int = 6

    def __len__(self) -> int:
        return len(self.cells)

    @property
    def first_h3(self) -> str:
        """H3 id of cell 0: files made for a board (the opening control) name it to be matched."""
        return self.cells[0].h3

    def cell_of_place(self, place_id: str) -> Cell:
        """The cell a named place stands in; KeyError names the unknown id."""
        try:
            return self.cells[self.places[place_id].cell]
        except KeyError:
            raise KeyError(f"unknown place id {place_id!r}") from None

    def index_of(self, h3_id: str) -> int:
        """Index of the cell with H3 id ``h3_id``."""
        return self._h3_index[h3_id]

    # Worked out once, kept in the instance's dict (cached_property writes there, frozen or not).
    @cached_property
    def place_cells(self) -> dict[str, int]:
        """The cell of each place, by place id."""
        return {place.id: place.cell for place in self.places.values()}

    @cached_property
    def _h3_index(self) -> dict[str, int]:
        return {c.h3: c.index for c in self.cells}

    def to_json(self) -> dict[str, Any]:
        """Plain data in the board file format."""
        return {
            "format": BOARD_FORMAT,
            "version": BOARD_VERSION,
            "h3_resolution": self.h3_resolution,
            "governorates": dict(sorted(self.governorates.items())),
            "cells": [
                {
                    "h3": c.h3,
                    "lat": c.lat,
                    "lon": c.lon,
                    "governorate": c.governorate,
                    "population": c.population,
                    "terrain": c.terrain,
                    "area_km2": c.area_km2,
                    "site": c.site,
                    "neighbors": list(self.neighbors[c.index]),
                }
                for c in self.cells
            ],
            "places": [
                {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "lat": p.lat,
                    "lon": p.lon,
                    "cell": p.cell,
                    "population": p.population,
                }
                for p in sorted(self.places.values(), key=lambda p: p.id)
            ],
        }


_LAZY_READ = threading.Lock()


class LazyBoard(Board):
    """A board whose file is read on first use of its cells; its places and size are known before.

    The window's first frame needs only the places (sites and their names)
    and the number of cells; the render cache holds them for the committed
    board, keyed by the board file's fingerprint. Giving the window this board
    lets it paint before the 4,722 cells are read and checked (tens of ms).
    Once read, the cells, adjacency and governorates are ordinary attributes:
    the engine pays nothing for the laziness afterwards.
    """

    def __init__(self, path: str | Path, places: dict[str, Place], size: int, first_h3: str) -> None:
        # Frozen dataclass: set through object, as its own __init__ would.
        object.__setattr__(self, "places", places)
        object.__setattr__(self, "_path", Path(path))
        object.__setattr__(self, "_size", size)
        object.__setattr__(self, "_first_h3", first_h3)

    def __len__(self) -> int:
        return self._size

    @property
    def first_h3(self) -> str:
        return self._first_h3

    @property
    def loaded(self) -> bool:
        """True once the board file has been read."""
        return "cells" in self.__dict__

    def _read(self, name: str):
        """Read the board file (once) and return the attribute ``name`` of the full board."""
        with _LAZY_READ:  # the window's map and the engine's loader (another thread) may both ask first
            if not self.loaded:
                board = load_board(self._path)
                if len(board.cells) != self._size or board.places != self.places:
                    raise BoardError(f"{self._path}: the board changed on disk since the game started")
                for field_name in ("governorates", "h3_resolution", "neighbors", "cells"):  # cells last: `loaded`
                    self.__dict__[field_name] = getattr(board, field_name)
        return self.__dict__[name]

    # Non-data descriptors: after the first read the instance's own attributes answer directly.
    cells = cached_property(lambda self: self._read("cells"))
    neighbors = cached_property(lambda self: self._read("neighbors"))
    governorates = cached_property(lambda self: self._read("governorates"))
    h3_resolution = cached_property(lambda self: self._read("h3_resolution"))


def board_from_json(data: Any, source: str = "<board>") -> Board:
    """Validate plain data in the board format and build a :class:`Board`.

    Raises :class:`BoardError` naming ``source`` and the offending entry.
    """
    def fail(where: str, what: str) -> BoardError:
        return BoardError(f"{source}: {where}: {what}")

    if not isinstance(data, dict) or data.get("format") != BOARD_FORMAT:
        raise fail("top level", f"not a board file (expected format {BOARD_FORMAT!r})")
    if data.get("version") != BOARD_VERSION:
        raise fail("version", f"unsupported version {data.get('version')!r}, expected {BOARD_VERSION}")
    raw_cells = data.get("cells")
    if not isinstance(raw_cells, list) or not raw_cells:
        raise fail("cells", "missing or empty")
    governorates = data.get("governorates", {})
    if not isinstance(governorates, dict):
        raise fail("governorates", "must be an object of name -> population")
    count = len(raw_cells)
    cells: list[Cell] = []
    neighbors: list[tuple[int, ...]] = []
    for index, raw in enumerate(raw_cells):
        where = f"cells[{index}]"
        try:
            cell = Cell(
                index=index,
                h3=str(raw["h3"]),
                lat=float(raw["lat"]),
                lon=float(raw["lon"]),
                governorate=str(raw["governorate"]),
                population=int(raw["population"]),
                terrain=str(raw["terrain"]),
                area_km2=float(raw["area_km2"]),
                site=None if raw.get("site") is None else str(raw["site"]),
            )
            adjacent = tuple(int(n) for n in raw["neighbors"])
        except (KeyError, TypeError, ValueError) as exc:
            raise fail(where, f"bad or missing field ({exc})") from None
        if cell.terrain not in TERRAINS:
            raise fail(where, f"unknown terrain {cell.terrain!r}")
        if cell.population < 0 or cell.area_km2 <= 0:
            raise fail(where, "population must be >= 0 and area > 0")
        if governorates and cell.governorate not in governorates:
            raise fail(where, f"unknown governorate {cell.governorate!r}")
        if any(n < 0 or n >= count or n == index for n in adjacent):
            raise fail(where, "neighbour index out of range")
        cells.append(cell)
        neighbors.append(adjacent)
    for index, adjacent in enumerate(neighbors):
        for n in adjacent:
            if index not in neighbors[n]:
                raise fail(f"cells[{index}]", f"adjacency with cell {n} is not symmetric")
    places: dict[str, Place] = {}
    for position, raw in enumerate(data.get("places", [])):
        where = f"places[{position}]"
        try:
            place = Place(
                id=str(raw["id"]), name=str(raw["name"]), kind=str(raw["kind"]),
                lat=float(raw["lat"]), lon=float(raw["lon"]), cell=int(raw["cell"]),
                population=int(raw.get("population", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise fail(where, f"bad or missing field ({exc})") from None
        if place.kind not in SITE_KINDS:
            raise fail(where, f"unknown site kind {place.kind!r}")
        if not 0 <= place.cell < count:
            raise fail(where, "cell index out of range")
        if place.id in places:
            raise fail(where, f"duplicate place id {place.id!r}")
        places[place.id] = place
    return Board(
        cells=tuple(cells),
        neighbors=tuple(neighbors),
        places=places,
        governorates={str(k): int(v) for k, v in governorates.items()},
        h3_resolution=int(data.get("h3_resolution", 6)),
    )


def load_board(path: str | Path) -> Board:
    """Read and validate a board file; raises :class:`BoardError` with the path on failure."""
    return board_from_json(read_json(path, "board file", BoardError), str(path))


def write_board(board: Board, path: str | Path) -> None:
    """Write ``board`` as compact, deterministic JSON (one cell per line for readable diffs)."""
    data = board.to_json()
    cells = data.pop("cells")
    head = json.dumps(data, separators=(",", ":"))[:-1]
    lines = [head + ',"cells":[']
    lines.extend(json.dumps(c, separators=(",", ":")) + ("," if i < len(cells) - 1 else "") for i, c in enumerate(cells))
    lines.append("]}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
