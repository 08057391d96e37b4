"""The architecture contract: the engine imports no Qt or geometry, maps imports no Qt."""
import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_headless_cli_loads_no_qt_and_no_geometry():
    code = (
        "import sys, wargame.cli\n"
        "wargame.cli.main(['show', '--scenario', 'syria-2017', '--json'])\n"
        "bad = [m for m in ('PySide6', 'pyqtgraph', 'shapely', 'h3', 'maps', 'ui') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
