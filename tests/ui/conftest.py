"""Shared window fixtures: a scenario, scratch settings, and a factory of shown main windows.

Window tests never block on a question: closing a window with unsaved turns discards them.
"""
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from wargame.scenario import load_scenario


@pytest.fixture(autouse=True)
def _discard_unsaved_games(monkeypatch):
    monkeypatch.setattr("ui.main_window.MainWindow.ask_unsaved", lambda self: QMessageBox.StandardButton.Discard)


@pytest.fixture(scope="session")
def scenario():
    return load_scenario("syria-2017")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(qtbot, scenario, settings, tmp_path):
    """``open_window(**kwargs)``: a MainWindow shown at 1400x900 whose files all go to ``tmp_path``."""
    from ui.main_window import MainWindow

    def make(size=(1400, 900), **kwargs):
        kwargs.setdefault("app_data", tmp_path / "appdata")
        win = MainWindow(scenario, settings, **kwargs)
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        return win
    return make
