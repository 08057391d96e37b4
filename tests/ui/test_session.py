"""A training session in the window: seats, hotseat with hidden choices, the umpire's console, save and replay."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QTextBrowser

from ui.session_setup import SessionChoice, SessionSetupDialog
from wargame import umpire
from wargame.orders import MoscowOrders
from wargame.record import load_record
from wargame.replay import replay, verify

from .window_helpers import TURN_TIMEOUT_MS

MOSCOW_SECRET = "Moscow keeps the air war on Idlib because of Hama"
ANKARA_SECRET = "Ankara wants al-Bab before the SDF reaches it"


def test_the_set_up_dialog_seats_people_and_bots(qtbot):
    dialog = SessionSetupDialog()
    qtbot.addWidget(dialog)
    dialog.seat("moscow", "Olga")
    dialog.seat("ankara", "Ayse")
    dialog.seat("damascus", None)
    dialog.umpire.setChecked(True)
    dialog.seed.setValue(42)
    choice = dialog.choice()
    assert choice == SessionChoice(42, "player", {"moscow": "Olga", "ankara": "Ayse"}, True)
    dialog.seat("tehran", "")
    assert dialog.problems() == ["Give the name of the participant playing Tehran."]
    dialog._accept_if_valid()
    assert dialog.result() == 0 and "Tehran" in dialog.problem.text()
    dialog.kind["moscow"].setCurrentIndex(dialog.kind["moscow"].findData("deal"))
    dialog.seat("tehran", None)
    assert dialog.choice().moscow == "deal" and "moscow" not in dialog.choice().seats


def window_text(win) -> str:
    """Everything a participant could read on the window: docks' labels, text boxes and the log."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QPlainTextEdit

    parts = []
    for widget in win.findChildren(QLabel) + win.findChildren(QAbstractButton):
        if widget.isVisible():
            parts.append(widget.text())
    for widget in win.findChildren(QPlainTextEdit) + win.findChildren(QTextBrowser):
        if widget.isVisible():
            parts.append(widget.toPlainText())
    parts += [e.text for e in win.event_log.events_shown()]
    return "\n".join(parts)


def press_enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def drag(view, start: QPointF, end: QPointF) -> None:
    """A left-button drag on the map's viewport, as the mouse would make it."""
    viewport = view.viewport()
    for kind, pos, buttons in ((QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton),
                               (QEvent.Type.MouseMove, (start + end) / 2, Qt.MouseButton.LeftButton),
                               (QEvent.Type.MouseMove, end, Qt.MouseButton.LeftButton),
                               (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)):
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        event = QMouseEvent(kind, pos, viewport.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)


def changed_cells(a, b) -> set[int]:
    return {i for i, (x, y) in enumerate(zip(a, b)) if x != y}


@pytest.fixture
def session_window(open_window, qtbot):
    win = open_window(seed=5)
    win.start_session(SessionChoice(5, "player", {"moscow": "Olga", "ankara": "Ayse"}, True))
    qtbot.waitUntil(lambda: win.hotseat is not None and win.console is not None)
    return win


def test_a_session_with_two_people_a_bot_and_the_umpire(session_window, qtbot, tmp_path):
    win = session_window
    c = win.controller
    assert c.human_roles() == ["moscow", "ankara"] and c.session.umpire_on
    assert c.session.record.roles["ankara"] == "player:Ayse" and c.session.record.roles["damascus"] == "bot"
    panel, screen = win.hotseat.panel, win.hotseat.screen
    assert win.hotseat.dock.isVisible() and win.console_dock.isVisible() and not win.moscow_dock.isVisible()

    # Moscow is called to the screen behind the hand-over screen
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert screen.isVisible() and "Pass to Moscow" in screen.title.text()
    press_enter(qtbot, screen)
    assert not screen.isVisible() and panel.role == "moscow" and win.moscow_dock.isVisible()
    assert "decided by Olga" in win.decisions.heading.text()  # the participant, not "you"
    c.set_orders(MoscowOrders("offensive", "rebels", "high", "advisers", ()))
    panel.rationale.setPlainText(MOSCOW_SECRET)
    panel.prediction.kind.setCurrentIndex(panel.prediction.kind.findData("place_held"))
    panel.prediction.place.setCurrentIndex(panel.prediction.place.findData("idlib"))
    panel.prediction.faction.setCurrentIndex(panel.prediction.faction.findData("regime"))
    qtbot.mouseClick(panel.seal_button, Qt.MouseButton.LeftButton)

    # Ankara's turn: nothing Moscow chose is on screen
    assert screen.isVisible() and "Pass to Ankara" in screen.title.text()
    assert not win.moscow_dock.isVisible()
    press_enter(qtbot, screen)
    assert panel.role == "ankara" and not win.moscow_dock.isVisible()
    assert win.statusBar().currentMessage().startswith("Ankara (Ayse): decide"), "the status bar speaks to Ankara"
    shown = window_text(win)
    assert MOSCOW_SECRET not in shown and "Olga" not in panel.title.text()
    veils = win.hotseat.veils
    win.moscow_dock.show()  # even shown from the View menu, Moscow's sealed orders stay covered
    assert veils["moscow"].isVisible() and not win.decisions.isEnabled()
    assert veils["console"].isVisible() and not win.console.isEnabled(), "no umpire tampering in private"
    assert veils["forecast"].isVisible() and not win.forecast.isEnabled()
    win.moscow_dock.hide()
    for option, check in panel.checks.items():
        check.setChecked(option == "al_bab")
    box = panel.choice_boxes["with_moscow"]
    box.setCurrentIndex(box.findData("guarantor"))
    panel.rationale.setPlainText(ANKARA_SECRET)
    qtbot.mouseClick(panel.seal_button, Qt.MouseButton.LeftButton)

    # all sealed: nothing revealed until the month is resolved
    assert screen.isVisible() and "sealed" in screen.title.text()
    assert ANKARA_SECRET not in window_text(win) and MOSCOW_SECRET not in window_text(win)
    assert len(c.session.states) == 1
    with qtbot.waitSignal(c.turn_resolved, timeout=TURN_TIMEOUT_MS):
        press_enter(qtbot, screen)
    win.map_view.finish_animation()
    entry = c.session.record.turns[0]
    assert entry.orders["ankara"] == {"actor": "ankara", "attacks": ["al_bab"], "choices": {"with_moscow": "guarantor"}}
    assert any(e.rule == "choice.ankara.with_moscow" for e in c.session.events[1])
    assert entry.decisions["moscow"]["rationale"] == MOSCOW_SECRET
    assert entry.decisions["moscow"]["prediction"]["place"] == "idlib"
    assert entry.decisions["ankara"]["participant"] == "Ayse"
    assert any(e.rule.startswith("orders.ankara") for e in c.session.events[1]), "Ankara's own orders were used"
    report = win.report_panel.toPlainText()
    assert MOSCOW_SECRET in report and ANKARA_SECRET in report, "revealed together at resolution"
    assert "Broker the deal" in report
    assert panel.stack.currentIndex() == 0  # the room reviews the month
    assert not veils["console"].isVisible() and win.console.isEnabled()

    # the umpire: a brush stroke changes exactly the brushed cells
    console = win.console
    before = c.state.control
    console.reason.setText("the room agreed the town had fallen")
    console.brush_faction.setCurrentIndex(console.brush_faction.findData("isis"))
    console.brush_size.setValue(2)
    near_t4 = c.game.board.neighbors[c.game.board.places["t4_airbase"].cell][0]
    console.tool_buttons.buttons()[1].setChecked(True)
    assert console.map_tool.tool == "brush"
    point = win.map_view.view_point_of_cell(near_t4)
    centre = win.map_view.cell_at_view(point)
    drag(win.map_view, point, point)
    expected = {cell for cell in umpire.brush_cells(c.game, centre, 2) if before[cell] != "isis"}
    assert expected and changed_cells(before, c.state.control) == expected, console.message.text()
    assert all(c.state.control[cell] == "isis" for cell in expected)
    brushed = c.state.control
    assert console.reason.text() == "", "each intervention needs its own reason"

    # a front-line drag: the cells between the old and the new line change hands
    console.reason.setText("the SDF reached the city's edge this month")
    console.tool_buttons.buttons()[2].setChecked(True)
    game = c.game
    xy = np.column_stack([game.arrays.x, game.arrays.y])
    raqqa = game.board.places["raqqa"].cell
    front = [i for i, f in enumerate(brushed) if f == "sdf" and any(brushed[n] == "isis" for n in game.board.neighbors[i])]
    start = min(front, key=lambda i: float(((xy[i] - xy[raqqa]) ** 2).sum()))
    start_point = win.map_view.view_point_of_cell(start)
    start = win.map_view.cell_at_view(start_point)
    end_cell = raqqa
    end_point = win.map_view.view_point_of_cell(end_cell)
    end_cell = win.map_view.cell_at_view(end_point)
    gainer, expected_front = umpire.front_drag(game, brushed, start, end_cell)
    drag(win.map_view, start_point, end_point)
    assert gainer == "sdf" and expected_front
    assert changed_cells(brushed, c.state.control) == set(expected_front)
    assert all(c.state.control[cell] == "sdf" for cell in expected_front)
    log = [e for e in c.session.events[1] if e.phase == "umpire"]
    assert [e.rule for e in log] == ["umpire.paint", "umpire.front"]
    month = win.event_log.tree.topLevelItem(0)
    marked = [month.child(i).text(0) for i in range(month.childCount()) if month.child(i).text(0).startswith("\u2691")]
    assert len(marked) == 2, "the umpire's hand is marked in the log"

    # undo and redo; the list shows what Undo took back as undone
    console.undo_button.click()
    assert c.state.control == brushed
    assert history_rows(console) == [(False, False), (False, False), (True, True)]
    console.undo_button.click()
    assert c.state.control == before
    console.redo_button.click()
    assert c.state.control == brushed
    console.redo_button.click()
    assert changed_cells(brushed, c.state.control) == set(expected_front)
    assert console.stack.count() == 2
    assert history_rows(console) == [(False, False)] * 3

    # no reason, no intervention
    console.reason.clear()
    assert not console.adjust() and "reason" in console.message.text()
    console.reason.setText("press reports")
    console.indicator.setCurrentIndex(console.indicator.findData("russian_domestic_support"))
    console.amount.setValue(-4)
    support = c.state.values["russian_domestic_support"]
    assert console.adjust()
    assert c.state.values["russian_domestic_support"] == pytest.approx(max(0.0, support - 4))

    # save, load and replay everything to the same hashes
    path = tmp_path / "session.syriawar"
    assert win.save_to(str(path))
    record = load_record(path, game)
    assert len(record.turns[0].umpire) == 3 and record.session["umpire"] is True
    assert verify(game, record).ok
    hashes = [p.state.state_hash() for p in replay(game, record)]
    assert hashes == [s.state_hash() for s in c.session.states]
    from ui.report import export_report

    aar = tmp_path / "aar.html"
    export_report(c.session, aar)
    text = aar.read_text(encoding="utf-8")
    assert ANKARA_SECRET in text and "Ayse" in text and "<h2 style='page-break-before: always'>Predictions</h2>" in text
    assert "Idlib held by Regime by January 2017" in text and "\u2691 Umpire paints" in text, "the umpire's hand flagged"
    assert ".;" not in text
    assert win.open_file(str(path))
    assert win.controller.session.seats == {"moscow": "Olga", "ankara": "Ayse"}
    assert win.console.operation.count() == len(c.session.operations[1]) > 0, "reopened: the month's dice can be set"
    assert win.controller.state.state_hash() == hashes[-1]
    assert any(e.phase == "umpire" for e in win.controller.session.events[1])


def test_a_die_set_by_the_umpire_replays_the_month(session_window, qtbot):
    win = session_window
    c = win.controller
    c.seal("moscow", None, "", None)
    c.seal("ankara", c.suggested_orders("ankara"))
    with qtbot.waitSignal(c.turn_resolved, timeout=TURN_TIMEOUT_MS):
        assert c.end_turn()
    console = win.console
    assert console.operation.count() >= 1
    operation = console.operation.itemData(0)
    first = next(r for r in c.session.operations[1] if r.operation_id == operation)
    assert console.roll.value() == pytest.approx(round(first.roll, 2)), "the die starts from what was rolled"
    console.reason.setText("the attack stalled in the rain")
    console.roll.setValue(0.6)
    chosen = MoscowOrders("offensive", "rebels", "high", "advisers", ())
    c.set_orders(chosen)
    assert console.set_die()
    assert c.pending == chosen, "an intervention leaves the orders being prepared alone"
    result = next(r for r in c.session.operations[1] if r.operation_id == operation)
    assert result.roll == pytest.approx(0.6)
    assert c.session.record.turns[0].umpire[0]["kind"] == "die"
    console.undo_button.click()
    assert c.session.record.turns[0].umpire == []
    fired = {e.rule for e in c.session.events[1] if e.phase == "events"}
    once = next(e for e in c.game.rules.events if e.once and e.id in fired)  # a card drawn this month
    console.reason.setText("replay the card")
    console.card.setCurrentIndex(console.card.findData(once.id))
    assert not console.play_card() and "played already" in console.message.text()
    assert once.id not in console.message.text(), "the card is named by its text, not its id"


def test_the_wheel_scrolls_the_orders_dock_and_leaves_standing_choices_alone(session_window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent

    win = session_window
    win.resize(1366, 600)
    panel = win.hotseat.panel
    win.controller.seal("moscow")
    panel.show_role("ankara")
    box = panel.choice_boxes["with_moscow"]
    before = box.currentIndex()
    area = win.hotseat.dock.widget()
    win.hotseat.dock.show()
    win.hotseat.dock.raise_()
    area.setFixedHeight(220)  # a small screen: the dock scrolls
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    scroll = area.verticalScrollBar()
    area.ensureWidgetVisible(box)
    start = scroll.value()
    centre = QPointF(box.rect().center())
    event = QWheelEvent(centre, QPointF(box.mapToGlobal(box.rect().center())), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(box, event)
    assert box.currentIndex() == before, "scrolling past a standing choice does not change it"
    assert start > 0 and scroll.value() < start, "the dock scrolls instead"
    panel.prediction.kind.setCurrentIndex(1)
    panel.prediction.place.setCurrentIndex(3)
    panel.show_role("ankara")
    assert panel.prediction.kind.currentIndex() == 0 and panel.prediction.place.currentIndex() == 0


def history_rows(console) -> list[tuple[bool, bool]]:
    """(marked undone in its text, italic) for each row of the console's list, as its delegate draws it."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    view, rows = console.history, []
    for row in range(view.model().rowCount()):
        option = QStyleOptionViewItem()
        view.itemDelegate().initStyleOption(option, view.model().index(row, 0))
        rows.append((option.text.startswith("Undone: "), option.font.italic()))
    return rows
