"""Record benchmarks (pytest-benchmark): saving, loading, and loading with verification of a full game. Run with:

    python -m pytest tests/benchmarks/test_record_benchmarks.py --benchmark-enable

In the normal test run (``--benchmark-disable``) each runs once, untimed, and
only its result is checked. The goal (issue 8): saving well under 50 ms, and
under the time of replaying the game to verify it.
"""
from __future__ import annotations

import pytest

from wargame.actors.policies import POLICIES
from wargame.engine import Game
from wargame.play import play_game
from wargame.record import load_record, record_of_game, save_record
from wargame.replay import verify


@pytest.fixture(scope="module")
def game():
    return Game.load("syria-2017")


@pytest.fixture(scope="module")
def record(game):
    seed = next(s for s in range(100) if len(play_game(game, s, POLICIES["hardline"]).turns) == 19)
    played = play_game(game, seed, POLICIES["hardline"])
    return record_of_game(game, seed, [t.orders for t in played.turns[1:]], [t.state for t in played.turns[1:]],
                          {"moscow": "policy:hardline"})


def test_save_a_full_game(benchmark, record, tmp_path):
    path = tmp_path / "game.syriawar"
    benchmark(save_record, path, record)
    assert record.last_turn == 18 and path.stat().st_size > 1000


def test_load_a_full_game(benchmark, game, record, tmp_path):
    path = tmp_path / "game.syriawar"
    save_record(path, record)
    loaded = benchmark(load_record, path, game)
    assert loaded.snapshot == record.snapshot


def test_load_and_verify_a_full_game(benchmark, game, record, tmp_path):
    path = tmp_path / "game.syriawar"
    save_record(path, record)

    def load_and_verify():
        loaded = load_record(path, game)
        return verify(game, loaded)

    result = benchmark(load_and_verify)
    assert result.ok and result.turns_checked == 18
