"""The CLI's outputs and inputs on special files: devices, FIFOs, symlinks, long paths and a failing stdout.

Every special file is made in tmp_path (mknod, mkfifo, symlink); the games
are short so the whole module runs in a few seconds.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.test_files_safety import start_fifo_reader
from tests.helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[2]




def play(*extra: str, moscow: str = "deal") -> list[str]:
    return ["play", "--scenario", "syria-2017", "--seed", "2", "--moscow", moscow, *extra]


def null_device(folder: Path) -> Path:
    path = folder / "null"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


@pytest.mark.parametrize("option", ["--json", "--save"])
def test_output_onto_a_device_leaves_it_a_device(option, tmp_path, capsys):
    node = null_device(tmp_path)
    status, _, err = run(play(option, str(node)), capsys)
    assert status == 0, err
    info = node.stat()
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


@pytest.mark.parametrize("option", ["--json", "--save"])
def test_output_onto_a_fifo_with_a_reader_goes_to_the_reader(option, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = start_fifo_reader(fifo)
    status, _, err = run(play(option, str(fifo)), capsys)
    reader.join(10)
    assert status == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"".join(received).startswith(b"{") and b"".join(received).endswith(b"}\n")


@pytest.mark.parametrize("option", ["--json", "--save"])
def test_output_onto_a_fifo_without_a_reader_is_a_clear_error(option, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    status, _, err = run(play(option, str(fifo)), capsys)
    assert status == 2 and "no reader" in err and "Traceback" not in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("option", ["--json", "--save"])
def test_output_onto_a_symlink_writes_the_target_and_keeps_the_link(option, tmp_path, capsys):
    target = tmp_path / "real.out"
    target.write_text("old\n")
    link = tmp_path / "link.out"
    os.symlink(target, link)
    status, _, err = run(play(option, str(link)), capsys)
    assert status == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("{")


@pytest.mark.parametrize("make", [
    lambda d: (os.mkfifo(d / "in"), d / "in")[1],
    lambda d: (os.mknod(d / "in", 0o666 | stat.S_IFCHR, os.makedev(1, 5)), d / "in")[1],  # like /dev/zero
])
@pytest.mark.parametrize("command", ["orders", "verify", "replay"])
def test_a_fifo_or_device_as_input_is_refused_at_once(make, command, tmp_path, capsys):
    path = str(make(tmp_path))
    argv = play(moscow=path) if command == "orders" else [command, path]
    status, out, err = run(argv, capsys)
    assert status == 2 and not out
    assert path in err and "not a regular file" in err and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (play("--json", ""), "--json: empty path"),
    (play("--save", ""), "--save: empty path"),
    (play("--save", "-"), "--save: give a file name"),
    (play("--full-events"), "--full-events only applies with --json"),
    (play("--json", "a" * 5000), "--json: the path is too long (5000 characters)"),
    (play("--save", "a" * 5000), "--save: the path is too long (5000 characters)"),
    (play("--json", "x/" * 2500 + "g.json"), "--json: the path is too long"),
    (play(moscow="p" * 5000), "--moscow: the path is too long (5000 characters)"),
    (["verify", "r" * 5000], "the path is too long"),
    (["replay", "nowhere.syriawar"], "nowhere.syriawar: game record not found"),
    (play("--save", "no/such/folder/g.syriawar"), "--save: folder no/such/folder does not exist"),
    (play("--json", "g.out", "--save", "./g.out"), "--json and --save name the same file"),
])
def test_bad_output_options_are_clear_errors(argv, message, capsys):
    status, out, err = run(argv, capsys)
    assert status == 2 and not out
    assert message in err and "Traceback" not in err and len(err) < 400


def test_deeply_nested_orders_file_is_one_clear_line(tmp_path, capsys):
    plan = tmp_path / "plan.toml"
    plan.write_text("[default]\nactions = " + "[" * 5000 + "]" * 5000 + "\n")
    status, _, err = run(play(moscow=str(plan)), capsys)
    assert status == 2 and f"{plan}: orders file is nested too deeply" in err
    assert err.count("\n") == 1


def _cli(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "wargame.cli", *args], env=env, cwd=ROOT, timeout=120, **kwargs)


@pytest.mark.parametrize("argv", [["show", "--scenario", "syria-2017"], play("--json", "-")])
def test_stdout_on_a_full_device_is_one_clear_error(argv, tmp_path):
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    with open(full, "w") as stdout:
        result = _cli(argv, stdout=stdout, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2
    assert result.stderr == "wargame: error: cannot write to standard output (no space left on the device)\n"
    assert stat.S_ISCHR(full.stat().st_mode)


def test_stdout_into_a_closed_pipe_is_one_clear_error():
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = _cli(["show", "--scenario", "syria-2017"], stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    assert result.returncode == 2
    assert result.stderr == "wargame: error: cannot write to standard output (the reader closed the pipe)\n"
