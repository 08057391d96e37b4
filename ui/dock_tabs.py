"""Stray tab bars that Qt leaves in a main window, found and hidden.

QMainWindow in Qt 6.11 (PySide6 6.11.3) leaves a second tab bar visible when a
dock is tabified into a group after another tab group exists, and another
after every ``restoreState``: the stray keeps the geometry of an earlier
layout and is painted over the map or the docks ("Indicators | What if"
twice, one of them floating over the timeline). The tab bar the layout uses
lies against the current dock of its group; any other visible tab bar of the
window showing the same tabs is a stray. A tab bar is hidden only when the one
in use is found for certain, so the player never loses the tabs.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

TOUCH = 4  # px: how far a tab bar in use may lie from the edge of its dock


def _gap(bar: QRect, dock: QRect) -> int:
    """How far ``bar`` lies from sitting against ``dock``'s lower or upper edge, level with it."""
    vertical = min(abs(bar.top() - dock.bottom() - 1), abs(dock.top() - bar.bottom() - 1))
    return vertical + abs(bar.left() - dock.left())


def hide_stray_tab_bars(window: QMainWindow) -> int:
    """Hide the stray tab bars of ``window``; returns how many."""
    bars = [bar for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if bar.isVisibleTo(window) and bar.count() > 0]
    groups: dict[tuple[str, ...], list[QTabBar]] = {}
    for bar in bars:
        groups.setdefault(tuple(bar.tabText(i) for i in range(bar.count())), []).append(bar)
    docks = [dock for dock in window.findChildren(QDockWidget) if dock.isVisibleTo(window) and not dock.isFloating()]
    hidden = 0
    for titles, group in groups.items():
        if len(group) < 2:
            continue
        # The group's dock on top is the one placed on screen (the covered ones are moved out of sight).
        shown = [dock for dock in docks if dock.windowTitle() in titles and dock.geometry().left() >= 0
                 and dock.geometry().top() >= 0]
        if len(shown) != 1:
            continue
        gaps = sorted((_gap(bar.geometry(), shown[0].geometry()), index) for index, bar in enumerate(group))
        if gaps[0][0] > TOUCH or (len(gaps) > 1 and gaps[1][0] <= TOUCH):
            continue  # not sure which bar the layout uses: leave them all
        keep = group[gaps[0][1]]
        for bar in group:
            if bar is not keep:
                bar.hide()
                hidden += 1
    return hidden
