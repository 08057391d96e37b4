"""CPU per game of an old engine and of this tree's, measured side by side in one run.

    python tests/benchmarks/engine_side_by_side.py [--games 50] [--policy deal] [--procs 1] [--old 72996c1]

The old engine is the ``wargame`` package of commit ``--old`` (``git archive``
into a temporary folder); each engine runs in worker processes of its own
(``--procs`` each) that load the scenario once and play one game to warm up.
The seeds are dealt out in small chunks, played by the old engine's workers and
then by the new one's (the order swapping every chunk), so a machine shared
with other work slows both alike. Each worker measures the CPU time of its own
games only (not start-up or loading); the script prints CPU per game and per
turn for each engine and the speed-up. Games of two engines may differ (rules
change), and a game may end before turn 18, so the figures are also given per
18 turns. Not part of the test run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in each worker: the same entry points exist in the old and the new engine.
WORKER = r"""
import json, sys, time
import wargame
from wargame.actors.policies import POLICIES
from wargame.engine import Game
from wargame.play import play_game

policy = POLICIES[sys.argv[1]]
game = Game.load("syria-2017")
play_game(game, 0, policy)  # warm up: caches, lazy imports
print(json.dumps({"ready": wargame.__file__}), flush=True)
for line in sys.stdin:
    seeds = json.loads(line)
    start = time.process_time()
    played = [play_game(game, seed, policy) for seed in seeds]
    cpu = time.process_time() - start
    print(json.dumps({"cpu": cpu, "games": len(played), "turns": sum(len(p.turns) - 1 for p in played),
                      "hashes": {str(p.seed): p.final.state_hash() for p in played}}), flush=True)
"""


class Engine:
    """One engine's worker processes and its running totals."""

    def __init__(self, name: str, path: Path, policy: str, procs: int) -> None:
        self.name = name
        env = {**os.environ, "PYTHONPATH": str(path)}
        # Started in the engine's own folder, so that no other copy of the package is found first.
        self.workers = [subprocess.Popen([sys.executable, "-c", WORKER, policy], cwd=path, env=env, text=True,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(procs)]
        for worker in self.workers:
            ready = json.loads(worker.stdout.readline())
            if not Path(ready["ready"]).resolve().is_relative_to(path.resolve()):
                raise SystemExit(f"{name}: the worker imported {ready['ready']}, not the engine under {path}")
        self.cpu = self.wall = 0.0
        self.games = self.turns = 0
        self.hashes: dict[str, str] = {}

    def play(self, seeds: list[int]) -> None:
        """Play ``seeds`` spread over the workers, all at once; add up their CPU."""
        start = time.perf_counter()
        shares = [seeds[i::len(self.workers)] for i in range(len(self.workers))]
        busy = [(w, s) for w, s in zip(self.workers, shares) if s]
        for worker, share in busy:
            worker.stdin.write(json.dumps(share) + "\n")
            worker.stdin.flush()
        for worker, _ in busy:
            report = json.loads(worker.stdout.readline())
            self.cpu += report["cpu"]
            self.games += report["games"]
            self.turns += report["turns"]
            self.hashes.update(report["hashes"])
        self.wall += time.perf_counter() - start

    def close(self) -> None:
        for worker in self.workers:
            worker.stdin.close()
            worker.wait()


def extract(revision: str, into: Path) -> Path:
    """The ``wargame`` package of ``revision``, unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "wargame"], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> int:
    """Run the comparison and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=50, help="games per engine (seeds 1..N)")
    parser.add_argument("--policy", default="deal")
    parser.add_argument("--procs", type=int, default=1, help="worker processes per engine")
    parser.add_argument("--old", default="72996c1", help="the old engine's commit")
    parser.add_argument("--chunk", type=int, default=0, help="seeds per turn of each engine (default 2 per process)")
    args = parser.parse_args()
    chunk = args.chunk or 2 * args.procs
    seeds = list(range(1, args.games + 1))
    with tempfile.TemporaryDirectory() as folder:
        old = Engine(f"{args.old} (old)", extract(args.old, Path(folder)), args.policy, args.procs)
        new = Engine("this tree (new)", ROOT, args.policy, args.procs)
        try:
            for number, start in enumerate(range(0, len(seeds), chunk)):
                part = seeds[start:start + chunk]
                for engine in ((old, new) if number % 2 == 0 else (new, old)):
                    engine.play(part)
        finally:
            old.close()
            new.close()
    print(f"{args.games} {args.policy} games (seeds 1-{args.games}), {args.procs} process(es) per engine, "
          f"played in alternating chunks of {chunk}")
    print(f"{'engine':<20}{'turns':>7}{'CPU s':>8}{'ms/game':>9}{'ms/turn':>9}{'ms/18 turns':>13}{'wall s':>8}")
    for engine in (old, new):
        per_turn = 1000 * engine.cpu / engine.turns
        print(f"{engine.name:<20}{engine.turns:>7}{engine.cpu:>8.2f}{1000 * engine.cpu / engine.games:>9.1f}"
              f"{per_turn:>9.2f}{18 * per_turn:>13.1f}{engine.wall:>8.1f}")
    per_game = old.cpu / new.cpu
    per_turn = (old.cpu / old.turns) / (new.cpu / new.turns)
    print(f"speed-up: {per_game:.1f}x CPU per game, {per_turn:.1f}x CPU per turn (per 18-turn game)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
