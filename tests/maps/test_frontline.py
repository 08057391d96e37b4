"""Front lines on tiny hand-made boards: a straight front, a pocket, a three-way junction."""
import math

import h3
import pytest

from maps.frontline import faction_areas, front_edges, front_lines
from maps.projection import project
from tests.helpers import tiny_board

# Resolution-6 hexagons have edges of about 3.7 km.
EDGE_KM = h3.average_hexagon_edge_length(6, unit="km")


def test_one_faction_has_no_front():
    board = tiny_board()
    assert front_lines(board, ["regime"] * len(board)) == []


def test_straight_front_is_one_long_line_between_two_factions():
    board = tiny_board()
    centre_x, _ = project(38.0, 35.0)
    control = ["regime" if project(c.lon, c.lat)[0] < centre_x - 1 else "isis" for c in board.cells]
    lines = front_lines(board, control)
    assert [f.factions for f in lines] == [("isis", "regime")]
    geometry = lines[0].geometry
    assert geometry.geom_type == "LineString", "edges should merge into one continuous line"
    edges = front_edges(board, control)[("isis", "regime")]
    assert geometry.length == pytest.approx(len(edges) * EDGE_KM, rel=0.05)
    # The line runs roughly north-south, across the whole disk (7 cells tall).
    min_x, min_y, max_x, max_y = geometry.bounds
    assert max_y - min_y > 5 * EDGE_KM
    assert max_x - min_x < max_y - min_y


def test_pocket_is_a_closed_ring_and_a_hole_in_the_surrounding_area():
    board = tiny_board()
    centre = h3.latlng_to_cell(35.0, 38.0, 6)
    pocket = set(h3.grid_disk(centre, 1))
    control = ["opposition" if c.h3 in pocket else "regime" for c in board.cells]
    (front,) = front_lines(board, control)
    assert front.factions == ("opposition", "regime")
    assert front.geometry.geom_type == "LineString" and front.geometry.is_ring
    assert front.length_km == pytest.approx(18 * EDGE_KM, rel=0.05)  # the outline of 7 hexagons has 18 edges
    areas = faction_areas(board, control)
    assert areas["regime"].geom_type == "Polygon" and len(areas["regime"].interiors) == 1
    assert areas["regime"].intersection(areas["opposition"]).area < 0.05 * areas["opposition"].area


def test_three_way_junction_meets_at_one_point():
    board = tiny_board()
    cx, cy = project(*reversed(h3.cell_to_latlng(h3.latlng_to_cell(35.0, 38.0, 6))))
    sector_factions = ("regime", "isis", "sdf")

    def sector(cell):
        x, y = project(cell.lon, cell.lat)
        angle = math.degrees(math.atan2(y - cy, x - cx)) % 360 if (x, y) != (cx, cy) else 0.0
        return sector_factions[int(angle // 120) % 3]

    control = [sector(c) for c in board.cells]
    lines = front_lines(board, control)
    assert sorted(f.factions for f in lines) == [("isis", "regime"), ("isis", "sdf"), ("regime", "sdf")]
    ends = []
    for front in lines:
        parts = list(getattr(front.geometry, "geoms", [front.geometry]))
        ends.append({tuple(round(v, 6) for v in p.coords[i]) for p in parts for i in (0, -1)})
    assert ends[0] & ends[1] & ends[2], "the three fronts must share a junction point"


def test_control_of_the_wrong_length_is_rejected():
    board = tiny_board()
    with pytest.raises(ValueError, match="control has"):
        front_lines(board, ["regime"] * (len(board) - 1))


def test_clipping_keeps_fronts_inside_the_outline():
    from shapely.geometry import box

    board = tiny_board()
    control = ["regime" if i % 2 else "isis" for i in range(len(board))]
    clip = box(*project(37.95, 34.95), *project(38.05, 35.05))
    for front in front_lines(board, control, clip):
        assert front.geometry.difference(clip.buffer(1e-6)).is_empty


def test_areas_tile_the_country_without_gaps():
    from maps.board_geometry import BoardGeometry
    from wargame.scenario import load_scenario

    scenario = load_scenario("syria-2017")
    geometry = BoardGeometry(scenario.board)
    areas = geometry.areas(scenario.opening_control)
    total = sum(a.area for a in areas.values())
    assert total == pytest.approx(geometry.outline_km.area, rel=1e-3)
    assert sum(p.area for p in geometry.cells) == pytest.approx(total, rel=1e-3)
