"""End Turn, measured in the window: the engine's own time, then the time to update map, charts and log.

For each turn of a whole game (offscreen, 1600x1000) the engine resolves the
month on this thread (timed alone), then the controller applies the result as
it does when the worker reports back: the map redraws (areas, fronts, site
holders, arrows; the fade starts), the charts and the log refill, the report
appears, and the window repaints once. Run:
``python tests/benchmarks/end_turn_ui.py [seed] [policy] [--profile]``.

Besides the wall-clock time each turn shows the GUI thread's CPU time, which
other processes on a busy machine hardly disturb (compare before and after a
change by it). ``--profile`` prints the functions that took longest over the
game (cProfile around the handlers and the repaint). ``--from-orders`` raises the
Moscow dock before each turn (untimed), as for a player who changes the orders
there before ending the turn; otherwise turns follow one another from the report.
"""
from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(seed: int = 5, policy: str = "deal", profile: bool = False, from_orders: bool = False) -> None:
    """Print per-turn engine and UI times and their medians."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.controller import resolve
    from ui.main_window import MainWindow
    from wargame.scenario import load_scenario

    app = QApplication.instance() or QApplication([])
    settings = QSettings(os.path.join(os.environ.get("TMPDIR", "/tmp"), "end_turn_ui.ini"), QSettings.Format.IniFormat)
    settings.clear()  # the default layout every run (the window saves its docks' layout when it closes)
    window = MainWindow(load_scenario("syria-2017"), settings, seed=seed, moscow=policy)
    window.resize(1600, 1000)
    window.show()
    for _ in range(3):
        app.processEvents()
    controller = window.controller
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    engine_times, ui_times, cpu_times = [], [], []
    while not controller.state.ended:
        if from_orders:
            window.moscow_dock.raise_()
            app.processEvents()
        orders, state = controller.pending, controller.state
        start = time.perf_counter()
        result = resolve(controller.game, state, orders, controller.session.seed)
        engine = time.perf_counter() - start
        start, cpu_start = time.perf_counter(), time.thread_time()
        if profiler is not None:
            profiler.enable()
        controller._on_resolved(orders, result)  # what the worker's signal triggers
        app.processEvents()  # the repaint of the map, the charts and the docks
        if profiler is not None:
            profiler.disable()
        ui, cpu = time.perf_counter() - start, time.thread_time() - cpu_start
        window.map_view.finish_animation()
        engine_times.append(engine)
        ui_times.append(ui)
        cpu_times.append(cpu)
        print(f"turn {result.state.turn:2d}: engine {engine * 1000:6.1f} ms, window update {ui * 1000:6.1f} ms "
              f"(cpu {cpu * 1000:6.1f} ms)")
    print(f"median engine {statistics.median(engine_times) * 1000:.1f} ms, "
          f"median window update {statistics.median(ui_times) * 1000:.1f} ms "
          f"(max {max(ui_times) * 1000:.1f} ms; cpu median {statistics.median(cpu_times) * 1000:.1f} ms) "
          f"over {len(ui_times)} turns")
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    window.close_without_asking()


if __name__ == "__main__":
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 5, args[1] if len(args) > 1 else "deal", "--profile" in flags,
         "--from-orders" in flags)
