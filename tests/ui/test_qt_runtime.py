"""Guards against known-bad Qt bindings.

PySide6 6.12.0 drops a reference to ``None`` on every call of a void setter of
a value type (``QPen.setCosmetic`` and friends), so any real session ends in
"Fatal Python error: none_dealloc". pyproject.toml excludes that release; this
test fails with a clear message should an installed release have the bug.
"""
import subprocess
import sys

CODE = """
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainterPathStroker, QPen
for _ in range(20000):
    pen = QPen(QColor("#000"), 1.0)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    QPainterPathStroker().setWidth(2.0)
print("ok")
"""


def test_installed_pyside6_keeps_reference_counts_straight():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    import PySide6

    assert result.returncode == 0 and "ok" in result.stdout, (
        f"PySide6 {PySide6.__version__} corrupts reference counts (none_dealloc); "
        f"install another release. stderr: {result.stderr[-300:]}"
    )
