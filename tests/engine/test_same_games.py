"""The fast engine plays the same games: its labelling, caches and shortcuts against plain references.

* Golden values: whole games of the built-in policies give the state hashes and
  the events that the engine gave before it was made faster (main at c4aeb92,
  same rules). A change of rules that is meant updates them in a commit of its own.
* Labelling: on random positions, :func:`wargame.areas.components` (the lattice
  drawing, or the graph for a board that is no hexagonal lattice, fresh or by
  updating a nearby labelling) equals a plain flood fill.
* Whole games: random games played with every cache and shortcut give the same
  hashes and events as with the per-position cache off (so no labelling is reused
  or updated) and the map labelled over its graph.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engine.games import game
from wargame import areas
from wargame.actors.policies import POLICIES
from wargame.board import Board, Cell
from wargame.operations import codes_of
from wargame.play import PlayedGame, play_game

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GOLDEN = {  # (policy, seed): (final state hash, digest of every event); retaken after the timing rule changes (branch timing)
    ("deal", 1): ("3e38087d47b75109192c06feb30a8767faab19215951533c7460c7922ff0ed0f",
                  "8c5248b1c9a43162149781d261c729189c02b4cb7a127aee11c4bfaf238fa04c"),
    ("hardline", 2): ("c040fed0c8f9926bb60c21a04932b4d2679cabe0c67f54b420d35f43708fab94",
                      "524f319e2cbddc92bcd578e7986b1ec6cf391dc10789a4bec45cc4ff0ac4eadd"),
    ("chips", 3): ("a045e75142b967a4ffe0a7a38529f0e4f983bf0c97b046180132d6c781729558",
                   "0e4d4d6fbe416ea45b9fef604bb1ac0f37384699a7b989ae43ca857d401b55df"),
    ("random", 4): ("a95527aa5e1a051b15c2f5640b582044ded476ea616f943017fc6922d25952b1",
                    "aa9d8b94e4280337c21a5196728212c0d39021ebb68de7a65692d067a17078d4"),
}


def events_digest(played: PlayedGame) -> str:
    """SHA-256 of every event of a game in full (as the golden digests were taken)."""
    events = [[e.to_json(True) for e in turn.events] for turn in played.turns]
    return hashlib.sha256(json.dumps(events, sort_keys=True, default=str).encode()).hexdigest()


@pytest.mark.parametrize("policy, seed", sorted(GOLDEN))
def test_whole_games_keep_their_golden_hashes_and_events(policy, seed):
    played = play_game(game(), seed, POLICIES[policy])
    assert (played.final.state_hash(), events_digest(played)) == GOLDEN[(policy, seed)]


def flood_fill(codes: np.ndarray, board: Board) -> dict[int, list[list[int]]]:
    """Each faction's areas by a plain flood fill (as the engine labelled them before scipy)."""
    control = codes[:-1].tolist()
    seen = [False] * len(control)
    out: dict[int, list[list[int]]] = {}
    for start, faction in enumerate(control):
        if seen[start]:
            continue
        seen[start] = True
        group, stack = [start], [start]
        while stack:
            for n in board.neighbors[stack.pop()]:
                if not seen[n] and control[n] == faction:
                    seen[n] = True
                    group.append(n)
                    stack.append(n)
        out.setdefault(faction, []).append(sorted(group))
    for groups in out.values():
        groups.sort(key=lambda g: (-len(g), g[0]))
    return out


def square_board(side: int = 12) -> Board:
    """A board of square cells (four neighbours each): no hexagonal lattice, so labelled over its graph."""
    cells, neighbors = [], []
    for i in range(side * side):
        row, col = divmod(i, side)
        cells.append(Cell(i, f"sq{i}", 35.0 + 0.05 * row, 38.0 + 0.05 * col, "Homs", 100, "desert", 36.0))
        around = [(row + dr) * side + col + dc for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
                  if 0 <= row + dr < side and 0 <= col + dc < side]
        neighbors.append(tuple(around))
    return Board(tuple(cells), tuple(neighbors), {})


def shuffled(base: np.ndarray, seed: int, most: int, factions: int = 6) -> np.ndarray:
    """``base`` with up to ``most`` random cells handed to random factions."""
    rng = np.random.default_rng(seed)
    codes = base.copy()
    cells = rng.choice(len(codes) - 1, int(rng.integers(1, most + 1)), replace=False)
    codes[cells] = rng.integers(0, factions, len(cells))
    return codes


def test_the_syria_board_is_a_hexagonal_lattice_and_a_square_board_is_not():
    assert areas.lattice(game().board) is not None
    assert areas.lattice(square_board()) is None


@FAST
@given(st.integers(0, 2**32 - 1), st.sampled_from([5, 60, 3000]))
def test_labelling_equals_a_flood_fill_fresh_and_updated(seed, most):
    board = game().board
    first = shuffled(codes_of(game().scenario.opening_control), seed, most)
    areas._POSITIONS.clear()  # labelled afresh
    assert areas.components(first, board) == flood_fill(first, board)
    nearby = shuffled(first, seed + 1, 30)  # a few cells away: updated from the labelling above
    assert areas.components(nearby, board) == flood_fill(nearby, board)
    assert {f: groups[1:] for f, groups in flood_fill(nearby, board).items() if groups[1:]} == \
        areas.outlying_areas(nearby, board)


@FAST
@given(st.integers(0, 2**32 - 1), st.sampled_from([5, 60, 3000]))
def test_an_updated_labelling_keeps_each_areas_size_and_owner(seed, most):
    board = game().board
    first = shuffled(codes_of(game().scenario.opening_control), seed, most)
    areas._POSITIONS.clear()
    areas.components(first, board)
    found = areas.position(shuffled(first, seed + 1, 60), board).labelled()  # updated from the above
    owner = np.full(found.count, -1)
    owner[found.labels] = found.codes[:-1]
    assert np.array_equal(found.sizes, np.bincount(found.labels, minlength=found.count))
    assert np.array_equal(found.owner, owner)


@FAST
@given(st.integers(0, 2**32 - 1))
def test_labelling_a_board_that_is_no_lattice_equals_a_flood_fill(seed):
    board = square_board()
    codes = shuffled(np.zeros(len(board.cells) + 1, dtype=np.int8), seed, 144, factions=3)
    codes[-1] = -1
    assert areas.components(codes, board) == flood_fill(codes, board)


def test_labellings_of_the_lattice_and_of_the_graph_agree():
    board = game().board
    for seed in range(10):
        codes = shuffled(codes_of(game().scenario.opening_control), seed, 2000)
        drawn, count = areas._label_lattice(codes[:-1], areas.lattice(board), board)
        graphed, same_count = areas._label_graph(codes[:-1], board)
        assert count == same_count
        # The same partition: each cell's area named by the area's first cell.
        assert np.array_equal(np.unique(drawn, return_index=True)[1][np.unique(drawn, return_inverse=True)[1]],
                              np.unique(graphed, return_index=True)[1][np.unique(graphed, return_inverse=True)[1]])


def play_turns(policy: str, seed: int, turns: int) -> list[tuple[str, str]]:
    """(state hash, digest of the turn's events) of each turn of a game cut short at ``turns``."""
    g = game()
    full = play_game(g, seed, POLICIES[policy])
    return [(t.state.state_hash(), events_digest(PlayedGame(seed, (t,), full.outcome))) for t in full.turns[:turns + 1]]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["random", "deal", "hardline", "chips"]), st.integers(1, 10_000))
def test_games_are_the_same_without_the_position_cache_and_over_the_graph(policy, seed):
    fast = play_turns(policy, seed, 18)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(areas, "_POSITIONS_KEPT", 0)  # every position labelled afresh, nothing reused
        patch.setattr(areas, "lattice", lambda board: None)  # labelled over the neighbour graph
        areas._POSITIONS.clear()
        plain = play_turns(policy, seed, 18)
    assert fast == plain
