"""The headless command line: ``wargame show | decisions | play``. Never imports Qt or geometry libraries.

Errors in arguments or data files print one clear line to stderr and exit
with status 2; they never end in a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from wargame.factions import BY_ID
from wargame.scenario import ScenarioError, available_scenarios, load_scenario
from wargame.summary import opening_summary

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors name the program and exit with status 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = _Parser(prog="wargame", description="Syria 2017 wargame, headless.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    show = commands.add_parser("show", help="print the opening position of a scenario")
    show.add_argument("--scenario", required=True, metavar="NAME", help="scenario id, e.g. syria-2017")
    show.add_argument("--json", action="store_true", help="print JSON instead of a table")
    commands.add_parser("scenarios", help="list the installed scenarios")
    decisions = commands.add_parser("decisions", help="list Moscow's stances and actions with costs and odds")
    decisions.add_argument("--scenario", required=True, metavar="NAME", help="scenario id, e.g. syria-2017")
    decisions.add_argument("--json", action="store_true", help="print JSON instead of text")
    play = commands.add_parser("play", help="play a whole game headlessly")
    play.add_argument("--scenario", required=True, metavar="NAME", help="scenario id, e.g. syria-2017")
    play.add_argument("--seed", required=True, type=_seed, metavar="N", help="dice seed (a whole number >= 0)")
    play.add_argument("--moscow", required=True, metavar="FILE|POLICY",
                      help="an orders file (TOML) or a built-in policy: hardline, deal, chips, random")
    play.add_argument("--json", metavar="PATH|-", help="write the game as JSON to PATH, or to stdout with -")
    play.add_argument("--full-events", action="store_true", help="include inputs and dice of every event in JSON")
    return parser


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"seed must be >= 0, got {value}")
    return value


def _format_table(summary: dict, title: str, date: str) -> str:
    lines = [f"{title}", f"Opening position, {date}", ""]
    lines.append(f"{'faction':<16}{'cells':>7}{'area km2':>11}{'population':>13}{'share':>8}")
    for faction, entry in summary["control"].items():
        lines.append(
            f"{BY_ID[faction].short:<16}{entry['cells']:>7}{entry['area_km2']:>11,.0f}"
            f"{entry['population']:>13,}{entry['population_share']:>8.1%}"
        )
    lines += ["", "Key places:"]
    lines += [f"  {place:<22}{BY_ID[holder].short}" for place, holder in summary["places"].items()]
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    """Print the opening position of a scenario."""
    scenario = load_scenario(args.scenario)
    summary = opening_summary(scenario.board, scenario.opening_control)
    if args.json:
        payload = {"scenario": scenario.id, "title": scenario.title, "date": scenario.start_date, **summary}
        print(json.dumps(payload, indent=2))
    else:
        print(_format_table(summary, scenario.title, scenario.start_date))
    return 0


def cmd_scenarios(_args: argparse.Namespace) -> int:
    """List the installed scenarios."""
    for scenario_id in available_scenarios():
        print(scenario_id)
    return 0


def cmd_decisions(args: argparse.Namespace) -> int:
    """List Moscow's menu: stances, and actions with cost, odds and effects at the opening."""

    game = _load_game(args.scenario)
    state = game.opening()
    previews = game.previews(state)
    if args.json:
        payload = {
            "stances": {name: {oid: {"label": o.label, "summary": o.summary} for oid, o in options.items()}
                        for name, options in game.rules.stances.items()},
            "actions": [{"id": p.id, "label": p.label, "cost": p.cost, "claim": p.claim,
                         "available_at_start": p.available, "why_unavailable": p.why_unavailable,
                         "odds_at_start": round(p.probability, 3), "on_success": list(p.on_success),
                         "on_failure": list(p.on_failure)} for p in previews],
        }
        print(json.dumps(payload, indent=2))
        return 0
    print(f"Moscow's decisions in {game.scenario.title}\n")
    print("Standing stances (kept until changed):")
    for name, options in game.rules.stances.items():
        print(f"  {name}:")
        for option_id, option in options.items():
            print(f"    {option_id:<16}{option.label}")
            if option.summary:
                print(f"    {'':<16}{option.summary}")
    print(f"\nOne-shot actions (political capital: {state.capital} at the start, "
          f"+{game.rules.capital['per_turn']} a turn, at most {game.rules.capital['max']}):")
    for p in previews:
        status = "" if p.available else f"  [not yet: {p.why_unavailable}]"
        print(f"  {p.id:<20}cost {p.cost}  odds now {p.probability:.0%}  ({p.claim}){status}")
        print(f"  {'':<20}{p.label}")
        print(f"  {'':<20}if it works: {', '.join(p.on_success) or 'nothing'}")
        print(f"  {'':<20}if it fails: {', '.join(p.on_failure) or 'nothing'}")
    return 0


def _load_game(scenario_id: str):
    from wargame.engine import Game
    from wargame.rules.vocabulary import RuleError

    try:
        return Game.load(scenario_id)
    except RuleError as exc:
        raise ScenarioError(str(exc)) from None


def cmd_play(args: argparse.Namespace) -> int:
    """Play a whole game and print its story, or write it as JSON."""
    from wargame.actors.policies import POLICIES
    from wargame.orders import OrdersError, load_orders_file
    from wargame.play import game_report, plan_source, play_game

    game = _load_game(args.scenario)
    if args.moscow in POLICIES:
        source, label = POLICIES[args.moscow], args.moscow
    else:
        if not Path(args.moscow).exists():
            raise ScenarioError(f"--moscow: {args.moscow!r} is neither a policy ({', '.join(POLICIES)}) "
                                f"nor an existing orders file")
        plan = load_orders_file(args.moscow)
        _check_plan(game, plan)
        source, label = plan_source(plan), str(args.moscow)
    try:
        played = play_game(game, args.seed, source)
    except OrdersError as exc:
        raise ScenarioError(f"{args.moscow}: {exc}") from None
    if args.json:
        text = json.dumps(game_report(game, played, label, args.full_events), indent=1)
        if args.json == "-":
            print(text)
        else:
            _write_atomically(Path(args.json), text + "\n")
            print(f"wrote {args.json}")
        return 0
    print(_story(game, played))
    return 0


def _check_plan(game, plan) -> None:
    """Reject orders files naming unknown stance options or actions before any turn is played."""
    from wargame.orders import OrdersError

    entries = {"default": plan.default, **{f"turn.{t}": plan.orders_for(t) for t in plan.by_turn}}
    for where, orders in entries.items():
        for name in ("strategy", "air_focus", "air_intensity", "ground"):
            option = getattr(orders, name)
            if option not in game.rules.stances[name]:
                known = ", ".join(game.rules.stances[name])
                raise OrdersError(f"{plan.source}: {where}.{name}: unknown option {option!r} (choose from {known})")
        for action in orders.actions:
            if action not in game.rules.actions:
                raise OrdersError(f"{plan.source}: {where}.actions: unknown action {action!r} "
                                  f"(choose from {', '.join(game.rules.actions)})")


REPEATING_PHASES = ("events", "consequences")  # monthly upkeep that is grouped once it repeats


def _story(game, played) -> str:
    """The game as a story: each month's news, key places changing hands first, repeats grouped."""
    from wargame.factions import BY_ID
    from wargame.state import date_of_turn
    from wargame.summary import KEY_PLACES

    lines = [f"{game.scenario.title} - seed {played.seed}", ""]
    previous_rules: set[str] = set()
    for before, turn in zip(played.turns, played.turns[1:]):
        lines.append(f"== {date_of_turn(turn.state.turn)} (turn {turn.state.turn})")
        for place in KEY_PLACES:
            cell = game.board.places[place].cell
            old, new = before.state.control[cell], turn.state.control[cell]
            if old != new:
                lines.append(f"  * {game.board.places[place].name} changes hands: "
                             f"{BY_ID[old].short} -> {BY_ID[new].short}")
        repeated = []
        for event in turn.events:
            if not (event.phase in ("events", "moscow", "operations", "sieges", "end") or event.claim):
                continue
            if event.phase in REPEATING_PHASES and event.rule in previous_rules:
                repeated.append(_first_clause(event.text))
                continue
            claim = f" [{event.claim}]" if event.claim else ""
            lines.append(f"  - {event.text}{claim}")
        if repeated:
            lines.append("  - As last month: " + "; ".join(repeated) + ".")
        previous_rules = {e.rule for e in turn.events if e.phase in REPEATING_PHASES}
    outcome = played.outcome
    lines += ["", f"OUTCOME: {outcome.name} (score {outcome.score}/100)", outcome.summary, ""]
    lines += [f"  {o.label:<40}{o.points:5.0f} / {o.out_of:<4g} {o.note}" for o in outcome.objectives]
    return "\n".join(lines)


def _first_clause(text: str) -> str:
    """The opening clause of a sentence, for a grouped line ('Coordinated Russian and US strikes wear down ISIS')."""
    for mark in ("; ", ": ", " (", ". "):
        head = text.split(mark, 1)[0]
        if 25 <= len(head) < len(text):  # a head too short to say anything keeps its clause
            text = head
    return text.rstrip(".")


def _write_atomically(path: Path, text: str) -> None:
    from wargame.files import write_text_atomically

    if not path.parent.is_dir():
        raise ScenarioError(f"--json: folder {path.parent} does not exist")
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise ScenarioError(f"--json: cannot write {path} ({exc.strerror})") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``wargame`` command."""
    from wargame.orders import OrdersError

    args = build_parser().parse_args(argv)
    handler = {"show": cmd_show, "scenarios": cmd_scenarios, "decisions": cmd_decisions, "play": cmd_play}[args.command]
    try:
        return handler(args)
    except (ScenarioError, OrdersError) as exc:
        print(f"wargame: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into `head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
