"""Every bot of bots.toml in the tiny world, through the engine's actors phase.

``tiny_game()._actors_phase(ctx, ongoing)`` returns the operations the bots
plan and the events that explain them. The tiny board is all regime unless a
test hands places to other factions (each place is one cell; the cell numbers
of neighbours are noted where a test needs two sides to touch). Chance rules
are tested on seeds found deterministically.
"""
from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest

from tests.engine.tiny_world import SCENARIO, context, tiny_game
from wargame.engine import Game
from wargame.orders import MoscowOrders
from wargame.state import Operation

BOTS_TOML = tomllib.loads((SCENARIO / "bots.toml").read_text(encoding="utf-8"))["actor"]
ALL_RULES = {f"{bot['id']}.{rule['id']}" for bot in BOTS_TOML for rule in bot.get("rule", [])}
COVERED: set[str] = set()
OFFENSIVE = MoscowOrders(strategy="offensive")
# Places that ISIS rules attack when the regime holds them (with a chance): handed to the SDF, they stay quiet.
ISIS_QUIET = {"deir_ez_zor_airbase": "sdf", "al_qaryatayn": "sdf", "palmyra": "isis"}


def covers(*rule_ids: str):
    """Register the bot rules a test exercises (checked against bots.toml at the bottom)."""
    unknown = set(rule_ids) - ALL_RULES
    assert not unknown, unknown
    COVERED.update(rule_ids)
    return lambda test: test


def plan(ongoing=(), **setup):
    """Run the actors phase on a tiny-world context; returns (operations, events, ctx)."""
    ctx = context(**setup)
    operations, events = tiny_game()._actors_phase(ctx, tuple(ongoing))
    return operations, events, ctx


def of(bot: str, operations, events):
    """The operations and events of one bot."""
    return ([op for op in operations if op.sponsor == bot], [e for e in events if e.rule.startswith(f"bot.{bot}.")])


def targets(ops) -> list[tuple[str, str, str]]:
    return [(op.attacker, op.defender, op.objective) for op in ops]


def seed_where(bot: str, rule_id: str, fires: bool, **setup) -> int:
    """The first seed for which the bot's rule does (or does not) produce an event."""
    for seed in range(200):
        _, events, _ = plan(seed=seed, **setup)
        if any(e.rule == f"bot.{bot}.{rule_id}" for e in events) is fires:
            return seed
    raise AssertionError(f"no seed where bot.{bot}.{rule_id} {'fires' if fires else 'stays silent'}")


# -- Damascus -----------------------------------------------------------------------------------------------

@covers("damascus.idlib_offensive")
def test_damascus_launches_the_idlib_offensive_under_the_offensive_strategy():
    ops, events, ctx = plan(stances=OFFENSIVE, holders={"idlib": "opposition"}, turn=4)
    ops, events = of("damascus", ops, events)
    assert ops == [Operation("regime:idlib:opposition", "regime", "opposition", "idlib", 4, "Idlib offensive",
                             "damascus", forces=3)]
    assert [e.rule for e in events] == ["bot.damascus.idlib_offensive"]
    assert events[0].text == "Damascus: With Moscow's blessing, Damascus and Tehran throw their forces at Idlib."
    assert events[0].inputs == {"actor": "damascus", "condition": "strategy is offensive", "objective": "idlib",
                                "defender": "opposition", "forces": 3, "forces_left": 1}
    assert ctx.planned_regime_ops == 1


@pytest.mark.parametrize("strategy", ["chips", "deal"])
def test_damascus_leaves_idlib_alone_under_other_strategies(strategy):
    ops, events, ctx = plan(stances=MoscowOrders(strategy=strategy),
                            holders={"idlib": "opposition", "khan_shaykhun": "opposition"})
    ops, events = of("damascus", ops, events)
    assert ops == [] and events == [] and ctx.planned_regime_ops == 0


@covers("damascus.saa_exhausted")
def test_an_exhausted_saa_stops_every_damascus_attack():
    holders = {"idlib": "opposition", "khan_shaykhun": "opposition", "palmyra": "isis"}
    ops, events, ctx = plan(stances=MoscowOrders(strategy="offensive", air_focus="isis"), holders=holders,
                            values={"regime_manpower": 11.9})
    ops, events = of("damascus", ops, events)
    assert ops == [] and ctx.planned_regime_ops == 0
    assert [e.rule for e in events] == ["bot.damascus.saa_exhausted"]
    assert events[0].text.startswith("Damascus: The SAA has no strike forces left")
    ops, events, _ = plan(stances=OFFENSIVE, holders=holders, values={"regime_manpower": 12})
    ops, events = of("damascus", ops, events)
    assert [op.objective for op in ops] == ["idlib", "khan_shaykhun"]
    assert "bot.damascus.saa_exhausted" not in [e.rule for e in events]


@covers("damascus.north_hama_push")
def test_damascus_opens_a_second_front_at_khan_shaykhun():
    ops, events, ctx = plan(stances=OFFENSIVE, holders={"idlib": "opposition", "khan_shaykhun": "opposition"})
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "opposition", "idlib"), ("regime", "opposition", "khan_shaykhun")]
    assert [e.rule for e in events] == ["bot.damascus.idlib_offensive", "bot.damascus.north_hama_push"]
    assert ops[1].label == "Northern Hama offensive" and ctx.planned_regime_ops == 2


def test_damascus_commits_at_most_its_four_formations():
    """Idlib ties down three formations and Khan Shaykhun one: Palmyra and the Rastan pocket must wait."""
    holders = {"idlib": "opposition", "khan_shaykhun": "opposition", "palmyra": "isis", "rastan": "opposition"}
    ops, events, ctx = plan(stances=MoscowOrders(strategy="offensive", air_focus="isis"), holders=holders)
    ops, events = of("damascus", ops, events)
    assert [(op.objective, op.forces) for op in ops] == [("idlib", 3), ("khan_shaykhun", 1)]
    assert len(events) == 2 and ctx.regime_forces_committed == 4 and ctx.metric("saa_reserve") == 1
    # With Khan Shaykhun taken the last formation goes to Palmyra, then (Palmyra taken) to the Rastan pocket.
    ops, _, _ = plan(stances=MoscowOrders(strategy="offensive", air_focus="isis"),
                     holders={**holders, "khan_shaykhun": "regime"})
    assert [op.objective for op in of("damascus", ops, [])[0]] == ["idlib", "palmyra"]
    ops, _, _ = plan(stances=OFFENSIVE, holders={**holders, "khan_shaykhun": "regime", "palmyra": "regime"})
    assert [op.objective for op in of("damascus", ops, [])[0]] == ["idlib", "rastan"]
    # Three operations at most: chips runs Wadi Barada, Ghouta and Rastan, not Palmyra as well.
    chips = {"ain_al_fijah": "opposition", "douma": "opposition", "rastan": "opposition", "palmyra": "isis"}
    ops, _, _ = plan(stances=MoscowOrders(strategy="chips", air_focus="isis"), holders=chips)
    assert [op.objective for op in of("damascus", ops, [])[0]] == ["ain_al_fijah", "douma", "palmyra"]


def test_an_attack_needing_more_formations_than_are_left_is_skipped():
    game = tiny_game()
    damascus = next(b for b in game.rules.bots if b.id == "damascus")
    assert damascus.force_pool == 4
    bots = tuple(replace(b, forces=2) if b.id == "damascus" else b for b in game.rules.bots)
    small = Game(game.scenario, replace(game.rules, bots=bots))
    ctx = context(stances=OFFENSIVE, holders={"idlib": "opposition", "khan_shaykhun": "opposition"})
    ops, _ = small._actors_phase(ctx, ())
    assert [op.objective for op in of("damascus", ops, [])[0]] == ["khan_shaykhun"], (
        "two formations are not enough for Idlib (3); the smaller attack still goes")


@covers("damascus.idlib_to_maarat")
def test_with_idlib_taken_the_offensive_turns_to_maarat_and_the_idlib_attack_is_dropped():
    ops, events, _ = plan(stances=OFFENSIVE, holders={"maarat_al_numan": "opposition"})
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "opposition", "maarat_al_numan")]
    assert [e.rule for e in events] == ["bot.damascus.idlib_to_maarat"], "idlib is held already: no idlib event"
    assert "Ma'arrat al-Nu'man" in events[0].text


@covers("damascus.idlib_to_the_border")
def test_with_idlib_and_maarat_taken_the_offensive_drives_for_bab_al_hawa():
    ops, events, _ = plan(stances=OFFENSIVE, holders={"bab_al_hawa": "opposition"})
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "opposition", "bab_al_hawa")]
    assert [e.rule for e in events] == ["bot.damascus.idlib_to_the_border"]
    ops, _, _ = plan(stances=OFFENSIVE, holders={"bab_al_hawa": "opposition", "maarat_al_numan": "opposition"})
    assert "bab_al_hawa" not in [op.objective for op in of("damascus", ops, [])[0]]


@covers("damascus.jisr_al_shughur")
def test_with_khan_shaykhun_taken_the_regime_attacks_jisr_al_shughur():
    ops, events, _ = plan(stances=OFFENSIVE, holders={"jisr_al_shughur": "opposition"})
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "opposition", "jisr_al_shughur")]
    assert [e.rule for e in events] == ["bot.damascus.jisr_al_shughur"]
    ops, _, _ = plan(stances=OFFENSIVE, holders={"jisr_al_shughur": "opposition", "khan_shaykhun": "opposition"})
    assert [op.objective for op in of("damascus", ops, [])[0]] == ["khan_shaykhun"]


@covers("damascus.chips_wadi_barada", "damascus.chips_ghouta")
def test_chips_strategy_bites_at_wadi_barada_and_ghouta():
    holders = {"ain_al_fijah": "opposition", "douma": "opposition"}
    ops, events, _ = plan(stances=MoscowOrders(strategy="chips"), holders=holders)
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "opposition", "ain_al_fijah"), ("regime", "opposition", "douma")]
    assert [e.rule for e in events] == ["bot.damascus.chips_wadi_barada", "bot.damascus.chips_ghouta"]
    ops, _, _ = plan(stances=MoscowOrders(strategy="chips"), holders=holders, values={"ceasefire_level": 60})
    assert [op.objective for op in of("damascus", ops, [])[0]] == ["ain_al_fijah"], "a strong truce spares Ghouta"
    ops, _, _ = plan(stances=MoscowOrders(strategy="chips"), holders={"douma": "opposition"})
    assert [op.objective for op in of("damascus", ops, [])[0]] == ["douma"]
    ops, _, _ = plan(stances=OFFENSIVE, holders=holders)
    assert of("damascus", ops, [])[0] == [], "under the offensive strategy the chips rules are silent"


@covers("damascus.retake_palmyra")
@pytest.mark.parametrize("stances, flags, expected", [
    (MoscowOrders(air_focus="isis"), (), True),
    (MoscowOrders(air_focus="balanced"), ("palmyra_push",), True),
    (MoscowOrders(air_focus="balanced"), (), False),
    (MoscowOrders(air_focus="rebels"), (), False),
    (MoscowOrders(air_focus="isis", air_intensity="low"), (), False),
    (MoscowOrders(air_focus="balanced", air_intensity="low"), ("palmyra_push",), True),
])
def test_damascus_goes_for_palmyra_with_russian_backing(stances, flags, expected):
    ops, events, _ = plan(stances=stances, flags=flags, holders={"palmyra": "isis"})
    ops, events = of("damascus", ops, events)
    if expected:
        assert targets(ops) == [("regime", "isis", "palmyra")]
        assert [e.rule for e in events] == ["bot.damascus.retake_palmyra"]
    else:
        assert ops == [] and events == []


@covers("damascus.relieve_deir_ez_zor")
def test_from_palmyra_the_regime_drives_for_deir_ez_zor_when_isis_is_weak():
    setup = {"stances": MoscowOrders(air_focus="balanced"), "holders": {"mayadin": "isis"}}
    ops, events, _ = plan(values={"isis_strength": 44.9}, **setup)
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "isis", "mayadin")]
    assert [e.rule for e in events] == ["bot.damascus.relieve_deir_ez_zor"]
    assert of("damascus", *plan(values={"isis_strength": 50}, **setup)[:2]) == ([], [])
    low = {**setup, "stances": MoscowOrders(air_focus="isis", air_intensity="low")}
    assert of("damascus", *plan(values={"isis_strength": 20}, **low)[:2]) == ([], []), "no desert war on low air"
    rebels = {**setup, "stances": MoscowOrders(air_focus="rebels")}
    assert of("damascus", *plan(values={"isis_strength": 20}, **rebels)[:2]) == ([], [])


# -- Tehran ----------------------------------------------------------------------------------------------------

@covers("tehran.militias_defy_restraint")
def test_tehrans_militias_sometimes_defy_moscows_restraint():
    setup = {"stances": MoscowOrders(strategy="deal"), "values": {"iran_influence": 62},
             "holders": {"douma": "opposition"}}
    seed = seed_where("tehran", "militias_defy_restraint", True, **setup)
    ops, events, ctx = plan(seed=seed, **setup)
    ops, events = of("tehran", ops, events)
    assert ops == [Operation("regime:douma:opposition", "regime", "opposition", "douma", 1,
                             "Iranian-backed militias around Damascus", "tehran")]
    assert events[0].text.startswith("Tehran: Iranian-backed militias ignore Moscow's restraint")
    assert events[0].dice and events[0].dice[0]["kind"] == "chance(0.500)" and events[0].dice[0]["value"] < 0.5
    assert ctx.planned_regime_ops == 1
    seed = seed_where("tehran", "militias_defy_restraint", False, **setup)
    assert of("tehran", *plan(seed=seed, **setup)[:2]) == ([], [])
    for seed in range(10):
        assert of("tehran", *plan(seed=seed, **{**setup, "values": {"iran_influence": 61.9}})[:2]) == ([], [])
        assert of("tehran", *plan(seed=seed, **{**setup, "stances": MoscowOrders(strategy="chips")})[:2]) == ([], [])


# -- Ankara ----------------------------------------------------------------------------------------------------
# al_bab (cell 4) touches aleppo (8); manbij (32) touches kobani (27).
ANKARA = {"aleppo": "turkey", "kobani": "turkey", "manbij": "sdf"}


@covers("ankara.al_bab")
def test_ankara_presses_al_bab_while_isis_holds_it_and_stops_there():
    ops, events, _ = plan(holders={**ANKARA, "al_bab": "isis"})
    ops, events = of("ankara", ops, events)
    assert ops == [Operation("turkey:al_bab:isis", "turkey", "isis", "al_bab", 1, "Euphrates Shield: al-Bab", "ankara")]
    assert [e.rule for e in events] == ["bot.ankara.al_bab"], "stop = true: no Manbij although the SDF is in reach"


@covers("ankara.manbij")
def test_with_al_bab_taken_ankara_turns_on_manbij():
    ops, events, _ = plan(holders={**ANKARA, "al_bab": "turkey"})
    ops, events = of("ankara", ops, events)
    assert targets(ops) == [("turkey", "sdf", "manbij")]
    assert [e.rule for e in events] == ["bot.ankara.manbij"]
    assert events[0].text.startswith("Ankara: With al-Bab taken")


@covers("ankara.deal_holds")
def test_ankara_holds_back_while_the_trilateral_deal_holds():
    setup = {"holders": {**ANKARA, "al_bab": "turkey"}, "flags": {"astana_process"}}
    ops, events, _ = plan(values={"turkey_relations": 60}, **setup)
    ops, events = of("ankara", ops, events)
    assert ops == [] and [e.rule for e in events] == ["bot.ankara.deal_holds"]
    assert events[0].inputs == {"actor": "ankara",
                                 "condition": "(the Astana talks have begun and turkey_relations >= 60)"}
    ops, events, _ = plan(values={"turkey_relations": 59.9}, **setup)
    assert targets(of("ankara", ops, events)[0]) == [("turkey", "sdf", "manbij")]
    ops, events, _ = plan(values={"turkey_relations": 90}, holders={**ANKARA, "al_bab": "turkey"})
    assert targets(of("ankara", ops, events)[0]) == [("turkey", "sdf", "manbij")], "no Astana process, no restraint"


def test_the_deal_does_not_hold_ankara_back_from_isis_at_al_bab():
    ops, events, _ = plan(holders={**ANKARA, "al_bab": "isis"}, flags={"astana_process"},
                          values={"turkey_relations": 90})
    ops, events = of("ankara", ops, events)
    assert targets(ops) == [("turkey", "isis", "al_bab")] and [e.rule for e in events] == ["bot.ankara.al_bab"]


def test_ankara_does_not_turn_on_manbij_while_isis_still_holds_al_bab():
    ops, events, _ = plan(holders={"kobani": "turkey", "manbij": "sdf", "al_bab": "isis"})  # no Turkey-ISIS contact
    ops, _ = of("ankara", ops, events)
    assert ops == []


# -- Washington and the SDF -------------------------------------------------------------------------------------
# raqqa (39) touches qamishli (37); omar_oil_field (35) touches kuweires_airbase (28); tabqa (46) touches al_tanf (7).

@covers("washington.raqqa")
def test_washington_goes_for_raqqa_and_nothing_else():
    ops, events, _ = plan(holders={"raqqa": "isis", "qamishli": "sdf", "omar_oil_field": "isis",
                                   "kuweires_airbase": "sdf"})
    ops, events = of("washington", ops, events)
    assert ops == [Operation("sdf:raqqa:isis", "sdf", "isis", "raqqa", 1, "Wrath of Euphrates: Raqqa", "washington")]
    assert [e.rule for e in events] == ["bot.washington.raqqa"]
    assert events[0].text.startswith("Washington: US aircraft and special forces back the SDF's drive on Raqqa")


@covers("washington.middle_euphrates")
def test_after_raqqa_washington_pushes_down_the_euphrates():
    ops, events, _ = plan(holders={"raqqa": "sdf", "omar_oil_field": "isis", "kuweires_airbase": "sdf"})
    ops, events = of("washington", ops, events)
    assert targets(ops) == [("sdf", "isis", "omar_oil_field")]
    assert [e.rule for e in events] == ["bot.washington.middle_euphrates"]


def test_an_attack_is_dropped_when_the_two_sides_do_not_touch():
    ops, events, _ = plan(holders={"raqqa": "isis"})  # no SDF cell on the board
    assert of("washington", ops, events) == ([], [])
    ops, events, _ = plan(holders={"raqqa": "isis", "hasakah": "sdf"})  # an SDF cell, but not next to ISIS
    assert of("washington", ops, events) == ([], [])


@covers("sdf.tabqa_first")
def test_the_sdf_takes_tabqa_from_turn_three():
    setup = {"holders": {"tabqa": "isis", "al_tanf": "sdf"}}
    ops, events, _ = plan(turn=3, **setup)
    ops, events = of("sdf", ops, events)
    assert ops == [Operation("sdf:tabqa:isis", "sdf", "isis", "tabqa", 3, "Tabqa and the Euphrates", "sdf")]
    assert [e.rule for e in events] == ["bot.sdf.tabqa_first"]
    assert of("sdf", *plan(turn=2, **setup)[:2]) == ([], [])


# -- the armed opposition -------------------------------------------------------------------------------------

@covers("opposition.hama_offensive")
def test_rebels_strike_toward_hama_when_the_truce_is_weak():
    setup = {"holders": {"idlib": "opposition"}}  # the rebel cell touches regime cells
    seed = seed_where("opposition", "hama_offensive", True, **setup)
    ops, events, _ = plan(seed=seed, **setup)
    ops, events = of("opposition", ops, events)
    assert targets(ops) == [("opposition", "regime", "hama")]
    assert [e.rule for e in events] == ["bot.opposition.hama_offensive"] and events[0].dice
    for seed in range(10):
        assert of("opposition", *plan(seed=seed, values={"ceasefire_level": 40}, **setup)[:2]) == ([], [])
        assert of("opposition", *plan(seed=seed, values={"opposition_strength": 39.9}, **setup)[:2]) == ([], [])


@covers("opposition.jobar")
def test_ghouta_rebels_break_out_toward_damascus_when_the_truce_collapses():
    setup = {"holders": {"douma": "opposition"}, "values": {"ceasefire_level": 29.9, "opposition_strength": 39.9}}
    seed = seed_where("opposition", "jobar", True, **setup)
    ops, events, _ = plan(seed=seed, **setup)
    ops, events = of("opposition", ops, events)
    assert targets(ops) == [("opposition", "regime", "damascus")]
    assert [e.rule for e in events] == ["bot.opposition.jobar"]
    for seed in range(10):
        quiet = {**setup, "values": {"ceasefire_level": 30, "opposition_strength": 39.9}}
        assert of("opposition", *plan(seed=seed, **quiet)[:2]) == ([], [])


# -- ISIS -------------------------------------------------------------------------------------------------------

@covers("isis.homs_desert_offensive")
def test_isis_storms_the_homs_desert_when_the_regime_strips_its_reserve():
    """Four of the regime's five formations (Damascus 4, Tehran 1) committed elsewhere: ISIS strikes at T4."""
    holders = {**ISIS_QUIET, "idlib": "opposition", "khan_shaykhun": "opposition"}
    ops, events, ctx = plan(stances=OFFENSIVE, holders=holders)
    assert ctx.planned_regime_ops == 2 and ctx.metric("saa_reserve") == 1
    ops, events = of("isis", ops, events)
    assert ops == [Operation("isis:t4_airbase:regime", "isis", "regime", "t4_airbase", 1,
                             "ISIS offensive in the Homs desert", "isis")]
    assert [e.rule for e in events] == ["bot.isis.homs_desert_offensive"]
    assert events[0].inputs["condition"] == "saa_reserve <= 1"
    ops, events, ctx = plan(stances=OFFENSIVE, holders={**holders, "khan_shaykhun": "regime"})
    assert ctx.planned_regime_ops == 1 and ctx.metric("saa_reserve") == 2
    assert of("isis", ops, events) == ([], [])


def test_tehrans_operation_counts_toward_the_regimes_offensives():
    setup = {"stances": MoscowOrders(strategy="deal"), "values": {"iran_influence": 62},
             "holders": {**ISIS_QUIET, "douma": "opposition"}}
    seed = seed_where("tehran", "militias_defy_restraint", True, **setup)
    _, _, ctx = plan(seed=seed, **setup)
    assert ctx.planned_regime_ops == 1  # one is not enough for ISIS
    assert of("isis", *plan(seed=seed, **setup)[:2]) == ([], [])


@covers("isis.retake_palmyra")
def test_isis_counter_attacks_at_palmyra():
    setup = {"holders": {**ISIS_QUIET, "palmyra": "regime", "shaer_gas_field": "isis"}}
    seed = seed_where("isis", "retake_palmyra", True, **setup)
    ops, events, _ = plan(seed=seed, **setup)
    ops, events = of("isis", ops, events)
    assert targets(ops) == [("isis", "regime", "palmyra")]
    assert [e.rule for e in events] == ["bot.isis.retake_palmyra"] and events[0].dice[0]["value"] < 0.35
    seed = seed_where("isis", "retake_palmyra", False, **setup)
    assert of("isis", *plan(seed=seed, **setup)[:2]) == ([], [])


@covers("isis.road_to_damascus")
def test_isis_raids_toward_damascus_once_the_rebel_buffer_is_gone():
    setup = {"holders": ISIS_QUIET}
    ops, events, _ = plan(metrics={"damascus_buffer": 19, "isis_near_damascus": 10}, **setup)
    ops, events = of("isis", ops, events)
    assert targets(ops) == [("isis", "regime", "damascus")]
    assert [e.rule for e in events] == ["bot.isis.road_to_damascus"]
    assert of("isis", *plan(metrics={"damascus_buffer": 20, "isis_near_damascus": 40}, **setup)[:2]) == ([], [])
    assert of("isis", *plan(metrics={"damascus_buffer": 0, "isis_near_damascus": 9}, **setup)[:2]) == ([], [])


@covers("isis.deir_ez_zor_siege")
def test_isis_presses_the_deir_ez_zor_enclave():
    setup = {"holders": {"palmyra": "isis", "al_qaryatayn": "sdf"}}  # the airbase stays with the regime
    seed = seed_where("isis", "deir_ez_zor_siege", True, **setup)
    ops, events, _ = plan(seed=seed, **setup)
    ops, events = of("isis", ops, events)
    assert targets(ops) == [("isis", "regime", "deir_ez_zor_airbase")]
    assert [e.rule for e in events] == ["bot.isis.deir_ez_zor_siege"]


@covers("isis.qaryatayn_raid")
def test_isis_raids_al_qaryatayn():
    setup = {"holders": {"palmyra": "isis", "deir_ez_zor_airbase": "sdf"}}
    seed = seed_where("isis", "qaryatayn_raid", True, **setup)
    ops, events, _ = plan(seed=seed, **setup)
    ops, events = of("isis", ops, events)
    assert targets(ops) == [("isis", "regime", "al_qaryatayn")]
    assert [e.rule for e in events] == ["bot.isis.qaryatayn_raid"]


def test_isis_launches_at_most_two_operations():
    """Find a seed where both ISIS raids succeed; with the Homs offensive on top, the third is cut by the limit."""
    holders = {"palmyra": "isis", "idlib": "opposition"}
    for seed in range(200):
        ops, _, _ = plan(seed=seed, stances=OFFENSIVE, holders=holders)  # one regime offensive
        if [op.objective for op in of("isis", ops, [])[0]] == ["deir_ez_zor_airbase", "al_qaryatayn"]:
            break
    else:
        raise AssertionError("no seed where both ISIS raids go ahead")
    ops, events, _ = plan(seed=seed, stances=OFFENSIVE, holders={**holders, "khan_shaykhun": "opposition"})
    ops, events = of("isis", ops, events)
    assert [op.objective for op in ops] == ["t4_airbase", "deir_ez_zor_airbase"]
    assert [e.rule for e in events] == ["bot.isis.homs_desert_offensive", "bot.isis.deir_ez_zor_siege"]


# -- campaigns: chains of objectives ---------------------------------------------------------------------------

@covers("damascus.euphrates_south_bank")
def test_the_euphrates_campaign_moves_on_when_each_objective_falls():
    """Chain: Deir ez-Zor (relief if cut off), its airbase, Mayadin, Abu Kamal. From March with air support."""
    stances = MoscowOrders(strategy="deal", air_focus="isis", air_intensity="medium")
    setup = {"stances": stances, "turn": 3, "values": {"isis_strength": 60}}  # too strong for the Palmyra relief rule
    ops, events, _ = plan(holders={"mayadin": "isis", "abu_kamal": "isis"}, **setup)
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "isis", "mayadin")], "Deir ez-Zor and its airbase are the regime's already"
    assert [e.rule for e in events] == ["bot.damascus.euphrates_south_bank"]
    ops, _, _ = plan(holders={"abu_kamal": "isis"}, **setup)
    assert targets(of("damascus", ops, [])[0]) == [("regime", "isis", "abu_kamal")], "Mayadin fell: on to Abu Kamal"
    ops, _, _ = plan(holders={"deir_ez_zor_airbase": "isis", "mayadin": "isis"}, **setup)
    assert targets(of("damascus", ops, [])[0]) == [("regime", "isis", "deir_ez_zor_airbase")]
    ops, _, _ = plan(holders={"mayadin": "isis"}, **{**setup, "turn": 2})
    assert of("damascus", ops, [])[0] == [], "not before March"
    low = {**setup, "stances": MoscowOrders(strategy="deal", air_focus="isis", air_intensity="low")}
    assert of("damascus", *plan(holders={"mayadin": "isis"}, **low)[:2]) == ([], []), "needs sustained air support"


def test_a_campaign_relieves_its_own_cut_off_enclave_first():
    """Deir ez-Zor (cell 14) held by the regime but ringed by ISIS: the campaign drives on it before Mayadin."""
    ring = {p: "isis" for p in ("abu_kamal", "daraa", "douma", "hama")}
    stances = MoscowOrders(strategy="deal", air_focus="isis", air_intensity="medium")
    ops, _, _ = plan(holders={**ring, "mayadin": "isis"}, stances=stances, turn=3, values={"isis_strength": 60})
    assert targets(of("damascus", ops, [])[0]) == [("regime", "isis", "deir_ez_zor")]


def test_two_actors_of_one_side_split_a_campaign_instead_of_doubling_up():
    """Washington drives on Raqqa; the SDF's chain (Tabqa... Raqqa, al-Omar) passes Raqqa to the next place."""
    holders = {"raqqa": "isis", "qamishli": "sdf", "omar_oil_field": "isis", "kuweires_airbase": "sdf"}
    # Tabqa, its dam and airbase are left to the regime (someone else's hands): the chain passes them too.
    ops, _, _ = plan(holders=holders, turn=4)
    assert [(op.sponsor, op.objective) for op in ops if op.attacker == "sdf"] == [
        ("washington", "raqqa"), ("sdf", "omar_oil_field")]


def test_with_its_chain_done_a_mop_up_campaign_drives_on_the_nearest_place_the_defender_holds():
    """relieve_deir_ez_zor ends its chain with mop_up: every chain place is the regime's, ISIS still holds Raqqa."""
    setup = {"stances": MoscowOrders(air_focus="isis", air_intensity="medium"), "values": {"isis_strength": 20}}
    ops, events, _ = plan(holders={"raqqa": "isis"}, **setup)
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "isis", "raqqa")]
    assert [e.rule for e in events] == ["bot.damascus.relieve_deir_ez_zor"]
    # Two ISIS places: every regime cell touches both, so the tie goes to the first place id.
    ops, _, _ = plan(holders={"raqqa": "isis", "kobani": "isis"}, **setup)
    assert targets(of("damascus", ops, [])[0]) == [("regime", "isis", "kobani")]


@covers("damascus.homs_pockets")
def test_the_regime_squeezes_the_rastan_pocket_unless_negotiating():
    ops, events, _ = plan(stances=MoscowOrders(strategy="chips"), holders={"talbiseh": "opposition"})
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "opposition", "talbiseh")], "Rastan is the regime's: on to Talbiseh"
    assert [e.rule for e in events] == ["bot.damascus.homs_pockets"]
    ops, _, _ = plan(stances=MoscowOrders(strategy="deal"), holders={"rastan": "opposition"})
    assert of("damascus", ops, [])[0] == []


@covers("damascus.daraa_2018")
def test_the_2018_daraa_offensive_comes_in_april_2018():
    setup = {"stances": MoscowOrders(strategy="chips"), "holders": {"nasib_crossing": "opposition"}}
    ops, events, _ = plan(turn=16, **setup)
    ops, events = of("damascus", ops, events)
    assert targets(ops) == [("regime", "opposition", "nasib_crossing")]
    assert [e.rule for e in events] == ["bot.damascus.daraa_2018"]
    assert of("damascus", *plan(turn=15, **setup)[:2]) == ([], [])
    assert of("damascus", *plan(turn=16, **{**setup, "stances": MoscowOrders(strategy="deal")})[:2]) == ([], [])


@covers("ankara.olive_branch")
def test_ankara_attacks_afrin_in_2018_once_moscow_steps_aside():
    holders = {"al_bab": "turkey", "afrin": "sdf", "manbij": "sdf", "kobani": "turkey"}  # afrin touches al_bab
    ops, events, _ = plan(turn=13, holders=holders, values={"turkey_relations": 55})
    ops, events = of("ankara", ops, events)
    assert targets(ops) == [("turkey", "sdf", "afrin")]
    assert [e.rule for e in events] == ["bot.ankara.olive_branch"], "stop = true: not Manbij as well"
    ops, _, _ = plan(turn=12, holders=holders, values={"turkey_relations": 55})
    assert targets(of("ankara", ops, [])[0]) == [("turkey", "sdf", "manbij")]
    ops, _, _ = plan(turn=13, holders=holders, values={"turkey_relations": 54.9})
    assert targets(of("ankara", ops, [])[0]) == [("turkey", "sdf", "manbij")]


# -- planning rules shared by every bot ------------------------------------------------------------------------

def test_an_attack_is_dropped_when_its_objective_is_already_held_by_the_attacker():
    ops, events, _ = plan(stances=OFFENSIVE, holders={"khan_shaykhun": "opposition"})  # idlib is regime-held
    ops, events = of("damascus", ops, events)
    assert "idlib" not in [op.objective for op in ops]
    assert "bot.damascus.idlib_offensive" not in [e.rule for e in events]
    assert [op.objective for op in ops] == ["khan_shaykhun"]


def test_an_ongoing_operation_keeps_the_turn_it_started():
    ongoing = [Operation("regime:idlib:opposition", "regime", "opposition", "idlib", 2, "Idlib offensive", "damascus")]
    ops, _, _ = plan(ongoing=ongoing, turn=5, stances=OFFENSIVE,
                     holders={"idlib": "opposition", "khan_shaykhun": "opposition"})
    started = {op.objective: op.started for op in of("damascus", ops, [])[0]}
    assert started == {"idlib": 2, "khan_shaykhun": 5}


def test_bots_plan_in_file_order():
    holders = {**ISIS_QUIET, "idlib": "opposition", **ANKARA, "al_bab": "isis", "raqqa": "isis", "qamishli": "sdf"}
    ops, events, _ = plan(stances=OFFENSIVE, holders=holders, values={"ceasefire_level": 40})
    assert [op.sponsor for op in ops] == ["damascus", "ankara", "washington"]
    order = [bot["id"] for bot in BOTS_TOML]
    assert [b.id for b in tiny_game().rules.bots] == order
    seen = [e.rule.split(".")[1] for e in events]
    assert seen == sorted(seen, key=order.index)


# -- coverage ------------------------------------------------------------------------------------------

def test_every_bot_rule_in_bots_toml_is_covered():
    assert {f"{b.id}.{r.id}" for b in tiny_game().rules.bots for r in b.rules} == ALL_RULES
    assert COVERED == ALL_RULES, f"untested: {ALL_RULES - COVERED}"
    assert {b["id"] for b in BOTS_TOML} == {rule.split(".")[0] for rule in COVERED}


def test_an_attack_needs_the_defender_to_hold_the_objective():
    # Damascus's Ghouta push (chips) attacks the opposition toward Douma; if Douma is in ISIS hands
    # the rule's condition still holds, but there is no rebel-held objective to drive at.
    chips = MoscowOrders(strategy="chips")
    rebel_douma = of("damascus", *plan(stances=chips, holders={"douma": "opposition"})[:2])[0]
    assert ("regime", "opposition", "douma") in targets(rebel_douma)
    isis_douma = of("damascus", *plan(stances=chips, holders={"douma": "isis", "daraa": "opposition"})[:2])[0]
    assert ("regime", "opposition", "douma") not in targets(isis_douma)
