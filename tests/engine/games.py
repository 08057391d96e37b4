"""Whole games of the real scenario, each played at most once per test session, and helpers to read them.

``played("hardline", 3)`` plays (the first time) or returns (afterwards) the
game of a built-in Moscow policy with a seed. The helpers answer the questions
the claim tests ask of a played game: who held what, where, at which turn,
which rules fired and what a metric was.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from wargame.actors.policies import POLICIES
from wargame.engine import Game
from wargame.events import Event
from wargame.play import PlayedGame, play_game
from wargame.state import GameState

SCENARIO = "syria-2017"


@lru_cache(maxsize=1)
def game() -> Game:
    """The real scenario with its rules, loaded once."""
    return Game.load(SCENARIO)


@lru_cache(maxsize=None)
def played(policy: str, seed: int) -> PlayedGame:
    """The whole game of built-in Moscow ``policy`` with dice ``seed`` (played once, then cached)."""
    return play_game(game(), seed, POLICIES[policy])


# -- positions ------------------------------------------------------------------------------
def state_at(played_game: PlayedGame, turn: int) -> GameState:
    """The state after ``turn`` (0 = the opening); the last state if the game ended earlier."""
    return played_game.turns[min(turn, len(played_game.turns) - 1)].state


@lru_cache(maxsize=None)
def governorate_cells(governorate: str) -> tuple[int, ...]:
    """The cells of a governorate, e.g. ``"Idlib"``."""
    cells = tuple(i for i, c in enumerate(game().board.cells) if c.governorate == governorate)
    if not cells:
        raise KeyError(f"no governorate {governorate!r}")
    return cells


def cells_held(state: GameState, faction: str, governorate: str) -> int:
    """How many cells of ``governorate`` ``faction`` holds in ``state``."""
    return sum(state.control[c] == faction for c in governorate_cells(governorate))


def share_held(state: GameState, faction: str, governorate: str) -> float:
    """The share (0-1) of ``governorate``'s cells that ``faction`` holds."""
    return cells_held(state, faction, governorate) / len(governorate_cells(governorate))


def idlib_opposition_share(played_game: PlayedGame, turn: int) -> float:
    """The share (0-1) of Idlib governorate held by the opposition after ``turn``."""
    return share_held(state_at(played_game, turn), "opposition", "Idlib")


def holder(state: GameState, place: str) -> str:
    """The faction holding a named place."""
    return state.control[game().board.places[place].cell]


def ever_held(played_game: PlayedGame, place: str, faction: str) -> bool:
    """Whether ``faction`` held ``place`` after any turn of the game (the opening excluded)."""
    return any(holder(t.state, place) == faction for t in played_game.turns[1:])


def lost_to(played_game: PlayedGame, turn: int, loser: str, winner: str, governorate: str) -> int:
    """Cells of ``governorate`` that ``loser`` held at the opening and ``winner`` holds after ``turn``."""
    start, now = played_game.turns[0].state, state_at(played_game, turn)
    return sum(start.control[c] == loser and now.control[c] == winner for c in governorate_cells(governorate))


def max_lost_to(played_game: PlayedGame, loser: str, winner: str, governorate: str) -> int:
    """The most cells ``winner`` held at any turn among those ``loser`` held at the opening."""
    return max(lost_to(played_game, t, loser, winner, governorate) for t in range(len(played_game.turns)))


def metric(state: GameState, name: str) -> float:
    """A position metric of :mod:`wargame.metrics` (those that depend only on the state, e.g. damascus_buffer)."""
    g = game()
    return g.metric(g.context(state), name)


# -- events ---------------------------------------------------------------------------------
def events(played_game: PlayedGame, rule: str | None = None, prefix: str | None = None) -> Iterator[tuple[int, Event]]:
    """(turn, event) for every event of the game, optionally only one rule id or ids starting with ``prefix``."""
    for turn in played_game.turns[1:]:
        for event in turn.events:
            if rule is not None and event.rule != rule:
                continue
            if prefix is not None and not event.rule.startswith(prefix):
                continue
            yield turn.state.turn, event


def fired(played_game: PlayedGame, rule: str) -> list[int]:
    """The turns in which rule ``rule`` (or event, action, bot rule) fired."""
    return [turn for turn, _ in events(played_game, rule)]


def value(played_game: PlayedGame, name: str, turn: int | None = None) -> float:
    """Indicator ``name`` after ``turn`` (the final state if None)."""
    state = played_game.final if turn is None else state_at(played_game, turn)
    return state.values[name]


def election_support(played_game: PlayedGame) -> float:
    """Support at the March 2018 election, or the last support if the game ended before it (as the outcome does)."""
    final = played_game.final
    return float(final.counters.get("support_at_election", final.values["russian_domestic_support"]))
