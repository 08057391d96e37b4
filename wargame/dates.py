"""Turns and months: turn 0 is December 2016, each turn one month.

Kept apart from :mod:`wargame.state` so the window can name months before the
engine (and its hashing) is loaded.
"""
from __future__ import annotations

import calendar

START_YEAR, START_MONTH = 2016, 12


def date_of_turn(turn: int) -> str:
    """'YYYY-MM' of a turn: turn 0 is December 2016, turn 1 January 2017."""
    month_index = START_MONTH - 1 + turn
    return f"{START_YEAR + month_index // 12}-{month_index % 12 + 1:02d}"


def month_of_turn(turn: int) -> str:
    """'January 2017' for turn 1 ('December 2016' for turn 0)."""
    year, month = date_of_turn(turn).split("-")
    return f"{calendar.month_name[int(month)]} {year}"
