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
        return {"id": self.id, "label": self.label, "points": round(self.points, 1), "out_of": self.out_of,
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


def evaluate(state: GameState, holder, idlib_opposition_share: float) -> Outcome:
    """Judge Moscow's record; ``holder(place_id)`` gives who holds a place."""
    v = state.values
    support = float(state.counters.get("support_at_election", v["russian_domestic_support"]))
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
        Objective("isis_defeated", "ISIS defeated", 15 * _scaled(v["isis_strength"], 60, 15), 15,
                  f"ISIS strength {v['isis_strength']:.0f}, Raqqa held by {holder('raqqa')}"),
        Objective("settlement", "A settlement with Turkey and Iran",
                  20.0 if state.ended == "settlement" else 15 * _scaled(v["talks_progress"], 0, 95), 20,
                  f"talks progress {v['talks_progress']:.0f}" + (", settlement signed" if state.ended == "settlement" else "")),
    )
    score = int(round(sum(o.points for o in objectives)))
    outcome_id, name, summary = _verdict(state, idlib_opposition_share)
    return Outcome(outcome_id, name, score, summary, objectives)


def _verdict(state: GameState, idlib_opposition_share: float) -> tuple[str, str, str]:
    v = state.values
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
    if v["russian_casualties"] >= 300 or v["russian_war_cost"] >= 75:
        return ("quagmire", "Quagmire",
                "Moscow let itself be drawn into a long war in Idlib: costs and coffins mount, the election was "
                "clouded, and the opposition still holds most of the province.")
    if v["talks_progress"] >= 50 or v["ceasefire_level"] >= 60:
        return ("managed_stalemate", "Managed stalemate",
                "Moscow cashed in on Aleppo without finishing the war: a truce mostly holds and talks go on, "
                "while the regime, the opposition and the Kurds keep their zones.")
    return ("frozen_conflict", "Frozen conflict",
            "Neither victory nor settlement: the fronts barely move, the regime cannot finish the opposition, "
            "and Russia stays committed with no exit in sight.")
