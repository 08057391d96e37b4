"""Moscow's built-in policies for headless play: hardline, deal, chips and random.

A policy looks at the state (and which actions are open) and returns legal
orders for the coming turn. Randomness, where a policy has any, comes from
its own dice stream so games stay reproducible.
"""
from __future__ import annotations

from typing import Callable

from wargame.dice import Dice
from wargame.orders import MoscowOrders
from wargame.state import GameState

Policy = Callable[["object", GameState, Dice], MoscowOrders]


def _affordable(game, state: GameState, stances: MoscowOrders, wanted: list[str], limit: int = 2) -> tuple[str, ...]:
    """The first ``limit`` actions from ``wanted`` that are available and affordable, in order."""
    available = game.availability(state, stances)
    budget = state.capital
    chosen = []
    for action_id in wanted:
        cost = game.rules.actions[action_id].cost
        if len(chosen) >= limit or not available[action_id] or cost > budget:
            continue
        chosen.append(action_id)
        budget -= cost
    return tuple(chosen)


def hardline(game, state: GameState, dice: Dice) -> MoscowOrders:
    """Back the Idlib offensive: heavy air war on the rebels, Russian ground forces, evacuations of pockets."""
    turn = state.turn + 1
    stances = MoscowOrders("offensive", "rebels", "high" if turn < 4 else "surge",
                           "contractors" if turn < 3 else "brigade")
    return MoscowOrders(**{**stances.to_json(), "actions": _affordable(game, state, stances, ["evacuation_deal"])})


def deal(game, state: GameState, dice: Dice) -> MoscowOrders:
    """Declare victory: refocus on ISIS with the US, work with Turkey and Iran, press Assad toward a settlement."""
    stances = MoscowOrders("deal", "isis", "medium", "military_police")
    wanted = ["trilateral_talks", "ceasefire_proposal", "deploy_monitors", "joint_us_strikes"]
    if state.values["talks_progress"] >= 40 and state.values["iran_influence"] >= 45:
        wanted.insert(0, "press_assad")
    wanted += ["unsc_move", "palmyra_push"]
    return MoscowOrders(**{**stances.to_json(), "actions": _affordable(game, state, stances, wanted)})


def chips(game, state: GameState, dice: Dice) -> MoscowOrders:
    """Grab bargaining chips with limited offensives, then take them to the table from mid-2017."""
    turn = state.turn + 1
    strategy = "chips" if turn < 8 else "deal"
    stances = MoscowOrders(strategy, "balanced", "medium", "contractors" if turn < 8 else "advisers")
    wanted = ["palmyra_push", "evacuation_deal"] if turn < 8 else ["trilateral_talks", "ceasefire_proposal",
                                                                   "joint_us_strikes"]
    return MoscowOrders(**{**stances.to_json(), "actions": _affordable(game, state, stances, wanted)})


def random_policy(game, state: GameState, dice: Dice) -> MoscowOrders:
    """Random legal choices: any option of each stance, and random affordable actions."""
    stream = dice.stream(state.turn + 1, "policy:random")
    options = {name: sorted(game.rules.stances[name]) for name in ("strategy", "air_focus", "air_intensity", "ground")}
    stances = MoscowOrders(**{name: values[stream.choice_index(len(values))] for name, values in options.items()})
    actions = sorted(game.rules.actions)
    wanted = [actions[stream.choice_index(len(actions))] for _ in range(stream.choice_index(3))]
    wanted = list(dict.fromkeys(wanted))
    return MoscowOrders(**{**stances.to_json(), "actions": _affordable(game, state, stances, wanted)})


POLICIES: dict[str, Policy] = {"hardline": hardline, "deal": deal, "chips": chips, "random": random_policy}
