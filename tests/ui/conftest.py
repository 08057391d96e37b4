"""Window tests never block on a question: closing a window with unsaved turns discards them."""
import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def _discard_unsaved_games(monkeypatch):
    monkeypatch.setattr("ui.main_window.MainWindow.ask_unsaved", lambda self: QMessageBox.StandardButton.Discard)
