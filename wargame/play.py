"""Playing whole games headlessly, and the per-turn report of a game (the JSON of ``wargame play``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from wargame.dice import Dice
from wargame.engine import Game, TurnResult
from wargame.events import Event
from wargame.orders import MoscowOrders, OrdersPlan
from wargame.outcome import Outcome, evaluate
from wargame.state import GameState, date_of_turn
from wargame.summary import KEY_PLACES, control_by_faction, place_holders

MoscowSource = Callable[[Game, GameState, Dice], MoscowOrders]


def plan_source(plan: OrdersPlan) -> MoscowSource:
    """Moscow's orders from an orders file."""
    def orders(_game: Game, state: GameState, _dice: Dice) -> MoscowOrders:
        return plan.orders_for(state.turn + 1)

    return orders


@dataclass(frozen=True)
class PlayedTurn:
    """One turn of a played game: the orders given, the resulting state and its events."""

    orders: MoscowOrders | None
    state: GameState
    events: tuple[Event, ...]
    operations: tuple = ()  # the month's operation results, where kept (a replay for the window keeps them)


@dataclass(frozen=True)
class PlayedGame:
    """A whole game: turn 0 (the opening) to the last turn, and the verdict."""

    seed: int
    turns: tuple[PlayedTurn, ...]
    outcome: Outcome

    @property
    def final(self) -> GameState:
        """The last state."""
        return self.turns[-1].state


def play_game(game: Game, seed: int, moscow: MoscowSource) -> PlayedGame:
    """Play from the opening until the game ends."""
    dice = Dice(seed)
    state = game.opening()
    turns = [PlayedTurn(None, state, ())]
    while not state.ended:
        orders = moscow(game, state, dice)
        result: TurnResult = game.resolve_turn(state, orders, dice)
        state = result.state
        turns.append(PlayedTurn(orders, state, result.events))
    return PlayedGame(seed, tuple(turns), judge(game, state))


def judge(game: Game, state: GameState) -> Outcome:
    """The verdict on a position, with everything :func:`wargame.outcome.evaluate` reads from the map."""
    ctx = game.context(state)
    return evaluate(state, ctx.holder, game.metric(ctx, "idlib_opposition_share"),
                    game.metric(ctx, "isis_area_share"))


def turn_report(game: Game, turn: PlayedTurn, full_events: bool = False) -> dict[str, Any]:
    """The JSON view of one turn (see the README for the format)."""
    state, board = turn.state, game.board
    control = control_by_faction(board, state.control)
    by_governorate: dict[str, dict[str, int]] = {}
    for cell, faction in zip(board.cells, state.control):
        counts = by_governorate.setdefault(cell.governorate, {})
        counts[faction] = counts.get(faction, 0) + 1
    return {
        "turn": state.turn,
        "date": date_of_turn(state.turn),
        "state_hash": state.state_hash(),
        "orders": turn.orders.to_json() if turn.orders else None,
        "control": {f: {"cells": e["cells"], "area_km2": e["area_km2"], "population": e["population"]}
                    for f, e in control.items()},
        "by_governorate": {g: dict(sorted(c.items())) for g, c in sorted(by_governorate.items())},
        "places": place_holders(board, state.control, KEY_PLACES),
        "indicators": {k: round(v, 2) for k, v in state.values.items()},
        "capital": state.capital,
        "events": [e.to_json(full_events) for e in turn.events],
    }


def game_report(game: Game, played: PlayedGame, moscow: str, full_events: bool = False) -> dict[str, Any]:
    """The JSON view of a whole game."""
    return {
        "scenario": game.scenario.id,
        "seed": played.seed,
        "moscow": moscow,
        "finished": bool(played.final.ended),
        # No verdict for a game that stops early (a record saved mid-game): it is given only at the end.
        "outcome": played.outcome.to_json() if played.final.ended else None,
        "turns": [turn_report(game, t, full_events) for t in played.turns],
    }
