"""What-if from a position: play the rest of the game many times, and judge how much of a result was luck.

Plain functions (no Qt): the window runs them in a worker thread and shows
their progress; they stop early when ``cancelled()`` turns true. Every game
is reproducible from its seed, like any other game.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from wargame.dice import Dice
from wargame.engine import Game
from wargame.orders import MoscowOrders, OrdersError
from wargame.outcome import Outcome
from wargame.play import MoscowSource, judge
from wargame.state import GameState

Progress = Callable[[int, int], None]       # (games done, games in all)
Cancelled = Callable[[], bool]


class Stopped(Exception):
    """The caller cancelled; the results so far are in ``partial``."""

    def __init__(self, partial) -> None:
        super().__init__("cancelled")
        self.partial = partial


def play_from(game: Game, state: GameState, seed: int, moscow: MoscowSource) -> tuple[GameState, Outcome]:
    """Play from ``state`` to the end with the dice of ``seed``; the final state and its verdict."""
    dice = Dice(seed)
    while not state.ended:
        state = game.resolve_turn(state, moscow(game, state, dice), dice).state
    return state, judge(game, state)


def keep_orders(first: MoscowOrders, turn: int) -> MoscowSource:
    """The plan on the screen: ``first`` for ``turn``, then the same stances with no further actions."""
    later = first.stances()

    def source(_game: Game, state: GameState, _dice: Dice) -> MoscowOrders:
        return first if state.turn + 1 == turn else later

    return source


@dataclass(frozen=True)
class PlanForecast:
    """The spread of outcomes of one plan from one position."""

    plan: str
    outcomes: tuple[Outcome, ...]

    @property
    def scores(self) -> list[int]:
        """Every game's score."""
        return [o.score for o in self.outcomes]

    def verdict_shares(self) -> dict[str, float]:
        """Verdict name -> share of the games."""
        shares: dict[str, float] = {}
        for outcome in self.outcomes:
            shares[outcome.name] = shares.get(outcome.name, 0.0) + 1.0 / len(self.outcomes)
        return dict(sorted(shares.items(), key=lambda kv: -kv[1]))

    def mean_interval(self) -> tuple[float, float]:
        """Mean score and the half-width of its 95% interval (normal approximation)."""
        scores = self.scores
        mean = statistics.fmean(scores)
        if len(scores) < 2:
            return mean, 0.0
        return mean, 1.96 * statistics.stdev(scores) / len(scores) ** 0.5


def forecast(game: Game, state: GameState, plans: Mapping[str, MoscowSource], seeds: Sequence[int],
             progress: Progress | None = None, cancelled: Cancelled | None = None) -> list[PlanForecast]:
    """Each plan (an orders source) played from ``state`` over ``seeds``.

    Raises :class:`Stopped` (with the plans finished so far) if ``cancelled()`` becomes true.
    """
    total, done = len(plans) * len(seeds), 0
    results: list[PlanForecast] = []
    for name, source in plans.items():
        outcomes = []
        for seed in seeds:
            if cancelled is not None and cancelled():
                raise Stopped(results)
            outcomes.append(play_from(game, state, seed, source)[1])
            done += 1
            if progress is not None:
                progress(done, total)
        results.append(PlanForecast(name, tuple(outcomes)))
    return results


@dataclass(frozen=True)
class LuckOrDecision:
    """How a finished game's score compares with the same orders under other dice, and with other plans."""

    score: int
    other_seed_scores: tuple[int, ...]          # the same month-by-month orders, other dice
    takeovers: Mapping[str, tuple[tuple[int, int], ...]]   # policy -> (turn it took over, final score)

    @property
    def percentile(self) -> float:
        """Share of the other-dice games this game scored at least as well as (0-100)."""
        if not self.other_seed_scores:
            return 50.0
        return 100.0 * sum(s <= self.score for s in self.other_seed_scores) / len(self.other_seed_scores)

    def best_alternative(self) -> tuple[str, int, int] | None:
        """(policy, takeover turn, score) of the best-scoring alternative, if any."""
        options = [(score, policy, turn) for policy, rows in self.takeovers.items() for turn, score in rows]
        if not options:
            return None
        score, policy, turn = max(options, key=lambda o: (o[0], -o[2], o[1]))
        return policy, turn, score


def luck_or_decision(game: Game, seed: int, states: Sequence[GameState], orders: Sequence[MoscowOrders | None],
                     score: int, policies: Mapping[str, MoscowSource], other_seeds: Sequence[int],
                     takeover_turns: Sequence[int], progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> LuckOrDecision:
    """Replay a finished game's orders over ``other_seeds`` and let each policy take over at ``takeover_turns``.

    ``states`` and ``orders`` are the game's turns (``orders[t]`` led to ``states[t]``). Orders that
    the other dice make impossible (an action not available that month) are skipped as the engine
    skips them; a game whose orders the engine refuses outright is left out.
    """
    plan = [o for o in orders[1:] if o is not None]
    total = len(other_seeds) + len(policies) * len(takeover_turns)
    done = 0
    others = []
    for other in other_seeds:
        if cancelled is not None and cancelled():
            raise Stopped(None)
        try:
            _, outcome = play_from(game, states[0], other, _replayed(plan))
            others.append(outcome.score)
        except (OrdersError, ValueError):
            pass
        done += 1
        if progress is not None:
            progress(done, total)
    takeovers: dict[str, list[tuple[int, int]]] = {}
    for name, policy in policies.items():
        for turn in takeover_turns:
            if cancelled is not None and cancelled():
                raise Stopped(None)
            if turn < len(states) and not states[turn].ended:
                takeovers.setdefault(name, []).append((turn, play_from(game, states[turn], seed, policy)[1].score))
            done += 1
            if progress is not None:
                progress(done, total)
    return LuckOrDecision(score, tuple(others), {k: tuple(v) for k, v in takeovers.items()})


def _replayed(plan: Sequence[MoscowOrders]) -> MoscowSource:
    def source(_game: Game, state: GameState, _dice: Dice) -> MoscowOrders:
        return plan[min(state.turn, len(plan) - 1)] if plan else state.stances
    return source
