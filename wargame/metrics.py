"""Derived facts about a turn that rules may test (a closed list, each documented).

The engine computes them after the operations phase; rules name them in
``{ metric = "...", op = ">=", value = ... }`` conditions, in ``per`` scaling
and in explanation templates.
"""
from __future__ import annotations

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

# How a condition on a flag reads in the window and the rules reference: (when set, when not set).
FLAGS: dict[str, tuple[str, str]] = {
    "astana_process": ("the Astana talks have begun", "the Astana talks have not begun yet"),
    "deescalation_zones": ("de-escalation zones are agreed", "no de-escalation zones are agreed yet"),
    "foreign_intervention": ("a foreign power has intervened", "no foreign power has intervened"),
    "hts_formed": ("the jihadists have formed HTS in Idlib", "HTS has not formed in Idlib"),
    "isis_road_to_damascus": ("ISIS has opened a road toward Damascus", "ISIS has no road toward Damascus"),
    "joint_ops": ("joint strikes with the US are under way", "there are no joint strikes with the US"),
    "palmyra_push": ("Moscow is paying for a push on Palmyra", "Moscow is not paying for a push on Palmyra"),
    "palmyra_recaptured": ("Palmyra has been retaken", "Palmyra has not been retaken"),
    "southwest_ceasefire": ("the south-west ceasefire holds", "there is no south-west ceasefire"),
    "unsc_endorsed": ("the UN Security Council has endorsed the process", "the UN Security Council has not "
                                                                          "endorsed the process"),
}
