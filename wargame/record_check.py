"""Field-by-field validation of game-record data (the current version), with one clear line per problem.

:func:`check_record_data` checks shapes, types and sizes of plain data before
anything is built from it; :func:`check_vocabulary` checks the names in it
(roles, stance options, actions, cells, indicators, places) against a game's
scenario. Both raise the checker's error class with ``<file>: <where>: <problem>``.
"""
from __future__ import annotations

import math
import re
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Mapping, NoReturn

from wargame.factions import FACTION_IDS, FACTIONS
from wargame.orders import STANCE_FIELDS
from wargame.state import GameState, Operation

if TYPE_CHECKING:
    from wargame.engine import Game

MAX_TURNS = 1000
IDENT = re.compile(r"[a-z][a-z0-9_]{0,63}")
RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
SCENARIO_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
HASH = re.compile(r"[0-9a-f]{64}")
CONTROL = re.compile(f"[{''.join(f.code for f in FACTIONS)}]*")
TOP_KEYS = {"format", "version", "app_version", "id", "scenario", "seed", "roles", "opening_hash", "turns",
            "snapshot", "notes", "bookmarks", "parent", "session", "opening_umpire"}
TURN_KEYS = {"turn", "orders", "umpire", "decisions", "state_hash"}
# The fields an umpire's intervention may carry (which ones each kind needs: wargame.umpire).
UMPIRE_FIELDS = {"kind", "reason", "changes", "faction", "cells", "event", "text", "operation", "roll"}
UMPIRE_NEEDS = {"paint": {"faction", "cells"}, "front": {"faction", "cells"}, "indicator": {"changes"},
                "event": {"event"}, "free_event": {"text", "changes"}, "die": {"operation", "roll"}}
MAX_INTERVENTIONS = 500
DECISION_KEYS = {"participant", "rationale", "prediction"}
# The snapshot's fields follow the engine's dataclasses, so a field the engine adds is expected, not refused.
STATE_KEYS = {f.name for f in fields(GameState)}
OPERATION_FIELDS = {f.name: f.type for f in fields(Operation)}  # name -> "str" | "int"
OPERATION_REQUIRED = {"id", "attacker", "defender", "objective", "started"}
ORDER_KEYS = {*STANCE_FIELDS, "actions"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "a table", list: "a list", str: "a string", int: "a whole number", float: "a number"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _show_number(value: int | float) -> str:
    if isinstance(value, int) and abs(value) >= 10**30:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


class Checker:
    """Raises ``error("<name>: <where>: <problem>")``; small typed accessors for plain JSON data."""

    def __init__(self, name: str, error: type[Exception]) -> None:
        self.name, self.error = name, error

    def fail(self, where: str, problem: str) -> NoReturn:
        """Raise the error for ``where``."""
        raise self.error(f"{self.name}: {where}: {problem}" if where else f"{self.name}: {problem}")

    def _type(self, value: Any, where: str, expected: str) -> NoReturn:
        self.fail(where, f"expected {expected}, got {_kind(value)}")

    def keys(self, value: Any, where: str, required: set[str], allowed: set[str]) -> Mapping[str, Any]:
        """``value`` as a table with all ``required`` keys and no key outside ``allowed``."""
        if not isinstance(value, dict):
            self._type(value, where, "a table")
        for key in sorted(required - set(value)):
            self.fail(where, f"missing field {key!r}")
        for key in sorted(set(value) - allowed):
            self.fail(where, f"unknown field {key[:64]!r}")
        return value

    def table(self, value: Any, where: str, most: int) -> Mapping[str, Any]:
        """``value`` as a table of at most ``most`` entries."""
        if not isinstance(value, dict):
            self._type(value, where, "a table")
        if len(value) > most:
            self.fail(where, f"{len(value)} entries, more than the {most} allowed")
        return value

    def items(self, value: Any, where: str, most: int) -> list[Any]:
        """``value`` as a list of at most ``most`` items."""
        if not isinstance(value, list):
            self._type(value, where, "a list")
        if len(value) > most:
            self.fail(where, f"{len(value)} items, more than the {most} allowed")
        return value

    def text(self, value: Any, where: str, most: int, pattern: re.Pattern[str] | None = None) -> str:
        """``value`` as a string of at most ``most`` characters (matching ``pattern`` if given)."""
        if not isinstance(value, str):
            self._type(value, where, "a string")
        if len(value) > most:
            self.fail(where, f"a string of {len(value)} characters, more than the {most} allowed")
        if pattern is not None and not pattern.fullmatch(value):
            self.fail(where, f"malformed value {value[:64]!r}")
        return value

    def whole(self, value: Any, where: str, low: int, high: int) -> int:
        """``value`` as a whole number in [low, high]."""
        if type(value) is not int:
            self._type(value, where, "a whole number")
        if not low <= value <= high:
            self.fail(where, f"{_show_number(value)} is out of range ({low} to {high})")
        return value

    def number(self, value: Any, where: str, limit: float = 1e15) -> float:
        """``value`` as a finite number of magnitude at most ``limit``."""
        if type(value) not in (int, float):
            self._type(value, where, "a number")
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(where, "not a finite number")
        if abs(value) > limit:
            self.fail(where, f"{_show_number(value)} is too large (at most {limit:g} in size)")
        return float(value)

    def hash(self, value: Any, where: str) -> str:
        """``value`` as a SHA-256 hex digest."""
        return self.text(value, where, 64, HASH)


def check_record_data(data: Mapping[str, Any], check: Checker) -> None:
    """Shapes, types and sizes of record data of the current version (before anything is built from it)."""
    check.keys(data, "", TOP_KEYS, TOP_KEYS)
    check.text(data["app_version"], "app_version", 100)
    check.text(data["id"], "id", 64, RECORD_ID)
    scenario = check.keys(data["scenario"], "scenario", {"id", "hash"}, {"id", "hash"})
    check.text(scenario["id"], "scenario.id", 64, SCENARIO_ID)
    check.hash(scenario["hash"], "scenario.hash")
    check.whole(data["seed"], "seed", 0, 2**63 - 1)
    _check_roles(data["roles"], check)
    if data["opening_hash"] is not None:
        check.hash(data["opening_hash"], "opening_hash")
    session = data["session"]
    if session is not None:
        check.keys(session, "session", {"started", "umpire"}, {"started", "umpire"})
        check.text(session["started"], "session.started", 64)
        if not isinstance(session["umpire"], bool):
            check.fail("session.umpire", "expected true or false")
    _check_umpire(data["opening_umpire"], "opening_umpire", check)
    turns = check.items(data["turns"], "turns", MAX_TURNS)
    for position, turn in enumerate(turns):
        _check_turn(turn, position, check)
    last = len(turns)
    _check_snapshot(data["snapshot"], last, check)
    for key, note in check.table(data["notes"], "notes", MAX_TURNS + 1).items():
        if not re.fullmatch(r"0|[1-9][0-9]{0,3}", key) or int(key) > last:
            check.fail("notes", f"{key[:20]!r} is not a turn of the record (0-{last})")
        check.text(note, f"notes.{key}", 10_000)
    bookmarks = check.items(data["bookmarks"], "bookmarks", MAX_TURNS + 1)
    for position, turn in enumerate(bookmarks):
        check.whole(turn, f"bookmarks[{position}]", 0, last)
    if len(set(bookmarks)) != len(bookmarks):
        check.fail("bookmarks", "a turn is listed twice")
    parent = data["parent"]
    if parent is not None:
        check.keys(parent, "parent", {"id", "file", "turn"}, {"id", "file", "turn"})
        check.text(parent["id"], "parent.id", 64, RECORD_ID)
        if parent["file"] is not None:
            check.text(parent["file"], "parent.file", 5000)
        check.whole(parent["turn"], "parent.turn", 0, MAX_TURNS)


def _check_roles(roles: Any, check: Checker) -> None:
    check.table(roles, "roles", 64)
    if "moscow" not in roles:
        check.fail("roles", "missing role 'moscow'")
    for actor, role in roles.items():
        where = f"roles.{actor[:64]}"
        if not IDENT.fullmatch(actor):
            check.fail("roles", f"malformed role name {actor[:64]!r}")
        check.text(role, where, 5000)
        if role in ("player", "bot") or role.startswith("orders:"):
            continue
        if role.startswith("player:"):
            if not role[7:].strip() or len(role) > 207:
                check.fail(where, "a participant's name of 1 to 200 characters")
            continue
        if not (role.startswith("policy:") and IDENT.fullmatch(role[7:])):
            check.fail(where, f"unknown kind of player {role[:64]!r} (expected player, player:NAME, bot, "
                              f"policy:NAME or orders:FILE)")


def _check_orders(orders: Any, where: str, check: Checker, stances_only: bool = False) -> None:
    check.keys(orders, where, ORDER_KEYS, ORDER_KEYS)
    for name in STANCE_FIELDS:
        check.text(orders[name], f"{where}.{name}", 64)
    actions = check.items(orders["actions"], f"{where}.actions", 0 if stances_only else 32)
    for position, action in enumerate(actions):
        check.text(action, f"{where}.actions[{position}]", 64)


def _check_turn(turn: Any, position: int, check: Checker) -> None:
    where = f"turns[{position}]"
    check.keys(turn, where, TURN_KEYS, TURN_KEYS)
    number = check.whole(turn["turn"], f"{where}.turn", 0, MAX_TURNS)
    if number != position + 1:
        check.fail(f"{where}.turn", f"turn {number} where turn {position + 1} was expected "
                                    f"(turns must run 1, 2, 3 ...)")
    where = f"turn {number}"
    orders = check.table(turn["orders"], f"{where}: orders", 64)
    if "moscow" not in orders:
        check.fail(f"{where}: orders", "missing field 'moscow'")
    for actor, given in orders.items():
        if actor == "moscow":
            _check_orders(given, f"{where}: orders.moscow", check)
            continue
        if not IDENT.fullmatch(actor):
            check.fail(f"{where}: orders", f"malformed role name {actor[:64]!r}")
        at = f"{where}: orders.{actor}"
        check.keys(given, at, {"actor", "attacks"}, {"actor", "attacks", "choices"})
        if given["actor"] != actor:
            check.fail(f"{at}.actor", f"orders of {str(given['actor'])[:64]!r} filed under {actor!r}")
        for position, option in enumerate(check.items(given["attacks"], f"{at}.attacks", 32)):
            check.text(option, f"{at}.attacks[{position}]", 64, IDENT)
        for choice, option in check.table(given.get("choices", {}), f"{at}.choices", 16).items():
            check.text(choice, f"{at}.choices", 64, IDENT)
            check.text(option, f"{at}.choices.{choice}", 64, IDENT)
    _check_umpire(turn["umpire"], f"{where}: umpire", check)
    for role, decision in check.table(turn["decisions"], f"{where}: decisions", 64).items():
        at = f"{where}: decisions.{role[:64]}"
        if not IDENT.fullmatch(role):
            check.fail(f"{where}: decisions", f"malformed role name {role[:64]!r}")
        check.keys(decision, at, DECISION_KEYS, DECISION_KEYS)
        check.text(decision["participant"], f"{at}.participant", 200)
        check.text(decision["rationale"], f"{at}.rationale", 10_000)
        prediction = decision["prediction"]
        if prediction is not None:
            check.table(prediction, f"{at}.prediction", 8)
            for name, value in prediction.items():
                if isinstance(value, str):
                    check.text(value, f"{at}.prediction.{name[:64]}", 64)
                else:
                    check.number(value, f"{at}.prediction.{name[:64]}")
    check.hash(turn["state_hash"], f"{where}: state_hash")


def _check_umpire(entries: Any, where: str, check: Checker) -> None:
    """The shapes of a list of umpire interventions (their names are checked against the game later)."""
    for index, entry in enumerate(check.items(entries, where, MAX_INTERVENTIONS)):
        at = f"{where}[{index}]"
        check.keys(entry, at, {"kind", "reason"}, UMPIRE_FIELDS)
        kind = check.text(entry["kind"], f"{at}.kind", 64, IDENT)
        if kind not in UMPIRE_NEEDS:
            check.fail(f"{at}.kind", f"unknown kind {kind!r} (kinds: {', '.join(UMPIRE_NEEDS)})")
        check.keys(entry, at, {"kind", "reason"} | UMPIRE_NEEDS[kind], {"kind", "reason"} | UMPIRE_NEEDS[kind])
        if not check.text(entry["reason"], f"{at}.reason", 2000).strip():
            check.fail(f"{at}.reason", "an intervention needs a reason")
        for name, delta in check.table(entry.get("changes", {}), f"{at}.changes", 100).items():
            check.text(name, f"{at}.changes", 64, IDENT)
            check.number(delta, f"{at}.changes.{name[:64]}", 1e9)
        for position, cell in enumerate(check.items(entry.get("cells", []), f"{at}.cells", 100_000)):
            check.whole(cell, f"{at}.cells[{position}]", 0, 10**7)
        for name in ("faction", "event", "operation"):
            if name in entry:
                check.text(entry[name], f"{at}.{name}", 200)
        if "text" in entry:
            check.text(entry["text"], f"{at}.text", 2000)
        if "roll" in entry:
            check.number(entry["roll"], f"{at}.roll", 100)


def _check_snapshot(snapshot: Any, last: int, check: Checker) -> None:
    if snapshot is None:
        return
    check.keys(snapshot, "snapshot", {"turn", "state"}, {"turn", "state"})
    turn = check.whole(snapshot["turn"], "snapshot.turn", 0, MAX_TURNS)
    if turn != last:
        check.fail("snapshot.turn", f"the snapshot is of turn {turn} but the record ends at turn {last}")
    state = check.keys(snapshot["state"], "snapshot.state", STATE_KEYS, STATE_KEYS)
    if check.whole(state["turn"], "snapshot.state.turn", 0, MAX_TURNS) != turn:
        check.fail("snapshot.state.turn", f"turn {state['turn']} in a snapshot of turn {turn}")
    control = check.text(state["control"], "snapshot.state.control", 1_000_000)
    if not CONTROL.fullmatch(control):
        bad = next(c for c in control if not CONTROL.fullmatch(c))
        check.fail("snapshot.state.control", f"unknown faction code {bad!r}")
    for name, value in check.table(state["values"], "snapshot.state.values", 500).items():
        check.text(name, "snapshot.state.values", 64, IDENT)
        check.number(value, f"snapshot.state.values.{name}")
    _check_orders(state["stances"], "snapshot.state.stances", check, stances_only=True)
    check.whole(state["capital"], "snapshot.state.capital", -10**6, 10**6)
    for index, op in enumerate(check.items(state["operations"], "snapshot.state.operations", 1000)):
        at = f"snapshot.state.operations[{index}]"
        check.keys(op, at, OPERATION_REQUIRED, set(OPERATION_FIELDS))
        for name, value in op.items():
            if OPERATION_FIELDS[name] == "int":
                check.whole(value, f"{at}.{name}", 0, 10**6)
            else:
                check.text(value, f"{at}.{name}", 500)
        for side in ("attacker", "defender"):
            if op[side] not in FACTION_IDS:
                check.fail(f"{at}.{side}", f"unknown faction {op[side]!r} (factions: {', '.join(FACTION_IDS)})")
    for index, flag in enumerate(check.items(state["flags"], "snapshot.state.flags", 10_000)):
        check.text(flag, f"snapshot.state.flags[{index}]", 200)
    for name, value in check.table(state["counters"], "snapshot.state.counters", 10_000).items():
        check.text(name, "snapshot.state.counters", 200)
        check.whole(value, f"snapshot.state.counters.{name}", -2**53, 2**53)
    check.text(state["ended"], "snapshot.state.ended", 1000)


def check_vocabulary(data: Mapping[str, Any], check: Checker, game: "Game") -> None:
    """The names in (validated) version-2 data against ``game``'s scenario: roles, orders, sizes, snapshot."""
    check_turn_names(data, check, game)
    check_snapshot_names(data, check, game)


def check_turn_names(data: Mapping[str, Any], check: Checker, game: "Game") -> None:
    """Roles, the number of turns, and every turn's stance options and actions against ``game``."""
    from wargame.record import actor_ids

    last = len(data["turns"])
    if last > game.last_turn:
        check.fail("turns", f"{last} turns, but a game of {game.scenario.id} lasts {game.last_turn}")
    roles = actor_ids(game)
    for actor, role in data["roles"].items():
        if actor not in roles:
            check.fail("roles", f"unknown role {actor!r} (the scenario's roles: {', '.join(roles)})")
        if role.startswith("policy:"):
            from wargame.actors.policies import POLICIES

            if actor == "moscow" and role[7:] not in POLICIES:
                check.fail(f"roles.{actor}", f"unknown policy {role[7:]!r} (policies: {', '.join(POLICIES)})")
    from wargame import predictions

    menus = {bot.id: {r.id for r in bot.rules if r.attack is not None} for bot in game.rules.bots}
    _check_umpire_names(data["opening_umpire"], "opening_umpire", check, game)
    for turn in data["turns"]:
        where = f"turn {turn['turn']}"
        for actor, given in turn["orders"].items():
            if actor == "moscow":
                _check_order_names(given, f"{where}: orders.moscow", check, game)
                continue
            if actor not in menus:
                check.fail(f"{where}: orders", f"unknown role {actor!r} (the scenario's roles: {', '.join(roles)})")
            for option in given["attacks"]:
                if option not in menus[actor]:
                    check.fail(f"{where}: orders.{actor}.attacks", f"unknown option {option!r} "
                                                                     f"(choose from {', '.join(sorted(menus[actor]))})")
            for choice_id, option in given.get("choices", {}).items():
                choice = next((c for c in game.choices(actor) if c.id == choice_id), None)
                if choice is None:
                    check.fail(f"{where}: orders.{actor}.choices", f"unknown choice {choice_id!r}")
                if choice.option(option) is None:
                    check.fail(f"{where}: orders.{actor}.choices.{choice_id}", f"unknown option {option!r} "
                               f"(choose from {', '.join(o.id for o in choice.options)})")
        _check_umpire_names(turn["umpire"], f"{where}: umpire", check, game)
        for role, decision in turn["decisions"].items():
            if role not in roles:
                check.fail(f"{where}: decisions", f"unknown role {role!r}")
            if decision["prediction"] is not None:
                for problem in predictions.problems(decision["prediction"], game)[:1]:
                    check.fail(f"{where}: decisions.{role}.prediction", problem)


def _check_umpire_names(entries, where: str, check: Checker, game: "Game") -> None:
    from wargame import umpire

    for index, entry in enumerate(entries):
        for problem in umpire.problems(entry, game)[:1]:
            check.fail(f"{where}[{index}]", problem)


def check_snapshot_names(data: Mapping[str, Any], check: Checker, game: "Game") -> None:
    """The snapshot's cells, indicators, stances and operations' objectives against ``game``."""
    snapshot = data["snapshot"]
    if snapshot is None:
        return
    state = snapshot["state"]
    cells = len(game.board.cells)
    if len(state["control"]) != cells:
        check.fail("snapshot.state.control", f"{len(state['control'])} cells, but the board has {cells}")
    known = game.opening().values
    for name in state["values"]:
        if name not in known:
            check.fail("snapshot.state.values", f"unknown indicator {name!r}")
    _check_order_names(state["stances"], "snapshot.state.stances", check, game)
    for index, op in enumerate(state["operations"]):
        if op["objective"] not in game.board.places:
            check.fail(f"snapshot.state.operations[{index}].objective", f"unknown place {op['objective']!r}")


def _check_order_names(orders: Mapping[str, Any], where: str, check: Checker, game: "Game") -> None:
    for name in STANCE_FIELDS:
        options = game.rules.stances[name]
        if orders[name] not in options:
            check.fail(f"{where}.{name}", f"unknown option {orders[name]!r} (choose from {', '.join(options)})")
    seen = set()
    for action in orders["actions"]:
        if action not in game.rules.actions:
            check.fail(f"{where}.actions", f"unknown action {action!r} (choose from {', '.join(game.rules.actions)})")
        if action in seen:
            check.fail(f"{where}.actions", f"{action} is listed twice")
        seen.add(action)
