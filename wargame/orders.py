"""Moscow's orders for a turn: standing stances plus one-shot actions.

Orders are small frozen value objects that convert to and from plain data.
Whether they are legal (known options, affordable, available) is checked by
:func:`wargame.decisions.check_orders`, separately from applying them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from wargame.files import read_toml

STANCE_FIELDS = ("strategy", "air_focus", "air_intensity", "ground")
LAST_TURN = 18  # turns an orders file may name (the scenario's length)


class OrdersError(ValueError):
    """An orders file or orders data is malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class MoscowOrders:
    """Moscow's choices for one turn."""

    strategy: str = "chips"
    air_focus: str = "balanced"
    air_intensity: str = "medium"
    ground: str = "advisers"
    actions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain data."""
        return {"strategy": self.strategy, "air_focus": self.air_focus, "air_intensity": self.air_intensity,
                "ground": self.ground, "actions": list(self.actions)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str = "orders") -> "MoscowOrders":
        """Build from plain data; :class:`OrdersError` names ``where`` and the bad field."""
        if not isinstance(data, Mapping):
            raise OrdersError(f"{where}: expected a table of orders")
        unknown = set(data) - set(STANCE_FIELDS) - {"actions"}
        if unknown:
            raise OrdersError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        values = {}
        for name in STANCE_FIELDS:
            if name in data:
                if not isinstance(data[name], str):
                    raise OrdersError(f"{where}.{name}: expected a string")
                values[name] = data[name]
        actions = data.get("actions", [])
        if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
            raise OrdersError(f"{where}.actions: expected a list of action ids")
        return cls(**values, actions=tuple(actions))

    def stances(self) -> "MoscowOrders":
        """The same stances with no one-shot actions (what carries over to the next turn)."""
        if not self.actions:
            return self  # frozen: the same orders serve
        return MoscowOrders(self.strategy, self.air_focus, self.air_intensity, self.ground)

    def updated(self, data: Mapping[str, Any], where: str) -> "MoscowOrders":
        """These orders with the fields present in ``data`` replaced."""
        merged = {**self.to_json(), "actions": []}
        merged.update(data)
        return MoscowOrders.from_json(merged, where)


@dataclass(frozen=True, slots=True)
class ActorOrders:
    """The orders of another actor (Damascus, Tehran, Ankara, Washington, the SDF, the opposition, ISIS)
    for one turn: which options of its menu (the attack rules of its list in bots.toml) it launches, in order,
    and the option it takes in each of its standing choices (choice id -> option id; a choice left out
    keeps the bot's option).

    A bot produces these from its priority list; a person in a training session can supply them instead,
    and the engine resolves both alike.
    """

    actor: str
    attacks: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()

    def choice(self, choice_id: str) -> str | None:
        """The option taken in a standing choice, or None (the bot's)."""
        return dict(self.choices).get(choice_id)

    def to_json(self) -> dict[str, Any]:
        """Plain data."""
        return {"actor": self.actor, "attacks": list(self.attacks), "choices": dict(self.choices)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str = "actor orders") -> "ActorOrders":
        """Build from plain data; :class:`OrdersError` names ``where`` and the bad field."""
        if not isinstance(data, Mapping) or set(data) - {"actor", "attacks", "choices"}:
            raise OrdersError(f"{where}: expected a table with 'actor', 'attacks' and 'choices'")
        actor, attacks, choices = data.get("actor"), data.get("attacks", []), data.get("choices", {})
        if not isinstance(actor, str) or not actor:
            raise OrdersError(f"{where}.actor: expected an actor id")
        if not isinstance(attacks, list) or not all(isinstance(a, str) for a in attacks):
            raise OrdersError(f"{where}.attacks: expected a list of option ids")
        if not isinstance(choices, Mapping) or not all(isinstance(k, str) and isinstance(v, str)
                                                       for k, v in choices.items()):
            raise OrdersError(f"{where}.choices: expected a table of choice id -> option id")
        return cls(actor, tuple(attacks), tuple(sorted(choices.items())))


@dataclass(frozen=True)
class OrdersPlan:
    """Moscow's plan for a whole game, as read from an orders file."""

    default: MoscowOrders
    by_turn: Mapping[int, Mapping[str, Any]]
    source: str = ""

    def orders_for(self, turn: int) -> MoscowOrders:
        """Orders for ``turn``: the default, with the fields the turn's own entry names replaced.

        The default's actions apply only to turns the file does not name.
        """
        entry = self.by_turn.get(turn)
        if entry is None:
            return self.default
        return self.default.updated(entry, f"{self.source}: turn.{turn}")


_TURN_KEY = re.compile(r"[1-9][0-9]?", re.ASCII)


def turn_number(key: str, last_turn: int = LAST_TURN) -> int | None:
    """The turn a ``[turn.N]`` key names: plain ASCII decimal 1-``last_turn``, no sign, space,
    leading zero or other digits (``"1_0"``, ``" 3"``, ``"03"`` and Arabic-Indic digits are refused)."""
    if not isinstance(key, str) or _TURN_KEY.fullmatch(key) is None:
        return None
    turn = int(key)
    return turn if 1 <= turn <= last_turn else None


def load_orders_file(path: str | Path, last_turn: int = LAST_TURN) -> OrdersPlan:
    """Read a Moscow orders file (TOML): ``[default]`` plus ``[turn.N]`` tables."""
    path = Path(path)
    data = read_toml(path, "orders file", OrdersError)
    unknown = set(data) - {"default", "turn"}
    if unknown:
        raise OrdersError(f"{path}: unknown section(s) {', '.join(sorted(unknown))} (expected [default] and [turn.N])")
    default = MoscowOrders.from_json(data.get("default", {}), f"{path}: default")
    by_turn: dict[int, Mapping[str, Any]] = {}
    turns = data.get("turn", {})
    if not isinstance(turns, Mapping):
        raise OrdersError(f"{path}: 'turn' must be tables like [turn.3]")
    for key, entry in turns.items():
        turn = turn_number(key, last_turn)
        if turn is None:
            raise OrdersError(f"{path}: turn.{key}: turn must be a plain number 1-{last_turn} (like [turn.3])")
        if turn in by_turn:
            raise OrdersError(f"{path}: turn.{key}: turn {turn} is given twice")
        if not isinstance(entry, Mapping):
            raise OrdersError(f"{path}: turn.{key}: expected a table")
        MoscowOrders.from_json(entry, f"{path}: turn.{key}")
        by_turn[turn] = dict(entry)
    return OrdersPlan(default, by_turn, str(path))
