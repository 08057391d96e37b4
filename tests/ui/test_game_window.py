"""Playing the game through the window (pytest-qt, offscreen): orders, End Turn, map, charts, log, verdict."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QToolBar

from ui.app import main as app_main
from ui.main_window import MainWindow
from ui.text import month_of_turn
from wargame.factions import BY_ID

from tests.ui.window_helpers import TURN_TIMEOUT_MS, play_turns


def on_top(dock) -> bool:
    """A dock the user can see (a dock behind another tab keeps isVisible() but shows nothing)."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def check_window_follows_engine(win: MainWindow) -> None:
    """The map, the charts, the log, the toolbar and the capital show the engine's current state."""
    session = win.controller.session
    state = session.state
    assert win.map_view.control == state.control
    chart = win.indicators.charts["russian_domestic_support"]
    xs, ys = chart.curves["russian_domestic_support"].getData()
    assert list(ys) == [s.values["russian_domestic_support"] for s in session.states]
    area = win.indicators.chart("area_share").curves["isis"].getData()[1]
    assert len(area) == state.turn + 1
    assert month_of_turn(state.turn) in win.date_label.text()
    assert f"<b>{state.capital}</b>" in win.capital_label.text()
    if state.turn:
        top = win.event_log.tree.topLevelItem(0)
        assert top.text(0).startswith(month_of_turn(state.turn))
        shown = {id(e) for e in win.event_log.events_shown()}
        assert all(id(e) in shown for e in session.events[state.turn])


def test_a_whole_game_played_through_the_window(qtbot, open_window):
    win = open_window(seed=3)
    panel = win.decisions
    check_window_follows_engine(win)
    # Turn 1: declare victory and refocus on ISIS through the combo boxes, tick an affordable action.
    panel.stance_boxes["strategy"].setCurrentIndex(panel.stance_boxes["strategy"].findData("deal"))
    panel.stance_boxes["air_focus"].setCurrentIndex(panel.stance_boxes["air_focus"].findData("isis"))
    assert win.controller.pending.strategy == "deal" and win.controller.pending.air_focus == "isis"
    ticked = next(row for row in panel.action_rows.values() if row.check.isEnabled())
    qtbot.mouseClick(ticked.check, Qt.MouseButton.LeftButton)
    assert ticked.action_id in win.controller.pending.actions
    cost = win.game.rules.actions[ticked.action_id].cost
    assert win.controller.capital_left() == win.controller.state.capital - cost
    assert f"<b>{win.controller.capital_left()}</b> left" in panel.capital.text()
    play_turns(qtbot, win)
    first = win.controller.session.orders[1]
    assert first.strategy == "deal" and ticked.action_id in first.actions
    assert on_top(win.report_dock) and month_of_turn(1) in win.report_panel.toPlainText()
    assert "Moscow chose" in win.report_panel.toPlainText() and "biggest consequences" in win.report_panel.toPlainText()
    check_window_follows_engine(win)
    # The stances carry over; actions do not.
    assert win.controller.pending.strategy == "deal" and win.controller.pending.actions == ()
    while not win.controller.state.ended:
        play_turns(qtbot, win)
        check_window_follows_engine(win)
    outcome = win.controller.session.outcome
    assert outcome is not None
    assert win.outcome_panel.isVisible()
    text = win.outcome_panel.text.toPlainText()
    assert outcome.name in text and str(outcome.score) in text
    assert not win.end_turn_action.isEnabled()
    assert not panel.end_turn_button.isEnabled()


def test_nothing_the_engine_would_refuse_can_be_submitted(qtbot, open_window):
    win = open_window(seed=1)
    panel = win.decisions
    previews = {p.id: p for p in win.controller.previews()}
    for action_id, row in panel.action_rows.items():
        if not previews[action_id].available:
            assert not row.check.isEnabled()
            assert "Not available" in row.detail.text()
    # Tick actions until the capital runs out: what is left unaffordable is disabled.
    for row in panel.action_rows.values():
        if row.check.isEnabled() and not row.check.isChecked():
            row.check.setChecked(True)
    left = win.controller.capital_left()
    assert left >= 0
    for action_id, row in panel.action_rows.items():
        if not row.check.isChecked() and previews[action_id].available and previews[action_id].cost > left:
            assert not row.check.isEnabled()
            assert "Not affordable" in row.detail.text()
    assert win.controller.problems() == []
    assert win.end_turn_action.isEnabled()


def test_the_moscow_dock_is_up_to_date_when_raised_after_the_report(qtbot, open_window):
    """Its texts wait while the turn report covers it; raising it shows the coming month at once."""
    win = open_window(seed=2)
    play_turns(qtbot, win, 2)
    assert on_top(win.report_dock) and not on_top(win.moscow_dock)
    win.moscow_dock.raise_()
    state = win.controller.state
    assert month_of_turn(state.turn + 1) in win.decisions.heading.text()
    assert f"<b>{win.controller.capital_left()}</b> left" in win.decisions.capital.text()
    previews = {p.id: p for p in win.controller.previews()}
    for action_id, row in win.decisions.action_rows.items():
        assert f"{previews[action_id].probability:.0%}" in row.detail.text()


def test_the_position_dock_is_up_to_date_when_raised_after_the_report(qtbot, open_window):
    """Its table waits while another tab covers it; raising it shows the current month at once."""
    from wargame.summary import control_by_faction

    win = open_window(seed=2)
    play_turns(qtbot, win, 2)
    assert not on_top(win.position_dock)
    win.position_dock.raise_()
    state = win.controller.state
    assert month_of_turn(state.turn) in win.panel.heading.text()
    summary = control_by_faction(win.scenario.board, state.control)
    shown = {win.panel.table.item(row, 1).text() for row in range(win.panel.table.rowCount())}
    assert shown == {f"{entry['area_km2']:,.0f}" for entry in summary.values()}


def test_end_turn_runs_off_the_gui_thread(qtbot, open_window):
    win = open_window(seed=2)
    with qtbot.waitSignal(win.controller.turn_resolved, timeout=TURN_TIMEOUT_MS):
        win.end_turn_action.trigger()
        # The trigger returned at once: the turn is being resolved by the worker and the window is locked.
        assert win.controller.busy
        assert not win.end_turn_action.isEnabled()
        assert not win.decisions.stance_boxes["strategy"].isEnabled()
        assert win.controller.end_turn() is False  # a second press while busy does nothing
    assert not win.controller.busy
    assert win.controller.state.turn == 1


def test_keyboard_only_turn(qtbot, open_window):
    win = open_window(seed=4)
    # Keyboard shortcuts reach only the active window (offscreen windows are not activated on show).
    win.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    shortcuts = {a.shortcut().toString() for a in win.dock_focus_actions}
    assert {"Alt+1", "Alt+2", "Alt+3", "Alt+4"} <= shortcuts
    assert win.end_turn_action.shortcut() == QKeySequence("Ctrl+Return")
    assert win.fullscreen_action.shortcut() == QKeySequence("F11")
    # Alt+1 goes to the Moscow dock; the strategy box takes the keyboard.
    win.dock_focus_actions[0].trigger()
    combo = win.decisions.stance_boxes["strategy"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert win.controller.pending.strategy == combo.currentData()
    with qtbot.waitSignal(win.controller.turn_resolved, timeout=TURN_TIMEOUT_MS):
        qtbot.keyClick(combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert win.controller.state.turn == 1
    # The report is raised beside the orders; Alt+1 brings the orders back.
    assert on_top(win.report_dock) and not on_top(win.moscow_dock)
    qtbot.keyClick(win.focusWidget() or win, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert on_top(win.moscow_dock) and not on_top(win.report_dock)
    # Alt+3 goes to the log, where the arrow keys walk the events and show why each happened.
    qtbot.keyClick(win.focusWidget() or win, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert win.event_log.tree.hasFocus()
    qtbot.keyClick(win.event_log.tree, Qt.Key.Key_Down)
    qtbot.keyClick(win.event_log.tree, Qt.Key.Key_Down)
    assert win.event_log.detail.toPlainText()


def test_selecting_an_event_shows_why_and_highlights_what_it_touched(qtbot, open_window):
    win = open_window(seed=5, moscow="hardline")
    play_turns(qtbot, win)
    play_turns(qtbot, win)
    log = win.event_log
    month = log.tree.topLevelItem(0)
    items = [month.child(i) for i in range(month.childCount())]
    with_cells = next(item for item in items if item.data(0, Qt.ItemDataRole.UserRole + 1) is not None
                      and item.data(0, Qt.ItemDataRole.UserRole + 1).cells)
    event = with_cells.data(0, Qt.ItemDataRole.UserRole + 1)
    log.tree.setCurrentItem(with_cells)
    detail = log.detail.toPlainText()
    assert event.rule in detail and "Dice" in detail
    assert set(win.map_view.highlighted_cells) == set(event.cells)
    with_changes = next(e for e in log.events_shown() if e.changes and e.claim)
    item = next(i for i in _all_items(log.tree) if i.data(0, Qt.ItemDataRole.UserRole + 1) is with_changes)
    log.tree.setCurrentItem(item)
    assert with_changes.claim in log.detail.toPlainText()
    touched = {name for name, chart in win.indicators.charts.items() if chart.highlighted}
    assert touched == set(with_changes.changes) & set(win.indicators.charts)
    assert touched and win.indicators._highlighted == set(with_changes.changes) & {n for tab in win.indicators._tab_names for n in tab}
    # The next month: last month's selection, its detail and its outline on the map do not linger.
    log.tree.setCurrentItem(with_cells)
    play_turns(qtbot, win)
    assert log.tree.currentItem() is None and log.detail.toPlainText() == ""
    assert win.map_view.highlighted_cells == () and not win.indicators._highlighted


def test_routine_events_are_grouped_not_repeated(qtbot, open_window):
    win = open_window(seed=6, moscow="deal")
    for _ in range(3):
        play_turns(qtbot, win)
    month = win.event_log.tree.topLevelItem(0)
    groups = [month.child(i) for i in range(month.childCount()) if month.child(i).childCount()]
    assert groups and groups[0].text(0).startswith("Continuing from last month")
    direct = [month.child(i).data(0, Qt.ItemDataRole.UserRole + 1) for i in range(month.childCount())]
    previous_rules = {e.rule for e in win.controller.session.events[2]}
    assert not any(e is not None and e.phase == "consequences" and e.rule in previous_rules for e in direct)


def test_clicking_a_cell_shows_its_history(qtbot, open_window):
    win = open_window(seed=7, moscow="deal")
    play_turns(qtbot, win)
    session = win.controller.session
    cell = next(iter(session.cell_history))
    win.map_view.cell_clicked.emit(cell)
    text = win.panel.history.text()
    change = session.cell_history[cell][0]
    assert month_of_turn(change.turn) in text and change.event.rule in text
    untouched = next(i for i in range(len(win.scenario.board.cells)) if i not in session.cell_history)
    win.map_view.cell_clicked.emit(untouched)
    assert "has not changed hands" in win.panel.history.text()
    assert win.panel.history.text().startswith("<b>Selected cell</b>")
    # The pointer over another cell: shown under its own heading, the selection's history stays below.
    win.map_view.cell_hovered.emit(cell)
    assert win.panel.hover.text().startswith("<b>Under the pointer</b>")
    assert "has not changed hands" in win.panel.history.text()
    win.map_view.cell_hovered.emit(-1)
    assert "Hover over the map" in win.panel.hover.text()


def test_view_settings_persist(qtbot, open_window):
    win = open_window(seed=8)
    win.text_scale_actions[1.5].trigger()
    win.hatch_action.setChecked(True)
    win.legend_action.setChecked(False)
    assert not win.legend.isVisible()
    from ui import text_size

    base = text_size.base_point_size()  # the application's font itself is scaled now
    assert win.decisions.font().pointSizeF() == pytest.approx(base * 1.5)
    win.close()
    again = open_window(seed=8)
    assert again.text_scale == 1.5 and again.text_scale_actions[1.5].isChecked()
    assert again.hatch_action.isChecked() and not again.legend_action.isChecked()


def test_new_game_dialog_and_help(qtbot, open_window):
    win = open_window(seed=9)
    play_turns(qtbot, win)
    dialog = win.new_game_dialog()
    dialog.seed.setValue(1234)
    dialog.moscow.setCurrentIndex(dialog.moscow.findData("chips"))
    dialog.accept()
    assert win.controller.session.seed == 1234 and win.controller.session.moscow == "chips"
    assert win.controller.state.turn == 0 and win.event_log.tree.topLevelItemCount() == 0
    # A bot plays Moscow: its orders are shown and cannot be edited.
    assert not win.decisions.stance_boxes["strategy"].isEnabled()
    reference = win.show_rules_reference().browser.toPlainText()
    for rule in win.game.rules.rules:
        assert rule.id.replace("_", " ") in reference
    for action in win.game.rules.actions.values():
        assert action.label in reference
    assert "End Turn" in win.show_how_to_play().browser.toPlainText()


def test_a_bot_game_in_the_window_is_the_headless_game(qtbot, open_window):
    from wargame.actors.policies import POLICIES
    from wargame.play import play_game

    win = open_window(seed=12, moscow="chips")
    while not win.controller.state.ended:
        play_turns(qtbot, win)
    headless = play_game(win.game, 12, POLICIES["chips"])
    assert [t.state.state_hash() for t in headless.turns] == [s.state_hash() for s in win.controller.session.states]
    assert win.controller.session.outcome == headless.outcome


def test_demo_mode_writes_one_png_per_turn(tmp_path, qapp, capsys):
    shots = tmp_path / "shots"
    assert app_main(["--demo", "deal", "--seed", "5", "--shots", str(shots)]) == 0
    files = sorted(p.name for p in shots.glob("turn-*.png"))
    assert files[0] == "turn-00.png" and len(files) >= 2
    last = int(files[-1][5:7])
    assert files == [f"turn-{t:02d}.png" for t in range(last + 1)]
    image = QImage(str(shots / files[-1]))
    assert (image.width(), image.height()) == (1600, 1000)
    assert "score" in capsys.readouterr().out


def test_demo_arguments_are_checked(tmp_path, capsys, qapp):
    assert app_main(["--demo", "nobody"]) == 2
    assert "unknown policy 'nobody'" in capsys.readouterr().err
    assert app_main(["--shots", str(tmp_path)]) == 2
    assert "--shots needs --demo" in capsys.readouterr().err
    afile = tmp_path / "file"
    afile.write_text("x")
    assert app_main(["--demo", "deal", "--shots", str(afile)]) == 2
    assert "is not a folder" in capsys.readouterr().err


def _all_items(tree):
    out = []

    def walk(item):
        out.append(item)
        for i in range(item.childCount()):
            walk(item.child(i))
    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return out


def test_indicator_charts_stay_readable_in_a_low_narrow_dock(qtbot, open_window):
    from ui.text import indicator_value as _fmt

    assert [_fmt(v) for v in (55.5, 56.0, 56.5, 1234.4, -3.25)] == ["55.5", "56", "56.5", "1,234", "-3.2"]
    win = open_window(size=(1366, 768), seed=5, moscow="deal")
    play_turns(qtbot, win)
    dock = win.indicators
    dock.setCurrentIndex(1)  # Battlefield: eight charts
    qtbot.waitUntil(lambda: dock.chart("regime_manpower").isVisible())
    area = dock.chart("area_share")
    assert area.getPlotItem().legend is None, "no legend over the curves: the title is the key"
    title = area.getPlotItem().titleLabel.text
    assert all(BY_ID[f].short in title for f in ("regime", "isis", "opposition", "sdf"))
    columns = dock.widget(1).widget().layout().property("columns")
    assert columns == max(2, min(4, dock.width() // 230))
    manpower = dock.chart("regime_manpower")
    value = f"{win.controller.state.values['regime_manpower']:.1f}".removesuffix(".0")
    shown = manpower.getPlotItem().titleLabel.text
    assert value in shown, "a short title keeps the value, the name gives way"
    ticks = manpower.getAxis("bottom")._tickLevels[0]
    assert len(ticks) <= (7 if manpower.width() >= 340 else 3)
    dock.resize(1800, dock.height())
    assert dock.widget(1).widget().layout().property("columns") == 4


def test_an_operation_named_after_its_objective_is_labelled_by_its_attacker(qtbot, open_window):
    from ui.turn_report import operation_arrows

    win = open_window(seed=5, moscow="deal")
    play_turns(qtbot, win)
    session = win.controller.session
    arrows = operation_arrows(session, 1)
    places = {p.name for p in session.game.board.places.values()}
    assert arrows and not [a.label for a in arrows if a.label in places], "the place's name is on the map already"
    assert "Regime offensive" in {a.label for a in arrows}  # the push toward Palmyra, seed 5


def test_the_wheel_over_the_moscow_dock_scrolls_it_and_leaves_the_stances_alone(qtbot, open_window):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    win = open_window(size=(1366, 700), seed=9)
    box = win.decisions.stance_boxes["air_focus"]
    before = box.currentIndex()
    centre = QPointF(box.rect().center())
    event = QWheelEvent(centre, QPointF(box.mapToGlobal(box.rect().center())), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(box, event)
    assert box.currentIndex() == before, "scrolling past a stance does not change Moscow's orders"
    assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a click or Tab, then the wheel, changes it


def test_end_turn_stays_in_one_place_in_the_toolbar(qtbot, open_window):
    """The date and capital labels before End Turn keep their width from month to month, on the timeline
    and with actions ticked, so a second click at the same spot presses End Turn again."""
    win = open_window(seed=4)
    bar = win.findChild(QToolBar, "game_toolbar")
    button = bar.widgetForAction(win.end_turn_action)

    def where():
        QApplication.processEvents()
        return button.mapTo(win, button.rect().topLeft()).x()

    places = {where()}
    panel = win.decisions
    for row in panel.action_rows.values():  # capital and 'left after actions' change
        if row.check.isEnabled():
            row.check.setChecked(True)
            places.add(where())
    for _ in range(5):
        play_turns(qtbot, win)
        places.add(where())
    win.show_turn(0)  # 'Viewing December 2016 (opening position)'
    places.add(where())
    win.show_turn(win.controller.state.turn)
    places.add(where())
    assert len(places) == 1, places
    assert "Viewing" not in win.date_label.text()
    # A larger font (projector, a bigger system font) widens the labels to fit their longest texts again.
    narrow = win.date_label.minimumWidth()
    font = win.date_label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    win.date_label.setFont(font)
    assert win.date_label.minimumWidth() > 1.5 * narrow


def test_how_to_play_lists_every_shortcut_of_the_window(qtbot, open_window):
    """The keyboard table is made from the window's actions: each one with a shortcut is there, with its keys;
    and the text describes the turn report as the dock it is."""
    from PySide6.QtGui import QAction

    from ui.main_window import action_words

    win = open_window(seed=10)
    text = win.show_how_to_play().browser.toPlainText()
    rows = list(zip(text.splitlines(), text.splitlines()[1:]))  # a table row is a keys line, then a words line
    with_keys = [a for a in win.findChildren(QAction) if any(not k.isEmpty() for k in a.shortcuts())]
    assert len(with_keys) >= 20
    for action in with_keys:
        words = action_words(action.text())
        for key in action.shortcuts():
            shown = key.toString(QKeySequence.SequenceFormat.NativeText)
            assert any(shown in keys and what == words for keys, what in rows), (shown, words)
    assert "Alt+5" in text and "Go to the Turn report dock" in text and "F1" in text
    assert "over the map" not in text.split("Keyboard")[0].split("Winning")[0]  # the report is a dock now
    assert "Close the turn report" not in text
    # Docks made later (a training session's Orders, the umpire's console) are listed once they exist.
    from ui.session_setup import SessionChoice

    win.start_session(SessionChoice(seed=11, moscow="player", seats={"moscow": "Ana", "damascus": "Ben"},
                                    umpire=True))
    text = win.show_how_to_play().browser.toPlainText()
    assert "Go to the Orders dock" in text and "Alt+7" in text and "Alt+8" in text


def test_the_turn_report_ends_with_the_months_final_values(qtbot, open_window):
    """An event quotes a figure as it stood then ("the ceasefire level is 88") and later events may
    move it (the chart says 87): the report ends with where the month left the indicators it moved."""
    import re

    from ui.text import indicator_label, indicator_value

    win = open_window(seed=7, moscow="deal")
    play_turns(qtbot, win, 2)
    text = re.sub(r"\s+", " ", win.report_panel.toPlainText())
    assert "Where the month ended:" in text
    ended = text.split("Where the month ended:")[1]
    session = win.controller.session
    before, after = session.states[1].values, session.states[2].values
    named = [name for name in after if f"{indicator_label(name)} {indicator_value(after[name])} (" in ended]
    assert 1 <= len(named) <= 5
    for name in named:
        assert abs(after[name] - before[name]) >= 0.05, f"{name} did not move this month"
