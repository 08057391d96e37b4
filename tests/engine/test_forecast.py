"""Forecasts from a position and the luck-or-decision review (wargame.forecast), on short endgames."""
import pytest

from wargame.actors.policies import POLICIES
from wargame.engine import Game
from wargame.forecast import Stopped, forecast, keep_orders, luck_or_decision, play_from
from wargame.play import play_game


@pytest.fixture(scope="module")
def game():
    return Game.load("syria-2017")


@pytest.fixture(scope="module")
def played(game):
    return play_game(game, 4, POLICIES["deal"])


def test_forecast_from_a_late_position_is_reproducible_and_complete(game, played):
    state = played.turns[16].state  # two months left
    plans = {"screen": keep_orders(played.turns[17].orders, 17), "hardline": POLICIES["hardline"]}
    seen = []
    first = forecast(game, state, plans, [1, 2, 3], lambda done, total: seen.append((done, total)))
    again = forecast(game, state, plans, [1, 2, 3])
    assert [r.scores for r in first] == [r.scores for r in again]
    assert [r.plan for r in first] == ["screen", "hardline"] and all(len(r.outcomes) == 3 for r in first)
    assert seen[-1] == (6, 6) and [d for d, _ in seen] == list(range(1, 7))
    for result in first:
        assert sum(result.verdict_shares().values()) == pytest.approx(1.0)
        mean, half = result.mean_interval()
        assert min(result.scores) <= mean <= max(result.scores) and half >= 0


def test_the_plan_on_screen_is_the_orders_then_their_stances(game, played):
    orders = played.turns[17].orders
    source = keep_orders(orders, 17)
    assert source(game, played.turns[16].state, None) == orders
    assert source(game, played.turns[17].state, None) == orders.stances()
    # Played on from turn 16 with them, the game reaches its end.
    final, _ = play_from(game, played.turns[16].state, played.seed, keep_orders(orders, 17))
    assert final.turn == 18


def test_a_cancelled_forecast_stops_at_once(game, played):
    with pytest.raises(Stopped):
        forecast(game, played.turns[16].state, {"deal": POLICIES["deal"]}, [1, 2, 3], cancelled=lambda: True)


def test_luck_or_decision_places_the_score_among_other_dice(game, played):
    states = [t.state for t in played.turns]
    orders = [t.orders for t in played.turns]
    review = luck_or_decision(game, played.seed, states, orders, played.outcome.score, {"hardline": POLICIES["hardline"]},
                              [101, 102], [16, 17])
    assert len(review.other_seed_scores) == 2
    assert 0 <= review.percentile <= 100
    assert [t for t, _ in review.takeovers["hardline"]] == [16, 17]
    policy, turn, score = review.best_alternative()
    assert policy == "hardline" and turn in (16, 17) and 0 <= score <= 100
