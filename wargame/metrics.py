"""Derived facts about a turn that rules may test (a closed list, each documented).

The engine computes them after the operations phase; rules name them in
``{ metric = "...", op = ">=", value = ... }`` conditions, in ``per`` scaling
and in explanation templates.
"""
from __future__ import annotations

from typing import NamedTuple

METRICS: dict[str, str] = {
    "regime_offensives": "Regime offensive operations this turn.",
    "regime_rebel_offensives": "Regime offensive operations against the opposition this turn.",
    "idlib_offensive": "1 if a regime operation drives into Idlib governorate this turn, else 0.",
    "idlib_offensive_turns": "Turns the Idlib offensive has run so far (cumulative).",
    "idlib_opposition_share": "Percent of Idlib governorate's cells held by the opposition.",
    "russian_ground_level": "Russian ground commitment: 0 none, 1 advisers, 2 military police, 3 contractors, 4 brigade.",
    "air_intensity_level": "Russian air intensity: 0 low, 1 medium, 2 high, 3 surge.",
    "air_on_rebels": "Share of Russian sorties flown against the opposition (0-1).",
    "air_on_isis": "Share of Russian sorties flown against ISIS (0-1).",
    "civilians_killed": "Civilians killed in the regime's offensives this turn (what Russia shares the blame for; the indicator civilian_deaths counts every front).",
    "russian_casualties_turn": "Russian servicemen and contractors killed this turn.",
    "regime_cells_gained": "Cells the regime took this turn.",
    "regime_cells_lost": "Cells the regime lost this turn.",
    "isis_gains_homs": "Cells ISIS took from the regime in Homs governorate this turn.",
    "isis_cells_lost": "Cells ISIS lost this turn.",
    "opposition_cities_lost": "Urban cells the opposition held in December 2016 and no longer holds.",
    "opposition_cells_lost": "Cells the opposition lost this turn.",
    "damascus_buffer": "Opposition cells within 60 km of Damascus (the buffer that once stopped ISIS).",
    "isis_near_damascus": "ISIS cells in the desert approaches to Damascus (within 140 km, east and north-east).",
    "key_places_gained": "Key places the regime took this turn (bargaining chips).",
    "regime_population_share": "Percent of Syria's residents living in regime-held cells.",
    "besieged_rebel_pockets": "Opposition pockets besieged by the regime (candidates for an evacuation deal).",
    "turn": "The turn number (1 = January 2017).",
    "aleppo_momentum": "The window after Aleppo: 3 in January 2017, 2 in February, 1 in March, then 0.",
    "us_review": "1 while the new US administration reviews its Syria policy (January-April 2017), else 0.",
    "election_runup": "1 in the run-up to the March 2018 election (November 2017 - March 2018), else 0.",
    "saa_reserve": "The regime's mobile formations not committed to an offensive this turn (what holds the line).",
    "isis_area_share": "Percent of Syria's area ISIS holds.",
    "regime_area_share": "Percent of Syria's area the regime holds.",
}

class FlagWords(NamedTuple):
    """How a flag reads: as a condition (set / not set) and as an effect (setting / clearing it)."""

    is_set: str
    not_set: str
    sets: str
    clears: str


# The one table of flag words: conditions in the window and the rules reference, effects in Moscow's dock.
FLAG_WORDS: dict[str, FlagWords] = {
    "astana_process": FlagWords("the Astana talks have begun", "the Astana talks have not begun yet",
                                "starts the Astana process", "ends the Astana process"),
    "deescalation_zones": FlagWords("de-escalation zones are agreed", "no de-escalation zones are agreed yet",
                                    "sets up de-escalation zones", "ends the de-escalation zones"),
    "foreign_intervention": FlagWords("a foreign power has intervened", "no foreign power has intervened",
                                      "marks a foreign intervention", "ends the foreign intervention"),
    "hts_formed": FlagWords("the jihadists have formed HTS in Idlib", "HTS has not formed in Idlib",
                            "the jihadists form HTS in Idlib", "HTS breaks up"),
    "isis_road_to_damascus": FlagWords("ISIS has opened a road toward Damascus", "ISIS has no road toward Damascus",
                                       "ISIS opens a road toward Damascus", "closes ISIS's road toward Damascus"),
    "joint_ops": FlagWords("joint strikes with the US are under way", "there are no joint strikes with the US",
                           "starts joint strikes with the US", "ends the joint strikes with the US"),
    "palmyra_push": FlagWords("Moscow is paying for a push on Palmyra", "Moscow is not paying for a push on Palmyra",
                              "starts a push on Palmyra", "ends the push on Palmyra"),
    "palmyra_recaptured": FlagWords("Palmyra has been retaken", "Palmyra has not been retaken",
                                    "marks Palmyra as retaken", "marks Palmyra as lost again"),
    "southwest_ceasefire": FlagWords("the south-west ceasefire holds", "there is no south-west ceasefire",
                                     "starts the south-west ceasefire", "ends the south-west ceasefire"),
    "transition_agenda": FlagWords("Damascus has accepted a transition agenda",
                                   "Damascus has not accepted a transition agenda",
                                   "puts a political transition on the agenda", "takes the transition off the agenda"),
    "unsc_endorsed": FlagWords("the UN Security Council has endorsed the process",
                               "the UN Security Council has not endorsed the process",
                               "wins the UN Security Council's endorsement", "loses the UN endorsement"),
}

# Flags that conditions name by their id in events already recorded: a condition's reading is
# quoted in events (their inputs, a refused action's text) that saved games and the golden games
# hold, so a flag labelled after those games keeps its id there (the window still reads it).
_ID_IN_EVENTS = frozenset({"transition_agenda"})

# How a condition on a flag reads in events and the rules reference: (when set, when not set).
FLAGS: dict[str, tuple[str, str]] = {name: (words.is_set, words.not_set) for name, words in FLAG_WORDS.items()
                                     if name not in _ID_IN_EVENTS}


class ScaleWords(NamedTuple):
    """How a metric reads for the player: as a noun (``label``), and what an effect scaled by it
    (``per``) is counted in (``each``: 'for each <each>').

    ``kind`` is "count" (things: 'there is at least one <each>'), "level" (a scale) or "switch"
    (1 during a window, else 0: an effect scaled by one applies only 'while <each>').
    """

    label: str
    each: str
    kind: str = "count"


METRIC_WORDS: dict[str, ScaleWords] = {
    "regime_offensives": ScaleWords("the regime's offensives this month", "regime offensive this month"),
    "regime_rebel_offensives": ScaleWords("the regime's offensives on the opposition this month",
                                          "regime offensive on the opposition this month"),
    "idlib_offensive": ScaleWords("a regime offensive into Idlib", "a regime offensive is driving into Idlib",
                                  "switch"),
    "idlib_offensive_turns": ScaleWords("the months of the Idlib offensive", "month of the Idlib offensive"),
    "idlib_opposition_share": ScaleWords("the opposition's share of Idlib (%)", "percent of Idlib the opposition holds",
                                         "level"),
    "russian_ground_level": ScaleWords("the level of Russian ground commitment", "level of Russian ground commitment",
                                       "level"),
    "air_intensity_level": ScaleWords("the level of air intensity", "level of air intensity above low", "level"),
    "air_on_rebels": ScaleWords("the share of sorties flown against the rebels", "whole of the air war on the rebels",
                                "level"),
    "air_on_isis": ScaleWords("the share of sorties flown against ISIS", "whole of the air war on ISIS", "level"),
    "civilians_killed": ScaleWords("the civilian toll of the regime's offensives this month",
                                   "civilian killed in the regime's offensives this month"),
    "russian_casualties_turn": ScaleWords("the Russian death toll this month", "Russian killed this month"),
    "regime_cells_gained": ScaleWords("the ground the regime took this month", "cell the regime took this month"),
    "regime_cells_lost": ScaleWords("the ground the regime lost this month", "cell the regime lost this month"),
    "isis_gains_homs": ScaleWords("the ground ISIS took in Homs province this month", "cell ISIS took in Homs this month"),
    "isis_cells_lost": ScaleWords("the ground ISIS lost this month", "cell ISIS lost this month"),
    "opposition_cities_lost": ScaleWords("the count of cities the opposition has lost since December 2016",
                                         "city the opposition has lost since December 2016"),
    "opposition_cells_lost": ScaleWords("the ground the opposition lost this month",
                                        "cell the opposition lost this month"),
    "damascus_buffer": ScaleWords("the opposition's buffer around Damascus (cells)",
                                  "opposition cell near Damascus"),
    "isis_near_damascus": ScaleWords("ISIS's presence near Damascus (cells)", "ISIS cell near Damascus"),
    "key_places_gained": ScaleWords("the count of key places the regime took this month",
                                    "key place the regime took this month"),
    "regime_population_share": ScaleWords("the share of Syrians under the regime (%)",
                                          "percent of Syrians under the regime", "level"),
    "besieged_rebel_pockets": ScaleWords("the count of besieged opposition pockets", "besieged opposition pocket"),
    "turn": ScaleWords("the month of the game", "month of the game", "level"),
    "aleppo_momentum": ScaleWords("the time left of the window after Aleppo (months)", "month left of the window after Aleppo"),
    "us_review": ScaleWords("the US policy review", "the new US administration is still reviewing its Syria policy",
                            "switch"),
    "election_runup": ScaleWords("the run-up to the March 2018 election",
                                 "the March 2018 election campaign is under way", "switch"),
    "saa_reserve": ScaleWords("the regime's reserve of formations", "regime formation in reserve"),
    "isis_area_share": ScaleWords("ISIS's share of Syria (%)", "percent of Syria ISIS holds", "level"),
    "regime_area_share": ScaleWords("the regime's share of Syria (%)", "percent of Syria the regime holds", "level"),
}

# Counters the rules keep (``{ counter = ... }`` effects): what they count.
COUNTERS: dict[str, str] = {
    "truce_months": "months the truce has held",
}
