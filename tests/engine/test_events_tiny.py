"""Every event of events.toml in the tiny world: it fires when its condition holds and its roll succeeds.

Events carry a ``chance``: the tests search seeds deterministically (``seed=0, 1,
...``) for one where the roll succeeds and one where it fails, and check the
silent cases where a non-random part of the condition is false (then no dice
are rolled at all). ``once`` is checked through the engine's events phase.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass

import pytest

from tests.engine.tiny_world import SCENARIO, context, find, fire, tiny_game
from wargame.indicators import opening_values
from wargame.orders import MoscowOrders

EVENTS_TOML = tomllib.loads((SCENARIO / "events.toml").read_text(encoding="utf-8"))["event"]
ENTRY = {entry["id"]: entry for entry in EVENTS_TOML}
SEEDS = range(300)


def chance_of(event_id: str) -> float:
    """The probability in the event's condition (every event in the file has exactly one)."""
    found = [c["chance"] for c in ENTRY[event_id]["when"].get("all", []) if "chance" in c]
    assert len(found) == 1, event_id
    return found[0]


def seed_where(event_id: str, fires: bool, **setup):
    """The first seed for which the event does (or does not) fire, with the event and context."""
    for seed in SEEDS:
        event, ctx = fire(event_id, seed=seed, **setup)
        if (event is not None) is fires:
            return seed, event, ctx
    raise AssertionError(f"no seed in {SEEDS} where {event_id} {'fires' if fires else 'stays silent'}")


@dataclass(frozen=True)
class Case:
    event: str
    setup: dict                   # the deterministic part of the condition holds
    fixed: dict                   # exact changes
    rolled: dict                  # indicator -> (low, high)
    flags: frozenset = frozenset()
    says: str = ""


CASES = [
    Case("hts_merger", {"turn": 1}, {"jihadist_share_idlib": 12.0, "opposition_strength": -3.0}, {},
         frozenset({"hts_formed"}), says="(jihadist share 57%)"),
    Case("chemical_attack", {"values": {"civilian_deaths": 1500}},
         {"international_standing": -8.0, "us_relations": -10.0, "regime_cohesion": -2.0}, {}),
    Case("covert_support_ends", {"turn": 6}, {"opposition_strength": -5.0, "us_relations": 3.0}, {}),
    Case("aircraft_lost", {"stances": MoscowOrders(air_intensity="high")}, {"russian_domestic_support": -1.0},
         {"russian_casualties": (1.0, 3.0)}),
    Case("contractor_losses_reported", {"stances": MoscowOrders(ground="contractors")},
         {"russian_domestic_support": -2.0}, {"russian_casualties": (5.0, 25.0)}),
    Case("southwest_ceasefire", {"turn": 7, "values": {"us_relations": 30}},
         {"ceasefire_level": 8.0, "us_relations": 4.0}, {}, frozenset({"southwest_ceasefire"})),
    Case("isis_desert_raid", {"values": {"regime_manpower": 24.9}},
         {"regime_cohesion": -2.0, "oil_gas_revenue": -2.0}, {}),
    Case("assad_walks_out", {"values": {"talks_progress": 40, "iran_influence": 40}},
         {"talks_progress": -10.0, "regime_cohesion": 1.0}, {}, says="(progress 30)"),
    Case("spoiler_attack", {}, {"ceasefire_level": -10.0}, {"civilian_deaths": (20.0, 120.0)},
         says="falls to 20"),
]

SILENT = [
    ("hts_merger", {"turn": 0}),
    ("chemical_attack", {"values": {"civilian_deaths": 1499}}),
    ("covert_support_ends", {"turn": 5}),
    ("aircraft_lost", {"stances": MoscowOrders(air_intensity="medium")}),
    ("contractor_losses_reported", {"stances": MoscowOrders(ground="military_police")}),
    ("southwest_ceasefire", {"turn": 6, "values": {"us_relations": 90}}),
    ("southwest_ceasefire", {"turn": 7, "values": {"us_relations": 29.9}}),
    ("isis_desert_raid", {"values": {"regime_manpower": 25}}),
    ("assad_walks_out", {"values": {"talks_progress": 39.9, "iran_influence": 90}}),
    ("assad_walks_out", {"values": {"talks_progress": 90, "iran_influence": 39.9}}),
    ("spoiler_attack", {"values": {"jihadist_share_idlib": 44.9}}),
    ("spoiler_attack", {"values": {"ceasefire_level": 29.9}}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.event)
def test_event_fires_when_its_roll_succeeds(case: Case):
    _, event, ctx = seed_where(case.event, True, **case.setup)
    assert event.claim == ENTRY[case.event]["claim"] and event.rule == case.event
    assert event.text.strip() and "{" not in event.text and "}" not in event.text, event.text
    assert case.says in event.text, event.text
    assert set(event.changes) == set(case.fixed) | set(case.rolled)
    for name, value in case.fixed.items():
        assert event.changes[name] == pytest.approx(value), name
    for name, (low, high) in case.rolled.items():
        assert low <= event.changes[name] <= high, (name, event.changes[name])
    chance_rolls = [r for r in event.dice if r["kind"].startswith("chance")]
    assert len(chance_rolls) == 1 and chance_rolls[0]["value"] < chance_of(case.event)
    if case.rolled:
        assert any(r["kind"].startswith("uniform") for r in event.dice)
    start = {**opening_values(), **case.setup.get("values", {})}
    for name, value in ctx.values.items():
        assert value == pytest.approx(start[name] + event.changes.get(name, 0.0)), name
    assert ctx.flags == set(case.flags)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.event)
def test_event_is_silent_when_its_roll_fails(case: Case):
    _, event, ctx = seed_where(case.event, False, **case.setup)
    assert event is None
    (roll,) = ctx.rolls()
    assert roll["kind"] == f"chance({chance_of(case.event):.3f})" and roll["value"] >= chance_of(case.event)
    assert ctx.values == {**opening_values(), **case.setup.get("values", {})} and not ctx.flags


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.event)
def test_event_fires_exactly_when_the_roll_is_under_its_chance(case: Case):
    p = chance_of(case.event)
    outcomes = []
    for seed in range(40):
        event, ctx = fire(case.event, seed=seed, **case.setup)
        roll = next(r for r in ctx.rolls() if r["kind"].startswith("chance"))
        assert (event is not None) is (roll["value"] < p), seed
        outcomes.append(event is not None)
    assert any(outcomes) and not all(outcomes), "40 seeds give both outcomes"


@pytest.mark.parametrize("event_id, setup", SILENT, ids=[f"{e}-{i}" for i, (e, _) in enumerate(SILENT)])
def test_event_is_silent_when_its_condition_fails_and_rolls_no_dice(event_id, setup):
    for seed in range(10):
        event, ctx = fire(event_id, seed=seed, **setup)
        assert event is None
        assert ctx.rolls() == (), "the chance is listed last, so a false condition rolls nothing"
        assert ctx.values == {**opening_values(), **setup.get("values", {})} and not ctx.flags


def test_contractor_losses_also_come_with_a_brigade():
    _, event, _ = seed_where("contractor_losses_reported", True, stances=MoscowOrders(ground="brigade"))
    assert 5 <= event.changes["russian_casualties"] <= 25


# -- once, through the engine's events phase ----------------------------------------------------------

def _events_phase(ctx):
    return {e.rule: e for e in tiny_game()._events_phase(ctx)}


def test_a_once_event_fires_once_and_is_remembered_in_the_counters():
    seed = next(s for s in SEEDS if "hts_merger" in _events_phase(context(seed=s)))
    ctx = context(seed=seed)
    first = _events_phase(ctx)
    assert first["hts_merger"].changes["jihadist_share_idlib"] == 12
    assert ctx.counters["fired.hts_merger"] == 1
    for name in ("fired.spoiler_attack", "fired.aircraft_lost"):
        assert name not in ctx.counters, "repeatable events leave no counter"
    assert "hts_merger" not in _events_phase(ctx), "the same context (same dice) does not fire it again"
    assert ctx.values["jihadist_share_idlib"] == first["hts_merger"].changes["jihadist_share_idlib"] + 45 + sum(
        e.changes.get("jihadist_share_idlib", 0) for e in first.values() if e.rule != "hts_merger")


def test_a_once_event_already_fired_is_skipped():
    fresh = [_events_phase(context(seed=seed, turn=6)) for seed in range(20)]
    assert any("hts_merger" in f for f in fresh) and any("covert_support_ends" in f for f in fresh)
    for seed in range(20):
        ctx = context(seed=seed, counters={"fired.hts_merger": 1, "fired.covert_support_ends": 1}, turn=6)
        fired = _events_phase(ctx)
        assert "hts_merger" not in fired and "covert_support_ends" not in fired
        assert ctx.counters["fired.hts_merger"] == 1


def test_a_repeatable_event_can_fire_on_consecutive_calls():
    ctx = context(seed=0, stances=MoscowOrders(ground="brigade"))
    hits = 0
    for turn in range(1, 30):
        ctx.turn = turn  # fresh dice streams each turn
        hits += "contractor_losses_reported" in _events_phase(ctx)
    assert hits >= 2
    assert "fired.contractor_losses_reported" not in ctx.counters


def test_the_events_phase_uses_event_streams():
    """The engine rolls events on 'event:<id>' streams (the harness's fire() uses 'rule:<id>')."""
    seed = next(s for s in SEEDS if "spoiler_attack" in _events_phase(context(seed=s)))
    event = _events_phase(context(seed=seed))["spoiler_attack"]
    assert {r["purpose"] for r in event.dice} == {"event:spoiler_attack"}
    assert event.phase == "events"


# -- coverage ------------------------------------------------------------------------------------------

def test_every_event_in_events_toml_is_covered():
    ids = {entry["id"] for entry in EVENTS_TOML}
    assert {c.event for c in CASES} == ids
    assert {e for e, _ in SILENT} == ids
    assert {e.id for e in tiny_game().rules.events} == ids
    for event_id in ids:
        assert find(event_id).once == ENTRY[event_id].get("once", False)
