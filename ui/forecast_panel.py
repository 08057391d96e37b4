"""The "What if" dock: forecasts before choosing, and "luck or decision?" after a game.

Forecast: from the current position, the plan on the screen and the built-in
policies are each played to the end over many seeds in a worker thread; the
dock shows the chance of each verdict and the spread of scores, with progress
and a Cancel button, and the window stays responsive. Luck or decision: a
finished game's orders are replayed under other dice (where does this score
fall?) and each policy takes over at several months (what would it have made
of the same position?). The work is :mod:`wargame.forecast`, which knows
nothing of Qt; this dock runs it on its own copy of the engine.
"""
from __future__ import annotations

import threading
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from ui.controller import PLAYER, GameController
from ui.text import esc, month_of_turn, short_month
from wargame.actors.policies import POLICIES
from wargame.forecast import Stopped, forecast, keep_orders, luck_or_decision

PLAN_COLOURS = ("#1f4e79", "#c0392b", "#2e8b57", "#8a2be2", "#b8860b")
ALTERNATIVES = ("deal", "hardline", "chips")
TAKEOVER_TURNS = (0, 3, 6, 9, 12, 15)


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

    def run(self) -> None:  # noqa: D401 - Qt API
        try:
            result = self.work(lambda done, total: self.signals.progress.emit(done, total), self.stop.is_set)
        except Stopped:
            self.signals.failed.emit("Cancelled.")
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
        for key, text in ((PLAYER, "orders on screen"), *((p, p) for p in ALTERNATIVES)):
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
        controls.addStretch(1)
        layout.addLayout(controls)
        layout.addLayout(plans)
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m games")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.summary = QLabel("Forecast the coming months before you choose: each plan is played to the end many "
                              "times from the current position.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        charts = QHBoxLayout()
        self.left_chart = _chart()
        self.right_chart = _chart()
        charts.addWidget(self.left_chart)
        charts.addWidget(self.right_chart)
        layout.addLayout(charts, 1)
        controller.game_over.connect(lambda _o: self._update_buttons())
        controller.game_started.connect(self._update_buttons)
        controller.busy_changed.connect(lambda _b: self._update_buttons())
        self._update_buttons()

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
            plans["orders on screen"] = keep_orders(self.controller.pending, state.turn + 1)
        for name in ALTERNATIVES:
            if self.plan_boxes[name].isChecked():
                plans[name] = POLICIES[name]
        if not plans:
            self.summary.setText("Tick at least one plan to forecast.")
            return False
        seeds = [1_000_003 * (state.turn + 1) + i for i in range(self.games.value())]
        engine = self.engine
        self._start(lambda progress, cancelled: forecast(engine, state, plans, seeds, progress, cancelled),
                    self._show_forecast, f"Forecasting {len(plans)} plans from {month_of_turn(state.turn)}…")
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
        self._start(lambda progress, cancelled: luck_or_decision(engine, session.seed, states, orders, score,
                                                                 policies, seeds, TAKEOVER_TURNS, progress, cancelled),
                    self._show_luck, "Replaying your orders under other dice, and letting other plans take over…")
        return True

    def cancel(self) -> None:
        """Stop the running job at the next game."""
        if self._job is not None:
            self._job.stop.set()

    def _start(self, work, on_done, message: str) -> None:
        job = _Job(work)
        job.signals.progress.connect(self._on_progress)
        job.signals.done.connect(lambda result: self._finish(on_done, result))
        job.signals.failed.connect(lambda text: self._finish(None, text))
        self._job = job
        self.summary.setText(esc(message))
        self.progress.setRange(0, 0)
        self.progress.show()
        self._update_buttons()
        self.pool.start(job)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finish(self, on_done, result) -> None:
        self._job = None
        self.progress.hide()
        self._update_buttons()
        if on_done is None:
            self.summary.setText(esc(result))
        else:
            on_done(result)

    def _update_buttons(self) -> None:
        busy = self.running()
        session = self.controller.session
        self.run_button.setEnabled(not busy and bool(session.states) and not self.controller.state.ended)
        self.luck_button.setEnabled(not busy and session.outcome is not None)
        self.cancel_button.setEnabled(busy)

    # -- showing ------------------------------------------------------------------------------
    def _show_forecast(self, results) -> None:
        self.results = results
        verdicts = sorted({name for r in results for name in r.verdict_shares()})
        self.left_chart.clear()
        self.left_chart.setTitle("Chance of each verdict (%)", size="8pt", color="#222")
        width = 0.8 / max(1, len(results))
        for index, (result, colour) in enumerate(zip(results, PLAN_COLOURS)):
            shares = result.verdict_shares()
            xs = [v + (index - (len(results) - 1) / 2) * width for v in range(len(verdicts))]
            bars = pg.BarGraphItem(x=xs, height=[100 * shares.get(v, 0.0) for v in verdicts], width=width * 0.9,
                                   brush=colour, name=result.plan)
            self.left_chart.addItem(bars)
        self.left_chart.getAxis("bottom").setTicks([[(i, v) for i, v in enumerate(verdicts)]])
        self.right_chart.clear()
        self.right_chart.setTitle("Scores: each game (dot), mean and 95% interval (bar)", size="8pt", color="#222")
        lines = []
        for index, (result, colour) in enumerate(zip(results, PLAN_COLOURS)):
            scores = result.scores
            xs = [index + ((i * 0.6180339) % 1 - 0.5) * 0.5 for i in range(len(scores))]
            self.right_chart.plot(xs, scores, pen=None, symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None)
            mean, half = result.mean_interval()
            self.right_chart.addItem(pg.ErrorBarItem(x=np.array([index]), y=np.array([mean]),  # it wants arrays
                                                     height=np.array([2 * half]), beam=0.3,
                                                     pen=pg.mkPen("#111", width=2)))
            self.right_chart.plot([index - 0.3, index + 0.3], [mean, mean], pen=pg.mkPen("#111", width=2))
            top = next(iter(result.verdict_shares().items()))
            lines.append(f"<b>{esc(result.plan)}</b>: mean score {mean:.1f} &plusmn; {half:.1f}; most likely "
                         f"{esc(top[0])} ({top[1]:.0%})")
        self.right_chart.getAxis("bottom").setTicks([[(i, r.plan) for i, r in enumerate(results)]])
        games = len(results[0].outcomes) if results else 0
        self.summary.setText(f"From {month_of_turn(self.controller.state.turn)}, {games} games per plan: "
                             + "; ".join(lines) + ".")

    def _show_luck(self, review) -> None:
        self.review = review
        self.left_chart.clear()
        self.left_chart.setTitle("Your orders under other dice: scores", size="8pt", color="#222")
        scores = list(review.other_seed_scores)
        if scores:
            low, high = min(scores + [review.score]), max(scores + [review.score])
            bins = list(range(low, high + 2))
            counts = [sum(s == b for s in scores) for b in bins[:-1]]
            self.left_chart.addItem(pg.BarGraphItem(x=bins[:-1], height=counts, width=0.9, brush="#8fb3d9"))
        self.left_chart.addItem(pg.InfiniteLine(review.score, angle=90, pen=pg.mkPen("#111", width=2),
                                                label="this game", labelOpts={"color": "#111"}))
        self.left_chart.getAxis("bottom").setTicks(None)
        self.right_chart.clear()
        self.right_chart.setTitle("Had a policy taken over after that month: its final score (dashed: this game)",
                                  size="8pt", color="#222")
        self.right_chart.addItem(pg.InfiniteLine(review.score, angle=0, pen=pg.mkPen("#111", width=2,
                                                                                      style=Qt.PenStyle.DashLine)))
        for (policy, rows), colour in zip(review.takeovers.items(), PLAN_COLOURS[1:]):
            self.right_chart.plot([t for t, _ in rows], [s for _, s in rows], pen=pg.mkPen(colour, width=2),
                                  symbol="o", symbolBrush=colour, name=policy)
        self.right_chart.getAxis("bottom").setTicks([[(t, short_month(t)) for t in TAKEOVER_TURNS]])
        text = (f"<b>The dice:</b> this game's score of {review.score} is at or above {review.percentile:.0f}% of "
                f"{len(scores)} games played with the same orders and other dice.")
        best = review.best_alternative()
        if best is not None:
            policy, turn, score = best
            verb = "would have scored" if score != review.score else "would also have scored"
            text += (f" <b>The choices:</b> the best alternative, '{esc(policy)}' taking over in "
                     f"{month_of_turn(turn + 1)}, {verb} {score} ({score - review.score:+d}).")
        self.summary.setText(text)


def _chart() -> pg.PlotWidget:
    chart = pg.PlotWidget(background="w")
    chart.setMenuEnabled(False)
    chart.setMouseEnabled(x=False, y=False)
    chart.hideButtons()
    chart.setMinimumHeight(80)
    chart.addLegend(offset=(-4, 4), labelTextSize="7pt", brush=pg.mkBrush(255, 255, 255, 220))
    return chart
