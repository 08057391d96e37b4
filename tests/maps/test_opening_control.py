"""The opening position of late December 2016, rasterised onto the board."""
from collections import deque

import pytest

from maps.control import parse_control_source, rasterise
from maps.geodata import MapDataError
from wargame.scenario import SCENARIO_DIR, load_scenario
from wargame.summary import control_by_faction, place_holders

SOURCE = SCENARIO_DIR / "syria_2017" / "control_2016-12.toml"
# Who held the key places (scenario-facts.md), written out independently of the
# scenario's own [hold] table so that a change to either is caught.
EXPECTED = {
    "damascus": "regime", "aleppo": "regime", "homs": "regime", "hama": "regime", "latakia": "regime",
    "tartus": "regime", "idlib": "opposition", "jisr_al_shughur": "opposition", "khan_shaykhun": "opposition",
    "al_bab": "isis", "manbij": "sdf", "jarabulus": "turkey", "azaz": "turkey", "afrin": "sdf", "kobani": "sdf",
    "raqqa": "isis", "tabqa": "isis", "deir_ez_zor": "regime", "deir_ez_zor_airbase": "regime", "mayadin": "isis",
    "abu_kamal": "isis", "palmyra": "isis", "t4_airbase": "regime", "shaer_gas_field": "isis",
    "al_qaryatayn": "regime", "rastan": "opposition", "douma": "opposition", "daraa": "regime",
    "suwayda": "regime", "quneitra": "opposition", "qamishli": "regime", "hasakah": "regime", "al_tanf": "us",
    "kuweires_airbase": "regime", "hmeimim_airbase": "regime",
}


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("syria-2017")


def component(board, control, start):
    """Cells of the same faction connected to ``start``."""
    faction = control[start]
    seen = {start}
    queue = deque([start])
    while queue:
        for n in board.neighbors[queue.popleft()]:
            if n not in seen and control[n] == faction:
                seen.add(n)
                queue.append(n)
    return seen


def test_key_places_are_held_by_the_right_faction(scenario):
    assert place_holders(scenario.board, scenario.opening_control) == EXPECTED


def test_regime_holds_about_sixty_percent_of_the_population_c1(scenario):
    summary = control_by_faction(scenario.board, scenario.opening_control)
    assert 0.57 <= summary["regime"]["population_share"] <= 0.65
    total_area = sum(e["area_km2"] for e in summary.values())
    assert 0.17 <= summary["regime"]["area_km2"] / total_area <= 0.35  # most of the desert is elsewhere
    assert summary["isis"]["area_km2"] > summary["regime"]["area_km2"]
    assert 1500 <= summary["turkey"]["area_km2"] <= 3000  # Euphrates Shield: about 2,000 km2


@pytest.mark.parametrize(
    "place, largest",
    [
        ("douma", 40),           # Eastern Ghouta
        ("rastan", 40),          # Rastan-Talbiseh
        ("ain_al_fijah", 15),    # Wadi Barada
        ("deir_ez_zor", 15),     # the besieged enclave
        ("fuah", 5),             # Fu'ah-Kefraya inside Idlib
        ("hasakah", 5),          # regime security zone
        ("qamishli", 5),         # regime zone with the airport
    ],
)
def test_pockets_show_as_their_own_areas(scenario, place, largest):
    board, control = scenario.board, scenario.opening_control
    pocket = component(board, control, board.places[place].cell)
    assert 1 <= len(pocket) <= largest, f"{place}: pocket of {len(pocket)} cells"


def test_yarmouk_basin_is_an_isis_pocket_far_from_the_main_isis_area(scenario):
    board, control = scenario.board, scenario.opening_control
    yarmouk = min((c for c in board.cells if control[c.index] == "isis"), key=lambda c: c.lat)
    pocket = component(board, control, yarmouk.index)
    assert 3 <= len(pocket) <= 20
    assert board.places["palmyra"].cell not in pocket


def test_northern_hama_and_idlib_are_opposition(scenario):
    board, control = scenario.board, scenario.opening_control
    idlib = [control[c.index] for c in board.cells if c.governorate == "Idlib"]
    assert idlib.count("opposition") > 0.9 * len(idlib)
    north_hama = [c for c in board.cells if c.governorate == "Hama" and c.lat > 35.3 and c.lon < 36.8]
    assert sum(control[c.index] == "opposition" for c in north_hama) >= 8


def test_rasterising_reproduces_the_committed_opening(scenario):
    control, _notes = rasterise(scenario.board, parse_control_source(SOURCE))
    assert control == scenario.opening_control


def test_bad_control_source_names_the_file_and_area(tmp_path):
    bad = tmp_path / "control.toml"
    bad.write_text('[[area]]\nname = "Somewhere"\nfaction = "martians"\npolygon = [[36, 33], [37, 33], [37, 34]]\n')
    with pytest.raises(MapDataError, match=r"control.toml: area #1 \(Somewhere\): unknown faction 'martians'"):
        parse_control_source(bad)
    bad.write_text('[[area]]\nname = "Tiny"\nfaction = "isis"\npolygon = [[36, 33], [37, 33]]\n')
    with pytest.raises(MapDataError, match="at least 3 vertices"):
        parse_control_source(bad)
    bad.write_text('[[area]\nname = "Broken"')
    with pytest.raises(MapDataError, match="control.toml: invalid TOML"):
        parse_control_source(bad)
