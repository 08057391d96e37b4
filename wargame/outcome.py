"""The end of the game: how well Moscow did against its objectives, as a named outcome and a score."""
from __future__ import annotations

from dataclasses import dataclass

from wargame.state import GameState


@dataclass(frozen=True)
class Objective:
    """One of Moscow's objectives, how it was judged and the points it earned."""

    id: str
    label: str
    points: float
    out_of: float
    note: str

    def to_json(self) -> dict:
        """Plain data."""
        return {"id": self.id, "label": self.label, "points": int(self.points), "out_of": self.out_of,
                "note": self.note}


@dataclass(frozen=True)
class Outcome:
    """The verdict on a finished (or ended) game."""

    id: str
    name: str
    score: int
    summary: str
    objectives: tuple[Objective, ...]

    def to_json(self) -> dict:
        """Plain data for the game's JSON report."""
        return {"id": self.id, "name": self.name, "score": self.score, "summary": self.summary,
                "objectives": [o.to_json() for o in self.objectives]}


def _scaled(value: float, worst: float, best: float) -> float:
    """0 at ``worst``, 1 at ``best``, linear between (either direction)."""
    span = best - worst
    return max(0.0, min(1.0, (value - worst) / span)) if span else 0.0


# The desert places ISIS held in December 2016 that Moscow wants the regime, not others, to take back:
# Palmyra, the Homs gas fields and the Euphrates valley down to the Iraqi border.
ISIS_PLACES = ("palmyra", "jazal_field", "shaer_gas_field", "omar_oil_field", "mayadin", "abu_kamal")
ISIS_AREA_WORST, ISIS_AREA_BEST = 40.0, 8.0   # percent of Syria's area ISIS holds
IDLIB_WAR_MONTHS = 3                           # months of Idlib offensive that make an Idlib war
TRUCE_MONTHS_FULL = 12                         # months the truce holds (counter truce_months) for full marks


def _isis_defeat(holder, isis_area_share: float | None) -> tuple[float, str]:
    """0-1 for how far ISIS is beaten on the map, and by the regime: the share of the desert places the
    regime has taken back, and (if known) how little of Syria ISIS still holds, whoever took it."""
    retaken = [p for p in ISIS_PLACES if holder(p) == "regime"]
    places = len(retaken) / len(ISIS_PLACES)
    note = f"the regime holds {len(retaken)} of the {len(ISIS_PLACES)} desert places ISIS held in December 2016"
    if isis_area_share is None:
        return places, note
    area = _scaled(isis_area_share, ISIS_AREA_WORST, ISIS_AREA_BEST)
    return 0.5 * places + 0.5 * area, note + f"; ISIS holds {isis_area_share:.0f}% of Syria"


def evaluate(state: GameState, holder, idlib_opposition_share: float,
             isis_area_share: float | None = None) -> Outcome:
    """Judge Moscow's record; ``holder(place_id)`` gives who holds a place.

    ISIS's defeat is read from the map (the places it held in December 2016
    and, when given, its share of Syria's area), not from its strength. Each
    objective's points are whole numbers and the score is their sum.
    """
    v = state.values
    isis_defeat, isis_note = _isis_defeat(holder, isis_area_share)
    support = float(state.counters.get("support_at_election", v["russian_domestic_support"]))
    truce_months = int(state.counters.get("truce_months", 0))
    objectives = (
        Objective("regime_secure", "The regime is secure", 25 * (0.0 if state.ended == "collapse" else
                  _scaled(v["regime_cohesion"], 15, 60)), 25,
                  f"cohesion {v['regime_cohesion']:.0f}, Damascus held by {holder('damascus')}"),
        Objective("russian_costs", "Russian losses and cost kept down",
                  10 * _scaled(v["russian_casualties"], 600, 50) + 5 * _scaled(v["russian_war_cost"], 90, 35), 15,
                  f"{v['russian_casualties']:.0f} Russian dead, war cost {v['russian_war_cost']:.0f}"),
        Objective("election_support", "Support at the March 2018 election", 15 * _scaled(support, 35, 70), 15,
                  f"support {support:.0f} at the election"),
        Objective("standing", "International standing", 10 * _scaled(v["international_standing"], 10, 60), 10,
                  f"standing {v['international_standing']:.0f}"),
        Objective("isis_defeated", "ISIS defeated on the map", 15 * isis_defeat, 15, isis_note),
        Objective("settlement", "A settlement with Turkey and Iran",
                  20.0 if state.ended == "settlement" else
                  12 * _scaled(v["talks_progress"], 0, 95) + 8 * _scaled(truce_months, 0, TRUCE_MONTHS_FULL), 20,
                  f"talks progress {v['talks_progress']:.0f}, the truce held {truce_months} month"
                  + ("" if truce_months == 1 else "s") + (", settlement signed" if state.ended == "settlement" else "")),
    )
    objectives = tuple(Objective(o.id, o.label, float(round(o.points)), o.out_of, o.note) for o in objectives)
    score = int(sum(o.points for o in objectives))
    outcome_id, name, summary = _verdict(state, idlib_opposition_share, isis_area_share)
    return Outcome(outcome_id, name, score, summary, objectives)


def _verdict(state: GameState, idlib_opposition_share: float,
             isis_area_share: float | None = None) -> tuple[str, str, str]:
    v = state.values
    idlib_war = state.counters.get("idlib_offensive_turns", 0) >= IDLIB_WAR_MONTHS
    costly = v["russian_casualties"] >= 300 or v["russian_war_cost"] >= 75
    if state.ended == "collapse":
        return ("regime_collapse", "Regime collapse",
                "The regime Moscow intervened to save has come apart; Russia's Syrian gamble has failed.")
    if state.ended == "settlement":
        return ("guarantors_peace", "Peace of the guarantors",
                "Russia, Turkey and Iran broker a settlement after Aleppo. Moscow cashes in its victory, "
                "the war winds down on the guarantors' terms, and it may actually hold.")
    if idlib_opposition_share < 30:
        return ("victory_on_assads_terms", "Victory on Assad's terms",
                "Idlib has fallen. Damascus and Tehran have their military victory, paid for in Russian lives "
                "and in a civilian toll that dwarfs Aleppo's; the insurgency lives on in the countryside.")
    if idlib_war and costly:
        months = state.counters.get("idlib_offensive_turns", 0)
        return ("quagmire", "Quagmire",
                f"Moscow let itself be drawn into a long war in Idlib ({months} months of offensive): costs and "
                "coffins mount, and the opposition still holds most of the province.")
    if costly:
        return ("costly_commitment", "Costly commitment",
                "Without ever staking all on Idlib, Russia paid heavily in lives and money for modest gains; "
                "the bill comes due at home.")
    if v["talks_progress"] >= 50 or v["ceasefire_level"] >= 60:
        return ("managed_stalemate", "Managed stalemate",
                "Moscow cashed in on Aleppo without finishing the war: a truce mostly holds and talks go on, "
                "while the regime, the opposition and the Kurds keep their zones.")
    if isis_area_share is not None and isis_area_share < ISIS_AREA_BEST:
        return ("isis_routed", "ISIS routed, peace still open",
                "The desert and the Euphrates valley are taken back from ISIS and Moscow can claim the victory "
                "it declared, but with no settlement in sight the war against the opposition is only paused.")
    return ("frozen_conflict", "Frozen conflict",
            "Neither victory nor settlement: the fronts barely move, the regime cannot finish the opposition, "
            "and Russia stays committed with no exit in sight.")


# The verdicts' names by id (what a batch's rows hold), for summaries; _verdict gives the same names.
VERDICT_NAMES: dict[str, str] = {
    "regime_collapse": "Regime collapse",
    "guarantors_peace": "Peace of the guarantors",
    "victory_on_assads_terms": "Victory on Assad's terms",
    "quagmire": "Quagmire",
    "costly_commitment": "Costly commitment",
    "managed_stalemate": "Managed stalemate",
    "isis_routed": "ISIS routed, peace still open",
    "frozen_conflict": "Frozen conflict",
}
