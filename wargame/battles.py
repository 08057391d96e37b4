"""Urban battles: a city falls after months of street fighting, not in one operation.

Each battle city (``battles.toml``) carries a progress track (0-100, kept in the
state's counters as ``battle.<place>``). While an attacker touches the city and
drives on it, each month adds progress from the operation's advance points;
the city changes hands at 100. A city that is encircled (a besieged pocket) is
worn down twice as fast; otherwise no month can add more than
:data:`MAX_MONTHLY` points, so no such battle ends in its first month.
"""
from __future__ import annotations

from dataclasses import dataclass

from wargame.rules.loader import Battle

MAX_MONTHLY = 60          # progress a month at most, unless the city is encircled
ENCIRCLED_FACTOR = 2.0    # an encircled garrison without supplies wears down faster
FULL_MONTH_POINTS = 4.0   # advance points that make an even month of progress
CIVILIAN_RATE = 0.004     # share of the city's people killed in a month of street fighting
DISPLACED_RATE = 0.12     # share who flee in a month


def progress_key(place: str) -> str:
    """The counter holding a battle's progress."""
    return f"battle.{place}"


def months_key(place: str) -> str:
    """The counter holding how many months a battle has lasted."""
    return f"battle_months.{place}"


@dataclass(frozen=True)
class BattleMonth:
    """One month of an urban battle."""

    place: str
    month: int            # the battle's month (1 = its first)
    before: int           # progress before this month (0-100)
    after: int            # progress after it
    encircled: bool
    civilians: int
    displaced: int

    @property
    def won(self) -> bool:
        """Whether the city falls this month."""
        return self.after >= 100


def battle_month(battle: Battle, progress: int, months: int, points: float, encircled: bool,
                 population: int, air_factor: float = 1.0) -> BattleMonth:
    """The progress a month of street fighting makes from ``points`` (no dice here: they are in the points)."""
    gain = (100.0 / battle.months) * max(0.0, min(1.5, points / FULL_MONTH_POINTS))
    if encircled:
        gain *= ENCIRCLED_FACTOR
    else:
        gain = min(gain, MAX_MONTHLY)
    if points < 0:
        gain = points * 2.0  # a failed month: the defenders win back streets
    after = int(max(0, min(100, round(progress + gain))))
    civilians = int(population * CIVILIAN_RATE * air_factor)
    displaced = int(population * DISPLACED_RATE)
    return BattleMonth(battle.place, months + 1, progress, after, encircled, civilians, displaced)
