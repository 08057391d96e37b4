"""The training-session set-up dialog: who sits at each role, and whether an umpire may intervene.

Each role (Moscow, Damascus, Tehran, Ankara, Washington) is played by a named
participant or by the built-in bot (Moscow: one of the built-in policies). With
two or more participants the game runs hotseat: each role seals its orders in
turn behind a hand-over screen (see :mod:`ui.hotseat`).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ui.controller import PLAYER, SEAT_ORDER
from ui.dialogs import MAX_SEED, MOSCOW_CHOICES
from wargame.actors.policies import POLICIES

ROLE_TITLES = {"moscow": "Moscow", "damascus": "Damascus", "tehran": "Tehran", "ankara": "Ankara",
               "washington": "Washington"}
ROLE_BRIEFS = {
    "moscow": "stances and one-shot actions: strategy, the air war, ground forces, diplomacy",
    "damascus": "which fronts the regime attacks (Idlib, Hama, the Damascus pockets, the desert, Daraa); "
                "how it treats civilians; how far it follows Moscow",
    "tehran": "whether its militias attack on their own around Damascus; their commitment; its own demands",
    "ankara": "Euphrates Shield at al-Bab, then Manbij or Afrin; its line with Moscow",
    "washington": "the SDF's campaign against ISIS (Raqqa, then the middle Euphrates); its partners",
}
PERSON = "person"


@dataclass
class SessionChoice:
    """What the dialog was set to."""

    seed: int
    moscow: str                                           # "player" or a built-in policy
    seats: dict[str, str] = field(default_factory=dict)   # role -> participant's name
    umpire: bool = True


class SessionSetupDialog(QDialog):
    """Seat each role with a participant or a bot, choose the seed, and turn umpire mode on or off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New training session")
        self.setObjectName("session_setup")
        layout = QVBoxLayout(self)
        intro = QLabel("Seat a participant at each role people will play; the built-in bots play the others. "
                       "With two or more participants, roles decide in turn on this screen and their "
                       "choices stay hidden until the month is resolved.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        box = QGroupBox("Roles")
        grid = QGridLayout(box)
        for column, title in enumerate(("Role", "Played by", "Participant", "Decides")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.kind: dict[str, QComboBox] = {}
        self.name: dict[str, QLineEdit] = {}
        for row, role in enumerate(SEAT_ORDER, start=1):
            label = QLabel(f"&{ROLE_TITLES[role]}")
            kind = QComboBox()
            kind.setObjectName(f"seat_{role}")
            kind.addItem("A participant", PERSON)
            if role == "moscow":
                for key, text in MOSCOW_CHOICES.items():
                    if key in POLICIES:
                        kind.addItem(text, key)
            else:
                kind.addItem("Bot", "bot")
                kind.setCurrentIndex(1)
            label.setBuddy(kind)
            name = QLineEdit()
            name.setObjectName(f"name_{role}")
            name.setPlaceholderText("name")
            name.setMaxLength(60)
            kind.currentIndexChanged.connect(lambda _i, r=role: self._update(r))
            brief = QLabel(ROLE_BRIEFS[role])
            brief.setWordWrap(True)
            brief.setStyleSheet("color: palette(mid);")
            grid.addWidget(label, row, 0)
            grid.addWidget(kind, row, 1)
            grid.addWidget(name, row, 2)
            grid.addWidget(brief, row, 3)
            self.kind[role], self.name[role] = kind, name
            self._update(role)
        grid.setColumnStretch(3, 1)
        layout.addWidget(box)
        self.umpire = QCheckBox("&Umpire mode: the facilitator's console (paint cells, move the front, set a die, "
                                "play an event, adjust an indicator), every intervention recorded with its reason")
        self.umpire.setChecked(True)
        layout.addWidget(self.umpire)
        seed_row = QHBoxLayout()
        seed_row.addWidget(QLabel("S&eed:"))
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setValue(random.SystemRandom().randrange(1, MAX_SEED))
        self.seed.setToolTip("The same scenario, seed and orders always give the same game.")
        seed_row.itemAt(0).widget().setBuddy(self.seed)
        seed_row.addWidget(self.seed)
        reroll = QPushButton("&Random")
        reroll.clicked.connect(lambda: self.seed.setValue(random.SystemRandom().randrange(1, MAX_SEED)))
        seed_row.addWidget(reroll)
        seed_row.addStretch(1)
        layout.addLayout(seed_row)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start session")
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name["moscow"].setFocus()

    def _update(self, role: str) -> None:
        person = self.kind[role].currentData() == PERSON
        self.name[role].setEnabled(person)
        if not person:
            self.name[role].clear()

    def seat(self, role: str, name: str | None) -> None:
        """Seat ``name`` at ``role`` (None: the bot, or for Moscow the first built-in policy)."""
        combo = self.kind[role]
        combo.setCurrentIndex(0 if name is not None else 1)
        self.name[role].setText(name or "")

    def problems(self) -> list[str]:
        """Why the session cannot start as set (empty when it can)."""
        out = []
        for role in SEAT_ORDER:
            if self.kind[role].currentData() == PERSON and not self.name[role].text().strip():
                out.append(f"Give the name of the participant playing {ROLE_TITLES[role]}.")
        return out

    def _accept_if_valid(self) -> None:
        problems = self.problems()
        self.problem.setText(" ".join(problems))
        if not problems:
            self.accept()

    def choice(self) -> SessionChoice:
        """The session as set."""
        seats = {role: self.name[role].text().strip() for role in SEAT_ORDER
                 if self.kind[role].currentData() == PERSON}
        moscow_kind = self.kind["moscow"].currentData()
        return SessionChoice(self.seed.value(), PLAYER if moscow_kind == PERSON else moscow_kind, seats,
                             self.umpire.isChecked())
