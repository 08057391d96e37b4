"""Game records: round trips of random games, verification (also in a fresh process), branches, migration.

Nothing here pins game results: the rules are still changing, so every
check compares a record with a game played in the same run.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.actors.policies import POLICIES
from wargame.cli import main
from wargame.dice import Dice
from wargame.engine import Game
from wargame.play import PlayedGame, play_game
from wargame.record import (EXTENSION, FORMAT, VERSION, GameRecord, RecordError, branch, load_record,
                            record_from_text, record_of_game, save_record)
from wargame.replay import Diverged, open_record, replay, verify

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_V1 = ROOT / "tests" / "fixtures" / "record_v1.json"


@pytest.fixture(scope="module")
def game() -> Game:
    return Game.load("syria-2017")


_PLAYED: dict[tuple[int, str], PlayedGame] = {}


def played(game: Game, seed: int, policy: str) -> PlayedGame:
    if (seed, policy) not in _PLAYED:
        _PLAYED[seed, policy] = play_game(game, seed, POLICIES[policy])
    return _PLAYED[seed, policy]


def record_of(game: Game, p: PlayedGame, policy: str) -> GameRecord:
    return record_of_game(game, p.seed, [t.orders for t in p.turns[1:]], [t.state for t in p.turns[1:]],
                          {"moscow": f"policy:{policy}"})


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**40), policy=st.sampled_from(sorted(POLICIES)))
def test_round_trip_of_random_games(game, tmp_path, seed, policy):
    p = played(game, seed, policy)
    record = record_of(game, p, policy)
    path = tmp_path / f"game-{seed}-{policy}{EXTENSION}"
    save_record(path, record)
    loaded = load_record(path, game)
    assert loaded.snapshot == p.final
    assert loaded.to_text() == record.to_text() == path.read_text(encoding="utf-8")
    replayed = replay(game, loaded)  # what verify does: it raises at the first hash that differs
    assert [t.state for t in replayed] == [t.state for t in p.turns]


def test_a_loaded_snapshot_plays_on_exactly_like_the_original(game):
    p = played(game, 11, "random")
    record = record_of_game(game, 11, [t.orders for t in p.turns[1:7]], [t.state for t in p.turns[1:7]])
    loaded = record_from_text(record.to_text(), "r", game)
    assert loaded.snapshot == p.turns[6].state
    result = game.resolve_turn(loaded.snapshot, p.turns[7].orders, Dice(11))
    assert result.state == p.turns[7].state


def test_the_file_is_canonical_and_versioned(game):
    p = played(game, 3, "deal")
    record = record_of(game, p, "deal")
    text = record.to_text()
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert data["format"] == FORMAT and data["version"] == VERSION == 3 and data["app_version"]
    assert data["scenario"]["id"] == "syria-2017" and len(data["scenario"]["hash"]) == 64
    assert data["roles"]["moscow"] == "policy:deal" and data["roles"]["damascus"] == "bot"
    assert [t["turn"] for t in data["turns"]] == list(range(1, len(p.turns)))
    for turn in data["turns"]:
        assert set(turn) == {"turn", "orders", "umpire", "decisions", "state_hash"}
        assert set(turn["orders"]) == {"moscow"} and turn["umpire"] == []
    assert data["snapshot"]["turn"] == len(p.turns) - 1 and data["parent"] is None
    assert len(text) < 100_000


def test_verify_in_a_fresh_process_with_another_hash_seed(game, tmp_path):
    paths, expected = [], []
    for seed, policy in ((1, "random"), (2, "hardline"), (5, "chips")):
        path = tmp_path / f"g{seed}{EXTENSION}"
        p = played(game, seed, policy)
        save_record(path, record_of(game, p, policy))
        paths.append(str(path))
        expected.append(f"True {len(p.turns) - 1}")
    script = ("import sys; from wargame.record import load_record, installed_game; from wargame.replay import verify\n"
              "for p in sys.argv[1:]:\n"
              "    r = load_record(p); v = verify(installed_game(r.scenario_id), r); print(v.ok, v.turns_checked)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "4242"}
    result = subprocess.run([sys.executable, "-c", script, *paths], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == expected
    cli = subprocess.run([sys.executable, "-m", "wargame.cli", "verify", paths[0]], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "77"}, cwd=ROOT, timeout=120)
    assert cli.returncode == 0 and f"all {expected[0].split()[1]} turns verify" in cli.stdout


def test_a_changed_hash_diverges_at_that_turn_and_opens_up_to_the_turn_before(game):
    record = record_of(game, played(game, 4, "chips"), "chips")
    last = record.last_turn
    bad = last // 2 + 1
    record.turns[bad - 1].state_hash = "0" * 64
    result = verify(game, record)
    assert not result.ok and result.diverged_turn == bad and "state hash differs" in result.reason
    assert result.turns_checked == bad - 1
    with pytest.raises(Diverged) as caught:
        replay(game, record)
    assert caught.value.turn == bad and len(caught.value.verified) == bad
    opened = open_record(game, record)
    assert opened.record.last_turn == bad - 1 and len(opened.turns) == bad
    assert f"opened up to turn {bad - 1}, the last turn that still verifies" in opened.warning
    assert verify(game, opened.record).ok
    assert record.last_turn == last, "the original record is untouched"


def test_a_changed_last_turn_names_what_differs_and_a_changed_scenario_is_mentioned(game):
    p = played(game, 6, "deal")
    record = record_of(game, p, "deal")
    record.scenario_hash = "f" * 64
    other = replace(p.final, capital=p.final.capital + 1)
    record.snapshot = other
    record.turns[-1].state_hash = other.state_hash()
    result = verify(game, record)
    assert result.diverged_turn == len(p.turns) - 1 and "differs (in capital)" in result.reason
    assert "scenario's files have changed" in result.reason


def test_orders_the_rules_refuse_diverge_with_the_reason(game):
    record = record_of(game, played(game, 8, "deal"), "deal")
    record.turns[0].orders["moscow"]["actions"] = ["press_assad"] * 2
    result = verify(game, record)
    assert result.diverged_turn == 1 and "no longer accept" in result.reason


def test_replay_upto_and_partial_records(game):
    p = played(game, 9, "hardline")
    record = record_of_game(game, 9, [t.orders for t in p.turns[1:5]], [t.state for t in p.turns[1:5]])
    assert record.last_turn == 4 and record.snapshot == p.turns[4].state
    assert [t.state for t in replay(game, record, upto=2)] == [t.state for t in p.turns[:3]]
    assert verify(game, record).ok
    with pytest.raises(ValueError, match="does not follow"):
        record.append_turn(p.turns[6].orders, p.turns[6].state)


def test_branch_remembers_its_parent_and_leaves_the_old_record_alone(game, tmp_path):
    p = played(game, 10, "random")
    record = record_of(game, p, "random")
    record.set_note(3, "the ceasefire holds")
    record.set_bookmark(12)
    record.set_bookmark(2)
    path = tmp_path / f"parent{EXTENSION}"
    save_record(path, record)
    before = path.read_bytes()
    parent = load_record(path, game)
    states = replay(game, parent, upto=5)
    child = branch(parent, 5, states[5].state)
    assert child.parent.id == parent.id and child.parent.turn == 5 and child.parent.file == str(path)
    assert child.id != parent.id and child.last_turn == 5 and child.snapshot == p.turns[5].state
    assert child.notes == {3: "the ceasefire holds"} and child.bookmarks == {2}
    assert parent.last_turn == 18 and parent.bookmarks == {2, 12}
    orders = POLICIES["deal"](game, child.snapshot, Dice(child.seed))
    child.append_turn(orders, game.resolve_turn(child.snapshot, orders, Dice(child.seed)).state)
    save_record(tmp_path / f"child{EXTENSION}", child)
    assert path.read_bytes() == before
    again = load_record(tmp_path / f"child{EXTENSION}", game)
    assert again.parent == child.parent and verify(game, again).ok
    assert branch(parent, 7).snapshot is None and verify(game, branch(parent, 7)).ok


def test_version_1_fixture_migrates_to_the_current_version_with_the_same_orders_and_seed(game):
    v1 = json.loads(FIXTURE_V1.read_text(encoding="utf-8"))
    assert v1["version"] == 1
    record = load_record(FIXTURE_V1, game)
    assert record.seed == v1["seed"] and record.scenario_id == v1["scenario"]
    assert record.scenario_hash == v1["scenario_hash"]
    assert record.roles == {"moscow": "policy:deal"}
    assert [t.orders for t in record.turns] == [{"moscow": t["orders"]} for t in v1["turns"]]
    assert [t.state_hash for t in record.turns] == [t["state_hash"] for t in v1["turns"]]
    assert all(t.umpire == [] for t in record.turns) and record.snapshot is None and record.parent is None
    assert record.id == load_record(FIXTURE_V1, game).id, "a migrated record gets a stable id"
    data = json.loads(record.to_text())
    assert data["version"] == VERSION and record_from_text(record.to_text(), "v3", game).to_text() == record.to_text()
    assert data["session"] is None and data["opening_umpire"] == [] and all(t["decisions"] == {} for t in data["turns"])


def test_a_future_version_and_other_files_are_refused_with_one_line(game, tmp_path):
    data = json.loads(record_of(game, played(game, 3, "deal"), "deal").to_text())
    data["version"] = VERSION + 1
    path = tmp_path / f"future{EXTENSION}"
    path.write_text(json.dumps(data))
    with pytest.raises(RecordError) as caught:
        load_record(path, game)
    assert str(caught.value) == (f"{path}: version: the record is version {VERSION + 1}, written by a newer version "
                                 f"of the game; this one reads versions 1-{VERSION}: update the game to open it")
    path.write_text('{"scenario": "syria-2017", "turns": []}')
    with pytest.raises(RecordError, match="not a game record"):
        load_record(path, game)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["turns"][2]["orders"]["moscow"].update(strategy="nuke"),
     "turn 3: orders.moscow.strategy: unknown option 'nuke'"),
    (lambda d: d["turns"][2]["orders"]["moscow"].update(actions=["warp"]),
     "turn 3: orders.moscow.actions: unknown action 'warp'"),
    (lambda d: d["turns"][2]["orders"].update(cairo={"actor": "cairo", "attacks": []}),
     "turn 3: orders: unknown role 'cairo'"),
    (lambda d: d["turns"][2]["orders"].update(ankara={"actor": "ankara", "attacks": ["cairo"]}),
     "turn 3: orders.ankara.attacks: unknown option 'cairo'"),
    (lambda d: d["turns"][2]["orders"].update(ankara={"actor": "sdf", "attacks": []}),
     "orders of 'sdf' filed under 'ankara'"),
    (lambda d: d["roles"].update(cairo="bot"), "roles: unknown role 'cairo'"),
    (lambda d: d["turns"][3].update(turn=9), "turns[3].turn: turn 9 where turn 4 was expected"),
    (lambda d: d.update(seed="3"), "seed: expected a whole number, got a string"),
    (lambda d: d.update(seed=10**40), "seed: a number of about 41 digits is out of range"),
    (lambda d: d["snapshot"]["state"].update(control="X" + d["snapshot"]["state"]["control"][1:]),
     "snapshot.state.control: unknown faction code 'X'"),
    (lambda d: d["snapshot"]["state"]["operations"].append(
        {"id": "x", "attacker": "mars", "defender": "isis", "objective": "palmyra", "started": 1, "label": "",
         "sponsor": ""}), "unknown faction 'mars'"),
    (lambda d: d["snapshot"]["state"]["values"].update(morale=1.0), "unknown indicator 'morale'"),
    (lambda d: d["snapshot"]["state"].update(capital=d["snapshot"]["state"]["capital"] + 1),
     "snapshot: does not match the recorded hash of turn"),
    (lambda d: d["turns"][0]["umpire"].append({"kind": "nudge", "reason": "x"}), "unknown kind 'nudge'"),
    (lambda d: d["turns"][0]["umpire"].append({"kind": "indicator", "reason": " ", "changes": {}}),
     "an intervention needs a reason"),
    (lambda d: d["turns"][0]["umpire"].append({"kind": "paint", "reason": "x", "faction": "isis", "cells": [10**6]}),
     "turn 1: umpire[0]: no cell 1000000 on the board"),
    (lambda d: d["turns"][0]["umpire"].append({"kind": "die", "reason": "x", "operation": "a", "roll": 3}),
     "a die between 0.6 and 1.4"),
    (lambda d: d["turns"][0]["decisions"].update(ankara={"participant": "A", "rationale": "",
                                                         "prediction": {"kind": "guess"}}),
     "turn 1: decisions.ankara.prediction: unknown kind of prediction 'guess'"),
    (lambda d: d.update(session={"started": "now", "umpire": "yes"}), "session.umpire: expected true or false"),
    (lambda d: d["notes"].update({"40": "x"}), "notes: '40' is not a turn of the record"),
    (lambda d: d["turns"].extend([d["turns"][-1]] * 3), "where turn"),
    (lambda d: (d["turns"].extend({**d["turns"][-1], "turn": n} for n in range(len(d["turns"]) + 1, 30)),
                d.update(snapshot=None)), "turns: 29 turns, but a game of syria-2017 lasts 18"),
])
def test_bad_fields_get_one_line_naming_the_file_and_the_field(game, edit, message):
    data = json.loads(record_of(game, played(game, 3, "deal"), "deal").to_text())
    edit(data)
    with pytest.raises(RecordError) as caught:
        record_from_text(json.dumps(data), "game.syriawar", game)
    assert str(caught.value).startswith("game.syriawar: ") and message in str(caught.value), str(caught.value)


def test_cli_save_verify_and_replay(game, tmp_path, capsys):
    record_path, json_path = tmp_path / f"g{EXTENSION}", tmp_path / "g.json"
    assert main(["play", "--scenario", "syria-2017", "--seed", "12", "--moscow", "random", "--save",
                 str(record_path), "--json", str(json_path)]) == 0
    assert main(["verify", str(record_path)]) == 0
    assert "turns verify" in capsys.readouterr().out
    assert main(["replay", str(record_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json_path.read_text())
    assert main(["replay", str(record_path)]) == 0 and "OUTCOME:" in capsys.readouterr().out
    data = json.loads(record_path.read_text())
    data["scenario"]["hash"] = "f" * 64
    record_path.write_text(json.dumps(data))
    assert main(["verify", str(record_path)]) == 0
    assert "the scenario's files have changed since, but the game still plays the same" in capsys.readouterr().out
    data["turns"][4]["state_hash"] = "a" * 64
    record_path.write_text(json.dumps(data))
    assert main(["verify", str(record_path)]) == 1
    assert "diverges at turn 5: the state hash differs" in capsys.readouterr().out
    assert main(["replay", str(record_path), "--json"]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert len(report["turns"]) == 5 and "opened up to turn 4" in err
    assert report["finished"] is False and report["outcome"] is None, "no verdict for a game cut short"
    assert main(["replay", str(record_path)]) == 1
    out = capsys.readouterr().out
    assert "OUTCOME" not in out and "election" not in out.split("== ")[-1]
    assert "UNFINISHED: the game stops after April 2017 (turn 4 of 18)" in out
    record_path.write_text("{")
    assert main(["verify", str(record_path)]) == 2
    assert "invalid JSON" in capsys.readouterr().err


def test_a_record_the_rules_no_longer_accept_opens_up_to_the_turn_before(game, tmp_path, capsys):
    """As if the scenario had dropped an action used at turn 3 and shrunk the board: lenient loading, then replay."""
    data = json.loads(record_of(game, played(game, 13, "deal"), "deal").to_text())
    data["turns"][2]["orders"]["moscow"]["actions"] = ["warp"]
    data["snapshot"]["state"]["control"] += "R"
    path = tmp_path / f"old{EXTENSION}"
    path.write_text(json.dumps(data))
    with pytest.raises(RecordError, match="unknown action 'warp'"):
        load_record(path, game)
    record = load_record(path, game, lenient=True)
    assert record.snapshot is None and record.last_turn == len(data["turns"])
    opened = open_record(game, record)
    assert opened.record.last_turn == 2 and len(opened.turns) == 3
    assert f"{path}: opened up to turn 2, the last turn that still verifies (turn 3: the rules no longer " \
           f"accept the orders" in opened.warning and "warp" in opened.warning
    assert main(["verify", str(path)]) == 1
    assert "diverges at turn 3: the rules no longer accept the orders" in capsys.readouterr().out


def test_a_record_that_could_not_be_read_back_is_not_saved(game, tmp_path):
    record = record_of(game, played(game, 3, "deal"), "deal")
    record.roles["moscow"] = "somebody"
    path = tmp_path / f"g{EXTENSION}"
    with pytest.raises(RecordError, match="cannot save the game: roles.moscow: unknown kind of player 'somebody'"):
        save_record(path, record)
    assert not path.exists()
