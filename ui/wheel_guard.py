"""Mouse-wheel discipline for controls inside scrolling docks."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


class WheelGuard(QObject):
    """Keeps the mouse wheel for scrolling the dock: a drop-down or spin box changes with the wheel only
    once it has the focus (scrolling past a standing choice must not change it)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.Wheel or watched.hasFocus():
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)  # the scroll area scrolls instead
        return True


def guard_wheel(widget: QWidget, guard: WheelGuard) -> None:
    """Let ``widget`` take the wheel only when focused (by a click or the keyboard)."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(guard)
