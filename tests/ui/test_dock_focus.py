"""The keyboard stays on what can be seen: never in, nor Tabbing through, a dock covered by another tab."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QDockWidget, QWidget

from tests.ui.window_helpers import TURN_TIMEOUT_MS, play_turns


def on_top(dock) -> bool:
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def dock_of(widget: QWidget) -> QDockWidget | None:
    while widget is not None and not isinstance(widget, QDockWidget):
        widget = widget.parentWidget()
    return widget


def seen(win, widget: QWidget) -> bool:
    """In a dock on top, or in the map, the timeline or the toolbar (outside every dock)."""
    dock = dock_of(widget)
    return on_top(dock) if dock is not None else win.isAncestorOf(widget)


def active(qtbot, win):
    # Keys reach only the active window (offscreen windows are not activated on show).
    win.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def press(qtbot, win, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    qtbot.keyClick(win.focusWidget() or win, key, modifier)
    return win.focusWidget()


def tab_round(qtbot, win, key, presses: int = 120) -> list[QWidget]:
    """The widgets focused by ``presses`` presses of ``key`` (Tab or Backtab), from the map."""
    win.map_view.setFocus(Qt.FocusReason.OtherFocusReason)
    return [press(qtbot, win, key) for _ in range(presses)]


def test_end_turn_takes_the_focus_from_the_covered_orders_to_the_report(qtbot, open_window):
    """The play-tester's steps: Alt+1, Tab to an action, Space, Ctrl+Return, Shift+Tab, Space."""
    win = active(qtbot, open_window(seed=4))
    press(qtbot, win, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    panel = win.decisions
    while not (focused := win.focusWidget()).objectName().startswith("action_") or not focused.isEnabled():
        press(qtbot, win, Qt.Key.Key_Tab)
        assert panel.isAncestorOf(win.focusWidget())
    press(qtbot, win, Qt.Key.Key_Space)
    assert win.controller.pending.actions
    with qtbot.waitSignal(win.controller.turn_resolved, timeout=TURN_TIMEOUT_MS):
        press(qtbot, win, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    win.map_view.finish_animation()
    assert on_top(win.report_dock) and not on_top(win.moscow_dock)
    # The month's report takes the keyboard: a keyboard or screen-reader user reads it first.
    assert win.focusWidget() is win.report_panel
    strategy = win.decisions.stance_boxes["strategy"]
    before = strategy.currentIndex()
    focused = press(qtbot, win, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert seen(win, focused) and not panel.isAncestorOf(focused)
    press(qtbot, win, Qt.Key.Key_Space)
    assert strategy.currentIndex() == before and not strategy.view().isVisible()
    # Alt+1 brings the orders back, with the keyboard in them.
    press(qtbot, win, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert win.focusWidget() is strategy and on_top(win.moscow_dock)


def test_a_tab_raised_over_the_focused_dock_takes_the_focus(qtbot, open_window):
    win = active(qtbot, open_window(seed=4))
    press(qtbot, win, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)  # What if, over the Indicators
    assert win.forecast.isAncestorOf(win.focusWidget())
    win.indicators_dock.raise_()  # the user chooses the Indicators tab
    assert on_top(win.indicators_dock) and not on_top(win.forecast_dock)
    assert win.indicators.isAncestorOf(win.focusWidget()) or win.focusWidget() is win.indicators
    # In the right-hand group too: the Position tab raised over the orders.
    press(qtbot, win, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    win.position_dock.raise_()
    assert seen(win, win.focusWidget()) and not win.decisions.isAncestorOf(win.focusWidget())


def test_a_closed_dock_gives_the_focus_to_something_on_screen(qtbot, open_window):
    """A dock closed (no tab raised over it) hands the focus on: not into a covered dock."""
    win = active(qtbot, open_window(seed=4))
    press(qtbot, win, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert win.event_log.isAncestorOf(win.focusWidget())
    win.log_dock.close()
    qtbot.waitUntil(lambda: win.focusWidget() is not None and seen(win, win.focusWidget()))


def test_tab_and_shift_tab_visit_only_what_can_be_seen(qtbot, open_window):
    win = active(qtbot, open_window(seed=4))
    play_turns(qtbot, win)  # the report now covers the orders; the Indicators cover What if
    assert on_top(win.report_dock) and on_top(win.indicators_dock) and not on_top(win.forecast_dock)
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        visited = tab_round(qtbot, win, key)
        hidden = [f"{type(w).__name__} {w.objectName()!r}" for w in visited if not seen(win, w)]
        assert not hidden, hidden
        assert visited.count(win.map_view) >= 2  # the round comes back to the map (no trap)
        assert win.report_panel in visited and win.event_log.tree in visited
        assert any(win.replay_bar.isAncestorOf(w) for w in visited)
        assert not any(win.forecast.isAncestorOf(w) or win.decisions.isAncestorOf(w) for w in visited)
    # Raised, What if is in the round again (and the orders, once chosen).
    win.forecast_dock.raise_()
    press(qtbot, win, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    visited = tab_round(qtbot, win, Qt.Key.Key_Tab)
    assert any(win.forecast.isAncestorOf(w) for w in visited) and win.decisions.stance_boxes["strategy"] in visited
    assert all(seen(win, w) for w in visited) and win.report_panel not in visited
    # Walking the focus chain left the docks' Python wrappers intact: another turn redraws the charts.
    play_turns(qtbot, win)


def test_tab_stops_match_the_focus_chain_on_screen(qtbot, open_window):
    """Every widget the focus chain holds that Tab may stop at and that can be seen is visited once a round."""
    win = active(qtbot, open_window(seed=4))
    visited = set(tab_round(qtbot, win, Qt.Key.Key_Tab))
    chain, widget = [], win.nextInFocusChain()
    while widget is not win:
        if (widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value and widget.isEnabled()
                and widget.isVisibleTo(win) and not isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox))):
            # (a spin box's or combo box's edit is a part of it, not a stop; QWidget.focusProxy() would tell,
            # but in PySide6 6.11 it invalidates the Python wrappers of the proxy's children)
            chain.append(widget)
        widget = widget.nextInFocusChain()
    # A stop with a focus proxy (a tab widget's tab bar) gives the focus to it: where the focus lands counts.
    landed = set()
    for widget in chain:
        if seen(win, widget):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            landed.add(win.focusWidget())
    assert len(landed) > 10 and landed <= visited
    assert {w for w in chain if not seen(win, w)}.isdisjoint(visited)


def test_the_keyboard_selects_the_cell_under_the_maps_crosshair(qtbot, open_window):
    """The arrow keys pan the focused map; Enter selects the cell at its centre (marked by a crosshair),
    as a click on it would: its history in the Position dock, the cell outlined, the keyboard kept on the map."""
    win = active(qtbot, open_window(seed=4))
    view = win.map_view
    view.setFocus(Qt.FocusReason.TabFocusReason)
    view.zoom_by(4.0 / view.zoom())  # closer in: the map can be panned
    first = view.cursor_cell()
    for _ in range(8):
        press(qtbot, win, Qt.Key.Key_Right)
    assert win.focusWidget() is view
    cell = view.cursor_cell()
    assert cell is not None and cell != first
    clicked = []
    view.cell_clicked.connect(clicked.append)
    press(qtbot, win, Qt.Key.Key_Return)
    assert clicked == [cell]
    assert "Selected cell" in win.panel.history.text() and on_top(win.position_dock)
    assert win.focusWidget() is view
    # The crosshair is drawn only while the map has the keyboard.
    centre = view.viewport().rect().center()
    with_cursor = view.viewport().grab().toImage().pixelColor(centre.x() + 14, centre.y())
    win.replay_bar.setFocus()
    without = view.viewport().grab().toImage().pixelColor(centre.x() + 14, centre.y())
    assert with_cursor != without
    # The focus alone (a click, Qt's own moves) shows no crosshair until a key is pressed on the map.
    view.setFocus(Qt.FocusReason.MouseFocusReason)
    assert view.viewport().grab().toImage().pixelColor(centre.x() + 14, centre.y()) == without
    press(qtbot, win, Qt.Key.Key_Left)
    keyed = view.viewport().grab().toImage().pixelColor(centre.x() + 14, centre.y())
    win.replay_bar.setFocus()
    view.setFocus(Qt.FocusReason.MouseFocusReason)
    assert view.viewport().grab().toImage().pixelColor(centre.x() + 14, centre.y()) != keyed
    # Ctrl+Return stays End Turn.
    with qtbot.waitSignal(win.controller.turn_resolved, timeout=TURN_TIMEOUT_MS):
        view.setFocus()
        press(qtbot, win, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    win.map_view.finish_animation()
