"""Rasterise a scenario's control polygons onto the board's cells.

The source is a TOML file of layered ``[[area]]`` entries (polygon or circle,
painted in order, later over earlier) plus a ``[hold]`` table that states who
held each key place. A cell takes the faction of the last area covering its
centre; a circle also takes the cell holding its centre, so pockets smaller
than a cell still appear. A place whose cell the areas gave to another faction
than its ``[hold]`` entry is forced to the stated faction and reported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import h3
import shapely
from shapely.geometry import Point, Polygon

from maps.geodata import MapDataError, read_toml
from maps.projection import project, project_array
from wargame.board import Board
from wargame.factions import FACTION_IDS, encode_control
from wargame.scenario import CONTROL_FORMAT, SCENARIO_DIR


@dataclass(frozen=True)
class ControlArea:
    """One painted layer: a faction and the area it held (in km)."""

    name: str
    faction: str
    shape_km: object
    centre: tuple[float, float] | None  # lat, lon of a circle's centre


@dataclass(frozen=True)
class ControlSource:
    """The parsed control file: layers in painting order and the stated holders of places."""

    areas: tuple[ControlArea, ...]
    holds: dict[str, str]


def parse_control_source(path: Path) -> ControlSource:
    """Read and validate a control TOML file; errors name the file and the entry."""
    raw = read_toml(path)
    areas = []
    for position, entry in enumerate(raw.get("area", [])):
        where = f"{path}: area #{position + 1} ({entry.get('name', 'unnamed')})"
        faction = entry.get("faction")
        if faction not in FACTION_IDS:
            raise MapDataError(f"{where}: unknown faction {faction!r} (known: {', '.join(FACTION_IDS)})")
        try:
            if "polygon" in entry:
                ring = [(float(lon), float(lat)) for lon, lat in entry["polygon"]]
                if len(ring) < 3:
                    raise ValueError("a polygon needs at least 3 vertices")
                shape_km = Polygon(project_array(ring)).buffer(0)
                centre = None
            elif "circle" in entry:
                circle = entry["circle"]
                lon, lat, radius = float(circle["lon"]), float(circle["lat"]), float(circle["radius_km"])
                if radius <= 0:
                    raise ValueError("radius_km must be positive")
                shape_km = Point(project(lon, lat)).buffer(radius, quad_segs=16)
                centre = (lat, lon)
            else:
                raise ValueError("needs a 'polygon' or a 'circle'")
        except (TypeError, ValueError, KeyError) as exc:
            raise MapDataError(f"{where}: {exc}") from None
        areas.append(ControlArea(str(entry.get("name", "")), faction, shape_km, centre))
    holds = {}
    for place, faction in raw.get("hold", {}).items():
        if faction not in FACTION_IDS:
            raise MapDataError(f"{path}: hold.{place}: unknown faction {faction!r}")
        holds[str(place)] = str(faction)
    return ControlSource(tuple(areas), holds)


def rasterise(board: Board, source: ControlSource) -> tuple[tuple[str, ...], list[str]]:
    """Control per cell, and a list of notes on holds that had to be forced."""
    centres = shapely.points(project_array([(c.lon, c.lat) for c in board.cells]))
    control = [""] * len(board.cells)
    for area in source.areas:
        inside = shapely.contains_xy(area.shape_km, *shapely.get_coordinates(centres).T)
        for i in inside.nonzero()[0]:
            control[int(i)] = area.faction
        if area.centre is not None:
            cell = h3.latlng_to_cell(area.centre[0], area.centre[1], board.h3_resolution)
            try:
                control[board.index_of(cell)] = area.faction
            except KeyError:
                pass  # centre just outside the border: the polygon test already did its work
    unpainted = [i for i, f in enumerate(control) if not f]
    if unpainted:
        raise MapDataError(f"{len(unpainted)} cells covered by no area (first: {board.cells[unpainted[0]].h3})")
    notes = []
    for place, faction in sorted(source.holds.items()):
        if place not in board.places:
            raise MapDataError(f"hold names unknown place {place!r}")
        cell = board.places[place].cell
        if control[cell] != faction:
            notes.append(f"{place}: areas gave {control[cell]}, hold says {faction}; forced")
            control[cell] = faction
    return tuple(control), notes


def write_control(board: Board, control: tuple[str, ...], path: Path, source_name: str) -> None:
    """Write the rasterised control file the engine loads."""
    data = {
        "format": CONTROL_FORMAT,
        "version": 1,
        "source": source_name,
        "cells_h3_first": board.cells[0].h3,
        "cells": len(control),
        "codes": {f: encode_control([f]) for f in FACTION_IDS},
        "control": encode_control(control),
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Rasterise the Syria 2017 opening control onto the committed board."""
    import argparse

    from wargame.board import load_board

    directory = SCENARIO_DIR / "syria_2017"
    parser = argparse.ArgumentParser(description="Rasterise control polygons onto the board.")
    parser.add_argument("--source", type=Path, default=directory / "control_2016-12.toml")
    parser.add_argument("--board", type=Path, default=directory / "board.json")
    parser.add_argument("--out", type=Path, default=directory / "opening_control.json")
    args = parser.parse_args(argv)
    board = load_board(args.board)
    control, notes = rasterise(board, parse_control_source(args.source))
    for note in notes:
        print("note:", note)
    write_control(board, control, args.out, args.source.name)
    print(f"wrote control of {len(control)} cells to {args.out}")


if __name__ == "__main__":
    main()
