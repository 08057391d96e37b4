"""Every actor decides through orders: a bot produces them from its priority list, a person can supply them,
and the engine resolves both alike (``Game.resolve_turn(..., others={actor: ActorOrders})``)."""
from __future__ import annotations

import pytest

from tests.engine.games import game as real_game
from tests.engine.tiny_world import context, tiny_game
from wargame.actors.policies import deal
from wargame.dice import Dice
from wargame.orders import ActorOrders, OrdersError

ANKARA = {"al_bab": "turkey", "afrin": "sdf", "manbij": "sdf", "kobani": "turkey"}


def plan(others, **setup):
    ctx = context(**setup)
    return tiny_game()._actors_phase(ctx, (), others)


def test_every_actor_has_a_menu_in_data():
    game = tiny_game()
    for actor in ("damascus", "tehran", "ankara", "washington", "sdf", "opposition", "isis"):
        menu = game.menu(actor)
        assert menu and all(set(m) == {"id", "label", "defender", "objectives", "forces", "text"} for m in menu)
    assert [m["id"] for m in game.menu("ankara")] == ["al_bab", "olive_branch", "manbij"]
    with pytest.raises(KeyError):
        game.menu("moscow_region")


def test_supplied_orders_replace_the_bot_and_skip_its_conditions():
    """The bot would attack Afrin (turn 13, good relations with Moscow); the trainee playing Ankara picks Manbij."""
    setup = {"turn": 13, "holders": ANKARA, "values": {"turkey_relations": 60}}
    ops, events = plan(None, **setup)
    assert [(op.sponsor, op.objective) for op in ops if op.sponsor == "ankara"] == [("ankara", "afrin")]
    ops, events = plan({"ankara": ActorOrders("ankara", ("manbij",))}, **setup)
    assert [(op.sponsor, op.objective) for op in ops if op.sponsor == "ankara"] == [("ankara", "manbij")]
    mine = [e for e in events if e.rule.startswith("orders.ankara.")]
    assert [e.rule for e in mine] == ["orders.ankara.manbij"] and mine[0].text.startswith("Ankara (orders): ")
    assert not any(e.rule.startswith("bot.ankara.") for e in events)


def test_supplied_orders_obey_the_same_limits_as_the_bot():
    ops, events = plan({"ankara": ActorOrders("ankara", ("al_bab", "manbij"))}, holders=ANKARA)
    assert [op.objective for op in ops if op.sponsor == "ankara"] == ["manbij"], "al-Bab is Turkish already"
    skipped = next(e for e in events if e.rule == "orders.ankara.al_bab")
    assert "cannot go ahead now" in skipped.text and skipped.inputs["skipped"] is True
    idlib = {"idlib": "opposition", "khan_shaykhun": "opposition", "rastan": "opposition"}
    orders = ActorOrders("damascus", ("idlib_offensive", "north_hama_push", "homs_pockets"))
    ops, _ = plan({"damascus": orders}, holders=idlib)
    assert [(op.objective, op.forces) for op in ops if op.sponsor == "damascus"] == [("idlib", 3), ("khan_shaykhun", 1)]


def test_bad_actor_orders_are_errors_naming_the_actor_and_option():
    with pytest.raises(OrdersError, match="ankara: unknown option 'conquer_aleppo'"):
        plan({"ankara": ActorOrders("ankara", ("conquer_aleppo",))})
    with pytest.raises(OrdersError, match="ankara: an option is listed twice"):
        plan({"ankara": ActorOrders("ankara", ("manbij", "manbij"))}, holders=ANKARA)
    with pytest.raises(OrdersError, match="unknown actor"):
        plan({"kremlin": ActorOrders("kremlin", ())})
    with pytest.raises(OrdersError, match="deal_holds"):  # a rule without an attack is no menu option
        plan({"ankara": ActorOrders("ankara", ("deal_holds",))})


def test_actor_orders_round_trip_as_plain_data():
    orders = ActorOrders("sdf", ("tabqa_first",))
    assert ActorOrders.from_json(orders.to_json()) == orders
    with pytest.raises(OrdersError, match="attacks"):
        ActorOrders.from_json({"actor": "sdf", "attacks": "tabqa_first"})


def test_the_bots_own_orders_supplied_back_give_the_same_turn():
    """What the bots choose, fed back as supplied orders for every actor, resolves to the same state."""
    game = real_game()
    state = game.opening()
    for turn in range(1, 7):
        dice = Dice(7)
        orders = deal(game, state, dice)
        others = {bot.id: game.bot_orders(state, bot.id, Dice(7), orders) for bot in game.rules.bots}
        by_bots = game.resolve_turn(state, orders, Dice(7))
        by_orders = game.resolve_turn(state, orders, Dice(7), others)
        assert by_orders.state.state_hash() == by_bots.state.state_hash(), (turn, others)
        state = by_bots.state
    assert any(o.attacks for o in others.values())
