"""Every consequence rule of rules.toml in the tiny world: it fires when its condition holds, and not otherwise.

Each ``[[rule]]`` has at least one firing case (exact indicator changes, flags,
the claim from the file and a fully rendered sentence) and at least one silent
case (usually the value just across the threshold). The coverage tests at the
bottom fail when a rule is added to rules.toml without a case here.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

import pytest

from tests.engine.tiny_world import SCENARIO, context, find, fire
from wargame.indicators import opening_values
from wargame.orders import MoscowOrders

RULES_TOML = tomllib.loads((SCENARIO / "rules.toml").read_text(encoding="utf-8"))["rule"]
CLAIM = {entry["id"]: entry["claim"] for entry in RULES_TOML}
ASTANA = {"astana_process"}


@dataclass(frozen=True)
class Fires:
    """A setting in which ``rule`` fires with exactly ``changes`` (and sets ``flags`` / ends the game)."""

    rule: str
    name: str
    setup: dict
    changes: dict
    flags: frozenset = frozenset()
    ended: str = ""
    says: str = ""          # a fragment the rendered sentence must contain


@dataclass(frozen=True)
class Silent:
    """A setting in which ``rule`` must not fire."""

    rule: str
    name: str
    setup: dict = field(default_factory=dict)


def S(**kwargs) -> MoscowOrders:
    return MoscowOrders(**kwargs)


FIRES = [
    # -- upkeep -------------------------------------------------------------------------------
    Fires("air_campaign_cost", "medium tempo", {}, {"russian_war_cost": 0.6 * 1 + 0.3}, says="(now 31)"),
    Fires("air_campaign_cost", "low tempo still costs the base", {"stances": S(air_intensity="low")},
          {"russian_war_cost": 0.3}),
    Fires("air_campaign_cost", "surge", {"stances": S(air_intensity="surge")}, {"russian_war_cost": 0.6 * 3 + 0.3}),
    Fires("war_weariness", "15 dead this month", {"metrics": {"russian_casualties_turn": 15}},
          {"russian_domestic_support": -0.9}, says="(15 killed this month)"),
    Fires("war_weariness", "40 dead this month", {"metrics": {"russian_casualties_turn": 40}},
          {"russian_domestic_support": -2.4}),
    Fires("quiet_month_at_home", "just under 5 dead", {"metrics": {"russian_casualties_turn": 4.9}},
          {"russian_domestic_support": 0.5}),
    Fires("quiet_month_at_home", "support is capped at 100",
          {"metrics": {"russian_casualties_turn": 0}, "values": {"russian_domestic_support": 99.8}},
          {"russian_domestic_support": 0.2}),
    Fires("war_cost_bites", "cost at 60", {"values": {"russian_war_cost": 60}}, {"russian_domestic_support": -1.5},
          says="(60)"),
    Fires("manpower_recovers", "two formations in reserve", {"metrics": {"saa_reserve": 2}}, {"regime_manpower": 2.5},
          says="(manpower 48)"),
    Fires("manpower_recovers", "capped at 100", {"metrics": {"saa_reserve": 4}, "values": {"regime_manpower": 99}},
          {"regime_manpower": 1.0}),
    Fires("isis_replenishes", "just under 60", {"values": {"isis_strength": 59.9}}, {"isis_strength": 0.8}),
    # -- C1 / C2 ----------------------------------------------------------------------------------
    Fires("useful_syria_holds", "all six cities held", {}, {"regime_cohesion": 1.0}, says="with 100% of the people"),
    Fires("no_great_power_no_victory", "opposition at 55", {"values": {"opposition_strength": 55}},
          {"opposition_strength": -3.0}),
    Fires("core_cities_secure", "cohesion just under 35", {"values": {"regime_cohesion": 34.9}},
          {"regime_cohesion": 1.5}),
    # -- C3 ---------------------------------------------------------------------------------------
    Fires("tehran_indulged", "offensive strategy", {"stances": S(strategy="offensive")},
          {"iran_influence": 1.5, "regime_cohesion": 0.5, "talks_progress": -2.0}, says="grows to 62"),
    Fires("tehran_indulged", "talks cannot go below 0", {"stances": S(strategy="offensive"), "values": {"talks_progress": 1}},
          {"iran_influence": 1.5, "regime_cohesion": 0.5, "talks_progress": -1.0}),
    Fires("restraint_resented", "deal strategy", {"stances": S(strategy="deal")},
          {"iran_influence": -1.0, "regime_cohesion": -0.5}, says="Restraint alone does not move the talks"),
    # -- C4 ---------------------------------------------------------------------------------------
    Fires("idlib_radicalises", "offensive under way",
          {"metrics": {"idlib_offensive": 1}, "values": {"jihadist_share_idlib": 40.2}},
          {"jihadist_share_idlib": 1.5}, says="(42% now jihadist)"),
    Fires("election_clouded", "six months of Idlib by March 2018",
          {"turn": 15, "metrics": {"idlib_offensive_turns": 6}}, {"russian_domestic_support": -8.0}),
    Fires("election_clouded", "the offensive counter is read from ctx.counters",
          {"turn": 15, "counters": {"idlib_offensive_turns": 7}}, {"russian_domestic_support": -8.0}),
    Fires("election_clouded", "300 Russian dead", {"turn": 15, "values": {"russian_casualties": 300}},
          {"russian_domestic_support": -8.0}, says="and 300 Russian dead"),
    Fires("election_victory_lap", "no offensive, few dead", {"turn": 15, "values": {"russian_casualties": 149.9}},
          {"russian_domestic_support": 5.0}),
    # -- C5 ---------------------------------------------------------------------------------------
    Fires("civilian_toll", "150 killed", {"metrics": {"civilians_killed": 150}}, {"international_standing": -0.9},
          says="150 civilians killed"),
    Fires("civilian_toll", "scales with the toll", {"metrics": {"civilians_killed": 500}},
          {"international_standing": -3.0}),
    Fires("idlib_bombing_outrage", "high tempo over Idlib",
          {"stances": S(air_intensity="high"), "metrics": {"idlib_offensive": 1}},
          {"international_standing": -2.0, "turkey_relations": -2.0, "us_relations": -1.0}),
    Fires("idlib_bombing_outrage", "surge over Idlib",
          {"stances": S(air_intensity="surge"), "metrics": {"idlib_offensive": 1}},
          {"international_standing": -2.0, "turkey_relations": -2.0, "us_relations": -1.0}),
    # -- C6 ---------------------------------------------------------------------------------------
    Fires("saa_overstretched", "one formation left", {"metrics": {"saa_reserve": 1, "regime_offensives": 2}},
          {"regime_manpower": -1.5, "regime_cohesion": -0.5}, says="With 2 offensives at once"),
    Fires("homs_losses", "two cells lost in Homs", {"metrics": {"isis_gains_homs": 2}},
          {"regime_cohesion": -3.0, "oil_gas_revenue": -3.0}, says="ISIS takes 2 cells"),
    Fires("t4_lost", "ISIS holds T4", {"holders": {"t4_airbase": "isis"}},
          {"regime_cohesion": -1.5, "international_standing": -0.5}),
    Fires("gas_fields_back", "regime holds Shaer",
          {"holders": {"shaer_gas_field": "regime"}, "values": {"oil_gas_revenue": 20.2}},
          {"oil_gas_revenue": 1.5}, says="(revenue 22)"),
    # -- C7 ---------------------------------------------------------------------------------------
    Fires("buffer_removed", "metrics at the thresholds", {"metrics": {"damascus_buffer": 19, "isis_near_damascus": 10}},
          {"regime_cohesion": -2.0, "isis_strength": 1.0}, flags=frozenset({"isis_road_to_damascus"})),
    Fires("buffer_removed", "computed: ten ISIS cells on the tiny board, no rebels",
          {"holders": {p: "isis" for p in ("abu_kamal", "afrin", "ain_al_fijah", "al_bab", "al_qaryatayn", "al_rai",
                                           "al_tanf", "aleppo", "azaz", "bab_al_hawa")}},
          {"regime_cohesion": -2.0, "isis_strength": 1.0}, flags=frozenset({"isis_road_to_damascus"})),
    # -- C8 ---------------------------------------------------------------------------------------
    Fires("air_war_on_isis", "air focus on ISIS", {"stances": S(air_focus="isis")},
          {"isis_strength": -1.6, "international_standing": 0.7, "us_relations": 0.8}, says="falls to 53 "),
    Fires("isis_goes_underground", "ISIS beaten in the field", {"values": {"isis_strength": 14.9}},
          {"isis_strength": 4.0, "insurgency": 1.0}, says="fights on as an insurgency"),
    Fires("monitors_police_zones", "zones with military police", {"flags": {"deescalation_zones"},
          "stances": S(ground="military_police")}, {"ceasefire_level": 2.5}, says="(ceasefire 33)"),
    Fires("joint_operations", "joint_ops flag", {"flags": {"joint_ops"}},
          {"isis_strength": -1.0, "us_relations": 1.0, "international_standing": 1.2}),
    Fires("joint_operations_end", "bombing rebels again", {"flags": {"joint_ops"}, "stances": S(air_focus="rebels")},
          {"us_relations": -5.0}, says="US relations 15"),
    # -- C9 ---------------------------------------------------------------------------------------
    Fires("palmyra_embarrassment", "ISIS in Palmyra", {"holders": {"palmyra": "isis"}}, {"international_standing": -0.6}),
    Fires("palmyra_retaken", "first recapture", {"holders": {"palmyra": "regime"}},
          {"international_standing": 4.0, "russian_domestic_support": 2.0}, flags=frozenset({"palmyra_recaptured"})),
    # -- C10 --------------------------------------------------------------------------------------
    Fires("chips_for_the_table", "one key place", {"metrics": {"key_places_gained": 1}}, {"talks_progress": 3.0},
          says="(progress 8)"),
    Fires("chips_for_the_table", "two key places", {"metrics": {"key_places_gained": 2}}, {"talks_progress": 6.0}),
    Fires("washington_only_isis", "ISIS focus, poor relations",
          {"stances": S(air_focus="isis"), "values": {"us_relations": 44.9}}, {"us_relations": 1.0}),
    # -- C11 --------------------------------------------------------------------------------------
    Fires("turkey_enforces_truce", "Astana, Ankara at 55, no Idlib offensive",
          {"flags": ASTANA, "values": {"turkey_relations": 55}},
          {"ceasefire_level": 4.0, "opposition_strength": -0.5, "jihadist_share_idlib": -0.5},
          says="(ceasefire 34); month by month the jihadists' hold on Idlib weakens (45%)"),
    Fires("turkey_alienated", "Idlib offensive", {"metrics": {"idlib_offensive": 1}},
          {"turkey_relations": -3.0, "ceasefire_level": -6.0}, says="with Ankara (47)"),
    Fires("fighting_erodes_truce", "one offensive on the rebels", {"metrics": {"regime_rebel_offensives": 1}},
          {"ceasefire_level": -2.0}),
    Fires("truce_frays", "opening truce", {}, {"ceasefire_level": -3.0}, says="(ceasefire 27)"),
    Fires("truce_frays", "clamped at 0", {"values": {"ceasefire_level": 2}}, {"ceasefire_level": -2.0}),
    Fires("jihadists_outside_truce", "jihadists at 50%", {"values": {"jihadist_share_idlib": 50}},
          {"ceasefire_level": -2.0}, says="Idlib (50%)"),
    Fires("truce_saves_lives", "truce at 55", {"values": {"ceasefire_level": 55}},
          {"international_standing": 0.8, "opposition_strength": -0.5}),
    Fires("truce_month", "truce at 45: one more month counted (counter truce_months)",
          {"values": {"ceasefire_level": 45}}, {}, says="(ceasefire 45)"),
    # -- C12 --------------------------------------------------------------------------------------
    Fires("rural_insurgency", "two towns lost", {"metrics": {"opposition_cities_lost": 2}}, {"insurgency": 1.0},
          says="(2 urban cells so far)"),
    Fires("rural_insurgency", "scales with towns lost", {"metrics": {"opposition_cities_lost": 6}}, {"insurgency": 3.0}),
    Fires("insurgency_ebbs", "truce at 50", {"values": {"ceasefire_level": 50}}, {"insurgency": -1.0}),
    # -- C13 --------------------------------------------------------------------------------------
    Fires("guarantors_deliver", "all four thresholds met",
          {"flags": ASTANA, "values": {"turkey_relations": 55, "iran_influence": 35, "ceasefire_level": 45}},
          {"talks_progress": 3.0}, says="(progress 8)"),
    Fires("transition_on_the_table", "agenda accepted, Astana, Iran at 35",
          {"flags": ASTANA | {"transition_agenda"}, "values": {"iran_influence": 35}}, {"talks_progress": 1.5},
          says="(progress 6.5)"),
    Fires("iran_sidelined", "Iran just under 35", {"flags": ASTANA, "values": {"iran_influence": 34.9}},
          {"talks_progress": -3.0, "ceasefire_level": -2.0}),
    Fires("settlement_signed", "talks 95, Astana, truce 50, Ankara 60",
          {"flags": ASTANA, "values": {"talks_progress": 95, "ceasefire_level": 50, "turkey_relations": 60}},
          {}, ended="settlement"),
    Fires("regime_collapse", "cohesion at 5", {"values": {"regime_cohesion": 5}}, {}, ended="collapse"),
    Fires("regime_collapse", "rebels in Damascus", {"holders": {"damascus": "opposition"}}, {}, ended="collapse"),
    Fires("regime_collapse", "ISIS in Damascus", {"holders": {"damascus": "isis"}}, {}, ended="collapse"),
]

SILENT = [
    Silent("air_campaign_cost", "only a negative tempo level (impossible from the stances) fails",
           {"metrics": {"air_intensity_level": -1}}),
    Silent("ground_commitment_cost", "no ground role", {"stances": S(ground="none")}),
    Silent("war_weariness", "just under 15 dead", {"metrics": {"russian_casualties_turn": 14.9}}),
    Silent("quiet_month_at_home", "5 dead", {"metrics": {"russian_casualties_turn": 5}}),
    Silent("war_cost_bites", "cost just under 60", {"values": {"russian_war_cost": 59.9}}),
    Silent("manpower_recovers", "one formation left", {"metrics": {"saa_reserve": 1}}),
    Silent("isis_replenishes", "ISIS at 60", {"values": {"isis_strength": 60}}),
    *[Silent("useful_syria_holds", f"{city} lost", {"holders": {city: "opposition"}})
      for city in ("damascus", "aleppo", "homs", "hama", "latakia", "tartus")],
    Silent("no_great_power_no_victory", "opposition just under 55", {"values": {"opposition_strength": 54.9}}),
    Silent("no_great_power_no_victory", "a foreign intervention",
           {"values": {"opposition_strength": 70}, "flags": {"foreign_intervention"}}),
    Silent("core_cities_secure", "cohesion at 35", {"values": {"regime_cohesion": 35}}),
    Silent("core_cities_secure", "Damascus lost", {"values": {"regime_cohesion": 20}, "holders": {"damascus": "opposition"}}),
    Silent("tehran_indulged", "chips", {"stances": S(strategy="chips")}),
    Silent("tehran_indulged", "deal", {"stances": S(strategy="deal")}),
    Silent("restraint_resented", "offensive", {"stances": S(strategy="offensive")}),
    Silent("restraint_resented", "chips", {"stances": S(strategy="chips")}),
    Silent("idlib_grind", "no Idlib offensive", {"metrics": {"idlib_offensive": 0, "idlib_offensive_turns": 5}}),
    Silent("idlib_radicalises", "no Idlib offensive", {"metrics": {"idlib_offensive": 0}}),
    Silent("election_clouded", "the turn before the election",
           {"turn": 14, "metrics": {"idlib_offensive_turns": 6}, "values": {"russian_casualties": 500}}),
    Silent("election_clouded", "five months and 299 dead",
           {"turn": 15, "metrics": {"idlib_offensive_turns": 5}, "values": {"russian_casualties": 299.9}}),
    Silent("election_victory_lap", "150 dead", {"turn": 15, "values": {"russian_casualties": 150}}),
    Silent("election_victory_lap", "Idlib offensive under way", {"turn": 15, "metrics": {"idlib_offensive": 1}}),
    Silent("election_victory_lap", "not election month", {"turn": 16}),
    Silent("civilian_toll", "149 killed", {"metrics": {"civilians_killed": 149}}),
    Silent("idlib_bombing_outrage", "medium tempo", {"metrics": {"idlib_offensive": 1}}),
    Silent("idlib_bombing_outrage", "no Idlib offensive", {"stances": S(air_intensity="surge")}),
    Silent("saa_overstretched", "two formations in reserve", {"metrics": {"saa_reserve": 2}}),
    Silent("homs_losses", "one cell lost", {"metrics": {"isis_gains_homs": 1}}),
    Silent("t4_lost", "regime holds T4", {}),
    Silent("t4_lost", "rebels hold T4", {"holders": {"t4_airbase": "opposition"}}),
    Silent("gas_fields_back", "ISIS holds Shaer", {"holders": {"shaer_gas_field": "isis"}}),
    Silent("buffer_removed", "20 rebel cells remain", {"metrics": {"damascus_buffer": 20, "isis_near_damascus": 30}}),
    Silent("buffer_removed", "only nine ISIS cells near", {"metrics": {"damascus_buffer": 0, "isis_near_damascus": 9}}),
    Silent("buffer_removed", "computed: nine ISIS cells on the tiny board",
           {"holders": {p: "isis" for p in ("abu_kamal", "afrin", "ain_al_fijah", "al_bab", "al_qaryatayn", "al_rai",
                                            "al_tanf", "aleppo", "azaz")}}),
    Silent("air_war_on_isis", "balanced focus (0.5)", {"stances": S(air_focus="balanced")}),
    Silent("joint_operations", "no joint_ops flag", {}),
    Silent("isis_goes_underground", "ISIS still an army", {"values": {"isis_strength": 15}}),
    Silent("monitors_police_zones", "no zones yet", {"stances": S(ground="military_police")}),
    Silent("monitors_police_zones", "zones but the police went home", {"flags": {"deescalation_zones"},
           "stances": S(ground="none")}),
    Silent("joint_operations_end", "still bombing ISIS", {"flags": {"joint_ops"}, "stances": S(air_focus="isis")}),
    Silent("joint_operations_end", "no joint operations to end", {"stances": S(air_focus="rebels")}),
    Silent("palmyra_embarrassment", "regime holds Palmyra", {}),
    Silent("palmyra_retaken", "already recaptured once", {"holders": {"palmyra": "regime"}, "flags": {"palmyra_recaptured"}}),
    Silent("palmyra_retaken", "ISIS holds Palmyra", {"holders": {"palmyra": "isis"}}),
    Silent("chips_for_the_table", "no key place taken", {"metrics": {"key_places_gained": 0}}),
    Silent("chips_for_the_table", "places taken under the deal strategy",
           {"stances": S(strategy="deal"), "metrics": {"key_places_gained": 2}}),
    Silent("washington_only_isis", "relations at 45", {"stances": S(air_focus="isis"), "values": {"us_relations": 45}}),
    Silent("washington_only_isis", "balanced focus", {"stances": S(air_focus="balanced")}),
    Silent("turkey_enforces_truce", "Ankara just under 55", {"flags": ASTANA, "values": {"turkey_relations": 54.9}}),
    Silent("turkey_enforces_truce", "no Astana process", {"values": {"turkey_relations": 80}}),
    Silent("turkey_enforces_truce", "Idlib offensive under way",
           {"flags": ASTANA, "values": {"turkey_relations": 80}, "metrics": {"idlib_offensive": 1}}),
    Silent("turkey_alienated", "no Idlib offensive", {"metrics": {"idlib_offensive": 0}}),
    Silent("fighting_erodes_truce", "no offensive on the rebels", {"metrics": {"regime_offensives": 2,
                                                                            "regime_rebel_offensives": 0}}),
    Silent("truce_frays", "no truce left", {"values": {"ceasefire_level": 0}}),
    Silent("truce_frays", "monitors police the zones", {"flags": {"deescalation_zones"}}),
    Silent("truce_month", "truce just under 45", {"values": {"ceasefire_level": 44.9}}),
    Silent("transition_on_the_table", "no agenda accepted", {"flags": ASTANA}),
    Silent("transition_on_the_table", "agenda but no Astana process", {"flags": {"transition_agenda"}}),
    Silent("transition_on_the_table", "Iran sidelined (under 35)",
           {"flags": ASTANA | {"transition_agenda"}, "values": {"iran_influence": 34.9}}),
    Silent("jihadists_outside_truce", "jihadists just under 50%", {"values": {"jihadist_share_idlib": 49.9}}),
    Silent("truce_saves_lives", "truce just under 55", {"values": {"ceasefire_level": 54.9}}),
    Silent("rural_insurgency", "one town lost", {"metrics": {"opposition_cities_lost": 1}}),
    Silent("insurgency_bleeds", "insurgency just under 35", {"values": {"insurgency": 34.9}}),
    Silent("insurgency_ebbs", "truce just under 50", {"values": {"ceasefire_level": 49.9}}),
    Silent("guarantors_deliver", "no Astana process",
           {"values": {"turkey_relations": 90, "iran_influence": 90, "ceasefire_level": 90}}),
    Silent("guarantors_deliver", "Ankara just under 55",
           {"flags": ASTANA, "values": {"turkey_relations": 54.9, "iran_influence": 35, "ceasefire_level": 45}}),
    Silent("guarantors_deliver", "Iran just under 35",
           {"flags": ASTANA, "values": {"turkey_relations": 55, "iran_influence": 34.9, "ceasefire_level": 45}}),
    Silent("guarantors_deliver", "truce just under 45",
           {"flags": ASTANA, "values": {"turkey_relations": 55, "iran_influence": 35, "ceasefire_level": 44.9}}),
    Silent("iran_sidelined", "Iran at 35", {"flags": ASTANA, "values": {"iran_influence": 35}}),
    Silent("iran_sidelined", "no Astana process", {"values": {"iran_influence": 10}}),
    Silent("settlement_signed", "talks just under 95",
           {"flags": ASTANA, "values": {"talks_progress": 94.9, "ceasefire_level": 50, "turkey_relations": 60}}),
    Silent("settlement_signed", "no Astana process",
           {"values": {"talks_progress": 100, "ceasefire_level": 100, "turkey_relations": 100}}),
    Silent("settlement_signed", "truce just under 50",
           {"flags": ASTANA, "values": {"talks_progress": 95, "ceasefire_level": 49.9, "turkey_relations": 60}}),
    Silent("settlement_signed", "Ankara just under 60",
           {"flags": ASTANA, "values": {"talks_progress": 95, "ceasefire_level": 50, "turkey_relations": 59.9}}),
    Silent("regime_collapse", "cohesion just above 5", {"values": {"regime_cohesion": 5.1}}),
    Silent("regime_collapse", "Damascus in SDF hands is not a collapse", {"holders": {"damascus": "sdf"}}),
]


@dataclass(frozen=True)
class Dice:
    """A rule with a rolled range: fixed changes exactly, rolled ones within [low, high]."""

    rule: str
    name: str
    setup: dict
    fixed: dict
    rolled: dict            # indicator -> (low, high)


DICE = [
    Dice("ground_commitment_cost", "advisers (level 1)", {}, {"russian_war_cost": 0.5},
         {"russian_casualties": (0.5, 2.5)}),
    Dice("ground_commitment_cost", "brigade (level 4)", {"stances": S(ground="brigade")}, {"russian_war_cost": 2.0},
         {"russian_casualties": (2.0, 10.0)}),
    Dice("idlib_grind", "no Russian ground troops", {"stances": S(ground="none"), "metrics": {"idlib_offensive": 1}},
         {"russian_war_cost": 2.5, "regime_manpower": -2.0}, {"russian_casualties": (3.0, 10.0)}),
    Dice("idlib_grind", "with contractors (level 3)",
         {"stances": S(ground="contractors"), "metrics": {"idlib_offensive": 1, "idlib_offensive_turns": 2}},
         {"russian_war_cost": 2.5, "regime_manpower": -2.0}, {"russian_casualties": (3.0 + 2 * 3, 10.0 + 6 * 3)}),
    Dice("insurgency_bleeds", "insurgency at 35", {"values": {"insurgency": 35}},
         {"regime_manpower": -1.0, "regime_cohesion": -0.5, "opposition_strength": 0.5},
         {"russian_casualties": (0.0, 3.0)}),
]


def _id(case) -> str:
    return f"{case.rule}: {case.name}"


def _check_rendered(event, rule_id: str) -> None:
    assert event.claim == CLAIM[rule_id]
    assert event.rule == rule_id
    assert event.text.strip() and "{" not in event.text and "}" not in event.text, event.text


@pytest.mark.parametrize("case", FIRES, ids=_id)
def test_rule_fires_with_exact_changes(case: Fires):
    event, ctx = fire(case.rule, **case.setup)
    assert event is not None, f"{case.rule} should fire ({find(case.rule).when.describe()})"
    _check_rendered(event, case.rule)
    assert event.changes == pytest.approx(case.changes)
    assert set(event.changes) == set(case.changes)
    assert not event.dice, "no dice for a rule without ranges or chances"
    start = {**opening_values(), **case.setup.get("values", {})}
    for name, value in ctx.values.items():
        assert value == pytest.approx(start[name] + case.changes.get(name, 0.0)), name
    assert ctx.flags - set(case.setup.get("flags", ())) == set(case.flags)
    assert ctx.ended == case.ended
    assert case.says in event.text, event.text
    assert event.inputs["condition"] == find(case.rule).when.describe()


@pytest.mark.parametrize("case", SILENT, ids=_id)
def test_rule_is_silent_when_its_condition_fails(case: Silent):
    event, ctx = fire(case.rule, **case.setup)
    assert event is None
    assert ctx.values == {**opening_values(), **case.setup.get("values", {})}
    assert ctx.flags == set(case.setup.get("flags", ()))
    assert ctx.ended == ""


@pytest.mark.parametrize("case", DICE, ids=_id)
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_rule_with_a_range_rolls_within_it(case: Dice, seed: int):
    event, ctx = fire(case.rule, seed=seed, **case.setup)
    assert event is not None
    _check_rendered(event, case.rule)
    assert event.dice, "the roll is recorded"
    assert all(r["purpose"] == f"rule:{case.rule}" for r in event.dice)
    assert set(event.changes) == set(case.fixed) | set(case.rolled)
    for name, value in case.fixed.items():
        assert event.changes[name] == pytest.approx(value), name
    for name, (low, high) in case.rolled.items():
        assert low <= event.changes[name] <= high, (name, event.changes[name])
        assert ctx.values[name] == pytest.approx(opening_values()[name] + event.changes[name])


def test_a_range_is_rolled_afresh_for_each_seed():
    rolled = {fire("ground_commitment_cost", seed=s)[0].changes["russian_casualties"] for s in range(5)}
    assert len(rolled) == 5
    again = {fire("ground_commitment_cost", seed=s)[0].changes["russian_casualties"] for s in range(5)}
    assert again == rolled, "the same seed gives the same roll"


# -- a few rule-specific readings ------------------------------------------------------------------

def test_war_weariness_reads_this_months_casualties_from_the_context():
    ctx = context()
    ctx.values["russian_casualties"] += 20  # casualties taken earlier in the turn
    rule = find("war_weariness")
    event = ctx.fire("test", rule.id, rule.claim, rule.when, rule.effects, rule.text, f"rule:{rule.id}")
    assert event is not None and event.changes == pytest.approx({"russian_domestic_support": -1.2})
    assert "(20 killed this month)" in event.text


def test_manpower_recovers_reads_the_formations_committed_this_month():
    """Damascus has 4 mobile formations and Tehran 1: the SAA rebuilds while at least 2 stay in reserve."""
    rule = find("manpower_recovers")
    for committed, fires in ((0, True), (2, True), (3, True), (4, False), (5, False)):
        ctx = context()
        ctx.regime_forces_committed = committed
        assert ctx.metric("saa_reserve") == 5 - committed
        event = ctx.fire("test", rule.id, rule.claim, rule.when, rule.effects, rule.text, f"rule:{rule.id}")
        assert (event is not None) is fires, committed


def test_palmyra_retaken_fires_only_once_per_game():
    event, ctx = fire("palmyra_retaken", holders={"palmyra": "regime"})
    rule = find("palmyra_retaken")
    again = ctx.fire("test", rule.id, rule.claim, rule.when, rule.effects, rule.text, f"rule:{rule.id}")
    assert event is not None and again is None


def test_an_ending_rule_keeps_the_first_ending_of_the_turn():
    """settlement_signed comes before regime_collapse in the file, so a turn meeting both ends in a settlement."""
    ctx = context(flags=ASTANA, values={"talks_progress": 95, "ceasefire_level": 50, "turkey_relations": 60,
                                        "regime_cohesion": 5})
    for rule_id in ("settlement_signed", "regime_collapse"):
        rule = find(rule_id)
        assert ctx.fire("test", rule.id, rule.claim, rule.when, rule.effects, rule.text, f"rule:{rule.id}")
    assert ctx.ended == "settlement"


def test_the_two_election_rules_do_not_both_fire():
    setup = {"turn": 15, "metrics": {"idlib_offensive": 0, "idlib_offensive_turns": 6},
             "values": {"russian_casualties": 100}}
    clouded, _ = fire("election_clouded", **setup)
    lap, _ = fire("election_victory_lap", **setup)
    assert clouded is not None and lap is None


# -- coverage ------------------------------------------------------------------------------------------

def test_every_rule_in_rules_toml_has_a_firing_and_a_silent_case():
    ids = {entry["id"] for entry in RULES_TOML}
    fired = {c.rule for c in FIRES} | {c.rule for c in DICE}
    silent = {c.rule for c in SILENT}
    assert fired == ids, f"no firing case: {ids - fired}; unknown: {fired - ids}"
    assert silent == ids, f"no silent case: {ids - silent}; unknown: {silent - ids}"


def test_every_dice_rule_is_tested_as_one():
    """Rules with a rolled range must be in DICE (exact changes cannot be asserted for them)."""
    ranged = {entry["id"] for entry in RULES_TOML if any("range" in e for e in entry.get("effects", []))}
    assert ranged == {c.rule for c in DICE}
    assert not ranged & {c.rule for c in FIRES}


def test_every_ending_rule_is_tested_for_its_ending():
    ending = {entry["id"]: e["end"] for entry in RULES_TOML for e in entry.get("effects", []) if "end" in e}
    assert ending == {"settlement_signed": "settlement", "regime_collapse": "collapse"}
    assert {c.rule: c.ended for c in FIRES if c.ended} == ending


def test_palmyra_retaken_ends_the_funded_push():
    event, ctx = fire("palmyra_retaken", holders={"palmyra": "regime"}, flags={"palmyra_push"})
    assert event is not None and "palmyra_push" not in ctx.flags and "palmyra_recaptured" in ctx.flags
