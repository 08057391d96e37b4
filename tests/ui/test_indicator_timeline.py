"""The indicator charts follow the timeline: each title gives the shown month's value and its change (pytest-qt)."""
from ui.indicators_dock import AREA_CHART
from ui.text import indicator_value as _fmt
from ui.text import indicator_label, short_month, signed

from tests.ui.window_helpers import play_turns


def _title(chart) -> str:
    return chart.getPlotItem().titleLabel.text


def _expected(session, name: str, turn: int) -> str:
    values = [s.values.get(name, 0.0) for s in session.states]
    text = f"{_fmt(values[turn])}"
    if turn:
        text += f" ({signed(values[turn] - values[turn - 1])})"
    return text


def test_chart_titles_and_hover_texts_speak_of_the_month_the_timeline_shows(qtbot, open_window):
    win = open_window(seed=25, moscow="deal")
    play_turns(qtbot, win, 4)
    session = win.controller.session
    dock = win.indicators
    built_late = "civilian_deaths"  # the Humanitarian tab: built only once shown, below while in the past
    late_tab = next(tab for tab in dock._tab_names if built_late in tab)
    names = [n for tab in dock._tab_names if tab is not late_tab for n in tab if n != AREA_CHART]
    for name in names:
        dock.chart(name)
    assert built_late not in dock.charts
    assert _expected(session, "regime_cohesion", 4) in _title(dock.charts["regime_cohesion"])
    # Step back with the timeline's slider: every title gives that month's value and its change.
    win.replay_bar.slider.setValue(2)
    assert win.shown_turn == 2
    for turn in (2, 1):
        win.replay_bar.slider.setValue(turn)
        for name in names:
            chart = dock.charts[name]
            title = _title(chart)
            assert title.endswith(f": {_expected(session, name, turn)}"), (name, title)
            assert f"in {short_month(turn)}" in chart.toolTip(), (name, chart.toolTip())
        late = dock.chart(built_late)  # a chart built while the past is shown speaks of it too
        assert _title(late).endswith(f": {_expected(session, built_late, turn)}")
    # The area chart's title gives the shown month's shares.
    shares = session.area_shares(1)
    assert f"{shares['isis']:.0f}" in _title(dock.chart(AREA_CHART))
    # The present again: the latest month's values.
    win.replay_bar.buttons["last"].click()
    assert win.shown_turn == 4
    for name in names:
        assert _title(dock.charts[name]).endswith(f": {_expected(session, name, 4)}")
        assert f"in {short_month(4)}" in dock.charts[name].toolTip()
    assert indicator_label("regime_cohesion") in _title(dock.charts["regime_cohesion"])
