"""The Moscow dock: standing stances, one-shot actions, their costs, odds and expected effects.

The panel reads the controller's pending orders and the engine's previews and
writes back only through :meth:`GameController.set_orders`. Anything the
engine would refuse (unaffordable, unavailable) cannot be ticked, and End
Turn stays disabled while the orders have a problem.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QFrame, QGridLayout, QGroupBox, QLabel, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from ui.controller import PLAYER, GameController
from ui.text import esc, month_of_turn
from ui.wheel_guard import WheelGuard, guard_wheel
from ui.when_shown import WhenShown
from wargame.claims import claim_line
from wargame.decisions import effects_sentence
from wargame.orders import STANCE_FIELDS

STANCE_TITLES = {"strategy": "Overall strategy", "air_focus": "Air war: where", "air_intensity": "Air war: how hard",
                 "ground": "Russian ground forces"}


class ActionRow(QFrame):
    """One one-shot action: a check box, its title (wrapped: the dock is narrow) and a line of cost,
    odds and effects. Clicking the title ticks the box, as a check box's own text would."""

    def __init__(self, action_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action_id = action_id
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        self.check = QCheckBox()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setBuddy(self.check)
        self.title.mousePressEvent = self._on_title_clicked  # noqa: the label acts as the box's text
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        grid.addWidget(self.check, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.detail, 1, 1)
        grid.setColumnStretch(1, 1)

    def set_title(self, label: str, cost: int) -> None:
        """The action's name and cost, on the label and as the box's accessible name."""
        self.title.setText(f"<b>{esc(label)}</b> &mdash; cost {cost}")
        self.check.setAccessibleName(f"{label}, cost {cost}")
        self.title.setEnabled(self.check.isEnabled())

    def _on_title_clicked(self, _event) -> None:
        if self.check.isEnabled():
            self.check.toggle()


class DecisionsPanel(QScrollArea):
    """Moscow's orders for the coming month."""

    def __init__(self, controller: GameController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 6)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        self.capital = QLabel()
        self.capital.setObjectName("capital_label")
        self.capital.setTextFormat(Qt.TextFormat.RichText)
        self.capital.setWordWrap(True)
        layout.addWidget(self.capital)

        # Group titles do not wrap: keep them short so the narrow dock never scrolls sideways.
        stances_box = QGroupBox("Standing stances")
        stances_box.setToolTip("Kept from month to month until you change them.")
        form = QFormLayout(stances_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Each title above its box: the box gets the dock's whole width, so the options read in full.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.stance_boxes: dict[str, QComboBox] = {}
        self.stance_notes: dict[str, QLabel] = {}
        rules = controller.game.rules
        self.wheel_guard = WheelGuard(self)  # the wheel scrolls the dock; it changes a stance only once focused
        for name in STANCE_FIELDS:
            combo = QComboBox()
            guard_wheel(combo, self.wheel_guard)
            combo.setObjectName(f"stance_{name}")
            # As wide as its longest option at every text size: the dock widens to match (wanted_width).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for option in rules.stances[name].values():
                combo.addItem(option.label, option.id)
                combo.setItemData(combo.count() - 1, option.summary, Qt.ItemDataRole.ToolTipRole)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._on_stance_changed(n))
            note = QLabel()
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            self.stance_boxes[name] = combo
            self.stance_notes[name] = note
            title = QLabel(f"{STANCE_TITLES.get(name, name)}:")
            title.setBuddy(combo)
            form.addRow(title, combo)
            form.addRow(note)
        layout.addWidget(stances_box)

        actions_box = QGroupBox("One-shot actions")
        actions_layout = QVBoxLayout(actions_box)
        note = QLabel("Paid from this month's political capital; each can succeed or fail.")
        note.setWordWrap(True)
        actions_layout.addWidget(note)
        self.action_rows: dict[str, ActionRow] = {}
        for action_id in rules.actions:
            row = ActionRow(action_id)
            row.check.setObjectName(f"action_{action_id}")
            row.check.toggled.connect(lambda on, a=action_id: self._on_action_toggled(a, on))
            actions_layout.addWidget(row)
            self.action_rows[action_id] = row
        layout.addWidget(actions_box)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a4000f;")
        layout.addWidget(self.problems)
        self.end_turn_button = QPushButton("End Turn")
        self.end_turn_button.setObjectName("end_turn_button")
        self.end_turn_button.setToolTip("Resolve the month with these orders (Ctrl+Return)")
        self.end_turn_button.clicked.connect(controller.end_turn)
        layout.addWidget(self.end_turn_button)
        layout.addStretch(1)
        self.setWidget(body)
        self.body = body
        self._updating = False
        self.texts = WhenShown(self._refresh_texts)  # the window tells it when the dock is on screen
        controller.orders_changed.connect(self.refresh)
        controller.busy_changed.connect(lambda _busy: self._refresh_controls())
        controller.game_started.connect(self.refresh)
        controller.turn_resolved.connect(self._on_new_month)

    def wanted_width(self) -> int:
        """Width the panel needs for every stance option in full (its body, the vertical scroll bar
        and the frame) at the present text size: the window keeps the dock at least this wide."""
        for combo in self.stance_boxes.values():
            # Qt keeps a combo's minimum size from its first font: its size hint follows the font.
            combo.setMinimumWidth(combo.sizeHint().width())
        return (self.body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                + 2 * self.frameWidth())

    def focus_target(self) -> QWidget:
        """Where the keyboard goes when the dock is chosen (Alt+1): the first stance."""
        return self.stance_boxes["strategy"]

    def _on_new_month(self, _result) -> None:
        """A new month: back to the top of the orders (the stances come first)."""
        self.verticalScrollBar().setValue(0)
        if self.isAncestorOf(self.focusWidget()) and self.controller.session.moscow == PLAYER:
            self.stance_boxes["strategy"].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- from the controller --------------------------------------------------------------
    def refresh(self) -> None:
        """Show the pending orders, the previews and what they leave of the capital.

        While the dock is tabbed away or closed (the turn report is raised over it after End Turn)
        only the controls follow at once; the wrapped texts wait until the dock is shown again
        (:meth:`set_on_screen`): laying them out took several milliseconds of every End Turn, for
        a dock Qt keeps "visible" off-screen.
        """
        self._refresh_controls()
        self.texts.request()

    def _refresh_controls(self) -> None:
        """The stances, the ticks, what can be changed, and End Turn (all a busy spell changes:
        the texts follow the position and the orders, which come with orders_changed)."""
        controller = self.controller
        state, orders = controller.state, controller.pending
        self._updating = True
        try:
            left = controller.capital_left()
            editable = controller.session.moscow == PLAYER and not controller.busy and not state.ended
            for name, combo in self.stance_boxes.items():
                combo.setCurrentIndex(max(0, combo.findData(getattr(orders, name))))
                combo.setEnabled(editable)
            for preview in controller.previews():
                row = self.action_rows[preview.id]
                ticked = preview.id in orders.actions
                affordable = preview.cost <= left or ticked
                can_tick = preview.available and affordable
                row.check.setChecked(ticked)
                row.check.setEnabled(editable and (can_tick or ticked))
                row.title.setEnabled(row.check.isEnabled())
            self.end_turn_button.setEnabled(controller.can_end_turn())
            self.end_turn_button.setText("Resolving…" if controller.busy else "End Turn")
        finally:
            self._updating = False

    def set_on_screen(self, on: bool) -> None:
        """The dock came into view (or left it): bring the texts up to date if they waited."""
        self.texts.set_on_screen(on)

    def _refresh_texts(self) -> None:
        """The heading, the capital, the notes under the stances, each action's title and detail, and
        what stops End Turn."""
        controller = self.controller
        state, orders = controller.state, controller.pending
        rules = controller.game.rules
        seated = controller.session.seats.get("moscow")  # a training session's participant, by name
        who = seated or ("you" if controller.session.moscow == PLAYER else f"the '{controller.session.moscow}' policy")
        if state.ended:
            self.heading.setText("<b>The game is over.</b> Start a new game from the Game menu.")
        else:
            self.heading.setText(f"<b>Moscow's orders for {month_of_turn(state.turn + 1)}</b> "
                                 f"(turn {state.turn + 1} of {controller.game.last_turn}); decided by {who}.")
        left = controller.capital_left()
        self.capital.setText(f"Political capital: <b>{state.capital}</b> this month, "
                             f"<b>{left}</b> left after the actions ticked below.")
        for name, combo in self.stance_boxes.items():
            option = rules.stance(name, getattr(orders, name))
            self.stance_notes[name].setText(option.summary)
            combo.setToolTip(f"{STANCE_TITLES.get(name, name)}: {option.label}")
        for preview in controller.previews():
            row = self.action_rows[preview.id]
            affordable = preview.cost <= left or preview.id in orders.actions
            row.set_title(preview.label, preview.cost)
            row.detail.setText(self._action_detail(preview, affordable, left))
            row.setToolTip(claim_line(preview.claim))
        problems = controller.problems()
        self.problems.setText("Cannot end the turn: " + "; ".join(problems) if problems else "")

    @staticmethod
    def _action_detail(preview, affordable: bool, left: int) -> str:
        parts = []
        if not preview.available:
            parts.append(f"<span style='color:#a4000f'>Not available: {esc(preview.why_unavailable)}</span>")
        elif not affordable:
            parts.append(f"<span style='color:#a4000f'>Not affordable: costs {preview.cost}, {left} left</span>")
        parts.append(f"Odds of success: <b>{preview.probability:.0%}</b>")
        parts.append(f"If it works: {esc(effects_sentence(preview.on_success))}")
        parts.append(f"If it fails: {esc(effects_sentence(preview.on_failure))}")
        extra = getattr(preview, "tradeoff", "")  # the engine may add a stated trade-off or timing note
        if extra:
            parts.append(f"<i>{esc(extra)}</i>")
        return "<br>".join(parts)

    # -- to the controller ----------------------------------------------------------------
    def _on_stance_changed(self, name: str) -> None:
        if self._updating:
            return
        value = self.stance_boxes[name].currentData()
        self.controller.set_orders(replace(self.controller.pending, **{name: value}))

    def _on_action_toggled(self, action_id: str, on: bool) -> None:
        if self._updating:
            return
        actions = [a for a in self.controller.pending.actions if a != action_id]
        if on:
            actions.append(action_id)
        self.controller.set_orders(replace(self.controller.pending, actions=tuple(actions)))
