"""Participants' predictions: a small typed list, so that each can be scored against what happened.

A prediction is plain data stored with a decision in the game record:

``{"kind": "place_held", "place": "palmyra", "faction": "regime", "by_turn": 5}``
    the place is held by the faction at the end of some month up to ``by_turn``
    ("Palmyra retaken by May 2017");
``{"kind": "indicator", "indicator": "russian_domestic_support", "op": ">=", "value": 60, "at_turn": 15}``
    the indicator is at least (``>=``) or at most (``<=``) the value after ``at_turn``
    ("support above 60 at the election").

:func:`score` says whether it came true, is still open, or failed, and why.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from wargame import indicators
from wargame.factions import BY_ID, FACTION_IDS
from wargame.state import GameState, month_of_turn

if TYPE_CHECKING:
    from wargame.engine import Game

KINDS = {"place_held": "A place is held by a side by a month", "indicator": "An indicator's level in a month"}
FIELDS = {"place_held": {"kind", "place", "faction", "by_turn"},
          "indicator": {"kind", "indicator", "op", "value", "at_turn"}}
OPS = {">=": "at least", "<=": "at most"}


@dataclass(frozen=True)
class Score:
    """How a prediction fared: ``right``, ``wrong`` or ``open`` (its month is still to come), and why."""

    verdict: str
    why: str


def problems(prediction: Any, game: "Game") -> list[str]:
    """What is wrong with a prediction for ``game`` (empty when it is well formed)."""
    if not isinstance(prediction, Mapping) or prediction.get("kind") not in KINDS:
        kind = prediction.get("kind") if isinstance(prediction, Mapping) else prediction
        return [f"unknown kind of prediction {kind!r} (kinds: {', '.join(KINDS)})"]
    kind = prediction["kind"]
    if set(prediction) != FIELDS[kind]:
        return [f"a {kind} prediction has the fields {', '.join(sorted(FIELDS[kind]))}"]
    out = []
    turn_field = "by_turn" if kind == "place_held" else "at_turn"
    turn = prediction[turn_field]
    if not isinstance(turn, int) or isinstance(turn, bool) or not 1 <= turn <= game.last_turn:
        out.append(f"{turn_field}: a turn 1-{game.last_turn}, not {turn!r}")
    if kind == "place_held":
        if prediction["place"] not in game.board.places:
            out.append(f"unknown place {prediction['place']!r}")
        if prediction["faction"] not in BY_ID:
            out.append(f"unknown faction {prediction['faction']!r} (factions: {', '.join(FACTION_IDS)})")
    else:
        if prediction["indicator"] not in indicators.BY_NAME:
            out.append(f"unknown indicator {prediction['indicator']!r}")
        if prediction["op"] not in OPS:
            out.append(f"op: one of {', '.join(OPS)}, not {prediction['op']!r}")
        value = prediction["value"]
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            out.append(f"value: a number, not {value!r}")
    return out


def describe(prediction: Mapping[str, Any], game: "Game") -> str:
    """The prediction as a sentence ("Palmyra held by the regime by May 2017")."""
    if prediction["kind"] == "place_held":
        place = game.board.places[prediction["place"]].name
        return f"{place} held by {BY_ID[prediction['faction']].short} by {month_of_turn(prediction['by_turn'])}"
    label = indicators.BY_NAME[prediction["indicator"]].label
    return (f"{label} {OPS[prediction['op']]} {prediction['value']:g} in "
            f"{month_of_turn(prediction['at_turn'])}")


def score(prediction: Mapping[str, Any], states: Sequence[GameState], game: "Game") -> Score:
    """Score a prediction against the states of a game so far (``states[t]`` is the state after turn t)."""
    last = len(states) - 1
    if prediction["kind"] == "place_held":
        cell = game.board.places[prediction["place"]].cell
        by = prediction["by_turn"]
        for turn in range(1, min(by, last) + 1):
            if states[turn].control[cell] == prediction["faction"]:
                return Score("right", f"held from {month_of_turn(turn)}")
        if last < by and not states[last].ended:
            return Score("open", f"not yet (the game is at {month_of_turn(last)})")
        holder = BY_ID[states[min(by, last)].control[cell]].short
        return Score("wrong", f"held by {holder} in {month_of_turn(min(by, last))}")
    at = prediction["at_turn"]
    if at > last:
        return Score("open" if not states[last].ended else "wrong",
                     "that month is still to come" if not states[last].ended else "the game ended before that month")
    value = states[at].values[prediction["indicator"]]
    holds = value >= prediction["value"] if prediction["op"] == ">=" else value <= prediction["value"]
    return Score("right" if holds else "wrong", f"{value:.0f} in {month_of_turn(at)}")
