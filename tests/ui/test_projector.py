"""Projector mode and indicators hidden from the room (pytest-qt, offscreen)."""
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette

from ui.main_window import MainWindow
from ui.text import indicator_label
from wargame.scenario import load_scenario


def make(qtbot, tmp_path, settings):
    win = MainWindow(load_scenario("syria-2017"), settings, seed=41, moscow="deal", app_data=tmp_path / "appdata")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_projector_mode_and_hidden_indicators(qtbot, tmp_path, qapp):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = make(qtbot, tmp_path, settings)
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
    again = make(qtbot, tmp_path, settings)
    assert again.hide_actions[name].isChecked()
    assert again.indicators.chart(name).isHidden()
