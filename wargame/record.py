"""The game record: a seed plus every actor's orders, turn by turn, saved as canonical JSON.

A record is enough to rebuild any position from the opening (see
:mod:`wargame.replay`); each turn's state hash lets a replay prove it got the
same game, and a snapshot of the latest state makes opening a file fast.
The file is JSON with sorted keys and fixed separators, never pickle, and is
read through :mod:`wargame.files` (regular files only, size-capped) and then
validated field by field, so a damaged, hostile or newer file gets one clear
:class:`RecordError` line naming the file and the problem.

Version 3 (current)::

    {"format": "syria-wargame-record", "version": 3, "app_version": "0.1.0",
     "id": "<32 hex>", "scenario": {"id": "syria-2017", "hash": "<sha256 of the scenario's files>"},
     "seed": 3, "roles": {"moscow": "player" | "player:<name>" | "bot" | "policy:deal" | "orders:<file>",
                          "damascus": "bot" | "player:<name>", ...},
     "session": {"started": "2026-11-26 20:15", "umpire": true} | null,
     "opening_hash": "<sha256>", "opening_umpire": [<intervention>, ...],
     "turns": [{"turn": 1, "orders": {"moscow": {"strategy": ..., "air_focus": ..., "air_intensity": ...,
                                                  "ground": ..., "actions": [...]},
                                      "ankara": {"actor": "ankara", "attacks": ["al_bab"]}},
                "decisions": {"ankara": {"participant": "Ayse", "rationale": "...", "prediction": {...} | null}},
                "umpire": [<intervention>, ...], "state_hash": "<sha256>"}, ...],
     "snapshot": {"turn": N, "state": <GameState.to_json() with exact values>} | null,
     "notes": {"<turn>": "text"}, "bookmarks": [<turn>, ...],
     "parent": {"id": "<record id>", "file": "<path>" | null, "turn": T} | null}

A turn stores Moscow's orders and those of every other role a person played
(the bots' follow from the state and the seed). Interventions are described
in :mod:`wargame.umpire`, predictions in :mod:`wargame.predictions`.

Version 2 is version 3 without ``session``, ``opening_umpire`` and the turns'
``decisions``, and with Moscow's orders only; it is migrated on load.

Version 1 (the first, minimal format; migrated on load by :func:`migrate`)::

    {"format": "syria-wargame-record", "version": 1, "scenario": "syria-2017", "scenario_hash": "<sha256>",
     "seed": 3, "moscow": "deal", "turns": [{"turn": 1, "orders": {<Moscow's orders>}, "state_hash": "<sha256>"}]}
"""
from __future__ import annotations

import errno
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from wargame.files import MAX_BYTES, parse_json, read_text, shown, write_text_atomically
from wargame.orders import ActorOrders, MoscowOrders
from wargame.record_check import Checker, check_record_data, check_snapshot_names, check_turn_names
from wargame.state import GameState

if TYPE_CHECKING:
    from wargame.engine import Game

FORMAT = "syria-wargame-record"
VERSION = 3
EXTENSION = ".syriawar"


class RecordError(ValueError):
    """A record cannot be read, is malformed, or does not fit the game; the message names the file."""


@dataclass
class RecordTurn:
    """One turn of a record: the orders given, the umpire's interventions, the participants' rationales
    and predictions, and the resulting state hash."""

    turn: int
    orders: dict[str, dict[str, Any]]
    state_hash: str
    umpire: list[dict[str, Any]] = field(default_factory=list)
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def moscow_orders(self) -> MoscowOrders:
        """Moscow's orders for this turn, as the engine takes them."""
        return MoscowOrders.from_json(self.orders["moscow"], f"turn {self.turn}: orders.moscow")

    def others(self) -> dict[str, ActorOrders]:
        """The orders people gave for the other roles (the bots decided the rest)."""
        return {actor: ActorOrders.from_json(data, f"turn {self.turn}: orders.{actor}")
                for actor, data in self.orders.items() if actor != "moscow"}

    def to_json(self) -> dict[str, Any]:
        """Plain data."""
        return {"turn": self.turn, "orders": self.orders, "umpire": self.umpire, "decisions": self.decisions,
                "state_hash": self.state_hash}


@dataclass(frozen=True)
class Parent:
    """Where a branch came from: the parent record's id (and file, if known) and the turn it left."""

    id: str
    turn: int
    file: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain data."""
        return {"id": self.id, "turn": self.turn, "file": self.file}


@dataclass
class GameRecord:
    """A game as a seed plus orders; see the module docstring for the file format."""

    scenario_id: str
    scenario_hash: str
    seed: int
    roles: dict[str, str]
    opening_hash: str | None
    turns: list[RecordTurn] = field(default_factory=list)
    snapshot: GameState | None = None
    notes: dict[int, str] = field(default_factory=dict)
    bookmarks: set[int] = field(default_factory=set)
    parent: Parent | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    app_version: str = ""       # the version of the game that wrote the file it came from (saving writes ours)
    source: str | None = None   # the file it was loaded from or last saved to (not stored)
    session: dict[str, Any] | None = None    # a training session: when it started, umpire on or off
    opening_umpire: list[dict[str, Any]] = field(default_factory=list)  # interventions before turn 1

    @classmethod
    def new(cls, game: "Game", seed: int, roles: Mapping[str, str] | None = None) -> "GameRecord":
        """An empty record of a new game: the opening, ``seed``, and who plays each role (others are bots)."""
        opening = game.opening()
        all_roles = {actor: "bot" for actor in actor_ids(game)}
        all_roles.update(roles or {"moscow": "player"})
        return cls(game.scenario.id, scenario_hash(game.scenario.directory), int(seed), all_roles,
                   opening.state_hash(), snapshot=opening, app_version=app_version())

    @property
    def last_turn(self) -> int:
        """The number of the last recorded turn (0 before the first)."""
        return self.turns[-1].turn if self.turns else 0

    def append_turn(self, orders: MoscowOrders | Mapping[str, Any], state: GameState,
                    umpire: Iterable[Mapping[str, Any]] = (),
                    decisions: Mapping[str, Mapping[str, Any]] | None = None) -> RecordTurn:
        """Record the turn that led to ``state``: the orders given (Moscow's, or actor -> orders: Moscow's
        and those of the roles people played), the umpire's interventions, the decisions' rationales and
        predictions, and the state's hash."""
        if state.turn != self.last_turn + 1:
            raise ValueError(f"turn {state.turn} does not follow turn {self.last_turn}")
        by_actor = {"moscow": orders} if isinstance(orders, MoscowOrders) else dict(orders)
        if "moscow" not in by_actor:
            raise ValueError(f"orders of {', '.join(sorted(by_actor))}; a turn needs Moscow's")
        plain = {actor: (o.to_json() if hasattr(o, "to_json") else dict(o)) for actor, o in by_actor.items()}
        entry = RecordTurn(state.turn, plain, state.state_hash(), [dict(u) for u in umpire],
                           {role: dict(d) for role, d in (decisions or {}).items()})
        self.turns.append(entry)
        self.snapshot = state
        return entry

    def set_note(self, turn: int, text: str) -> None:
        """Attach a note to a turn (an empty text removes it)."""
        if text:
            self.notes[turn] = text
        else:
            self.notes.pop(turn, None)

    def set_bookmark(self, turn: int, on: bool = True) -> None:
        """Mark or unmark a turn."""
        (self.bookmarks.add if on else self.bookmarks.discard)(turn)

    def state_hash(self, turn: int) -> str | None:
        """The recorded hash of the state after ``turn`` (turn 0: the opening)."""
        if turn == 0:
            return self.opening_hash
        return self.turns[turn - 1].state_hash if 0 < turn <= len(self.turns) else None

    def truncated(self, turn: int, state: GameState | None = None) -> "GameRecord":
        """A copy holding turns 1..``turn`` only; ``state`` (the state after ``turn``) becomes its snapshot."""
        if not 0 <= turn <= self.last_turn:
            raise ValueError(f"turn {turn} is not in the record (0-{self.last_turn})")
        if state is not None and state.state_hash() != self.state_hash(turn):
            raise ValueError(f"the state given is not the recorded state of turn {turn}")
        if state is None and turn == self.last_turn:
            state = self.snapshot
        return replace(self, turns=[replace(t, orders=json.loads(json.dumps(t.orders)), umpire=list(t.umpire),
                                            decisions=json.loads(json.dumps(t.decisions)))
                                    for t in self.turns[:turn]],
                       opening_umpire=list(self.opening_umpire),
                       session=dict(self.session) if self.session else None,
                       snapshot=state, notes={t: n for t, n in self.notes.items() if t <= turn},
                       bookmarks={t for t in self.bookmarks if t <= turn}, roles=dict(self.roles))

    # -- plain data -------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The version-3 plain data of the record."""
        snapshot = None
        if self.snapshot is not None:
            snapshot = {"turn": self.snapshot.turn, "state": exact_state_json(self.snapshot)}
        return {
            "format": FORMAT, "version": VERSION, "app_version": app_version(), "id": self.id,
            "scenario": {"id": self.scenario_id, "hash": self.scenario_hash}, "seed": self.seed,
            "roles": dict(self.roles), "opening_hash": self.opening_hash, "session": self.session,
            "opening_umpire": list(self.opening_umpire),
            "turns": [t.to_json() for t in self.turns], "snapshot": snapshot,
            "notes": {str(t): n for t, n in sorted(self.notes.items())}, "bookmarks": sorted(self.bookmarks),
            "parent": self.parent.to_json() if self.parent else None,
        }

    def to_text(self) -> str:
        """Canonical JSON text: sorted keys, fixed separators, one trailing newline."""
        return canonical(self.to_json()) + "\n"

    @classmethod
    def from_json(cls, data: Any, name: str = "record", game: "Game | None" = None,
                  lenient: bool = False) -> "GameRecord":
        """Validate (migrating older versions) and build; :class:`RecordError` names ``name`` and the problem.

        With ``game``, factions, cells, places, stance options, actions, roles
        and the number of turns are also checked against its scenario; see
        :func:`load_record` for ``lenient``.
        """
        check = Checker(name, RecordError)
        return cls._build(_validated(data, check, game, lenient), check)

    @classmethod
    def _build(cls, data: Mapping[str, Any], check: Checker) -> "GameRecord":
        turns = [RecordTurn(t["turn"], t["orders"], t["state_hash"], list(t["umpire"]), dict(t["decisions"]))
                 for t in data["turns"]]
        snapshot = None
        if data["snapshot"] is not None:
            try:
                snapshot = GameState.from_json(data["snapshot"]["state"])
            except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a field newer than these checks
                check.fail("snapshot.state", f"malformed ({exc})")
            expected = turns[-1].state_hash if turns else data["opening_hash"]
            if not turns and data["opening_umpire"]:
                expected = None  # the umpire changed the opening: the replay on opening checks it
            if expected is not None and snapshot.state_hash() != expected:
                check.fail("snapshot", f"does not match the recorded hash of turn {snapshot.turn} "
                                       f"(the file was edited or damaged)")
        parent = data["parent"]
        return cls(data["scenario"]["id"], data["scenario"]["hash"], data["seed"], dict(data["roles"]),
                   data["opening_hash"], turns, snapshot, {int(t): n for t, n in data["notes"].items()},
                   set(data["bookmarks"]), Parent(parent["id"], parent["turn"], parent["file"]) if parent else None,
                   data["id"], data["app_version"], session=dict(data["session"]) if data["session"] else None,
                   opening_umpire=[dict(u) for u in data["opening_umpire"]])


def canonical(data: Any) -> str:
    """The canonical JSON form used for records: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def exact_state_json(state: GameState) -> dict[str, Any]:
    """``state.to_json()`` with the indicator values unrounded, so a loaded state plays on exactly as the saved one."""
    return {**state.to_json(), "values": {k: float(state.values[k]) for k in sorted(state.values)}}


def actor_ids(game: "Game") -> tuple[str, ...]:
    """Every role of the scenario: Moscow and the actors its bots play."""
    return ("moscow", *(bot.id for bot in game.rules.bots))


@lru_cache(maxsize=1)
def app_version() -> str:
    """The installed game's version, from the package metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("syria-wargame")
    except PackageNotFoundError:
        return "0+unknown"


@lru_cache(maxsize=8)
def scenario_hash(directory: Path) -> str:
    """SHA-256 over the files of a scenario folder (name and content of each), sorted by name.

    Only the folder's own files count (manifest, board, rules, opening
    control): the ones the package installs. Sub-folders hold examples, such
    as orders files, that do not change the game.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(directory).iterdir() if p.is_file() and not p.name.startswith(".")):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# -- versions --------------------------------------------------------------------------------------

def migrate(data: Any, check: Checker) -> dict[str, Any]:
    """Bring plain data of any known version to the current version; refuse other files and newer versions."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        check.fail("format", f"not a game record (expected \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if type(version) is not int:
        check.fail("version", "expected a whole number")
    if version > VERSION:
        check.fail("version", f"the record is version {version}, written by a newer version of the game; "
                              f"this one reads versions 1-{VERSION}: update the game to open it")
    if version < 1:
        check.fail("version", f"unknown record version {version}")
    if version == 1:
        data = migrate_v1(data, check)
    if data["version"] == 2:
        data = migrate_v2(data, check)
    return data


def _id_of(data: Mapping[str, Any]) -> str:
    """A stable id for a record that had none: from its content."""
    try:
        return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()[:32]
    except (TypeError, ValueError, RecursionError):  # not plain JSON data (only via from_json)
        return uuid.uuid4().hex


def migrate_v1(data: Mapping[str, Any], check: Checker) -> dict[str, Any]:
    """Version 1 -> 2 (then :func:`migrate_v2`): wrap Moscow's orders by actor, name the roles, add empty umpire lists and no snapshot."""
    known = {"format", "version", "scenario", "scenario_hash", "seed", "moscow", "turns"}
    check.keys(data, "", known, known)
    check.text(data["scenario"], "scenario", 64)
    check.hash(data["scenario_hash"], "scenario_hash")
    check.whole(data["seed"], "seed", 0, 2**63 - 1)
    check.text(data["moscow"], "moscow", 500)
    turns = check.items(data["turns"], "turns", 1000)
    new_turns = []
    for position, turn in enumerate(turns):
        where = f"turns[{position}]"
        check.keys(turn, where, {"turn", "orders", "state_hash"}, {"turn", "orders", "state_hash"})
        new_turns.append({"turn": turn["turn"], "orders": {"moscow": turn["orders"]}, "umpire": [],
                          "state_hash": turn["state_hash"]})
    moscow = data["moscow"]
    role = f"policy:{moscow}" if re.fullmatch(r"[a-z][a-z0-9_]*", moscow) else f"orders:{moscow}"
    return {
        "format": FORMAT, "version": 2, "app_version": "unknown",
        "id": _id_of(data),
        "scenario": {"id": data["scenario"], "hash": data["scenario_hash"]}, "seed": data["seed"],
        "roles": {"moscow": role}, "opening_hash": None, "turns": new_turns, "snapshot": None,
        "notes": {}, "bookmarks": [], "parent": None,
    }


def migrate_v2(data: Mapping[str, Any], check: Checker) -> dict[str, Any]:
    """Version 2 -> 3: no session, no interventions on the opening, no decisions in the turns."""
    turns = check.items(data.get("turns"), "turns", 1000)
    new_turns = [{**t, "decisions": {}} if isinstance(t, dict) else t for t in turns]
    return {**data, "version": VERSION, "session": None, "opening_umpire": [], "turns": new_turns}


# -- files ------------------------------------------------------------------------------------------

def save_record(path: str | Path, record: GameRecord) -> None:
    """Write ``record`` to ``path`` atomically (see :func:`wargame.files.write_text_atomically`).

    The record is checked as the loader would check it first, so a file is
    never written that could not be read back. Raises :class:`RecordError`
    naming the file if the record is malformed or the file cannot be written.
    """
    write_record_text(path, record_text(path, record))
    record.source = str(path)


def record_text(path: str | Path, record: GameRecord) -> str:
    """The text :func:`save_record` writes to ``path`` for ``record``, checked as the loader would
    check it (:class:`RecordError` naming the file if the record is malformed). A snapshot: the
    record may change afterwards while the text is written elsewhere (the window's autosave)."""
    data = record.to_json()
    check_record_data(data, Checker(f"{shown(path)}: cannot save the game", RecordError))
    return canonical(data) + "\n"


def write_record_text(path: str | Path, text: str) -> None:
    """Write a record's text (from :func:`record_text`) to ``path`` atomically; :class:`RecordError`
    naming the file if it cannot be written."""
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        reason = "the path is too long" if exc.errno == errno.ENAMETOOLONG else (exc.strerror or str(exc))
        raise RecordError(f"{shown(path)}: cannot save the game ({reason})") from None


def load_record(path: str | Path, game: "Game | None" = None, lenient: bool = False) -> GameRecord:
    """Read, migrate and validate a record file; :class:`RecordError` names the file and the problem.

    Without ``game`` the record's own scenario is loaded to check factions,
    orders and sizes against it. ``lenient`` is for opening a record whose
    scenario has changed since: orders the rules no longer know are let
    through (replaying stops at the first such turn, see
    :func:`wargame.replay.open_record`) and a snapshot that no longer fits
    the board is dropped; shapes, types and sizes are checked all the same.
    """
    text = read_text(path, "game record", RecordError, MAX_BYTES)
    record = record_from_text(text, shown(path), game, lenient)
    record.source = str(path)
    return record


def record_from_text(text: str, name: str = "record", game: "Game | None" = None,
                     lenient: bool = False) -> GameRecord:
    """Parse and validate record text (see :func:`load_record`)."""
    data = parse_json(text, name, "game record", RecordError)
    check = Checker(name, RecordError)
    if game is None:
        data = migrate(data, check)
        check_record_data(data, check)
        game = installed_game(data["scenario"]["id"], check)
    return GameRecord._build(_validated(data, check, game, lenient), check)


def _validated(data: Any, check: Checker, game: "Game | None", lenient: bool) -> dict[str, Any]:
    """Version-2 data, checked in shape and, with ``game``, in names (see :func:`load_record`)."""
    data = migrate(data, check)
    check_record_data(data, check)
    if game is None:
        return data
    if game.scenario.id != data["scenario"]["id"]:
        check.fail("scenario", f"the record is a game of {data['scenario']['id']!r}, not {game.scenario.id!r}")
    if not lenient:
        check_turn_names(data, check, game)
        check_snapshot_names(data, check, game)
        return data
    try:
        check_snapshot_names(data, check, game)
    except RecordError:
        data = {**data, "snapshot": None}
    return data


def installed_game(scenario_id: str, check: Checker | None = None) -> "Game":
    """The installed scenario a record names, loaded once per process; :class:`RecordError` if it is missing."""
    from wargame.scenario import ScenarioError, available_scenarios

    check = check or Checker("record", RecordError)
    if scenario_id not in available_scenarios():
        check.fail("scenario", f"the record is a game of scenario {scenario_id!r}, which is not installed")
    try:
        return _game(scenario_id)
    except (ScenarioError, ValueError) as exc:
        check.fail("scenario", f"cannot load scenario {scenario_id!r} ({exc})")


@lru_cache(maxsize=4)
def _game(scenario_id: str) -> "Game":
    from wargame.engine import Game

    return Game.load(scenario_id)


def branch(record: GameRecord, turn: int, state: GameState | None = None) -> GameRecord:
    """A new record that plays on from ``turn`` of ``record``, remembering its parent; ``record`` is untouched.

    ``state`` (the state after ``turn``, e.g. from :func:`wargame.replay.replay`)
    becomes the new record's snapshot; without it the snapshot is left out and
    opening the branch replays it.
    """
    child = record.truncated(turn, state)
    child.id = uuid.uuid4().hex
    child.parent = Parent(record.id, turn, record.source)
    child.source = None
    child.app_version = app_version()
    return child


def record_of_game(game: "Game", seed: int, orders: Iterable[MoscowOrders | Mapping[str, Any]],
                   states: Iterable[GameState], roles: Mapping[str, str] | None = None) -> GameRecord:
    """A record of turns already played: the orders of turns 1..N and the states they led to."""
    record = GameRecord.new(game, seed, roles)
    for given, state in zip(orders, states):
        record.append_turn(given, state)
    return record


__all__ = ["FORMAT", "VERSION", "EXTENSION", "RecordError", "RecordTurn", "Parent", "GameRecord",
           "canonical", "exact_state_json", "actor_ids", "app_version", "scenario_hash", "migrate", "migrate_v1",
           "migrate_v2",
           "save_record", "record_text", "write_record_text", "load_record", "record_from_text", "installed_game",
           "branch", "record_of_game"]
