"""Saving, opening, autosaves and crash recovery in the window (pytest-qt, offscreen)."""
from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QMessageBox

from ui.app import main as app_main
from ui.autosave import KEEP
from ui.main_window import MainWindow
from wargame.record import load_record

from tests.ui.window_helpers import play_turns as play


def test_save_then_open_gives_the_same_game_which_plays_on_the_same(qtbot, open_window, tmp_path):
    win = open_window(seed=21, moscow="deal")
    play(qtbot, win, 3)
    assert win.isWindowModified()
    path = tmp_path / "game.syriawar"
    assert win.save_to(str(path))
    assert not win.isWindowModified() and win.windowTitle().startswith("game.syriawar")
    assert str(path) in win._recent_files()
    assert load_record(path).last_turn == 3
    other = open_window()
    assert other.open_file(str(path))
    assert [s.state_hash() for s in other.controller.session.states] == \
        [s.state_hash() for s in win.controller.session.states]
    assert other.map_view.control == win.map_view.control
    assert len(other.event_log.events_shown()) == len(win.event_log.events_shown())
    assert other.controller.session.moscow == "deal" and not other.isWindowModified()
    play(qtbot, win, 2)
    play(qtbot, other, 2)
    assert other.controller.state.state_hash() == win.controller.state.state_hash()


def test_a_damaged_file_is_refused_and_the_game_goes_on(qtbot, open_window, tmp_path):
    win = open_window(seed=22)
    play(qtbot, win, 1)
    before = win.controller.state
    bad = tmp_path / "bad.syriawar"
    bad.write_text('{"format": "syria-wargame-record", "version": 99}')
    assert not win.open_file(str(bad))
    assert win.controller.state is before
    box = next(b for b in win.findChildren(QMessageBox) if b.isVisible())
    assert "bad.syriawar" in box.text()
    box.close()


def test_closing_with_unsaved_turns_asks(qtbot, open_window, tmp_path, monkeypatch):
    win = open_window(seed=23)
    assert win.close()  # a new game with no turns closes without a question
    win = open_window(seed=23)
    play(qtbot, win, 1)
    asked = []
    monkeypatch.setattr(MainWindow, "ask_unsaved",
                        lambda self: asked.append(1) or QMessageBox.StandardButton.Cancel)
    assert not win.close()
    assert asked and win.isVisible()
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: QMessageBox.StandardButton.Discard)
    assert win.close()


def test_autosave_keeps_the_newest_five_and_a_crash_offers_the_newest(qtbot, open_window, tmp_path):
    win = open_window(seed=24, moscow="chips")
    play(qtbot, win, KEEP + 2)
    win.autosaver.wait()  # written on a worker thread
    files = win.autosaver.files()
    assert len(files) == KEEP
    assert load_record(files[0]).last_turn == KEEP + 2
    # A marker left by a process that is gone: the last session crashed.
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    win.marker.path.write_text(str(gone.pid))
    again = open_window(recover=True)
    box = again.findChild(QMessageBox, "recovery_box")
    assert box is not None and box.isVisible() and files[0].name in box.text()
    box.button(QMessageBox.StandardButton.Open).click()
    assert again.controller.state.turn == KEEP + 2
    assert again.controller.state.state_hash() == win.controller.state.state_hash()
    assert again.isWindowModified() and again.file_path is None  # Save asks where: not into the autosave folder


def test_an_autosave_that_cannot_be_written_is_reported_and_the_game_goes_on(qtbot, open_window, monkeypatch):
    import ui.autosave

    def refuse(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ui.autosave, "write_record_text", refuse)
    win = open_window(seed=25, moscow="deal")
    play(qtbot, win, 1)
    win.autosaver.wait()  # the write failed on the worker thread; the window hears of it on its own
    qtbot.waitUntil(lambda: "Autosave failed" in win.statusBar().currentMessage())
    assert "No space left" in win.statusBar().currentMessage()
    play(qtbot, win, 1)
    assert win.controller.state.turn == 2


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


def test_the_timeline_shows_the_past_without_changing_the_record(qtbot, open_window, tmp_path):
    win = open_window(seed=25, moscow="deal")
    play(qtbot, win, 4)
    session = win.controller.session
    saved = session.record.to_text()
    bar = win.replay_bar
    assert bar.turn == 4 and not bar.branch_button.isEnabled()
    bar.buttons["first"].click()
    assert win.shown_turn == 0 and win.map_view.control == session.states[0].control
    bar.buttons["forward"].click()
    bar.buttons["forward"].click()
    win.map_view.finish_animation()
    assert win.shown_turn == 2 and win.map_view.control == session.states[2].control
    assert "Viewing" in win.date_label.text() and not win.end_turn_action.isEnabled()
    assert win.capital_label.text().strip() == f"Political capital then <b>{session.states[2].capital}</b>"
    assert not win.decisions.isEnabled()
    assert win.event_log.tree.currentItem().text(0).startswith("February 2017")
    assert "February 2017" in win.report_panel.toPlainText()
    assert all(chart.cursor.isVisible() and chart.cursor.value() == 2 for chart in win.indicators.charts.values())
    assert session.record.to_text() == saved  # looking at the past changes nothing
    # Play runs to the present at the chosen speed, then stops.
    bar.speed.setCurrentIndex(0)
    bar.buttons["play"].click()
    qtbot.waitUntil(lambda: bar.turn == 4 and not bar.buttons["play"].isChecked(), timeout=10_000)
    assert win.end_turn_action.isEnabled() and win.decisions.isEnabled()
    # Notes and bookmarks are the user's and go into the record.
    bar.slider.setValue(1)
    bar.note.setText("Palmyra push starts")
    bar.note.editingFinished.emit()
    bar.bookmark.click()
    assert session.record.notes[1] == "Palmyra push starts" and 1 in session.record.bookmarks
    assert win.isWindowModified()


def test_play_from_here_branches_and_compares(qtbot, open_window, tmp_path):
    win = open_window(seed=26, moscow="deal")
    play(qtbot, win, 5)
    path = tmp_path / "parent.syriawar"
    assert win.save_to(str(path))
    parent_text = path.read_text()
    parent_states = list(win.controller.session.states)
    win.replay_bar.slider.setValue(2)
    win.replay_bar.branch_button.click()
    child = win.controller.session
    assert child.state.turn == 2 and child.states == parent_states[:3]
    assert child.record.parent.turn == 2 and child.record.parent.file == str(path)
    assert win.file_path is None and win.isWindowModified()
    assert path.read_text() == parent_text  # the old game is untouched
    child.moscow = "hardline"  # the branch plays on differently
    win.controller._fill_policy_orders()
    play(qtbot, win, 3)
    view = win.show_compare()
    assert view is not None and view.last == 5
    differ = view.differing_cells(5)
    assert differ and set(view.maps[0].highlighted_cells) == set(differ)
    assert view.maps[0].control == child.states[5].control and view.maps[1].control == parent_states[5].control
    view.slider.setValue(2)
    assert view.differing_cells(2) == () and view.maps[0].highlighted_cells == ()
    curves = [item for item in view.chart.listDataItems()]
    assert len(curves) == 2
    # Compare with a saved game chosen from a file works the same way.
    other = win.compare_with_file(str(path))
    assert other is not None and other.sessions[1].state.state_hash() == parent_states[-1].state_hash()
    view.close()
    other.close()

    # The menu item itself (its triggered(checked) once reached show_compare as the game to compare with).
    win.compare_action.trigger()
    assert win.compare_view is not view and win.compare_view.isVisible()
    win.compare_view.close()

    # A saved branch, opened again, still compares with the file its record names.
    branch = tmp_path / "branch.syriawar"
    assert win.save_to(str(branch))
    again = open_window()
    assert again.open_file(str(branch)) and again.compare_action.isEnabled()
    again.compare_action.trigger()
    reopened = again.compare_view
    assert reopened.isVisible() and reopened.sessions[1].state.state_hash() == parent_states[-1].state_hash()
    reopened.close()
    # Moved together to another folder: found beside it.
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / "parent.syriawar").write_text(path.read_text())
    (moved / "branch.syriawar").write_text(branch.read_text())
    path.unlink()
    third = open_window()
    assert third.open_file(str(moved / "branch.syriawar")) and third.compare_action.isEnabled()
    third.compare_action.trigger()
    assert third.compare_view.isVisible()
    third.compare_view.close()
    # Gone: the item is disabled, with nothing to compare.
    (moved / "parent.syriawar").unlink()
    fourth = open_window()
    assert fourth.open_file(str(moved / "branch.syriawar")) and not fourth.compare_action.isEnabled()


def _answer_save_dialog(win, path=None):
    """The window's open 'Save the game' dialog: save to ``path``, or cancel it if None."""
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    dialog = next(d for d in win.findChildren(QFileDialog) if d.isVisible())
    assert dialog.windowTitle() == "Save the game"
    if path is None:
        dialog.reject()
        return
    next(e for e in dialog.findChildren(QLineEdit) if e.isVisible()).setText(str(path))
    dialog.accept()


def test_saving_at_the_unsaved_prompt_then_goes_ahead_with_every_action(qtbot, open_window, tmp_path, monkeypatch):
    """Save at 'not saved, save first?' saves the untitled game and then does what asked; cancelling the
    file dialog does neither."""
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: QMessageBox.StandardButton.Save)
    win = open_window(seed=27, moscow="deal")

    # New game (Ctrl+N, seed 42): cancelled, then saved.
    play(qtbot, win, 1)
    before = win.controller.session
    win.start_new_game(win.scenario.id, 42, "deal")
    _answer_save_dialog(win, None)
    qtbot.wait(20)
    assert win.controller.session is before and win.isWindowModified() and win.file_path is None
    win.start_new_game(win.scenario.id, 42, "deal")
    first = tmp_path / "first.syriawar"
    _answer_save_dialog(win, first)
    qtbot.waitUntil(lambda: win.controller.session.seed == 42)
    assert load_record(first).last_turn == 1 and win.controller.state.turn == 0 and win.file_path is None

    # Play from here: saved, then the branch is made.
    play(qtbot, win, 2)
    win.branch_from(1)
    second = tmp_path / "second.syriawar"
    _answer_save_dialog(win, second)
    qtbot.waitUntil(lambda: win.parent_session is not None)
    assert load_record(second).last_turn == 2
    assert win.controller.state.turn == 1 and win.controller.session.record.parent.file == str(second)

    # Open (and Open Recent, the same call): saved, then the other game opened.
    win.open_file(str(first))
    third = tmp_path / "third.syriawar"
    _answer_save_dialog(win, third)
    qtbot.waitUntil(lambda: win.file_path == str(first))
    assert load_record(third).last_turn == 1 and win.controller.session.seed == 27

    # A training session, from a game that has a file: saved there with no dialog, and started at once.
    from ui.session_setup import SessionChoice

    play(qtbot, win, 1)
    win.start_session(SessionChoice(seed=43, moscow="deal", seats={}, umpire=False))
    assert win.controller.session.seed == 43 and load_record(first).last_turn == 2

    # Quit: cancelled keeps the window; saved closes it.
    play(qtbot, win, 1)
    assert not win.close()
    _answer_save_dialog(win, None)
    qtbot.wait(20)
    assert win.isVisible()
    assert not win.close()
    last = tmp_path / "last.syriawar"
    _answer_save_dialog(win, last)
    qtbot.waitUntil(lambda: not win.isVisible())
    assert load_record(last).last_turn == 1


def test_open_reads_the_file_before_asking_about_unsaved_turns(qtbot, open_window, tmp_path, monkeypatch):
    """A corrupt file is refused without a question and the game stays as it was; a good one asks first."""
    win = open_window(seed=28, moscow="deal")
    play(qtbot, win, 1)
    good = tmp_path / "good.syriawar"
    assert win.save_to(str(good))
    play(qtbot, win, 1)
    before = win.controller.session
    asked = []
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: asked.append(1) or QMessageBox.StandardButton.Cancel)
    bad = tmp_path / "corrupt.syriawar"
    bad.write_text("{not json")
    assert not win.open_file(str(bad))
    assert not asked and win.controller.session is before and win.isWindowModified()
    box = next(b for b in win.findChildren(QMessageBox) if b.isVisible())
    assert "corrupt.syriawar" in box.text()
    box.close()
    assert not win.open_file(str(good))  # readable: now it asks, and Cancel keeps the game
    assert asked == [1] and win.controller.session is before
    # Save over the very file being opened: what opens is what was just saved, not the file as first read.
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: QMessageBox.StandardButton.Save)
    assert win.open_file(str(good))
    assert win.controller.state.turn == 2 and not win.isWindowModified()
