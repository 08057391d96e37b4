"""The indicators dock: a pyqtgraph chart of every indicator over the turns so far, in groups.

Each chart's title shows the value of the month on show (the latest, or the
one the timeline shows) and its change from the month before; hovering it
lists what moved it that month (the events that changed it, with their
amounts). Selecting an event in the log outlines the charts it touched.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextDocumentFragment
from PySide6.QtWidgets import QGridLayout, QScrollArea, QTabWidget, QWidget

from ui import text_size, theme
from ui.controller import GameController
from ui.text import esc, indicator_label, indicator_value, short_month, signed
from wargame.engine import ELECTION_TURN
from wargame.events import Event
from wargame.factions import BY_ID, FACTION_IDS
from wargame.indicators import INDICATORS

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Russia at home", ("russian_domestic_support", "russian_casualties", "russian_war_cost")),
    ("Battlefield", ("area_share", "regime_cohesion", "regime_manpower", "isis_strength", "opposition_strength",
                     "jihadist_share_idlib", "insurgency", "oil_gas_revenue")),
    ("Diplomacy", ("international_standing", "talks_progress", "ceasefire_level", "turkey_relations",
                   "us_relations", "iran_influence")),
    ("Humanitarian", ("civilian_deaths", "displaced")),
)
AREA_CHART = "area_share"
CHART_WIDTH = 230  # pixels a chart needs for its title and value at the usual text size
CHART_HEIGHT = 100  # least height of a chart at the usual text size
TITLE_PT = 8.0     # a chart's title, at the usual text size
TICK_PT = 8.0      # its tick labels (grown only moderately with the text size: see ui.text_size.moderate)
LINE = QColor("#1f4e79")


def grouped_indicators() -> list[tuple[str, list[str]]]:
    """The groups with every indicator the engine has (new ones land in 'Other')."""
    known = {name for _, names in GROUPS for name in names}
    groups = [(title, list(names)) for title, names in GROUPS]
    others = [i.name for i in INDICATORS if i.name not in known]
    if others:
        groups.append(("Other", others))
    return groups


class IndicatorChart(pg.PlotWidget):
    """One small chart: an indicator (or the area held by each faction) against the turn."""

    def __init__(self, name: str, last_turn: int) -> None:
        super().__init__(background="w")
        self.name = name
        self.setObjectName(f"chart_{name}")
        self.setMinimumHeight(CHART_HEIGHT)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setXRange(0, last_turn, padding=0.02)
        self.last_turn = last_turn
        self._tick_step = 0
        self._title = ""
        self._text_scale = 0.0
        self.follow_text_size()
        self._set_ticks(3)
        election = pg.InfiniteLine(ELECTION_TURN, angle=90, pen=pg.mkPen("#8a2be2", width=1, style=Qt.PenStyle.DashLine),
                                   label="election", labelOpts={"position": 0.9, "color": "#8a2be2"})
        self.addItem(election)
        self.election = election
        self._text_scale = 0.0
        self.follow_text_size()  # the election's label too
        # The turn the timeline shows, when it is not the present.
        self.cursor = pg.InfiniteLine(0, angle=90, pen=pg.mkPen("#444", width=1.5, style=Qt.PenStyle.DotLine))
        self.cursor.setVisible(False)
        self.addItem(self.cursor)
        self.curves: dict[str, pg.PlotDataItem] = {}
        if name == AREA_CHART:
            self.setYRange(0, 70)
            # No legend inside so small a chart (it covered the curves and widened the plot past the
            # widget): the title names each faction in its colour, the tooltip gives each line's dashes.
            for faction in FACTION_IDS:
                pen = pg.mkPen(theme.FACTION_COLOURS[faction], width=2, style=_faction_pen_style(faction))
                self.curves[faction] = self.plot([], [], pen=pen, name=BY_ID[faction].short)
        else:
            self.curves[name] = self.plot([], [], pen=pg.mkPen(LINE, width=2), symbol="o", symbolSize=4,
                                          symbolBrush=LINE, symbolPen=None)
        self.set_highlight(False)

    def set_series(self, series: dict[str, Sequence[float]], title: str, tooltip: str) -> None:
        """Replace the curves' data, the title and the hover text."""
        for key, values in series.items():
            if key in self.curves:
                self.curves[key].setData(list(range(len(values))), list(values))
        self.set_title(title, tooltip)

    def set_title(self, title: str, tooltip: str) -> None:
        """Replace the title and the hover text only (the timeline moved; the curves stay)."""
        self._title = title
        self._fit_title()
        self.setToolTip(tooltip)

    def _fit_title(self) -> None:
        """The title, shortened to the chart's width if need be: the indicator's name gives way
        (ending in an ellipsis, in full in the tooltip), never the value and its change."""
        title = self._title
        font = QFont()
        font.setPointSizeF(text_size.points(TITLE_PT))
        metrics = QFontMetricsF(font)
        room = max(40.0, self.width() - 44.0)  # the title is centred over the plot, not the axis margin
        plain = QTextDocumentFragment.fromHtml(title).toPlainText()
        if metrics.horizontalAdvance(plain) > room:
            head, sep, tail = title.rpartition(": ")
            if sep and "<" not in head:
                keep = max(20.0, room - metrics.horizontalAdvance(sep + QTextDocumentFragment.fromHtml(tail).toPlainText()))
                title = metrics.elidedText(head, Qt.TextElideMode.ElideRight, keep) + sep + tail
        self.setTitle(title, size=f"{font.pointSizeF():.1f}pt", color="#222")
        text_size.fit_title(self.getPlotItem())

    def follow_text_size(self) -> None:
        """Title, tick labels and least height for the window's text size (ui.text_size): the tick
        labels grow moderately and a narrow chart labels fewer months, so the plot keeps its room."""
        factor = text_size.scale()
        if factor == self._text_scale:
            return
        self._text_scale = factor
        font = QFont()
        font.setPointSizeF(text_size.moderate(TICK_PT))
        for axis in ("bottom", "left"):
            text_size.set_tick_font(self.getAxis(axis), font)
        self.setMinimumHeight(int(CHART_HEIGHT * (1.0 + (factor - 1.0) * 0.6)))
        if hasattr(self, "election"):
            self.election.label.setFont(font)
        self._tick_step = 0
        self._set_ticks(self._wanted_step())
        if self._title:
            self._fit_title()

    def _wanted_step(self) -> int:
        return 3 if self.width() >= 340 * text_size.moderate(TICK_PT) / TICK_PT else 6

    def _set_ticks(self, step: int) -> None:
        """Month labels every three months, or on a narrow chart (for the tick labels' size) every
        six from January 2017 (Jan 17, Jul 17, Jan 18), so they never run into each other."""
        if step != self._tick_step:
            self._tick_step = step
            turns = range(0, self.last_turn + 1, 3) if step == 3 else range(1, self.last_turn + 1, 6)
            self.getAxis("bottom").setTicks([[(t, short_month(t)) for t in turns]])

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if "_title" not in self.__dict__:
            return  # a resize during PlotWidget's own __init__, before this chart is set up
        self._set_ticks(self._wanted_step())
        if self._title:
            self._fit_title()

    def settle(self) -> None:
        """Fit the ranges to new data now instead of in the next paint. pyqtgraph fits them as a
        paint begins, and what that moves (axes, curves, the election line's label, whose move asks
        for one more fit) made each chart paint twice after every turn, each time in a pass of
        its own over the window; fitting twice here leaves nothing for the paint to change."""
        scene = self.scene()
        scene.prepareForPaint()
        scene.prepareForPaint()

    highlighted: bool | None = None

    def set_highlight(self, on: bool) -> None:
        """Outline the chart (an event touched its indicator)."""
        if on == self.highlighted:
            return  # a new style sheet re-polishes and repaints the chart: every turn clears the outlines
        self.setStyleSheet("border: 3px solid #d4a000;" if on else "border: 1px solid #c8c8c8;")
        self.highlighted = on


def _title_colour(faction: str) -> str:
    """A faction's line colour for text on white: light ones (the SDF's yellow) darkened to be read."""
    colour = QColor(theme.FACTION_COLOURS[faction])
    return (colour.darker(160) if colour.lightness() > 150 else colour).name()


LINE_STYLE_WORDS = {Qt.PenStyle.SolidLine: "solid line", Qt.PenStyle.DashLine: "dashed line",
                    Qt.PenStyle.DotLine: "dotted line", Qt.PenStyle.DashDotLine: "dash-dot line",
                    Qt.PenStyle.DashDotDotLine: "dash-dot-dot line"}


def _faction_pen_style(faction: str) -> Qt.PenStyle:
    # Not colour alone: each faction's curve has its own dash pattern too.
    return theme.FACTION_LINE_STYLES.get(faction, Qt.PenStyle.SolidLine)


class IndicatorsDock(QTabWidget):
    """Tabs of charts (Russia at home, the battlefield, diplomacy, humanitarian).

    A tab's charts are built the first time it is shown (or asked for), so the
    window opens fast; every built chart follows each turn.
    """

    def __init__(self, controller: GameController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.charts: dict[str, IndicatorChart] = {}
        self._tab_names: list[list[str]] = []
        self._built: list[bool] = []
        for title, names in grouped_indicators():
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(QWidget())
            self.addTab(scroll, title)
            self._tab_names.append(names)
            self._built.append(False)
        self._highlighted: set[str] = set()
        self._cursor: int | None = None
        self.hidden: set[str] = set()  # indicators the facilitator hides from the room
        self.currentChanged.connect(self._on_tab_changed)
        controller.game_started.connect(self.refresh)
        controller.turn_resolved.connect(lambda _result: self.refresh())
        self._build_tab(0)

    def _build_tab(self, index: int) -> None:
        if index < 0 or self._built[index]:
            return
        self._built[index] = True
        page = self.widget(index).widget()
        grid = QGridLayout(page)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(4)
        last_turn = self.controller.game.last_turn
        for name in self._tab_names[index]:
            chart = IndicatorChart(name, last_turn)
            self.charts[name] = chart
            chart.setVisible(name not in self.hidden)
            if self.controller.session.states:
                self._refresh_chart(name, chart)
                chart.set_highlight(name in self._highlighted)
            self._place_cursor(chart)
        self._place_charts(index)

    def _columns(self, index: int) -> int:
        """Charts a row: as many as the dock's width gives each about CHART_WIDTH pixels (two to four;
        three at most for a tab of few charts), so a title and its value stay readable."""
        most = 4 if len(self._tab_names[index]) > 6 else 3
        return max(2, min(most, int(self.width() // (CHART_WIDTH * text_size.scale()))))

    def _place_charts(self, index: int) -> None:
        """Lay a built tab's charts out in rows for the dock's present width."""
        grid = self.widget(index).widget().layout()
        columns = self._columns(index)
        if grid.property("columns") == columns:
            return
        grid.setProperty("columns", columns)
        charts = [self.charts[name] for name in self._tab_names[index]]
        for chart in charts:
            grid.removeWidget(chart)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        position = 0
        for chart in charts:
            # The area held is the battlefield's headline: two columns wide, so its key fits its title.
            span = 2 if chart.name == AREA_CHART and position % columns < columns - 1 else 1
            grid.addWidget(chart, position // columns, position % columns, 1, span)
            position += span
        for column in range(columns):
            grid.setColumnStretch(column, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        for index, built in enumerate(self._built):
            if built:
                self._place_charts(index)

    def _on_tab_changed(self, index: int) -> None:
        self._build_tab(index)

    def chart(self, name: str) -> IndicatorChart:
        """The chart of an indicator (or ``area_share``), built if its tab has not been shown yet."""
        if name not in self.charts:
            index = next(i for i, names in enumerate(self._tab_names) if name in names)
            self._build_tab(index)
        return self.charts[name]

    def refresh(self) -> None:
        """Redraw every built chart from the session's turns."""
        for name, chart in self.charts.items():
            self._refresh_chart(name, chart)
            if chart.isVisible():  # a chart on a tab not shown fits its ranges when it is painted
                chart.settle()
        self.highlight(())

    def _shown(self) -> int:
        """The turn the titles speak of: the one the timeline shows, else the latest."""
        last = len(self.controller.session.states) - 1
        return last if self._cursor is None else max(0, min(self._cursor, last))

    def _refresh_chart(self, name: str, chart: IndicatorChart) -> None:
        session = self.controller.session
        states = session.states
        if name == AREA_CHART:
            shares = [session.area_shares(t) for t in range(len(states))]
            series = {f: [row[f] for row in shares] for f in FACTION_IDS}
            chart.set_series(series, *self._area_title(shares[self._shown()]))
            return
        values = [s.values.get(name, 0.0) for s in states]
        chart.set_series({name: values}, *self._title(name, values, self._shown()))

    def _refresh_title(self, name: str, chart: IndicatorChart) -> None:
        """The title and hover text for the shown month, the curves left as they are."""
        session = self.controller.session
        turn = self._shown()
        if name == AREA_CHART:
            chart.set_title(*self._area_title(session.area_shares(turn)))
            return
        values = [s.values.get(name, 0.0) for s in session.states[:turn + 1]]
        chart.set_title(*self._title(name, values, turn))

    @staticmethod
    def _area_title(now: dict[str, float]) -> tuple[str, str]:
        # The faction names in their line colours stand for a legend (the tooltip says the dashes).
        title = "Area held (%): " + ", ".join(
            f"<span style='color:{_title_colour(f)}'><b>{BY_ID[f].short}</b></span> {now[f]:.0f}"
            for f in ("regime", "isis", "opposition", "sdf"))
        styles = "<br>".join(f"{BY_ID[f].short}: {LINE_STYLE_WORDS[_faction_pen_style(f)]} {now[f]:.0f}%"
                             for f in FACTION_IDS)
        return title, f"<b>Share of Syria's area held</b>, month by month.<br>{styles}"

    def _title(self, name: str, values: Sequence[float], turn: int) -> tuple[str, str]:
        """'Regime cohesion: 61 (+2.2)' for ``turn`` (its value and its change from the month before),
        and the hover text of what moved it that month."""
        title = f"{indicator_label(name)}: {indicator_value(values[turn])}"
        if turn > 0:
            title += f" ({signed(values[turn] - values[turn - 1])})"
        events = self.controller.session.events
        month = events[turn] if turn < len(events) else ()
        return title, what_moved(name, month, self.controller.session.states[turn].turn)

    def set_hidden(self, names) -> None:
        """Hide these indicators' charts (projector mode: what the room should not see)."""
        self.hidden = set(names)
        for name, chart in self.charts.items():
            chart.setVisible(name not in self.hidden)

    def set_cursor(self, turn: int | None) -> None:
        """Mark the turn the timeline shows on every chart (None: the present, no mark); every title
        and hover text then speaks of that month."""
        changed = turn != self._cursor
        self._cursor = turn
        for name, chart in self.charts.items():
            self._place_cursor(chart)
            if changed and self.controller.session.states:
                self._refresh_title(name, chart)

    def _place_cursor(self, chart: IndicatorChart) -> None:
        chart.cursor.setVisible(self._cursor is not None)
        if self._cursor is not None:
            chart.cursor.setValue(self._cursor)

    def highlight(self, names: Iterable[str]) -> None:
        """Outline the charts of these indicators (and show the first one's tab)."""
        names = [n for n in names if any(n in tab for tab in self._tab_names)]
        self._highlighted = set(names)
        if names:
            self.setCurrentIndex(next(i for i, tab in enumerate(self._tab_names) if names[0] in tab))
        for name, chart in self.charts.items():
            chart.set_highlight(name in self._highlighted)

    def set_text_scale(self, _scale: float) -> None:
        """The window's text size changed (ui.text_size): the charts' text and the columns follow."""
        for chart in self.charts.values():
            chart.follow_text_size()
        for index, built in enumerate(self._built):
            if built:
                self._place_charts(index)


def what_moved(name: str, events: Sequence[Event], turn: int) -> str:
    """Hover text of a chart: every event of the month on show (``events``, of ``turn``) that changed the indicator."""
    lines = [f"<b>{esc(indicator_label(name))}</b>"]
    movers = [(e.changes[name], e) for e in events if abs(e.changes.get(name, 0.0)) > 1e-9]
    if not movers:
        lines.append(f"Nothing moved it in {short_month(turn)}." if turn else "The opening value.")
    else:
        lines.append(f"What moved it in {short_month(turn)}:")
        for amount, event in sorted(movers, key=lambda m: -abs(m[0]))[:8]:
            lines.append(f"{signed(amount)}: {esc(event.text)}")
    return "<br>".join(lines)


