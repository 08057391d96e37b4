"""View > Text size for projectors: one setting scales all the window's text evenly.

A play-tester at 1920x1080 set 200% and found the menu bar, the toolbar, the dock titles, the
timeline, the status bar, the stance descriptions, the chart titles and the end-of-game panel
still at the usual size, the stance options cut short, the charts' tick labels huge and the
map's names touching their icons or standing off to the side.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtWidgets import QApplication

from tests.ui.window_helpers import play_turns

SIZE = (1920, 1080)


@pytest.fixture
def played(qtbot, open_window):
    """A window at the play-tester's size after two turns, at 100%."""
    win = open_window(size=SIZE, seed=5, moscow="deal")
    play_turns(qtbot, win, 2)
    win.set_text_scale(1.0)
    qtbot.wait(20)
    return win


def _title_height(plot_item) -> float:
    """Height of a line of a pyqtgraph plot's title as drawn (without the document's margins)."""
    item = plot_item.titleLabel.item
    document = item.document()
    text = document.toPlainText()
    lines = 1 + text.count("\n") + text.count("\u2028")
    return (item.boundingRect().height() - 2 * document.documentMargin()) / lines


def _sizes(win) -> dict[str, float]:
    """Point sizes (or drawn heights) of the texts the play-tester named."""
    notes = win.decisions.stance_notes
    chart = win.indicators.chart("russian_domestic_support")
    return {
        "menu bar": win.menuBar().font().pointSizeF(),
        "a menu": win.menuBar().actions()[0].menu().font().pointSizeF(),
        "toolbar label": win.date_label.font().pointSizeF(),
        "dock title": win.moscow_dock.font().pointSizeF(),
        "dock title bar": win.log_dock.widget().geometry().top(),
        "replay bar": win.replay_bar.where.font().pointSizeF(),
        "status bar": win.statusBar().font().pointSizeF(),
        "stance description": notes["strategy"].font().pointSizeF(),
        "chart title": _title_height(chart.getPlotItem()),
        "outcome panel": win.outcome_panel.text.font().pointSizeF(),
        "outcome chart title": _title_height(win.outcome_panel.plot),
    }


def test_200_percent_doubles_every_text_of_the_window(qtbot, played):
    win = played
    usual = _sizes(win)
    win.set_text_scale(2.0)
    qtbot.wait(20)
    large = _sizes(win)
    for what, size in usual.items():
        assert large[what] == pytest.approx(2 * size, rel=0.2), f"{what}: {size} at 100%, {large[what]} at 200%"
    # Qt draws a dock's title in the font the dock was made with unless the dock's own font differs
    # from its class's: at 200% it must, or the title stays small in a taller bar.
    assert win.moscow_dock.font() != QApplication.font("QDockWidget")
    for plot in (win.outcome_panel.plot, win.indicators.chart("russian_domestic_support").getPlotItem()):
        title = plot.titleLabel  # pyqtgraph fixes the title's row at 30 px: large titles were cut
        assert title.geometry().height() >= title.item.boundingRect().height() - 1
    win.set_text_scale(1.0)
    qtbot.wait(20)
    assert _sizes(win) == pytest.approx(usual, rel=0.05)


def test_chart_ticks_grow_moderately_and_the_plots_keep_their_room(qtbot, played):
    win = played
    chart = win.indicators.chart("russian_domestic_support")

    def tick_points() -> float:
        return chart.getAxis("bottom").style["tickFont"].pointSizeF()

    usual = tick_points()
    win.set_text_scale(2.0)
    qtbot.wait(50)
    assert 1.2 * usual <= tick_points() <= 1.6 * usual
    for name, each in win.indicators.charts.items():
        if not each.isVisible():
            continue
        axis = each.getAxis("bottom")
        label_height = 0.8 * axis.fontMetrics().height() if axis.style["tickFont"] is None else \
            0.8 * __import__("PySide6.QtGui").QtGui.QFontMetricsF(axis.style["tickFont"]).height()
        assert axis.height() >= label_height + axis.style["tickLength"], f"{name}: month labels cut short"
        plot = each.getPlotItem().vb.sceneBoundingRect()
        assert plot.height() >= 50 and plot.width() >= 150, f"{name}: plot squashed to {plot}"


def test_stance_options_read_in_full_at_200_percent(qtbot, played):
    win = played
    win.set_text_scale(2.0)
    qtbot.wait(50)
    for name, combo in win.decisions.stance_boxes.items():
        metrics = combo.fontMetrics()
        widest = max(metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        assert combo.width() >= widest + 24, f"{name}: {combo.width()} px for options {widest} px wide"
        right = combo.mapTo(win.decisions.viewport(), QPoint(combo.width(), 0)).x()
        assert right <= win.decisions.viewport().width(), f"{name}: the dock cuts it at {right} px"


def _screen_rect(view, item) -> QRectF:
    return item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect())


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_place_names_stand_next_to_their_icons_at_every_text_size(qtbot, played, scale):
    win = played
    win.set_text_scale(scale)
    qtbot.wait(50)
    view = win.map_view
    icons = {icon.place_id: _screen_rect(view, icon) for icon in view.site_icons if icon.isVisible()}
    named = 0
    for label in view.labels:
        if not label.isVisible() or label.site is None:
            continue
        rect, icon = _screen_rect(view, label), icons[label.site]
        gap_x = max(icon.left() - rect.right(), rect.left() - icon.right(), 0.0)
        gap_y = max(icon.top() - rect.bottom(), rect.top() - icon.bottom(), 0.0)
        gap = max(gap_x, gap_y)
        for site, other in icons.items():
            assert not rect.intersects(other), f"{label.text!r} covers the icon of {site}"
        # Beside its own icon: clear of it (at 200% a 1.5 px gap read as touching), never far from it.
        assert 1.0 * scale <= gap <= 4.0 * scale, f"{label.text!r} stands {gap:.1f} px from its icon"
        named += 1
    assert named >= 10


def test_the_first_months_label_is_drawn_at_the_opening(qtbot, open_window):
    """pyqtgraph hides a bottom axis's labels that cross its ends: 'Jan 17', near the start, vanished
    from every chart at the opening once the tick font was set explicitly."""
    from PySide6.QtGui import QImage, QPainter

    win = open_window(size=(1600, 1000))
    qtbot.wait(50)
    chart = next(iter(win.indicators.charts.values()))
    axis = chart.getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    texts = [text for _rect, _flags, text in specs[2]]
    assert "Jan 17" in texts, texts


def test_the_moscow_dock_comes_back_to_its_width_with_the_text(qtbot, open_window):
    """200% widened the Moscow dock for its options; back at 100% it stayed wide and the map small."""
    win = open_window(size=(1920, 1080))
    qtbot.wait(50)
    width = win.moscow_dock.width()
    win.set_text_scale(2.0)
    qtbot.wait(50)
    assert win.moscow_dock.width() > width
    win.set_text_scale(1.5)  # half-way down first
    qtbot.wait(50)
    win.set_text_scale(1.0)
    qtbot.waitUntil(lambda: abs(win.moscow_dock.width() - width) <= 2, timeout=3000)


def test_large_text_keeps_the_position_dock_readable_and_grows_the_timeline_buttons(qtbot, open_window):
    """At 200% the hovered cell's text was drawn over the faction table, and the timeline's buttons
    stayed small: the dock now scrolls, and the buttons' icons follow the text."""
    win = open_window(size=(1766, 993))
    win.position_dock.raise_()
    cell = win.game.board.places["hama"].cell
    win._on_cell_clicked(cell)
    win._on_cell_hovered(cell)
    icon = win.replay_bar.buttons["play"].iconSize().height()
    win.set_text_scale(2.0)
    qtbot.wait(100)
    panel = win.panel
    table = panel.findChild(__import__("PySide6.QtWidgets", fromlist=["QTableWidget"]).QTableWidget)
    assert panel.hover.geometry().top() >= table.geometry().bottom(), "the hover text starts below the table"
    assert win.replay_bar.buttons["play"].iconSize().height() > icon
