"""Time from process start to the map painted, against a bare PySide6 window (and a "floor":
a generic window with menus, a toolbar and a graphics view of labels, none of the game), and
to the game ready to play ("ready": Moscow's orders painted in their dock, End Turn enabled).

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
elif sys.argv[1] == "floor":
    # What any window of this kind costs, with none of the game: menus with shortcuts, a toolbar,
    # a status bar, a graphics view of 30 text labels and a row of controls under it.
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence, QPainter, QPainterPath, QPen
    from PySide6.QtWidgets import (QComboBox, QGraphicsPathItem, QGraphicsScene, QGraphicsView, QHBoxLayout, QLabel,
                                   QPushButton, QSlider, QVBoxLayout, QWidget)
    window = QMainWindow()
    for title in ("&File", "&Game", "&View", "&Help"):
        menu = window.menuBar().addMenu(title)
        for i in range(6):
            action = QAction(f"Item {i}", window)
            action.setShortcut(QKeySequence(f"Ctrl+{i}"))
            menu.addAction(action)
    toolbar = window.addToolBar("Main")
    toolbar.addAction("End Turn")
    toolbar.addWidget(QLabel("December 2016"))
    window.statusBar().showMessage("Loading")
    scene = QGraphicsScene()
    view = QGraphicsView(scene)
    view.setRenderHints(QPainter.RenderHint.Antialiasing)
    for i in range(30):
        path = QPainterPath()
        path.addText(QPointF(i * 10, i * 5), QFont(), f"Label {i}")
        item = QGraphicsPathItem(path)
        item.setBrush(QBrush(QColor("black")))
        item.setPen(QPen(Qt.PenStyle.NoPen))
        scene.addItem(item)
    bar = QWidget()
    row = QHBoxLayout(bar)
    for control in (QPushButton("<"), QSlider(Qt.Orientation.Horizontal), QComboBox()):
        row.addWidget(control)
    central = QWidget()
    column = QVBoxLayout(central)
    column.addWidget(view, 1)
    column.addWidget(bar)
    window.setCentralWidget(central)
    target = view.viewport()
else:
    from maps.render_cache import known_board
    from wargame.scenario import open_scenario
    from ui.main_window import MainWindow
    window = MainWindow(open_scenario("syria-2017", known_board), defer_game=True)  # as ui.app opens it
    target = window.map_view.viewport()
    if sys.argv[1] == "ready":
        class Ready(QObject):
            def eventFilter(self, obj, event):
                if (event.type() == QEvent.Type.Paint and obj is getattr(window, "decisions", None)
                        and window.end_turn_action.isEnabled()):
                    print("painted", flush=True)
                    QTimer.singleShot(0, QApplication.instance().quit)
                return False
        target = QApplication.instance()  # the orders panel exists only once the game has loaded
        FirstPaint = Ready
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
    variants = ("bare", "floor", "game", "ready")
    for variant in variants:
        time_variant(variant)  # warm the file cache
    # Round by round, so a machine busy with other work slows each variant alike.
    samples = {variant: [] for variant in variants}
    for _ in range(runs):
        for variant in variants:
            samples[variant].append(time_variant(variant))
    results = {variant: statistics.median(times) for variant, times in samples.items()}
    for variant, times in samples.items():
        print(f"{variant:>5}: median {results[variant]:.3f} s over {runs} runs "
              f"(min {min(times):.3f}, max {max(times):.3f})")
    print(f"ratio game / bare: {results['game'] / results['bare']:.2f} "
          f"(floor / bare: {results['floor'] / results['bare']:.2f}: a generic window of this kind, no game)")
    print(f"ready to play: {results['ready']:.3f} s after the process started "
          f"({results['ready'] - results['game']:.3f} s after the map's first paint)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
