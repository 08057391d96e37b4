"""Engine benchmarks (pytest-benchmark): whole headless games. Run with:

    python -m pytest tests/benchmarks/test_engine_benchmarks.py --benchmark-enable

In the normal test run (``--benchmark-disable``) each runs once, untimed, and
only its results are checked; the design's bar (a full game well under a
second, batches of thousands in seconds to minutes) is read from the figures.
"""
from __future__ import annotations

import pytest

from wargame.actors.policies import POLICIES
from wargame.engine import Game
from wargame.play import play_game

BATCH = 100


@pytest.fixture(scope="module")
def game():
    return Game.load("syria-2017")


@pytest.mark.parametrize("policy", ["hardline", "deal"])
def test_one_full_game(benchmark, game, policy):
    played = benchmark(play_game, game, 1, POLICIES[policy])
    assert played.outcome.id and 0 <= played.outcome.score <= 100
    assert played.final.ended


@pytest.mark.slow
def test_a_batch_of_100_games(benchmark, game):
    policies = ("hardline", "deal", "chips", "random")

    def batch():
        return [play_game(game, seed, POLICIES[policies[seed % len(policies)]]) for seed in range(BATCH)]

    games = benchmark.pedantic(batch, rounds=1, iterations=1)
    assert len(games) == BATCH
    assert all(g.outcome.id and g.final.ended for g in games)
    assert len({g.final.state_hash() for g in games}) == BATCH
