"""The "What if" dock: forecasts before choosing, and "luck or decision?" after a game.

Forecast: from the current position, the plan on the screen and the built-in
policies are each played to the end over many seeds in a worker thread; the
dock shows the chance of each verdict and the spread of scores, with progress
and a Cancel button, and the window stays responsive. Luck or decision: a
finished game's orders are replayed under other dice (where does this score
fall?) and each policy takes over at several months (what would it have made
of the same position?). The work is :mod:`wargame.forecast`, which knows
nothing of Qt; this dock runs it on its own copy of the engine.

Every result names the game and the month it was made from. A new game, an
opened file, a branch, a new session or an umpire's change to the position
clears the dock (and stops a running job); a resolved month marks a forecast
of the month before as out of date (a banner above the results, the charts
greyed), and the game's end clears a forecast and says so. The dock never changes its own size: the
progress bar's place is kept while hidden, and the results scroll.
"""
from __future__ import annotations

import threading
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QScrollArea, QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

from ui import text_size
from ui.controller import PLAYER, GameController
from ui.text import esc, month_of_turn, short_month
from wargame.actors.policies import POLICIES
from wargame.forecast import Stopped, forecast, keep_orders, luck_or_decision

PLAN_COLOURS = ("#1f4e79", "#c0392b", "#2e8b57", "#8a2be2", "#b8860b")
ALTERNATIVES = ("deal", "hardline", "chips")
ON_SCREEN = "orders on screen"
COLOUR_OF = dict(zip((ON_SCREEN, *ALTERNATIVES), PLAN_COLOURS))  # a plan keeps its colour in every chart
TAKEOVER_TURNS = (0, 3, 6, 9, 12, 15)
CHART_MIN_HEIGHT = 190      # readable at the default dock height; the results scroll if the dock is smaller
TICK_FONT_PT = 8
STALE_COLOUR = "#a15c00"
STALE_BACKGROUND = "#f2f2f2"   # an out-of-date chart's plot: opaque grey (never an opacity effect, see _mark_stale)
BANNER_STYLE = (f"QLabel {{ background: #fff3e0; color: {STALE_COLOUR}; border: 1px solid {STALE_COLOUR}; "
                "padding: 3px; }")


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    """Runs ``work(progress, cancelled)`` on the pool; reports by signal."""

    def __init__(self, work: Callable) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.stop = threading.Event()
        self.done, self.total = 0, 0   # games played so far, as last reported

    def run(self) -> None:  # noqa: D401 - Qt API
        try:
            result = self.work(lambda done, total: self.signals.progress.emit(done, total), self.stop.is_set)
        except Stopped:
            self.signals.failed.emit("")    # "" = cancelled
            return
        except Exception as exc:  # never take the window down: say what happened
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(result)


class ForecastPanel(QWidget):
    """Runs forecasts and the luck-or-decision review for the controller's game."""

    def __init__(self, controller: GameController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._engine = None
        self._job: _Job | None = None
        self._job_kind = ""
        self.results = None          # the forecast on show (None: none)
        self.review = None           # the luck-or-decision review on show (None: none)
        self.origin: tuple[int, int] | None = None   # (session id, turn) the results on show were made from
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        self.games = QSpinBox()
        self.games.setRange(2, 1000)
        self.games.setValue(30)
        self.games.setSuffix(" games each")
        self.games.setToolTip("Games per plan, each with its own dice")
        controls.addWidget(self.games)
        plans = QHBoxLayout()  # a row of its own: the dock shares the bottom of the window with the log
        plans.addWidget(QLabel("Plans:"))
        self.plan_boxes: dict[str, QCheckBox] = {}
        for key, text in ((PLAYER, ON_SCREEN), *((p, p) for p in ALTERNATIVES)):
            box = QCheckBox(text)
            box.setChecked(True)
            box.setToolTip("The orders on screen, then the same stances" if key == PLAYER
                           else f"The built-in '{key}' policy from this month on")
            self.plan_boxes[key] = box
            plans.addWidget(box)
        plans.addStretch(1)
        self.run_button = QPushButton("Forecast")
        self.run_button.setToolTip("Play the rest of the game many times with each plan")
        self.run_button.clicked.connect(self.run_forecast)
        self.luck_button = QPushButton("Luck or decision?")
        self.luck_button.setToolTip("For a finished game: how much of the result was the dice, how much the choices")
        self.luck_button.clicked.connect(self.run_luck)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        controls.addWidget(self.run_button)
        controls.addWidget(self.luck_button)
        controls.addWidget(self.cancel_button)
        # The progress bar sits beside the buttons and keeps its place while hidden: starting or ending
        # a forecast moves nothing (not the Cancel button, not the dock, not the map above it).
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m games")
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        keep = self.progress.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(keep)
        self.progress.setMinimumWidth(80)
        self.progress.hide()
        controls.addWidget(self.progress, 1)
        layout.addLayout(controls)
        layout.addLayout(plans)
        # "Out of date", above the results and outside their scroll area: it stays in view however they are
        # scrolled. An opaque label of its own, not a translucent layer over the charts.
        self.banner = QLabel()
        self.banner.setObjectName("stale_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        layout.addWidget(self.banner)
        # The results scroll inside the dock: a long text or tall charts never make the dock grow.
        results = QWidget()
        column = QVBoxLayout(results)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.summary)
        self.key = QLabel()       # which colour is which plan: outside the plots, never over a bar
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self.key.hide()
        column.addWidget(self.key)
        charts = QHBoxLayout()
        self.left_chart = _chart()
        self.right_chart = _chart()
        charts.addWidget(self.left_chart)
        charts.addWidget(self.right_chart)
        column.addLayout(charts, 1)
        self.details = QLabel()   # each plan's numbers, under the charts
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.details)
        self.scroll = QScrollArea()
        self.scroll.setWidget(results)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        self._header = ""         # what the results on show are, and from which position
        self._show_charts(False)
        controller.game_started.connect(self.reset)
        controller.position_changed.connect(self.reset)
        controller.turn_resolved.connect(lambda _r: self._position_moved())
        controller.game_over.connect(lambda _o: self._update_buttons())
        controller.busy_changed.connect(lambda _b: self._update_buttons())
        self.reset()

    # -- which game and month --------------------------------------------------------------------
    def _here(self) -> tuple[int, int]:
        """The current position: (this game's session, its turn)."""
        return id(self.controller.session), self.controller.state.turn

    def _position_name(self, turn: int) -> str:
        """'June 2017 (turn 6 of 18, game seed 8)': the position a result is from."""
        session = self.controller.session
        return f"{month_of_turn(turn)} (turn {turn} of {session.game.scenario.turns}, game seed {session.seed})"

    def stale(self) -> bool:
        """True when the results on show are from an earlier month of this game."""
        return self.origin is not None and self.origin != self._here()

    # -- clearing ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Another game or position: stop any running job and clear the text, the charts and the review."""
        self._drop_job()
        self.results = self.review = self.origin = None
        self._clear_charts()
        self.summary.setText(self._intro())
        self._update_buttons()

    def _intro(self) -> str:
        if not self.controller.session.states:  # no game yet
            return ("Forecast the coming months before you choose: each plan is played to the end many times "
                    "from the current position.")
        state = self.controller.state
        if state.ended:
            return ("The game is over. <b>Luck or decision?</b> replays your orders under other dice and lets each "
                    "policy take over at several months, to show how much of the result was the dice.")
        return (f"Forecast the coming months before you choose: each plan is played to the end many times from "
                f"the current position, {esc(self._position_name(state.turn))}.")

    def _position_moved(self) -> None:
        """A month was resolved: results of the month before are out of date (and a running forecast too).
        At the end of the game a forecast has nothing left to forecast: the dock is cleared and says so."""
        if self.controller.state.ended:
            had = self.origin is not None or self.running()
            self.reset()
            if had:
                self.summary.setText("<b>The forecast was cleared.</b> " + self._intro())
            return
        if self.running():
            self._update_buttons()
            return
        if self.origin is None:
            self.summary.setText(self._intro())
        else:
            self._mark_stale()
        self._update_buttons()

    def _mark_stale(self) -> None:
        """Say the results are out of date in a banner, and grey the charts' plots with their titles in the
        warning's colour. Not with a QGraphicsOpacityEffect: a chart is a QGraphicsView in a scroll area,
        and faded through an effect it was painted over what had been on screen before (the Indicators
        charts of the same dock area) and smeared when scrolled."""
        now = month_of_turn(self.controller.state.turn)
        self.banner.setText(f"<b>Out of date:</b> the game has moved on to {esc(now)}; below is the "
                            f"{self._header}. Forecast again for the current position.")
        self.banner.show()
        for chart in (self.left_chart, self.right_chart):
            chart.setTitle(esc(f"Out of date: {chart.base_title}"), size=_title_size(), color=STALE_COLOUR)
            text_size.fit_title(chart.getPlotItem())
            chart.setBackground(STALE_BACKGROUND)

    def set_text_scale(self, _scale: float) -> None:
        """The window's text size changed (ui.text_size): the charts' titles and tick labels follow."""
        for chart in (self.left_chart, self.right_chart):
            _style_axes(chart)
        if self.origin is None:
            return  # nothing on show
        if self.results is not None:
            self._show_forecast(self.results)
        elif self.review is not None:
            self._show_luck(self.review)
        if self.stale:
            self._mark_stale()

    def _clear_charts(self) -> None:
        self.banner.hide()
        self.banner.clear()
        for chart in (self.left_chart, self.right_chart):
            chart.clear()
            chart.base_title = ""
            chart.setTitle(None)
            chart.setBackground("w")
        self.key.clear()
        self.details.clear()
        self._show_charts(False)

    def _show_charts(self, visible: bool) -> None:
        self.key.setVisible(visible)
        self.details.setVisible(visible)
        self.left_chart.setVisible(visible)
        self.right_chart.setVisible(visible)

    def _drop_job(self) -> None:
        """Stop the running job and forget it: whatever it reports later is ignored."""
        if self._job is not None:
            self._job.stop.set()
            self._job = None
        self.progress.hide()

    # -- running ------------------------------------------------------------------------------
    @property
    def engine(self):
        """A private copy of the engine (its caches are not shared with the turn worker's)."""
        if self._engine is None or self._engine.scenario is not self.controller.game.scenario:
            from wargame.engine import Game

            self._engine = Game(self.controller.game.scenario, self.controller.game.rules)
        return self._engine

    def running(self) -> bool:
        """True while a forecast or review runs."""
        return self._job is not None

    def run_forecast(self) -> bool:
        """Start a forecast from the current position; False if one is running or the game is over."""
        state = self.controller.state
        if self.running() or state.ended:
            return False
        plans = {}
        if self.plan_boxes[PLAYER].isChecked():
            plans[ON_SCREEN] = keep_orders(self.controller.pending, state.turn + 1)
        for name in ALTERNATIVES:
            if self.plan_boxes[name].isChecked():
                plans[name] = POLICIES[name]
        if not plans:
            self.summary.setText("Tick at least one plan to forecast.")
            return False
        seeds = [1_000_003 * (state.turn + 1) + i for i in range(self.games.value())]
        engine = self.engine
        self._start("forecast", lambda progress, cancelled: forecast(engine, state, plans, seeds, progress, cancelled),
                    self._show_forecast, f"Forecasting {len(plans)} plans from "
                                         f"{self._position_name(state.turn)}…")
        return True

    def run_luck(self) -> bool:
        """Start the luck-or-decision review of a finished game; False if not possible now."""
        session = self.controller.session
        if self.running() or session.outcome is None:
            return False
        seeds = [7_919 * (i + 1) + session.seed for i in range(self.games.value())]
        engine, score = self.engine, session.outcome.score
        states, orders = list(session.states), list(session.orders)
        policies = {name: POLICIES[name] for name in ALTERNATIVES}
        self._start("review", lambda progress, cancelled: luck_or_decision(
                        engine, session.seed, states, orders, score, policies, seeds, TAKEOVER_TURNS, progress,
                        cancelled),
                    self._show_luck, f"Replaying the orders of this game (seed {session.seed}) under other dice, "
                                     f"and letting other plans take over…")
        return True

    def cancel(self) -> None:
        """Stop the running job at the next game."""
        if self._job is not None:
            self._job.stop.set()

    def _start(self, kind: str, work, on_done, message: str) -> None:
        job = _Job(work)
        here = self._here()
        job.signals.progress.connect(lambda done, total: self._on_progress(job, done, total))
        job.signals.done.connect(lambda result: self._finish(job, here, on_done, result))
        job.signals.failed.connect(lambda text: self._finish(job, here, None, text))
        self._job, self._job_kind = job, kind
        # The results on show are not this run's: clear them rather than leave them beside its progress.
        self.results = self.review = self.origin = None
        self._clear_charts()
        self.summary.setText(esc(message))
        self.progress.setRange(0, 0)
        self.progress.show()
        self._update_buttons()
        self.pool.start(job)

    def _on_progress(self, job: _Job, done: int, total: int) -> None:
        job.done, job.total = done, total
        if job is not self._job:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finish(self, job: _Job, origin: tuple[int, int], on_done, result) -> None:
        if job is not self._job:
            return  # a job dropped when the game changed: its result belongs to another game
        self._job = None
        self.progress.hide()
        self._update_buttons()
        if on_done is None:
            what = "forecast" if self._job_kind == "forecast" else "review"
            if result:
                self.summary.setText(f"The {what} failed: {esc(result)}")
            else:
                played = f" after {job.done} of {job.total} games" if job.total else ""
                button = "Forecast" if what == "forecast" else "Luck or decision?"
                self.summary.setText(f"<b>Cancelled</b>{played}: no {what} to show (the games played so far are "
                                     f"too few to go on). Press {button} to run it again.")
            return
        self.origin = origin
        on_done(result)
        if self.stale():
            self._mark_stale()

    def _update_buttons(self) -> None:
        busy = self.running()
        session = self.controller.session
        self.run_button.setEnabled(not busy and bool(session.states) and not self.controller.state.ended)
        self.luck_button.setEnabled(not busy and session.outcome is not None)
        self.cancel_button.setEnabled(busy)

    # -- showing ------------------------------------------------------------------------------
    def _show_forecast(self, results) -> None:
        self.results = results
        _session, turn = self.origin
        totals: dict[str, float] = {}
        for result in results:
            for name, share in result.verdict_shares().items():
                totals[name] = totals.get(name, 0.0) + share
        verdicts = sorted(totals, key=lambda v: (-totals[v], v))   # the likeliest on top
        self._show_charts(True)
        self.key.setText(_key([(r.plan, COLOUR_OF.get(r.plan, "#555")) for r in results]))
        # Verdicts down the left axis, one bar per plan: every name written out in full, none overlapping.
        left = self.left_chart
        left.clear()
        _title(left, "Chance of each verdict (%)")
        group = 0.8
        height = group / max(1, len(results))
        font = QFont()
        font.setPointSizeF(text_size.moderate(TICK_FONT_PT - 1))
        for index, result in enumerate(results):
            shares = result.verdict_shares()
            colour = COLOUR_OF.get(result.plan, "#555")
            ys = [v + (index - (len(results) - 1) / 2) * height for v in range(len(verdicts))]
            widths = [100 * shares.get(v, 0.0) for v in verdicts]
            left.addItem(pg.BarGraphItem(x0=0, y=ys, width=widths, height=height * 0.9, brush=colour, pen=None,
                                         name=result.plan))
            for y, width in zip(ys, widths):   # the share, after a short bar or inside the end of a long one
                if width > 0:
                    inside = width >= 60
                    label = pg.TextItem(f"{width:.0f}%", color="w" if inside else colour,
                                        anchor=(1, 0.5) if inside else (0, 0.5))
                    label.setFont(font)
                    label.setPos(width - 1 if inside else width + 1, y)
                    left.addItem(label)
        for v in range(len(verdicts) - 1):   # a faint rule between verdicts
            left.addItem(pg.InfiniteLine(v + 0.5, angle=0, pen=pg.mkPen("#ccc", width=1)))
        axis = left.getAxis("left")
        axis.setTicks([[(i, v) for i, v in enumerate(verdicts)]])
        axis.setWidth(_text_width(verdicts, axis) + 12)
        plot = left.getPlotItem()
        plot.invertY(True)
        plot.setXRange(-2, 104, padding=0)
        plot.setYRange(-0.5, len(verdicts) - 0.5, padding=0.02)
        plot.showGrid(x=True, alpha=0.25)
        left.getAxis("bottom").setTicks([[(x, f"{x}%") for x in range(0, 101, 25)]])
        grow = text_size.moderate(TICK_FONT_PT) / TICK_FONT_PT
        left.setMinimumHeight(int(max(CHART_MIN_HEIGHT, 70 + len(verdicts) * (11 * len(results) + 12)) * grow))
        # Scores: one column per plan.
        right = self.right_chart
        right.clear()
        _title(right, "Scores: games (dots), mean and 95% interval")
        lines = []
        for index, result in enumerate(results):
            colour = COLOUR_OF.get(result.plan, "#555")
            scores = result.scores
            xs = [index + ((i * 0.6180339) % 1 - 0.5) * 0.5 for i in range(len(scores))]
            right.plot(xs, scores, pen=None, symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None)
            mean, half = result.mean_interval()
            right.addItem(pg.ErrorBarItem(x=np.array([index]), y=np.array([mean]),  # it wants arrays
                                          height=np.array([2 * half]), beam=0.3, pen=pg.mkPen("#111", width=2)))
            right.plot([index - 0.3, index + 0.3], [mean, mean], pen=pg.mkPen("#111", width=2))
            top = next(iter(result.verdict_shares().items()))
            lines.append(f"<b>{esc(result.plan)}</b>: mean score {mean:.1f} &plusmn; {half:.1f}; most likely "
                         f"\u201c{esc(top[0])}\u201d ({top[1]:.0%})")  # a verdict's name, quoted mid-sentence
        right.getAxis("bottom").setTicks([[(i, r.plan) for i, r in enumerate(results)]])
        right.getPlotItem().setXRange(-0.8, len(results) - 0.2, padding=0)  # room for the first plan's name
        right.setMinimumHeight(left.minimumHeight())
        games = len(results[0].outcomes) if results else 0
        self._header = f"forecast from {esc(self._position_name(turn))}, {games} games per plan"
        self.summary.setText(f"<b>Forecast from {esc(self._position_name(turn))}</b>, {games} games per plan.")
        self.details.setText("; ".join(lines) + ".")

    def _show_luck(self, review) -> None:
        self.review = review
        session = self.controller.session
        self._show_charts(True)
        self.key.setText(_key([(name, COLOUR_OF[name]) for name in review.takeovers])
                         + " &nbsp; <b>- - -</b> this game's score")
        left = self.left_chart
        left.clear()
        _title(left, "Your orders, other dice: scores")
        scores = list(review.other_seed_scores)
        low, high = min(scores + [review.score]), max(scores + [review.score])
        counts = [0]
        if scores:
            bins = list(range(low, high + 2))
            counts = [sum(s == b for s in scores) for b in bins[:-1]]
            left.addItem(pg.BarGraphItem(x=bins[:-1], height=counts, width=0.9, brush="#8fb3d9"))
        left.addItem(pg.InfiniteLine(review.score, angle=90, pen=pg.mkPen("#111", width=2),
                                     label="this game", labelOpts={"color": "#111", "position": 0.85}))
        # Scores and counts of games are whole numbers: no tick at 0.5 of a game or of a point.
        left.getAxis("bottom").setTicks([whole_number_ticks(low, high)])
        axis = left.getAxis("left")
        axis.setTicks([whole_number_ticks(0, max(counts))])
        axis.setWidth(None)
        left.getPlotItem().invertY(False)
        left.getPlotItem().showGrid(x=False, alpha=0.25)
        left.getPlotItem().enableAutoRange()
        left.setMinimumHeight(CHART_MIN_HEIGHT)
        right = self.right_chart
        right.clear()
        _title(right, "Final score had a policy taken over")
        right.addItem(pg.InfiniteLine(review.score, angle=0, pen=pg.mkPen("#111", width=2,
                                                                           style=Qt.PenStyle.DashLine)))
        for policy, rows in review.takeovers.items():
            colour = COLOUR_OF[policy]
            right.plot([t for t, _ in rows], [s for _, s in rows], pen=pg.mkPen(colour, width=2),
                       symbol="o", symbolBrush=colour, symbolPen=None, name=policy)
        right.getAxis("bottom").setTicks([[(t, short_month(t)) for t in TAKEOVER_TURNS]])
        right.getPlotItem().enableAutoRange()
        right.setMinimumHeight(CHART_MIN_HEIGHT)
        ended = esc(month_of_turn(session.state.turn))
        self._header = f"luck-or-decision review of the game with seed {session.seed}, ended {ended}"
        self.summary.setText(f"<b>Luck or decision? The game with seed {session.seed}, ended {ended} with a score "
                             f"of {review.score}.</b>")
        text = (f"<b>The dice:</b> this game's score of {review.score} is at or above "
                f"{review.percentile:.0f}% of {len(scores)} games played with the same orders and other dice.")
        best = review.best_alternative()
        if best is not None:
            policy, turn, score = best
            verb = "would have scored" if score != review.score else "would also have scored"
            text += (f" <b>The choices:</b> the best alternative, '{esc(policy)}' taking over in "
                     f"{month_of_turn(turn + 1)}, {verb} {score} ({score - review.score:+d}).")
        self.details.setText(text)


def whole_number_ticks(low: int, high: int, most: int = 6) -> list[tuple[int, str]]:
    """Ticks at whole numbers from ``low`` to ``high`` (at least one step apart), 1, 2 or 5 times a power
    of ten apart so that there are at most about ``most`` of them."""
    span = max(1, high - low)
    step = 1
    while span / step > most:
        step = _next_step(step)
    first = -(-low // step) * step  # the first multiple of the step at or above low
    return [(value, str(value)) for value in range(first, max(high, low + 1) + 1, step)]


def _next_step(step: int) -> int:
    """The step after ``step`` in 1, 2, 5, 10, 20, 50, ..."""
    digits = str(step)
    return step * 5 // 2 if digits[0] == "2" else step * 2


def _chart() -> pg.PlotWidget:
    chart = pg.PlotWidget(background="w")
    chart.setMenuEnabled(False)
    chart.setMouseEnabled(x=False, y=False)
    chart.hideButtons()
    chart.setMinimumHeight(CHART_MIN_HEIGHT)
    chart.base_title = ""
    for name in ("left", "bottom"):
        chart.getAxis(name).setTextPen("#333")
    _style_axes(chart)
    return chart


def _style_axes(chart: pg.PlotWidget) -> None:
    """Tick labels for the window's text size (grown moderately: see ui.text_size.moderate)."""
    font = QFont()
    font.setPointSizeF(text_size.moderate(TICK_FONT_PT))
    for name in ("left", "bottom"):
        text_size.set_tick_font(chart.getAxis(name), font)


def _title_size() -> str:
    return f"{text_size.points(8):.1f}pt"


def _title(chart: pg.PlotWidget, text: str) -> None:
    chart.base_title = text
    chart.setTitle(esc(text), size=_title_size(), color="#222")
    text_size.fit_title(chart.getPlotItem())


def _text_width(labels, axis) -> int:
    """Pixels the widest of ``labels`` takes in ``axis``'s tick font."""
    metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
    return max((metrics.horizontalAdvance(str(label)) for label in labels), default=0)


def _key(entries) -> str:
    """A one-line colour key: a swatch and the plan's name for each."""
    return " &nbsp; ".join(f"<span style='color:{colour}'>&#9632;</span>&nbsp;{esc(name)}" for name, colour in entries)
