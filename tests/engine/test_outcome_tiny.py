"""The verdict: ISIS's defeat read from the map, verdicts that describe what happened, a score that adds up."""
from __future__ import annotations

import pytest

from tests.engine.tiny_world import context, tiny_game
from wargame.indicators import opening_values
from wargame.orders import MoscowOrders
from wargame.outcome import ISIS_PLACES, evaluate
from wargame.state import GameState


def state(values=None, counters=None, ended="") -> GameState:
    game = tiny_game()
    return GameState(turn=18, control=game.scenario.opening_control, values={**opening_values(), **(values or {})},
                     stances=MoscowOrders(), capital=0, counters=counters or {}, ended=ended)


def holder_of(isis_places: int, others: str = "regime"):
    held = set(ISIS_PLACES[:isis_places])
    return lambda place: "isis" if place in held else others


def test_isis_objective_is_read_from_the_map_not_from_its_strength():
    weak_on_paper = evaluate(state({"isis_strength": 5}), holder_of(len(ISIS_PLACES)), 90, 44.0)
    beaten = evaluate(state({"isis_strength": 60}), holder_of(0), 90, 5.0)
    points = {o.id: o.points for o in weak_on_paper.objectives}
    assert points["isis_defeated"] == 0, "ISIS still holds every place and 44% of Syria"
    assert {o.id: o.points for o in beaten.objectives}["isis_defeated"] == 15
    half = evaluate(state(), holder_of(0), 90, 40.0)
    assert {o.id: o.points for o in half.objectives}["isis_defeated"] == 8  # places 1.0, area 0 -> 7.5, rounded
    note = next(o.note for o in weak_on_paper.objectives if o.id == "isis_defeated")
    assert note == (f"the regime holds 0 of the {len(ISIS_PLACES)} desert places ISIS held in December 2016; "
                    "ISIS holds 44% of Syria")
    by_others = evaluate(state(), holder_of(0, others="sdf"), 90, 5.0)
    assert {o.id: o.points for o in by_others.objectives}["isis_defeated"] == 8, "beaten, but not by the regime"


@pytest.mark.parametrize("values", [{}, {"russian_casualties": 250, "talks_progress": 33.3}, {"international_standing": 47.6}])
def test_the_score_is_the_sum_of_its_shown_parts(values):
    outcome = evaluate(state(values), holder_of(3), 90, 23.4)
    shown = outcome.to_json()["objectives"]
    assert all(isinstance(o["points"], int) for o in shown)
    assert outcome.score == sum(o["points"] for o in shown)


def test_no_quagmire_verdict_without_an_idlib_war():
    costly = {"russian_casualties": 400}
    assert evaluate(state(costly), holder_of(9), 90, 30).id == "costly_commitment"
    war = evaluate(state(costly, {"idlib_offensive_turns": 3}), holder_of(9), 90, 30)
    assert war.id == "quagmire" and "3 months of offensive" in war.summary
    assert evaluate(state({}, {"idlib_offensive_turns": 8}), holder_of(9), 90, 30).id == "frozen_conflict"


def test_a_rout_of_isis_without_a_settlement_says_so():
    assert evaluate(state(), holder_of(0), 90, 5.0).id == "isis_routed"
    assert evaluate(state({"talks_progress": 50}), holder_of(0), 90, 5.0).id == "managed_stalemate"
    assert evaluate(state(), holder_of(0), 90).id == "frozen_conflict", "without the area the verdict stays modest"


@pytest.mark.parametrize("turn, momentum, review, runup", [
    (1, 3, 1, 0), (3, 1, 1, 0), (4, 0, 1, 0), (5, 0, 0, 0), (10, 0, 0, 0), (11, 0, 0, 1), (15, 0, 0, 1), (16, 0, 0, 0),
])
def test_windows_open_and_close(turn, momentum, review, runup):
    ctx = context(turn=turn)
    assert (ctx.metric("aleppo_momentum"), ctx.metric("us_review"), ctx.metric("election_runup")) == (
        momentum, review, runup)


def test_months_of_truce_count_toward_the_settlement_objective():
    """12 x talks/95 + 8 x months the truce held (of 12); a signed settlement earns all 20."""
    def settlement(values=None, counters=None, ended=""):
        outcome = evaluate(state(values, counters, ended), holder_of(0), 90, 5.0)
        return next(o for o in outcome.objectives if o.id == "settlement")

    assert settlement({"talks_progress": 0}).points == 0
    assert settlement({"talks_progress": 95}).points == 12
    assert settlement({"talks_progress": 0}, {"truce_months": 6}).points == 4
    assert settlement({"talks_progress": 0}, {"truce_months": 30}).points == 8, "capped at 12 months"
    late = settlement({"talks_progress": 47.5}, {"truce_months": 3})
    early = settlement({"talks_progress": 47.5}, {"truce_months": 9})
    assert (late.points, early.points) == (8, 12), "the same talks, but a truce that held longer"
    assert early.note == "talks progress 48, the truce held 9 months"
    assert settlement({"talks_progress": 10}, {"truce_months": 1}).note.endswith("held 1 month")
    assert settlement({"talks_progress": 95}, {"truce_months": 0}, ended="settlement").points == 20
