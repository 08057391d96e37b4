"""What the window says in words: the Moscow dock's options in full and its previews without ids, and
an event's inputs by the names of places, factions and stances."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt

from tests.ui.window_helpers import play_turns

ID = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")


def test_the_stance_boxes_show_their_options_in_full_at_the_docks_width(qtbot, open_window):
    win = open_window(size=(1366, 768))
    win.resizeDocks([win.moscow_dock], [360], Qt.Orientation.Horizontal)
    qtbot.wait(20)
    panel = win.moscow_dock.widget()
    for name, combo in panel.stance_boxes.items():
        metrics = combo.fontMetrics()
        widest = max(metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        assert combo.width() >= widest + 24, f"{name}: {combo.width()} px for options {widest} px wide"
        assert combo.currentText() in combo.toolTip()
    for row in panel.action_rows.values():
        text = row.detail.text()
        assert not ID.search(re.sub(r"<[^>]+>", "", text)), text


def test_an_events_inputs_are_named_not_ids(qtbot, open_window):
    win = open_window(seed=5, moscow="hardline")
    play_turns(qtbot, win)
    log = win.event_log
    events = log.events_shown()
    attack = next(e for e in events if e.rule.startswith("bot.") and "objective" in e.inputs)
    detail = re.sub(r"<[^>]+>", " ", log.explain(attack))
    place = win.game.board.places[attack.inputs["objective"]].name
    assert f"Objective: {place}" in re.sub(r"\s+", " ", detail)
    before_technical = detail.split("Technical detail")[0]
    assert not ID.search(before_technical), before_technical
    assert attack.rule in detail.split("Technical detail")[1], "the rule id stays, labelled as a technical detail"
    for event in events:
        shown = re.sub(r"<[^>]+>", " ", log.explain(event)).split("Technical detail")[0]
        shown = shown.replace(event.text, "")  # the event's own sentence is the engine's, as recorded
        assert not ID.search(shown), (event.rule, shown)


def test_new_game_shows_the_scenarios_title_and_keeps_its_id(qtbot, open_window):
    win = open_window()
    dialog = win.new_game_dialog()
    assert dialog.scenario.currentText() == win.game.scenario.title
    assert dialog.choice()[0] == "syria-2017"
    dialog.reject()


def test_the_rules_reference_names_things_in_words(qtbot, open_window):
    win = open_window()
    text = win.show_rules_reference().browser.toPlainText()
    for rule in (*win.game.rules.rules, *win.game.rules.events):
        text = text.replace(rule.id.replace("_", " "), "")  # consequence rules are listed by their id in words
    assert not ID.search(text), ID.findall(text)


def test_an_operation_and_an_action_say_how_the_dice_decided(qtbot, open_window):
    """'odds 1.09, roll 1.28' succeeded and so did 'odds 1.34, roll 0.75': the detail now says how the
    two make the result, with the numbers of that event."""
    from wargame.operations import ADVANCE_AT

    win = open_window(seed=5, moscow="deal")
    play_turns(qtbot, win)
    log = win.event_log
    events = log.events_shown()
    operations = [e for e in events if "ratio" in e.inputs and "roll" in e.inputs]
    assert operations
    for event in operations[:5]:
        detail = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", log.explain(event)))
        product = event.inputs["ratio"] * event.inputs["roll"]
        assert f"force ratio {event.inputs['ratio']:.2f}" in detail and f"makes {product:.2f}" in detail
        assert ("not above" in detail) == (product <= ADVANCE_AT), detail
    action = next(e for e in events if "probability" in e.inputs)  # the deal policy acts in month 1
    detail = re.sub(r"<[^>]+>", " ", log.explain(action))
    assert f"{action.inputs['probability']:.0%} chance" in detail
    assert ("it succeeded" in detail) == action.inputs["success"]
