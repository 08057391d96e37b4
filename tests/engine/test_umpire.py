"""The umpire's interventions and the roles people play: applied, recorded, saved and replayed exactly."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame import predictions, umpire
from wargame.actors.policies import POLICIES
from wargame.dice import Dice
from wargame.engine import Game
from wargame.orders import ActorOrders, MoscowOrders
from wargame.record import GameRecord, load_record, save_record
from wargame.replay import replay, verify

FIXTURE_V2 = Path(__file__).resolve().parents[1] / "fixtures" / "record_v2.syriawar"


@pytest.fixture(scope="module")
def game() -> Game:
    return Game.load("syria-2017")


def cell_of(game: Game, place: str) -> int:
    return game.board.places[place].cell


def test_a_brush_stroke_hands_exactly_its_cells_over_and_says_so(game):
    state = game.opening()
    cells = sorted(umpire.brush_cells(game, cell_of(game, "palmyra"), 2))
    assert len(cells) == 7
    new, events = umpire.apply_interventions(
        game, state, [{"kind": "paint", "reason": "exercise inject", "faction": "regime", "cells": cells}], Dice(1))
    changed = {i for i, (a, b) in enumerate(zip(state.control, new.control)) if a != b}
    assert changed == {c for c in cells if state.control[c] != "regime"} and changed
    assert all(new.control[c] == "regime" for c in cells)
    assert [e.phase for e in events] == ["umpire"] and set(events[0].cells) == changed
    assert "Palmyra" in events[0].text and "exercise inject" in events[0].text
    assert new.values == state.values and new.turn == state.turn


def test_an_intervention_without_reason_or_with_unknown_names_is_refused(game):
    state = game.opening()
    for bad, message in [({"kind": "paint", "reason": "", "faction": "isis", "cells": [1]}, "needs a reason"),
                         ({"kind": "paint", "reason": "x", "faction": "mars", "cells": [1]}, "unknown faction"),
                         ({"kind": "indicator", "reason": "x", "changes": {"morale": 3}}, "unknown indicator"),
                         ({"kind": "event", "reason": "x", "event": "alien_landing"}, "unknown event card")]:
        with pytest.raises(umpire.UmpireError, match=message):
            umpire.apply_interventions(game, state, [bad], Dice(1))


def test_indicator_event_card_and_free_event(game):
    state = game.opening()
    new, events = umpire.apply_interventions(game, state, [
        {"kind": "indicator", "reason": "press report", "changes": {"russian_domestic_support": -5}},
        {"kind": "event", "reason": "the scenario's card", "event": "covert_support_ends"},
        {"kind": "free_event", "reason": "inject", "text": "A Turkish jet is shot down",
         "changes": {"turkey_relations": -10}},
    ], Dice(1))
    assert new.values["russian_domestic_support"] == pytest.approx(state.values["russian_domestic_support"] - 5)
    assert new.values["opposition_strength"] == pytest.approx(state.values["opposition_strength"] - 5)
    assert new.values["turkey_relations"] == pytest.approx(state.values["turkey_relations"] - 10)
    assert [e.rule for e in events] == ["umpire.indicator", "umpire.event.covert_support_ends", "umpire.free_event"]
    assert "Turkish jet" in events[2].text and all(e.inputs["umpire"] for e in events)


def walk(game: Game, cell: int, direction: np.ndarray, steps: int) -> int:
    """The cell ``steps`` neighbours away from ``cell``, heading along ``direction``."""
    xy = np.column_stack([game.arrays.x, game.arrays.y])
    for _ in range(steps):
        cell = max(game.board.neighbors[cell], key=lambda c: float((xy[c] - xy[cell]) @ direction))
    return cell


def test_dragging_a_front_forward_takes_the_enemy_cells_between_the_lines(game):
    state = game.opening()
    xy = np.column_stack([game.arrays.x, game.arrays.y])
    palmyra = xy[cell_of(game, "palmyra")]
    front = [c for c, f in enumerate(state.control) if f == "isis"
             and any(state.control[n] == "regime" for n in game.board.neighbors[c])]
    start = min(front, key=lambda c: float(((xy[c] - palmyra) ** 2).sum()))  # ISIS's line near Palmyra
    enemy = next(n for n in game.board.neighbors[start] if state.control[n] == "regime")
    direction = xy[enemy] - xy[start]
    target = walk(game, start, direction, 3)
    assert state.control[target] == "regime"
    gainer, cells = umpire.front_drag(game, state.control, start, target)
    assert gainer == "isis" and target in cells and enemy in cells
    assert all(state.control[c] == "regime" for c in cells)
    drag = xy[target] - xy[start]
    along = [(xy[c] - xy[start]) @ drag / (drag @ drag) for c in cells]
    assert min(along) > -1.0 and max(along) <= 1.0 + 1e-9, "every cell lies between the old line and the new"
    beyond = walk(game, target, direction, 2)
    assert beyond not in cells
    # dragged back into its own ground the side withdraws: its swept cells go to the enemy it faced
    back = walk(game, start, -direction, 3)
    assert state.control[back] == "isis"
    gainer, cells = umpire.front_drag(game, state.control, start, back)
    assert gainer == "regime" and start in cells and back in cells
    assert all(state.control[c] == "isis" for c in cells)


def test_a_die_set_by_the_umpire_changes_that_operation_only(game):
    dice = Dice(4)
    state = game.opening()
    orders = POLICIES["hardline"](game, state, dice)
    plain = game.resolve_turn(state, orders, dice)
    op = plain.operations[0]
    low = umpire.resolve_turn(game, state, orders, dice, umpire=[
        {"kind": "die", "reason": "the attack bogged down", "operation": op.operation_id, "roll": 0.6}])
    assert low.operations[0].roll == pytest.approx(0.6)
    assert [r.roll for r in low.operations[1:]] == [r.roll for r in plain.operations[1:]]
    assert any(e.rule == "umpire.die" for e in low.events)
    again = umpire.resolve_turn(game, state, orders, dice, umpire=[])
    assert again.state.state_hash() == plain.state.state_hash()


def test_predictions_are_scored_against_the_game(game):
    dice = Dice(2)
    states = [game.opening()]
    for _ in range(6):
        states.append(game.resolve_turn(states[-1], POLICIES["deal"](game, states[-1], dice), dice).state)
    held = {"kind": "place_held", "place": "damascus", "faction": "regime", "by_turn": 3}
    lost = {"kind": "place_held", "place": "damascus", "faction": "isis", "by_turn": 3}
    later = {"kind": "place_held", "place": "damascus", "faction": "isis", "by_turn": 12}
    level = {"kind": "indicator", "indicator": "russian_casualties", "op": ">=", "value": 0, "at_turn": 2}
    assert predictions.score(held, states, game).verdict == "right"
    assert predictions.score(lost, states, game).verdict == "wrong"
    assert predictions.score(later, states, game).verdict == "open"
    assert predictions.score(level, states, game).verdict == "right"
    assert predictions.describe(held, game) == "Damascus held by Regime by March 2017"
    assert predictions.problems({"kind": "place_held", "place": "x", "faction": "regime", "by_turn": 99}, game)


def session_record(game: Game, tmp_path) -> tuple[GameRecord, list]:
    """Four turns with Ankara and Washington played by people, the umpire at the opening and in turn 2."""
    dice = Dice(9)
    record = GameRecord.new(game, 9, {"moscow": "player:Olga", "ankara": "player:Ayse", "washington": "player:Jim"})
    record.session = {"started": "2026-11-26 20:00", "umpire": True}
    opening = [{"kind": "paint", "reason": "set-up", "faction": "isis",
                "cells": sorted(umpire.brush_cells(game, cell_of(game, "al_qaryatayn"), 1))}]
    state, _ = umpire.apply_interventions(game, game.opening(), opening, dice)
    record.opening_umpire = opening
    states = [state]
    for turn in range(1, 5):
        orders = POLICIES["chips"](game, state, dice)
        others = {"ankara": ActorOrders("ankara", ("al_bab",)), "washington": ActorOrders("washington", ())}
        ump = []
        if turn == 2:
            ump = [{"kind": "indicator", "reason": "a teaching point", "changes": {"us_relations": 7}},
                   {"kind": "front", "reason": "the line as the room saw it", "faction": "sdf",
                    "cells": [cell_of(game, "tabqa")]}]
        result = umpire.resolve_turn(game, state, orders, dice, others, ump)
        state = result.state
        states.append(state)
        decisions = {"ankara": {"participant": "Ayse", "rationale": "al-Bab first",
                                "prediction": {"kind": "place_held", "place": "al_bab", "faction": "turkey",
                                               "by_turn": 4}}}
        record.append_turn({"moscow": orders, **others}, state, ump, decisions)
    return record, states


def test_a_session_record_saves_loads_and_replays_to_the_same_hashes(game, tmp_path):
    record, states = session_record(game, tmp_path)
    path = tmp_path / "session.syriawar"
    save_record(path, record)
    loaded = load_record(path, game)
    assert loaded.to_text() == record.to_text()
    assert loaded.turns[0].others() == {"ankara": ActorOrders("ankara", ("al_bab",)),
                                        "washington": ActorOrders("washington", ())}
    assert verify(game, loaded).ok
    played = replay(game, loaded)
    assert [p.state.state_hash() for p in played] == [s.state_hash() for s in states]
    assert any(e.phase == "umpire" for e in played[0].events) and any(e.phase == "umpire" for e in played[2].events)
    assert any(e.rule.startswith("orders.ankara") for e in played[1].events), "Ankara's own orders were used"
    # change what the umpire did and the replay no longer proves the game
    data = json.loads(path.read_text())
    data["turns"][1]["umpire"][1]["faction"] = "isis"
    data["snapshot"] = None
    path.write_text(json.dumps(data))
    result = verify(game, load_record(path, game))
    assert not result.ok and result.diverged_turn == 2


def test_a_version_2_save_still_opens_and_verifies(game):
    record = load_record(FIXTURE_V2, game)
    assert record.session is None and record.opening_umpire == [] and record.notes == {2: "a note"}
    assert all(t.decisions == {} and set(t.orders) == {"moscow"} for t in record.turns)
    assert verify(game, record).ok and record.last_turn == 4
    assert json.loads(record.to_text())["version"] == 3


def test_resolving_with_no_interventions_is_the_plain_engine(game):
    dice = Dice(5)
    state = game.opening()
    orders = MoscowOrders()
    a = game.resolve_turn(state, orders, dice)
    b = umpire.resolve_turn(game, state, orders, dice)
    assert a.state.state_hash() == b.state.state_hash() and a.events == b.events
    assert np.array_equal(np.array(a.state.control), np.array(b.state.control))


def test_a_persons_standing_choices_apply_and_the_bots_options_change_nothing(game):
    dice = Dice(3)
    state = game.opening()
    orders = POLICIES["chips"](game, state, dice)
    plain = game.resolve_turn(state, orders, dice)
    bots_way = {"tehran": ActorOrders("tehran", game.bot_orders(state, "tehran", dice, orders).attacks,
                                      (("militias", "as_now"),))}
    assert game.resolve_turn(state, orders, dice, bots_way).state.values == plain.state.values
    surge = {"tehran": ActorOrders("tehran", (), (("militias", "surge"), ("demands", "bases")))}
    result = game.resolve_turn(state, orders, dice, surge)
    choices = [e for e in result.events if e.rule.startswith("choice.tehran")]
    assert [e.inputs["option"] for e in choices] == ["surge", "bases"]
    assert choices[0].changes["iran_influence"] == pytest.approx(3)
    assert "militiamen" in choices[0].text
    with pytest.raises(Exception, match="unknown option 'nukes'"):
        game.resolve_turn(state, orders, dice, {"tehran": ActorOrders("tehran", (), (("militias", "nukes"),))})
    data = ActorOrders("tehran", ("militias_defy_restraint",), (("militias", "surge"),)).to_json()
    assert ActorOrders.from_json(data) == ActorOrders("tehran", ("militias_defy_restraint",), (("militias", "surge"),))


def test_the_umpires_events_keep_the_order_the_interventions_were_made_in(game):
    dice = Dice(4)
    state = game.opening()
    orders = POLICIES["hardline"](game, state, dice)
    op = game.resolve_turn(state, orders, dice).operations[0].operation_id
    items = [{"kind": "indicator", "reason": "first", "changes": {"us_relations": 2}},
             {"kind": "die", "reason": "second", "operation": op, "roll": 1.4},
             {"kind": "free_event", "reason": "third", "text": "A storm", "changes": {"insurgency": 1}}]
    events = [e for e in umpire.resolve_turn(game, state, orders, dice, umpire=items).events if e.phase == "umpire"]
    assert [e.inputs["reason"] for e in events] == ["first", "second", "third"]
    assert "toward" in umpire.describe(items[1], game) and ":" not in umpire.describe(items[1], game).split("to")[0]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), data=st.data())
def test_random_sessions_save_and_replay_to_the_same_hashes(game, seed, data):
    """People at random roles with random orders and choices, and random interventions, over a few turns:
    the record always loads and verifies, and replays to the states that were played."""
    from wargame.record import record_from_text

    dice = Dice(seed)
    roles = data.draw(st.lists(st.sampled_from(["damascus", "tehran", "ankara", "washington"]), unique=True,
                               max_size=4))
    record = GameRecord.new(game, seed, {"moscow": "policy:random", **{r: f"player:P{r}" for r in roles}})
    state, states = game.opening(), []
    for _ in range(data.draw(st.integers(1, 4))):
        orders = POLICIES["random"](game, state, dice)
        others = {}
        for role in roles:
            menu = [option["id"] for option in game.menu(role)]
            attacks = data.draw(st.lists(st.sampled_from(menu), unique=True)) if menu else []
            choices = tuple((c.id, data.draw(st.sampled_from([o.id for o in c.options]))) for c in game.choices(role))
            others[role] = ActorOrders(role, tuple(attacks), choices)
        items = []
        if data.draw(st.booleans()):
            cells = data.draw(st.lists(st.integers(0, len(game.board.cells) - 1), min_size=1, max_size=20))
            items.append({"kind": "paint", "reason": "random", "faction": data.draw(st.sampled_from(
                ["regime", "isis", "sdf", "opposition", "turkey"])), "cells": cells})
        if data.draw(st.booleans()):
            items.append({"kind": "indicator", "reason": "random",
                          "changes": {"ceasefire_level": data.draw(st.integers(-20, 20))}})
        result = umpire.resolve_turn(game, state, orders, dice, others, items)
        state = result.state
        states.append(state)
        record.append_turn({"moscow": orders, **others}, state, items)
        if state.ended:
            break
    loaded = record_from_text(record.to_text(), "random.syriawar", game)
    assert verify(game, loaded).ok
    assert [p.state.state_hash() for p in replay(game, loaded)[1:]] == [s.state_hash() for s in states]


def test_a_stroke_is_placed_by_distance_and_direction_when_no_named_place_is_near(game):
    assert umpire.where_cells(game, [cell_of(game, "palmyra")]) == "near Palmyra"
    xy = np.column_stack([game.arrays.x, game.arrays.y])
    sites = np.array([cell_of(game, p) for p in game.board.places])
    gap = np.sqrt(((xy[:, None, :] - xy[sites][None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    remote = int(np.argmax(gap))  # the cell farthest from every named place
    said = umpire.where_cells(game, [remote])
    distance = float(said.split(", ")[1].split(" km")[0])
    assert said.startswith(f"in {game.arrays.governorate[remote]}, ") and " of " in said
    assert distance == pytest.approx(gap[remote], abs=0.6) and distance > umpire.NEAR_KM
    next_to_town = next(n for n in game.board.neighbors[cell_of(game, "palmyra")] if not game.board.cells[n].site)
    assert umpire.where_cells(game, [next_to_town]) == "near Palmyra"
