"""What-if batches: many games of several Moscow plans over many seeds, one row per game.

A batch is a :class:`BatchSpec` (scenario, plans, seeds). Its games are cut
into small chunks that run in this process, in a pool of local processes
(each loads the game once) or on a Dask cluster; every way gives the same
rows, because a game is fixed by its seed and orders. :func:`run_batch`
hands each row to a callback as soon as its chunk is done, with the row's
place in the batch, so that a sink can write them in order and keep what was
played when the batch is stopped. Nothing here knows about files or screens:
see :mod:`wargame.batch_output` and :mod:`wargame.batch_summary`.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import re
import signal
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from wargame.factions import FACTION_IDS
from wargame.indicators import NAMES
from wargame.orders import OrdersError, OrdersPlan
from wargame.summary import KEY_PLACES, area_shares

MAX_GAMES = 1_000_000  # a sane cap: about a day on two cores at today's speed
AREA_TURNS = (6, 12, 18)  # the turns whose map is summarised as area shares
DASK_CONNECT_TIMEOUT = "10s"

Row = dict[str, Any]
RowCallback = Callable[[int, Row], None]  # (place of the game in the batch, its row)
ProgressCallback = Callable[[int], None]  # games done so far


class BatchError(ValueError):
    """A batch cannot run (bad seeds, plans or cluster, or a game failed); the message says why."""


@dataclass(frozen=True)
class MoscowChoice:
    """Who plays Moscow in a game: a built-in policy (by name) or the plan of an orders file.

    Plain, picklable data: worker processes and cluster workers build the
    orders source from it themselves.
    """

    label: str
    policy: str | None = None
    plan: OrdersPlan | None = None

    @property
    def role(self) -> str:
        """The role string a game record stores (``policy:deal``, ``orders:my-plan.toml``)."""
        return f"policy:{self.policy}" if self.policy is not None else f"orders:{self.label}"

    def source(self):
        """Moscow's orders source for :func:`wargame.play.play_game`."""
        from wargame.actors.policies import POLICIES
        from wargame.play import plan_source

        return POLICIES[self.policy] if self.policy is not None else plan_source(self.plan)


@dataclass(frozen=True)
class BatchSpec:
    """What a batch plays: every plan over every seed, seed by seed (so a stopped batch stays paired)."""

    scenario: str
    choices: tuple[MoscowChoice, ...]
    seeds: tuple[int, ...]

    @property
    def total(self) -> int:
        """Number of games."""
        return len(self.choices) * len(self.seeds)

    def game(self, index: int) -> tuple[int, int]:
        """(plan index, seed) of the ``index``-th game."""
        return index % len(self.choices), self.seeds[index // len(self.choices)]


# -- seeds ----------------------------------------------------------------------------------
_SEED_PART = re.compile(r"([0-9]+)(?:-([0-9]+))?", re.ASCII)


def parse_seeds(text: str, limit: int = MAX_GAMES) -> tuple[int, ...]:
    """Seeds from ``1-2000``, ``1,5,9`` or a mix (``1-10,20,30-40``); repeats are played once.

    Raises :class:`BatchError` for an empty list, a part that is not a seed or
    a range, a backwards range, or more than ``limit`` seeds.
    """
    if not text.strip():
        raise BatchError("--seeds: empty (give seeds like 1-2000 or 1,5,9)")
    bounds = []
    count = 0
    for part in text.split(","):
        match = _SEED_PART.fullmatch(part.strip())
        if match is None:
            raise BatchError(f"--seeds: {part.strip()!r} is not a seed or a range of seeds "
                             f"(whole numbers >= 0, like 1-2000 or 1,5,9)")
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) is not None else first
        if last < first:
            raise BatchError(f"--seeds: the range {first}-{last} runs backwards (write {last}-{first})")
        count += last - first + 1
        if count > limit:
            raise BatchError(f"--seeds: {text.strip()} is more than {limit:,} seeds; a batch plays at most "
                             f"{limit:,} games (split it into several batches)")
        bounds.append((first, last))
    return tuple(dict.fromkeys(seed for first, last in bounds for seed in range(first, last + 1)))


def parse_plan_names(text: str) -> list[str]:
    """The comma-separated entries of ``--moscow``; empty or repeated entries raise :class:`BatchError`."""
    names = [name.strip() for name in text.split(",")]
    if any(not name for name in names):
        raise BatchError(f"--moscow: empty entry in {text!r} (give policies or orders files separated by commas)")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise BatchError(f"--moscow: {', '.join(repeated)} given more than once")
    return names


# -- one game, one row ----------------------------------------------------------------------
def row_columns(objective_ids: Sequence[str], places: Sequence[str]) -> list[str]:
    """The columns of a batch row, in file order."""
    return (["policy", "seed", "verdict", "score", "turns"]
            + [f"points_{o}" for o in objective_ids]
            + [f"end_{name}" for name in NAMES]
            + [f"area_t{turn}_{faction}" for turn in AREA_TURNS for faction in FACTION_IDS]
            + [f"changed_{place}" for place in places]
            + ["state_hash"])


def batch_columns(game) -> list[str]:
    """The columns of ``game``'s batch rows (its objectives and the key places its board has)."""
    from wargame.play import judge

    objectives = [o.id for o in judge(game, game.opening()).objectives]
    return row_columns(objectives, [p for p in KEY_PLACES if p in game.board.places])


def game_row(game, played, label: str) -> Row:
    """One row of a batch: the verdict, the score's parts, the end indicators, areas and key places.

    Areas at turns after the end of a shorter game are those of its last turn
    (the map no longer changes); ``changed_<place>`` is the first turn the
    place's holder differs from the opening, or None.
    """
    turns = played.turns
    final = played.final
    outcome = played.outcome
    row: Row = {"policy": label, "seed": played.seed, "verdict": outcome.id, "score": int(outcome.score),
                "turns": final.turn}
    row.update({f"points_{o.id}": int(round(o.points)) for o in outcome.objectives})
    row.update({f"end_{name}": float(final.values[name]) for name in NAMES})
    for turn in AREA_TURNS:
        shares = area_shares(game.board, turns[min(turn, len(turns) - 1)].state.control)
        row.update({f"area_t{turn}_{faction}": round(shares[faction], 3) for faction in FACTION_IDS})
    places = game.board.places
    opening = turns[0].state.control
    for place in KEY_PLACES:
        if place not in places:
            continue
        cell = places[place].cell
        row[f"changed_{place}"] = next((t.state.turn for t in turns[1:] if t.state.control[cell] != opening[cell]),
                                       None)
    row["state_hash"] = final.state_hash()
    return row


_local = threading.local()  # a Game keeps caches of the last position: one per thread, never shared


def _game_for(scenario: str):
    games = getattr(_local, "games", None)
    if games is None:
        games = _local.games = {}
    if scenario not in games:
        from wargame.engine import Game

        games[scenario] = Game.load(scenario)
    return games[scenario]


def play_chunk(scenario: str, choices: Sequence[MoscowChoice], chunk: Sequence[tuple[int, int, int]]
               ) -> list[tuple[int, Row]]:
    """Play the games ``(index, plan index, seed)`` of a chunk; (index, row) for each.

    A module-level function of plain arguments, so a process pool or a Dask
    worker can run it; each worker thread loads the scenario once.
    """
    from wargame.play import play_game

    game = _game_for(scenario)
    out = []
    for index, choice_index, seed in chunk:
        choice = choices[choice_index]
        try:
            played = play_game(game, seed, choice.source())
        except OrdersError as exc:  # an orders file the rules refuse later in the game
            raise BatchError(f"{choice.label}, seed {seed}: {exc}") from None
        out.append((index, game_row(game, played, choice.label)))
    return out


def _chunks(spec: BatchSpec, size: int) -> Iterator[tuple[tuple[int, int, int], ...]]:
    for start in range(0, spec.total, size):
        yield tuple((i, *spec.game(i)) for i in range(start, min(start + size, spec.total)))


def chunk_size(total: int, workers: int) -> int:
    """Games per task: small enough for a lively progress bar and a quick stop, big enough to amortise."""
    return max(1, min(4, total // max(1, workers * 8)))


# -- running --------------------------------------------------------------------------------
def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_batch(spec: BatchSpec, on_row: RowCallback, *, jobs: int = 1, dask: Any = None,
              on_progress: ProgressCallback | None = None) -> int:
    """Play every game of ``spec``, handing each row to ``on_row`` as its chunk finishes; the number played.

    ``dask`` (a scheduler address, or a client from :func:`connect_dask`,
    which stays open) sends the work to a Dask cluster; else
    ``jobs`` local processes play it (1: in this process). A
    KeyboardInterrupt stops the batch: games already finished are still
    handed over, then the interrupt is raised again. A game that fails
    raises :class:`BatchError`.
    """
    done = 0

    def deliver(rows: list[tuple[int, Row]]) -> None:
        nonlocal done
        for index, row in rows:
            on_row(index, row)
        done += len(rows)
        if on_progress is not None:
            on_progress(done)

    if dask is not None:
        _run_dask(spec, deliver, dask)
    elif jobs <= 1:
        for chunk in _chunks(spec, 1):
            deliver(play_chunk(spec.scenario, spec.choices, chunk))
    else:
        _run_pool(spec, deliver, jobs)
    return done


def _init_worker(scenario: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; it stops the pool
    _game_for(scenario)
    # The loaded scenario (tens of thousands of objects that live as long as the worker) is moved
    # out of the garbage collector's sight, so its full collections no longer walk it. Only in
    # these worker processes, which do nothing else.
    gc.freeze()


def _game_failed(exc: BaseException) -> BatchError:
    if isinstance(exc, BatchError):
        return exc
    hint = " (is syria-wargame installed on every worker?)" if isinstance(exc, ImportError) else ""
    return BatchError(f"a game failed: {type(exc).__name__}: {exc}{hint}")


def _run_pool(spec: BatchSpec, deliver: Callable[[list[tuple[int, Row]]], None], jobs: int) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    chunks = _chunks(spec, chunk_size(spec.total, jobs))
    # spawn, not fork: safe in a process with threads (the window, a test runner) and the same on every OS
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(spec.scenario,))
    pending: set = set()
    try:
        for chunk in chunks:
            pending.add(pool.submit(play_chunk, spec.scenario, spec.choices, chunk))
            if len(pending) >= jobs * 3:
                break
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                if future.exception() is not None:
                    raise _game_failed(future.exception())
                deliver(future.result())
                chunk = next(chunks, None)
                if chunk is not None:
                    pending.add(pool.submit(play_chunk, spec.scenario, spec.choices, chunk))
    except KeyboardInterrupt:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)  # the running chunks finish: at most a few seconds
        for future in pending:
            if future.done() and not future.cancelled() and future.exception() is None:
                deliver(future.result())
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def connect_dask(address: str):
    """A ``distributed.Client`` of the scheduler at ``address``; :class:`BatchError` if it cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise BatchError("--dask needs the 'distributed' package: pip install 'syria-wargame[batch]'") from None
    try:
        return Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:  # refused, timed out, or not an address
        raise BatchError(f"--dask: cannot reach a Dask scheduler at {address} ({exc})") from None


def _run_dask(spec: BatchSpec, deliver: Callable[[list[tuple[int, Row]]], None], dask) -> None:
    from distributed import as_completed

    client = connect_dask(dask) if isinstance(dask, str) else dask
    try:
        threads = max(1, sum(client.nthreads().values()))
        chunks = _chunks(spec, chunk_size(spec.total, threads))
        first = [chunk for _, chunk in zip(range(threads * 3), chunks)]
        running = as_completed([client.submit(play_chunk, spec.scenario, spec.choices, c, pure=False)
                                for c in first], loop=client.loop)
        try:
            for future in running:
                if future.status == "error":
                    raise _game_failed(future.exception())
                deliver(future.result())
                future.release()
                chunk = next(chunks, None)
                if chunk is not None:
                    running.add(client.submit(play_chunk, spec.scenario, spec.choices, chunk, pure=False))
        except KeyboardInterrupt:
            left = list(running.futures)
            running.clear()
            client.cancel(left)  # the cluster stops what it has not started
            raise
    finally:
        if dask is not client:
            client.close()
