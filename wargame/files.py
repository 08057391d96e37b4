"""Reading data files with errors that say which file and what is wrong.

Every loader in the project (boards, scenarios, rules, orders, map data)
goes through these, so a missing, unreadable or malformed file is always
reported the same way: ``<path>: <what> not found``, ``<path>: cannot read
<what> (...)``, ``<path>: line L, column C: invalid JSON (...)`` or
``<path>: invalid TOML (...)``.
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any


def read_text(path: str | Path, what: str, error: type[Exception]) -> str:
    """The file's text (UTF-8), or ``error`` naming the path."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read {what} ({exc})") from None


def read_json(path: str | Path, what: str, error: type[Exception]) -> Any:
    """Parsed JSON, or ``error`` naming the path (and line and column for syntax errors)."""
    text = read_text(path, what, error)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg})") from None


def read_toml(path: str | Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """Parsed TOML, or ``error`` naming the path."""
    text = read_text(path, what, error)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: invalid TOML ({exc})") from None


def write_text_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` so that ``path`` holds either its old content or the new, never half.

    The text goes to a temporary file in the same folder, is flushed and
    fsynced, gets the permissions a plain new file would have, and replaces
    ``path`` in one rename.
    """
    import os
    import tempfile

    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
