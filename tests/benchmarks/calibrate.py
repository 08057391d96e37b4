"""Calibration tables for the Syria 2017 scenario (not part of the normal test run).

    PYTHONPATH=. python -m tests.benchmarks.calibrate [--seeds 30] [--only policies,sweep,timing]

Prints, for every built-in Moscow policy over the seeds: each faction's share
of Syria's area at turns 6, 12 and 18; the turn each key place first changes
hands (median and range, and in how many games); score and verdict counts.
Then the stance sweep (every combination of standing stances, no actions, 10
seeds) and the action-timing table (each one-shot action bought in month 1, 6
and 12 on top of a sensible plan, paired seeds).
"""
from __future__ import annotations

import argparse
import itertools
import statistics
from collections import Counter
from typing import Callable

from wargame.actors.policies import POLICIES
from wargame.engine import Game
from wargame.orders import MoscowOrders
from wargame.play import PlayedGame, play_game
from wargame.summary import KEY_PLACES

AREA_TURNS = (6, 12, 18)
FACTIONS = ("regime", "opposition", "isis", "sdf", "turkey", "us")
TIMING_MONTHS = (1, 6, 12)
# The plan the timing table adds one action to: refocus on ISIS, negotiate, no actions of its own.
TIMING_BASE = MoscowOrders("deal", "isis", "medium", "military_police")
PASSIVE = MoscowOrders("deal", "balanced", "low", "none")


def area_shares(game: Game, played: PlayedGame, turn: int) -> dict[str, float]:
    """Faction -> percent of Syria's area after ``turn`` (the last state if the game ended earlier)."""
    state = played.turns[min(turn, len(played.turns) - 1)].state
    area = {f: 0.0 for f in FACTIONS}
    for cell, faction in zip(game.board.cells, state.control):
        area[faction] += cell.area_km2
    total = sum(area.values())
    return {f: 100.0 * a / total for f, a in area.items()}


def first_change(played: PlayedGame, cell: int) -> int | None:
    """The first turn the cell's holder differs from the opening's."""
    start = played.turns[0].state.control[cell]
    return next((t.state.turn for t in played.turns[1:] if t.state.control[cell] != start), None)


def policy_tables(game: Game, seeds: range) -> None:
    """Areas, key places and verdicts per built-in policy."""
    for name, policy in POLICIES.items():
        games = [play_game(game, seed, policy) for seed in seeds]
        print(f"\n## {name} ({len(games)} seeds)\n")
        print("| turn | " + " | ".join(FACTIONS) + " |")
        print("|---|" + "---|" * len(FACTIONS))
        opening = area_shares(game, games[0], 0)
        print("| 0 | " + " | ".join(f"{opening[f]:.1f}" for f in FACTIONS) + " |")
        for turn in AREA_TURNS:
            shares = [area_shares(game, g, turn) for g in games]
            cells = []
            for f in FACTIONS:
                values = [s[f] for s in shares]
                cells.append(f"{statistics.median(values):.1f} ({min(values):.0f}-{max(values):.0f})")
            print(f"| {turn} | " + " | ".join(cells) + " |")
        isis12 = [area_shares(game, g, 12)["isis"] for g in games]
        print(f"\nISIS under 15% at turn 12 in {sum(s < 15 for s in isis12)}/{len(games)} games; "
              f"mean ISIS share {statistics.fmean(isis12):.1f}%")
        print("\n| place | changes hands in | median turn | range | holders at the end |")
        print("|---|---|---|---|---|")
        for place in KEY_PLACES:
            cell = game.board.places[place].cell
            turns = [t for t in (first_change(g, cell) for g in games) if t is not None]
            if not turns:
                continue
            holders = Counter(g.final.control[cell] for g in games)
            print(f"| {game.board.places[place].name} | {len(turns)}/{len(games)} | {statistics.median(turns):g} | "
                  f"{min(turns)}-{max(turns)} | " + ", ".join(f"{h} {n}" for h, n in holders.most_common()) + " |")
        battle_table(games)
        scores = [g.outcome.score for g in games]
        verdicts = Counter(g.outcome.name for g in games)
        print(f"\nscore: mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):g}, "
              f"range {min(scores)}-{max(scores)}; verdicts: " +
              ", ".join(f"{v} {n}" for v, n in verdicts.most_common()))


def battle_table(games: list[PlayedGame]) -> None:
    """Urban battles won: how many, after how many months, and any won in the first month (encircled or not)."""
    won: dict[str, list[tuple[int, bool]]] = {}
    for g in games:
        for turn in g.turns[1:]:
            for event in turn.events:
                battle = event.inputs.get("battle") if event.phase == "operations" else None
                if battle and battle["won"]:
                    won.setdefault(battle["place"], []).append((battle["month"], battle["encircled"]))
    print("\n| urban battle | won in | months (median, range) | won in month 1 (encircled) |")
    print("|---|---|---|---|")
    for place, results in sorted(won.items()):
        months = [m for m, _ in results]
        first = [e for m, e in results if m == 1]
        print(f"| {place} | {len(results)}/{len(games)} | {statistics.median(months):g} ({min(months)}-{max(months)}) | "
              f"{len(first)} ({sum(first)}) |")


def fixed(orders: MoscowOrders, actions_at: dict[int, tuple[str, ...]] | None = None) -> Callable:
    """A Moscow source that keeps ``orders`` and buys the given actions at the given turns."""
    def source(_game, state, _dice) -> MoscowOrders:
        actions = (actions_at or {}).get(state.turn + 1, ())
        return MoscowOrders(**{**orders.to_json(), "actions": actions})

    return source


def mean_score(game: Game, source: Callable, seeds: range) -> float:
    """Mean final score of a Moscow source over the seeds."""
    return statistics.fmean(play_game(game, seed, source).outcome.score for seed in seeds)


def stance_sweep(game: Game, seeds: range) -> None:
    """Every combination of standing stances with no actions."""
    names = ("strategy", "air_focus", "air_intensity", "ground")
    options = [sorted(game.rules.stances[n]) for n in names]
    rows = []
    for combo in itertools.product(*options):
        rows.append((mean_score(game, fixed(MoscowOrders(*combo)), seeds), combo))
    rows.sort(reverse=True)
    best_policy = max(mean_score(game, p, seeds) for p in POLICIES.values())
    print(f"\n## Stance sweep ({len(rows)} combinations, no actions, {len(seeds)} seeds)\n")
    print(f"best built-in policy: {best_policy:.1f}; passive plan (deal, balanced, low, none): "
          f"{mean_score(game, fixed(PASSIVE), seeds):.1f}\n")
    print("| mean score | strategy | air focus | air intensity | ground |")
    print("|---|---|---|---|---|")
    for score, combo in rows[:8] + rows[-3:]:
        print(f"| {score:.1f} | " + " | ".join(combo) + " |")


def timing_table(game: Game, seeds: range) -> None:
    """Each one-shot action bought in month 1, 6 or 12 on top of the timing base plan.

    The base plan keeps the deal stances and opens the trilateral talks in month 2 (so that the actions
    that need the process can be bought); the trilateral talks' own row has no other action. An action
    bought in month 2 shares that month's capital with the talks.
    """
    plain = mean_score(game, fixed(TIMING_BASE), seeds)
    base = mean_score(game, fixed(TIMING_BASE, {2: ("trilateral_talks",)}), seeds)
    print(f"\n## Action timing (stances {TIMING_BASE.strategy}/{TIMING_BASE.air_focus}/"
          f"{TIMING_BASE.air_intensity}/{TIMING_BASE.ground}; no actions: {plain:.1f}; with the trilateral talks "
          f"in month 2: {base:.1f}; {len(seeds)} paired seeds)\n")
    print("| action | " + " | ".join(f"month {m}" for m in TIMING_MONTHS) + " | spread |")
    print("|---|" + "---|" * (len(TIMING_MONTHS) + 1))
    for action in sorted(game.rules.actions):
        scores = []
        for month in TIMING_MONTHS:
            plan = {month: (action,)} if action == "trilateral_talks" else {2: ("trilateral_talks",), month: (action,)}
            if month == 2 and action != "trilateral_talks":
                plan = {2: ("trilateral_talks", action)}
            scores.append(mean_score(game, fixed(TIMING_BASE, plan), seeds))
        print(f"| {action} | " + " | ".join(f"{s:.1f}" for s in scores) + f" | {max(scores) - min(scores):.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--only", default="policies,sweep,timing")
    args = parser.parse_args(argv)
    game = Game.load("syria-2017")
    parts = set(args.only.split(","))
    if "policies" in parts:
        policy_tables(game, range(args.seeds))
    if "sweep" in parts:
        stance_sweep(game, range(min(args.seeds, 10)))
    if "timing" in parts:
        timing_table(game, range(args.seeds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
