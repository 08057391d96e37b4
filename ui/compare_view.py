"""Two games side by side: both maps at the same turn with the cells that differ outlined, and their
indicator curves overlaid. Used for a branch and the game it left, or any two saved games."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QSlider,
                               QVBoxLayout, QWidget)

from ui.controller import GameSession
from ui.map_view import MapView
from ui.text import esc, indicator_label, month_of_turn, short_month
from wargame.indicators import INDICATORS

COLOURS = ("#1f4e79", "#c0392b")
STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine)
STYLE_MARKS = ("&#9473;&#9473;", "&#9476;&#9476;")  # a solid and a dashed line drawn in text, for the title's key


class CompareView(QDialog):
    """A window comparing ``left`` and ``right`` turn by turn; it only reads the two sessions."""

    def __init__(self, left: GameSession, right: GameSession, left_name: str, right_name: str, geometry=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare: {left_name} and {right_name}")
        self.resize(1500, 900)
        self.sessions = (left, right)
        self.last = min(len(left.states), len(right.states)) - 1
        board = left.game.board
        grid = QGridLayout()
        self.maps: list[MapView] = []
        self.titles: list[QLabel] = []
        for column, (session, name) in enumerate(((left, left_name), (right, right_name))):
            title = QLabel()
            title.setTextFormat(Qt.TextFormat.RichText)
            view = MapView(board, session.states[0].control, self, geometry)
            view.setMinimumSize(400, 320)
            grid.addWidget(title, 0, column)
            grid.addWidget(view, 1, column)
            self.maps.append(view)
            self.titles.append(title)
            title.setProperty("game_name", name)
        controls = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self.last)
        self.slider.setAccessibleName("Turn compared")
        self.slider.valueChanged.connect(self.show_turn)
        self.turn_label = QLabel()
        self.differ_label = QLabel()
        self.indicator = QComboBox()
        self.indicator.addItem("Area held by ISIS (%)", "isis_area")
        self.indicator.addItem("Area held by the regime (%)", "regime_area")
        for indicator in INDICATORS:
            self.indicator.addItem(indicator.label, indicator.name)
        self.indicator.currentIndexChanged.connect(lambda _i: self._plot())
        controls.addWidget(QLabel("Turn:"))
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.turn_label)
        controls.addWidget(self.differ_label)
        controls.addWidget(QLabel("Curves:"))
        controls.addWidget(self.indicator)
        self.chart = pg.PlotWidget(background="w")
        self.chart.setFixedHeight(200)
        self.chart.setMenuEnabled(False)
        # No legend inside the plot: it sat over the curves' ends, where a branch differs. The title is the key.
        self.chart.getAxis("bottom").setTicks(
            [[(t, short_month(t)) for t in range(0, max(len(left.states), len(right.states)), 2)]])
        self.cursor = pg.InfiniteLine(0, angle=90, pen=pg.mkPen("#444", width=1.5, style=Qt.PenStyle.DotLine))
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addLayout(controls)
        layout.addWidget(self.chart)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)  # not only Esc
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout.addWidget(buttons)
        self._plot()
        self.slider.setValue(self.last)
        self.show_turn(self.last)

    def differing_cells(self, turn: int) -> tuple[int, ...]:
        """Cells held by different factions in the two games after ``turn``."""
        a, b = (s.states[turn].control for s in self.sessions)
        return tuple(i for i, (x, y) in enumerate(zip(a, b)) if x != y)

    def show_turn(self, turn: int) -> None:
        """Both maps after ``turn``, the cells that differ outlined on both."""
        differ = self.differing_cells(turn)
        for view, title, session in zip(self.maps, self.titles, self.sessions):
            view.set_control(session.states[turn].control)
            view.highlight_cells(differ)
            state = session.states[turn]
            title.setText(f"<b>{esc(title.property('game_name'))}</b> &middot; seed {session.seed} &middot; "
                          f"support {state.values['russian_domestic_support']:.0f}, "
                          f"standing {state.values['international_standing']:.0f}")
        self.turn_label.setText(f"{month_of_turn(turn)} (turn {turn})")
        self.differ_label.setText(f"{len(differ)} cells differ (outlined)")
        self.cursor.setValue(turn)

    def series(self, session: GameSession, key: str) -> list[float]:
        """One game's curve for the chosen indicator or area share."""
        if key.endswith("_area"):
            faction = key[:-5]
            return [session.area_shares(t)[faction] for t in range(len(session.states))]
        return [s.values.get(key, 0.0) for s in session.states]

    def _plot(self) -> None:
        key = self.indicator.currentData()
        self.chart.clear()
        self.chart.addItem(self.cursor)
        names = [t.property("game_name") for t in self.titles]
        for session, name, colour, style in zip(self.sessions, names, COLOURS, STYLES):
            values = self.series(session, key)
            self.chart.plot(list(range(len(values))), values, name=name, pen=pg.mkPen(colour, width=2, style=style))
        label = self.indicator.currentText() if key.endswith("_area") else indicator_label(key)
        key_text = " &nbsp; ".join(f"<span style='color:{colour}'>{mark} {esc(name)}</span>"
                                   for name, colour, mark in zip(names, COLOURS, STYLE_MARKS))
        self.chart.setTitle(f"<b>{esc(label)}</b> &nbsp; {key_text}", size="9pt", color="#222")
