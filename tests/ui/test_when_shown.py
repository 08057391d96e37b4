"""WhenShown: a dock's contents filled at once on screen, else when the dock comes into view."""
from ui.when_shown import WhenShown


def test_work_waits_for_the_dock_and_runs_once_when_it_shows():
    runs = []
    fill = WhenShown(lambda: runs.append(1))
    fill.set_on_screen(False)
    fill.request()
    assert runs == [1], "the first request always fills"
    fill.request()
    fill.request()
    assert runs == [1], "tabbed away: the requests wait"
    fill.set_on_screen(True)
    assert runs == [1, 1], "shown: one fill for all the waiting requests"
    fill.set_on_screen(False)
    fill.set_on_screen(True)
    assert runs == [1, 1], "nothing waited: nothing to do"
    fill.request()
    assert runs == [1, 1, 1], "on screen: at once"
