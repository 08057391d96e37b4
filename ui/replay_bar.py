"""The timeline under the map: step or play through the turns of a game, bookmark them and note them.

The bar only chooses which turn is shown (``turn_chosen``); the window shows
that turn's map, charts and log from the session, so looking at the past
never changes the record. Bookmarks and notes are the exception: they are
the user's own annotations and are stored in the record.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSlider, QStyle,
                               QToolButton, QWidget)

from ui.text import short_month

SPEEDS = (("0.5 s a turn", 500), ("1 s a turn", 1000), ("2 s a turn", 2000))


class ReplayBar(QWidget):
    """First, back, play/pause, forward, last; a turn slider; speed; bookmark and note; Play from here."""

    turn_chosen = Signal(int)
    branch_requested = Signal(int)
    note_edited = Signal(int, str)
    bookmark_toggled = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replay_bar")
        self.last = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.buttons: dict[str, QToolButton] = {}
        pixmaps = QStyle.StandardPixmap
        for key, icon, tip in (("first", pixmaps.SP_MediaSkipBackward, "First turn"),
                               ("back", pixmaps.SP_MediaSeekBackward, "Previous turn"),
                               ("play", pixmaps.SP_MediaPlay, "Play through the turns"),
                               ("forward", pixmaps.SP_MediaSeekForward, "Next turn"),
                               ("last", pixmaps.SP_MediaSkipForward, "The present")):
            button = QToolButton()
            button.setIcon(self.style().standardIcon(icon))
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setAutoRaise(True)
            layout.addWidget(button)
            self.buttons[key] = button
        self.buttons["play"].setCheckable(True)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("turn_slider")
        self.slider.setPageStep(3)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setAccessibleName("Turn shown")
        self.slider.setMinimumWidth(120)  # with large text the note and the buttons give way first
        layout.addWidget(self.slider, 1)
        self.where = QLabel()
        self._fit_where()
        layout.addWidget(self.where)
        self.speed = QComboBox()
        for text, ms in SPEEDS:
            self.speed.addItem(text, ms)
        self.speed.setCurrentIndex(1)
        self.speed.setToolTip("Replay speed")
        layout.addWidget(self.speed)
        self.bookmark = QToolButton()
        self.bookmark.setText("Bookmark")
        self.bookmark.setCheckable(True)
        self.bookmark.setToolTip("Bookmark this turn")
        self.bookmark.setAccessibleName("Bookmark this turn")
        layout.addWidget(self.bookmark)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note on this turn…")
        self.note.setMaximumWidth(260)
        layout.addWidget(self.note)
        self.branch_button = QPushButton("Play from here")
        self.branch_button.setToolTip("Start a new game from the turn shown; this game stays as it is")
        layout.addWidget(self.branch_button)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_tick)
        self.buttons["first"].clicked.connect(lambda: self.slider.setValue(0))
        self.buttons["back"].clicked.connect(lambda: self.slider.setValue(self.slider.value() - 1))
        self.buttons["forward"].clicked.connect(lambda: self.slider.setValue(self.slider.value() + 1))
        self.buttons["last"].clicked.connect(lambda: self.slider.setValue(self.last))
        self.buttons["play"].toggled.connect(self._on_play_toggled)
        self.speed.currentIndexChanged.connect(lambda _i: self.timer.setInterval(self.speed.currentData()))
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.bookmark.toggled.connect(lambda on: self.bookmark_toggled.emit(self.slider.value(), on))
        self.note.editingFinished.connect(lambda: self.note_edited.emit(self.slider.value(), self.note.text()))
        self.branch_button.clicked.connect(lambda: self.branch_requested.emit(self.slider.value()))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size (View > Text size)
            self._fit_where()
            side = max(16, round(self.fontMetrics().height() * 1.1))  # the buttons' icons grow with the text
            for button in self.buttons.values():
                button.setIconSize(QSize(side, side))

    def _fit_where(self) -> None:
        """Room for the longest 'Viewing: …' at the bar's font, so the slider does not jump."""
        widest = f"Viewing: {short_month(0)} (turn 88/88)"
        self.where.setMinimumWidth(max(150, self.fontMetrics().horizontalAdvance(widest) + 8))

    @property
    def turn(self) -> int:
        """The turn shown."""
        return self.slider.value()

    def set_range(self, last: int, shown: int | None = None) -> None:
        """The game now has turns 0..``last``; show ``shown`` (default: the last)."""
        self.last = last
        self.slider.blockSignals(True)
        self.slider.setRange(0, last)
        self.slider.setValue(last if shown is None else shown)
        self.slider.blockSignals(False)
        self._update_controls()

    def set_annotations(self, note: str, bookmarked: bool) -> None:
        """Show the shown turn's note and bookmark (without emitting edits)."""
        self.note.blockSignals(True)
        self.bookmark.blockSignals(True)
        self.note.setText(note)
        self.bookmark.setChecked(bookmarked)
        self.bookmark.setText("Bookmarked" if bookmarked else "Bookmark")
        self.note.blockSignals(False)
        self.bookmark.blockSignals(False)

    def _on_slider_moved(self, turn: int) -> None:
        self._update_controls()
        self.turn_chosen.emit(turn)

    def _update_controls(self) -> None:
        turn = self.slider.value()
        live = turn == self.last
        self.where.setText(f"{'Now' if live else 'Viewing'}: {short_month(turn)} (turn {turn}/{self.last})")
        self.buttons["back"].setEnabled(turn > 0)
        self.buttons["first"].setEnabled(turn > 0)
        self.buttons["forward"].setEnabled(not live)
        self.buttons["last"].setEnabled(not live)
        self.buttons["play"].setEnabled(self.last > 0)
        self.branch_button.setEnabled(not live)

    def _on_play_toggled(self, on: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        self.buttons["play"].setIcon(self.style().standardIcon(icon))
        if on:
            if self.slider.value() >= self.last:
                self.slider.setValue(0)
            self.timer.start(self.speed.currentData())
        else:
            self.timer.stop()

    def _on_tick(self) -> None:
        if self.slider.value() >= self.last:
            self.buttons["play"].setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)
