"""The What-if dock: a forecast with progress, cancel and charts; the luck-or-decision review (pytest-qt)."""
from tests.ui.window_helpers import TURN_TIMEOUT_MS as TIMEOUT_MS, play_turns as play


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
    bars = [item for item in panel.left_chart.getPlotItem().items if type(item).__name__ == "BarGraphItem"]
    assert len(bars) == 4  # one set of verdict bars per plan
    assert len(panel.right_chart.listDataItems()) >= 4
    assert "mean score" in panel.summary.text()
    # Cancel stops a long forecast and says so.
    panel.games.setValue(500)
    assert panel.run_forecast()
    panel.cancel()
    qtbot.waitUntil(lambda: not panel.running(), timeout=TIMEOUT_MS)
    assert "Cancelled" in panel.summary.text()
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
    assert "The dice" in panel.summary.text() and "The choices" in panel.summary.text()
