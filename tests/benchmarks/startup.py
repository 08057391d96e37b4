"""Time from process start to the map painted, against a bare PySide6 window.

Each variant runs in a fresh process (offscreen), several times; the parent
measures wall time from spawning the process to the child's report of the
first paint of its window. Run: ``python tests/benchmarks/startup.py [runs]``.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

app = QApplication([])
if sys.argv[1] == "bare":
    window = QMainWindow()
    target = window
else:
    from maps.render_cache import known_board
    from wargame.scenario import open_scenario
    from ui.main_window import MainWindow
    window = MainWindow(open_scenario("syria-2017", known_board), defer_game=True)  # as ui.app opens it
    target = window.map_view.viewport()
window.resize(1600, 1000)
watcher = FirstPaint()
target.installEventFilter(watcher)
window.show()
app.exec()
"""


def time_variant(variant: str) -> float:
    """Seconds from spawning a process to its first paint."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, variant], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"{variant}: child did not report a paint")
    return elapsed


def main(runs: int = 5) -> None:
    """Print median start-to-paint times and their ratio."""
    results = {}
    for variant in ("bare", "game"):
        time_variant(variant)  # warm the file cache
        samples = [time_variant(variant) for _ in range(runs)]
        results[variant] = statistics.median(samples)
        print(f"{variant:>5}: median {results[variant]:.3f} s over {runs} runs "
              f"(min {min(samples):.3f}, max {max(samples):.3f})")
    print(f"ratio game / bare: {results['game'] / results['bare']:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
