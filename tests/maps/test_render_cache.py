"""The committed render cache: reproducible, and enough for the first frame without geometry libraries."""
import subprocess
import sys
from pathlib import Path

from maps import render_cache
from wargame.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_rebuild_reproduces_the_committed_cache():
    scenario = load_scenario("syria-2017")
    rebuilt = render_cache.build(scenario.board, scenario.opening_control)
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
from wargame.scenario import load_scenario
from ui.main_window import MainWindow
window = MainWindow(load_scenario("syria-2017"), defer_game=True)  # as the application builds it
heavy = [m for m in ("numpy", "shapely", "h3") if m in sys.modules]
assert not heavy, f"built the window with {heavy} loaded"
window.show()
import time
deadline = time.time() + 10
while "shapely" not in sys.modules and time.time() < deadline:
    app.processEvents()  # the warm-up after the first paint loads the geometry
assert "shapely" in sys.modules and "h3" in sys.modules, "geometry was not warmed up after the first frame"
while window.controller is None and time.time() < deadline:
    app.processEvents()
assert window.controller is not None and window.controller.state.turn == 0, "the game did not load after the first frame"
print("ok")
"""


def test_first_frame_needs_no_geometry_libraries_and_they_load_right_after():
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr[-2000:]
