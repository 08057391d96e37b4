"""``wargame batch``: seeds and plans, clear errors, rows equal to a sequential run, files pandas reads, Ctrl+C."""
from __future__ import annotations

import csv
import io
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wargame.batch import (BatchError, BatchSpec, MoscowChoice, batch_columns, parse_plan_names, parse_seeds,
                           run_batch)
from wargame.batch_output import CsvSink, Progress
from wargame.engine import Game
from wargame.factions import FACTION_IDS
from wargame.indicators import NAMES
from wargame.orders import load_orders_file
from wargame.summary import KEY_PLACES
from tests.helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[2]
ORDERS = ROOT / "wargame" / "scenarios" / "syria_2017" / "orders" / "astana.toml"
PLANS = ("deal", "hardline")
SEEDS = (1, 2, 3)




def batch_args(moscow: str, seeds: str, out: Path | str, *extra: str) -> list[str]:
    return ["batch", "--scenario", "syria-2017", "--moscow", moscow, "--seeds", seeds, "--out", str(out), *extra]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def game():
    return Game.load("syria-2017")


@pytest.fixture(scope="module")
def sequential(game) -> list[dict]:
    """deal and hardline over seeds 1-3, played one after another in this process, in batch order."""
    spec = BatchSpec("syria-2017", tuple(MoscowChoice(p, policy=p) for p in PLANS), SEEDS)
    rows: dict[int, dict] = {}
    assert run_batch(spec, rows.__setitem__, jobs=1) == 6
    return [rows[i] for i in range(6)]


def csv_text(rows: list[dict], columns: list[str], tmp_path: Path) -> str:
    path = tmp_path / "expected.csv"
    sink = CsvSink(str(path), columns)
    for row in rows:
        sink.write(row)
    sink.close()
    return path.read_text()


# -- arguments ------------------------------------------------------------------------------
def test_seeds_ranges_lists_and_mixes():
    assert parse_seeds("1-5") == (1, 2, 3, 4, 5)
    assert parse_seeds("1,5,9") == (1, 5, 9)
    assert parse_seeds(" 0-2, 7 ,2-3") == (0, 1, 2, 7, 3)
    assert parse_seeds("4-4") == (4,)
    assert len(parse_seeds("1-2000")) == 2000


@pytest.mark.parametrize("text, says", [
    ("5-1", "runs backwards"), ("x", "'x' is not a seed"), ("", "empty"), ("  ", "empty"), ("1,,2", "not a seed"),
    ("-3", "not a seed"), ("1-2-3", "not a seed"), ("1.5", "not a seed"), ("0-999999999999", "at most 1,000,000"),
    ("1-600000,1-600000", "at most 1,000,000"),
])
def test_bad_seeds_are_refused(text, says):
    with pytest.raises(BatchError, match="--seeds") as caught:
        parse_seeds(text)
    assert says in str(caught.value)


def test_plan_lists():
    assert parse_plan_names("deal, hardline,x.toml") == ["deal", "hardline", "x.toml"]
    with pytest.raises(BatchError, match="empty entry"):
        parse_plan_names("deal,")
    with pytest.raises(BatchError, match="deal given more than once"):
        parse_plan_names("deal,hardline,deal")


@pytest.mark.parametrize("moscow, seeds, out, says", [
    ("deal", "5-1", "r.csv", "--seeds: the range 5-1 runs backwards"),
    ("deal", "x", "r.csv", "--seeds: 'x' is not a seed"),
    ("deal", "", "r.csv", "--seeds: empty"),
    ("deal", "1-99999999", "r.csv", "at most 1,000,000 games"),
    ("deal,hardline,chips", "1-400000", "r.csv", "3 plans x 400,000 seeds is more than 1,000,000 games"),
    ("putin", "1", "r.csv", "--moscow: 'putin' is neither a policy"),
    ("deal,missing.toml", "1", "r.csv", "--moscow: 'missing.toml' is neither a policy"),
    ("deal", "1", "no-such-folder/r.csv", "--out: folder"),
    ("deal", "1", "a-folder.csv", "is a folder"),
    ("deal", "1", "r.json", "must end in .parquet or .csv"),
    ("deal", "1", "r", "must end in .parquet or .csv"),
    ("deal", "1", "", "--out: empty path"),
])
def test_bad_arguments_give_one_clear_line_and_exit_2(moscow, seeds, out, says, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-folder.csv").mkdir()
    status, stdout, err = run(batch_args(moscow, seeds, out), capsys)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("wargame: error: ") and says in err, err
    assert "Traceback" not in err and stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.csv"]  # nothing written


@pytest.mark.parametrize("extra, says", [(["--jobs", "0"], "wargame: error: --jobs: must be 1-1024, got 0\n"),
                                         (["--jobs", "two"], "wargame: error: --jobs: must be a whole number, got 'two'\n"),
                                         (["--jobs", "2", "--dask", "tcp://x:1"], "not allowed with")])
def test_bad_jobs_are_usage_errors(extra, says, tmp_path, capsys):
    status, _, err = run(batch_args("deal", "1", tmp_path / "r.csv", *extra), capsys)
    assert status == 2 and says in err
    if "--jobs" in says:  # a refused value: one line, like every other error (no usage block)
        assert err == says


def test_parquet_without_pyarrow_says_how_to_get_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # an import of pyarrow now fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    status, _, err = run(batch_args("deal", "1", tmp_path / "r.parquet"), capsys)
    assert status == 2 and err.count("\n") == 1
    assert "pip install 'syria-wargame[batch]'" in err and "--out" in err and ".csv" in err
    assert not (tmp_path / "r.parquet").exists()


def test_an_unreachable_cluster_is_one_clear_error(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("wargame.batch.DASK_CONNECT_TIMEOUT", "1s")
    status, _, err = run(batch_args("deal", "1", tmp_path / "r.csv", "--dask", "tcp://127.0.0.1:1"), capsys)
    assert status == 2 and "--dask: cannot reach a Dask scheduler at tcp://127.0.0.1:1" in err
    assert not (tmp_path / "r.csv").exists()


# -- rows -----------------------------------------------------------------------------------
def test_a_row_has_every_documented_column(game, sequential):
    columns = batch_columns(game)
    assert len(columns) == len(set(columns))
    for name in ("policy", "seed", "verdict", "score", "turns", "state_hash"):
        assert name in columns
    assert {f"end_{n}" for n in NAMES} <= set(columns)
    assert {f"area_t{t}_{f}" for t in (6, 12, 18) for f in FACTION_IDS} <= set(columns)
    assert [c for c in columns if c.startswith("changed_")] == [f"changed_{p}" for p in KEY_PLACES]
    assert [(r["policy"], r["seed"]) for r in sequential] == [(p, s) for s in SEEDS for p in PLANS]
    for row in sequential:
        assert list(row) == columns
        assert row["score"] == sum(row[c] for c in columns if c.startswith("points_"))
        for turn in (6, 12, 18):
            assert sum(row[f"area_t{turn}_{f}"] for f in FACTION_IDS) == pytest.approx(100, abs=0.01)
        changed = [row[f"changed_{p}"] for p in KEY_PLACES]
        assert all(c is None or 1 <= c <= row["turns"] for c in changed)
        assert len(row["state_hash"]) == 64
    assert len({r["state_hash"] for r in sequential}) == 6


def test_local_processes_write_the_sequential_rows_and_a_summary(sequential, game, tmp_path, capsys):
    out = tmp_path / "results.csv"
    status, stdout, err = run(batch_args("deal,hardline", "1-3", out, "--jobs", "2"), capsys)
    assert status == 0, err
    assert out.read_text() == csv_text(sequential, batch_columns(game), tmp_path)  # same rows, same order
    assert "played 6 of 6 games" in err and "\r" not in err  # not a terminal: one closing line
    assert "6 of 6 games (2 plans x 3 seeds) on 2 local processes" in stdout
    assert "deal: 3 games" in stdout and "hardline: 3 games" in stdout and "mean score" in stdout
    assert "deal - hardline" in stdout and "paired over 3 seeds" in stdout
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(out)
    assert frame.shape == (6, len(batch_columns(game)))
    assert list(frame["seed"]) == [1, 1, 2, 2, 3, 3]


def test_parquet_reads_back_with_pandas(sequential, game, tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "results.parquet"
    status, _, err = run(batch_args("deal,hardline", "1-2", out, "--jobs", "1"), capsys)
    assert status == 0, err
    table = pq.read_table(out)
    assert table.column_names == batch_columns(game)
    assert table.to_pylist() == sequential[:4]
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(out)
    assert len(frame) == 4 and str(frame["score"].dtype) == "int64" and str(frame["end_isis_strength"].dtype) == "float64"


def test_an_orders_file_is_a_plan(game, tmp_path, capsys):
    out = tmp_path / "results.csv"
    status, stdout, err = run(batch_args(f"deal,{ORDERS}", "4", out, "--jobs", "1"), capsys)
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["policy"] for r in rows] == ["deal", str(ORDERS)]
    from wargame.play import plan_source, play_game
    played = play_game(game, 4, plan_source(load_orders_file(ORDERS)))
    assert rows[1]["state_hash"] == played.final.state_hash() and int(rows[1]["score"]) == played.outcome.score


# -- progress and Ctrl+C --------------------------------------------------------------------
class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_rate_and_time_left():
    now = [0.0]
    stream = _Terminal()
    progress = Progress(100, stream, clock=lambda: now[0])
    now[0] = 2.0
    progress.update(10)
    assert stream.getvalue().startswith("\r[##") and "10/100 games  5.0 games/s  0:18 left" in stream.getvalue()
    now[0] = 20.0
    progress.update(100)
    assert progress.finish().startswith("played 100 of 100 games in 0:20 (5.0 games/s)")
    quiet = io.StringIO()
    progress = Progress(3, quiet, clock=lambda: now[0])
    progress.update(1)
    assert quiet.getvalue() == ""
    progress.finish(interrupted=True)
    assert quiet.getvalue().startswith("stopped after 1 of 3 games")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_ctrl_c_keeps_the_games_played(suffix, sequential, tmp_path):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"results{suffix}"
    marker = tmp_path / "results.csv" if suffix == ".csv" else None
    command = [sys.executable, "-c", "import sys; from wargame.cli import main; sys.exit(main())",
               *batch_args("deal,hardline", "1-500", out, "--jobs", "2")]
    proc = subprocess.Popen(command, cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 40
        # CSV rows land as they are played; Parquet's row groups only at the end, so give it a few seconds
        while time.monotonic() < deadline:
            if marker is not None and marker.exists() and marker.read_text().count("\n") >= 5:
                break
            if marker is None and time.monotonic() > deadline - 34:
                break
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=40)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "stopped after" in stderr and "Traceback" not in stderr and "[stopped early]" in stdout
    if suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
    else:
        import pyarrow.parquet as pq
        rows = pq.read_table(out).to_pylist()
    assert (4 if suffix == ".csv" else 1) <= len(rows) < 1000
    played = int(stdout.split(" of 1,000 games")[0].rsplit(" ", 1)[-1])
    assert played == len(rows)
    for row, expected in zip(rows, sequential):  # the first games are complete and the same as ever
        assert row["state_hash"] == expected["state_hash"] and int(row["seed"]) == expected["seed"]


def test_a_game_that_fails_names_its_plan_and_seed(monkeypatch):
    from wargame.orders import OrdersError

    def refuse(game, seed, source):
        raise OrdersError("turn 3: not enough political capital")

    monkeypatch.setattr("wargame.play.play_game", refuse)
    spec = BatchSpec("syria-2017", (MoscowChoice("deal", policy="deal"),), (5,))
    with pytest.raises(BatchError, match="deal, seed 5: turn 3: not enough political capital") as caught:
        run_batch(spec, lambda index, row: None)
    assert pickle.loads(pickle.dumps(caught.value)).args == caught.value.args  # it crosses process boundaries
