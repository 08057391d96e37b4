"""wargame.files: what reading and writing do with regular files, links, devices, FIFOs, sockets and bad data.

Devices are made with mknod in tmp_path (1,3 is the null device, 1,5 zero,
1,7 full); nothing here touches a system path.
"""
from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from wargame.files import (MAX_BYTES, UnsafeFileError, read_bytes, read_json, read_text, read_toml, shown,
                           write_text_atomically)


class Bad(ValueError):
    pass


def char_device(folder: Path, name: str, minor: int) -> Path:
    path = folder / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


def in_thread(function, *args, timeout: float = 5.0):
    """Run ``function`` in a thread; fail if it has not returned within ``timeout`` (a hang)."""
    box: dict = {}

    def run():
        try:
            box["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"{function.__name__} hung"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def start_fifo_reader(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A reader on ``fifo`` that is open before the writer comes (so the writer never sees "no reader").

    A FIFO read before any writer has connected returns end-of-file, so it
    waits for the first data and then reads to the writer's end-of-file.
    """
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)
    chunks: list[bytes] = []

    def read() -> None:
        try:
            for _ in range(2000):
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    chunks.append(chunk)
                elif chunks:
                    return
                else:
                    threading.Event().wait(0.005)
        finally:
            os.close(fd)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, chunks


# -- writing ---------------------------------------------------------------------------------------

def test_new_file_gets_the_usual_permissions_and_no_temporary_is_left(tmp_path):
    target = tmp_path / "game.syriawar"
    write_text_atomically(target, "hello\n")
    assert target.read_text() == "hello\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["game.syriawar"]


def test_replacing_a_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "game.syriawar"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    write_text_atomically(target, "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old\n")
    os.chmod(real, 0o600)
    link = tmp_path / "link.json"
    os.symlink(real, link)
    write_text_atomically(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n" and stat.S_IMODE(real.stat().st_mode) == 0o600


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    os.symlink(tmp_path / "later.json", link)
    write_text_atomically(link, "x\n")
    assert link.is_symlink() and (tmp_path / "later.json").read_text() == "x\n"


def test_a_character_device_is_written_through_and_stays_a_device(tmp_path):
    null = char_device(tmp_path, "null", 3)
    write_text_atomically(null, "anything\n" * 1000)
    info = null.stat()
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_full_device_raises_an_os_error_and_stays_a_device(tmp_path):
    full = char_device(tmp_path, "full", 7)
    with pytest.raises(OSError) as caught:
        write_text_atomically(full, "x")
    assert caught.value.strerror
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_fifo_with_a_reader_gets_the_text_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = start_fifo_reader(fifo)
    text = "line\n" * 50_000  # more than a pipe buffer: the writer must wait for the reader
    in_thread(write_text_atomically, fifo, text)
    reader.join(5)
    assert b"".join(received) == text.encode()
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_without_a_reader_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UnsafeFileError, match="FIFO with no reader"):
        in_thread(write_text_atomically, fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_directory_and_a_socket_are_refused(tmp_path):
    with pytest.raises(UnsafeFileError, match="directory"):
        write_text_atomically(tmp_path, "x")
    short = Path(os.path.relpath(tmp_path))  # AF_UNIX paths are limited to about 100 bytes
    sock = socket.socket(socket.AF_UNIX)
    try:
        try:
            sock.bind(str(short / "sock"))
        except OSError:
            pytest.skip("no short path for a Unix socket here")
        with pytest.raises(UnsafeFileError, match="socket"):
            write_text_atomically(tmp_path / "sock", "x")
        assert stat.S_ISSOCK((tmp_path / "sock").stat().st_mode)
    finally:
        sock.close()


def test_an_empty_or_overlong_path_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        write_text_atomically("", "x")
    with pytest.raises(OSError, match="NUL"):
        write_text_atomically(str(tmp_path / "a\0b"), "x")
    with pytest.raises(OSError) as caught:
        write_text_atomically(tmp_path / ("a" * 5000), "x")
    assert caught.value.strerror


# -- reading ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("make, kind", [
    (lambda d: (os.mkfifo(d / "in"), d / "in")[1], "FIFO"),
    (lambda d: char_device(d, "in", 5), "character device"),
    (lambda d: d, "directory"),
])
def test_reading_anything_but_a_regular_file_is_refused_at_once(tmp_path, make, kind):
    path = make(tmp_path)
    with pytest.raises(Bad) as caught:
        in_thread(read_text, path, "orders file", Bad, timeout=2)
    message = str(caught.value)
    assert message.startswith(f"{path}: orders file is a") and kind in message and "\n" not in message


def test_a_symlink_to_a_fifo_is_refused_too(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "pipe", tmp_path / "plan.toml")
    with pytest.raises(Bad, match="FIFO"):
        in_thread(read_text, tmp_path / "plan.toml", "orders file", Bad, timeout=2)


def test_an_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 50 MB written
    with pytest.raises(Bad, match="over the 50 MB limit"):
        read_json(big, "game record", Bad)
    small = tmp_path / "small.json"
    small.write_text("[1, 2, 3]")
    with pytest.raises(Bad, match="limit"):
        read_bytes(small, "game record", Bad, limit=4)


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("[" + "9" * 5000 + "]", "a number is too large"),
    ("[NaN]", "NaN is not a number JSON allows"),
    ('{"a": Infinity}', "Infinity"),
    ('{"a": 1', "line 1, column 8: invalid JSON"),
    ('{"a": "abc', "(Unterminated string starting here); the file ends too early"),  # a save cut short
    ('{"a" 1}', "(Expecting ':' delimiter)"),
])
def test_bad_json_gets_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(Bad) as caught:
        read_json(path, "game record", Bad)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value) and not str(caught.value).endswith(" at)")
    assert ("too early" in str(caught.value)) == (text in ('{"a": 1', '{"a": "abc'))  # cut short, and said so


@pytest.mark.parametrize("text, message", [
    ("a = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    ("a = " + "{b = " * 5000 + "1" + "}" * 5000, "nested too deeply"),
    ("a = " + "9" * 5000, "a number is too large"),
    ("a = [", "invalid TOML"),
])
def test_bad_toml_gets_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(Bad) as caught:
        read_toml(path, "orders file", Bad)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)


def test_not_utf8_and_missing_files(tmp_path):
    (tmp_path / "latin.toml").write_bytes(b"a = '\xe9'")
    with pytest.raises(Bad, match="not UTF-8"):
        read_text(tmp_path / "latin.toml", "orders file", Bad)
    with pytest.raises(Bad, match="orders file not found"):
        read_text(tmp_path / "none.toml", "orders file", Bad)
    with pytest.raises(Bad, match="cannot read"):
        read_text(str(tmp_path / "nul\0.toml"), "orders file", Bad)


def test_a_very_long_path_is_shortened_in_the_message(tmp_path):
    path = str(tmp_path / ("a" * 5000))
    with pytest.raises(Bad) as caught:
        read_text(path, "orders file", Bad)
    message = str(caught.value)
    assert len(message) < 300 and "too long" in message and "characters" in message
    assert shown("short") == "short"
