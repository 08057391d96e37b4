"""Build the H3 board of Syria from the committed map data.

Cells: every H3 resolution-6 cell whose centre lies in Syria. Each gets its
governorate (the one holding its centre), its area (clipped to the border),
its terrain, its population and its most important site; adjacency is H3's.
Population: towns (GeoNames) and sites with a wartime figure are placed in
their cells, the biggest cities spread over their inner ring, and what remains
of each governorate's total is spread over its cells by terrain weight, so that
cell populations add up exactly to the governorate totals.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import h3
import shapely
from shapely.geometry import Point, Polygon
from shapely.ops import unary_union
from shapely.prepared import prep

from maps import geodata
from maps.projection import project_array, project_geometry
from wargame.board import Board, Cell, Place

RESOLUTION = 6
# How strongly the leftover (non-town) population of a governorate is drawn to
# each terrain: villages crowd the farmland, thin out in hills, nearly vanish in
# the steppe and desert.
SPREAD_WEIGHT = {"urban": 1.0, "agricultural": 1.0, "mountain": 0.45, "desert": 0.03}
# Towns cannot take more than this share of a governorate's residents: the
# countryside never empties completely.
MAX_URBAN_SHARE = 0.85
# GeoNames towns this close to a site with its own population are that site.
SITE_ABSORB_KM = 6.0
SITE_PRIORITY = ("city", "airbase", "naval_base", "oil_gas", "dam", "border_crossing")


@dataclass(frozen=True)
class TerrainZones:
    """Terrain zones in lon/lat plus the thresholds that classify cells."""

    mountains: object
    farmland: object
    river_farmland_km: float
    urban_min_population: int
    big_city_population: int


def load_terrain() -> TerrainZones:
    """Read ``terrain.toml`` into shapely zones."""
    raw = geodata.read_toml(geodata.DATA_DIR / "terrain.toml")
    return TerrainZones(
        mountains=unary_union([Polygon(z["polygon"]) for z in raw.get("mountain", [])]),
        farmland=unary_union([Polygon(z["polygon"]) for z in raw.get("farmland", [])]),
        river_farmland_km=float(raw["river_farmland_km"]),
        urban_min_population=int(raw["urban_min_population"]),
        big_city_population=int(raw["big_city_population"]),
    )


def load_towns() -> list[tuple[str, float, float, int]]:
    """Towns as (name, lon, lat, population) from ``towns.geojson``."""
    collection = geodata.read_json(geodata.DATA_DIR / "towns.geojson")
    out = []
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"][:2]
        out.append((feature["properties"]["name"], float(lon), float(lat), int(feature["properties"]["population"])))
    return sorted(out, key=lambda t: (-t[3], t[0]))


def board_cells(outline) -> list[str]:
    """Sorted H3 ids of the cells whose centre lies inside ``outline``."""
    return sorted(h3.geo_to_cells(outline, RESOLUTION))


def cell_polygon(cell: str) -> Polygon:
    """The hexagon of ``cell`` in lon/lat."""
    return Polygon([(lon, lat) for lat, lon in h3.cell_to_boundary(cell)])


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that add up exactly."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    shares = [total * w / weight_sum for w in weights]
    floors = [int(s) for s in shares]
    missing = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return floors


def place_towns(ids: list[str], index: dict[str, int], neighbors: list[tuple[int, ...]],
                terrain: TerrainZones) -> tuple[list[int], set[int]]:
    """Town population per cell, and the cells that count as urban.

    A site with its own population figure carries the wartime estimate for its
    town, so GeoNames towns within ``SITE_ABSORB_KM`` of it are not counted
    again. A site spreads ``ring_share`` of its people over the ring of cells
    around it (by default 45% for cities of ``big_city_population`` or more):
    big cities cover several cells, and a regime security zone such as
    Hasakah's holds only a part of its town.
    """
    town_pop = [0] * len(ids)
    urban: set[int] = set()
    populated_sites = [s for s in geodata.sites() if s.population > 0]
    for site in populated_sites:
        i = nearest_cell(site.lat, site.lon, index, ids)
        ring_share = site.ring_share
        if ring_share is None:
            ring_share = 0.45 if site.population >= terrain.big_city_population else 0.0
        ring = neighbors[i] if ring_share > 0 else ()
        per_ring_cell = int(site.population * ring_share) // len(ring) if ring else 0
        town_pop[i] += site.population - per_ring_cell * len(ring)
        for n in ring:
            town_pop[n] += per_ring_cell
            if per_ring_cell >= terrain.urban_min_population // 2:
                urban.add(n)
    for _name, lon, lat, population in load_towns():
        if any(_distance_km(lat, lon, s.lat, s.lon) < SITE_ABSORB_KM for s in populated_sites):
            continue
        i = index.get(h3.latlng_to_cell(lat, lon, RESOLUTION))
        if i is not None:
            town_pop[i] += population
    urban |= {i for i, p in enumerate(town_pop) if p >= terrain.urban_min_population}
    return town_pop, urban


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return h3.great_circle_distance((lat1, lon1), (lat2, lon2), unit="km")


def nearest_cell(lat: float, lon: float, index: dict[str, int], ids: list[str]) -> int:
    """Index of the board cell holding (lat, lon), or the nearest one if it is off the board."""
    cell = h3.latlng_to_cell(lat, lon, RESOLUTION)
    if cell in index:
        return index[cell]
    for k in range(1, 6):
        ring = sorted(c for c in h3.grid_ring(cell, k) if c in index)
        if ring:
            return index[min(ring, key=lambda c: (h3.great_circle_distance(h3.cell_to_latlng(c), (lat, lon)), c))]
    raise ValueError(f"({lat}, {lon}) is more than 5 cells from the board")


def classify_terrain(centres_km: list[Point], centres: list[Point], urban: set[int],
                     terrain: TerrainZones) -> list[str]:
    """Terrain class per cell: urban, then mountain, agricultural, desert."""
    mountains = prep(terrain.mountains)
    farmland = prep(terrain.farmland)
    river_lines = [project_geometry(g) for _n, rank, g in geodata.rivers() if rank == 1]
    near_river = prep(unary_union(river_lines).buffer(terrain.river_farmland_km)) if river_lines else None
    out = []
    for i, (p, pkm) in enumerate(zip(centres, centres_km)):
        if i in urban:
            out.append("urban")
        elif mountains.contains(p):
            out.append("mountain")
        elif farmland.contains(p) or (near_river is not None and near_river.contains(pkm)):
            out.append("agricultural")
        else:
            out.append("desert")
    return out


def build_board() -> Board:
    """Build the board from ``maps/data``; deterministic for the same inputs."""
    outline = geodata.syria_outline()
    outline_km = geodata.syria_outline_km()
    terrain = load_terrain()
    ids = board_cells(outline)
    index = {c: i for i, c in enumerate(ids)}
    neighbors = [tuple(sorted(index[n] for n in h3.grid_disk(c, 1) if n != c and n in index)) for c in ids]
    latlng = [h3.cell_to_latlng(c) for c in ids]
    centres = [Point(lon, lat) for lat, lon in latlng]
    centres_km = list(shapely.transform(shapely.points([(p.x, p.y) for p in centres]), project_array))
    hexes_km = shapely.transform(shapely.polygons([list(cell_polygon(c).exterior.coords) for c in ids]), project_array)
    areas = shapely.area(shapely.intersection(hexes_km, outline_km))

    governorate_of = _governorates_of(centres)
    town_pop, urban = place_towns(ids, index, neighbors, terrain)
    terrains = classify_terrain(centres_km, centres, urban, terrain)
    totals = _governorate_totals()
    population = _spread_population(ids, governorate_of, town_pop, terrains, totals)

    places: dict[str, Place] = {}
    site_of_cell: dict[int, str] = {}
    for site in geodata.sites():
        i = nearest_cell(site.lat, site.lon, index, ids)
        places[site.id] = Place(site.id, site.name, site.kind, site.lat, site.lon, i, site.population)
    for place in sorted(places.values(), key=lambda p: (SITE_PRIORITY.index(p.kind), -p.population, p.id)):
        site_of_cell.setdefault(place.cell, place.id)

    cells = tuple(
        Cell(i, c, round(latlng[i][0], 5), round(latlng[i][1], 5), governorate_of[i], population[i],
             terrains[i], round(float(areas[i]), 2), site_of_cell.get(i))
        for i, c in enumerate(ids)
    )
    return Board(cells, tuple(neighbors), places, totals, RESOLUTION)


def _governorates_of(centres: list[Point]) -> list[str]:
    polygons = sorted(geodata.governorates().items())
    prepared = [(name, prep(g)) for name, g in polygons]
    out = []
    for p in centres:
        name = next((n for n, g in prepared if g.contains(p)), None)
        if name is None:  # centre on a shared border line: take the nearest governorate
            name = min(polygons, key=lambda item: (item[1].distance(p), item[0]))[0]
        out.append(name)
    return out


def _governorate_totals() -> dict[str, int]:
    raw = geodata.read_toml(geodata.DATA_DIR / "population.toml")["governorate"]
    return {name: int(value) for name, value in sorted(raw.items())}


def _spread_population(ids, governorate_of, town_pop, terrains, totals) -> list[int]:
    members: dict[str, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        members[governorate_of[i]].append(i)
    population = [0] * len(ids)
    for name, cells in members.items():
        total = totals[name]
        urban_total = sum(town_pop[i] for i in cells)
        cap = int(total * MAX_URBAN_SHARE)
        towns = largest_remainder(min(urban_total, cap), [town_pop[i] for i in cells])
        rest = largest_remainder(total - sum(towns), [SPREAD_WEIGHT[terrains[i]] for i in cells])
        for i, t, r in zip(cells, towns, rest):
            population[i] = t + r
    return population


def main(argv: list[str] | None = None) -> None:
    """Rebuild the committed board file of the Syria 2017 scenario."""
    import argparse

    from wargame.board import write_board
    from wargame.scenario import SCENARIO_DIR

    parser = argparse.ArgumentParser(description="Rebuild the H3 board of Syria.")
    parser.add_argument("--out", type=Path, default=SCENARIO_DIR / "syria_2017" / "board.json")
    args = parser.parse_args(argv)
    board = build_board()
    write_board(board, args.out)
    print(f"wrote {len(board.cells)} cells to {args.out}")


if __name__ == "__main__":
    main()
