"""Defects a play-tester found at 1920x1080 and 1366x768 (pytest-qt, offscreen)."""
from __future__ import annotations

import pytest


def place_cell(scenario, name: str) -> int:
    """The board cell of the named place (its own cell)."""
    return next(place.cell for place in scenario.board.places.values() if place.name == name)


def test_a_places_own_cell_is_in_that_place_not_near_it(qtbot, open_window, scenario):
    win = open_window(seed=7)
    cell = place_cell(scenario, "al-Bab")
    win.map_view.cell_clicked.emit(cell)
    text = win.panel.history.text()
    assert "in al-Bab," in text and "near al-Bab" not in text
    # A cell of no place is still placed near the nearest one.
    plain = next(i for i, c in enumerate(scenario.board.cells) if not c.site and i not in {cell})
    win.map_view.cell_clicked.emit(plain)
    assert ": near " in win.panel.history.text()


def test_a_new_open_or_branched_game_forgets_the_hovered_and_selected_cell(qtbot, open_window, scenario, tmp_path):
    from ui.main_window import HOVER_HINT
    from tests.ui.window_helpers import play_turns

    win = open_window(seed=7, moscow="deal")
    cell = place_cell(scenario, "al-Bab")

    def point_and_click():
        win.map_view._hovered = cell  # the pointer rests on al-Bab
        win.map_view.cell_hovered.emit(cell)
        win.map_view.cell_clicked.emit(cell)
        assert "al-Bab" in win.panel.hover.text() and "al-Bab" in win.panel.history.text()

    def forgotten():
        assert win.panel.hover.text() == HOVER_HINT
        assert win.panel.history.text() == ""
        assert win.map_view._hovered == -1  # the pointer's next move over al-Bab is reported again

    point_and_click()
    win.start_new_game(scenario.id, 8, "deal")
    forgotten()
    play_turns(qtbot, win)
    path = str(tmp_path / "game.syriawar")
    assert win.save_to(path)
    point_and_click()
    assert win.open_file(path)
    forgotten()
    point_and_click()
    win.branch_from(0)
    forgotten()


def test_the_luck_histogram_counts_whole_games(qtbot, open_window):
    """The 'Luck or decision?' histogram counts games: its axes tick at whole numbers only."""
    from types import SimpleNamespace

    win = open_window(size=(1366, 768), seed=7)
    win.forecast_dock.raise_()
    review = SimpleNamespace(score=12, other_seed_scores=[10, 11, 12, 12, 14], percentile=60.0,
                             takeovers={"deal": [(3, 9), (9, 13)]}, best_alternative=lambda: ("deal", 9, 13))
    win.forecast._show_luck(review)
    qtbot.wait(50)
    for name in ("left", "bottom"):
        axis = win.forecast.left_chart.getAxis(name)
        values = [value for value, _text in axis._tickLevels[0]]
        assert values and all(float(value).is_integer() for value in values)
    counts = [value for value, _text in win.forecast.left_chart.getAxis("left")._tickLevels[0]]
    assert counts == [0, 1, 2]


def mnemonic(text: str) -> str | None:
    """The accelerator letter of a menu item's text ('&x'; '&&' is a real '&'), lower case."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def all_menus(win):
    """Every menu of the menu bar and their submenus, filled as the user would see them."""
    found, todo = [], [action.menu() for action in win.menuBar().actions()]
    while todo:
        menu = todo.pop()
        menu.aboutToShow.emit()  # menus filled when shown (Open Recent)
        found.append(menu)
        todo += [action.menu() for action in menu.actions() if action.menu() is not None]
    return found


def test_every_menu_item_has_an_accelerator_of_its_own(qtbot, open_window, tmp_path):
    from ui.session_setup import SessionChoice

    win = open_window(seed=7)
    for name in ("a&b.syriawar", "game.syriawar"):
        win._remember_recent(str(tmp_path / name))
    # The Orders and Facilitator docks join the Docks menu in a training session with an umpire.
    win.start_session(SessionChoice(seed=11, moscow="player", seats={"moscow": "Ana", "damascus": "Ben"},
                                    umpire=True))
    titles = [mnemonic(action.text()) for action in win.menuBar().actions()]
    assert None not in titles and len(set(titles)) == len(titles)
    menus = all_menus(win)
    assert len(menus) >= 7  # File, Open Recent, Game, View, Text size, Docks, Hide from the room, Help
    for menu in menus:
        items = [action for action in menu.actions() if not action.isSeparator()]
        letters = [mnemonic(action.text()) for action in items]
        given = [letter for letter in letters if letter is not None]
        assert len(set(given)) == len(given), (menu.title(), [action.text() for action in items])
        assert None not in letters, (menu.title(), [action.text() for action in items])
    recent = [action.text() for action in win.recent_menu.actions()]
    assert any("a&&b.syriawar" in text for text in recent)  # a file's '&' is shown, not an accelerator


def test_t_opens_the_text_size_menu_from_the_view_menu(qtbot, open_window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMenu

    win = open_window(seed=7)
    view = next(action.menu() for action in win.menuBar().actions() if action.text() == "&View")
    text_menu = next(action.menu() for action in view.actions() if action.menu() and "Text" in action.text())
    view.popup(win.mapToGlobal(win.rect().center()))
    qtbot.waitExposed(view)
    qtbot.keyClick(view, Qt.Key.Key_T)
    qtbot.waitUntil(text_menu.isVisible, timeout=2000)
    text_menu.hide()
    view.hide()
    assert isinstance(text_menu, QMenu)


def test_the_save_dialog_suggests_a_name_in_the_last_folder(qtbot, open_window, tmp_path, settings):
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from tests.ui.window_helpers import play_turns

    win = open_window(seed=42, moscow="deal")
    play_turns(qtbot, win, 3)

    def suggestion(dialog: QFileDialog) -> str:
        shown = dialog.selectedFiles()
        dialog.reject()
        assert len(shown) == 1
        return shown[0]

    # The first Save of an untitled game: the documents folder (nothing used yet), a name saying which game.
    assert not win.save()
    dialog = next(d for d in win.findChildren(QFileDialog) if d.isVisible())
    first = suggestion(dialog)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert Path(first).name == "syria-2017-seed-42-turn-03.syriawar"
    assert str(Path(first).parent) in (documents, str(Path.home()))
    # Save As, once a folder has been used: that folder.
    folder = tmp_path / "games"
    folder.mkdir()
    settings.setValue("files/folder", str(folder))
    assert suggestion(win.save_as_dialog()) == str(folder / "syria-2017-seed-42-turn-03.syriawar")
    # A saved game: Save As offers its own file.
    saved = folder / "mine.syriawar"
    assert win.save_to(str(saved))
    assert suggestion(win.save_as_dialog()) == str(saved)


def legend_share(win) -> float:
    """How much of the map's viewport the legend covers (0 to 1)."""
    legend, viewport = win.legend.geometry(), win.map_view.viewport().size()
    return legend.width() * legend.height() / (viewport.width() * viewport.height())


def test_the_legend_leaves_the_map_visible_at_1366x768(qtbot, open_window):
    """A 1366x768 window, and the 92% of a 1366x768 screen a first run opens at: the legend covers at most
    15% of the map and Abu Kamal keeps its label; where the key would take too much, only its title shows."""
    from PySide6.QtCore import QRectF

    from tests.ui.test_map_labels import visible_labels

    for size in ((1366, 768), (1256, 706)):
        win = open_window(size=size, seed=7)
        qtbot.waitUntil(lambda: "Abu Kamal" in visible_labels(win.map_view), timeout=3000)
        assert win.legend.isVisible() and legend_share(win) <= 0.15, size
        assert not visible_labels(win.map_view)["Abu Kamal"].intersects(QRectF(win.legend.geometry()))
    assert win.legend.is_collapsed() and legend_share(win) < 0.03  # the small one: title only
    assert win.legend.title.isVisible() and not win.legend.body.isVisible()


def test_a_collapsed_legend_opens_by_mouse_or_keyboard_and_the_view_menu_still_hides_it(qtbot, open_window):
    from PySide6.QtCore import QPointF, Qt

    from tests.ui.test_map_labels import drag

    win = open_window(size=(1256, 706), seed=7)
    legend = win.legend
    assert legend.is_collapsed()
    # The button opens and closes the key.
    qtbot.mouseClick(legend.toggle, Qt.MouseButton.LeftButton)
    assert not legend.is_collapsed() and legend.body.isVisible() and legend.height() > 150
    qtbot.mouseClick(legend.toggle, Qt.MouseButton.LeftButton)
    assert legend.is_collapsed()
    # From the keyboard: Space on the button.
    legend.toggle.setFocus()
    qtbot.keyClick(legend.toggle, Qt.Key.Key_Space)
    assert not legend.is_collapsed()
    legend.set_collapsed(True)
    # A click on the collapsed title opens it; a drag only moves it.
    start = legend.pos()
    drag(legend, QPointF(20, 10), QPointF(20 - 200, 10 - 100))
    assert legend.is_collapsed() and legend.pos() != start
    drag(legend, QPointF(20, 10), QPointF(20, 10), steps=1)
    assert not legend.is_collapsed()
    # The player's choice stays when the window is resized; the legend stays inside the map.
    win.resize(1300, 720)
    qtbot.wait(10)
    assert not legend.is_collapsed()
    assert win.map_view.rect().contains(legend.geometry())
    # View > Legend hides and shows it, as it was.
    win.legend_action.setChecked(False)
    assert not legend.isVisible()
    win.legend_action.setChecked(True)
    assert legend.isVisible() and not legend.is_collapsed()


def test_a_large_map_shows_the_whole_legend_and_a_small_one_its_title(qtbot, scenario):
    from tests.ui.window_helpers import make_view

    view = make_view(qtbot, scenario, 1500, 700)
    assert not view.legend.is_collapsed() and view.legend.site_rows[0].isVisible()
    view.resize(1000, 620)  # the whole key would be too tall: the site symbols go first
    assert not view.legend.is_collapsed() and not view.legend.site_rows[0].isVisible()
    view.resize(800, 380)
    assert view.legend.is_collapsed() and view.legend.height() < 50
    view.resize(1500, 700)  # room again: the whole key is back
    assert not view.legend.is_collapsed() and view.legend.site_rows[0].isVisible()


@pytest.fixture(scope="module")
def finished_game(tmp_path_factory):
    from wargame.cli import main as cli_main

    path = tmp_path_factory.mktemp("outcome") / "game.syriawar"
    assert cli_main(["play", "--scenario", "syria-2017", "--seed", "3", "--moscow", "chips", "--save", str(path)]) == 0
    return path


@pytest.mark.parametrize("size", [(1366, 768), (1256, 706)])  # a 1366x768 window; a first run on such a screen
def test_the_outcome_panel_shows_the_verdict_and_the_whole_score_table_at_1366x768(qtbot, open_window,
                                                                                   finished_game, size):
    win = open_window(size=size, open_path=str(finished_game))
    panel = win.outcome_panel
    qtbot.waitUntil(panel.isVisible)
    outcome = win.controller.session.outcome
    text = panel.text.toPlainText()
    assert outcome.name in text and "Total" in text
    # It takes the map's size (it stayed as small as the map before the window was shown), inside the map.
    map_rect = win.map_view.rect()
    qtbot.waitUntil(lambda: panel.height() >= 0.8 * map_rect.height())
    assert map_rect.contains(panel.geometry())
    # The verdict and the whole table, Total included, without scrolling; the chart beside them, readable.
    qtbot.waitUntil(lambda: panel.text.verticalScrollBar().maximum() == 0)
    assert panel.text.horizontalScrollBar().maximum() == 0
    assert panel.chart.width() >= panel.CHART_MIN and panel.chart.height() >= panel.CHART_MIN
    assert not panel.text.geometry().intersects(panel.chart.geometry())
    assert panel.close_button.isVisible()


def test_the_legends_key_stays_as_the_player_left_it_next_time(qtbot, open_window):
    win = open_window(size=(1600, 1000))
    assert win.legend.collapsed is None  # first run: the map's size decides
    win.legend.set_collapsed(True)
    win.close()
    again = open_window(size=(1600, 1000))  # the same settings
    assert again.legend.collapsed is True and again.legend.is_collapsed()
    again.legend.set_collapsed(False)
    again.close()
    third = open_window(size=(1600, 1000))
    assert third.legend.collapsed is False and not third.legend.is_collapsed()
