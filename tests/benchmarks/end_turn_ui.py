"""End Turn, measured in the window: the engine's own time, then the time to update map, charts and log.

For each turn of a whole game (offscreen, 1600x1000) the engine resolves the
month on this thread (timed alone), then the controller applies the result as
it does when the worker reports back: the map redraws (areas, fronts, site
holders, arrows; the fade starts), the charts and the log refill, the report
appears, and the window repaints once. Run: ``python tests/benchmarks/end_turn_ui.py [seed] [policy]``.
"""
from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(seed: int = 5, policy: str = "deal") -> None:
    """Print per-turn engine and UI times and their medians."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.controller import resolve
    from ui.main_window import MainWindow
    from wargame.scenario import load_scenario

    app = QApplication.instance() or QApplication([])
    settings = QSettings(os.path.join(os.environ.get("TMPDIR", "/tmp"), "end_turn_ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(load_scenario("syria-2017"), settings, seed=seed, moscow=policy)
    window.resize(1600, 1000)
    window.show()
    for _ in range(3):
        app.processEvents()
    controller = window.controller
    engine_times, ui_times = [], []
    while not controller.state.ended:
        orders, state = controller.pending, controller.state
        start = time.perf_counter()
        result = resolve(controller.game, state, orders, controller.session.seed)
        engine = time.perf_counter() - start
        start = time.perf_counter()
        controller._on_resolved(orders, result)  # what the worker's signal triggers
        app.processEvents()  # the repaint of the map, the charts and the docks
        ui = time.perf_counter() - start
        window.map_view.finish_animation()
        engine_times.append(engine)
        ui_times.append(ui)
        print(f"turn {result.state.turn:2d}: engine {engine * 1000:6.1f} ms, window update {ui * 1000:6.1f} ms")
    print(f"median engine {statistics.median(engine_times) * 1000:.1f} ms, "
          f"median window update {statistics.median(ui_times) * 1000:.1f} ms "
          f"(max {max(ui_times) * 1000:.1f} ms) over {len(ui_times)} turns")
    window.close_without_asking()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, sys.argv[2] if len(sys.argv) > 2 else "deal")
