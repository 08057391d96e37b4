"""The shipped board of Syria: cells, governorates, population, terrain, sites, adjacency."""
from collections import Counter

import h3
import pytest

from maps import geodata
from maps.board_builder import build_board, largest_remainder
from wargame.board import load_board
from wargame.scenario import SCENARIO_DIR

BOARD_FILE = SCENARIO_DIR / "syria_2017" / "board.json"
GOVERNORATES = {
    "Aleppo", "Damascus", "Daraa", "Deir ez-Zor", "Hama", "Hasakah", "Homs", "Idlib", "Latakia",
    "Quneitra", "Raqqa", "Rif Dimashq", "Suwayda", "Tartus",
}


@pytest.fixture(scope="module")
def board():
    return load_board(BOARD_FILE)


def test_cell_count_and_resolution(board):
    # Syria is about 185,000 km2; resolution-6 cells are about 36 km2.
    assert 4500 <= len(board.cells) <= 5200
    assert all(h3.get_resolution(c.h3) == 6 for c in board.cells)
    assert [c.h3 for c in board.cells] == sorted(c.h3 for c in board.cells)


def test_every_cell_centre_is_in_syria_and_in_its_governorate(board):
    from shapely.geometry import Point

    polygons = geodata.governorates()
    assert set(polygons) == GOVERNORATES
    for cell in board.cells:
        point = Point(cell.lon, cell.lat)
        assert polygons[cell.governorate].buffer(1e-4).contains(point), cell


def test_every_governorate_has_cells(board):
    counts = Counter(c.governorate for c in board.cells)
    assert set(counts) == GOVERNORATES
    assert counts["Homs"] > counts["Idlib"] > counts["Damascus"] >= 1


def test_adjacency_is_symmetric_and_matches_h3(board):
    for cell, adjacent in zip(board.cells, board.neighbors):
        assert len(adjacent) <= 6 and cell.index not in adjacent
        for n in adjacent:
            assert cell.index in board.neighbors[n]
            assert h3.are_neighbor_cells(cell.h3, board.cells[n].h3)
    interior = sum(1 for adjacent in board.neighbors if len(adjacent) == 6)
    assert interior > 0.9 * len(board.cells)


def test_population_adds_up_to_the_chosen_governorate_totals(board):
    totals = geodata.read_toml(geodata.DATA_DIR / "population.toml")["governorate"]
    sums = Counter()
    for cell in board.cells:
        sums[cell.governorate] += cell.population
    assert dict(sums) == totals
    assert 16_000_000 <= sum(sums.values()) <= 17_500_000


def test_population_is_concentrated_in_towns_and_farmland(board):
    by_terrain = Counter()
    for cell in board.cells:
        by_terrain[cell.terrain] += cell.population
    assert set(by_terrain) == {"urban", "agricultural", "mountain", "desert"}
    assert by_terrain["desert"] < 0.08 * sum(by_terrain.values())
    aleppo = board.cell_of_place("aleppo")
    assert aleppo.terrain == "urban" and aleppo.population > 500_000
    palmyra = board.cell_of_place("palmyra")
    assert palmyra.population > 20_000
    desert = [c.population for c in board.cells if c.terrain == "desert"]
    assert sorted(desert)[len(desert) // 2] < 1_000  # empty desert gets little


def test_terrain_classes_are_where_geography_puts_them(board):
    assert board.cell_of_place("homs").terrain == "urban"
    t4 = board.cell_of_place("t4_airbase")
    assert t4.terrain == "desert"
    kinds = Counter(c.terrain for c in board.cells if c.governorate == "Latakia")
    assert kinds["mountain"] > 0.3 * sum(kinds.values())
    assert Counter(c.terrain for c in board.cells if c.governorate == "Deir ez-Zor")["desert"] > 400


def test_sites_are_on_the_board_in_the_right_governorate(board):
    expected = {
        "aleppo": "Aleppo", "damascus": "Damascus", "palmyra": "Homs", "raqqa": "Raqqa",
        "deir_ez_zor": "Deir ez-Zor", "hmeimim_airbase": "Latakia", "idlib": "Idlib", "daraa": "Daraa",
        "qamishli": "Hasakah", "al_tanf": "Homs", "douma": "Rif Dimashq", "kuweires_airbase": "Aleppo",
    }
    for place, governorate in expected.items():
        assert board.cell_of_place(place).governorate == governorate, place
    kinds = Counter(p.kind for p in board.places.values())
    assert {"city", "airbase", "oil_gas", "dam", "border_crossing", "naval_base"} <= set(kinds)
    assert board.cell_of_place("t4_airbase").site == "t4_airbase"


def test_rebuild_reproduces_the_committed_board(board):
    rebuilt = build_board()
    assert rebuilt.to_json() == board.to_json()


def test_largest_remainder_is_exact_and_proportional():
    parts = largest_remainder(1000, [1, 1, 1])
    assert sum(parts) == 1000 and max(parts) - min(parts) <= 1
    assert largest_remainder(10, [0, 0]) == [0, 0]
    assert largest_remainder(7, [3, 0, 1]) == [5, 0, 2]
