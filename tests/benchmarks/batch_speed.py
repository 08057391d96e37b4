"""Games per second of ``wargame batch`` on 1 and on 2 local processes (not part of the normal test run).

    PYTHONPATH=. python tests/benchmarks/batch_speed.py [--games 200] [--policy deal] [--jobs 1,2]

Each run plays the same games (one policy over seeds 1..N) through
:func:`wargame.batch.run_batch`, as the command does, including the pool's
start (spawned workers each load the scenario) and the rows it builds; it
prints wall time, games per second, CPU per game in this process and in the
workers, and checks that every run gave the same state hashes.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from wargame.batch import BatchSpec, MoscowChoice, run_batch  # noqa: E402


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(spec: BatchSpec, jobs: int) -> tuple[float, float, list[str]]:
    """(wall seconds, CPU seconds, the state hashes in batch order) of one run of ``spec``."""
    rows: dict[int, dict] = {}
    cpu, start = _cpu(), time.perf_counter()
    run_batch(spec, rows.__setitem__, jobs=jobs)
    wall = time.perf_counter() - start
    return wall, _cpu() - cpu, [rows[i]["state_hash"] for i in range(spec.total)]


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--policy", default="deal")
    parser.add_argument("--jobs", default="1,2", help="process counts to compare, e.g. 1,2")
    args = parser.parse_args()
    spec = BatchSpec("syria-2017", (MoscowChoice(args.policy, policy=args.policy),), tuple(range(1, args.games + 1)))
    print(f"{args.games} games of {args.policy}, syria-2017")
    print(f"{'processes':>10}{'wall s':>9}{'games/s':>9}{'CPU ms/game':>13}")
    hashes = None
    for jobs in (int(j) for j in args.jobs.split(",")):
        wall, cpu, run_hashes = measure(spec, jobs)
        print(f"{jobs:>10}{wall:>9.1f}{args.games / wall:>9.2f}{1000 * cpu / args.games:>13.0f}")
        if hashes is not None and run_hashes != hashes:
            print("state hashes differ between runs", file=sys.stderr)
            return 1
        hashes = run_hashes
    return 0


if __name__ == "__main__":
    sys.exit(main())
