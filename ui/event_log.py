"""The event log dock: every month's events as sentences, with the why of the selected one.

Events are grouped by month, newest first. An event whose rule also fired the
month before is routine (the monthly toll of a stance, a standing effect) and
is folded under "Continuing from last month", so the log does not repeat the
same line eighteen times. Selecting an event shows its rule, the claim it
comes from, its inputs and dice, and emits ``event_selected`` so the map and
the charts can highlight what it touched.
"""
from __future__ import annotations

import re
from typing import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QSplitter, QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ui.controller import GameController
from ui.decisions_panel import STANCE_TITLES
from ui.text import PHASES, esc, faction_name, indicator_label, month_of_turn, readable, signed
from wargame.claims import claim_line
from wargame.decisions import condition_words
from wargame.events import Event
from wargame.factions import BY_ID as FACTIONS
from wargame.indicators import BY_NAME

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
        # Last month's selection would now sit in a folded month, its detail and map outline stale:
        # a new month starts with nothing selected (the detail pane shows its hint again).
        self.tree.clearSelection()
        self.tree.setCurrentIndex(QModelIndex())
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
        words = InputWords(self.controller.game)
        parts = [f"<p><b>{esc(event.text)}</b></p>",
                 f"<p>Kind: {esc(PHASES.get(event.phase, event.phase))} &middot; {esc(words.rule_title(event.rule))}</p>"]
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
            shown = {k: v for k, v in event.inputs.items()
                     if k not in ("taken", "lost") and not (k == "operation" and event.rule.startswith("op."))}
            if isinstance(shown.get("condition"), str):
                shown["condition"] = words.condition(event.rule, shown["condition"])
            rows = "".join(f"<tr><td>{esc(words.name(k))}:</td><td>{esc(words.value(k, v))}</td></tr>"
                           for k, v in shown.items())
            parts.append(f"<p>Inputs:</p><table cellspacing=4>{rows}</table>")
            parts.append(how_decided(event.inputs))
        # Ids a player needs only to look something up (in the rule files, a record) come last, labelled as such.
        parts.append(f"<p style='color:#555'>Technical detail: rule id <code>{esc(event.rule)}</code></p>")
        if event.dice:
            rows = "".join(f"<tr><td>{esc(d.get('purpose', ''))}</td><td>{esc(d.get('kind', ''))}</td>"
                           f"<td align=right>{float(d.get('value', 0)):.3f}</td></tr>" for d in event.dice)
            parts.append(f"<p style='color:#555'>Dice:</p><table cellspacing=4 style='color:#555'>{rows}</table>")
        return "".join(parts)


def how_decided(inputs: dict) -> str:
    """A sentence on how the dice settled an operation or an action (HTML), or ''."""
    from wargame.operations import ADVANCE_AT, ROLL_HIGH, ROLL_LOW

    if isinstance(inputs.get("ratio"), (int, float)) and isinstance(inputs.get("roll"), (int, float)):
        ratio, roll = inputs["ratio"], inputs["roll"]
        product = ratio * roll
        side = "above" if product > ADVANCE_AT else "not above"
        return (f"<p>How it was decided: the force ratio {ratio:.2f} (the attacker's strength over the "
                f"defender's, after the modifiers) times the roll {roll:.2f} (the month's luck, drawn between "
                f"{ROLL_LOW} and {ROLL_HIGH}) makes {product:.2f}, {side} {ADVANCE_AT}. Above it the attacker "
                f"gains ground, the more the higher; below it the attack stalls, and well below it the defender "
                f"wins ground back.</p>")
    if isinstance(inputs.get("probability"), (int, float)) and isinstance(inputs.get("success"), bool):
        outcome = "succeeded" if inputs["success"] else "failed"
        return (f"<p>How it was decided: a {inputs['probability']:.0%} chance of success; "
                f"the die said it {outcome}.</p>")
    return ""


# How the inputs an event carries are named in the detail pane (others: their key in words).
INPUT_NAMES = {
    "actor": "Actor", "attacker": "Attacker", "defender": "Defender", "besieger": "Besieger", "winner": "Winner",
    "objective": "Objective", "operation": "Operation", "forces": "Formations committed",
    "forces_left": "Formations left", "condition": "When", "actions": "Actions", "changed": "Stances changed",
    "cost": "Cost", "probability": "Odds", "roll": "Roll", "success": "Succeeded", "ratio": "Force ratio",
    "pocket_cells": "Cells in the pocket", "battle": "Battle", "modifiers": "Modifiers", "choice": "Choice",
    "option": "Option", "skipped": "Skipped",
}
_PROPER = {"syria": "Syria", "isis": "ISIS", "hts": "HTS", "saa": "SAA", "us": "US", "idlib": "Idlib",
           "tehran": "Tehran", "turkey": "Turkey", "palmyra": "Palmyra", "damascus": "Damascus", "russia": "Russia",
           "washington": "Washington", "aleppo": "Aleppo"}
_FACTION_INPUTS = {"attacker", "defender", "besieger", "winner", "holder", "faction"}
_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*\b")


class InputWords:
    """Names for what an event's inputs hold: places, factions, actors, stances and actions by their
    names rather than their ids."""

    def __init__(self, game) -> None:
        self.places = {pid: place.name for pid, place in game.board.places.items()}
        self.rules = game.rules
        self.bots = {bot.id: bot for bot in game.rules.bots}
        self.conditions = {rule.id: rule.when for rule in (*game.rules.rules, *game.rules.events)}
        self.conditions.update({f"bot.{bot.id}.{rule.id}": rule.when for bot in game.rules.bots for rule in bot.rules})

    def condition(self, rule: str, quoted: str) -> str:
        """The condition an event quotes, in words (the rule's own, if it still reads as quoted)."""
        when = self.conditions.get(rule)
        if when is not None and when.describe() == quoted:
            stances = {name: {oid: o.label for oid, o in options.items()} for name, options in self.rules.stances.items()}
            return condition_words(when, places=self.places, stances=stances)
        return self.words(quoted)

    def rule_title(self, rule: str) -> str:
        """A rule id as a title: 'Damascus: Retake Palmyra', 'Moscow's action: ...', 'Consequence: war cost bites'."""
        head, _, rest = rule.partition(".")
        if head == "action" and rest in self.rules.actions:
            return f"Moscow's action: {self.rules.actions[rest].label}"
        if head in ("bot", "orders"):
            bot_id, _, rule_id = rest.partition(".")
            bot = self.bots.get(bot_id)
            if bot is not None:
                label = next((r.label for r in bot.rules if r.id == rule_id), _plain(rule_id))
                return f"{bot.name}: {label}"
        if head == "op" and rest.count(":") == 2:
            return f"Operation: {self.operation(rest)}"
        if head == "moscow":
            return "Moscow's stances"
        if head == "end":
            return "End of the game"
        if head in ("siege", "remnants"):
            return (f"Besieged {self.words(rest)} pockets" if head == "siege" else f"Remnants: {self.words(rest)}")
        text = " ".join(_PROPER.get(word, word) for word in _plain(rule).split())
        return text[:1].upper() + text[1:]

    def operation(self, op: str) -> str:
        attacker, objective, defender = op.split(":")
        return f"{faction_name(attacker)} attack on {self.place(objective)} (held by {faction_name(defender)})"

    def place(self, place: str) -> str:
        return self.places.get(place, _plain(place))

    def name(self, key) -> str:
        key = str(key)
        if key in INPUT_NAMES:
            return INPUT_NAMES[key]
        if key in STANCE_TITLES:
            return STANCE_TITLES[key]
        if key in BY_NAME:
            return indicator_label(key)
        return _plain(key).capitalize()

    def words(self, text: str) -> str:
        """Ids in a line (places, indicators, factions) as names."""
        def swap(match: re.Match) -> str:
            word = match.group(0)
            if word in self.places:
                return self.places[word]
            return readable(word) if ("_" in word or word in BY_NAME or word in FACTIONS) else word
        return _ID.sub(swap, text)

    def value(self, key, value) -> str:
        key = str(key)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            if key in _FACTION_INPUTS:
                return faction_name(value)
            if key == "actor":
                bot = self.bots.get(value)
                return bot.name if bot is not None else faction_name(value)
            if key in ("objective", "place"):
                return self.place(value)
            if key == "operation" and value.count(":") == 2:
                return self.operation(value)
            if key in self.rules.stances and value in self.rules.stances[key]:
                return self.rules.stance(key, value).label
            if key == "changed" and " -> " in value:
                stance, option = value.split(" -> ", 1)
                if stance in self.rules.stances and option in self.rules.stances[stance]:
                    return f"{STANCE_TITLES.get(stance, stance)}: {self.rules.stance(stance, option).label}"
            return self.words(value)
        if isinstance(value, float) and key == "probability":
            return f"{value:.0%}"
        if isinstance(value, (list, tuple)):
            if key in ("actions", "changed"):
                shown = [self.rules.actions[a].label if a in self.rules.actions else self.value(key, a) for a in value]
                return "; ".join(shown) or "none"
            text = ", ".join(self.value(key, v) for v in value[:12]) + (" …" if len(value) > 12 else "")
            return text or "none"
        if isinstance(value, dict):
            return ", ".join(f"{self.name(k).lower() if k not in BY_NAME else self.name(k)} {self.value(k, v)}"
                             for k, v in list(value.items())[:12])
        return _value(value)


def _plain(name: str) -> str:
    return str(name).replace("_", " ")


def _value(value) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value[:12]) + (" …" if len(value) > 12 else "")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in list(value.items())[:12])
    return str(value)
