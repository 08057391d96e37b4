"""Seeded dice: one independent stream per (seed, turn, purpose), every roll recorded.

Seeds are derived with SHA-256 so that streams do not depend on Python's hash
randomisation, and rolls are built on ``random.random()`` only, the one
generator method whose output Python keeps stable across versions.
"""
from __future__ import annotations

import _random
import hashlib
import random
from dataclasses import dataclass, field


def stream_seed(seed: int, turn: int, purpose: str) -> int:
    """The 64-bit seed of the stream for ``purpose`` in ``turn`` of game ``seed``."""
    digest = hashlib.sha256(f"{seed}|{turn}|{purpose}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _seeded(seed: int) -> random.Random:
    """``random.Random(seed)``, seeded by the C generator's own ``seed`` at once: the same state
    (an int seed goes straight to it either way) without the Python-level ``__init__`` and
    ``seed`` wrappers, about 1 us of the 6 us that each of a game's few hundred streams costs."""
    rng = random.Random.__new__(random.Random)
    _random.Random.seed(rng, seed)
    rng.gauss_next = None  # as Random.seed leaves it (gauss() and pickling read it)
    return rng


@dataclass(frozen=True, slots=True)
class Roll:
    """One recorded roll: what it was for, what kind, and the result."""

    purpose: str
    kind: str
    value: float

    def to_json(self) -> dict:
        """Plain data for the game record."""
        return {"purpose": self.purpose, "kind": self.kind, "value": round(self.value, 6)}


@dataclass(slots=True)
class DiceStream:
    """A stream of rolls for one purpose; every roll is appended to ``rolls``.

    Built from a seed (``seed_of``: the stream's seed, turn and purpose), the
    generator is made at the first roll: most streams a turn selects never roll.
    """

    purpose: str
    _rng: random.Random | None = None
    rolls: list[Roll] = field(default_factory=list)
    forced: list[float] = field(default_factory=list)  # the umpire's dice, taken in place of the next uniforms
    seed_of: tuple[int, int, str] | None = field(default=None, repr=False, compare=False)

    @property
    def rng(self) -> random.Random:
        """The stream's generator (seeded on first use)."""
        if self._rng is None:
            self._rng = _seeded(stream_seed(*self.seed_of))
        return self._rng

    def _record(self, kind: str, value: float) -> float:
        self.rolls.append(Roll(self.purpose, kind, value))
        return value

    def random(self) -> float:
        """A float in [0, 1)."""
        return self._record("random", self.rng.random())

    def uniform(self, low: float, high: float) -> float:
        """A float in [low, high); the umpire's value instead if one was forced (the draw is still made,
        so every later roll of the stream is the one the game would have had)."""
        value = low + (high - low) * self.rng.random()
        if self.forced:
            return self._record(f"uniform({low:g},{high:g}) set by the umpire", self.forced.pop(0))
        return self._record(f"uniform({low:g},{high:g})", value)

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        value = self.rng.random()
        self._record(f"chance({probability:.3f})", value)
        return value < probability

    def d6(self) -> int:
        """A six-sided die."""
        return int(self._record("d6", 1 + int(self.rng.random() * 6)))

    def choice_index(self, count: int) -> int:
        """An index in range(count)."""
        return int(self._record(f"choice({count})", int(self.rng.random() * count)))


class Dice:
    """The dice of one game: a seed from which every stream is derived."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)

    def stream(self, turn: int, purpose: str) -> DiceStream:
        """A fresh stream for ``purpose`` in ``turn``; the same arguments give the same rolls."""
        return DiceStream(purpose, seed_of=(self.seed, turn, purpose))
