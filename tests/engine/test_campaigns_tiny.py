"""The war moves: cell costs, broad-front advances, routs, urban battles and mopping up, in the tiny world.

The tiny board (``tests/engine/tiny_world.py``) is 91 agricultural cells, all
regime unless a test hands places to others; where a test needs empty desert
it swaps in a cost array. Raqqa is cell 39 (neighbours al-Rai, Aleppo,
Palmyra, Qamishli, Quneitra and cell 71).
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.engine.tiny_world import IDX, context, tiny_game
from wargame.battles import MAX_MONTHLY, battle_month, progress_key
from wargame.board import Cell
from wargame.dice import Dice
from wargame.operations import (EMPTY_DESERT_COST, MAX_POINTS, ROUT_FACTOR, _cell_cost, advance,
                                crumble_remnants, components, resolve_operation)
from wargame.rules.loader import Battle
from wargame.state import Operation

RAQQA_RING = ("al_rai", "aleppo", "palmyra", "qamishli", "quneitra")


def cell(terrain: str, population: int, site: str | None = None, governorate: str = "Homs") -> Cell:
    return Cell(0, "x", 35.0, 38.0, governorate, population, terrain, 36.0, site)


# -- what a cell costs ------------------------------------------------------------------------------------

def test_empty_desert_is_cheap_and_towns_and_idlib_are_dear():
    assert _cell_cost(cell("desert", 60)) == EMPTY_DESERT_COST
    assert _cell_cost(cell("desert", 5_000)) == pytest.approx(0.8), "a peopled oasis is fought for"
    assert _cell_cost(cell("desert", 60, site="t4_airbase")) == pytest.approx(2.3), "an airbase in the desert"
    assert _cell_cost(cell("urban", 50_000)) == pytest.approx(3.5)
    assert _cell_cost(cell("agricultural", 2_000, governorate="Idlib")) == pytest.approx(1.9)


# -- advances ---------------------------------------------------------------------------------------------

def _desert_arrays():
    game = tiny_game()
    return replace(game.arrays, cost=np.full(len(game.board.cells), EMPTY_DESERT_COST))


def test_a_broad_front_takes_a_swath_of_empty_desert_nearest_the_objective_first():
    game, arrays = tiny_game(), _desert_arrays()
    codes = context().codes
    codes[:-1] = IDX["isis"]
    start = game.board.places["aleppo"].cell
    codes[start] = IDX["regime"]
    target = game.board.places["abu_kamal"].cell
    taken = advance(codes, arrays, IDX["regime"], IDX["isis"], (arrays.x[target], arrays.y[target]), 1.2)
    assert len(taken) == 10, "ten cells of empty desert for 1.2 points"
    assert all(codes[c] == IDX["regime"] for c in taken)
    first = np.hypot(arrays.x[taken[0]] - arrays.x[target], arrays.y[taken[0]] - arrays.y[target])
    assert first == min(np.hypot(arrays.x[n] - arrays.x[target], arrays.y[n] - arrays.y[target])
                        for n in game.board.neighbors[start]), "the first cell is the one nearest the objective"


def test_a_blocked_city_is_never_taken_by_an_ordinary_advance():
    game, arrays = tiny_game(), _desert_arrays()
    ctx = context(holders={"raqqa": "isis", "qamishli": "sdf"})
    raqqa = game.board.places["raqqa"].cell
    blocked = np.zeros(len(game.board.cells), dtype=bool)
    blocked[raqqa] = True
    taken = advance(ctx.codes, arrays, IDX["sdf"], IDX["isis"], (arrays.x[raqqa], arrays.y[raqqa]), 5.0,
                    blocked=blocked)
    assert taken == [] and ctx.codes[raqqa] == IDX["isis"]


def test_a_rout_goes_further_than_an_even_fight():
    game = tiny_game()
    ctx = context(holders={"palmyra": "isis"}, values={"isis_strength": 1})
    support = {"air_isis": 1.5, "ground_isis": 0.5}
    result = resolve_operation(ctx.codes, game.arrays, game.board, "op", "regime", "isis", "palmyra", ctx.values,
                               support, 1, Dice(1).stream(1, "test"))
    assert result.ratio > 20
    assert MAX_POINTS < result.points <= MAX_POINTS * ROUT_FACTOR
    even = resolve_operation(context(holders={"palmyra": "isis"}, values={"isis_strength": 60}).codes, game.arrays,
                             game.board, "op", "regime", "isis", "palmyra", {**ctx.values, "isis_strength": 60},
                             {}, 1, Dice(1).stream(1, "test"))
    assert even.points <= MAX_POINTS


def test_more_formations_weigh_more():
    game = tiny_game()
    ctx = context(holders={"palmyra": "isis"})
    one = resolve_operation(ctx.codes.copy(), game.arrays, game.board, "op", "regime", "isis", "palmyra", ctx.values,
                            {}, 2, Dice(1).stream(1, "test"), forces=1)
    two = resolve_operation(ctx.codes.copy(), game.arrays, game.board, "op", "regime", "isis", "palmyra", ctx.values,
                            {}, 2, Dice(1).stream(1, "test"), forces=2)
    assert "formations" not in one.modifiers and two.modifiers["formations"] == pytest.approx(1.3)
    assert two.ratio == pytest.approx(one.ratio * 1.3)


# -- urban battles ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("months", range(2, 19))
def test_no_battle_ends_in_its_first_month_unless_the_city_is_encircled(months):
    battle = Battle("raqqa", months, "Battle of Raqqa")
    best = battle_month(battle, 0, 0, MAX_POINTS * ROUT_FACTOR, False, 100_000)
    assert not best.won and best.after <= MAX_MONTHLY
    assert battle_month(battle, 99, 3, MAX_POINTS, False, 100_000).won, "a city near the end of its track falls"


def test_a_battle_month_moves_the_track_kills_and_displaces():
    battle = Battle("raqqa", 4, "Battle of Raqqa")
    month = battle_month(battle, 10, 1, 4.0, False, 200_000)
    assert (month.month, month.before, month.after) == (2, 10, 35)
    assert month.civilians == 800 and month.displaced == 24_000
    assert battle_month(battle, 10, 1, 4.0, True, 200_000).after == 60, "encircled: twice the progress"
    assert battle_month(battle, 10, 1, -2.0, False, 200_000).after == 6, "a failed month loses streets"


def _raqqa_battle(encircled: bool, months: int = 12):
    game = tiny_game()
    ring = {p: "sdf" for p in RAQQA_RING} if encircled else {"qamishli": "sdf"}
    ctx = context(holders={"raqqa": "isis", **ring}, values={"isis_strength": 40})
    if encircled:  # ringed by the SDF, and cut off from a larger ISIS heartland elsewhere
        ctx.codes[71] = IDX["sdf"]
        ctx.codes[80:91] = IDX["isis"]
    op = Operation("sdf:raqqa:isis", "sdf", "isis", "raqqa", 1, "Wrath of Euphrates: Raqqa", "washington")
    history = []
    for turn in range(1, months + 1):
        ctx.turn = turn
        results, events = game._operations_phase(ctx, [op])
        text = next(e.text for e in events if e.rule == "op.sdf:raqqa:isis")
        history.append((ctx.counters.get(progress_key("raqqa")), text, list(results[0].taken)))
        if ctx.holder("raqqa") == "sdf":
            break
    return ctx, history


def test_raqqa_falls_after_months_of_street_fighting_and_the_events_say_how_far_it_got():
    ctx, history = _raqqa_battle(encircled=False)
    assert ctx.holder("raqqa") == "sdf", history
    assert len(history) >= 2
    first_progress, first_text, first_taken = history[0]
    assert first_taken == [] and 0 < first_progress <= MAX_MONTHLY
    assert "battle for raqqa, month 1: the sdf holds about" in first_text.lower()
    assert "civilians killed" in first_text and "displaced" in first_text
    progress = [p for p, _, _ in history[:-1]]
    assert progress == sorted(progress) or min(progress) >= 0
    last_text = history[-1][1]
    assert "of street fighting the SDF takes raqqa from ISIS" in last_text
    assert history[-1][2] == [tiny_game().board.places["raqqa"].cell]
    assert progress_key("raqqa") not in ctx.counters and ctx.counters["battle_won.raqqa"] == len(history)


def test_an_encircled_city_is_worn_down_twice_as_fast():
    _, open_city = _raqqa_battle(encircled=False, months=1)
    _, ringed = _raqqa_battle(encircled=True, months=1)
    assert "the city encircled" in ringed[0][1]
    if ringed[0][0] is not None:  # the first month's progress (None if it fell at once)
        assert ringed[0][0] >= open_city[0][0]


# -- mopping up -------------------------------------------------------------------------------------------

def test_cut_off_isis_remnants_lose_their_outer_ring_of_empty_desert():
    game, arrays = tiny_game(), _desert_arrays()
    ctx = context()
    codes = ctx.codes
    main = [c for c in range(40, 91)]  # holds named places (cells 40-52)
    codes[main] = IDX["isis"]
    remnant = [game.board.places["douma"].cell]
    codes[remnant] = IDX["isis"]
    taken = crumble_remnants(codes, game.board, arrays, "isis", components(codes, game.board))
    assert taken == {"regime": remnant}
    assert codes[remnant[0]] == IDX["regime"] and all(codes[c] == IDX["isis"] for c in main)


def test_a_main_area_with_no_named_place_left_crumbles_too():
    game, arrays = tiny_game(), _desert_arrays()
    codes = context().codes
    codes[60:91] = IDX["isis"]  # no named place in cells 60-90
    taken = crumble_remnants(codes, game.board, arrays, "isis", components(codes, game.board))
    assert list(taken) == ["regime"] and taken["regime"]
    assert all(game.board.neighbors[c] and any(codes[n] == IDX["regime"] for n in game.board.neighbors[c])
               for c in taken["regime"])


def test_remnants_keep_their_towns_for_the_sieges():
    game = tiny_game()  # agricultural cells: dearer than empty desert
    ctx = context(holders={"douma": "isis", "abu_kamal": "isis", "hama": "isis", "al_qaryatayn": "isis"})
    assert crumble_remnants(ctx.codes, game.board, game.arrays, "isis", components(ctx.codes, game.board)) == {}


# -- a battle city falls to its battle, not to a siege or an early evacuation ---------------------------------

def _pocket_state():
    """Raqqa (cell 39, a battle city) and its neighbour Quneitra (38) as a rebel pocket ringed by the regime;
    the rebels' main area is the cell farthest from Raqqa and its neighbours."""
    game = tiny_game()
    control = list(game.scenario.opening_control)
    for place in ("raqqa", "quneitra"):
        control[game.board.places[place].cell] = "opposition"
    x, y = game.arrays.x, game.arrays.y
    far = int(np.argmax((x - x[39]) ** 2 + (y - y[39]) ** 2))
    for cell in (far, *game.board.neighbors[far]):
        control[cell] = "opposition"
    return control


def test_a_siege_never_squeezes_a_battle_city_cell():
    from wargame.operations import besieged_pockets, squeeze_pocket

    game = tiny_game()
    ctx = context()
    ctx.codes[:-1] = [IDX[f] for f in _pocket_state()]
    raqqa = game.board.places["raqqa"].cell
    pocket = next(p for p in besieged_pockets(ctx.codes, game.board, game.arrays, "opposition") if raqqa in p.cells)
    values = {**ctx.values, "ceasefire_level": 0, "regime_manpower": 100}
    squeezed = []
    for seed in range(30):
        codes = ctx.codes.copy()
        squeezed += squeeze_pocket(codes, game.board, game.arrays, pocket, values, Dice(seed).stream(1, "s"), 1.0,
                                   game._battle_cells)
    assert squeezed and set(squeezed) == {game.board.places["quneitra"].cell}, "Quneitra goes, Raqqa never"
    codes = ctx.codes.copy()
    codes[game.board.places["quneitra"].cell] = IDX["regime"]
    single = next(p for p in besieged_pockets(codes, game.board, game.arrays, "opposition") if raqqa in p.cells)
    assert all(squeeze_pocket(codes, game.board, game.arrays, single, values, Dice(s).stream(1, "s"), 1.0,
                              game._battle_cells) == [] for s in range(30))


def test_a_battle_city_accepts_an_evacuation_only_once_its_battle_is_half_won():
    from wargame.indicators import opening_values
    from wargame.orders import MoscowOrders
    from wargame.state import GameState

    game = tiny_game()
    evacuate = [a for a in game.rules.actions["evacuation_deal"].success if a.kind == "evacuate"]
    for progress, cells_moved in ((0, 0), (49, 0), (50, 2)):
        state = GameState(turn=5, control=tuple(_pocket_state()), values=opening_values(), stances=MoscowOrders(),
                          capital=6, counters={progress_key("raqqa"): progress} if progress else {})
        ctx = game.context(state)
        _, cells = ctx.apply(evacuate)
        assert len(cells) == cells_moved, progress
