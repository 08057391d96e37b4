"""The New Game dialog and the Help texts (How to play, the rules reference, About).

The rules reference is generated from the scenario's rule files, so it can
never drift from what the engine applies.
"""
from __future__ import annotations

import random
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QTextBrowser, QVBoxLayout, QWidget)

from ui.controller import PLAYER
from ui.decisions_panel import STANCE_TITLES
from ui.text import esc, faction_name, indicator_label, readable
from wargame.actors.policies import POLICIES
from wargame.claims import CLAIMS, claim_line
from wargame.decisions import condition_words, describe_effect, effects_sentence
from wargame.indicators import BY_NAME
from wargame.metrics import METRIC_WORDS
from wargame.rules.loader import Ruleset
from wargame.scenario import ScenarioError, available_scenarios, read_manifest

MOSCOW_CHOICES = {PLAYER: "You (the player)", "hardline": "Bot: hardline (back the Idlib offensive)",
                  "deal": "Bot: deal (declare victory, negotiate)", "chips": "Bot: bargaining chips, then talks",
                  "random": "Bot: random legal choices"}
MAX_SEED = 999_999


def _scenario_title(scenario_id: str) -> str:
    """A scenario's title from its manifest (its id when the manifest cannot be read: loading it says why)."""
    try:
        return read_manifest(scenario_id).title
    except ScenarioError:
        return scenario_id


class NewGameDialog(QDialog):
    """Scenario, seed (random by default, shown so the game can be replayed) and who plays Moscow."""

    def __init__(self, scenario_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New game")
        form = QFormLayout()
        self.scenario = QComboBox()
        for sid in available_scenarios():
            title = _scenario_title(sid)
            self.scenario.addItem(title, sid)  # the title shown, the id kept as the item's data
            self.scenario.setItemData(self.scenario.count() - 1, f"Scenario id: {sid}", Qt.ItemDataRole.ToolTipRole)
        self.scenario.setCurrentIndex(max(0, self.scenario.findData(scenario_id)))
        form.addRow("&Scenario:", self.scenario)
        seed_row = QHBoxLayout()
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setValue(random.SystemRandom().randrange(1, MAX_SEED))
        self.seed.setToolTip("The same scenario, seed and orders always give the same game.")
        reroll = QPushButton("&Random")
        reroll.clicked.connect(lambda: self.seed.setValue(random.SystemRandom().randrange(1, MAX_SEED)))
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(reroll)
        seed_label = QLabel("S&eed:")
        seed_label.setBuddy(self.seed)
        form.addRow(seed_label, seed_row)
        self.moscow = QComboBox()
        for key, text in MOSCOW_CHOICES.items():
            if key == PLAYER or key in POLICIES:
                self.moscow.addItem(text, key)
        form.addRow("&Moscow played by:", self.moscow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel("Each turn is one month, from January 2017 to June 2018. The Russian presidential "
                      "election falls in March 2018 (turn 15).")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, int, str]:
        """(scenario id, seed, Moscow player) as chosen."""
        return self.scenario.currentData(), self.seed.value(), self.moscow.currentData()


HOW_TO_PLAY = """
<h2>How to play</h2>
<p>You are the Kremlin, at the end of December 2016: eastern Aleppo has just fallen to the regime and ISIS
has just retaken Palmyra. Each turn is one month, from January 2017 to June 2018. Your choices and the
other actors' answers move the front lines on the map; a rules engine applies the consequences argued in
a December 2016 analysis of Russia's options, and every change can be traced to its rule, its numbers and
its dice.</p>
<h3>A turn</h3>
<ol>
<li><b>Decide</b> in the Moscow dock: the standing stances (your overall strategy, where the air war goes
and how hard, how many Russian ground forces) stay until you change them; one-shot actions are paid from
political capital this month. Each shows its cost, its odds and its expected effects. What you cannot
afford, or what is not possible now, cannot be ticked.</li>
<li><b>End Turn</b> (Ctrl+Return). Damascus, Tehran, Ankara, Washington and the other factions answer;
operations are fought on the fronts; consequences follow.</li>
<li><b>Read the Turn report</b>, a dock raised beside Moscow's orders (the map, the charts and the log stay
in view); go back to your orders with its Moscow tab or Alt+1. View &gt; Show the turn report after each
turn stops it being raised. Then read the event log: select an event to see why it happened and what it
touched (cells outlined on the map, charts outlined in the indicators dock). Hover a chart to see what
moved it this month; click a cell (or press Enter on the map) to see its history.</li>
</ol>
<h3>Winning</h3>
<p>At the end, or when a settlement is signed or the regime collapses, Moscow's record is judged on six
objectives: a secure regime, Russian losses and cost, support at the March 2018 election, international
standing, the defeat of ISIS, and a settlement with Turkey and Iran. The verdict appears over the map.</p>
"""
# Keys that are not menu commands (the window's own commands are listed from its actions).
OTHER_KEYS = (
    ("Tab, Shift+Tab, Space, arrows", "Move between choices, tick an action, pick an option"),
    ("Arrow keys on the map", "Pan (once zoomed in)"),
    ("Enter on the map", "Select the cell under the crosshair: its history in the Position dock"),
    ("Esc or Enter", "Close the verdict shown over the map at the end of a game"),
    ("Enter or Space", "Training session: past the hand-over screen, once the next role is at the keyboard"),
)


def how_to_play_html(commands) -> str:
    """The How to play text with its keyboard table: ``commands`` are the window's (keys, what it does)
    pairs, read from its actions so that the table cannot fall behind the menus; then :data:`OTHER_KEYS`."""
    rows = "".join(f"<tr><td>{esc(keys)}</td><td>{esc(what)}</td></tr>" for keys, what in (*commands, *OTHER_KEYS))
    return f"{HOW_TO_PLAY}<h3>Keyboard</h3>\n<table cellspacing=4>{rows}</table>\n"


def rules_reference_html(rules: Ruleset) -> str:
    """Every stance, action, event, consequence rule and bot of a ruleset, in plain words."""
    stances = {name: {oid: o.label for oid, o in options.items()} for name, options in rules.stances.items()}

    def when(condition) -> str:
        return condition_words(condition, stances=stances)
    parts = ["<h2>Rules reference</h2><p>Generated from the scenario's rule files.</p>", "<h3>The argument</h3><ul>"]
    parts += [f"<li>{esc(claim_line(c))}</li>" for c in CLAIMS]
    parts.append("</ul><h3>Moscow's standing stances</h3>")
    for name, options in rules.stances.items():
        parts.append(f"<p><b>{esc(STANCE_TITLES.get(name, name.replace('_', ' ').capitalize()))}</b></p><ul>")
        parts += [f"<li><b>{esc(o.label)}</b>: {esc(o.summary)}</li>" for o in options.values()]
        parts.append("</ul>")
    parts.append("<h3>Moscow's one-shot actions</h3><ul>")
    for action in rules.actions.values():
        success = effects_sentence([describe_effect(e) for e in action.success])
        failure = effects_sentence([describe_effect(e) for e in action.failure])
        parts.append(f"<li><b>{esc(action.label)}</b> (cost {action.cost}, {esc(action.claim)}): {esc(action.summary)}"
                     f"<br>Possible when: {esc(when(action.available))}. Odds: "
                     f"{action.odds.base:.0%} + {action.odds.weight:g} &times; {esc(indicator_label(action.odds.indicator))}."
                     f"<br>If it works: {esc(success)}. If it fails: {esc(failure)}.</li>")
    parts.append("</ul><h3>Events</h3><ul>")
    parts += [_rule_item(rule, when) for rule in rules.events]
    parts.append("</ul><h3>Consequence rules (checked every month)</h3><ul>")
    parts += [_rule_item(rule, when) for rule in rules.rules]
    parts.append("</ul><h3>The other actors (priority lists, read from the top)</h3>")
    for bot in rules.bots:
        parts.append(f"<p><b>{esc(bot.name)}</b> ({esc(faction_name(bot.faction))}, up to {bot.max_operations} operations a month)</p><ol>")
        for rule in bot.rules:
            attack = f" &rarr; attacks {esc(faction_name(rule.attack.defender))} toward {esc(_place(rule.attack.objective))}" \
                if rule.attack else ""
            parts.append(f"<li><b>{esc(rule.label)}</b>: when {esc(when(rule.when))}{attack}"
                         f"{' (then stops)' if rule.stop else ''}. {esc(rule.text)}</li>")
        parts.append("</ol>")
        for choice in bot.choices:
            parts.append(f"<p><i>When a participant plays {esc(bot.name)}</i>, each month: <b>{esc(choice.label)}</b>"
                         f" (the bot keeps the first option)</p><ul>")
            for option in choice.options:
                effects = [describe_effect(e) for e in option.effects]
                if option.forces:
                    effects.append(f"{option.forces:+d} formations this month")
                parts.append(f"<li><b>{esc(option.label)}</b>: {esc('; '.join(effects) or 'no change')}. "
                             f"<i>{esc(option.text)}</i></li>")
            parts.append("</ul>")
    return "".join(parts)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _template(text: str) -> str:
    """A rule's sentence with its placeholders named: '{talks_progress}' -> '[Talks progress]'."""
    def name(match: re.Match) -> str:
        key = match.group(1)
        words = METRIC_WORDS.get(key)
        label = words.label if words is not None else indicator_label(key) if key in BY_NAME else key
        return f"[{label}]"
    return _PLACEHOLDER.sub(name, text)


def _place(place: str) -> str:
    return readable(place).title() if "_" in place or place.islower() else place


def _rule_item(rule, when) -> str:
    effects = effects_sentence([describe_effect(e) for e in rule.effects]) if rule.effects else "no direct effect"
    claim = f" [{esc(rule.claim)}]" if rule.claim else ""
    return (f"<li><b>{esc(rule.id.replace('_', ' '))}</b>{claim}: when {esc(when(rule.when))} "
            f"&rarr; {esc(effects)}.<br><i>{esc(_template(rule.text))}</i></li>")


class TextDialog(QDialog):
    """A non-modal window of rich text (help, rules reference)."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(html)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
