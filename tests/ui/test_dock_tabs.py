"""Stray tab bars: Qt 6.11 leaves copies of a dock group's tab bar visible, painted over the map or the
docks ("Indicators | What if" twice); ui.dock_tabs hides them and keeps the one the layout uses."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QWidget

from ui.dock_tabs import hide_stray_tab_bars


def visible_bars(window) -> list[tuple[str, ...]]:
    return [tuple(bar.tabText(i) for i in range(bar.count()))
            for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if bar.isVisible() and bar.count()]


def test_a_plain_main_window_shows_the_qt_stray_and_only_it_is_hidden(qtbot):
    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea

    def dock(name, area):
        made = QDockWidget(name, window)
        made.setObjectName(name)
        made.setWidget(QWidget())
        window.addDockWidget(area, made)
        return made
    # The main window's own order: a split bottom pair, a right group of three, then a bottom tab.
    moscow, charts, log = dock("Moscow", right), dock("Charts", bottom), dock("Log", bottom)
    window.splitDockWidget(charts, log, Qt.Orientation.Horizontal)
    position = dock("Position", right)
    window.tabifyDockWidget(moscow, position)
    report = dock("Report", right)
    window.tabifyDockWidget(position, report)
    forecast = dock("Forecast", bottom)
    window.tabifyDockWidget(charts, forecast)
    moscow.raise_()
    charts.raise_()
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    if visible_bars(window).count(("Charts", "Forecast")) < 2:
        return  # this Qt no longer leaves the stray: nothing to hide (the window test below still holds)
    assert hide_stray_tab_bars(window) == 1
    assert sorted(visible_bars(window)) == [("Charts", "Forecast"), ("Moscow", "Position", "Report")]
    kept = next(bar for bar in window.findChildren(QTabBar) if bar.isVisible() and bar.tabText(0) == "Charts")
    assert abs(kept.geometry().top() - charts.geometry().bottom() - 1) <= 4, "the bar in use is kept"
    forecast.raise_()
    qtbot.waitUntil(lambda: kept.currentIndex() == 1)  # the kept bar still switches the tabs


def test_the_game_window_hides_a_stray_once_its_layout_is_redone(qtbot, scenario, settings, tmp_path):
    """As the application opens it (docks made before the first frame, filled after), then a stray like
    Qt's, left where an earlier layout put the bar: the next layout pass of the window hides it."""
    from ui.main_window import MainWindow

    win = MainWindow(scenario, settings, seed=5, moscow="deal", defer_game=True, app_data=tmp_path / "appdata")
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.controller is not None, timeout=20_000)
    qtbot.wait(50)
    assert sorted(visible_bars(win)) == [("Indicators", "What if"), ("Moscow", "Position", "Turn report")]
    stray = QTabBar(win)
    for title in ("Indicators", "What if"):
        stray.addTab(title)
    stray.setGeometry(0, 300, 400, 26)
    stray.show()
    win.restoreState(win.saveState())  # what Qt does when the layout is restored
    qtbot.waitUntil(lambda: not stray.isVisible(), timeout=3000)
    assert sorted(visible_bars(win)) == [("Indicators", "What if"), ("Moscow", "Position", "Turn report")]
    win.forecast_dock.raise_()  # the bar kept still switches the tabs
    qtbot.waitUntil(lambda: win.forecast_dock.visibleRegion().isEmpty() is False, timeout=3000)
