"""Safe reading and writing of every file the game touches (CLI and window alike).

Reading (:func:`read_bytes`, :func:`read_text`, :func:`read_json`,
:func:`read_toml`) refuses at once anything that is not a regular file (a
FIFO, a device, a directory, a socket), refuses files over
:data:`MAX_BYTES` before reading them, opens with ``O_NONBLOCK`` so a FIFO
swapped in after the check cannot hang it, and turns every problem into one
line that names the file: ``<path>: <what> not found``, ``<path>: cannot
read <what> (...)``, ``<path>: line L, column C: invalid JSON (...)``,
``<path>: invalid TOML (...)``, ``<path>: <what> is nested too deeply``.

Writing (:func:`write_text_atomically`) depends on what the path is:

* a regular file or a new path: atomic replace (a temporary file in the same
  folder, flushed and fsynced, given the old file's permissions, renamed over
  the target, then the folder fsynced), so a crash leaves the old content or
  the new, never half;
* a symlink: followed to its target, which is replaced as above; the link
  stays a link (a dangling link creates its target);
* a character device or a FIFO: written through, opened without ``O_CREAT``
  or ``O_TRUNC``, so ``/dev/null`` stays a device; a FIFO with no reader is
  refused at once instead of blocking;
* a block device, a socket or a directory: refused with a clear error.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import Any

MAX_BYTES = 50 * 1024 * 1024   # a full game's record is tens of KB; the board, about 1 MB
MAX_SHOWN_PATH = 120            # longer paths are shortened in messages


class UnsafeFileError(OSError):
    """A path that must not be read or written as asked (a FIFO to read, a socket to write ...)."""


def shown(path: str | os.PathLike[str]) -> str:
    """``path`` for a message: as given, or shortened (with its length) if very long."""
    text = os.fspath(path)
    if len(text) <= MAX_SHOWN_PATH:
        return text
    return f"{text[:40]}...{text[-40:]} ({len(text)} characters)"


def kind_of(mode: int) -> str:
    """A plain name of a file type: 'a directory', 'a FIFO', 'a character device' ..."""
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISREG, "a regular file")):
        if test(mode):
            return name
    return "a special file"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    return exc.strerror or str(exc)


def read_bytes(path: str | Path, what: str, error: type[Exception], limit: int = MAX_BYTES) -> bytes:
    """The content of a regular file of at most ``limit`` bytes, or ``error`` naming the path.

    Never blocks: the type is checked with ``os.stat`` before opening, the open
    is non-blocking and the opened file is checked again.
    """
    name = shown(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(f"{name}: {what} not found") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise error(f"{name}: cannot read {what} ({reason})") from None
    _check_readable(info, name, what, error, limit)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(f"{name}: cannot read {what} ({_reason(exc)})") from None
    try:
        _check_readable(os.fstat(fd), name, what, error, limit)  # it may have been swapped since the stat
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise error(f"{name}: {what} is larger than {limit // (1024 * 1024)} MB; refusing to read it")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"{name}: cannot read {what} ({_reason(exc)})") from None
    finally:
        os.close(fd)


def _check_readable(info: os.stat_result, name: str, what: str, error: type[Exception], limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{name}: {what} is {kind_of(info.st_mode)}, not a regular file; refusing to read it")
    if info.st_size > limit:
        megabytes = info.st_size / (1024 * 1024)
        raise error(f"{name}: {what} is {megabytes:.0f} MB, over the {limit // (1024 * 1024)} MB limit; "
                    f"refusing to read it")


def read_text(path: str | Path, what: str, error: type[Exception], limit: int = MAX_BYTES) -> str:
    """The file's text (UTF-8), or ``error`` naming the path."""
    data = read_bytes(path, what, error, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{shown(path)}: cannot read {what} (not UTF-8 text: byte {exc.start})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str, name: str, what: str, error: type[Exception]) -> Any:
    """Parse JSON text read from ``name``; one clear ``error`` line for every kind of bad input."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        # json says "Unterminated string starting at" and leaves the position to the numbers we give first.
        problem = exc.msg[:-3] + " here" if exc.msg.endswith(" at") else exc.msg
        cut = exc.msg.startswith("Unterminated") or exc.pos >= len(text.rstrip())
        why = "; the file ends too early, as if an interrupted save or copy cut it short" if cut else ""
        raise error(f"{name}: line {exc.lineno}, column {exc.colno}: invalid JSON ({problem}){why}") from None
    except RecursionError:
        raise error(f"{name}: {what} is nested too deeply") from None
    except ValueError as exc:  # a number with thousands of digits, NaN, Infinity
        problem = "a number is too large" if "digits" in str(exc) else str(exc)
        raise error(f"{name}: invalid JSON ({problem})") from None


def read_json(path: str | Path, what: str, error: type[Exception], limit: int = MAX_BYTES) -> Any:
    """Parsed JSON, or ``error`` naming the path (and line and column for syntax errors)."""
    return parse_json(read_text(path, what, error, limit), shown(path), what, error)


def read_toml(path: str | Path, what: str, error: type[Exception], limit: int = MAX_BYTES) -> dict[str, Any]:
    """Parsed TOML, or ``error`` naming the path."""
    text = read_text(path, what, error, limit)
    name = shown(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{name}: invalid TOML ({exc})") from None
    except RecursionError:
        raise error(f"{name}: {what} is nested too deeply") from None
    except ValueError as exc:  # a number with thousands of digits
        problem = "a number is too large" if "digits" in str(exc) else str(exc)
        raise error(f"{name}: invalid TOML ({problem})") from None


# -- writing -------------------------------------------------------------------------------------

def write_text_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` safely; see the module docstring for what each kind of path gets.

    Raises :class:`OSError` (an :class:`UnsafeFileError` for paths it refuses);
    a failed write leaves the old file and no temporary behind.
    """
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: str | Path, data: bytes) -> None:
    """Like :func:`write_text_atomically`, for bytes."""
    if os.fspath(path) == "":
        raise UnsafeFileError(errno.ENOENT, "empty path")
    if "\0" in os.fspath(path):
        raise UnsafeFileError(errno.EINVAL, "the path contains a NUL character")
    target = Path(os.path.realpath(path))  # a symlink is followed to its target; the link stays
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(target, info, data)
        return
    _replace(target, data, info)


def _write_through(target: Path, info: os.stat_result, data: bytes) -> None:
    """Write into a character device or a FIFO without replacing or truncating it."""
    mode = info.st_mode
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise UnsafeFileError(errno.EINVAL, f"it is {kind_of(mode)}; refusing to write to it")
    try:
        # Non-blocking open: a FIFO without a reader fails at once (ENXIO) instead of hanging.
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise UnsafeFileError(errno.ENXIO, "it is a FIFO with no reader") from None
        raise
    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)  # then write at the reader's pace
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes, old: os.stat_result | None) -> None:
    """Atomic replace of a regular file (or creation of a new one), keeping the old permissions."""
    folder = target.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name[:100]}.", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            if hasattr(os, "chown"):
                try:
                    os.chown(tmp, old.st_uid, old.st_gid)
                except OSError:
                    pass  # not allowed to give it away; the mode is what matters
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some file systems cannot fsync a folder, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
