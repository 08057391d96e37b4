"""Helpers for window tests."""
TURN_TIMEOUT_MS = 60_000


def play_turns(qtbot, win, turns: int = 1) -> None:
    """Press End Turn ``turns`` times, waiting for each month to be resolved and its fade to end."""
    for _ in range(turns):
        assert not win.controller.state.ended
        with qtbot.waitSignal(win.controller.turn_resolved, timeout=TURN_TIMEOUT_MS):
            win.end_turn_action.trigger()
        win.map_view.finish_animation()


def make_view(qtbot, scenario, width: int = 1000, height: int = 700):
    """A bare MapView of the opening with a legend, shown at ``width`` x ``height``."""
    from ui.legend import Legend
    from ui.map_view import MapView

    view = MapView(scenario.board, scenario.opening_control)
    qtbot.addWidget(view)
    view.add_overlay(Legend())
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view
