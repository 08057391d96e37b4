"""Projector mode for facilitated sessions: full screen, large text, high contrast, a big clock, and
indicators the facilitator hides from the room."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

HIGH_CONTRAST = {
    QPalette.ColorRole.Window: "#000000", QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#0b0b0b", QPalette.ColorRole.AlternateBase: "#1a1a1a",
    QPalette.ColorRole.Text: "#ffffff", QPalette.ColorRole.Button: "#1a1a1a",
    QPalette.ColorRole.ButtonText: "#ffffff", QPalette.ColorRole.Highlight: "#ffd400",
    QPalette.ColorRole.HighlightedText: "#000000", QPalette.ColorRole.ToolTipBase: "#000000",
    QPalette.ColorRole.ToolTipText: "#ffffff", QPalette.ColorRole.PlaceholderText: "#bbbbbb",
}


def high_contrast_palette() -> QPalette:
    """White on black with a yellow selection: readable from the back of a room."""
    palette = QPalette()
    for role, colour in HIGH_CONTRAST.items():
        palette.setColor(role, QColor(colour))
    return palette


class DecisionClock(QLabel):
    """A big countdown of the decision phase, floating over the map's top-right corner."""

    def __init__(self, parent: QWidget | None = None, minutes: int = 10) -> None:
        super().__init__(parent)
        self.setObjectName("decision_clock")
        self.minutes = minutes
        font = QFont()
        font.setPointSize(40)
        font.setBold(True)
        self.setFont(font)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._colour = ""
        self._elapsed = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self.hide()

    def restart(self) -> None:
        """A new decision phase: count down from the set minutes."""
        self._elapsed.start()
        self._timer.start(250)
        self._tick()

    def stop(self) -> None:
        """Stop counting (out of projector mode)."""
        self._timer.stop()

    def seconds_left(self) -> int:
        """Whole seconds left in the phase (negative when over time)."""
        if not self._elapsed.isValid():
            return self.minutes * 60
        return self.minutes * 60 - self._elapsed.elapsed() // 1000

    def _tick(self) -> None:
        left = self.seconds_left()
        sign = "-" if left < 0 else ""
        self.setText(f"{sign}{abs(left) // 60:d}:{abs(left) % 60:02d}")
        colour = "#ff5050" if left < 0 else "#ffd400"  # red once the phase is over time
        if colour != self._colour:
            self._colour = colour
            self.setStyleSheet(f"#decision_clock {{ background: rgba(0,0,0,200); color: {colour};"
                               " border-radius: 10px; padding: 4px 18px; }")
        self.adjustSize()
        self.reposition()

    def reposition(self) -> None:
        """Top-right of the map."""
        parent = self.parentWidget()
        if parent is not None:
            self.move(parent.width() - self.width() - 16, 12)


def apply_palette(on: bool) -> None:
    """Switch the application between its normal palette and the high-contrast one."""
    app = QApplication.instance()
    app.setPalette(high_contrast_palette() if on else app.style().standardPalette())
