"""The committed render cache: reproducible, and enough for the first frame without geometry libraries."""
import subprocess
import sys
from pathlib import Path

import pytest

from maps import render_cache
from maps.pockets import small_pockets
from wargame.board import BoardError, LazyBoard, load_board
from wargame.scenario import load_scenario, open_scenario, read_manifest

ROOT = Path(__file__).resolve().parents[2]


def test_rebuild_reproduces_the_committed_cache():
    scenario = load_scenario("syria-2017")
    rebuilt = render_cache.build(scenario.board, scenario.opening_control, read_manifest("syria-2017").board_file)
    committed = render_cache.load()
    assert committed is not None, "maps/data/render_cache.json is missing: run python -m maps.render_cache"
    assert rebuilt == committed


def test_cache_is_keyed_by_the_opening_control():
    scenario = load_scenario("syria-2017")
    cache = render_cache.load()
    assert cache["opening"]["control"] == render_cache.control_key(scenario.opening_control)
    changed = list(scenario.opening_control)
    changed[0] = "isis" if changed[0] != "isis" else "regime"
    assert render_cache.control_key(changed) != cache["opening"]["control"]
    assert set(cache["opening"]["areas"]) == {"regime", "opposition", "isis", "sdf", "turkey", "us"}


FIRST_FRAME = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from PySide6.QtCore import QEvent, QObject
from maps.render_cache import known_board
from wargame.scenario import open_scenario
from ui.main_window import MainWindow
scenario = open_scenario("syria-2017", known_board)  # as the application opens it
window = MainWindow(scenario, defer_game=True)  # as the application builds it
heavy = [m for m in ("numpy", "shapely", "h3") if m in sys.modules]
assert not heavy, f"built the window with {heavy} loaded"
first_paint = []
class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not first_paint:
            first_paint.append(scenario.board.loaded)
            first_paint.append(window.map_view.viewport().size())
            first_paint.append([dock.widget() is None for dock in window.docks])
            ticker.start()
        return False
from PySide6.QtCore import QTimer
ticks = []
ticker = QTimer()
ticker.setInterval(10)
ticker.timeout.connect(lambda: window.controller is None and ticks.append(1))
watch = Watch()
window.map_view.viewport().installEventFilter(watch)
window.show()
import time
deadline = time.time() + 10
while "shapely" not in sys.modules and time.time() < deadline:
    app.processEvents()  # the warm-up after the first paint loads the geometry
assert "shapely" in sys.modules and "h3" in sys.modules, "geometry was not warmed up after the first frame"
while window.controller is None and time.time() < deadline:
    app.processEvents()
assert window.controller is not None and window.controller.state.turn == 0, "the game did not load after the first frame"
assert first_paint[0] is False, f"the board's cells were read before the first frame: {first_paint}"
assert first_paint[2] == [True] * 6, f"the docks should be in place but empty at the first frame: {first_paint}"
assert all(dock.widget() is not None for dock in window.docks), "the docks were not filled"
# The engine loads on a worker thread: the window's event loop keeps turning meanwhile (with the whole
# load on the window's thread, as before, it turned once or twice).
assert len(ticks) >= 5, f"the window answered only {len(ticks)} times while the game loaded"
for _ in range(20):
    app.processEvents()
# The docks stood in their places from the first frame, so filling them does not move the map.
assert window.map_view.viewport().size() == first_paint[1], (first_paint[1], window.map_view.viewport().size())
assert "scipy.sparse" not in sys.modules, "scipy.sparse (only for boards off a lattice) slowed the game's start"
assert scenario.board.loaded
print("ok")
"""


def test_first_frame_needs_no_geometry_libraries_and_they_load_right_after():
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr[-2000:]


def test_the_committed_board_is_known_by_its_fingerprint_and_read_on_first_use():
    manifest = read_manifest("syria-2017")
    full = load_board(manifest.board_file)
    lazy = render_cache.known_board(manifest.board_file)
    assert isinstance(lazy, LazyBoard) and not lazy.loaded
    assert len(lazy) == len(full.cells) and lazy.first_h3 == full.first_h3 and lazy.places == full.places
    assert not lazy.loaded  # the places, the size and the first cell come from the cache
    assert lazy.cells == full.cells and lazy.neighbors == full.neighbors and lazy.loaded
    assert lazy.governorates == full.governorates and lazy.h3_resolution == full.h3_resolution
    scenario = open_scenario("syria-2017", render_cache.known_board)
    assert scenario.opening_control == load_scenario("syria-2017").opening_control


def test_another_board_file_is_not_taken_for_the_committed_one(tmp_path):
    board_file = read_manifest("syria-2017").board_file
    copy = tmp_path / "board.json"
    copy.write_bytes(board_file.read_bytes().replace(b'"population":0', b'"population":1', 1))
    assert render_cache.known_board(copy) is None
    assert render_cache.known_board(tmp_path / "missing.json") is None


def test_a_board_changed_on_disk_after_the_first_frame_is_refused(tmp_path):
    board_file = read_manifest("syria-2017").board_file
    copy = tmp_path / "board.json"
    copy.write_bytes(board_file.read_bytes())
    lazy = render_cache.known_board(copy)
    assert lazy is not None
    copy.write_text("{}")
    with pytest.raises(BoardError, match="board.json"):
        lazy.cells


def test_cached_pockets_are_the_opening_position_s():
    scenario = load_scenario("syria-2017")
    expected = [[round(v, render_cache.DIGITS) for v in box]
                for box in small_pockets(scenario.board, scenario.opening_control)]
    assert render_cache.load()["opening"]["pockets"] == expected
    assert len(expected) >= 5  # Fu'ah-Kefraya, Nubl-Zahraa, Deir ez-Zor and other enclaves
