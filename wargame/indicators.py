"""The indicators of the game: bounded tracks and counts, with their opening values.

Tracks run 0-100 (a judgement scale, documented per indicator); counts are
people or money and only have a floor. Values are clamped to their range
whenever they change, so every state stays in range.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: its name, label, range, opening value and meaning."""

    name: str
    label: str
    low: float
    high: float
    start: float
    unit: str
    meaning: str

    def clamp(self, value: float) -> float:
        """The value brought inside the indicator's range."""
        return min(self.high, max(self.low, value))


_BIG = 1e9
INDICATORS: tuple[Indicator, ...] = (
    Indicator("russian_domestic_support", "Russian domestic support", 0, 100, 64, "track",
              "Backing at home for the Syria campaign and the government that runs it."),
    Indicator("russian_casualties", "Russian casualties", 0, _BIG, 0, "people",
              "Russian servicemen and contractors killed since January 2017."),
    Indicator("russian_war_cost", "Cost of the war to Russia", 0, 100, 30, "track",
              "Strain of the campaign on the Russian budget and forces (sorties, deployments, losses)."),
    Indicator("international_standing", "Russia's international standing", 0, 100, 32, "track",
              "How other governments and publics judge Russia's role; Aleppo left it low."),
    Indicator("civilian_deaths", "Civilian deaths", 0, _BIG, 0, "people",
              "Civilians killed in the fighting since January 2017."),
    Indicator("displaced", "Newly displaced", 0, _BIG, 0, "people",
              "People driven from their homes since January 2017."),
    Indicator("regime_cohesion", "Regime cohesion", 0, 100, 55, "track",
              "How well regime-held Syria holds together: loyalty, morale, control of its own militias."),
    Indicator("regime_manpower", "SAA offensive manpower", 0, 100, 45, "track",
              "Deployable forces the regime can commit to attacks (about 20-25,000 men at the start)."),
    Indicator("iran_influence", "Iranian influence over Damascus", 0, 100, 60, "track",
              "How far Tehran and its militias steer the regime's choices."),
    Indicator("turkey_relations", "Russia-Turkey relations", 0, 100, 50, "track",
              "Working trust between Moscow and Ankara, rebuilt in the Aleppo evacuation deal."),
    Indicator("us_relations", "Russia-US relations", 0, 100, 20, "track",
              "Working relations with Washington under the new administration."),
    Indicator("isis_strength", "ISIS strength", 0, 100, 55, "track",
              "ISIS fighting power in Syria (roughly 12-20,000 fighters at the start)."),
    Indicator("opposition_strength", "Opposition strength", 0, 100, 50, "track",
              "Fighting power of the armed opposition, mainstream and jihadist together."),
    Indicator("jihadist_share_idlib", "Jihadist share of the Idlib opposition", 0, 100, 45, "percent",
              "Share of the Idlib armed opposition held by jihadist factions (JFS, later HTS)."),
    Indicator("ceasefire_level", "Ceasefire level", 0, 100, 30, "track",
              "How far the cessation of hostilities holds (the 30 December 2016 truce at the start)."),
    Indicator("talks_progress", "Talks progress", 0, 100, 5, "track",
              "Progress toward a political settlement; at 95, with the guarantors' conditions met, it is signed."),
    Indicator("oil_gas_revenue", "Regime oil and gas revenue", 0, 100, 25, "track",
              "Revenue from the fields the regime holds (most are in ISIS hands at the start)."),
    Indicator("insurgency", "Rural insurgency", 0, 100, 20, "track",
              "Guerrilla activity behind the lines in regime-held countryside."),
)
BY_NAME: dict[str, Indicator] = {i.name: i for i in INDICATORS}
NAMES: tuple[str, ...] = tuple(i.name for i in INDICATORS)


def opening_values() -> dict[str, float]:
    """Indicator name -> opening value."""
    return {i.name: float(i.start) for i in INDICATORS}


def clamp(name: str, value: float) -> float:
    """Clamp ``value`` to the range of indicator ``name``."""
    return BY_NAME[name].clamp(value)
