"""``wargame batch --dask``: a batch sent to a Dask cluster gives row for row the local results."""
from __future__ import annotations

import csv
import io

import pytest

from wargame.batch import BatchSpec, MoscowChoice, run_batch
from wargame.cli import main

distributed = pytest.importorskip("distributed")

PLANS = ("deal", "hardline")
SEEDS = (1, 2, 3, 4)


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on this machine, closed after the module."""
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       host="127.0.0.1", silence_logs=50)
    try:
        yield cluster
    finally:
        cluster.close()


def test_a_cluster_batch_equals_the_local_one_row_by_row(cluster, tmp_path, capsys):
    local: dict[int, dict] = {}
    spec = BatchSpec("syria-2017", tuple(MoscowChoice(p, policy=p) for p in PLANS), SEEDS)
    assert run_batch(spec, local.__setitem__, jobs=1) == 8
    out = tmp_path / "cluster.csv"
    argv = ["batch", "--scenario", "syria-2017", "--moscow", ",".join(PLANS), "--seeds", "1-4", "--out", str(out),
            "--dask", cluster.scheduler_address]
    status = main(argv)
    stdout, err = capsys.readouterr()
    assert status == 0, err
    assert f"on the Dask cluster at {cluster.scheduler_address}" in stdout and "deal - hardline" in stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 8
    for index, row in enumerate(rows):
        expected = local[index]
        assert list(row) == list(expected)
        assert row == {k: "" if v is None else str(v) for k, v in expected.items()}, f"row {index} differs"


def test_run_batch_takes_an_address_too(cluster):
    rows: dict[int, dict] = {}
    spec = BatchSpec("syria-2017", (MoscowChoice("chips", policy="chips"),), (7,))
    assert run_batch(spec, rows.__setitem__, dask=cluster.scheduler_address) == 1
    assert rows[0]["policy"] == "chips" and rows[0]["seed"] == 7 and len(rows[0]["state_hash"]) == 64
