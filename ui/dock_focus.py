"""The keyboard stays on what the user can see: never in, nor Tabbing through, a dock covered by another tab.

Qt keeps a dock that another tab covers "visible" (moved off-screen), so by
itself it leaves the focus in a covered dock (End Turn raises the turn report
over Moscow's orders: a keyboard user could then change orders without seeing
them) and walks Tab and Shift+Tab through every covered dock's controls.

* :func:`follow_raised_dock`, connected to each dock's ``visibilityChanged``,
  moves the focus out of a dock as it is covered: into the dock raised over it
  (the turn report is then read first), else to the next control on screen.
* :func:`focus_next_prev_on_screen`, called from the main window's
  ``focusNextPrevChild``, is Qt's own Tab order with the covered docks left out.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget


def _docks_around(widget: QWidget):
    """The docks holding ``widget`` (itself included), innermost first."""
    while widget is not None:
        if isinstance(widget, QDockWidget):
            yield widget
        widget = widget.parentWidget()


def covered(widget: QWidget) -> bool:
    """Whether ``widget`` lies in a dock that cannot be seen (covered by another tab, or off-screen).
    A widget scrolled out of an on-screen dock is not covered: Tab scrolls it into view."""
    window = widget.window()
    if not window.isVisible() or window.isMinimized():
        return False  # nothing is on screen: nothing to tell apart
    return any(dock.isVisible() and dock.visibleRegion().isEmpty() for dock in _docks_around(widget))


def _takes_tab(widget: QWidget) -> bool:
    """Whether Tab may stop at ``widget`` by its own focus policy.

    Qt's own walk reads the policy of the widget's focus proxy; ``QWidget.focusProxy()`` is not
    called here because PySide6 6.11 re-parents the wrapper it returns under the (temporary) wrapper
    it is called on: dropping that one invalidates the proxy's Python wrapper and all its children
    (a scroll area's viewport handed back the indicator charts' scroll area, whose curves then
    raised "already deleted"). A compound widget's inner part is handled by
    :func:`focus_next_prev_on_screen` instead: a stop where the focus does not move is passed over.
    """
    all_controls = QGuiApplication.styleHints().tabFocusBehavior() == Qt.TabFocusBehavior.TabFocusAllControls
    wanted = Qt.FocusPolicy.TabFocus if all_controls else Qt.FocusPolicy.StrongFocus
    return widget.isEnabled() and (widget.focusPolicy().value & wanted.value) == wanted.value


def _tab_stops(window: QWidget, start: QWidget, forward: bool) -> list[QWidget]:
    """The widgets Tab (or Shift+Tab) could stop at from ``start``, in order, leaving out covered docks."""
    stops = []
    widget = start.nextInFocusChain()
    while widget is not None and widget is not start:
        if (not widget.isWindow() and _takes_tab(widget) and widget.window() is window
                and widget.isVisibleTo(window) and not covered(widget)):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops if forward else stops[::-1]


def focus_next_prev_on_screen(window: QWidget, forward: bool) -> bool:
    """Move the focus to the next (previous) control in Tab order that the user can see;
    False when there is none (what ``QWidget.focusNextPrevChild`` returns)."""
    start = window.focusWidget() or window
    reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    for stop in _tab_stops(window, start, forward):
        stop.setFocus(reason)
        if window.focusWidget() is not start:  # not a part of the focused compound widget (a spin box's edit)
            return True
    return False


def dock_focus_target(dock: QDockWidget) -> QWidget | None:
    """Where the keyboard goes in a dock: its widget's ``focus_target()``, else the widget if it takes
    the focus, else its first control in Tab order."""
    widget = dock.widget()
    if widget is None:
        return None
    target = getattr(widget, "focus_target", None)
    if callable(target):
        return target()
    if _takes_tab(widget):
        return widget
    child = widget.nextInFocusChain()
    while child is not None and child is not widget and widget.isAncestorOf(child):
        if _takes_tab(child) and child.isVisibleTo(widget) and child.isEnabled():
            return child
        child = child.nextInFocusChain()
    return widget


def follow_raised_dock(window: QMainWindow, dock: QDockWidget, visible: bool) -> None:
    """Connected to ``dock.visibilityChanged``. A dock raised over the one holding the focus takes the
    focus (End Turn raising the turn report over the orders; a tab chosen with the mouse). A dock
    leaving view with the focus in it gives the focus away once the tab change has settled (Qt
    reports the covered and the raised tab in either order)."""
    if not shiboken6.isValid(window):
        return  # the window is being destroyed: its docks report themselves hidden one by one
    focused = window.focusWidget()
    if focused is None:
        return
    if visible:
        if any(other.isAncestorOf(focused) for other in window.tabifiedDockWidgets(dock)):
            _focus_in(dock)
    elif dock.isAncestorOf(focused):
        QTimer.singleShot(0, window, lambda: _leave_covered_dock(window, dock))


def _focus_in(dock: QDockWidget) -> None:
    target = dock_focus_target(dock)
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)


def _leave_covered_dock(window: QMainWindow, dock: QDockWidget) -> None:
    """The focus is still in a covered dock: to the tab raised over it, else the next control on screen."""
    focused = window.focusWidget()
    if focused is None or not covered(focused):
        return
    raised = [other for other in window.tabifiedDockWidgets(dock) if other.isVisible() and not covered(other)]
    if raised:
        _focus_in(raised[0])
    elif not focus_next_prev_on_screen(window, True):
        focused.clearFocus()
