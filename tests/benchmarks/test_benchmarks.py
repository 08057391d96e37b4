"""Benchmarks (pytest-benchmark). Run with:

    python -m pytest tests/benchmarks --benchmark-enable

In the normal test run they execute once each, untimed, as smoke tests.
"""
import pytest

from maps.board_geometry import BoardGeometry
from maps.frontline import front_lines
from wargame.board import load_board
from wargame.scenario import SCENARIO_DIR, load_scenario

BOARD_FILE = SCENARIO_DIR / "syria_2017" / "board.json"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("syria-2017")


def test_board_load(benchmark):
    board = benchmark(load_board, BOARD_FILE)
    assert len(board.cells) > 4000


def test_front_lines_whole_map(benchmark, scenario):
    lines = benchmark(front_lines, scenario.board, scenario.opening_control)
    assert len(lines) >= 8


def test_front_lines_clipped_to_the_border(benchmark, scenario):
    geometry = BoardGeometry(scenario.board)
    geometry.cells  # clipped cells are computed once per board
    lines = benchmark(geometry.fronts, scenario.opening_control)
    assert len(lines) >= 8


def test_faction_areas_whole_map(benchmark, scenario):
    geometry = BoardGeometry(scenario.board)
    geometry.cells
    areas = benchmark(geometry.areas, scenario.opening_control)
    assert set(areas) == {"regime", "opposition", "isis", "sdf", "turkey", "us"}


def test_clipped_cell_polygons(benchmark, scenario):
    cells = benchmark(lambda: BoardGeometry(scenario.board).cells)
    assert len(cells) == len(scenario.board.cells)


def test_map_redraw_after_a_turn(benchmark, scenario, qtbot):
    """What End Turn will cost on the map: new areas and fronts for a changed control."""
    from maps.board_geometry import BoardGeometry
    from ui.map_view import MapView

    view = MapView(scenario.board, scenario.opening_control, geometry=BoardGeometry(scenario.board))
    qtbot.addWidget(view)
    changed = list(scenario.opening_control)
    for place in ("palmyra", "al_bab", "khan_shaykhun"):
        changed[scenario.board.places[place].cell] = "regime"
    controls = [changed, list(scenario.opening_control)]
    state = {"i": 0}

    def redraw():
        state["i"] += 1
        view.set_control(controls[state["i"] % 2])

    benchmark(redraw)


def test_map_animated_redraw_after_a_turn(benchmark, scenario, qtbot):
    """End Turn with the fade: new areas and fronts plus the overlay of the cells that changed hands
    (the fade itself then runs in the event loop; here it is cut short)."""
    from maps.board_geometry import BoardGeometry
    from ui.map_view import MapView

    view = MapView(scenario.board, scenario.opening_control, geometry=BoardGeometry(scenario.board))
    qtbot.addWidget(view)
    changed = list(scenario.opening_control)
    palmyra = scenario.board.places["palmyra"].cell
    for index in (palmyra, *scenario.board.neighbors[palmyra]):
        changed[index] = "regime"
    for place in ("al_bab", "khan_shaykhun"):
        changed[scenario.board.places[place].cell] = "regime"
    controls = [list(scenario.opening_control), changed]  # each call changes the same nine cells
    state = {"i": 0}

    def redraw():
        state["i"] += 1
        view.set_control(controls[state["i"] % 2], animate=True)
        view.finish_animation()

    benchmark(redraw)
    assert len(view.changed_cells) == 9


def test_map_relayout_labels(benchmark, scenario, qtbot):
    """Placing icons and labels, as after every zoom step and pan."""
    from ui.map_view import MapView

    view = MapView(scenario.board, scenario.opening_control)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.zoom_by(2.5)
    benchmark(view.relayout_labels)
