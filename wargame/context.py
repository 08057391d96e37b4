"""The working context of one turn: what rules can read, and how effects change it.

Rules and bots see the world only through :class:`TurnContext` (the
``EvalContext`` of :mod:`wargame.rules.vocabulary`); effects change its
values, flags, counters and control, and every application is returned as an
:class:`~wargame.events.Event` carrying its inputs and dice.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable

import numpy as np

from wargame import indicators
from wargame.dice import Dice, DiceStream
from wargame.events import Event, Later
from wargame.factions import FACTION_IDS
from wargame.metrics import METRICS
from wargame.operations import BoardArrays, evacuate_pocket
from wargame.orders import MoscowOrders
from wargame.rules.vocabulary import Condition, Effect, render
from wargame.state import date_of_turn


class TurnContext:
    """Mutable working copy of a turn's state."""

    def __init__(self, *, turn: int, values: dict[str, float], stances: MoscowOrders, flags: set[str],
                 counters: dict[str, int], capital: int, codes: np.ndarray, board, arrays: BoardArrays,
                 dice: Dice, metric_fn: Callable[["TurnContext", str], float]) -> None:
        self.turn = turn
        self.values = values
        self.start_values = dict(values)
        self.stances = stances
        self.flags = flags
        self.counters = counters
        self.capital = capital
        self.codes = codes
        self.board = board
        self.arrays = arrays
        self._place_cells = board.place_cells  # holder() is asked a few hundred times a game
        self.dice = dice
        self.actions: list[str] = []
        self.ended = ""
        self.planned_regime_ops = 0
        self.planned_regime_rebel_ops = 0
        self.regime_forces_committed = 0
        self.extra_regime_forces = 0  # formations a person's choices added to the regime's side this month
        self.protected: frozenset[int] = frozenset()  # battle cities not yet worn down (no evacuation deal)
        self.op_metrics: dict[str, float] = {}
        self.forced_rolls: dict[str, float] = {}  # operation id -> the umpire's die for it
        self._metric_fn = metric_fn
        self._stream: DiceStream | None = None
        self._purpose: str | None = None

    # -- EvalContext ----------------------------------------------------------------
    def value(self, name: str) -> float:
        return self.values[name]

    def metric(self, name: str) -> float:
        return self._metric_fn(self, name)

    def stance(self, name: str) -> str:
        return getattr(self.stances, name)

    def has_flag(self, name: str) -> bool:
        return name in self.flags

    def holder(self, place: str) -> str:
        return FACTION_IDS[self.codes.item(self._place_cells[place])]

    def action_taken(self, action: str) -> bool:
        return action in self.actions

    def roll(self, probability: float) -> bool:
        return self._current_stream().chance(probability)

    def uniform(self, low: float, high: float) -> float:
        return self._current_stream().uniform(low, high)

    # -- dice -----------------------------------------------------------------------
    def use_stream(self, purpose: str) -> DiceStream:
        """Route the next rolls to the stream for ``purpose`` (and return it)."""
        self._purpose = purpose
        self._stream = self.dice.stream(self.turn, purpose)
        return self._stream

    def select_stream(self, purpose: str) -> None:
        """Route the next rolls to the stream for ``purpose``, made only if something rolls (most
        rules and bot choices never do)."""
        self._purpose = purpose
        self._stream = None

    def _current_stream(self) -> DiceStream:
        if self._stream is None:
            if self._purpose is None:
                raise RuntimeError("no dice stream selected")
            self._stream = self.dice.stream(self.turn, self._purpose)
        return self._stream

    def rolls(self) -> tuple[dict, ...]:
        """The rolls made on the current stream so far."""
        return tuple(r.to_json() for r in self._stream.rolls) if self._stream else ()

    def later_rolls(self) -> "tuple[dict, ...] | Later":
        """:meth:`rolls` as an event's ``dice``, turned into plain data only when read."""
        if self._stream is None or not self._stream.rolls:
            return ()
        return Later(_rolls_json, tuple(self._stream.rolls))

    # -- effects ----------------------------------------------------------------------
    def add(self, name: str, amount: float) -> float:
        """Change an indicator (clamped); returns the change actually made."""
        before = self.values[name]
        low, high = _BOUNDS[name]
        after = self.values[name] = min(high, max(low, before + amount))  # indicators.clamp, inlined
        return after - before

    def apply(self, effects: Iterable[Effect]) -> tuple[dict[str, float], tuple[int, ...]]:
        """Apply effects; returns indicator deltas and any cells that changed hands."""
        changes: dict[str, float] = {}
        cells: tuple[int, ...] = ()
        for effect in effects:
            if effect.kind == "add":
                amount = effect.amount(self)
                if effect.per and amount == 0:
                    continue  # a window that is closed (scaled by zero) changes nothing
                changes[effect.target] = changes.get(effect.target, 0.0) + self.add(effect.target, amount)
            elif effect.kind == "flag":
                self.flags.add(effect.target)
            elif effect.kind == "unflag":
                self.flags.discard(effect.target)
            elif effect.kind == "capital":
                self.capital += int(effect.value)
            elif effect.kind == "counter":
                self.counters[effect.target] = self.counters.get(effect.target, 0) + int(effect.value)
            elif effect.kind == "evacuate":
                pocket = evacuate_pocket(self.codes, self.board, self.arrays, effect.target,
                                         protected=self.protected)
                if pocket is not None:
                    cells += pocket.cells
                    moved = int(self.arrays.population[list(pocket.cells)].sum())
                    changes["displaced"] = changes.get("displaced", 0.0) + self.add("displaced", moved * 0.3)
            elif effect.kind == "end":
                self.ended = self.ended or effect.target
        return changes, cells

    def fire(self, phase: str, rule_id: str, claim: str, when: Condition, effects, text: str,
             purpose: str) -> Event | None:
        """Test a condition on its own dice stream; if it holds, apply the effects and explain them."""
        self.select_stream(purpose)
        if not when.test(self):
            return None
        changes, cells = self.apply(effects)
        return self.explain(phase, rule_id, claim, text, changes, cells, {"condition": when.describe()})

    def explain(self, phase: str, rule_id: str, claim: str, text: "str | Later", changes: dict[str, float],
                cells: tuple[int, ...] = (), inputs: dict | None = None) -> Event:
        """Build the event for a change, filling the sentence from current values (taken now, the
        sentence written when it is read). ``text`` may be a :class:`Later` sentence of its own."""
        if type(text) is Later or "{" not in text:
            return Event(phase, rule_id, claim, text, dict(inputs or {}), self.later_rolls(), tuple(cells),
                         {k: v for k, v in changes.items() if v})
        fill: dict[str, object] = {}
        # Only what the sentence names; the first source that has a name wins (delta, a metric, the
        # turn or the date, an indicator), as when every value was filled in and later ones overwrote.
        for name in _placeholders(text):
            if name == "delta" and changes:
                fill[name] = next(iter(changes.values()))
            elif name in METRICS:
                fill[name] = self.metric(name)
            elif name == "turn":
                fill[name] = self.turn
            elif name == "date":
                fill[name] = date_of_turn(self.turn)
            elif name in self.values:
                value = self.values[name]
                fill[name] = int(round(value)) if indicators.BY_NAME[name].unit == "people" else value
        return Event(phase, rule_id, claim, Later(render, text, fill), dict(inputs or {}), self.later_rolls(),
                     tuple(cells), {k: v for k, v in changes.items() if v})


def _rolls_json(rolls: tuple) -> tuple[dict, ...]:
    return tuple(r.to_json() for r in rolls)


_BOUNDS = {i.name: (i.low, i.high) for i in indicators.INDICATORS}


@lru_cache(maxsize=1024)
def _placeholders(text: str) -> tuple[str, ...]:
    """The distinct ``{name}`` placeholders of a sentence."""
    return tuple(dict.fromkeys(re.findall(r"\{([a-z_]+)\}", text)))
