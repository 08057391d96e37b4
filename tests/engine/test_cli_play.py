"""``wargame play`` and ``wargame decisions``: the JSON of a game, orders files, and clear errors for bad input."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wargame.factions import FACTION_IDS
from wargame.indicators import NAMES
from wargame.summary import KEY_PLACES
from tests.helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ("trilateral_talks", "ceasefire_proposal", "joint_us_strikes", "press_assad", "evacuation_deal",
           "deploy_monitors", "unsc_move", "palmyra_push")
TOP_KEYS = {"scenario", "seed", "moscow", "finished", "outcome", "turns"}
OUTCOME_KEYS = {"id", "name", "score", "summary", "objectives"}
TURN_KEYS = {"turn", "date", "state_hash", "orders", "control", "by_governorate", "places", "indicators", "capital",
             "events"}
ORDERS_KEYS = {"strategy", "air_focus", "air_intensity", "ground", "actions"}




def play_args(moscow: str, *extra: str, seed: str = "3") -> list[str]:
    return ["play", "--scenario", "syria-2017", "--seed", seed, "--moscow", moscow, *extra]


def check_report(data: dict, moscow: str, seed: int) -> None:
    """The documented shape of a game's JSON."""
    assert set(data) == TOP_KEYS
    assert data["scenario"] == "syria-2017" and data["seed"] == seed and data["moscow"] == moscow
    assert data["finished"] is True
    outcome = data["outcome"]
    assert set(outcome) >= OUTCOME_KEYS and isinstance(outcome["id"], str) and outcome["summary"]
    assert isinstance(outcome["score"], int) and 0 <= outcome["score"] <= 100
    turns = data["turns"]
    assert [t["turn"] for t in turns] == list(range(len(turns))) and 2 <= len(turns) <= 19
    assert turns[0]["date"] == "2016-12" and turns[1]["date"] == "2017-01"
    assert turns[0]["orders"] is None and turns[0]["events"] == []
    total_cells = None
    for turn in turns:
        assert set(turn) == TURN_KEYS, f"turn {turn['turn']}: keys {sorted(turn)}"
        assert len(turn["state_hash"]) == 64 and int(turn["state_hash"], 16) >= 0
        assert set(turn["control"]) == set(FACTION_IDS)
        for entry in turn["control"].values():
            assert set(entry) == {"cells", "area_km2", "population"}
        cells = sum(e["cells"] for e in turn["control"].values())
        total_cells = total_cells or cells
        assert cells == total_cells
        assert cells == sum(n for gov in turn["by_governorate"].values() for n in gov.values())
        assert all(set(gov) <= set(FACTION_IDS) for gov in turn["by_governorate"].values())
        assert list(turn["places"]) == list(KEY_PLACES) and len(turn["places"]) == 35
        assert set(turn["places"].values()) <= set(FACTION_IDS)
        assert set(turn["indicators"]) == set(NAMES)
        assert all(isinstance(v, (int, float)) for v in turn["indicators"].values())
        for event in turn["events"]:
            assert set(event) == {"rule", "claim", "text"} and event["rule"] and event["text"]
        if turn["turn"]:
            assert set(turn["orders"]) == ORDERS_KEYS and turn["events"]


@pytest.mark.parametrize("policy", ["hardline", "deal", "chips", "random"])
def test_play_writes_the_documented_json(policy, tmp_path, capsys):
    target = tmp_path / "game.json"
    status, out, err = run(play_args(policy, "--json", str(target)), capsys)
    assert status == 0, err
    assert "wrote" in out and str(target) in out
    check_report(json.loads(target.read_text(encoding="utf-8")), policy, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"], "a temporary file was left behind"


def test_play_json_to_stdout(capsys):
    status, out, err = run(play_args("deal", "--json", "-", seed="8"), capsys)
    assert status == 0 and not err
    data = json.loads(out)
    check_report(data, "deal", 8)


def test_play_without_json_tells_the_story_and_the_verdict(capsys):
    status, out, _ = run(play_args("chips"), capsys)
    assert status == 0
    assert "== 2017-01 (turn 1)" in out and "OUTCOME:" in out


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, capsys, monkeypatch):
    target = tmp_path / "game.json"
    target.write_text("old\n", encoding="utf-8")

    def refuse(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    status, _, err = run(play_args("deal", "--json", str(target)), capsys)
    assert status == 2 and "--json" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]


ORDERS = """
[default]
strategy = "deal"
air_focus = "isis"
air_intensity = "medium"
ground = "military_police"
actions = []

[turn.1]
actions = ["trilateral_talks"]

[turn.3]
strategy = "chips"
air_intensity = "high"
actions = ["ceasefire_proposal"]
"""


def test_orders_file_is_played_turn_by_turn(tmp_path, capsys):
    orders = tmp_path / "plan.toml"
    orders.write_text(ORDERS, encoding="utf-8")
    status, out, err = run(play_args(str(orders), "--json", "-"), capsys)
    assert status == 0, err
    data = json.loads(out)
    check_report(data, str(orders), 3)
    turns = data["turns"]
    default = {"strategy": "deal", "air_focus": "isis", "air_intensity": "medium", "ground": "military_police"}
    assert turns[1]["orders"] == {**default, "actions": ["trilateral_talks"]}
    assert turns[2]["orders"] == {**default, "actions": []}
    assert turns[3]["orders"] == {**default, "strategy": "chips", "air_intensity": "high",
                                  "actions": ["ceasefire_proposal"]}
    assert turns[4]["orders"] == {**default, "actions": []}
    assert any(e["rule"] == "action.ceasefire_proposal" for e in turns[3]["events"])


@pytest.mark.parametrize(
    "argv, message",
    [
        (play_args("nope"), "'nope' is neither a policy (hardline, deal, chips, random) nor an existing orders file"),
        (play_args("missing/plan.toml"), "is neither a policy"),
        (play_args("deal", seed="-1"), "wargame: error: --seed: must be >= 0, got -1"),
        (play_args("deal", seed="x"), "--seed: must be a whole number, got 'x'"),
        (play_args("deal", seed="1.5"), "--seed: must be a whole number"),
        (["play", "--scenario", "syria-2017", "--seed", "1"], "the following arguments are required: --moscow"),
        (["play", "--scenario", "syria-2099", "--seed", "1", "--moscow", "deal"], "unknown scenario 'syria-2099'"),
        (play_args("deal", "--json", "no/such/folder/game.json"), "--json: folder no/such/folder does not exist"),
    ],
)
def test_bad_play_arguments_exit_2_with_a_clear_message(argv, message, capsys):
    status, _, err = run(argv, capsys)
    assert status == 2
    assert message in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "text, messages",
    [
        ("[default\nstrategy = 'deal'", ["invalid TOML"]),
        ("[frobnicate]\nx = 1", ["unknown section(s) frobnicate"]),
        ("[turn.0]\nactions = []", ["turn.0", "1-18"]),
        ("[turn.19]\nactions = []", ["turn.19", "1-18"]),
        ("[turn.x]\nactions = []", ["turn.x", "1-18"]),
        ("[turn.1_0]\nactions = []", ["turn.1_0", "plain number 1-18"]),
        ("[turn.\" 3\"]\nactions = []", ["turn. 3", "plain number 1-18"]),
        ("[turn.\"\u0663\"]\nactions = []", ["plain number 1-18"]),
        ("[turn.03]\nactions = []", ["turn.03", "plain number 1-18"]),
        ("[turn.\"+3\"]\nactions = []", ["plain number 1-18"]),
        ("[default]\nstrategy = 'attack'", ["default.strategy", "'attack'", "offensive, chips, deal"]),
        ("[turn.4]\nair_focus = 'sea'", ["turn.4.air_focus", "'sea'", "rebels, balanced, isis"]),
        ("[default]\nground = 'navy'", ["default.ground", "none, advisers, military_police, contractors, brigade"]),
        ("[default]\nactions = ['nuke']", ["default.actions", "unknown action 'nuke'", "trilateral_talks"]),
        ("[default]\nactions = 'x'", ["default.actions", "expected a list of action ids"]),
        ("[default]\nstrategy = 3", ["default.strategy", "expected a string"]),
        ("[default]\ncolour = 'red'", ["default", "unknown field(s) colour"]),
    ],
)
def test_bad_orders_files_exit_2_naming_the_file_and_field(text, messages, tmp_path, capsys):
    orders = tmp_path / "bad.toml"
    orders.write_text(text + "\n", encoding="utf-8")
    status, out, err = run(play_args(str(orders)), capsys)
    assert status == 2 and not out
    assert str(orders) in err, err
    for message in messages:
        assert message in err, err
    assert "Traceback" not in err


def test_decisions_text_lists_every_action_with_cost_and_odds(capsys):
    status, out, _ = run(["decisions", "--scenario", "syria-2017"], capsys)
    assert status == 0
    lines = out.splitlines()
    for action in ACTIONS:
        line = next((ln for ln in lines if ln.strip().startswith(action + " ")), None)
        assert line is not None, f"{action} missing from:\n{out}"
        assert "cost " in line and "odds now " in line and "%" in line, line
    for option in ("offensive", "chips", "deal", "rebels", "isis", "surge", "brigade"):
        assert option in out


def test_decisions_json_lists_every_action_with_cost_and_odds(capsys):
    status, out, _ = run(["decisions", "--scenario", "syria-2017", "--json"], capsys)
    assert status == 0
    data = json.loads(out)
    assert set(data["stances"]) == {"strategy", "air_focus", "air_intensity", "ground"}
    assert set(data["stances"]["strategy"]) == {"offensive", "chips", "deal"}
    assert [a["id"] for a in data["actions"]] == list(ACTIONS)
    for action in data["actions"]:
        assert isinstance(action["cost"], int) and action["cost"] > 0, action
        assert 0.0 <= action["odds_at_start"] <= 1.0, action
        assert action["label"] and action["claim"].startswith("C"), action


def test_play_in_a_subprocess(tmp_path):
    target = tmp_path / "game.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run([sys.executable, "-m", "wargame.cli", *play_args("hardline", "--json", str(target))],
                        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert ok.returncode == 0, ok.stderr
    check_report(json.loads(target.read_text(encoding="utf-8")), "hardline", 3)
    bad = subprocess.run([sys.executable, "-m", "wargame.cli", *play_args("hardline", seed="-5")],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "--seed: must be >= 0" in bad.stderr and "Traceback" not in bad.stderr


def test_the_story_announces_every_key_place_that_changes_hands_and_groups_repeats(capsys):
    from tests.engine.games import game, played
    from wargame.summary import KEY_PLACES

    status, out, _ = run(play_args("deal", seed="1"), capsys)
    assert status == 0
    g, whole = game(), played("deal", 1)
    months = out.split("\n== ")[1:]
    assert len(months) == len(whole.turns) - 1
    for month, before, after in zip(months, whole.turns, whole.turns[1:]):
        for place in KEY_PLACES:
            cell = g.board.places[place].cell
            announced = f"* {g.board.places[place].name} changes hands:" in month
            assert announced == (before.state.control[cell] != after.state.control[cell]), (place, month[:40])
    assert "As last month: " in out
    assert out.count("Damascus and Tehran resent it") == 1, "a monthly upkeep line is told in full once"
    for raw in (" sdf ", " turkey take", " isis take", "(opposition)"):
        assert raw not in out, raw
