"""Plain-language text for the window: indicator and faction names, months, effect lines."""
from __future__ import annotations

import calendar
import html
import re

from wargame.factions import BY_ID
from wargame.indicators import BY_NAME
from wargame.dates import date_of_turn, month_of_turn  # noqa: F401 - month_of_turn is part of this module's API

PHASES = {
    "events": "Event", "moscow": "Moscow", "actors": "Other actors", "operations": "Fronts",
    "sieges": "Sieges", "consequences": "Consequence", "end": "End of game", "umpire": "Umpire",
}
_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]{3,}\b")
# Indicator labels already in a line are left alone ('Rural insurgency' holds the id 'insurgency').
_LABELS = frozenset(indicator.label for indicator in BY_NAME.values())
_WORD = re.compile("|".join(re.escape(label) for label in sorted(_LABELS, key=len, reverse=True)) + "|" + _NAME.pattern)


def short_month(turn: int) -> str:
    """'Jan 17' for turn 1."""
    year, month = date_of_turn(turn).split("-")
    return f"{calendar.month_abbr[int(month)]} {year[2:]}"


def indicator_label(name: str) -> str:
    """The display label of an indicator (its id, readable, when unknown)."""
    indicator = BY_NAME.get(name)
    return indicator.label if indicator else name.replace("_", " ").capitalize()


def faction_name(faction: str) -> str:
    """Short display name of a faction id."""
    entry = BY_ID.get(faction)
    return entry.short if entry else faction


def readable(text: str) -> str:
    """Replace indicator and faction ids in an engine line by their names ('talks_progress +12' -> 'Talks progress +12');
    names already there stay as they are."""
    def swap(match: re.Match) -> str:
        word = match.group(0)
        if word in _LABELS:
            return word
        if word in BY_NAME:
            return BY_NAME[word].label
        if word in BY_ID:
            return BY_ID[word].short
        if "_" in word:
            return word.replace("_", " ")
        return word
    return _WORD.sub(swap, text)


def esc(text: str) -> str:
    """HTML-escaped text."""
    return html.escape(str(text), quote=False)


def indicator_value(value: float) -> str:
    """An indicator's value as charts and reports give it: whole numbers from 100 up; below, one
    decimal where there is one (55.5 and 56.5 rounded to 56 read as if nothing had moved)."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}".removesuffix(".0")


def signed(value: float) -> str:
    """'+3', '-1.5', '+0' with no trailing zeros; from 1,000 up whole and grouped ('+55,156', not '+55155.6')."""
    if abs(value) >= 1000:
        return f"{value:+,.0f}"
    return f"{value:+.1f}".replace(".0", "") if abs(value - round(value)) > 1e-9 else f"{round(value):+d}"
