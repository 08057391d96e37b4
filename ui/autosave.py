"""Autosaves and crash recovery, in the platform's app-data folder.

After every turn the window writes the game record to
``<app data>/autosave/`` (atomically, through :func:`wargame.record.save_record`)
and keeps the newest five. While the window is open a marker file holds its
process id; a marker left by a process that is gone means the last session
crashed, and the window offers to recover the newest autosave.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from wargame.record import EXTENSION, GameRecord, save_record

KEEP = 5
MARKER = "running.pid"


def app_data_dir() -> Path:
    """The platform's folder for this application's data (created if needed)."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Autosaver:
    """Writes a record after each turn into one folder and keeps the newest :data:`KEEP` files."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else app_data_dir() / "autosave"

    def files(self) -> list[Path]:
        """Autosaves, newest first."""
        if not self.folder.is_dir():
            return []
        found = [p for p in self.folder.glob(f"*{EXTENSION}") if p.is_file() and not p.is_symlink()]
        return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)

    def save(self, record: GameRecord) -> Path:
        """Write ``record`` as a new autosave and delete all but the newest few; returns the file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"autosave-{stamp}-{time.monotonic_ns() % 10**6:06d}-{record.id[:8]}-turn{record.last_turn:02d}{EXTENSION}"
        source = record.source
        save_record(path, record)
        record.source = source  # an autosave is not where the user saved the game
        for old in self.files()[KEEP:]:
            old.unlink(missing_ok=True)
        return path

    def newest(self) -> Path | None:
        """The newest autosave, if any."""
        files = self.files()
        return files[0] if files else None


class SessionMarker:
    """A file that says a window is open; left behind, it says that window crashed."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (Path(folder) if folder is not None else app_data_dir()) / MARKER

    def crashed_before(self) -> bool:
        """True if a marker is left by a process that is no longer running."""
        try:
            pid = int(self.path.read_text(encoding="utf-8").strip() or "0")
        except (OSError, ValueError):
            return self.path.exists()
        return pid != os.getpid() and not _alive(pid)

    def claim(self) -> None:
        """Mark this process as running."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(str(os.getpid()), encoding="utf-8")

    def release(self) -> None:
        """A clean exit: remove the marker."""
        self.path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
