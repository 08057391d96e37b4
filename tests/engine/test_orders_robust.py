"""Orders and files that do not break mid-game: unaffordable actions are skipped, turn keys are strict,
manifests and capital settings are checked for ranges, and the example orders ship in the package."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.engine.tiny_world import context, tiny_game
from wargame.actors.policies import deal
from wargame.dice import Dice
from wargame.engine import Game
from wargame.orders import MoscowOrders, OrdersError, load_orders_file, turn_number
from wargame.play import play_game, plan_source
from wargame.rules.loader import load_ruleset
from wargame.rules.vocabulary import RuleError
from wargame.scenario import SCENARIO_DIR, ScenarioError, load_scenario

SCENARIO = SCENARIO_DIR / "syria_2017"


def test_an_action_the_budget_cannot_cover_is_skipped_with_an_explanation():
    ctx = context(values={"talks_progress": 30})  # press_assad is available, just too dear after the talks
    ctx.capital = 4
    events = tiny_game()._moscow_phase(ctx, MoscowOrders(actions=("trilateral_talks", "press_assad")))
    skipped = next(e for e in events if e.rule == "action.press_assad")
    assert "not affordable now (costs 4, 1 political capital left); skipped" in skipped.text
    assert skipped.inputs == {"skipped": "unaffordable", "cost": 4, "capital": 1}
    assert ctx.actions == ["trilateral_talks"] and ctx.capital == 1


def test_an_unknown_action_is_still_an_error():
    with pytest.raises(OrdersError, match="unknown action 'nuke'"):
        tiny_game()._moscow_phase(context(), MoscowOrders(actions=("nuke",)))


def test_a_plan_that_overspends_plays_every_seed_to_the_end(tmp_path):
    orders = tmp_path / "spend.toml"
    orders.write_text('[default]\nstrategy = "deal"\nair_focus = "isis"\n'
                      'actions = ["press_assad", "trilateral_talks", "joint_us_strikes", "unsc_move"]\n')
    plan = load_orders_file(orders)
    game = Game.load("syria-2017")
    for seed in range(3):
        played = play_game(game, seed, plan_source(plan))
        assert played.final.ended
        texts = [e.text for t in played.turns for e in t.events if e.rule.startswith("action.")]
        assert any("not affordable now" in text for text in texts)


@pytest.mark.parametrize("key, turn", [("1", 1), ("9", 9), ("18", 18), ("0", None), ("19", None), ("03", None),
                                       ("1_0", None), (" 3", None), ("3 ", None), ("\u0663", None), ("+3", None),
                                       ("-1", None), ("", None), ("３", None)])
def test_turn_keys_are_plain_decimal_1_to_18(key, turn):
    assert turn_number(key) == turn


def test_a_turn_named_twice_is_an_error(tmp_path):
    orders = tmp_path / "twice.toml"
    orders.write_text('[turn."3"]\nactions = []\n[turn.03]\nactions = []\n')
    with pytest.raises(OrdersError, match=r"turn\.03"):
        load_orders_file(orders)


def test_the_example_orders_ship_with_the_package_and_load():
    folder = SCENARIO / "orders"
    files = sorted(folder.glob("*.toml"))
    assert files
    for path in files:
        load_orders_file(path)
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"scenarios/*/orders/*.toml"' in pyproject


@pytest.fixture
def scenario_copy(tmp_path, monkeypatch):
    target = tmp_path / "scenarios" / "syria_2017"
    shutil.copytree(SCENARIO, target)
    monkeypatch.setattr("wargame.scenario.SCENARIO_DIR", tmp_path / "scenarios")
    load_scenario.cache_clear()
    yield target
    load_scenario.cache_clear()


@pytest.mark.parametrize("old, new, message", [
    ("turns = 18", "turns = 0", "'turns' must be a whole number 1-60, got 0"),
    ("turns = 18", 'turns = "18"', "'turns' must be a whole number 1-60"),
    ('start_date = "2016-12"', 'start_date = "2016-13"', "'start_date' must be a month like"),
    ('title = "', 'name = "', "'title' is missing"),
])
def test_scenario_manifests_are_checked_field_by_field(scenario_copy, old, new, message):
    manifest = scenario_copy / "scenario.toml"
    manifest.write_text(manifest.read_text().replace(old, new, 1))
    with pytest.raises(ScenarioError, match=message) as caught:
        load_scenario("syria-2017")
    assert "scenario.toml" in str(caught.value)


def test_a_broken_manifest_is_reported_as_broken_not_as_an_unknown_scenario(scenario_copy):
    (scenario_copy / "scenario.toml").write_text('id = "syria-2017"\nturns = [\n')
    with pytest.raises(ScenarioError, match="scenario.toml: bad manifest"):
        load_scenario("syria-2017")


@pytest.mark.parametrize("old, new, message", [
    ("start = 6", "start = 60", r"capital: need 1 <= max and start, per_turn <= max"),
    ("per_turn = 3", "per_turn = -3", r"capital.per_turn must be a whole number 0-100"),
    ("max = 12", "max = 12.5", r"capital.max must be a whole number 0-100"),
    ("per_turn = 3\n", "", r"capital.per_turn is missing"),
    ("max = 12", "max = 12\nbudget = 3", r"capital: unknown key\(s\) budget"),
])
def test_capital_settings_are_checked_for_ranges(tmp_path, old, new, message):
    target = tmp_path / "scenario"
    shutil.copytree(SCENARIO, target)
    decisions = target / "decisions.toml"
    text = decisions.read_text()
    assert old in text
    decisions.write_text(text.replace(old, new, 1))
    with pytest.raises(RuleError, match=message) as caught:
        load_ruleset(target, frozenset(tiny_game().board.places))
    assert "decisions.toml" in str(caught.value)


def test_a_built_in_policy_never_orders_what_it_cannot_afford():
    game = Game.load("syria-2017")
    played = play_game(game, 0, deal)
    assert not any("not affordable" in e.text for t in played.turns for e in t.events)
    assert Dice(0)  # the dice module is part of the seam
