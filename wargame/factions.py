"""The factions that can hold ground, with their display names and one-letter codes."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Faction:
    """A faction that controls cells."""

    id: str
    code: str  # one letter, used in compact control strings
    name: str
    short: str


FACTIONS: tuple[Faction, ...] = (
    Faction("regime", "R", "Syrian government and allies", "Regime"),
    Faction("opposition", "O", "Armed opposition (incl. jihadist factions)", "Opposition"),
    Faction("isis", "I", "Islamic State", "ISIS"),
    Faction("sdf", "S", "Syrian Democratic Forces (YPG-led)", "SDF"),
    Faction("turkey", "T", "Turkish-backed forces (Euphrates Shield)", "Turkish-backed"),
    Faction("us", "U", "US-led coalition (al-Tanf)", "US / coalition"),
)
FACTION_IDS: tuple[str, ...] = tuple(f.id for f in FACTIONS)
BY_ID: dict[str, Faction] = {f.id: f for f in FACTIONS}
BY_CODE: dict[str, Faction] = {f.code: f for f in FACTIONS}


# How the story names each faction as the subject of a sentence.
IN_TEXT: dict[str, str] = {
    "regime": "the regime", "opposition": "the rebels", "isis": "ISIS", "sdf": "the SDF",
    "turkey": "Turkish-backed forces", "us": "the US-led coalition",
}

# The faction as an adjective ('a besieged ISIS pocket').
ADJECTIVE: dict[str, str] = {
    "regime": "regime", "opposition": "rebel", "isis": "ISIS", "sdf": "SDF", "turkey": "Turkish-backed",
    "us": "coalition",
}


def faction_name(faction: str) -> str:
    """The faction's name in a sentence ('Turkish-backed forces', 'the SDF')."""
    return IN_TEXT.get(faction, faction)


def encode_control(control: tuple[str, ...] | list[str]) -> str:
    """Compact string form of a control assignment (one letter per cell)."""
    return "".join(BY_ID[f].code for f in control)


def decode_control(text: str) -> tuple[str, ...]:
    """Inverse of :func:`encode_control`; ValueError names the first bad letter."""
    out = []
    for position, letter in enumerate(text):
        faction = BY_CODE.get(letter)
        if faction is None:
            raise ValueError(f"position {position}: unknown faction code {letter!r}")
        out.append(faction.id)
    return tuple(out)
