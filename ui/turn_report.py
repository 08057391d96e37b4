"""The turn report and the end-of-game screen, shown as panels over the map.

The report is built from the session alone (plain data in, HTML out), so the
same text serves the report dock, tests and later exports. The end-of-game
panel floats over the map (it appears in window screenshots) and closes with
Esc, Enter or its button.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ui import text_size as text_sizes  # (month_chart has a text_size argument)
from ui import theme
from ui.controller import GameSession
from ui.map_layers import OperationArrow
from ui.event_log import UMPIRE_COLOUR
from ui.text import esc, faction_name, indicator_label, indicator_value, month_of_turn, short_month, signed
from wargame.events import Event
from wargame.factions import BY_ID, FACTION_IDS
from wargame.indicators import BY_NAME
from wargame.summary import KEY_PLACES

RUSSIAN_SUPPORT_COLOUR = "#8a2be2"
RUSSIAN_SUPPORT_DASH = [6, 3]   # long dashes (in pen widths): no faction line uses them
LEGEND_COLUMNS = len(FACTION_IDS) + 1   # the outcome chart's key in one row under the plot: factions and support
# How much one unit of a count weighs against one point of a 0-100 track when ranking consequences.
COUNT_WEIGHT = {"russian_casualties": 0.2, "civilian_deaths": 0.01, "displaced": 0.0005}


def move_weight(name: str, delta: float) -> float:
    """How big a move of indicator ``name`` by ``delta`` is, against a point of a 0-100 track."""
    indicator = BY_NAME.get(name)
    return abs(delta) * COUNT_WEIGHT.get(name, 1.0 if indicator is None or indicator.unit != "people" else 0.01)


def weight_of(event: Event) -> float:
    """How big an event was: indicator moves (counts scaled down) and cells taken."""
    return sum(move_weight(name, delta) for name, delta in event.changes.items()) + 1.5 * len(event.cells)


def places_changed(session: GameSession, turn: int) -> list[tuple[str, str, str]]:
    """(place name, old holder, new holder) for every key place that changed hands in ``turn``."""
    board = session.game.board
    before, after = session.states[turn - 1].control, session.states[turn].control
    out = []
    for place_id in KEY_PLACES:
        place = board.places.get(place_id)
        if place is not None and before[place.cell] != after[place.cell]:
            out.append((place.name, before[place.cell], after[place.cell]))
    return out


def operation_arrows(session: GameSession, turn: int) -> list[OperationArrow]:
    """An arrow per operation fought in ``turn``, read from its events (so saved games have them too),
    labelled with the operation's name rather than the place's, which the map already shows, and
    starting where the month's gains began."""
    board = session.game.board
    labels = {op.id: op.label for op in session.states[turn].operations}
    arrows = []
    for event in session.events[turn]:
        inputs = event.inputs
        place = board.places.get(inputs.get("objective", "")) if event.phase == "operations" else None
        if place is not None and "attacker" in inputs:
            taken = tuple(inputs.get("taken") or ())
            label = labels.get(inputs.get("operation", ""))
            if not label or label == place.name:  # the place's own name is on the map already
                attacker = BY_ID.get(inputs["attacker"])
                label = f"{attacker.short} offensive" if attacker else f"toward {place.name}"
            arrows.append(OperationArrow(inputs["attacker"], place.cell, label, bool(taken), taken))
    return arrows


def turn_report_html(session: GameSession, turn: int, hidden: frozenset[str] | set[str] = frozenset()) -> str:
    """The report of one resolved turn as HTML (moves of ``hidden`` indicators left out)."""
    game = session.game
    events = session.events[turn]
    orders = session.orders[turn]
    parts = [f"<h3>{month_of_turn(turn)} &mdash; turn {turn} of {game.last_turn}</h3>"]
    if orders is not None:
        labels = [game.rules.stance(name, getattr(orders, name)).label for name in ("strategy", "air_focus",
                                                                                   "air_intensity", "ground")]
        actions = [e for e in events if e.phase == "moscow" and e.rule.startswith("action.")]
        acted = " ".join(esc(e.text) for e in actions) or "No one-shot actions."
        parts.append(f"<p><b>Moscow chose:</b> {esc('; '.join(labels))}. {acted}</p>")
    decided = decisions_html(session, turn)
    if decided:
        parts.append(decided)
    others = [e for e in events if e.phase == "actors"]
    if others:
        parts.append("<p><b>The others:</b> " + " ".join(esc(e.text) for e in others[:6]) + "</p>")
    umpired = [e for e in events if e.phase == "umpire"]
    if umpired:
        parts.append(f"<p style='color:{UMPIRE_COLOUR}'><b>\u2691 The umpire:</b> "
                     + " ".join(esc(e.text) for e in umpired) + "</p>")
    before, after = session.area_shares(turn - 1), session.area_shares(turn)
    moves = [f"{esc(faction_name(f))} {after[f]:.1f}% ({signed(round(after[f] - before[f], 1))})"
             for f in FACTION_IDS if abs(after[f] - before[f]) >= 0.05]
    changed = places_changed(session, turn)
    cells = sum(a != b for a, b in zip(session.states[turn - 1].control, session.states[turn].control))
    still = (f"{cells} cell{'s' if cells != 1 else ''} changed hands, too few to change the shares" if cells
             else "the fronts did not move")
    map_line = "Share of Syria's area: " + (", ".join(moves) if moves else still)
    if changed:
        map_line += ". Changed hands: " + ", ".join(
            f"<b>{esc(name)}</b> ({esc(faction_name(old))} &rarr; {esc(faction_name(new))})" for name, old, new in changed)
    parts.append(f"<p><b>On the map:</b> {map_line}.</p>")
    ranked = sorted((e for e in events if e.rule != "moscow.stances" and e.phase != "actors"),
                    key=lambda e: -weight_of(e))[:3]
    if ranked:
        items = "".join(f"<li>{esc(e.text)}{_changes(e, hidden)}</li>" for e in ranked)
        parts.append(f"<p><b>The biggest consequences:</b></p><ol>{items}</ol>")
    ended = month_end_line(session, turn, hidden)
    if ended:
        parts.append(ended)
    return "".join(parts)


def month_end_line(session: GameSession, turn: int, hidden=frozenset(), count: int = 5) -> str:
    """The indicators ``turn`` moved most, at their values when the month ended: an event quotes a
    value as it stood when the event happened, and later events that month may move it again."""
    before, after = session.states[turn - 1].values, session.states[turn].values
    moved = [(name, after[name] - before[name]) for name in after
             if name in before and name not in hidden and abs(after[name] - before[name]) >= 0.05]
    if not moved:
        return ""
    top = sorted(moved, key=lambda item: (-move_weight(*item), item[0]))[:count]
    values = "; ".join(f"{esc(indicator_label(name))} {indicator_value(after[name])} "
                       f"({signed(round(delta, 1))})" for name, delta in top)
    return (f"<p><b>Where the month ended:</b> {values}. <i>The events quote a figure as it stood when "
            f"they happened.</i></p>")


def decisions_html(session: GameSession, turn: int) -> str:
    """What each role people played ordered in ``turn``, with the participant's rationale and prediction
    (and how the prediction fared so far); empty for a game without participants."""
    from wargame import predictions

    record = session.record
    if record is None or not 0 < turn <= len(record.turns):
        return ""
    entry = record.turns[turn - 1]
    if not entry.decisions:
        return ""
    game = session.game
    menus = {}
    rows = []
    for role, decision in entry.decisions.items():
        title = f"{role.title()} ({decision.get('participant', '')})"
        if role == "moscow":
            what = "the stances and actions above"
        else:
            if role not in menus:
                menus[role] = {option["id"]: option["label"] for option in game.menu(role)}
            given = entry.orders.get(role, {})
            what = ", ".join(menus[role].get(a, a) for a in given.get("attacks", [])) or "no attack"
            for choice in game.choices(role):
                option = choice.option(given.get("choices", {}).get(choice.id, choice.default.id))
                if option is not None and option is not choice.default:
                    what += f"; {choice.label}: {option.label}"
        line = f"<li><b>{esc(title)}</b> ordered {esc(what)}."
        if decision.get("rationale"):
            line += f" <i>Rationale:</i> \u201c{esc(decision['rationale'])}\u201d"
        prediction = decision.get("prediction")
        if prediction:
            fared = predictions.score(prediction, session.states, game)
            line += (f" <i>Prediction:</i> {esc(predictions.describe(prediction, game))} "
                     f"(<b>{fared.verdict}</b>: {esc(fared.why)})")
        rows.append(line + "</li>")
    return "<p><b>Decisions, revealed:</b></p><ul>" + "".join(rows) + "</ul>"


def _changes(event: Event, hidden=frozenset()) -> str:
    top = sorted(((k, v) for k, v in event.changes.items() if k not in hidden), key=lambda kv: -abs(kv[1]))[:3]
    if not top:
        return ""
    return " <i>(" + ", ".join(f"{esc(indicator_label(k))} {signed(v)}" for k, v in top) + ")</i>"


def outcome_html(session: GameSession) -> str:
    """The end-of-game verdict: name, score, how it was made up, and the epilogue."""
    outcome = session.outcome
    if outcome is None:
        return ""
    return (f"<h2>{esc(outcome.name)}</h2><p style='font-size:large'>Score <b>{outcome.score}</b> out of 100 "
            f"(seed {session.seed}, Moscow played by {esc(session.moscow)})</p>"
            f"<p>{esc(outcome.summary)}</p>" + score_table(outcome, spacing=2))  # the whole table fits a short map


def score_table(outcome, spacing: int = 6) -> str:
    """How the score was made up: a row per objective, its points and why, and the total (``spacing``: pixels
    between the cells)."""
    gap = f" style='padding-left:{max(0, 8 - spacing)}px'"  # the columns keep apart however close the rows
    rows = "".join(f"<tr><td>{esc(o.label)}</td><td align=right{gap}><b>{o.points:.1f}</b> / {o.out_of:g}</td>"
                   f"<td{gap}>{esc(o.note)}</td></tr>" for o in outcome.objectives)
    total = sum(o.points for o in outcome.objectives)
    return (f"<table cellspacing={spacing}><tr><th align=left>Objective</th><th>Points</th><th align=left>Why</th>"
            f"</tr>{rows}<tr><td><b>Total</b></td><td align=right{gap}><b>{total:.1f}</b></td>"
            f"<td{gap}>rounded to {outcome.score}</td></tr></table>")


class OverlayPanel(QFrame):
    """A framed panel floating over the map, closed with Esc, Enter or its button."""

    closed = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setStyleSheet(f"#{object_name} {{ background: rgba(255,255,255,242); border: 1px solid #7d7a72;"
                           " border-radius: 8px; }")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(14, 10, 14, 10)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setStyleSheet("background: transparent;")
        self.layout_.addWidget(self.text, 1)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.close_button = QPushButton("Close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.dismiss)
        self.buttons.addWidget(self.close_button)
        self.layout_.addLayout(self.buttons)
        for key in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)):
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.dismiss)
        self.hide()

    def dismiss(self) -> None:
        """Hide the panel and give the focus back to the window."""
        self.hide()
        self.closed.emit()

    def present(self, html: str) -> None:
        """Show the panel with new content, on top and focused."""
        self.text.setHtml(html)
        self.reposition()
        self.show()
        self.raise_()
        self.close_button.setFocus()

    def reposition(self) -> None:
        """Centred near the top of the parent (the map)."""
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(720, parent.width() - 24)
        height = min(self.preferred_height(width), parent.height() - 24)
        self.setGeometry((parent.width() - width) // 2, 12, width, height)

    def preferred_height(self, width: int) -> int:
        """Height that fits the content at ``width`` (without scrolling where the map allows)."""
        doc = self.text.document()
        doc.setTextWidth(max(160, width - 40))
        return int(doc.size().height()) + 70


def month_chart(title: str, columns: int, text_size: str = "8pt") -> tuple[pg.GraphicsLayoutWidget, pg.PlotItem,
                                                                          pg.LegendItem]:
    """A white chart of curves over the months with its legend in a row below the plot, never over the curves.

    Add a curve with ``legend.addItem(plot.plot(x, y, pen=...), name)`` and label the axis with
    :func:`set_month_axis` once the number of turns is known."""
    chart = pg.GraphicsLayoutWidget()
    chart.setBackground("w")
    chart.ci.setContentsMargins(2, 2, 2, 2)
    plot = chart.addPlot(row=0, col=0)
    plot.setTitle(esc(title), size=text_size, color="#222")
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.showGrid(y=True, alpha=0.15)
    legend = pg.LegendItem(colCount=columns, labelTextSize=text_size, labelTextColor="#222", frame=False,
                           horSpacing=14)
    chart.addItem(legend, row=1, col=0)
    return chart, plot, legend


def set_month_axis(plot: pg.PlotItem, last_turn: int, step: int | None = None) -> None:
    """Turns 0..``last_turn`` on the x axis, labelled with months ('Mar 17') like every other chart, every
    ``step`` months (by default 3, or 6 in a game of more than three years)."""
    step = step or (3 if last_turn <= 36 else 6)
    plot.getAxis("bottom").setTicks([[(t, short_month(t)) for t in range(0, last_turn + 1, step)],
                                     [(t, "") for t in range(0, last_turn + 1)]])
    plot.setXRange(0, max(1, last_turn), padding=0.04)


class OutcomePanel(OverlayPanel):
    """The end of the game: verdict, score and its parts, epilogue, and the curves that made it.

    It covers most of the map and follows the window's size: the verdict and the whole score
    table above the chart when there is room for both, side by side (the text scrolling) when
    the map is short."""

    MARGIN = 14
    MAX_WIDTH = 1400
    CHART_MIN = 240   # the chart's least height when stacked, and least width side by side (usual text size)
    NARROW_CHART = 340  # a chart narrower than this side by side: its title on two lines, its key in one column
    CHART_TITLE = "Area held (% of Syria) and Russian support at home"
    TEXT_PT = 8.0     # the chart's title and key, at the usual text size

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("outcome_panel", parent)
        self.chart, self.plot, self.legend = month_chart(self.CHART_TITLE, columns=LEGEND_COLUMNS)
        self.chart.setMinimumSize(self.CHART_MIN, self.CHART_MIN)
        self._scale = 1.0
        self.set_text_scale(text_sizes.scale())
        self.layout_.removeWidget(self.text)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(10)
        self.body.addWidget(self.text, 1)
        self.body.addWidget(self.chart, 1)
        self.layout_.insertLayout(0, self.body, 1)
        self.new_game_button = QPushButton("New game…")
        self.buttons.insertWidget(1, self.new_game_button)
        self.last_turn = 1  # of the game shown
        if parent is not None:
            parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # Not isVisible(): a game opened as the window is made shows the panel before the window, and the map
        # then takes its size while the panel is not yet 'visible' (it stayed as small as the unshown map).
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and not self.isHidden():
            self.reposition()
        return False

    def set_text_scale(self, scale: float) -> None:
        """The window's text size (ui.text_size): the verdict follows the application's font; the
        chart's title and key, its tick labels (moderately) and its least size follow here."""
        self._scale = scale
        size = f"{self.TEXT_PT * scale:.1f}pt"
        self._set_title(narrow=False)
        self.legend.setLabelTextSize(size)
        for _sample, label in self.legend.items:
            label.setText(label.text)  # pyqtgraph applies a new size only with the next text
        font = QFont()
        font.setPointSizeF(text_sizes.moderate(self.TEXT_PT))
        for name in ("left", "bottom"):
            text_sizes.set_tick_font(self.plot.getAxis(name), font)
        least = int(self.CHART_MIN * (1.0 + (scale - 1.0) / 2))
        self.chart.setMinimumSize(least, least)
        if self.isVisible():
            self.reposition()

    def _set_title(self, narrow: bool) -> None:
        """The chart's title at the text size; on two lines, not cut short, when the chart is narrow
        beside the verdict or the text large."""
        title = esc(self.CHART_TITLE)
        if narrow or self._scale >= 1.5:
            title = title.replace(" and ", "<br>and ", 1)
        self.plot.setTitle(title, size=f"{self.TEXT_PT * self._scale:.1f}pt", color="#222")
        text_sizes.fit_title(self.plot)

    def show_outcome(self, session: GameSession) -> None:
        """Fill in the verdict and the charts for a finished session."""
        self.plot.clear()
        self.legend.clear()
        turns = list(range(len(session.states)))
        shares = [session.area_shares(t) for t in turns]
        # Every faction (the US too) in its map colour and its own dash pattern: not colour alone.
        for faction in FACTION_IDS:
            curve = self.plot.plot(turns, [s[faction] for s in shares],
                                   pen=pg.mkPen(theme.FACTION_COLOURS[faction], width=2,
                                                style=theme.FACTION_LINE_STYLES[faction]))
            self.legend.addItem(curve, BY_ID[faction].short)
        # Support at home is another kind of number: purple, thicker, in long dashes no faction uses.
        curve = self.plot.plot(turns, [s.values["russian_domestic_support"] for s in session.states],
                               pen=pg.mkPen(RUSSIAN_SUPPORT_COLOUR, width=3, dash=RUSSIAN_SUPPORT_DASH))
        self.legend.addItem(curve, "Russian support")
        self.last_turn = turns[-1]
        set_month_axis(self.plot, self.last_turn)
        self.present(outcome_html(session))

    def reposition(self) -> None:
        """Most of the map: the text and the chart one above the other if the whole verdict and a
        readable chart fit, otherwise side by side."""
        parent = self.parentWidget()
        if parent is None:
            return
        margin = self.MARGIN
        width = max(200, min(self.MAX_WIDTH, parent.width() - 2 * margin))
        height = max(160, parent.height() - 2 * margin)
        chrome = 58 + self.close_button.sizeHint().height()  # the frame's margins and the row of buttons (80 at 100%)
        least = self.chart.minimumHeight()
        stacked = self.text_height(width - 40) + least + chrome <= height or width < 2 * least + 200
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight)
        self.text.setMinimumWidth(0)
        self.text.setMaximumWidth(16777215)
        if stacked:
            text = min(self.text_height(width - 40), max(0, height - chrome - least))
            self.body.setStretch(0, 0)
            self.body.setStretch(1, 1)
            self.text.setFixedHeight(max(60, text))
            self.legend.setColumnCount(LEGEND_COLUMNS)
            self._set_title(narrow=False)
            set_month_axis(self.plot, self.last_turn)
        else:
            self.text.setMinimumHeight(0)
            self.text.setMaximumHeight(16777215)
            self.body.setStretch(0, 3)
            self.body.setStretch(1, 2)
            # The chart yields width to the text until the verdict and the whole score table (its Total too)
            # fit without scrolling; it keeps its least size.
            margins = self.layout_.contentsMargins()
            inner = width - margins.left() - margins.right() - 2 * self.frameWidth() - self.body.spacing()
            room = height - margins.top() - margins.bottom() - 2 * self.frameWidth() - self.layout_.spacing() \
                - self.buttons.sizeHint().height()
            widest = max(inner // 2, inner - least)
            fits = next((w for w in range(inner * 3 // 5, widest, 10) if self.text_height(w) <= room), widest)
            self.text.setFixedWidth(fits)
            narrow = inner - fits < self.NARROW_CHART * (1.0 + (self._scale - 1.0) / 2)
            self.legend.setColumnCount(1 if narrow else 2)
            self._set_title(narrow)
            set_month_axis(self.plot, self.last_turn, 6 if narrow else None)  # month names apart, not run together
        self.setGeometry((parent.width() - width) // 2, margin, width, height)

    def text_height(self, width: int) -> int:
        """Height of the verdict's text laid out ``width`` wide."""
        doc = self.text.document()
        doc.setTextWidth(max(160, width - 12))
        return int(doc.size().height()) + 8
