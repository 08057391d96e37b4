"""A tiny world for rule tests: a 91-cell board carrying every named place, with the real rule files.

``fire("rule_id", values=..., stances=..., flags=..., holders=..., metrics=...)``
evaluates one rule, event or bot-rule condition in a context set up exactly as
the test wants and returns the resulting :class:`~wargame.events.Event` (or
None if the rule did not fire), plus the context to inspect.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import h3

from wargame.board import Board, Cell, Place
from wargame.context import TurnContext
from wargame.dice import Dice
from wargame.engine import IDX, Game
from wargame.events import Event
from wargame.indicators import opening_values
from wargame.operations import codes_of
from wargame.orders import MoscowOrders
from wargame.rules.loader import load_ruleset
from wargame.scenario import SCENARIO_DIR, Scenario, load_scenario

SCENARIO = SCENARIO_DIR / "syria_2017"


@lru_cache(maxsize=1)
def tiny_game() -> Game:
    """A game on a 91-cell H3 disk where each named place of the real scenario has its own cell."""
    place_ids = sorted(load_scenario("syria-2017").board.places)
    ids = sorted(h3.grid_disk(h3.latlng_to_cell(35.0, 38.0, 6), 5))
    index = {c: i for i, c in enumerate(ids)}
    cells, places = [], {}
    for i, c in enumerate(ids):
        lat, lon = h3.cell_to_latlng(c)
        site = place_ids[i] if i < len(place_ids) else None
        governorate = "Idlib" if site in ("idlib", "jisr_al_shughur", "khan_shaykhun", "maarat_al_numan") else "Homs"
        cells.append(Cell(i, c, lat, lon, governorate, 10_000, "agricultural", 36.0, site))
        if site:
            places[site] = Place(site, site, "city", lat, lon, i, 10_000)
    neighbors = tuple(tuple(sorted(index[n] for n in h3.grid_disk(c, 1) if n != c and n in index)) for c in ids)
    board = Board(tuple(cells), neighbors, places, {"Homs": 0, "Idlib": 0})
    control = ("regime",) * len(cells)
    scenario = Scenario("tiny", "Tiny world", "2016-12", 18, SCENARIO, board, control)
    return Game(scenario, load_ruleset(SCENARIO, frozenset(places)))


def context(values: dict | None = None, stances: MoscowOrders | None = None, flags=(), holders: dict | None = None,
            metrics: dict | None = None, turn: int = 1, seed: int = 0, counters: dict | None = None) -> TurnContext:
    """A turn context on the tiny board, with everything else at its opening default."""
    game = tiny_game()
    control = list(game.scenario.opening_control)
    for place, faction in (holders or {}).items():
        control[game.board.places[place].cell] = faction
    ctx = TurnContext(turn=turn, values={**opening_values(), **(values or {})}, stances=stances or MoscowOrders(),
                      flags=set(flags), counters=dict(counters or {}), capital=6, codes=codes_of(control),
                      board=game.board, arrays=game.arrays, dice=Dice(seed), metric_fn=game.metric)
    ctx.op_metrics.update(metrics or {})
    return ctx


def find(rule_id: str):
    """A consequence rule or an event by id."""
    game = tiny_game()
    for rule in (*game.rules.rules, *game.rules.events):
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def fire(rule_id: str, **kwargs) -> tuple[Event | None, TurnContext]:
    """Evaluate one rule or event in a tiny-world context built from ``kwargs``."""
    rule = find(rule_id)
    ctx = context(**kwargs)
    event = ctx.fire("test", rule.id, rule.claim, rule.when, rule.effects, rule.text, f"rule:{rule.id}")
    return event, ctx


__all__ = ["tiny_game", "context", "fire", "find", "IDX", "Path"]
