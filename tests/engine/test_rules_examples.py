"""Examples of tiny-world rule tests (the full set lives beside this file)."""
import pytest

from tests.engine.tiny_world import fire
from wargame.orders import MoscowOrders


def test_idlib_grind_costs_russia_when_the_offensive_runs():
    event, ctx = fire("idlib_grind", metrics={"idlib_offensive": 1, "russian_ground_level": 4,
                                              "idlib_offensive_turns": 3})
    assert event is not None and event.claim == "C4"
    assert event.changes["russian_war_cost"] == pytest.approx(2.5)
    assert 3 + 2 * 4 <= event.changes["russian_casualties"] <= 10 + 6 * 4
    assert "month 3 of the offensive" in event.text
    assert event.dice, "the casualty range is rolled and the roll recorded"


def test_idlib_grind_is_silent_without_an_offensive():
    event, ctx = fire("idlib_grind", metrics={"idlib_offensive": 0})
    assert event is None
    assert ctx.values["russian_war_cost"] == 30


def test_palmyra_retaken_fires_once():
    event, ctx = fire("palmyra_retaken", holders={"palmyra": "regime"})
    assert event is not None and "palmyra_recaptured" in ctx.flags
    again, _ = fire("palmyra_retaken", holders={"palmyra": "regime"}, flags={"palmyra_recaptured"})
    assert again is None


def test_restraint_resented_reads_the_strategy_stance():
    event, _ = fire("restraint_resented", stances=MoscowOrders(strategy="deal"))
    assert event is not None and event.changes == {"iran_influence": -1, "regime_cohesion": -0.5}
    assert fire("restraint_resented", stances=MoscowOrders(strategy="offensive"))[0] is None


def test_module_level_resolve_turn_matches_the_game_method():
    from wargame.dice import Dice
    from wargame.engine import Game, resolve_turn

    game = Game.load()
    orders = MoscowOrders(strategy="deal", air_focus="isis")
    direct = game.resolve_turn(game.opening(), orders, Dice(3))
    via_function = resolve_turn(game.opening(), orders, Dice(3))
    assert via_function.state.state_hash() == direct.state.state_hash()
    assert [e.text for e in via_function.events] == [e.text for e in direct.events]
