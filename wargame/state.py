"""The game state: immutable, hashable, serialisable.

A :class:`GameState` is never changed in place; each turn builds a new one.
Its hash is the SHA-256 of a canonical JSON form, stored per turn so replays
can be verified.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Mapping

from wargame import indicators
from wargame.dates import START_MONTH, START_YEAR, date_of_turn, month_of_turn  # noqa: F401 - re-exported
from wargame.orders import MoscowOrders


@dataclass(frozen=True, slots=True)
class Operation:
    """A military operation under way: who attacks whom, toward which place."""

    id: str                 # stable id, e.g. "regime:idlib"
    attacker: str           # faction id
    defender: str           # faction id
    objective: str          # place id the attack drives toward
    started: int            # turn it began
    label: str = ""         # human-readable name
    sponsor: str = ""       # which actor launched it (damascus, ankara, ...)
    forces: int = 1         # formations committed to it this month

    def to_json(self) -> dict[str, Any]:
        """Plain data."""
        return {"id": self.id, "attacker": self.attacker, "defender": self.defender, "objective": self.objective,
                "started": self.started, "label": self.label, "sponsor": self.sponsor, "forces": self.forces}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Operation":
        """Inverse of :meth:`to_json`."""
        return cls(str(data["id"]), str(data["attacker"]), str(data["defender"]), str(data["objective"]),
                   int(data["started"]), str(data.get("label", "")), str(data.get("sponsor", "")),
                   int(data.get("forces", 1)))


@dataclass(frozen=True)
class GameState:
    """Everything that defines a position; derived facts (fronts, summaries) are not stored."""

    turn: int
    control: tuple[str, ...]
    values: Mapping[str, float]
    stances: MoscowOrders
    capital: int
    operations: tuple[Operation, ...] = ()
    flags: frozenset[str] = frozenset()
    counters: Mapping[str, int] = field(default_factory=dict)
    ended: str = ""          # "" while the game goes on; else the reason it ended

    def value(self, name: str) -> float:
        """The current value of indicator ``name``."""
        return self.values[name]

    def to_json(self) -> dict[str, Any]:
        """Canonical plain data (sorted, rounded) for hashing and saving."""
        return {
            "turn": self.turn,
            "control": "".join(_CODES[f] for f in self.control),
            "values": {k: round(float(self.values[k]), 4) for k in sorted(self.values)},
            "stances": self.stances.to_json(),
            "capital": self.capital,
            "operations": [op.to_json() for op in self.operations],
            "flags": sorted(self.flags),
            "counters": {k: int(self.counters[k]) for k in sorted(self.counters)},
            "ended": self.ended,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "GameState":
        """Inverse of :meth:`to_json`."""
        from wargame.factions import decode_control

        return cls(
            turn=int(data["turn"]),
            control=decode_control(str(data["control"])),
            values={str(k): float(v) for k, v in data["values"].items()},
            stances=MoscowOrders.from_json(data["stances"]),
            capital=int(data["capital"]),
            operations=tuple(Operation.from_json(o) for o in data.get("operations", [])),
            flags=frozenset(str(f) for f in data.get("flags", [])),
            counters={str(k): int(v) for k, v in data.get("counters", {}).items()},
            ended=str(data.get("ended", "")),
        )

    def state_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON form."""
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _codes() -> dict[str, str]:
    from wargame.factions import FACTIONS

    return {f.id: f.code for f in FACTIONS}


_CODES = _codes()


def opening_state(control: tuple[str, ...], stances: MoscowOrders, capital: int) -> GameState:
    """The state at turn 0 (late December 2016)."""
    return GameState(turn=0, control=tuple(control), values=indicators.opening_values(), stances=stances,
                     capital=capital)
