"""Defects a play-tester found at 1920x1080 and 1366x768 (pytest-qt, offscreen)."""
from __future__ import annotations


def place_cell(scenario, name: str) -> int:
    """The board cell of the named place (its own cell)."""
    return next(place.cell for place in scenario.board.places.values() if place.name == name)


def test_a_places_own_cell_is_in_that_place_not_near_it(qtbot, open_window, scenario):
    win = open_window(seed=7)
    cell = place_cell(scenario, "al-Bab")
    win.map_view.cell_clicked.emit(cell)
    text = win.panel.history.text()
    assert "in al-Bab," in text and "near al-Bab" not in text
    # A cell of no place is still placed near the nearest one.
    plain = next(i for i, c in enumerate(scenario.board.cells) if not c.site and i not in {cell})
    win.map_view.cell_clicked.emit(plain)
    assert ": near " in win.panel.history.text()
