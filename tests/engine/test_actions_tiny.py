"""Every action of decisions.toml in the tiny world: availability, odds, success and failure effects.

Plus the order checks (``check_orders``) and the previews Moscow sees
(``preview_action``). The evacuation deal is tested on a besieged opposition
pocket built on the tiny board.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass

import pytest

from tests.engine.tiny_world import IDX, SCENARIO, context, tiny_game
from wargame.decisions import check_orders, preview_action
from wargame.indicators import opening_values
from wargame.orders import MoscowOrders

DECISIONS = tomllib.loads((SCENARIO / "decisions.toml").read_text(encoding="utf-8"))
ACTIONS_TOML = {entry["id"]: entry for entry in DECISIONS["action"]}
ASTANA = {"astana_process"}

# The tiny board: cells 22-26 (Idlib, Jisr al-Shughur, Khan Shaykhun, Jarabulus, Jazal) form an area on the
# board's edge; cells 2, 4, 5 (Afrin, al-Bab, al-Qaryatayn) are interior, and cells around them are their ring.
MAIN_AREA = (22, 23, 24, 25, 26)
POCKET = (2, 4, 5)


def action(action_id: str):
    return tiny_game().rules.actions[action_id]


def ring_of(cells) -> list[int]:
    board = tiny_game().board
    return sorted({n for c in cells for n in board.neighbors[c]} - set(cells))


def board_with_pocket(besieger: str = "regime", **setup):
    """A context with an opposition area on the board's edge and a 3-cell opposition pocket inside ``besieger``'s ring."""
    ctx = context(**setup)
    for cell in MAIN_AREA + POCKET:
        ctx.codes[cell] = IDX["opposition"]
    for cell in ring_of(POCKET):
        ctx.codes[cell] = IDX[besieger]
    return ctx


def available(action_id: str, ctx=None, **setup) -> bool:
    return action(action_id).available.test(ctx if ctx is not None else context(**setup))


# -- availability --------------------------------------------------------------------------------------

AVAILABLE = [
    ("trilateral_talks", {}, True),
    ("trilateral_talks", {"flags": ASTANA}, False),
    ("ceasefire_proposal", {"values": {"ceasefire_level": 54.9}}, True),
    ("ceasefire_proposal", {"values": {"ceasefire_level": 55}}, False),
    ("joint_us_strikes", {"stances": MoscowOrders(air_focus="isis")}, True),
    ("joint_us_strikes", {"stances": MoscowOrders(air_focus="balanced")}, True),
    ("joint_us_strikes", {"stances": MoscowOrders(air_focus="rebels")}, False),
    ("joint_us_strikes", {"stances": MoscowOrders(air_focus="isis"), "flags": {"joint_ops"}}, False),  # once only
    # the US review window (January-April 2017) closes; later only once relations are rebuilt to 45
    ("joint_us_strikes", {"stances": MoscowOrders(air_focus="isis"), "turn": 4}, True),
    ("joint_us_strikes", {"stances": MoscowOrders(air_focus="isis"), "turn": 5}, False),
    ("joint_us_strikes", {"stances": MoscowOrders(air_focus="isis"), "turn": 12, "values": {"us_relations": 44.9}}, False),
    ("joint_us_strikes", {"stances": MoscowOrders(air_focus="isis"), "turn": 12, "values": {"us_relations": 45}}, True),
    ("press_assad", {"values": {"talks_progress": 25, "regime_cohesion": 35}}, True),
    ("press_assad", {"values": {"talks_progress": 24.9, "regime_cohesion": 80}}, False),
    ("press_assad", {"values": {"talks_progress": 80, "regime_cohesion": 34.9}}, False),
    ("evacuation_deal", {"metrics": {"besieged_rebel_pockets": 1}}, True),
    ("evacuation_deal", {"metrics": {"besieged_rebel_pockets": 0}}, False),
    ("evacuation_deal", {}, False),  # computed: the tiny board is all regime
    ("evacuation_deal", {"holders": {"douma": "opposition"}}, False),  # a lone rebel cell is the rebels' only area
    ("deploy_monitors", {"stances": MoscowOrders(ground="military_police"), "flags": ASTANA}, True),
    ("deploy_monitors", {"stances": MoscowOrders(ground="military_police")}, False),
    ("deploy_monitors", {"stances": MoscowOrders(ground="military_police"),
                         "flags": ASTANA | {"deescalation_zones"}}, False),  # already deployed
    ("deploy_monitors", {"stances": MoscowOrders(ground="brigade"), "flags": ASTANA}, False),
    ("unsc_move", {}, True),
    ("unsc_move", {"flags": {"unsc_endorsed"}}, False),
    ("palmyra_push", {"holders": {"palmyra": "isis"}}, True),
    ("palmyra_push", {"holders": {"palmyra": "isis"}, "flags": {"palmyra_push"}}, False),  # already funded
    ("palmyra_push", {}, False),
    ("palmyra_push", {"holders": {"palmyra": "opposition"}}, False),
]


@pytest.mark.parametrize("action_id, setup, expected", AVAILABLE,
                         ids=[f"{a}-{'yes' if e else 'no'}-{i}" for i, (a, _, e) in enumerate(AVAILABLE)])
def test_action_availability(action_id, setup, expected):
    assert available(action_id, **setup) is expected


def test_availability_never_rolls_dice():
    for action_id, a in tiny_game().rules.actions.items():
        assert not a.available.uses_dice(), action_id


# -- odds ----------------------------------------------------------------------------------------------

ODDS = [  # action, indicator, (value, probability) pairs; the last pair is clamped
    ("trilateral_talks", "turkey_relations", [(0, 0.25), (50, 0.65), (100, 1.0)]),
    ("ceasefire_proposal", "turkey_relations", [(0, 0.3), (50, 0.65), (200, 1.0)]),
    ("joint_us_strikes", "us_relations", [(20, 0.69), (40, 0.93), (100, 1.0)]),
    ("press_assad", "iran_influence", [(0, 0.75), (60, 0.39), (200, 0.0)]),
    ("evacuation_deal", "turkey_relations", [(0, 0.35), (50, 0.65), (200, 1.0)]),
    ("deploy_monitors", "turkey_relations", [(0, 0.5), (50, 0.75), (100, 1.0)]),
    ("unsc_move", "ceasefire_level", [(30, 0.4), (60, 0.7), (100, 1.0)]),
    ("palmyra_push", "isis_strength", [(0, 1.0), (55, 1.0), (100, 1.0)]),
]


@pytest.mark.parametrize("action_id, indicator, points", ODDS, ids=[o[0] for o in ODDS])
def test_action_odds(action_id, indicator, points):
    odds = action(action_id).odds
    entry = ACTIONS_TOML[action_id]["odds"]
    assert odds.indicator == indicator == entry["indicator"]
    for value, probability in points:
        assert odds.probability(value) == pytest.approx(probability), value
    for value in (-1000, 0, 25, 50, 75, 100, 1000):
        assert 0.0 <= odds.probability(value) <= 1.0
        assert odds.probability(value) == pytest.approx(
            min(1.0, max(0.0, entry["base"] + entry.get("weight", 0.0) * value)))


# -- effects -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    action: str
    branch: str          # "success" or "failure"
    setup: dict
    changes: dict
    flags: frozenset = frozenset()


OUTCOMES = [
    Outcome("trilateral_talks", "success", {},
            {"talks_progress": 12.0, "turkey_relations": 6.0, "ceasefire_level": 8.0}, frozenset(ASTANA)),
    Outcome("trilateral_talks", "failure", {}, {"talks_progress": 2.0, "turkey_relations": 2.0}),
    Outcome("ceasefire_proposal", "success", {}, {"ceasefire_level": 12.0}),
    Outcome("ceasefire_proposal", "failure", {}, {}),
    Outcome("joint_us_strikes", "success", {},
            {"us_relations": 8.0, "isis_strength": -5.0, "international_standing": 4.0}, frozenset({"joint_ops"})),
    Outcome("joint_us_strikes", "failure", {}, {"us_relations": 2.0}),
    Outcome("press_assad", "success", {},
            {"talks_progress": 8.0, "regime_cohesion": -4.0, "iran_influence": -6.0, "international_standing": 3.0},
            frozenset({"transition_agenda"})),
    Outcome("press_assad", "failure", {}, {"regime_cohesion": -2.0, "iran_influence": 3.0}),
    Outcome("evacuation_deal", "failure", {}, {"ceasefire_level": -2.0}),
    Outcome("deploy_monitors", "success", {}, {"ceasefire_level": 12.0, "turkey_relations": 4.0},
            frozenset({"deescalation_zones"})),
    Outcome("deploy_monitors", "failure", {}, {"ceasefire_level": 2.0}),
    Outcome("unsc_move", "success", {}, {"international_standing": 5.0, "talks_progress": 3.0},
            frozenset({"unsc_endorsed"})),
    Outcome("unsc_move", "failure", {}, {"international_standing": -1.0}),
    Outcome("palmyra_push", "success", {"holders": {"palmyra": "isis"}}, {"regime_manpower": 3.0},
            frozenset({"palmyra_push"})),
    Outcome("palmyra_push", "failure", {"holders": {"palmyra": "isis"}}, {}),
    Outcome("press_assad", "success", {"values": {"regime_cohesion": 2, "iran_influence": 4}},
            {"talks_progress": 8.0, "regime_cohesion": -2.0, "iran_influence": -4.0, "international_standing": 3.0},
            frozenset({"transition_agenda"})),
    # -- windows: the same action is worth more at one time than another -------------------------------
    Outcome("trilateral_talks", "success", {"turn": 1},  # January 2017: the momentum of Aleppo (3)
            {"talks_progress": 27.0, "turkey_relations": 15.0, "ceasefire_level": 32.0}, frozenset(ASTANA)),
    Outcome("trilateral_talks", "success", {"turn": 3},
            {"talks_progress": 17.0, "turkey_relations": 9.0, "ceasefire_level": 16.0}, frozenset(ASTANA)),
    Outcome("ceasefire_proposal", "success", {"turn": 2}, {"ceasefire_level": 28.0}),
    Outcome("joint_us_strikes", "success", {"turn": 4},  # the US review: January-April 2017
            {"us_relations": 14.0, "isis_strength": -5.0, "international_standing": 11.0}, frozenset({"joint_ops"})),
    Outcome("unsc_move", "success", {"turn": 11},  # the run-up to the March 2018 election
            {"international_standing": 11.0, "talks_progress": 3.0, "russian_domestic_support": 6.0},
            frozenset({"unsc_endorsed"})),
    Outcome("unsc_move", "success", {"turn": 16}, {"international_standing": 5.0, "talks_progress": 3.0},
            frozenset({"unsc_endorsed"})),
]


@pytest.mark.parametrize("case", OUTCOMES, ids=lambda c: f"{c.action}-{c.branch}-{sorted(c.setup.items())}")
def test_action_outcome_changes_what_the_data_says(case: Outcome):
    """Outside every window (July 2017) unless the case names a turn."""
    ctx = context(**{"turn": 7, **case.setup})
    before_codes = ctx.codes.copy()
    changes, cells = ctx.apply(getattr(action(case.action), case.branch))
    assert changes == pytest.approx(case.changes) and set(changes) == set(case.changes)
    assert cells == ()
    assert (ctx.codes == before_codes).all()
    start = {**opening_values(), **case.setup.get("values", {})}
    start = {k: min(v, 100.0) if k != "civilian_deaths" else v for k, v in start.items()}
    for name, value in ctx.values.items():
        assert value == pytest.approx(start[name] + case.changes.get(name, 0.0)), name
    assert ctx.flags == set(case.flags)


def test_every_action_effect_list_matches_the_file():
    """The parsed effects are the file's effects, in order (so OUTCOMES test what the data says)."""
    for action_id, entry in ACTIONS_TOML.items():
        for branch in ("success", "failure"):
            parsed = getattr(action(action_id), branch)
            raw = entry.get(branch, [])
            assert len(parsed) == len(raw), (action_id, branch)
            for effect, table in zip(parsed, raw):
                key = next(k for k in ("add", "flag", "unflag", "evacuate", "end") if k in table)
                assert (effect.kind, effect.target) == (key, table[key]), (action_id, branch)
                if key == "add":
                    assert effect.value == table["value"], (action_id, branch, key)
                    assert effect.per == table.get("per"), (action_id, branch, key)


# -- the evacuation deal on a besieged pocket ---------------------------------------------------------

def test_evacuation_deal_hands_the_besieged_pocket_to_the_regime():
    ctx = board_with_pocket("regime")
    assert available("evacuation_deal", ctx)
    changes, cells = ctx.apply(action("evacuation_deal").success)
    assert sorted(cells) == list(POCKET)
    assert all(ctx.codes[c] == IDX["regime"] for c in POCKET)
    assert all(ctx.codes[c] == IDX["opposition"] for c in MAIN_AREA), "the main rebel area is no pocket"
    assert changes == pytest.approx({"displaced": 3 * 10_000 * 0.3, "international_standing": -1.0,
                                     "jihadist_share_idlib": 2.0})
    assert [ctx.holder(p) for p in ("afrin", "al_bab", "al_qaryatayn")] == ["regime"] * 3


def test_evacuation_deal_takes_the_pocket_with_the_most_people_first():
    """The issue: deals always emptied the smallest pocket, whatever mattered most. Now the most populous."""
    ctx = board_with_pocket("regime")
    ctx.codes[43] = IDX["opposition"]  # Shayrat: a one-cell pocket, interior and ringed by regime cells
    assert all(ctx.codes[n] == IDX["regime"] for n in tiny_game().board.neighbors[43])
    changes, cells = ctx.apply(action("evacuation_deal").success)
    assert sorted(cells) == list(POCKET), "three cells of 10,000 people outweigh one"
    assert ctx.codes[43] == IDX["opposition"]
    assert changes["displaced"] == pytest.approx(9000)
    changes, cells = ctx.apply(action("evacuation_deal").success)
    assert cells == (43,) and ctx.holder("shayrat_airbase") == "regime", "then the next"


def test_evacuation_deal_failure_leaves_the_pocket():
    ctx = board_with_pocket("regime")
    changes, cells = ctx.apply(action("evacuation_deal").failure)
    assert cells == () and changes == {"ceasefire_level": -2.0}
    assert all(ctx.codes[c] == IDX["opposition"] for c in POCKET)


def test_evacuation_deal_through_the_moscow_phase_says_where_the_map_changed():
    game = tiny_game()
    for seed in range(50):
        ctx = board_with_pocket("regime", seed=seed)
        (_, event) = game._moscow_phase(ctx, MoscowOrders(actions=("evacuation_deal",)))
        if event.inputs["success"]:
            break
    else:
        raise AssertionError("no successful evacuation in 50 seeds")
    assert event.rule == "action.evacuation_deal" and event.claim == "C12"
    assert sorted(event.cells) == list(POCKET) and event.text.endswith("(near afrin, 3 cells).")
    assert ctx.capital == 6 - 2 and ctx.actions == ["evacuation_deal"]
    assert event.inputs["probability"] == pytest.approx(0.65)


def test_evacuation_deal_is_unavailable_without_a_besieged_pocket():
    ctx = context()
    for cell in MAIN_AREA:  # rebels on the board's edge (near Damascus on the tiny board), nothing besieged
        ctx.codes[cell] = IDX["opposition"]
    assert not available("evacuation_deal", ctx)
    assert available("evacuation_deal", board_with_pocket("regime"))


def test_evacuation_deal_never_hands_ground_to_isis():
    ctx = board_with_pocket("isis")
    assert not available("evacuation_deal", ctx)  # a pocket ringed by ISIS is not the regime's to evacuate
    changes, cells = ctx.apply(action("evacuation_deal").success)
    assert cells == () and all(ctx.codes[c] == IDX["opposition"] for c in POCKET)


# -- check_orders ----------------------------------------------------------------------------------------

def check(orders: MoscowOrders, capital: int = 6, **setup) -> list[str]:
    return check_orders(orders, tiny_game().rules, context(**setup), capital)


def test_legal_orders_have_no_problems():
    assert check(MoscowOrders()) == []
    assert check(MoscowOrders(strategy="deal", air_focus="isis", air_intensity="low", ground="military_police",
                              actions=("trilateral_talks", "ceasefire_proposal")), capital=5) == []
    assert check(MoscowOrders(actions=("press_assad", "palmyra_push")), capital=6) == []


def test_unknown_stance_option_is_a_problem():
    problems = check(MoscowOrders(strategy="surrender", ground="army"))
    assert len(problems) == 2
    assert problems[0].startswith("strategy: unknown option 'surrender'") and "offensive, chips, deal" in problems[0]
    assert problems[1].startswith("ground: unknown option 'army'")


def test_unknown_action_is_a_problem():
    problems = check(MoscowOrders(actions=("nuke_idlib", "unsc_move")))
    assert len(problems) == 1 and problems[0].startswith("actions: unknown action 'nuke_idlib'")


def test_duplicate_action_is_a_problem():
    assert check(MoscowOrders(actions=("unsc_move", "unsc_move"))) == ["actions: unsc_move is listed twice"]


def test_over_budget_is_a_problem_and_counts_the_actions_before_it():
    assert check(MoscowOrders(actions=("trilateral_talks", "press_assad")), capital=6) == [
        "actions: press_assad costs 4 but only 3 political capital is left"]
    assert check(MoscowOrders(actions=("press_assad",)), capital=3) == [
        "actions: press_assad costs 4 but only 3 political capital is left"]
    # an unaffordable action spends nothing, so a cheaper one after it still fits
    assert check(MoscowOrders(actions=("press_assad", "unsc_move")), capital=3) == [
        "actions: press_assad costs 4 but only 3 political capital is left"]


def test_check_orders_leaves_availability_to_the_turn():
    """Availability is checked when the turn is resolved (no capital spent), not by check_orders."""
    assert check(MoscowOrders(actions=("trilateral_talks",)), flags=ASTANA) == []
    ctx = context(flags=ASTANA)
    (_, event) = tiny_game()._moscow_phase(ctx, MoscowOrders(actions=("trilateral_talks",)))
    assert "not possible now" in event.text and ctx.capital == 6 and ctx.actions == []


# -- preview_action ---------------------------------------------------------------------------------------

def test_preview_of_an_available_affordable_action():
    preview = preview_action(action("trilateral_talks"), context(), capital=6)
    assert preview.available and preview.why_unavailable == ""
    assert preview.cost == 3 and preview.claim == "C13"
    assert preview.probability == pytest.approx(0.65)
    assert preview.on_success == ("starts the Astana process", "Talks progress +12", "Russia-Turkey relations +6",
                                  "Ceasefire level +8",
                                  "Talks progress +5 for each month left of the window after Aleppo (now 3)",
                                  "Russia-Turkey relations +3 for each month left of the window after Aleppo (now 3)",
                                  "Ceasefire level +8 for each month left of the window after Aleppo (now 3)")
    assert "Worth most in the three months after Aleppo" in preview.tradeoff
    later = preview_action(action("trilateral_talks"), context(turn=5), capital=6)
    assert later.on_success[-1] == "Ceasefire level +8 for each month left of the window after Aleppo (now 0)"
    assert preview.on_failure == ("Talks progress +2", "Russia-Turkey relations +2")


def test_preview_explains_why_an_action_is_not_possible():
    poor = preview_action(action("trilateral_talks"), context(), capital=2)
    assert not poor.available and poor.why_unavailable == "needs 3 political capital, 2 left"
    taken = preview_action(action("trilateral_talks"), context(flags=ASTANA), capital=6)
    assert not taken.available and taken.why_unavailable == "only when the Astana talks have not begun yet"
    both = preview_action(action("press_assad"), context(), capital=1)
    assert both.why_unavailable == ("needs 4 political capital, 1 left; "
                                    "only when Talks progress is at least 25 (now 5)"), "only what is missing, with its value now"
    monitors = preview_action(action("deploy_monitors"), context(), capital=6)
    assert monitors.why_unavailable == ("only when the Russian ground forces are military police "
                                        "and the Astana talks have begun")


def test_preview_reads_odds_from_the_context_and_describes_special_effects():
    preview = preview_action(action("press_assad"), context(values={"iran_influence": 60}), capital=6)
    assert preview.probability == pytest.approx(0.39)
    evac = preview_action(action("evacuation_deal"), context(), capital=6)
    assert evac.on_success[0] == "the most populous besieged opposition pocket is evacuated to Idlib"
    assert not evac.available and evac.why_unavailable == ("only when there is at least one besieged opposition "
                                                           "pocket (now 0)")
    palmyra = preview_action(action("palmyra_push"), context(holders={"palmyra": "isis"}), capital=2)
    assert palmyra.available and palmyra.probability == 1.0 and palmyra.on_failure == ()
    joint = preview_action(action("joint_us_strikes"), context(), capital=6)
    assert joint.on_success[-1] == ("Russia-US relations +6 while the new US administration is still reviewing "
                                    "its Syria policy (now: yes)")


def test_game_previews_lists_every_action():
    game = tiny_game()
    previews = game.previews(game.opening())
    assert [p.id for p in previews] == list(ACTIONS_TOML)
    assert {p.id for p in previews if p.available} == {"trilateral_talks", "ceasefire_proposal", "joint_us_strikes",
                                                       "unsc_move"}


# -- coverage ------------------------------------------------------------------------------------------

def test_every_action_in_decisions_toml_is_covered():
    ids = set(ACTIONS_TOML)
    assert set(tiny_game().rules.actions) == ids
    assert {a for a, _, e in AVAILABLE if e} == ids, "an available case for each action"
    assert {a for a, _, e in AVAILABLE if not e} == ids, "an unavailable case for each action"
    assert {a for a, _, _ in ODDS} == ids
    assert {c.action for c in OUTCOMES if c.branch == "failure"} == ids
    assert {c.action for c in OUTCOMES if c.branch == "success"} | {"evacuation_deal"} == ids
