"""The headless command line: ``wargame show``. Never imports Qt or geometry libraries.

Errors in arguments or data files print one clear line to stderr and exit
with status 2; they never end in a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
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
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``wargame`` command."""
    args = build_parser().parse_args(argv)
    handler = {"show": cmd_show, "scenarios": cmd_scenarios}[args.command]
    try:
        return handler(args)
    except ScenarioError as exc:
        print(f"wargame: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into `head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
