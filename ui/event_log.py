"""The event log dock: every month's events as sentences, with the why of the selected one.

Events are grouped by month, newest first. An event whose rule also fired the
month before is routine (the monthly toll of a stance, a standing effect) and
is folded under "Continuing from last month", so the log does not repeat the
same line eighteen times. Selecting an event shows its rule, the claim it
comes from, its inputs and dice, and emits ``event_selected`` so the map and
the charts can highlight what it touched.
"""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QSplitter, QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ui.controller import GameController
from ui.text import PHASES, esc, indicator_label, month_of_turn, signed
from wargame.claims import claim_line
from wargame.events import Event

UMPIRE_COLOUR = "#7b2fa0"  # the umpire's interventions, in the log and the report

EVENT_ROLE = Qt.ItemDataRole.UserRole + 1


def routine_rules(previous: Sequence[Event]) -> set[str]:
    """Rules that fired last month (an event of the same rule this month is routine)."""
    return {e.rule for e in previous if e.phase in ("consequences", "moscow", "actors") and e.rule != "moscow.stances"}


class EventLog(QWidget):
    """A tree of months and events over a detail pane."""

    event_selected = Signal(object)  # Event, or None when the selection is cleared

    def __init__(self, controller: GameController, game_names, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.place_near = game_names  # cells -> nearest place name
        self.hidden: set[str] = set()  # indicators hidden from the room: their moves are not shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget()
        self.tree.setObjectName("event_tree")
        self.tree.setHeaderLabels(["What happened", "Kind", "Claim"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long lines wrap
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.detail = QTextBrowser()
        self.detail.setObjectName("event_detail")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Select an event to see its rule, claim, inputs and dice.")
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter)
        controller.game_started.connect(self.rebuild)
        controller.turn_resolved.connect(lambda _result: self.add_turn(len(self.controller.session.events) - 1))

    def focus_target(self) -> QWidget:
        """Where the keyboard goes when the dock is chosen (Alt+3): the list of events."""
        return self.tree

    def rebuild(self) -> None:
        """Show every turn of the session (after a new game or a load)."""
        self.tree.clear()
        self.detail.clear()
        for turn in range(0, len(self.controller.session.events)):
            self.add_turn(turn)

    def add_turn(self, turn: int) -> QTreeWidgetItem | None:
        """Add the events of ``turn`` at the top of the log, expanded; older months collapse."""
        session = self.controller.session
        if turn < 0 or turn >= len(session.events) or (turn == 0 and not session.events[0]):
            return None  # the opening has events only when the umpire changed it
        events = session.events[turn]
        routine = routine_rules(session.events[turn - 1]) if turn else set()
        for index in range(self.tree.topLevelItemCount()):
            self.tree.topLevelItem(index).setExpanded(False)
        title = f"{month_of_turn(turn)} (turn {turn})" if turn else f"{month_of_turn(0)} (the opening)"
        month = QTreeWidgetItem([title, "", ""])
        bold = QFont()
        bold.setBold(True)
        month.setFont(0, bold)
        self.tree.insertTopLevelItem(0, month)
        folded = [e for e in events if e.rule in routine]
        for event in events:
            if event.rule not in routine:
                month.addChild(self._item(event))
        if folded:
            group = QTreeWidgetItem([f"Continuing from last month ({len(folded)} effects)", "", ""])
            group.setToolTip(0, "Standing effects that also applied last month")
            for event in folded:
                group.addChild(self._item(event))
            month.addChild(group)
        month.setExpanded(True)
        return month

    def _item(self, event: Event) -> QTreeWidgetItem:
        item = QTreeWidgetItem([event.text, PHASES.get(event.phase, event.phase), event.claim])
        item.setData(0, EVENT_ROLE, event)
        if event.phase == "umpire":  # the umpire's hand is marked wherever the game is shown
            item.setText(0, f"\u2691 {event.text}")
            item.setForeground(0, QBrush(QColor(UMPIRE_COLOUR)))
            item.setForeground(1, QBrush(QColor(UMPIRE_COLOUR)))
        item.setToolTip(0, event.text)
        if event.claim:
            item.setToolTip(2, claim_line(event.claim))
        return item

    def show_month(self, turn: int) -> None:
        """Open and select the month of ``turn`` (the timeline moved there)."""
        title = f"{month_of_turn(turn)} (turn {turn})"
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            item.setExpanded(item.text(0) == title)
            if item.text(0) == title:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item, QTreeWidget.ScrollHint.PositionAtTop)

    def events_shown(self) -> list[Event]:
        """Every event in the log (for tests and exports)."""
        out = []

        def walk(item: QTreeWidgetItem) -> None:
            event = item.data(0, EVENT_ROLE)
            if event is not None:
                out.append(event)
            for i in range(item.childCount()):
                walk(item.child(i))
        for index in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(index))
        return out

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        event = current.data(0, EVENT_ROLE) if current is not None else None
        self.detail.setHtml(self.explain(event) if event is not None else "")
        self.event_selected.emit(event)

    def explain(self, event: Event) -> str:
        """The 'why' of an event: rule, claim, inputs, dice, cells and indicator changes, as HTML."""
        parts = [f"<p><b>{esc(event.text)}</b></p>",
                 f"<p>Kind: {esc(PHASES.get(event.phase, event.phase))} &middot; rule <code>{esc(event.rule)}</code></p>"]
        if event.claim:
            parts.append(f"<p>Argument: {esc(claim_line(event.claim))}</p>")
        changes = {k: v for k, v in event.changes.items() if k not in self.hidden}
        if changes:
            rows = "".join(f"<tr><td>{esc(indicator_label(k))}</td><td align=right>{signed(v)}</td></tr>"
                           for k, v in changes.items())
            parts.append(f"<p>Indicators it moved:</p><table cellspacing=4>{rows}</table>")
        if event.cells:
            parts.append(f"<p>Map: {len(event.cells)} cell{'s' if len(event.cells) != 1 else ''} changed hands "
                         f"near {esc(self.place_near(event.cells))} (outlined on the map).</p>")
        if event.inputs:
            rows = "".join(f"<tr><td>{esc(str(k).replace('_', ' '))}</td><td>{esc(_value(v))}</td></tr>"
                           for k, v in event.inputs.items() if k not in ("taken", "lost"))
            parts.append(f"<p>Inputs:</p><table cellspacing=4>{rows}</table>")
        if event.dice:
            rows = "".join(f"<tr><td>{esc(d.get('purpose', ''))}</td><td>{esc(d.get('kind', ''))}</td>"
                           f"<td align=right>{float(d.get('value', 0)):.3f}</td></tr>" for d in event.dice)
            parts.append(f"<p>Dice:</p><table cellspacing=4>{rows}</table>")
        return "".join(parts)


def _value(value) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value[:12]) + (" …" if len(value) > 12 else "")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in list(value.items())[:12])
    return str(value)
