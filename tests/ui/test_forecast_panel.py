"""The What-if dock: a forecast with progress, cancel and charts; the luck-or-decision review (pytest-qt).

Also: results never outlive their game (a new game, an opened file, a branch or a session clears them),
a forecast of an earlier month says so, the charts label every verdict outside the data, and starting or
ending a forecast moves nothing on screen.
"""
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFontMetrics

from tests.ui.window_helpers import TURN_TIMEOUT_MS as TIMEOUT_MS, play_turns as play
from ui.session_setup import SessionChoice
from wargame.dates import month_of_turn


def _items(chart, kind: str) -> list:
    return [item for item in chart.getPlotItem().items if type(item).__name__ == kind]


def _quick_forecast(qtbot, panel, plans=("player",), games: int = 2) -> None:
    """A small forecast of ``plans`` (the others unticked), waited for."""
    for key, box in panel.plan_boxes.items():
        box.setChecked(key in plans)
    panel.games.setValue(games)
    assert panel.run_forecast()
    qtbot.waitUntil(lambda: not panel.running(), timeout=TIMEOUT_MS)
    assert panel.results is not None


def _assert_cleared(panel) -> None:
    assert panel.results is None and panel.review is None and not panel.running()
    assert not panel.progress.isVisible()
    for chart in (panel.left_chart, panel.right_chart):
        assert not chart.isVisible()
        assert not _items(chart, "BarGraphItem") and not chart.listDataItems()
    for text in (panel.summary.text(), panel.details.text(), panel.key.text()):
        assert "mean score" not in text and "The dice" not in text and "Forecast from" not in text


def test_forecast_cancel_and_luck_or_decision(qtbot, open_window):
    window = open_window(seed=8, moscow="chips")  # plays all 18 months, never ends early in a settlement
    panel = window.forecast
    play(qtbot, window, 15)
    panel.games.setValue(4)
    assert panel.run_forecast()
    assert panel.running() and panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    assert window.end_turn_action.isEnabled()  # the window stays usable while it runs
    qtbot.waitUntil(lambda: not panel.running(), timeout=TIMEOUT_MS)
    assert [r.plan for r in panel.results] == ["orders on screen", "deal", "hardline", "chips"]
    assert all(len(r.outcomes) == 4 for r in panel.results)
    bars = _items(panel.left_chart, "BarGraphItem")
    assert len(bars) == 4  # one set of verdict bars per plan
    assert len(panel.right_chart.listDataItems()) >= 4
    assert "mean score" in panel.details.text()
    month = month_of_turn(15)
    assert f"Forecast from {month} (turn 15 of 18, game seed 8)" in panel.summary.text()
    # Cancel stops a long forecast, says so, and leaves no charts that could pass for its result.
    panel.games.setValue(500)
    assert panel.run_forecast()
    assert panel.results is None and not panel.left_chart.isVisible()  # the last result is not shown beside it
    panel.cancel()
    qtbot.waitUntil(lambda: not panel.running(), timeout=TIMEOUT_MS)
    assert "Cancelled" in panel.summary.text() and "no forecast to show" in panel.summary.text()
    _assert_cleared(panel)
    # After the end: luck or decision.
    assert not panel.luck_button.isEnabled()
    play(qtbot, window, 3)
    assert window.controller.state.ended and panel.luck_button.isEnabled() and not panel.run_button.isEnabled()
    panel.games.setValue(3)
    assert panel.run_luck()
    qtbot.waitUntil(lambda: not panel.running(), timeout=TIMEOUT_MS)
    review = panel.review
    assert review.score == window.controller.session.outcome.score
    assert len(review.other_seed_scores) == 3 and set(review.takeovers) == {"deal", "hardline", "chips"}
    assert "The dice" in panel.details.text() and "The choices" in panel.details.text()
    assert "seed 8" in panel.summary.text()
    assert all(name in panel.key.text() for name in ("deal", "hardline", "chips"))
    # A new training session: the finished game's review goes.
    window.start_session(SessionChoice(seed=5, moscow="player", seats={}, umpire=False))
    _assert_cleared(panel)
    assert "seed 5" in panel.summary.text()


def test_a_new_game_an_opened_file_or_a_branch_clears_the_forecast(qtbot, open_window, tmp_path):
    window = open_window(seed=11, moscow="deal")
    panel = window.forecast
    play(qtbot, window, 2)
    path = tmp_path / "two.syriawar"
    assert window.save_to(str(path))
    _quick_forecast(qtbot, panel)
    assert "mean score" in panel.details.text() and panel.left_chart.isVisible()
    window.start_new_game("syria-2017", 12, "player")
    _assert_cleared(panel)
    assert "game seed 12" in panel.summary.text() and month_of_turn(0) in panel.summary.text()

    _quick_forecast(qtbot, panel)
    assert window.open_file(str(path))
    _assert_cleared(panel)
    assert "game seed 11" in panel.summary.text() and month_of_turn(2) in panel.summary.text()

    _quick_forecast(qtbot, panel)
    window.branch_from(1)
    _assert_cleared(panel)
    assert month_of_turn(1) in panel.summary.text()


def test_a_running_forecast_stops_when_the_game_changes_and_its_result_is_dropped(qtbot, open_window):
    window = open_window(seed=13, moscow="deal")
    panel = window.forecast
    panel.games.setValue(200)
    assert panel.run_forecast()
    window.start_new_game("syria-2017", 14, "player")
    assert not panel.running() and not panel.progress.isVisible() and panel.run_button.isEnabled()
    panel.pool.waitForDone(TIMEOUT_MS)  # the dropped job stops at its next game
    qtbot.wait(50)                      # and whatever it reported is delivered, then ignored
    _assert_cleared(panel)
    assert "game seed 14" in panel.summary.text() and "Cancelled" not in panel.summary.text()


def test_a_forecast_of_an_earlier_month_says_it_is_out_of_date(qtbot, open_window):
    from ui.forecast_panel import STALE_BACKGROUND

    window = open_window(seed=15, moscow="deal")
    panel = window.forecast
    play(qtbot, window, 1)
    _quick_forecast(qtbot, panel)
    assert not panel.stale() and panel.banner.isHidden()
    play(qtbot, window, 1)
    assert panel.stale()
    text = panel.banner.text()
    assert "Out of date" in text and month_of_turn(1) in text and month_of_turn(2) in text
    assert not panel.banner.isHidden()
    inside = panel.banner.grab().toImage().pixelColor(panel.banner.width() // 2, 2)
    assert inside.name() == "#fff3e0", "the banner paints its own opaque background"
    assert not panel.scroll.isAncestorOf(panel.banner), "the warning stays in view however the results scroll"
    for chart in (panel.left_chart, panel.right_chart):
        # No opacity effect on a chart in a scroll area (it painted ghosts of other docks and smeared).
        assert chart.graphicsEffect() is None
        assert chart.backgroundBrush().color().name() == STALE_BACKGROUND
        assert chart.getPlotItem().titleLabel.text.startswith("Out of date")
    _quick_forecast(qtbot, panel)  # forecasting again is current
    assert not panel.stale() and panel.banner.isHidden()
    assert panel.left_chart.backgroundBrush().color().name() == "#ffffff"
    assert not panel.left_chart.getPlotItem().titleLabel.text.startswith("Out of date")


def test_the_end_of_the_game_clears_a_forecast_and_says_so(qtbot, open_window):
    window = open_window(seed=8, moscow="chips")  # plays all 18 months
    panel = window.forecast
    play(qtbot, window, 17)
    _quick_forecast(qtbot, panel)
    play(qtbot, window, 1)
    assert window.controller.state.ended
    _assert_cleared(panel)
    assert panel.banner.isHidden()
    assert "forecast was cleared" in panel.summary.text() and "game is over" in panel.summary.text()
    assert "Luck or decision?" in panel.summary.text()
    assert panel.luck_button.isEnabled() and not panel.run_button.isEnabled()


def test_every_verdict_is_labelled_in_full_and_no_key_covers_the_bars(qtbot, open_window):
    window = open_window(seed=8, moscow="chips")
    panel = window.forecast
    window.forecast_dock.raise_()
    play(qtbot, window, 14)
    _quick_forecast(qtbot, panel, plans=("player", "deal", "hardline", "chips"), games=3)
    verdicts = {name for result in panel.results for name in result.verdict_shares()}
    axis = panel.left_chart.getAxis("left")
    labels = [text for _value, text in axis._tickLevels[0]]
    assert set(labels) == verdicts  # every verdict named on the left axis, one tick each
    widest = max(QFontMetrics(axis.style["tickFont"]).horizontalAdvance(v) for v in verdicts)
    assert axis.width() >= widest  # no name clipped
    for chart in (panel.left_chart, panel.right_chart):
        assert chart.getPlotItem().legend is None  # the plans' colours are keyed above the charts instead
        assert chart.minimumHeight() >= 150
    assert all(result.plan in panel.key.text() for result in panel.results)
    assert panel.scroll.widget().isAncestorOf(panel.left_chart)  # a small dock scrolls rather than squash them


def test_starting_and_ending_a_forecast_moves_nothing(qtbot, open_window):
    window = open_window(size=(1366, 768), seed=16, moscow="deal")
    panel = window.forecast
    window.forecast_dock.raise_()
    qtbot.wait(50)

    def layout():
        cancel = panel.cancel_button
        return (cancel.mapTo(window, QPoint(0, 0)), cancel.size(), window.forecast_dock.size(),
                window.map_view.size(), window.map_view.transform(), panel.size())

    before = layout()
    panel.games.setValue(200)
    assert panel.run_forecast()
    qtbot.waitUntil(panel.progress.isVisible)
    qtbot.wait(50)  # let any layout request be processed
    assert layout() == before
    panel.cancel()
    qtbot.waitUntil(lambda: not panel.running(), timeout=TIMEOUT_MS)
    qtbot.wait(50)
    assert layout() == before
    _quick_forecast(qtbot, panel, plans=("player", "deal", "hardline", "chips"), games=2)
    qtbot.wait(50)
    assert layout() == before  # the results scroll inside the dock instead of growing it
