"""Autosaves and crash recovery, in the platform's app-data folder.

After every turn the window writes the game record to
``<app data>/autosave/`` (atomically, through :func:`wargame.record.save_record`)
and keeps the newest five. The window takes the record's text at once and has
it written on a worker thread (:meth:`Autosaver.save_in_background`): the
atomic write's fsyncs kept End Turn waiting about ten milliseconds. While the
window is open a marker file holds its process id; a marker left by a process
that is gone means the last session crashed, and the window offers to recover
the newest autosave.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal

from wargame.record import EXTENSION, GameRecord, RecordError, record_text, save_record, write_record_text

KEEP = 5
MARKER = "running.pid"


def app_data_dir() -> Path:
    """The platform's folder for this application's data (created if needed)."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Autosaver(QObject):
    """Writes a record after each turn into one folder and keeps the newest :data:`KEEP` files."""

    failed = Signal(str)  # a write on the worker thread failed (delivered on the window's thread)

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = Path(folder) if folder is not None else app_data_dir() / "autosave"
        self._writer: ThreadPoolExecutor | None = None  # one thread: autosaves are written in turn
        self._last: Future | None = None

    def files(self) -> list[Path]:
        """Autosaves, newest first."""
        if not self.folder.is_dir():
            return []
        found = [p for p in self.folder.glob(f"*{EXTENSION}") if p.is_file() and not p.is_symlink()]
        return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)

    def save(self, record: GameRecord) -> Path:
        """Write ``record`` as a new autosave and delete all but the newest few; returns the file."""
        path = self._new_path(record)
        source = record.source
        save_record(path, record)
        record.source = source  # an autosave is not where the user saved the game
        self._prune()
        return path

    def save_in_background(self, record: GameRecord) -> Path:
        """Take the text of ``record`` now (:class:`RecordError` at once if it is malformed) and write
        it, then prune, on the worker thread; a failed write is reported by :attr:`failed`. Returns
        the file it will be."""
        path = self._new_path(record)
        text = record_text(path, record)
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._last = self._writer.submit(self._write, path, text)
        return path

    def _write(self, path: Path, text: str) -> None:
        try:
            write_record_text(path, text)
            self._prune()
        except (RecordError, OSError) as exc:  # never lose the game over an autosave: say so and go on
            self.failed.emit(str(exc))

    def wait(self) -> None:
        """Block until the autosaves handed to the worker are written (closing, tests)."""
        if self._last is not None:
            self._last.result()  # written one after another: the last one done means all are

    def _new_path(self, record: GameRecord) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return self.folder / (f"autosave-{stamp}-{time.monotonic_ns() % 10**6:06d}-{record.id[:8]}"
                              f"-turn{record.last_turn:02d}{EXTENSION}")

    def _prune(self) -> None:
        for old in self.files()[KEEP:]:
            old.unlink(missing_ok=True)

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
