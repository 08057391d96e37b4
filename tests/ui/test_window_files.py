"""Saving, opening, autosaves and crash recovery in the window (pytest-qt, offscreen)."""
from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from ui.app import main as app_main
from ui.autosave import KEEP
from ui.main_window import MainWindow
from wargame.record import load_record
from wargame.scenario import load_scenario

TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("syria-2017")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot, scenario, settings, tmp_path, **kwargs) -> MainWindow:
    win = MainWindow(scenario, settings, app_data=tmp_path / "appdata", **kwargs)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def play(qtbot, win: MainWindow, turns: int) -> None:
    for _ in range(turns):
        with qtbot.waitSignal(win.controller.turn_resolved, timeout=TIMEOUT_MS):
            win.end_turn_action.trigger()
        win.map_view.finish_animation()


def test_save_then_open_gives_the_same_game_which_plays_on_the_same(qtbot, scenario, settings, tmp_path):
    win = make_window(qtbot, scenario, settings, tmp_path, seed=21, moscow="deal")
    play(qtbot, win, 3)
    assert win.isWindowModified()
    path = tmp_path / "game.syriawar"
    assert win.save_to(str(path))
    assert not win.isWindowModified() and win.windowTitle().startswith("game.syriawar")
    assert str(path) in win._recent_files()
    assert load_record(path).last_turn == 3
    other = make_window(qtbot, scenario, settings, tmp_path)
    assert other.open_file(str(path))
    assert [s.state_hash() for s in other.controller.session.states] == \
        [s.state_hash() for s in win.controller.session.states]
    assert other.map_view.control == win.map_view.control
    assert len(other.event_log.events_shown()) == len(win.event_log.events_shown())
    assert other.controller.session.moscow == "deal" and not other.isWindowModified()
    play(qtbot, win, 2)
    play(qtbot, other, 2)
    assert other.controller.state.state_hash() == win.controller.state.state_hash()


def test_a_damaged_file_is_refused_and_the_game_goes_on(qtbot, scenario, settings, tmp_path):
    win = make_window(qtbot, scenario, settings, tmp_path, seed=22)
    play(qtbot, win, 1)
    before = win.controller.state
    bad = tmp_path / "bad.syriawar"
    bad.write_text('{"format": "syria-wargame-record", "version": 99}')
    assert not win.open_file(str(bad))
    assert win.controller.state is before
    box = next(b for b in win.findChildren(QMessageBox) if b.isVisible())
    assert "bad.syriawar" in box.text()
    box.close()


def test_closing_with_unsaved_turns_asks(qtbot, scenario, settings, tmp_path, monkeypatch):
    win = make_window(qtbot, scenario, settings, tmp_path, seed=23)
    assert win.close()  # a new game with no turns closes without a question
    win = make_window(qtbot, scenario, settings, tmp_path, seed=23)
    play(qtbot, win, 1)
    asked = []
    monkeypatch.setattr(MainWindow, "ask_unsaved",
                        lambda self: asked.append(1) or QMessageBox.StandardButton.Cancel)
    assert not win.close()
    assert asked and win.isVisible()
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: QMessageBox.StandardButton.Discard)
    assert win.close()


def test_autosave_keeps_the_newest_five_and_a_crash_offers_the_newest(qtbot, scenario, settings, tmp_path):
    win = make_window(qtbot, scenario, settings, tmp_path, seed=24, moscow="chips")
    play(qtbot, win, KEEP + 2)
    files = win.autosaver.files()
    assert len(files) == KEEP
    assert load_record(files[0]).last_turn == KEEP + 2
    # A marker left by a process that is gone: the last session crashed.
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    win.marker.path.write_text(str(gone.pid))
    again = make_window(qtbot, scenario, settings, tmp_path, recover=True)
    box = again.findChild(QMessageBox, "recovery_box")
    assert box is not None and box.isVisible() and files[0].name in box.text()
    box.button(QMessageBox.StandardButton.Open).click()
    assert again.controller.state.turn == KEEP + 2
    assert again.controller.state.state_hash() == win.controller.state.state_hash()
    assert again.isWindowModified() and again.file_path is None  # Save asks where: not into the autosave folder


def test_open_a_saved_game_from_the_command_line(tmp_path, qapp, capsys):
    from wargame.cli import main as cli_main

    assert cli_main(["play", "--scenario", "syria-2017", "--seed", "3", "--moscow", "deal",
                     "--save", str(tmp_path / "g.syriawar")]) == 0
    capsys.readouterr()
    shot = tmp_path / "loaded.png"
    assert app_main([str(tmp_path / "g.syriawar"), "--screenshot", str(shot)]) == 0
    assert shot.stat().st_size > 10_000
    broken = tmp_path / "broken.syriawar"
    broken.write_text("{not json")
    assert app_main([str(broken), "--screenshot", str(tmp_path / "x.png")]) == 2
    assert "broken.syriawar" in capsys.readouterr().err
