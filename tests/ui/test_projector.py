"""Projector mode and indicators hidden from the room (pytest-qt, offscreen)."""
from PySide6.QtGui import QPalette

from ui.text import indicator_label


def test_projector_mode_and_hidden_indicators(qtbot, open_window, qapp):
    win = open_window(seed=41, moscow="deal")
    win.projector_action.trigger()
    assert win.fullscreen_action.isChecked() and win.text_scale == 1.5
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert win.clock.isVisible() and win.clock.text() in ("10:00", "9:59")
    with qtbot.waitSignal(win.controller.turn_resolved, timeout=20_000):
        win.end_turn_action.trigger()
    assert win.clock.seconds_left() >= 9 * 60  # a new month, a new decision phase
    # The facilitator hides from the room an indicator that moved this month.
    mover = next(e for e in win.controller.session.events[1] if e.changes)
    name = next(iter(mover.changes))
    label = indicator_label(name)
    assert label in win.event_log.explain(mover)
    win.hide_actions[name].setChecked(True)
    assert win.indicators.chart(name).isHidden()
    assert not any(chart.isHidden() for other, chart in win.indicators.charts.items() if other != name)
    assert label not in win.event_log.explain(mover)
    assert f"{label} " not in win.report_panel.toPlainText()
    win.projector_action.trigger()
    assert not win.fullscreen_action.isChecked() and win.text_scale == 1.0 and not win.clock.isVisible()
    assert qapp.palette().color(QPalette.ColorRole.Window).name() != "#000000"
    win.close()
    again = open_window(seed=41, moscow="deal")
    assert again.hide_actions[name].isChecked()
    assert again.indicators.chart(name).isHidden()
