"""The facilitator's console: overrule the game, with a reason, Undo and Redo, all of it recorded.

Tools act on the current position (the month just resolved, or the opening):
paint cells with a brush, drag a stretch of front line, set the die of one of
the month's operations (the month is resolved again with it), play an event
card from the scenario's deck or write a free event, adjust an indicator.
Each becomes an intervention of :mod:`wargame.umpire` stored in the game
record with its reason, so saving and replaying reproduce it exactly and the
log and the replays show it as the umpire's. Undo and Redo run on a
``QUndoStack``; the stack starts afresh each month, because interventions
belong to the position they were made on.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QPalette, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (QAbstractSpinBox, QButtonGroup, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QSpinBox, QStyledItemDelegate, QUndoView, QVBoxLayout, QWidget)

from ui.wheel_guard import WheelGuard, guard_wheel
from wargame import indicators, umpire
from wargame.factions import BY_ID, FACTIONS
from wargame.operations import ROLL_HIGH, ROLL_LOW

TOOLS = ("none", "brush", "front")


class UndoneDelegate(QStyledItemDelegate):
    """Shows the interventions after Undo's current point as undone (grey, italic, marked so):
    Qt's list only moves its selection, which reads as if they still stood."""

    def __init__(self, stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt API
        super().initStyleOption(option, index)
        if index.row() > self.stack.index():  # row 0 is the empty state; row k is the k-th command
            option.font.setItalic(True)
            option.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorGroup.Disabled,
                                                                                  QPalette.ColorRole.Text))
            option.text = f"Undone: {option.text}"  # first, so a narrow dock still shows it


class InterventionCommand(QUndoCommand):
    """One intervention: redo sets the position's interventions to ``after``, undo back to ``before``."""

    def __init__(self, controller, before: list[dict], after: list[dict], text: str) -> None:
        super().__init__(text)
        self.controller, self.before, self.after = controller, before, after

    def redo(self) -> None:  # noqa: D401 - Qt API
        self.controller.set_umpire(self.after)

    def undo(self) -> None:  # noqa: D401 - Qt API
        self.controller.set_umpire(self.before)


class MapTool(QObject):
    """Brush strokes and front drags on the map (an event filter on its viewport); other input pans as usual."""

    stroke = Signal(list)            # brush: the cells painted in one stroke
    dragged = Signal(str, list)      # front: the new holder and the cells that change hands

    def __init__(self, map_view, game) -> None:
        super().__init__(map_view)
        self.view, self.game = map_view, game
        self.tool = "none"
        self.brush_size = 1
        self._cells: set[int] = set()
        self._start: int | None = None
        self._preview: tuple[str, list[int]] = ("", [])
        map_view.viewport().installEventFilter(self)

    def set_tool(self, tool: str) -> None:
        """``none`` (pan and click as usual), ``brush`` or ``front``."""
        self.tool = tool
        cursor = Qt.CursorShape.ArrowCursor if tool == "none" else Qt.CursorShape.CrossCursor
        self.view.viewport().setCursor(cursor)
        if tool == "none":
            self.view.viewport().unsetCursor()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self.tool == "none":
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self.press(event.position())
            return True
        if kind == QEvent.Type.MouseMove and (self._cells or self._start is not None):
            self.move(event.position())
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self.release(event.position())
            return True
        return False

    def press(self, pos: QPointF) -> None:
        """Start a stroke or a drag at a viewport position."""
        cell = self.view.cell_at_view(pos)
        if cell is None:
            return
        if self.tool == "brush":
            self._cells = set(umpire.brush_cells(self.game, cell, self.brush_size))
            self.view.highlight_cells(sorted(self._cells))
        else:
            self._start = cell

    def move(self, pos: QPointF) -> None:
        """Extend the stroke, or preview the cells the drag would move."""
        cell = self.view.cell_at_view(pos)
        if cell is None:
            return
        if self.tool == "brush" and self._cells:
            self._cells |= umpire.brush_cells(self.game, cell, self.brush_size)
            self.view.highlight_cells(sorted(self._cells))
        elif self._start is not None:
            gainer, cells = umpire.front_drag(self.game, self.view.control, self._start, cell)
            self._preview = (gainer, list(cells))
            self.view.highlight_cells(list(cells))

    def release(self, pos: QPointF) -> None:
        """Finish: emit the stroke or the drag."""
        self.move(pos)
        self.view.highlight_cells(())
        if self.tool == "brush" and self._cells:
            cells, self._cells = sorted(self._cells), set()
            self.stroke.emit(cells)
        elif self._start is not None:
            (gainer, cells), self._start, self._preview = self._preview, None, ("", [])
            if cells:
                self.dragged.emit(gainer, cells)


class UmpireConsole(QWidget):
    """The facilitator's console dock."""

    def __init__(self, controller, map_view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("umpire_console")
        self.controller = controller
        self.game = controller.game
        self.stack = QUndoStack(self)
        self.map_tool = MapTool(map_view, self.game)
        self.map_tool.stroke.connect(self.paint)
        self.map_tool.dragged.connect(self.move_front)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("umpire_reason")
        self.reason.setPlaceholderText("required: why the umpire steps in")
        form.addRow("&Reason:", self.reason)
        layout.addLayout(form)
        layout.addWidget(self._map_tools())
        layout.addWidget(self._adjustments())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.undo_button = QPushButton("&Undo")
        self.redo_button = QPushButton("Re&do")
        self.undo_button.clicked.connect(self.stack.undo)
        self.redo_button.clicked.connect(self.stack.redo)
        self.stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        row.addWidget(self.undo_button)
        row.addWidget(self.redo_button)
        layout.addLayout(row)
        layout.addWidget(QLabel("Interventions on this position:"))
        self.history = QUndoView(self.stack)
        self.history.setEmptyLabel("(the month as resolved)")
        self.history.setItemDelegate(UndoneDelegate(self.stack, self.history))
        self.stack.indexChanged.connect(self.history.viewport().update)
        layout.addWidget(self.history, 1)
        self.wheel_guard = WheelGuard(self)
        for combo in self.findChildren(QComboBox):  # long entries must not widen the dock past the map
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        for control in self.findChildren(QComboBox) + self.findChildren(QAbstractSpinBox):
            guard_wheel(control, self.wheel_guard)  # the wheel scrolls the console, not the control under it
        self.setMinimumWidth(300)
        controller.game_started.connect(self.new_position)
        controller.turn_resolved.connect(lambda _r: self.new_position())
        controller.position_changed.connect(self._refresh_operations)

    def _map_tools(self) -> QGroupBox:
        box = QGroupBox("On the map")
        form = QFormLayout(box)
        tools = QHBoxLayout()
        self.tool_buttons = QButtonGroup(self)
        for tool, text in zip(TOOLS, ("&Pan", "&Brush", "Drag the &front")):
            button = QRadioButton(text)
            button.setObjectName(f"tool_{tool}")
            self.tool_buttons.addButton(button)
            button.toggled.connect(lambda on, t=tool: on and self.map_tool.set_tool(t))
            tools.addWidget(button)
            if tool == "none":
                button.setChecked(True)
        form.addRow(tools)
        self.brush_faction = QComboBox()
        for faction in FACTIONS:
            self.brush_faction.addItem(faction.short, faction.id)
        self.brush_size = QSpinBox()
        self.brush_size.setRange(1, 4)
        self.brush_size.valueChanged.connect(lambda v: setattr(self.map_tool, "brush_size", v))
        form.addRow("Brush paints &to:", self.brush_faction)
        form.addRow("Brush si&ze (rings):", self.brush_size)
        hint = QLabel("Brush: press and drag over cells. Front: press on a side's front line and drag it to "
                      "where it should run; the cells between the two lines change hands.")
        hint.setWordWrap(True)
        form.addRow(hint)
        return box

    def _adjustments(self) -> QGroupBox:
        box = QGroupBox("Results, events and indicators")
        form = QFormLayout(box)
        self.operation = QComboBox()
        self.operation.setObjectName("umpire_operation")
        self.roll = QDoubleSpinBox()
        self.roll.setRange(ROLL_LOW, ROLL_HIGH)
        self.roll.setToolTip(f"From {ROLL_LOW:.2f} (the worst luck) to {ROLL_HIGH:.2f} (the best); "
                             f"it multiplies the attack's odds.")
        self.roll.setSuffix(f"  ({ROLL_LOW:.1f}-{ROLL_HIGH:.1f})")
        self.operation.currentIndexChanged.connect(self._show_roll)
        self.roll.setSingleStep(0.05)
        self.roll.setValue(1.0)
        set_die = QPushButton("Set die")
        set_die.setToolTip("The month is resolved again with this die for the chosen operation.")
        set_die.clicked.connect(self.set_die)
        form.addRow("Operation:", self.operation)
        form.addRow("Its die:", _row(self.roll, set_die))
        self.card = QComboBox()
        for event in self.game.rules.events:
            self.card.addItem(umpire.card_title(event)[:70], event.id)
            self.card.setItemData(self.card.count() - 1, event.text, Qt.ItemDataRole.ToolTipRole)
        play = QPushButton("Play card")
        play.setToolTip("The card's effects apply now, whatever its condition.")
        play.clicked.connect(self.play_card)
        form.addRow("Event card:", self.card)
        form.addRow("", _row(play))
        self.indicator = QComboBox()
        for indicator in indicators.INDICATORS:
            self.indicator.addItem(indicator.label, indicator.name)
        self.amount = QDoubleSpinBox()
        self.amount.setRange(-100000, 100000)
        self.amount.setDecimals(0)
        self.amount.setValue(-5)
        adjust = QPushButton("Adjust")
        adjust.clicked.connect(self.adjust)
        form.addRow("Indicator:", self.indicator)
        form.addRow("Add:", _row(self.amount, adjust))
        self.event_text = QLineEdit()
        self.event_text.setPlaceholderText("e.g. A Turkish jet is shot down over Idlib")
        free = QPushButton("Add event")
        free.setToolTip("An event you write, changing the indicator above by the amount above.")
        free.clicked.connect(self.free_event)
        form.addRow("Free event:", self.event_text)
        form.addRow("", _row(free))
        return box

    # -- the position -------------------------------------------------------------------------
    def new_position(self) -> None:
        """A new month (or game): interventions so far belong to the last position; start a fresh stack."""
        self.stack.clear()
        self.message.clear()
        opening = self.controller.state.turn == 0
        self.history.setEmptyLabel("(the opening position)" if opening else "(the month as resolved)")
        self._refresh_operations()

    def _show_roll(self) -> None:
        """Start the die from what the chosen operation rolled."""
        rolled = self.operation.currentData(Qt.ItemDataRole.UserRole + 1)
        if rolled is not None:
            self.roll.setValue(float(rolled))

    def _refresh_operations(self) -> None:
        self.operation.blockSignals(True)
        self.operation.clear()
        session = self.controller.session
        for result in session.operations[-1] if session.operations else ():
            place = self.game.board.places.get(result.objective)
            name = place.name if place else result.objective
            self.operation.addItem(f"{BY_ID[result.attacker].short} toward {name} (rolled {result.roll:.2f})",
                                   result.operation_id)
            self.operation.setItemData(self.operation.count() - 1, result.roll, Qt.ItemDataRole.UserRole + 1)
        self.operation.blockSignals(False)
        self._show_roll()

    # -- interventions --------------------------------------------------------------------------
    def intervene(self, item: dict) -> bool:
        """Add an intervention (the reason is taken from the console); False, with a message, if refused."""
        reason = self.reason.text().strip()
        if not reason:
            self.message.setText("Give a reason first: every intervention is recorded with one.")
            self.reason.setFocus()
            return False
        if self.controller.busy:
            self.message.setText("Wait until the month is resolved.")
            return False
        item = {**item, "reason": reason}
        problems = umpire.problems(item, self.game)
        if problems:
            return self._say("; ".join(problems))
        before = self.controller.umpire_items()
        try:  # tried first: an error inside QUndoStack.push would not reach us
            self.controller.position_with(before + [item])
        except (umpire.UmpireError, ValueError, KeyError) as exc:
            return self._say(str(exc))
        self.stack.push(InterventionCommand(self.controller, before, before + [item],
                                            f"{umpire.describe(item, self.game)}: {reason}"))
        self.message.clear()
        self.reason.clear()  # the next intervention needs its own reason
        return True

    def _say(self, text: str) -> bool:
        """Show why an intervention was refused, scrolled into view; returns False."""
        self.message.setText(text)
        scroll = self.parentWidget().parentWidget() if self.parentWidget() else None
        if hasattr(scroll, "ensureWidgetVisible"):
            scroll.ensureWidgetVisible(self.message)
        return False

    def paint(self, cells: list[int]) -> bool:
        """Hand the brushed cells to the brush's faction."""
        return self.intervene({"kind": "paint", "faction": self.brush_faction.currentData(), "cells": list(cells)})

    def move_front(self, gainer: str, cells: list[int]) -> bool:
        """The cells between the old and the new front line change hands."""
        return self.intervene({"kind": "front", "faction": gainer, "cells": list(cells)})

    def set_die(self) -> bool:
        """Set the die of the chosen operation of the month; the month is resolved again."""
        operation = self.operation.currentData()
        if operation is None:
            self.message.setText("No operation this month (or the game has not begun).")
            return False
        return self.intervene({"kind": "die", "operation": operation, "roll": round(self.roll.value(), 2)})

    def play_card(self) -> bool:
        """Play the chosen event card now, whatever its condition."""
        return self.intervene({"kind": "event", "event": self.card.currentData()})

    def adjust(self) -> bool:
        """Add the amount to the chosen indicator."""
        return self.intervene({"kind": "indicator", "changes": {self.indicator.currentData(): self.amount.value()}})

    def free_event(self) -> bool:
        """An event the umpire writes, with the indicator change chosen."""
        text = self.event_text.text().strip()
        if not text:
            self.message.setText("Write what happens first.")
            return False
        return self.intervene({"kind": "free_event", "text": text,
                               "changes": {self.indicator.currentData(): self.amount.value()}})


def _row(*widgets) -> QWidget:
    """Widgets side by side, as one row of a form."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row
