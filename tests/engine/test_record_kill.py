"""Saving survives SIGKILL: a child saves a record over and over and is killed at random moments.

The child signals after its first save and is killed at a random moment
during the saves that follow; after every kill the file holds a whole
record, the last one saved in full, and it loads. A kill may leave a temporary ``.<name>.*.tmp``
beside it (nothing can remove it once the process is dead); the record
itself is never touched until the rename.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from wargame.actors.policies import POLICIES
from wargame.engine import Game
from wargame.play import play_game
from wargame.record import load_record, record_of_game, save_record

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 12
CHILD = """
import json, sys
from wargame.record import GameRecord, save_record
record = GameRecord.from_json(json.loads(open(sys.argv[1], encoding="utf-8").read()), "base")
i = 0
while True:
    i += 1
    record.set_note(0, f"save {i} " + "x" * (i * 997 % 20000))
    save_record(sys.argv[2], record)
    if i == 1:
        print("ready", flush=True)  # one save done: the kill comes during a later one
"""


def test_a_killed_save_always_leaves_a_whole_record(tmp_path):
    game = Game.load("syria-2017")
    p = play_game(game, 21, POLICIES["random"])
    record = record_of_game(game, 21, [t.orders for t in p.turns[1:]], [t.state for t in p.turns[1:]])
    base = tmp_path / "base.json"
    save_record(base, record)
    target = tmp_path / "game.syriawar"
    save_record(target, record)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(17)
    last_save = 0
    for trial in range(TRIALS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(base), str(target)], stdout=subprocess.PIPE,
                                 env=env, cwd=ROOT)
        try:
            assert child.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0, 0.04))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(10)
            child.stdout.close()
        loaded = load_record(target, game)
        assert loaded.snapshot == p.final and len(loaded.turns) == len(record.turns), f"trial {trial}"
        note = loaded.notes.get(0, "")
        assert note.startswith("save "), note
        last_save = max(last_save, int(note.split()[1]))
        leftovers = {f.name for f in tmp_path.iterdir()} - {"base.json", "game.syriawar"}
        assert all(name.startswith(".game.syriawar.") and name.endswith(".tmp") for name in leftovers), leftovers
    assert last_save > 1, "the kills always came before a second save: nothing was tested"
