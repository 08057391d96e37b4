"""Hotseat play for a training session: roles decide in turn on one screen, hidden from each other.

Each month the results are reviewed together; then the first role is called
to the screen behind a hand-over screen ("Pass to Ankara (Ayse), press Enter
when ready"), decides in the Orders dock (Moscow in the Moscow dock as well),
writes a rationale and, if it likes, a prediction from a small typed list, and
seals. The next role is called the same way; what a role sealed is never on
screen while another decides. When every role has sealed, the month is
resolved and everyone's choices are revealed together in the turn report.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel,
                               QPlainTextEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget)

from ui.session_setup import ROLE_TITLES
from ui.wheel_guard import WheelGuard, guard_wheel
from ui.text import esc, readable
from wargame import indicators
from wargame.factions import FACTIONS, faction_name
from wargame.orders import ActorOrders
from wargame.predictions import KINDS
from wargame.state import month_of_turn
from wargame.summary import KEY_PLACES


def role_title(controller, role: str) -> str:
    """'Ankara (Ayse)'."""
    name = controller.session.seats.get(role, "")
    return f"{ROLE_TITLES.get(role, role.title())} ({name})" if name else ROLE_TITLES.get(role, role.title())


class HandOverScreen(QWidget):
    """An opaque screen over the whole window between two roles, so nobody sees the last one's choices."""

    ready = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("hand_over")
        self.setAutoFillBackground(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setStyleSheet("color: white;")
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 1.4)
        self.detail.setFont(small)
        self.detail.setStyleSheet("color: #d8dde6;")
        self.button = QPushButton("I am ready (Enter)")
        self.button.setFont(small)
        self.button.clicked.connect(self._go)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addSpacing(24)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        window.installEventFilter(self)
        self.hide()

    def show_message(self, title: str, detail: str, button: str = "I am ready (Enter)") -> None:
        """Cover the window with ``title`` and wait for Enter (or the button)."""
        self.title.setText(title)
        self.detail.setText(detail)
        self.button.setText(button)
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.setFocus()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        QPainter(self).fillRect(self.rect(), Qt.GlobalColor.black)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._go()
            return
        event.accept()  # nothing else reaches the window behind

    def _go(self) -> None:
        self.hide()
        self.ready.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False


class Veil(QLabel):
    """An opaque cover over a widget while a role decides in private: nothing under it can be seen or
    used (the View menu can still show the dock, but not what is in it)."""

    def __init__(self, target: QWidget, text: str) -> None:
        super().__init__(text, target)
        self.setObjectName("veil")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("background: palette(window); color: palette(mid); padding: 24px;")
        target.installEventFilter(self)
        self.hide()

    def set_on(self, on: bool) -> None:
        """Cover (or uncover) the target."""
        target = self.parentWidget()
        target.setEnabled(not on)  # no keyboard reaches it either
        self.setEnabled(True)
        if on:
            self.setGeometry(target.rect())
            self.show()
            self.raise_()
        else:
            self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False


class PredictionEditor(QGroupBox):
    """A prediction picked from the typed list (see :mod:`wargame.predictions`), or none."""

    def __init__(self, game, parent: QWidget | None = None) -> None:
        super().__init__("Prediction (scored in the after-action review)", parent)
        self.game = game
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.setObjectName("prediction_kind")
        self.kind.addItem("No prediction", None)
        for key, text in KINDS.items():
            self.kind.addItem(text, key)
        form.addRow("&Kind:", self.kind)
        self.place = QComboBox()
        places = sorted(game.board.places.values(), key=lambda p: (p.id not in KEY_PLACES, p.name))
        for place in places:
            self.place.addItem(place.name, place.id)
        self.faction = QComboBox()
        for faction in FACTIONS:
            self.faction.addItem(faction.short, faction.id)
        self.indicator = QComboBox()
        for indicator in indicators.INDICATORS:
            self.indicator.addItem(indicator.label, indicator.name)
        self.op = QComboBox()
        self.op.addItem("at least", ">=")
        self.op.addItem("at most", "<=")
        self.value = QDoubleSpinBox()
        self.value.setRange(-1e7, 1e7)
        self.value.setDecimals(0)
        self.value.setValue(50)
        self.month = QComboBox()
        for turn in range(1, game.last_turn + 1):
            self.month.addItem(month_of_turn(turn), turn)
        self.rows = {"place": self.place, "faction": self.faction, "indicator": self.indicator, "op": self.op,
                     "value": self.value, "month": self.month}
        for label, widget in (("&Place:", self.place), ("&Held by:", self.faction), ("&Indicator:", self.indicator),
                              ("&Level:", self.op), ("&Value:", self.value), ("&Month:", self.month)):
            form.addRow(label, widget)
        self.form = form
        self.wheel_guard = WheelGuard(self)
        for widget in (self.kind, *self.rows.values()):
            guard_wheel(widget, self.wheel_guard)
        self.kind.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        kind = self.kind.currentData()
        shown = {"place_held": {"place", "faction", "month"},
                 "indicator": {"indicator", "op", "value", "month"}}.get(kind, set())
        for name, widget in self.rows.items():
            self.form.setRowVisible(widget, name in shown)

    def reset(self, turn: int) -> None:
        """No prediction, and nothing left of the last role's (the form is shared on one screen)."""
        for widget in (self.kind, self.place, self.faction, self.indicator, self.op):
            widget.setCurrentIndex(0)
        self.value.setValue(50)
        self.month.setCurrentIndex(max(0, min(turn - 1, self.month.count() - 1)))

    def prediction(self) -> dict | None:
        """The prediction as plain data, or None."""
        kind = self.kind.currentData()
        if kind == "place_held":
            return {"kind": kind, "place": self.place.currentData(), "faction": self.faction.currentData(),
                    "by_turn": self.month.currentData()}
        if kind == "indicator":
            return {"kind": kind, "indicator": self.indicator.currentData(), "op": self.op.currentData(),
                    "value": float(self.value.value()), "at_turn": self.month.currentData()}
        return None


class OrdersPanel(QWidget):
    """The Orders dock of a hotseat session: the review step, then one role's choices at a time."""

    start_requested = Signal()
    sealed = Signal(str)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.role: str | None = None
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        # the review page
        review = QWidget()
        rl = QVBoxLayout(review)
        self.review_text = QLabel()
        self.review_text.setWordWrap(True)
        self.start_button = QPushButton("Start the month's decisions")
        self.start_button.setObjectName("start_decisions")
        self.start_button.clicked.connect(self.start_requested)
        rl.addWidget(self.review_text)
        rl.addWidget(self.start_button)
        rl.addStretch(1)
        self.stack.addWidget(review)
        # the deciding page
        page = QWidget()
        pl = QVBoxLayout(page)
        self.title = QLabel()
        self.title.setWordWrap(True)
        pl.addWidget(self.title)
        self.options_box = QGroupBox("Orders")
        self.options_layout = QVBoxLayout(self.options_box)
        pl.addWidget(self.options_box)
        self.checks: dict[str, QCheckBox] = {}
        self.choice_boxes: dict[str, QComboBox] = {}
        pl.addWidget(QLabel("&Rationale (why, in a sentence or two):"))
        self.rationale = QPlainTextEdit()
        self.rationale.setObjectName("rationale")
        self.rationale.setMaximumHeight(90)
        pl.itemAt(pl.count() - 1).widget().setBuddy(self.rationale)
        pl.addWidget(self.rationale)
        self.prediction = PredictionEditor(controller.game)
        pl.addWidget(self.prediction)
        self.seal_button = QPushButton("&Seal orders")
        self.seal_button.setObjectName("seal_orders")
        self.seal_button.clicked.connect(self._seal)
        pl.addWidget(self.seal_button)
        pl.addStretch(1)
        self.stack.addWidget(page)
        # the waiting page (between roles, or while the month resolves)
        self.waiting = QLabel("Orders sealed.")
        self.waiting.setWordWrap(True)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.waiting)

    def show_review(self) -> None:
        """The month's results are on screen; the room reviews them before anyone decides."""
        c = self.controller
        turn = c.state.turn
        seen = "the opening position" if turn == 0 else f"the results of {month_of_turn(turn)}"
        self.role = None
        self.review_text.setText(f"<p>On screen: {seen}. Review them together.</p><p>Then each of "
                                 f"{', '.join(role_title(c, r) for r in c.human_roles())} decides "
                                 f"{month_of_turn(turn + 1)} in turn, hidden from the others.</p>")
        self.stack.setCurrentIndex(0)

    def show_waiting(self, text: str) -> None:
        """Nothing of anyone's choices on screen."""
        self.role = None
        self.waiting.setText(text)
        self.stack.setCurrentIndex(2)

    def show_role(self, role: str) -> None:
        """``role``'s choices for the coming month, starting from its bot's suggestion."""
        c = self.controller
        self.role = role
        month = month_of_turn(c.state.turn + 1)
        self.title.setText(f"<h3>{esc(role_title(c, role))} decides {month}</h3>")
        self.checks, self.choice_boxes = {}, {}
        while self.options_layout.count():
            item = self.options_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if role == "moscow":
            note = QLabel("Moscow's stances and actions are set in the Moscow dock.")
            note.setWordWrap(True)
            self.options_layout.addWidget(note)
        else:
            suggested = set(c.suggested_orders(role).attacks)
            places = c.game.board.places
            for option in c.menu(role):
                aims = ", ".join(places[p].name for p in option["objectives"][:4] if p in places)
                check = QCheckBox(option["label"])
                check.setObjectName(f"option_{option['id']}")
                check.setToolTip(option["text"])
                check.setChecked(option["id"] in suggested)
                forces = f"{option['forces']} formation{'s' if option['forces'] != 1 else ''}"
                detail = QLabel(f"Against {faction_name(option['defender'])}: {aims}; ties down {forces}.")
                detail.setWordWrap(True)
                detail.setContentsMargins(22, 0, 0, 4)
                self.options_layout.addWidget(check)
                self.options_layout.addWidget(detail)
                self.checks[option["id"]] = check
            hint = QLabel("Ticked at first: what the bot would order now. An attack goes ahead only if "
                          "the two sides touch and formations are left.")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(mid);")
            self.options_layout.addWidget(hint)
            last = c.last_choices(role)
            for choice in c.game.choices(role):
                label = QLabel(f"<b>{esc(choice.label)}</b>")
                box = QComboBox()
                guard_wheel(box, self.prediction.wheel_guard)
                box.setObjectName(f"choice_{choice.id}")
                box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                for option in choice.options:
                    box.addItem(option.label, option.id)
                    box.setItemData(box.count() - 1, option.text, Qt.ItemDataRole.ToolTipRole)
                label.setBuddy(box)
                effect = QLabel()
                effect.setWordWrap(True)
                effect.setStyleSheet("color: palette(mid);")
                box.currentIndexChanged.connect(lambda _i, b=box, e=effect, ch=choice: e.setText(
                    _option_effect(ch.option(b.currentData()))))
                kept = choice.option(last.get(choice.id, "")) or choice.default
                box.setCurrentIndex(box.findData(kept.id))  # last month's choice stands unless changed
                effect.setText(_option_effect(kept))
                self.options_layout.addWidget(label)
                self.options_layout.addWidget(box)
                self.options_layout.addWidget(effect)
                self.choice_boxes[choice.id] = box
        self.rationale.clear()
        self.prediction.reset(c.state.turn + 1)
        self.stack.setCurrentIndex(1)
        self.rationale.setFocus()

    def orders(self) -> ActorOrders | None:
        """The ticked options as the role's orders (None for Moscow, whose are the pending ones)."""
        if self.role in (None, "moscow"):
            return None
        choices = tuple(sorted((choice, box.currentData()) for choice, box in self.choice_boxes.items()))
        return ActorOrders(self.role, tuple(option for option, check in self.checks.items() if check.isChecked()),
                           choices)

    def _seal(self) -> None:
        role = self.role
        if role is None:
            return
        self.controller.seal(role, self.orders(), self.rationale.toPlainText(), self.prediction.prediction())
        self.show_waiting(f"{role_title(self.controller, role)} has sealed its orders.")
        self.sealed.emit(role)


def _option_effect(option) -> str:
    """What an option of a standing choice does each month it is taken, in a line."""
    from wargame.decisions import describe_effect

    parts = [readable(describe_effect(e)) for e in option.effects]
    if option.forces:
        parts.append(f"{option.forces:+d} formation{'s' if abs(option.forces) != 1 else ''} this month")
    return "Each month: " + "; ".join(parts) + "." if parts else "Changes nothing by itself."


class Hotseat(QObject):
    """Runs the month's sequence of roles in a window: review, hand-over, decide, seal, ..., resolve."""

    def __init__(self, window, controller, panel: OrdersPanel, dock) -> None:
        super().__init__(window)
        self.window, self.controller, self.panel, self.dock = window, controller, panel, dock
        self.screen = HandOverScreen(window)
        self.screen.ready.connect(self._on_ready)
        # While a role decides, what others chose or could change stays covered: Moscow's orders (unless
        # Moscow decides), the forecasts of the plan on screen, and the umpire's console.
        self.veils = {"moscow": Veil(window.decisions, "Moscow's orders are sealed, or Moscow has yet to be "
                                                        "called to the screen."),
                      "forecast": Veil(window.forecast, "Forecasts are off while the roles decide in private."),
                      "console": None}
        self._after_screen = None
        panel.start_requested.connect(self.start_decisions)
        panel.sealed.connect(lambda _role: self._next())
        controller.orders_needed.connect(self._on_orders_needed)
        controller.game_started.connect(self.begin_month)
        controller.turn_resolved.connect(lambda _result: self.begin_month())

    @property
    def active(self) -> bool:
        """True while this game is played hotseat."""
        return self.controller.hotseat()

    def _veil(self, deciding: str | None, private: bool) -> None:
        """Cover what the deciding role must not see or touch (``private``: the roles are deciding)."""
        if self.veils["console"] is None and self.window.console is not None:
            self.veils["console"] = Veil(self.window.console, "The umpire's console is locked while a role "
                                                              "decides in private.")
        self.veils["moscow"].set_on(self.active and deciding != "moscow")
        for name in ("forecast", "console"):
            if self.veils[name] is not None:
                self.veils[name].set_on(self.active and private)

    def begin_month(self) -> None:
        """Show the results for review; nobody's choices are on screen."""
        self.screen.hide()
        self._veil(None, private=False)
        if not self.active:
            self.dock.hide()
            return
        self.dock.show()
        self.dock.raise_()
        self.window.moscow_dock.hide()
        if self.controller.state.ended:
            self.panel.show_waiting("The game is over: see the outcome and the turn reports.")
        else:
            self.panel.show_review()
        self._to_top()

    def start_decisions(self) -> None:
        """Call the first role to the screen."""
        self._next()

    def _next(self) -> None:
        c = self.controller
        self.window.moscow_dock.hide()
        self._veil(None, private=True)
        role = c.next_to_decide()
        if role is not None:
            self._hand_over(role)
            return
        month = month_of_turn(c.state.turn + 1)
        self.panel.show_waiting(f"All orders for {month} are sealed; resolving…")
        self._show(f"All orders are sealed", f"Everyone back to the screen: press Enter to resolve {month} "
                                             f"and reveal every role's choices.", "Resolve the month (Enter)",
                   self.controller.end_turn)

    def _hand_over(self, role: str) -> None:
        self.window.statusBar().showMessage(f"Hand-over to {ROLE_TITLES.get(role, role)}.")
        self.panel.show_waiting("Hand-over: waiting for the next role.")
        who = self.controller.session.seats.get(role, "")
        self._show(f"Pass to {ROLE_TITLES.get(role, role)}", f"{who}, take the screen and press Enter when "
                                                             f"ready. Nobody else should watch.",
                   "I am ready (Enter)", lambda: self._decide(role))

    def _to_top(self) -> None:
        """A new page of the Orders dock starts at its top (the dock scrolls on small screens)."""
        scroll = self.dock.widget()
        if hasattr(scroll, "verticalScrollBar"):
            scroll.verticalScrollBar().setValue(0)

    def _decide(self, role: str) -> None:
        # The status bar speaks to whoever holds the screen now (not to the role before).
        where = "set Moscow's orders in the Moscow dock" if role == "moscow" else "decide in the Orders dock"
        self.window.statusBar().showMessage(f"{role_title(self.controller, role)}: {where}, then press Seal orders "
                                            f"in the Orders dock.")
        self._veil(role, private=True)
        self.panel.show_role(role)
        self._to_top()
        self.window.refresh_capital()
        self.dock.raise_()
        if role == "moscow":
            self.window.moscow_dock.show()
            self.window.moscow_dock.raise_()

    def _show(self, title: str, detail: str, button: str, then) -> None:
        self._after_screen = then
        self.screen.show_message(title, detail, button)

    def _on_ready(self) -> None:
        then, self._after_screen = self._after_screen, None
        if then is not None:
            then()

    def _on_orders_needed(self, role: str) -> None:
        """End Turn was pressed while a role had still to seal: call that role (unless it is deciding)."""
        if self.panel.role == role:
            self.window.statusBar().showMessage(f"{role_title(self.controller, role)}: press Seal orders in the "
                                                f"Orders dock when ready.")
            self.dock.raise_()
        elif not self.screen.isVisible():
            self._next()
