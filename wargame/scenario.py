"""Scenarios: a manifest (TOML) naming the board file and the opening control.

A scenario lives in ``wargame/scenarios/<package>/`` with a ``scenario.toml``
manifest. The opening control is a rasterised file (one faction per cell) that
:mod:`maps.control` produces from the scenario's control polygons.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from wargame.board import Board, BoardError, load_board
from wargame.factions import FACTION_IDS, decode_control
from wargame.files import read_json

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"
CONTROL_FORMAT = "syria-wargame/control"


class ScenarioError(ValueError):
    """A scenario is unknown or one of its files is broken; the message says where."""


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario: its board and the opening control of every cell."""

    id: str
    title: str
    start_date: str  # "YYYY-MM" of the opening position (turn 0)
    turns: int
    directory: Path
    board: Board
    opening_control: tuple[str, ...]


def available_scenarios() -> dict[str, Path]:
    """Scenario id -> directory, for every manifest shipped with the game."""
    out = {}
    for manifest in sorted(SCENARIO_DIR.glob("*/scenario.toml")):
        try:
            scenario_id = tomllib.loads(manifest.read_text(encoding="utf-8"))["id"]
        except (OSError, ValueError, KeyError):
            # Listed under its folder's name so that loading it reports the broken manifest, not "unknown".
            out.setdefault(manifest.parent.name.replace("_", "-"), manifest.parent)
            continue
        out[str(scenario_id)] = manifest.parent
    return out


def load_control(path: Path, board: Board) -> tuple[str, ...]:
    """Read a rasterised control file and check it matches ``board``."""
    data = read_json(path, "control file", ScenarioError)
    if not isinstance(data, dict) or data.get("format") != CONTROL_FORMAT:
        raise ScenarioError(f"{path}: not a control file (expected format {CONTROL_FORMAT!r})")
    text = data.get("control")
    if not isinstance(text, str):
        raise ScenarioError(f"{path}: 'control' must be a string of faction codes")
    try:
        control = decode_control(text)
    except ValueError as exc:
        raise ScenarioError(f"{path}: control {exc}") from None
    if len(control) != len(board):
        raise ScenarioError(f"{path}: {len(control)} cells in control but {len(board)} on the board")
    if data.get("cells_h3_first") not in (None, board.first_h3):
        raise ScenarioError(f"{path}: control was rasterised for another board")
    return control


def _manifest_fields(manifest: dict, path: Path) -> tuple[str, str, int]:
    """Title, start date and number of turns, each checked; errors name the file and the field."""
    for key in ("id", "title", "start_date", "turns", "board", "opening_control"):
        if key not in manifest:
            raise ScenarioError(f"{path}: '{key}' is missing")
    title, start, turns = manifest["title"], manifest["start_date"], manifest["turns"]
    if not isinstance(title, str) or not title.strip():
        raise ScenarioError(f"{path}: 'title' must be a non-empty string")
    if not isinstance(start, str) or re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", start, re.ASCII) is None:
        raise ScenarioError(f"{path}: 'start_date' must be a month like \"2016-12\", got {start!r}")
    if not isinstance(turns, int) or isinstance(turns, bool) or not 1 <= turns <= 60:
        raise ScenarioError(f"{path}: 'turns' must be a whole number 1-60, got {turns!r}")
    return title, start, turns


@dataclass(frozen=True)
class Manifest:
    """A scenario's manifest, read and checked: what to call it and where its files are."""

    id: str
    title: str
    start_date: str
    turns: int
    directory: Path
    board_file: Path
    control_file: Path


def read_manifest(scenario_id: str) -> Manifest:
    """Find a scenario by id and read its manifest; raises :class:`ScenarioError`."""
    known = available_scenarios()
    directory = known.get(scenario_id)
    if directory is None:
        names = ", ".join(sorted(known)) or "none installed"
        raise ScenarioError(f"unknown scenario {scenario_id!r} (available: {names})")
    manifest_path = directory / "scenario.toml"
    try:
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
        board_file = directory / manifest["board"]
        control_file = directory / manifest["opening_control"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ScenarioError(f"{manifest_path}: bad manifest ({exc})") from None
    title, start, turns = _manifest_fields(manifest, manifest_path)
    return Manifest(scenario_id, title, start, turns, directory, board_file, control_file)


@lru_cache(maxsize=8)
def load_scenario(scenario_id: str) -> Scenario:
    """Load a scenario by id (e.g. ``"syria-2017"``); raises :class:`ScenarioError`."""
    return open_scenario(scenario_id)


def open_scenario(scenario_id: str, known_board: Callable[[Path], Board | None] | None = None) -> Scenario:
    """Load a scenario by id, every time (see :func:`load_scenario` for the cached one).

    ``known_board(path)`` may return a board already known to match the board file at ``path``
    (for instance a :class:`~wargame.board.LazyBoard` whose cells are read on first use), or None
    to read and check the file now. Raises :class:`ScenarioError`.
    """
    manifest = read_manifest(scenario_id)
    board = known_board(manifest.board_file) if known_board is not None else None
    if board is None:
        try:
            board = load_board(manifest.board_file)
        except BoardError as exc:
            raise ScenarioError(str(exc)) from None
    control = load_control(manifest.control_file, board)
    assert set(control) <= set(FACTION_IDS)
    return Scenario(scenario_id, manifest.title, manifest.start_date, manifest.turns, manifest.directory, board,
                    control)
