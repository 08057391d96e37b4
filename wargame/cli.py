"""The headless command line: ``wargame show | decisions | play | batch | verify | replay``. Never imports Qt or geometry.

Errors in arguments or data files print one clear line to stderr and exit
with status 2; they never end in a traceback. Output goes through
:func:`_out`, so a full disk or a closed pipe on stdout is one clear error
too. ``verify`` exits 1 when a record does not replay to its hashes.
"""
from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from pathlib import Path
from typing import Sequence

from wargame.factions import BY_ID
from wargame.scenario import ScenarioError, available_scenarios, load_scenario
from wargame.summary import opening_summary

EXIT_USAGE = 2
EXIT_DIVERGED = 1
MAX_PATH_BYTES = 4095  # PATH_MAX less the final NUL; a name is at most 255 bytes


class OutputError(OSError):
    """Standard output cannot be written (a full disk, a closed pipe)."""


def _out(text: str) -> None:
    """Print ``text`` and a newline on stdout; a failing stdout raises :class:`OutputError`, not a traceback later.

    On a real file descriptor the bytes bypass Python's buffer, so nothing is
    left to fail again when the interpreter flushes stdout at exit.
    """
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # captured or replaced stdout
        fd = None
    try:
        stream.flush()
        if fd is None:
            stream.write(text + "\n")
            stream.flush()
            return
        view = memoryview((text + "\n").encode("utf-8"))
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        reason = {errno.ENOSPC: "no space left on the device", errno.EPIPE: "the reader closed the pipe"}.get(
            exc.errno, exc.strerror or str(exc))
        raise OutputError(exc.errno, f"cannot write to standard output ({reason})") from None


def _check_path(option: str, value: str) -> str:
    """Refuse an empty or over-long path given to ``option`` before anything is played."""
    if value == "":
        raise ScenarioError(f"{option}: empty path (give a file name)")
    encoded = os.fsencode(value)
    if len(encoded) > MAX_PATH_BYTES or any(len(part) > 255 for part in encoded.split(b"/")):
        raise ScenarioError(f"{option}: the path is too long ({len(value)} characters)")
    return value


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors name the program and exit with status 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        bad_value = _BAD_VALUE.match(message)
        if bad_value:  # a value our checks refused: one line, as every other error ('wargame: error: --jobs: ...')
            option, why = bad_value["option"], bad_value["why"]
            name = option.lstrip("-")
            why = why[len(name) + 1:] if why.startswith(name + " ") else why
            self.exit(EXIT_USAGE, f"wargame: error: {option}: {why}\n")
        self.print_usage(sys.stderr)  # a missing or unknown argument: the usage shows what is expected
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


# An option's value refused by its type check (not a missing, unknown or clashing argument).
_BAD_VALUE = re.compile(r"^argument (?P<option>--[\w-]+)(?:/-\w)?: (?!invalid choice|expected |not allowed with|"
                        r"ignored explicit|invalid \w+ value)(?P<why>.+)$")


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
    play.add_argument("--save", metavar="FILE", help="write the game record (to verify, replay or resume) to FILE")
    batch = commands.add_parser("batch", help="play plans over many seeds; one row per game, and a summary")
    batch.add_argument("--scenario", required=True, metavar="NAME", help="scenario id, e.g. syria-2017")
    batch.add_argument("--moscow", required=True, metavar="PLAN[,PLAN...]",
                       help="policies (hardline, deal, chips, random) and orders files (TOML), separated by commas")
    batch.add_argument("--seeds", required=True, metavar="SEEDS", help="seeds: a range 1-2000, a list 1,5,9, or both")
    batch.add_argument("--out", required=True, metavar="FILE", help="results file: .parquet (needs pyarrow) or .csv")
    where = batch.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=_jobs, metavar="N", help="local processes (default: every core)")
    where.add_argument("--dask", metavar="ADDRESS", help="a Dask scheduler to send the games to, "
                                                        "e.g. tcp://scheduler:8786")
    verify = commands.add_parser("verify", help="replay a game record and check every turn's state hash")
    verify.add_argument("record", metavar="FILE", help="a game record written by --save or the window")
    replay = commands.add_parser("replay", help="replay a game record and print its story or its JSON")
    replay.add_argument("record", metavar="FILE", help="a game record written by --save or the window")
    replay.add_argument("--json", nargs="?", const="-", metavar="PATH|-",
                        help="write the game as JSON (as wargame play --json) to PATH, or to stdout")
    replay.add_argument("--full-events", action="store_true", help="include inputs and dice of every event in JSON")
    return parser


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"seed must be >= 0, got {value}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"jobs must be a whole number, got {text!r}") from None
    if not 1 <= value <= 1024:
        raise argparse.ArgumentTypeError(f"jobs must be 1-1024, got {value}")
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
        _out(json.dumps(payload, indent=2))
    else:
        _out(_format_table(summary, scenario.title, scenario.start_date))
    return 0


def cmd_scenarios(_args: argparse.Namespace) -> int:
    """List the installed scenarios."""
    for scenario_id in available_scenarios():
        _out(scenario_id)
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
        _out(json.dumps(payload, indent=2))
        return 0
    lines = [f"Moscow's decisions in {game.scenario.title}\n", "Standing stances (kept until changed):"]
    for name, options in game.rules.stances.items():
        lines.append(f"  {name}:")
        for option_id, option in options.items():
            lines.append(f"    {option_id:<16}{option.label}")
            if option.summary:
                lines.append(f"    {'':<16}{option.summary}")
    lines.append(f"\nOne-shot actions (political capital: {state.capital} at the start, "
                 f"+{game.rules.capital['per_turn']} a turn, at most {game.rules.capital['max']}):")
    for p in previews:
        status = "" if p.available else f"  [not yet: {p.why_unavailable}]"
        lines.append(f"  {p.id:<20}cost {p.cost}  odds now {p.probability:.0%}  ({p.claim}){status}")
        lines.append(f"  {'':<20}{p.label}")
        lines.append(f"  {'':<20}if it works: {', '.join(p.on_success) or 'nothing'}")
        lines.append(f"  {'':<20}if it fails: {', '.join(p.on_failure) or 'nothing'}")
    _out("\n".join(lines))
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
    from wargame.orders import OrdersError
    from wargame.play import game_report, play_game

    _check_outputs(args)
    game = _load_game(args.scenario)
    choice = _moscow_choice(game, args.moscow)
    source, label, role = choice.source(), choice.label, choice.role
    try:
        played = play_game(game, args.seed, source)
    except OrdersError as exc:
        raise ScenarioError(f"{args.moscow}: {exc}") from None
    if args.save is not None:
        _save(game, played, role, args.save, quiet=args.json == "-")
    if args.json is not None:
        _emit_json(game_report(game, played, label, args.full_events), args.json)
        return 0
    _out(_story(game, played))
    return 0


def _moscow_choice(game, value: str):
    """Who plays Moscow, from ``--moscow``: a built-in policy, or an orders file checked against the rules."""
    from wargame.actors.policies import POLICIES
    from wargame.batch import MoscowChoice
    from wargame.orders import load_orders_file

    if value in POLICIES:
        return MoscowChoice(value, policy=value)
    _check_path("--moscow", value)
    if not os.path.lexists(value):
        raise ScenarioError(f"--moscow: {value!r} is neither a policy ({', '.join(POLICIES)}) "
                            f"nor an existing orders file")
    plan = load_orders_file(value)
    _check_plan(game, plan)
    return MoscowChoice(str(value), plan=plan)


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse bad output options before a game is played: empty or long paths, --full-events alone."""
    if args.json is not None and args.json != "-":
        _check_path("--json", args.json)
    if args.full_events and args.json is None:
        raise ScenarioError("--full-events only applies with --json (add --json PATH or --json -)")
    if getattr(args, "save", None) is not None:
        if args.save == "-":
            raise ScenarioError("--save: give a file name (a record is not written to standard output)")
        _check_path("--save", args.save)
        _check_folder("--save", Path(args.save))
    if args.json not in (None, "-"):
        _check_folder("--json", Path(args.json))
        if getattr(args, "save", None) is not None and os.path.realpath(args.save) == os.path.realpath(args.json):
            raise ScenarioError("--json and --save name the same file; give each its own")


def _check_folder(option: str, path: Path) -> None:
    if not path.parent.is_dir():
        raise ScenarioError(f"{option}: folder {path.parent} does not exist")


def _emit_json(report: dict, target: str) -> None:
    """The game's JSON on stdout (``-``) or written safely to a file."""
    text = json.dumps(report, indent=1)
    if target == "-":
        _out(text)
    else:
        _write_atomically(Path(target), text + "\n")
        _out(f"wrote {target}")


def _save(game, played, role: str, path: str, quiet: bool) -> None:
    """Write the game record of a played game."""
    from wargame.record import record_of_game

    record = record_of_game(game, played.seed, [t.orders for t in played.turns[1:]],
                            [t.state for t in played.turns[1:]], {"moscow": role})
    _save_record(path, record)
    if quiet:
        print(f"saved the game record to {path}", file=sys.stderr)
    else:
        _out(f"saved the game record to {path}")


def _save_record(path: str, record) -> None:
    from wargame.record import RecordError, save_record

    try:
        save_record(path, record)
    except RecordError as exc:
        raise ScenarioError(f"--save: {exc}") from None


def _open(path: str):
    """Load a record and its scenario (exit 2 on any problem)."""
    from wargame.record import installed_game, load_record

    _check_path("FILE", path)
    record = load_record(path, lenient=True)  # orders the rules no longer know show where the game diverges
    return installed_game(record.scenario_id), record


def cmd_verify(args: argparse.Namespace) -> int:
    """Replay a record and check every turn's hash: 0 if all verify, 1 where it diverges and why."""
    from wargame.record import scenario_hash
    from wargame.replay import verify

    game, record = _open(args.record)
    result = verify(game, record)
    if not result.ok:
        _out(f"{args.record}: diverges at turn {result.diverged_turn}: {result.reason} "
             f"({_count(result.turns_checked, 'turn')} verified before it)")
        return EXIT_DIVERGED
    note = ""
    if record.scenario_hash != scenario_hash(game.scenario.directory):
        note = "; the scenario's files have changed since, but the game still plays the same"
    turns = "the 1 turn verifies" if result.turns_checked == 1 else f"all {result.turns_checked} turns verify"
    _out(f"{args.record}: {turns} (scenario {record.scenario_id}, "
         f"seed {record.seed}){note}")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a record and print its story, or the same JSON as ``wargame play --json``."""
    from wargame.play import game_report
    from wargame.replay import open_record, played_game

    _check_outputs(args)
    game, record = _open(args.record)
    opened = open_record(game, record)
    if opened.warning:
        print(f"wargame: warning: {opened.warning}", file=sys.stderr)
    played = played_game(game, opened.record, opened.turns)
    role = record.roles.get("moscow", "player")
    label = role.split(":", 1)[1] if ":" in role else role
    if args.json is not None:
        _emit_json(game_report(game, played, label, args.full_events), args.json)
    else:
        _out(_story(game, played))
    return EXIT_DIVERGED if opened.warning else 0


def cmd_batch(args: argparse.Namespace) -> int:
    """Play every plan over every seed, write one row per game to ``--out``, and print a summary.

    Ctrl+C stops the batch: the file keeps the games played, the summary
    covers them, and the exit status is 130.
    """
    from wargame.batch import MAX_GAMES, BatchError, BatchSpec, batch_columns, connect_dask, default_jobs, \
        parse_plan_names, parse_seeds
    from wargame.batch_output import output_format
    from wargame.batch_summary import format_summary, summarise

    seeds = parse_seeds(args.seeds)
    names = parse_plan_names(args.moscow)
    if len(names) * len(seeds) > MAX_GAMES:
        raise BatchError(f"{len(names)} plans x {len(seeds):,} seeds is more than {MAX_GAMES:,} games; "
                         f"split the batch")
    _check_path("--out", args.out)
    output_format(args.out)
    if args.dask is not None and not args.dask.strip():
        raise BatchError("--dask: empty address (give e.g. tcp://scheduler:8786)")
    game = _load_game(args.scenario)
    spec = BatchSpec(game.scenario.id, tuple(_moscow_choice(game, name) for name in names), seeds)
    jobs = args.jobs or default_jobs()
    client = connect_dask(args.dask) if args.dask is not None else None
    try:
        played, interrupted = _play_batch(spec, args.out, batch_columns(game), jobs, client)
    finally:
        if client is not None:
            client.close()
    where = f"the Dask cluster at {args.dask}" if args.dask else _count(min(jobs, spec.total), "local process")
    head = (f"{game.scenario.id}: {len(played)} of {_count(spec.total, 'game')} "
            f"({_count(len(names), 'plan')} x {_count(len(seeds), 'seed')}) on {where}; rows in {args.out}")
    _out(head + ("  [stopped early]" if interrupted else "") + "\n")
    _out(format_summary(summarise(played, [c.label for c in spec.choices])))
    return 130 if interrupted else 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "es" if noun.endswith("s") else "s")


def _play_batch(spec, out: str, columns: list[str], jobs: int, client) -> tuple[list[dict], bool]:
    """Run a batch into the file ``out`` with a progress bar; (the played games' key columns, interrupted?)."""
    from wargame.batch import run_batch
    from wargame.batch_output import InOrder, Progress, open_sink

    played: list[dict] = []
    rows = InOrder(open_sink(out, columns))
    progress = Progress(spec.total)

    def keep(index: int, row: dict) -> None:
        rows.add(index, row)
        played.append({key: row[key] for key in ("policy", "seed", "verdict", "score")})

    interrupted = False
    try:
        run_batch(spec, keep, jobs=jobs, dask=client, on_progress=progress.update)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        try:
            rows.close()
        finally:
            progress.finish(interrupted=interrupted)
    return played, interrupted


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
    from wargame.state import date_of_turn, month_of_turn
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
    if not played.final.ended:
        last = played.final.turn
        lines += ["", f"UNFINISHED: the game stops after {month_of_turn(last)} (turn {last} of {game.last_turn}); "
                      "the verdict is given only at the end of a game."]
        return "\n".join(lines)
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
    from wargame.files import shown, write_text_atomically

    _check_folder("--json", path)
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise ScenarioError(f"--json: cannot write {shown(path)} ({exc.strerror or exc})") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``wargame`` command."""
    from wargame.batch import BatchError
    from wargame.orders import OrdersError
    from wargame.record import RecordError

    args = build_parser().parse_args(argv)
    handler = {"show": cmd_show, "scenarios": cmd_scenarios, "decisions": cmd_decisions, "play": cmd_play,
               "batch": cmd_batch, "verify": cmd_verify, "replay": cmd_replay}[args.command]
    try:
        return handler(args)
    except (ScenarioError, OrdersError, RecordError, OutputError, BatchError) as exc:
        message = exc.strerror if isinstance(exc, OutputError) else str(exc)
        print(f"wargame: error: {message}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
