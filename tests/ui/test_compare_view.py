"""The Compare window: a Close button, and the curves' key in the chart's title, never over the curves (pytest-qt)."""
from ui.compare_view import COLOURS, CompareView

from tests.ui.window_helpers import play_turns


def test_compare_window_has_a_close_button_and_no_legend_over_the_curves(qtbot, open_window):
    win = open_window(seed=26, moscow="deal")
    play_turns(qtbot, win, 2)
    session = win.controller.session
    view = CompareView(session, session, "this game", "the other game")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.chart.getPlotItem().legend is None, "no legend inside the plot, over the ends of the curves"
    title = view.chart.getPlotItem().titleLabel.text
    for name, colour in zip(("this game", "the other game"), COLOURS):
        assert name in title and colour in title
    view.indicator.setCurrentIndex(3)  # another curve: the key stays in the title
    assert "the other game" in view.chart.getPlotItem().titleLabel.text
    assert view.close_button.isVisible() and view.close_button.text().replace("&", "") == "Close"
    view.close_button.click()
    assert not view.isVisible()
