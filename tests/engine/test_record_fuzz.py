"""The record loader under attack: hypothesis-made JSON and text, and mutations of a real save.

Whatever it is fed, the loader either returns a record or raises
:class:`RecordError` with one line that starts with the file's name and says
what is wrong: never another exception, never a hang. Each test keeps to a
second or two (thousands of cases in all).
"""
from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.actors.policies import POLICIES
from wargame.engine import Game
from wargame.play import play_game
from wargame.record import GameRecord, RecordError, load_record, record_from_text, record_of_game
from wargame.record_check import OPERATION_REQUIRED

NAME = "fuzzed.syriawar"
FAST = settings(deadline=2000, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=10,
)
# Flat values are much cheaper for hypothesis to make; replacements need no depth (deep input has its own test).
flat_values = leaves | st.lists(leaves, max_size=3) | st.dictionaries(st.text(max_size=8), leaves, max_size=3)


@pytest.fixture(scope="module")
def game() -> Game:
    return Game.load("syria-2017")


@pytest.fixture(scope="module")
def base(game) -> dict[str, Any]:
    """A real save with every optional part filled: notes, bookmarks, a parent, an umpire's intervention."""
    p = play_game(game, 3, POLICIES["random"])
    record = record_of_game(game, 3, [t.orders for t in p.turns[1:]], [t.state for t in p.turns[1:]],
                            {"moscow": "policy:random"})
    record.set_note(2, "talks")
    record.set_bookmark(4)
    record.turns[1].umpire.append({"kind": "indicator", "reason": "teaching point",
                                   "changes": {"regime_manpower": 1}})
    record.turns[2].decisions["ankara"] = {"participant": "Ayse", "rationale": "hold al-Bab",
                                           "prediction": {"kind": "place_held", "place": "al_bab",
                                                          "faction": "turkey", "by_turn": 5}}
    record.turns[2].orders["ankara"] = {"actor": "ankara", "attacks": ["al_bab"]}
    record.session = {"started": "2026-11-26 20:00", "umpire": True}
    record.opening_umpire.append({"kind": "paint", "reason": "setting up", "faction": "isis", "cells": [5, 6]})
    data = record.to_json()
    data["parent"] = {"id": "abc123", "file": "parent.syriawar", "turn": 2}
    return json.loads(json.dumps(data))


def load(text: str, game: Game) -> GameRecord | None:
    """Load ``text``; a RecordError must be one clear line naming the file."""
    try:
        return record_from_text(text, NAME, game)
    except RecordError as exc:
        message = str(exc)
        assert message.startswith(f"{NAME}: ") and len(message) > len(NAME) + 8, message
        assert "\n" not in message and len(message) < 2000, message
        return None


def paths_of(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key or index path inside ``data``."""
    out = []
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return out
    for key, value in items:
        out.append((*prefix, key))
        out += paths_of(value, (*prefix, key))
    return out


def parent_of(data: Any, path: tuple) -> tuple[Any, Any]:
    for key in path[:-1]:
        data = data[key]
    return data, path[-1]


def test_the_base_save_loads(base, game):
    assert load(json.dumps(base), game) is not None


@settings(FAST, max_examples=300)
@given(value=json_values)
def test_any_json_value_is_refused_cleanly(game, value):
    text = json.dumps(value)
    assert load(text, game) is None


@settings(FAST, max_examples=300)
@given(text=st.text(max_size=200))
def test_any_text_is_refused_cleanly(game, text):
    assert load(text, game) is None


@settings(FAST, max_examples=700)
@given(pick=st.integers(min_value=0), value=flat_values | st.just("<delete>"))
def test_any_field_replaced_or_deleted_loads_or_is_refused_cleanly(base, game, pick, value):
    data = copy.deepcopy(base)
    paths = paths_of(data)
    holder, key = parent_of(data, paths[pick % len(paths)])
    if value == "<delete>":
        del holder[key]
    else:
        holder[key] = value
    load(json.dumps(data), game)


def test_truncated_saves_are_refused(base, game):
    text = json.dumps(base, sort_keys=True, separators=(",", ":"))
    for cut in range(0, len(text) - 1, max(1, len(text) // 400)):
        assert load(text[:cut], game) is None


def test_bit_flips_load_or_are_refused(base, game, tmp_path):
    data = json.dumps(base, sort_keys=True, separators=(",", ":")).encode("utf-8")
    rng = random.Random(8)
    path = tmp_path / NAME
    for _ in range(600):
        flipped = bytearray(data)
        for _ in range(rng.choice((1, 1, 2, 8))):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(flipped))
        try:
            load_record(path, game)
        except RecordError as exc:
            assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc), str(exc)


def test_every_deleted_key_is_refused(base, game):
    for path in paths_of(base):
        data = copy.deepcopy(base)
        holder, key = parent_of(data, path)
        if isinstance(holder, dict):
            del holder[key]
            record = load(json.dumps(data), game)
            optional = (path[0] in ("notes", "roles") or "changes" in path
                        or ("operations" in path and path[-1] not in OPERATION_REQUIRED)  # fields with defaults
                        or path[-2:-1] == ("decisions",)  # a role's decision, and another role's orders,
                        or (path[-2:-1] == ("orders",) and path[-1] != "moscow"))  # are there only if given
            assert record is None or optional, f"deleting {path} was accepted"


def test_swapped_values_load_or_are_refused(base, game):
    rng = random.Random(5)
    tables = [p for p in [(), *paths_of(base)] if isinstance(parent_of(base, (*p, None))[0], dict)]
    for _ in range(400):
        where = rng.choice(tables)
        data = copy.deepcopy(base)
        table = parent_of(data, (*where, None))[0]
        if len(table) < 2:
            continue
        a, b = rng.sample(sorted(table), 2)
        table[a], table[b] = table[b], table[a]
        load(json.dumps(data), game)


def test_huge_and_deep_inputs_are_one_line(base, game):
    deep = '{"format": "syria-wargame-record", "version": 2, "x": ' + "[" * 50_000 + "]" * 50_000 + "}"
    assert load(deep, game) is None
    data = copy.deepcopy(base)
    data["seed"] = int("9" * 4000)
    assert load(json.dumps(data), game) is None
    assert load(json.dumps(data).replace("9" * 4000, "9" * 5000), game) is None
    data = copy.deepcopy(base)
    data["snapshot"]["state"]["values"]["capital_track"] = 1e308 * 10
    assert load(json.dumps(data), game) is None
    data = copy.deepcopy(base)
    data["turns"] = data["turns"] * 100
    assert load(json.dumps(data), game) is None


def test_python_data_given_to_from_json_is_checked_too(base):
    data = copy.deepcopy(base)
    data["seed"] = 2.5
    with pytest.raises(RecordError, match="seed: expected a whole number, got a number"):
        GameRecord.from_json(data, NAME)
    data = copy.deepcopy(base)
    data["snapshot"]["state"]["values"]["x"] = float("nan")
    with pytest.raises(RecordError, match="not a finite number"):
        GameRecord.from_json(data, NAME)
    assert GameRecord.from_json(copy.deepcopy(base), NAME).seed == 3


def test_fixture_files_are_small(base):
    assert len(json.dumps(base)) < 100_000
    assert Path(__file__).stat().st_size < 50_000
